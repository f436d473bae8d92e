"""The victim and third-party lane (domain.md §3.6 A): which questions are still needed, how an
answer is read, and what happens at the end. Pure functions over slot values; no Rasa imports.

Questions, in order: V1 danger, V5 age, V2 safe tonight, V3 town, V4 unsafe places, V6 gender,
V12 children/pregnancy/pets/health, V14 consent: at most eight before a person takes over. Stop
early when it is urgent: immediate danger (112 and an immediate page) or a minor (youth route and
an immediate page) skip every remaining question.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Mapping, Optional, Tuple

from bot.triage import answers, needs as needs_reader, normalise

QUESTIONS = ("in_danger", "age", "safe_tonight", "found_place", "unsafe_places", "gender", "needs", "consent")
UNKNOWN = answers.UNKNOWN
LANES = ("victim", "third_party")


def lane(value: Optional[str]) -> str:
    return value if value in LANES else "victim"


def is_minor(age_value) -> bool:
    age = normalise.age(age_value) if age_value not in (None, UNKNOWN) else None
    return age is not None and age < 18


def urgent(slots: Mapping) -> Optional[str]:
    """'danger' or 'minor' when the remaining questions must be skipped, else None."""
    if slots.get("in_danger") == "yes":
        return "danger"
    if is_minor(slots.get("age")):
        return "minor"
    return None


def still_to_ask(slots: Mapping) -> List[str]:
    if urgent(slots):
        return []
    return [name for name in QUESTIONS if slots.get(name) is None]


# --- reading answers: each returns the slot value, or None to ask again ---------------------

def read_yes_no(text) -> Optional[str]:
    return answers.yes_no(text)


def read_age(text) -> Optional[str]:
    if answers.yes_no(text) == UNKNOWN:
        return UNKNOWN
    age = normalise.age(text)
    return str(age) if age is not None else None


def read_gender(text) -> Optional[str]:
    if answers.yes_no(text) == UNKNOWN:
        return UNKNOWN
    return normalise.gender(text)


def read_town(text) -> Optional[str]:
    """A municipality name, or 'unknown' when skipped. Unrecognised text → None (ask once more)."""
    if answers.yes_no(text) in (UNKNOWN, "no"):
        return UNKNOWN
    found = normalise.place(text)
    return found.name if found else None


def read_unsafe(values) -> Optional[List[str]]:
    """Unsafe places from an entity list or free text; ["none"] for "no", [] skipped."""
    if isinstance(values, str):
        values = [values]
    values = [str(v) for v in values or ()]
    if not values:
        return None
    if len(values) == 1:
        said = answers.yes_no(values[0])
        if said == "no":
            return ["none"]
        if said == UNKNOWN:
            return [UNKNOWN]
    codes, unknown = normalise.unsafe_area(values)
    if codes:
        return [v for v in values if v not in unknown]
    places = [normalise.place(v) for v in values]
    named = [p.name for p in places if p]
    return named or None


def read_needs(text, earlier: Iterable[str] = (), language: Optional[str] = None) -> Optional[List[str]]:
    said = answers.yes_no(text)
    if said == "no":
        return needs_reader.merge(earlier, needs_reader.Needs()) or ["none"]
    if said == UNKNOWN:
        return list(earlier) or [UNKNOWN]
    found = needs_reader.read(str(text or ""), language)
    codes = needs_reader.merge(earlier, found)
    return codes or ["told"]  # something was said that we could not classify: a person reads it later


def read_consent(text) -> Optional[str]:
    return answers.consent(text)


# --- the end of the lane ----------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    kind: str  # danger | minor | normal
    urgency: str  # immediate | tonight | normal (bot.handoff.packet.URGENCIES)
    needs: Tuple[str, ...]  # categories for the handoff packet, never free text
    region: Optional[str]


def outcome(slots: Mapping) -> Outcome:
    kind = urgent(slots) or "normal"
    if kind != "normal":
        urgency = "immediate"
    elif slots.get("safe_tonight") in ("no", UNKNOWN):
        urgency = "tonight"
    else:
        urgency = "normal"
    flags = [code for code in slots.get("needs") or () if not code.startswith("not:")
             and code not in ("none", UNKNOWN, "children:0")]
    if is_minor(slots.get("age")):  # also when the danger route came first
        flags.insert(0, "minor")
    if lane(slots.get("lane")) == "third_party":
        flags.append("reported_by_third_party")
    if slots.get("safe_tonight") == "no":
        flags.append("no_safe_place_tonight")
    if slots.get("unsafe_places") and slots["unsafe_places"] not in (["none"], [UNKNOWN]):
        flags.append("unsafe_region_named")
    consent = slots.get("consent")
    if consent in answers.CONSENT_TIERS:
        flags.append(f"consent:{consent}")
    return Outcome(kind, urgency, tuple(flags), _region(slots.get("found_place")))


def _region(town: Optional[str]) -> Optional[str]:
    """The police unit of the town: a region, never the town itself in the packet."""
    found = normalise.place(town) if town and town != UNKNOWN else None
    return found.region if found else None
