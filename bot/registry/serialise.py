"""JSON shapes of the registry: profiles in, search results out (CLI `--json` and the web API).

The schema is documented in docs/registry.md; change both together.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any, Dict, List

from bot.registry import rules as R
from bot.registry.matching import Offer, SearchResult
from bot.registry.model import Profile
from bot.registry.municipality import by_code, resolve_place
from bot.triage import normalise

_PLACE_KEYS = {"found_place": "found_municipality", "exploitation_place": "exploitation_municipality",
               "brp_place": "brp_municipality"}
_SET_KEYS = {"exploitation_forms"}
PROFILE_KEYS = {f.name for f in fields(Profile)} | set(_PLACE_KEYS) | {"unsafe_places"}


class ProfileError(ValueError):
    """The profile JSON is wrong; the message lists every problem."""


def profile_from_dict(data: Dict[str, Any]) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a JSON object")
    problems: List[str] = [f"unknown field {key!r}" for key in data if key not in PROFILE_KEYS]
    values: Dict[str, Any] = {}
    for key, value in data.items():
        if key in _PLACE_KEYS:
            place = resolve_place(str(value)) if value else None
            if value and place is None:
                problems.append(f"{key}: unknown Dutch municipality {value!r}")
            values[_PLACE_KEYS[key]] = place.code if place else None
        elif key == "unsafe_places":
            codes, unknown = normalise.unsafe_area(value if isinstance(value, list) else [value])
            problems += [f"unsafe_places: unknown place {u!r}" for u in unknown]
            values["unsafe_municipalities"] = codes | values.get("unsafe_municipalities", frozenset())
        elif key in _SET_KEYS or key == "unsafe_municipalities":
            values[key] = frozenset(value or ())
        elif key in PROFILE_KEYS:
            values[key] = value
    if problems:
        raise ProfileError("; ".join(problems))
    try:
        return Profile(**values)
    except (TypeError, ValueError) as exc:
        raise ProfileError(str(exc)) from None


def offer_to_dict(offer: Offer, language: str = "en") -> Dict[str, Any]:
    s = offer.shelter
    return {
        "code": s.code, "name": s.name, "type": s.type, "municipality": by_code(s.municipality).name,
        "region": s.region, "free": offer.free, "age_minutes": offer.age_minutes, "freshness": offer.freshness,
        "phone": s.phone_for_professionals, "out_of_hours_intake": s.out_of_hours_intake,
        "placement_authority": s.placement_authority, "decider": offer.decider,
        "decision_rules": [{"rule": r, "reason": R.explain(r, language)} for r in offer.decision_rules],
        "soft_rules": list(offer.soft_rules), "warnings": [{"rule": r, "text": R.explain(r, language)}
                                                           for r in offer.warnings],
        "score": round(offer.score, 3), "distance_km": offer.distance_km, "fictional": s.fictional,
    }


def result_to_dict(result: SearchResult, language: str = "en") -> Dict[str, Any]:
    return {
        "searched_at": result.searched_at.isoformat(),
        "nothing_fits": result.nothing_fits,
        "offers": [offer_to_dict(o, language) for o in result.offers],
        "needs_decision": [offer_to_dict(o, language) for o in result.needs_decision],
        "unconfirmed": [offer_to_dict(o, language) for o in result.unconfirmed],
        "waiting_list": [s.code for s in result.waiting_list],
        "excluded": {code: [{"rule": r, "reason": R.explain(r, language)} for r in rules]
                     for code, rules in sorted(result.excluded.items())},
        "warnings": [{"rule": r, "text": R.explain(r, language)} for r in result.warnings],
        "bridging": [{"option": b.option, "allowed": b.allowed, "text": b.text(language)} for b in result.bridging],
        "on_call": result.on_call,
    }
