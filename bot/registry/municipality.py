"""Dutch municipalities (reference data) and the responsible-municipality function.

Two parts:

* Lookup of the 342 municipalities (gemeenten) of 1 January 2025, read lazily from
  ``data/municipalities.csv``: ``municipalities()``, ``by_code()``, ``resolve_place()``
  (free text such as "Den Haag" or "Amsterdm" to one municipality), ``resolve_area()``
  (a municipality, province or police unit to a set of municipality codes) and ``distance_km()``.
* ``responsible_party()``: which party is responsible for a victim's shelter, following the
  Commissie Lenferink recommendations as described in domain.md section 4.2. The answer is split per
  duty and carries the ambiguity flags A1-A12 of domain.md section 4.3, because the recommendations
  are not binding and leave several questions open.

Pure Python: no database, and no file is read at import time.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"

PROVINCES = ("Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
             "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg")
POLICE_UNITS = ("Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam",
                "Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg")
RESIDENCE_STATUSES = ("dutch", "eu_union_rights", "third_country_lawful", "no_lawful_residence", "asylum_seeker",
                      "dublin_indication", "b8_temporary_permit", "continued_residence", "unknown")
PLACEMENT_TYPES = ("cosm", "omm", "nla", "wmo", "vrouwenopvang", "mannenopvang", "maatschappelijke_opvang", "crisis",
                   "specialist", "jeugdzorg", "bo", "azc", "beschermd_wonen", "detox", "groepsaccommodatie",
                   "gesloten_jeugdzorg", "amv_opvanggezin", "amv_kleinschalig")
DUTIES = ("bed_and_care", "registration_and_benefit", "follow_up")

# Other names people use for a municipality, or for a town inside one (normalised like user input).
_ALIASES = {
    "den haag": "GM0518", "the hague": "GM0518", "hague": "GM0518", "la haye": "GM0518",
    "den bosch": "GM0796", "hertogenbosch": "GM0796", "bois le duc": "GM0796",
    "tietjerksteradeel": "GM0737", "zuidwest friesland": "GM1900", "noordoost friesland": "GM1970",
    "de friese meren": "GM1940", "nuenen": "GM0820", "bergen noord holland": "GM0373", "bergen limburg": "GM0893",
    "zaandam": "GM0479", "hoofddorp": "GM0394", "spijkenisse": "GM1930", "heerhugowaard": "GM1980",
    "langedijk": "GM1980", "brielle": "GM1992", "hellevoetsluis": "GM1992", "westvoorne": "GM1992",
    "weesp": "GM0363", "beemster": "GM0439", "uden": "GM1991", "cuijk": "GM1982", "boxmeer": "GM1982",
    "veghel": "GM1948", "sneek": "GM1900", "drachten": "GM0090", "emmeloord": "GM0171", "hoogezand": "GM1952",
    "delfzijl": "GM1979", "appingedam": "GM1979", "winschoten": "GM1895", "ijmuiden": "GM0453",
    "naaldwijk": "GM1783", "voorburg": "GM1916", "leidschendam": "GM1916", "sittard": "GM1883", "geleen": "GM1883",
    "bussum": "GM1942", "naarden": "GM1942", "maarssen": "GM1904", "zierikzee": "GM1676", "leerdam": "GM1961",
    "vianen": "GM1961", "geldermalsen": "GM1960", "groesbeek": "GM1945", "joure": "GM1940", "dokkum": "GM1970",
    "franeker": "GM1949", "steenwijk": "GM1708", "nijverdal": "GM0163", "den burg": "GM0448", "velp": "GM0275",
}
_PROVINCE_ALIASES = {"friesland": "Fryslân", "frisia": "Fryslân", "north holland": "Noord-Holland",
                     "south holland": "Zuid-Holland", "north brabant": "Noord-Brabant", "brabant": "Noord-Brabant",
                     "zealand": "Zeeland", "guelders": "Gelderland"}
_QUALIFIER = re.compile(r"^(?P<q>provincie|province of|province|gemeente|municipality of|municipality|stad|city of|"
                        r"politie eenheid|politie|regionale eenheid|eenheid|police unit|police) (?P<rest>.+)$")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    province: str
    police_unit: str
    lat: float
    lon: float

    @property
    def region(self) -> str:
        """The police unit; the registry calls this the shelter's region."""
        return self.police_unit


