"""Bed search for the professional lane: slots in, SMS-sized answer out.

Called by `actions/bed_search.py` after the bed_search_form has gender, age, exploitation form and
the place found. Builds a registry `Profile`, runs the search, works out the responsible
municipality and renders the answer in the conversation's language.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from bot.registry import presenting
from bot.registry.model import Profile
from bot.registry.municipality import ResponsibilityCase, by_code, responsible_party
from bot.triage import needs, normalise

UNKNOWN = normalise.UNKNOWN


@dataclass(frozen=True)
class BedSearchReply:
    offers: Optional[str]  # ranked direct offers, or None when nothing fits
    decisions: Optional[str]  # places that need someone's decision
    bridging: Optional[str]  # the bridging ladder when nothing fits
    municipality: str
    warnings: Optional[str]
    nothing_fits: bool
    codes: tuple = ()  # shelter codes in the order shown: offers, then those needing a decision


def build_profile(gender: Optional[str], age, exploitation_form: Optional[str], found_place: Optional[str],
                  unsafe_places: Iterable[str] = (), needs_codes: Iterable[str] = (),
                  residence_status: Optional[str] = None) -> Profile:
    found = normalise.place(found_place)
    canonical_gender = normalise.gender(gender)
    form = normalise.exploitation_form(exploitation_form) or UNKNOWN
    unsafe, _ = normalise.unsafe_area(unsafe_places)
    return Profile(
        age=normalise.age(age),
        gender=None if canonical_gender in (None, UNKNOWN) else canonical_gender,
        exploitation_forms=normalise.FORMS_FOR[form],
        found_municipality=found.code if found else None,
        unsafe_municipalities=unsafe,
        residence_status=residence_status or UNKNOWN,
        **needs.profile_fields(needs_codes),
    )


def responsibility_text(profile: Profile, language: str) -> str:
    case = ResponsibilityCase(is_minor=profile.is_minor, residence_status=profile.residence_status,
                              found_municipalities=(profile.found_municipality,) if profile.found_municipality else ())
    answer = responsible_party(case)
    party = answer.party
    if answer.municipality_code:
        party = f"gemeente {by_code(answer.municipality_code).name}" if language == "nl" else \
            f"municipality of {by_code(answer.municipality_code).name}"
    flags = ", ".join(a.code for a in answer.ambiguities)
    return f"{party} ({answer.rule}{'; ' + flags if flags else ''})"


def run_bed_search(registry, profile: Profile, language: str) -> BedSearchReply:
    result = registry.search(profile)
    return BedSearchReply(
        offers=presenting.offers_text(result.offers, language) or None,
        decisions=presenting.offers_text(result.needs_decision, language, start=len(result.offers) + 1) or None,
        bridging=presenting.bridging_text(result, language) or None,
        municipality=responsibility_text(profile, language),
        warnings=presenting.warnings_text(result, language) or None,
        nothing_fits=result.nothing_fits,
        codes=tuple(o.shelter.code for o in result.offers) + tuple(o.shelter.code for o in result.needs_decision),
    )
