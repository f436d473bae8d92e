"""The professional lane after the search: "hold the first one", "why not Huis Hofvijver?", and
which missing profile fields are still decisive. Pure functions over the registry service.

The last answer is remembered in the `offers` slot as `{"codes": [...], "profile": {...}}`: the
shelter codes in the order shown and the registry categories of the profile (never free text),
so a hold or an explanation refers to exactly what the professional saw.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Dict, List, Optional, Sequence

from bot.registry.confirmation import profile_from_json, profile_to_json
from bot.registry.model import Profile, ShelterRecord
from bot.registry.service import Registry

_ORDINALS = {
    "eerste": 1, "first": 1, "1e": 1, "1ste": 1, "tweede": 2, "second": 2, "2e": 2, "2de": 2, "derde": 3,
    "third": 3, "3e": 3, "3de": 3, "vierde": 4, "fourth": 4, "vijfde": 5, "fifth": 5,
    "pierwszy": 1, "pierwsze": 1, "primul": 1, "prima": 1, "primero": 1, "primera": 1, "primeiro": 1, "premier": 1,
    "premiere": 1, "drugi": 2, "segundo": 2, "deuxieme": 2,
}
_GENERIC = {
    "huis", "de", "het", "opvang", "vrouwenopvang", "mannenopvang", "wmo-plekken", "wmo", "plekken", "logement",
    "noodopvang", "spoedopvang", "noodbed", "centrum", "crisisbedden", "cosm", "omm", "nla-bedden", "nla",
    "overweeghuis", "maatschappelijke", "fictief", "van", "in", "shelter", "the",
}


def remembered(codes: Sequence[str], profile: Profile) -> Dict:
    return {"codes": list(codes), "profile": profile_to_json(profile)}


def remembered_profile(offers: Optional[Dict]) -> Optional[Profile]:
    if not offers or "profile" not in offers:
        return None
    return profile_from_json(offers["profile"])


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()


def chosen_offer(text: str, offers: Optional[Dict]) -> Optional[str]:
    """The shelter code the professional means by "hold the first one" / "nummer 2" / "hold it"."""
    codes = (offers or {}).get("codes") or []
    if not codes:
        return None
    words = re.findall(r"[a-z0-9]+", _plain(text))
    for word in words:
        number = int(word) if word.isdigit() else _ORDINALS.get(word)
        if number is not None:
            return codes[number - 1] if 1 <= number <= len(codes) else None
    if any(w in ("laatste", "last") for w in words):
        return codes[-1]
    return codes[0] if len(codes) == 1 else None


def shelter_named(text: str, shelters: Sequence[ShelterRecord]) -> Optional[ShelterRecord]:
    """The shelter whose distinctive name words (or code) appear in `text`; None when unclear."""
    plain = _plain(text)
    words = set(re.findall(r"[a-z0-9-]+", plain))
    best, best_score = None, 0
    for shelter in shelters:
        if shelter.code in words:
            return shelter
        own = {w for w in re.findall(r"[a-z0-9-]+", _plain(shelter.name)) if w not in _GENERIC and len(w) > 2}
        score = len(own & words)
        if score > best_score:
            best, best_score = shelter, score
        elif score == best_score and score:
            best = None if best and best.name != shelter.name else best
    return best


# --- decisiveness: ask only for what changes the answer ---------------------------------------

_CANDIDATES = {
    "gender": ("female", "male"),
    "age": (16, 30),
    "exploitation_form": (frozenset({"sexual_domestic", "sexual_cross_border"}), frozenset({"labour"}),
                          frozenset({"criminal"})),
}


def decisive(registry: Registry, profile: Profile, slot: str) -> bool:
    """Whether the unknown `slot` would change which places are offered (or who must decide)."""
    candidates = _CANDIDATES.get(slot)
    if not candidates:
        return True
    field = {"gender": "gender", "age": "age", "exploitation_form": "exploitation_forms"}[slot]
    answers = []
    for value in candidates:
        result = registry.search(replace(profile, **{field: value}), record_unmet=False)
        answers.append((tuple(o.shelter.code for o in result.offers),
                        tuple(o.shelter.code for o in result.needs_decision)))
    return len(set(answers)) > 1


def offer_codes(result) -> List[str]:
    return [o.shelter.code for o in result.offers] + [o.shelter.code for o in result.needs_decision]