def _norm(text: str) -> str:
    """Lower case, no diacritics, punctuation to single spaces: "'s-Gravenhage" -> "s gravenhage"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """All municipalities, in file order (alphabetical by name)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(Municipality(r["code"], r["name"], r["province"], r["police_unit"], float(r["lat"]),
                                  float(r["lon"])) for r in csv.DictReader(handle))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Municipality]:
    return {m.code: m for m in municipalities()}


def by_code(code: str) -> Municipality:
    """The municipality with this CBS code ("GM0363"; "gm0363" and "0363" also work). Raises ValueError."""
    key = str(code).strip().upper()
    if key.isdigit():
        key = "GM" + key.zfill(4)
    found = _by_code().get(key)
    if found is None:
        raise ValueError(f"Unknown municipality code {code!r}: expected a CBS code such as 'GM0363' (Amsterdam)")
    return found


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    """Normalised name or alias -> code, plus the same keys without spaces."""
    index: dict[str, str] = {}
    bases: dict[str, set[str]] = {}
    for m in municipalities():
        index[_norm(m.name)] = m.code
        bases.setdefault(_norm(re.sub(r"\s*\([^)]*\)\s*$", "", m.name)), set()).add(m.code)
    for base, codes in bases.items():  # "Hengelo" for "Hengelo (O.)"; "Bergen" (two of them) maps to ""
        index.setdefault(base, next(iter(codes)) if len(codes) == 1 else "")
    index.update(_ALIASES)
    index.update({key.replace(" ", ""): code for key, code in list(index.items())})
    return index


def _within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by at most one insertion, deletion, substitution or adjacent swap."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    return a[i:] == b[i + 1:]


def resolve_place(text: str, *, loose: bool = True) -> Municipality | None:
    """The municipality meant by free text, or None if unknown or ambiguous ("Bergen" -> None).

    `loose` also accepts several words run together ("e de" is "ede") and one typing error
    ("amsterdm").
    A word in running text is not a place typed on purpose: there `loose=False` keeps "e de"
    (Romanian) from being Ede and "deve ter" (Portuguese) from being Deventer.
    """
    key = _norm(text or "")
    match = _QUALIFIER.match(key)
    if match and match["q"] in ("gemeente", "municipality of", "municipality", "stad", "city of"):
        key = match["rest"]
    if not key:
        return None
    index = _name_index()
    if not loose:
        code = index.get(key)
        return by_code(code) if code else None
    code = index.get(key, index.get(key.replace(" ", "")))
    if code is None and len(key) >= 6:
        hits = {c for name, c in index.items() if c and len(name) >= 6 and _within_one_edit(key, name)}
        code = hits.pop() if len(hits) == 1 else None
    return by_code(code) if code else None


def _province(key: str) -> str | None:
    return {_norm(p): p for p in PROVINCES}.get(key) or _PROVINCE_ALIASES.get(key)


def _police_unit(key: str) -> str | None:
    return {_norm(u): u for u in POLICE_UNITS}.get(key)


def resolve_area(text: str) -> frozenset[str] | None:
    """Codes of the municipalities in an area: a province, a municipality or a police unit (in that order).

    "Utrecht" or "Groningen" means the province; say "gemeente Utrecht" for the municipality and
    "eenheid Amsterdam" for the police unit. Province and police unit "Limburg" cover the same set.
    """
    key = _norm(text or "")
    match = _QUALIFIER.match(key)
    qualifier, key = (match["q"], match["rest"]) if match else ("", key)
    everything = municipalities()
    if qualifier in ("", "provincie", "province of", "province") and (prov := _province(key)):
        return frozenset(m.code for m in everything if m.province == prov)
    if qualifier in ("", "gemeente", "municipality of", "municipality", "stad", "city of"):
        place = resolve_place(key)
        if place is not None:
            return frozenset({place.code})
    if qualifier not in ("provincie", "province of", "province") and (unit := _police_unit(key)):
        return frozenset(m.code for m in everything if m.police_unit == unit)
    return None


