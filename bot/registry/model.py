"""Domain model of the shelter registry: plain, hashable values, free of the ORM.

`Profile` is what we know about the person who needs a place; `Policy` is one shelter's admission
policy (domain.md §2.4); `ShelterRecord` is a shelter as the matcher sees it. The matcher
(`bot.registry.matching`) works only on these values, so it can be tested without a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import FrozenSet, Optional, Tuple

# --- vocabularies (one name per concept across data, actions and tests) -----------------------

GENDERS = ("female", "male", "trans", "other")
BED_KINDS = ("crisis", "emergency", "regular")
EXPLOITATION_FORMS = (
    "sexual_domestic", "sexual_cross_border", "labour", "criminal", "organ_removal", "unknown",
)
SEXUAL_FORMS = frozenset({"sexual_domestic", "sexual_cross_border"})
RESIDENCE_STATUSES = (
    "dutch", "eu_union_rights", "third_country_lawful", "no_lawful_residence", "asylum_seeker",
    "dublin_indication", "b8_temporary_permit", "continued_residence", "unknown",
)
LAWFUL_STATUSES = frozenset({
    "dutch", "eu_union_rights", "third_country_lawful", "b8_temporary_permit", "continued_residence",
})
SHELTER_TYPES = (
    "cosm", "omm", "nla", "wmo", "mannenopvang", "vrouwenopvang", "maatschappelijke_opvang",
    "crisis", "specialist", "jeugdzorg", "jeugd_crisis", "gesloten_jeugdzorg", "bo",
    "amv_opvanggezin", "amv_kleinschalig", "azc", "beschermd_wonen", "detox", "groepsaccommodatie",
)
YOUTH_TYPES = frozenset({
    "jeugdzorg", "jeugd_crisis", "gesloten_jeugdzorg", "bo", "amv_opvanggezin", "amv_kleinschalig",
})
NATIONAL_TYPES = frozenset({"cosm", "omm", "nla"})
# Places municipalities fund for people with lawful residence (Wmo / Jeugdwet), rule R22.
MUNICIPAL_LAWFUL_TYPES = frozenset({
    "wmo", "maatschappelijke_opvang", "vrouwenopvang", "beschermd_wonen", "jeugdzorg", "jeugd_crisis",
    "gesloten_jeugdzorg",
})
TEMPORARY_TYPES = frozenset({"crisis", "nla", "jeugd_crisis"})
PLACEMENT_AUTHORITIES = ("comensha", "nla", "municipality", "shelter")
EXPERTISE_LEVELS = ("none", "basic", "specialist")
NEEDS = ("tonight", "follow_on")


@dataclass(frozen=True)
class Profile:
    """What is known about the person; `None`/empty means unknown, never "no"."""

    age: Optional[int] = None
    gender: Optional[str] = None
    residence_status: str = "unknown"
    reflection_period_offered: bool = False
    exploitation_forms: FrozenSet[str] = frozenset()
    relational_sphere: bool = False
    substance_use: bool = False
    addiction: bool = False
    needs_detox: bool = False
    post_detox: bool = False
    require_no_active_users: bool = False
    psychiatric: bool = False
    mild_intellectual_disability: bool = False
    behavioural_problems: bool = False
    mixed_victim_offender: bool = False
    offender_behaviour_shows: bool = False
    contact_with_network: bool = False
    unsafe_municipalities: FrozenSet[str] = frozenset()
    exploitation_municipality: Optional[str] = None
    found_municipality: Optional[str] = None
    brp_municipality: Optional[str] = None
    children: int = 0
    pregnant: bool = False
    pets: bool = False
    unaccompanied: bool = False
    has_wmo_indication: bool = False
    omm_application_approved: bool = False
    court_authorisation: bool = False
    need: str = "tonight"
    current_placement_type: Optional[str] = None

    def __post_init__(self) -> None:
        problems = []
        if self.age is not None and not 0 <= self.age <= 120:
            problems.append(f"age must be between 0 and 120, got {self.age}")
        if self.gender is not None and self.gender not in GENDERS:
            problems.append(f"gender must be one of {', '.join(GENDERS)}, got {self.gender!r}")
        if self.residence_status not in RESIDENCE_STATUSES:
            problems.append(f"residence_status must be one of {', '.join(RESIDENCE_STATUSES)}")
        unknown_forms = set(self.exploitation_forms) - set(EXPLOITATION_FORMS)
        if unknown_forms:
            problems.append(f"unknown exploitation forms: {', '.join(sorted(unknown_forms))}")
        if self.need not in NEEDS:
            problems.append(f"need must be one of {', '.join(NEEDS)}, got {self.need!r}")
        if self.children < 0:
            problems.append("children must not be negative")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18

    @property
    def multiproblematiek(self) -> bool:
        """Two or more problem areas (domain.md §2.3: derived)."""
        areas = (
            self.substance_use or self.addiction,
            self.psychiatric,
            self.mild_intellectual_disability,
            self.behavioural_problems,
        )
        return sum(areas) >= 2

    @property
    def bed_kinds(self) -> Tuple[str, ...]:
        """Tonight any bed counts; a follow-on place must be a regular bed (domain.md §2)."""
        return BED_KINDS if self.need == "tonight" else ("regular",)


@dataclass(frozen=True)
class Policy:
    """One shelter's admission policy: every attribute of domain.md §2.4 that decides admission."""

    genders_accepted: FrozenSet[str] = frozenset(GENDERS)
    min_age: int = 18
    max_age: Optional[int] = None
    residence_statuses_accepted: Optional[FrozenSet[str]] = None  # None: any status
    requires_reflection_period: bool = False
    exploitation_forms_accepted: Optional[FrozenSet[str]] = None  # None: any form
    requires_relational_sphere: bool = False
    residents_only: bool = False
    excludes_substance_use: bool = False
    excludes_addiction: bool = False
    excludes_psychiatric: bool = False
    reluctant_criminal_exploitation: bool = False
    excludes_mixed_offender_behaviour: bool = False
    accepts_children: bool = False
    accepts_pregnant: bool = False
    accepts_pets: bool = False
    active_users_present: bool = False
    requires_funding_guarantee: bool = False


@dataclass(frozen=True)
class Bed:
    kind: str
    capacity: int
    free: int
    updated_at: datetime
    updated_by: str = "unknown"


@dataclass(frozen=True)
class ShelterRecord:
    id: int
    code: str
    name: str
    type: str
    operator: str
    municipality: str  # CBS code; the street address is confidential and not in the registry
    region: str  # police unit
    phone_for_professionals: str
    placement_authority: str
    out_of_hours_intake: bool
    transport_available: bool
    trafficking_expertise: str
    ggz_partner: bool
    max_stay_days: Optional[int]
    staff_languages: FrozenSet[str]
    policy: Policy
    beds: Tuple[Bed, ...] = field(default_factory=tuple)
    is_bridging: bool = False
    fictional: bool = True

    @property
    def static_key(self) -> tuple:
        """Everything the location-independent rules look at; shelters sharing it share results."""
        return (self.type, self.policy, self.placement_authority, self.trafficking_expertise,
                self.max_stay_days, self.out_of_hours_intake)