def distance_km(a: Municipality, b: Municipality) -> float:
    """Great-circle (haversine) distance between two municipality centres, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# --- Responsibility (domain.md section 4) -------------------------------------------------------------

AMBIGUITY_TEXT = {
    "A1": "The Lenferink recommendations are not binding, so this municipality may follow a different or "
          "conflicting policy and must confirm that it accepts responsibility.",
    "A2": "The victim is not registered and no place of residence in the Netherlands can be established (for example "
          "homeless or living abroad), so the place where the victim was found is used instead.",
    "A3": "The victim was found in several municipalities and no rule says which of them is responsible, so the "
          "municipalities must agree who takes the case.",
    "A4": "After a placement outside the own region the origin and host municipality may each say the other must "
          "register the victim and pay the benefit, so agree all three duties in writing before placement.",
    "A5": "Funding is often disputed when a victim is placed outside the own region and small municipalities may be "
          "unable to pay, so get the financing confirmed even if a bed is free.",
    "A6": "The origin municipality may not cooperate on follow-up or housing when the victim returns, so the care "
          "coordinator must follow this up actively.",
    "A7": "National crisis beds (CTM) need a prior guarantee of financing and follow-up from the responsible "
          "municipality, so this answer must be confirmed before the victim is placed.",
    "A8": "The place where a victim is found or reports is rarely where the exploitation happened, and municipalities "
          "may refuse because the victim does not come from there.",
    "A9": "EU citizens with union-law rights are legally the municipality's responsibility under the Wmo or Jeugdwet, "
          "but municipalities do not always know this, so point out the legal basis.",
    "A10": "The residence status can change within weeks (COSM, B8 permit, asylum centre), which moves responsibility "
           "between national schemes and municipalities, so check again when the status changes.",
    "A11": "Housing urgency is decided locally, so the municipality of registration affects how quickly the victim "
           "can move on to own housing.",
    "A12": "For a minor the municipality is responsible under the Jeugdwet and each municipality buys youth care "
           "differently, so the specialised help available differs per municipality.",
}
_NATIONAL_PLACEMENTS = {"cosm": "CoMensha", "omm": "CoMensha", "nla": "NLA"}


@dataclass(frozen=True)
class Ambiguity:
    code: str
    text: str


@dataclass(frozen=True)
class ResponsibilityCase:
    placement_type: str | None = None
    placement_municipality: str | None = None
    is_minor: bool = False
    residence_status: str = "unknown"
    brp_municipality: str | None = None
    woonplaats: str | None = None
    found_municipalities: tuple[str, ...] = ()
    registered_after_placement: str | None = None


@dataclass(frozen=True)
class Responsibility:
    level: str  # "national" | "municipal"
    party: str
    municipality_code: str | None
    duties: dict[str, str | None]
    rule: str
    candidates: tuple[str, ...]
    ambiguities: tuple[Ambiguity, ...]
    needs_human_decision: bool

    @property
    def ambiguity_codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.ambiguities)


def _validated(case: ResponsibilityCase) -> ResponsibilityCase:
    if case.residence_status not in RESIDENCE_STATUSES:
        raise ValueError(f"Unknown residence_status {case.residence_status!r}; expected one of {RESIDENCE_STATUSES}")
    if case.placement_type is not None and case.placement_type not in PLACEMENT_TYPES:
        raise ValueError(f"Unknown placement_type {case.placement_type!r}; expected one of {PLACEMENT_TYPES}")

    def code(value: str | None, field: str) -> str | None:
        try:
            return None if value is None else by_code(value).code
        except ValueError as exc:
            raise ValueError(f"{field}: {exc}") from None

    return ResponsibilityCase(
        case.placement_type, code(case.placement_municipality, "placement_municipality"), bool(case.is_minor),
        case.residence_status, code(case.brp_municipality, "brp_municipality"), code(case.woonplaats, "woonplaats"),
        tuple(dict.fromkeys(code(c, "found_municipalities") for c in case.found_municipalities if c)),
        code(case.registered_after_placement, "registered_after_placement"))


def responsible_party(case: ResponsibilityCase) -> Responsibility:
    """Who is responsible for this victim's shelter, per duty, with the open questions flagged (domain.md 4.2)."""
    case = _validated(case)
    status, ptype = case.residence_status, case.placement_type
    flags = ["A9"] if status == "eu_union_rights" else []
    if status in ("b8_temporary_permit", "dublin_indication", "no_lawful_residence", "unknown"):
        flags.append("A10")

    def national(party: str, rule: str, human: bool = False) -> Responsibility:
        return Responsibility("national", party, None, {d: party for d in DUTIES}, rule, (),
                              tuple(Ambiguity(f, AMBIGUITY_TEXT[f]) for f in flags), human)

    # 0. National schemes come first.
    if ptype == "cosm" and status in ("asylum_seeker", "dublin_indication"):
        return national("COA (AZC)", "coa_azc: asylum seekers and Dublin claimants cannot use COSM; COA houses them",
                        human=True)
    if ptype in _NATIONAL_PLACEMENTS:
        return national(_NATIONAL_PLACEMENTS[ptype],
                        f"national_scheme: {ptype.upper()} places are arranged nationally, not by a municipality")
    if case.is_minor and status in ("no_lawful_residence", "asylum_seeker"):
        return national("Nidos + COA (BO)", "nidos_coa_bo: minors without lawful residence go to Nidos and COA "
                                            "(beschermde opvang)")
    if status in ("asylum_seeker", "dublin_indication"):
        return national("COA (AZC)", "coa_azc: asylum seekers and Dublin claimants are housed by COA")

    # 1. Municipal responsibility (Wmo for adults, Jeugdwet for minors): the base municipality.
    human = status == "unknown"
    found = case.found_municipalities
    flags.insert(0, "A1")
    if case.brp_municipality:
        base, rule = case.brp_municipality, "brp: the municipality where the victim is registered (Wmo/Jeugdwet)"
    elif case.woonplaats:
        base, rule = case.woonplaats, "lenferink_1: woonplaats leidend"
    elif found:
        base, rule = found[-1], "lenferink_2: municipality where the victim was found"
        flags.append("A8")
        if len(found) > 1:
            rule += " (found in several places; latest used provisionally)"
            flags.append("A3")
            human = True
    else:
        base, rule, human = None, "undetermined: no registration, woonplaats or finding place is known", True
    if not case.brp_municipality and not case.woonplaats:
        flags.append("A2")

    # 2. Supra-regional placement: origin stays responsible until the victim registers elsewhere.
    responsible = base
    supra = base is not None and case.placement_municipality not in (None, base)
    new = case.registered_after_placement
    if new and new != base:
        responsible, rule = new, "lenferink_3: the victim registered in this municipality after placement"
        flags.append("A11")
    elif supra:
        rule = "lenferink_3: the origin municipality stays responsible until the victim registers elsewhere"
        flags.append("A6")
    if supra:
        flags += ["A4", "A5"]
    if ptype in ("crisis", "specialist"):
        flags.append("A7")
        human = True
    if case.is_minor:
        flags.append("A12")

    extra = [base, case.woonplaats, case.brp_municipality, *found, case.placement_municipality if supra else None, new]
    candidates = tuple(dict.fromkeys(c for c in (responsible, *extra) if c))
    order = {code: i for i, code in enumerate(AMBIGUITY_TEXT)}
    ambiguities = tuple(Ambiguity(f, AMBIGUITY_TEXT[f]) for f in sorted(set(flags), key=order.__getitem__))
    party = by_code(responsible).name if responsible else "undetermined"
    return Responsibility("municipal", party, responsible, {d: responsible for d in DUTIES}, rule, candidates,
                          ambiguities, human)
