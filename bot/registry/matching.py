"""Matching: which shelter has a fitting free bed for this person, and why the others do not.

Implements domain.md §2.6 over an in-memory `Snapshot` of the registry. Rules that depend only on
a shelter's type and admission policy are evaluated once per distinct policy (`evaluate_static`,
memoised), the location- and time-dependent rules (free beds, unsafe regions, residence-only,
distance, freshness) are evaluated for all shelters at once with numpy. That keeps a search over
5,000 shelters in milliseconds while still giving, for every shelter left out, the rules that
excluded it (`SearchResult.excluded`).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from bot.config import Settings
from bot.registry import rules as R
from bot.registry.bridging import BridgingStep, bridging_ladder
from bot.registry.model import (
    BED_KINDS, LAWFUL_STATUSES, MUNICIPAL_LAWFUL_TYPES, TEMPORARY_TYPES, YOUTH_TYPES, Profile,
    ShelterRecord,
)
from bot.registry.municipality import by_code

B = R.BIT
AMV_STATUSES = frozenset({"no_lawful_residence", "asylum_seeker"})
EXPERTISE_SCORE = {"none": 0.0, "basic": 1.0, "specialist": 2.0}
DECIDER_BY_AUTHORITY = {"comensha": "CoMensha", "nla": "NLA (Arbeidsinspectie)"}
DISTANT_KM = 100.0


@dataclass(frozen=True)
class StaticVerdict:
    hard: int
    exception: int
    score: float
    soft: Tuple[str, ...]
    warnings: Tuple[str, ...]


@lru_cache(maxsize=8192)
def evaluate_static(profile: Profile, static_key: tuple, nla_route_enabled: bool) -> StaticVerdict:
    """Rules that look only at the shelter's type and policy (memoised per distinct policy)."""
    kind, p, authority, expertise, max_stay, _ooh = static_key
    v = profile
    status, forms, known_gender = v.residence_status, v.exploitation_forms, v.gender
    hard = exc = 0
    score = EXPERTISE_SCORE.get(expertise, 0.0)  # R28
    soft: List[str] = ["R28"] if score else []
    warnings: List[str] = []

    if v.age is not None:
        if v.is_minor and kind not in YOUTH_TYPES:
            hard |= B["R07"]
        elif not v.is_minor and kind in YOUTH_TYPES and (p.max_age is None or v.age > p.max_age):
            hard |= B["R07"]
        elif v.age < p.min_age or (p.max_age is not None and v.age > p.max_age):
            hard |= B["S-AGE"]
    if known_gender and known_gender not in p.genders_accepted:
        hard |= B["R06"]
    amv = v.is_minor and v.unaccompanied and status in AMV_STATUSES
    if kind == "bo" and not amv:
        hard |= B["R08"]
    if kind == "amv_opvanggezin" and not (amv and v.age < 15):
        hard |= B["R38"]
    if kind == "amv_kleinschalig" and not (amv and v.age >= 15):
        hard |= B["R38"]
    if kind == "cosm":
        if status == "dublin_indication":
            hard |= B["R10"]
        elif status == "asylum_seeker":
            hard |= B["R13"]
        elif status in LAWFUL_STATUSES:
            exc |= B["R11"]
        elif status == "no_lawful_residence" and not v.reflection_period_offered:
            hard |= B["R09"]
        warnings.append("R12")
    if kind == "nla" and ("labour" not in forms or not nla_route_enabled):
        hard |= B["R14"]
    if kind == "groepsaccommodatie" and "labour" not in forms:
        hard |= B["R13"]
    if kind == "omm":
        if not v.multiproblematiek:
            hard |= B["R15"]
        elif not v.omm_application_approved:
            exc |= B["R15"]
        if p.excludes_substance_use and (v.substance_use or v.addiction):
            hard |= B["R16"]
        if v.needs_detox:
            exc |= B["R17"]
    if kind == "detox" and not v.needs_detox:
        hard |= B["R17"]
    if ((p.excludes_substance_use and v.substance_use) or (p.excludes_addiction and v.addiction)
            or (p.excludes_psychiatric and v.psychiatric)):
        hard |= B["R18"]
    if v.post_detox and p.active_users_present:
        if v.require_no_active_users:
            hard |= B["R19"]
        else:
            score -= 2.0
            soft.append("R19")
    if kind == "vrouwenopvang" and ((known_gender and known_gender != "female")
                                    or (p.requires_relational_sphere and not v.relational_sphere)):
        hard |= B["R20"]
    if kind == "mannenopvang" and known_gender and known_gender != "male":
        hard |= B["R21"]
    status_known = status != "unknown"
    if kind in MUNICIPAL_LAWFUL_TYPES and status_known and status not in LAWFUL_STATUSES:
        hard |= B["R22"]
    if (p.residence_statuses_accepted is not None and status_known
            and status not in p.residence_statuses_accepted and not hard):
        hard |= B["S-STATUS"]
    if p.exploitation_forms_accepted is not None and forms and not forms & p.exploitation_forms_accepted:
        hard |= B["S-FORM"]
    if "criminal" in forms and p.reluctant_criminal_exploitation:
        score -= 1.0
        soft.append("R25")
        warnings.append("R25")
    if v.mixed_victim_offender and v.offender_behaviour_shows and p.excludes_mixed_offender_behaviour:
        hard |= B["R26"]
    if ((v.children and not p.accepts_children) or (v.pregnant and not p.accepts_pregnant)
            or (v.pets and not p.accepts_pets)):
        hard |= B["R27"]
    if kind not in TEMPORARY_TYPES and (max_stay is None or max_stay >= 42):
        score += 1.0
        soft.append("R30")
    if kind == "azc":
        if status not in {"asylum_seeker", "dublin_indication"}:
            hard |= B["R33"]
        elif known_gender == "female":
            warnings.append("R33")
    if kind == "beschermd_wonen" and not v.has_wmo_indication:
        hard |= B["R37"]
    if kind == "gesloten_jeugdzorg":
        exc |= B["R39"]
    if status in LAWFUL_STATUSES:
        preferred = {"crisis"} if v.need == "tonight" else {"vrouwenopvang", "maatschappelijke_opvang", "wmo"}
        if kind in preferred:
            score += 0.5
            soft.append("R36")
    if p.requires_funding_guarantee:
        exc |= B["R24"]
    return StaticVerdict(hard, exc, score, tuple(soft), tuple(warnings))


@dataclass(frozen=True)
class Offer:
    shelter: ShelterRecord
    free: int
    age_minutes: int
    freshness: str  # "fresh" | "recent" | "unconfirmed"
    score: float
    soft_rules: Tuple[str, ...]
    warnings: Tuple[str, ...]
    decision_rules: Tuple[str, ...] = ()
    decider: Optional[str] = None
    distance_km: Optional[float] = None


class Snapshot:
    """Immutable, vectorised view of the registry at one revision."""

    def __init__(self, shelters: Sequence[ShelterRecord], holds: Sequence[Tuple[int, str, float]] = (),
                 revision: int = 0):
        self.revision = revision
        self.shelters = [s for s in shelters if not s.is_bridging]
        n = len(self.shelters)
        self.index = {s.code: i for i, s in enumerate(self.shelters)}
        position = {s.id: i for i, s in enumerate(self.shelters)}
        nk = len(BED_KINDS)
        self.free = np.zeros((nk, n), dtype=np.int64)
        self.updated = np.full((nk, n), np.nan)
        for i, shelter in enumerate(self.shelters):
            for bed in shelter.beds:
                k = BED_KINDS.index(bed.kind)
                self.free[k, i] = bed.free
                self.updated[k, i] = bed.updated_at.timestamp()
        slots = [(position[sid] + n * BED_KINDS.index(kind), exp) for sid, kind, exp in holds if sid in position]
        self.hold_slot = np.array([s for s, _ in slots], dtype=np.int64)
        self.hold_expires = np.array([e for _, e in slots], dtype=float)
        keys: Dict[tuple, int] = {}
        self.static_idx = np.array([keys.setdefault(s.static_key, len(keys)) for s in self.shelters], dtype=np.int64)
        self.static_keys = list(keys)
        self.municipality = np.array([s.municipality for s in self.shelters], dtype=object)
        self.region = np.array([s.region for s in self.shelters], dtype=object)
        coords = [by_code(s.municipality) for s in self.shelters]
        self.lat = np.radians([c.lat for c in coords]) if n else np.zeros(0)
        self.lon = np.radians([c.lon for c in coords]) if n else np.zeros(0)
        self.residents_only = np.array([s.policy.residents_only for s in self.shelters], dtype=bool)
        self.municipal = np.array([s.placement_authority == "municipality" for s in self.shelters], dtype=bool)
        self.ooh = np.array([s.out_of_hours_intake for s in self.shelters], dtype=bool)
        self.decided_by_authority = np.array([s.placement_authority in DECIDER_BY_AUTHORITY for s in self.shelters],
                                             dtype=bool)

    def held(self, now: float) -> np.ndarray:
        n = len(self.shelters)
        active = self.hold_slot[self.hold_expires > now]
        return np.bincount(active, minlength=len(BED_KINDS) * n).reshape(len(BED_KINDS), n)


@dataclass
class SearchResult:
    profile: Profile
    searched_at: datetime
    offers: List[Offer]
    needs_decision: List[Offer]
    unconfirmed: List[Offer]
    waiting_list: List[ShelterRecord]
    warnings: Tuple[str, ...]
    bridging: Tuple[BridgingStep, ...]
    on_call: str
    _snapshot: Snapshot = field(repr=False)
    _masks: np.ndarray = field(repr=False)
    _exceptions: Optional[np.ndarray] = field(default=None, repr=False)  # rules that need a decision

    @property
    def nothing_fits(self) -> bool:
        return not self.offers

    @property
    def excluded(self) -> Dict[str, Tuple[str, ...]]:
        """Shelter code -> ids of the rules that excluded it (computed on demand)."""
        shelters = self._snapshot.shelters
        return {shelters[i].code: R.rule_ids(int(self._masks[i])) for i in np.flatnonzero(self._masks)}

    def why_not(self, code: str) -> Tuple[str, ...]:
        i = self._snapshot.index.get(code)
        if i is None:
            raise KeyError(f"unknown shelter code {code!r}")
        if self._masks[i] or self._exceptions is None:
            return R.rule_ids(int(self._masks[i]))
        return R.rule_ids(int(self._exceptions[i]))  # fits only with someone's decision (e.g. unsafe region)


ON_CALL_ROUTE = ("Call the on-call coordinator through Opvanglijn: the bot can page them now, "
                 "day and night.")


def search(snapshot: Snapshot, profile: Profile, settings: Settings,
           now: Optional[datetime] = None) -> SearchResult:
    now = now or datetime.now(timezone.utc)
    t = now.timestamp()
    n = len(snapshot.shelters)
    verdicts = [evaluate_static(profile, key, settings.nla_route_enabled) for key in snapshot.static_keys]
    hard = np.array([v.hard for v in verdicts], dtype=np.int64)[snapshot.static_idx] if n else np.zeros(0, np.int64)
    exc = np.array([v.exception for v in verdicts], dtype=np.int64)[snapshot.static_idx] if n else np.zeros(0, np.int64)
    score = np.array([v.score for v in verdicts])[snapshot.static_idx] if n else np.zeros(0)

    kinds = [BED_KINDS.index(k) for k in profile.bed_kinds]
    free = np.clip(snapshot.free - snapshot.held(t), 0, None)[kinds]
    age = (t - snapshot.updated[kinds]) / 60.0
    with np.errstate(invalid="ignore"):
        current = age <= settings.stale_minutes
        free_now = np.where(current, free, 0).sum(axis=0)
        free_stale = np.where(~current & (free > 0), free, 0).sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: shelters with no bed of this kind
        age_now = np.nanmin(np.where(current & (free > 0), age, np.nan), axis=0) if n else np.zeros(0)
    hard = hard | np.where((free_now == 0) & (free_stale == 0), B["R01"], 0)

    unsafe = np.isin(snapshot.municipality, list(profile.unsafe_municipalities))
    exc = exc | np.where(unsafe, B["R02"], 0)
    hard = hard | np.where(snapshot.residents_only & (snapshot.municipality != profile.brp_municipality), B["R23"], 0)
    base = profile.brp_municipality or profile.found_municipality
    if base:
        exc = exc | np.where(snapshot.municipal & (snapshot.region != by_code(base).region), B["R24"], 0)

    distance = None
    if profile.found_municipality:
        found = by_code(profile.found_municipality)
        lat0, lon0 = np.radians(found.lat), np.radians(found.lon)
        a = (np.sin((snapshot.lat - lat0) / 2) ** 2
             + np.cos(lat0) * np.cos(snapshot.lat) * np.sin((snapshot.lon - lon0) / 2) ** 2)
        distance = 6371.0 * 2 * np.arcsin(np.sqrt(a))
        score = score + np.where(~unsafe, np.clip(2.0 - distance / 50.0, 0, 2.0), 0)  # R04
    if profile.exploitation_municipality:
        score = score - np.where(snapshot.municipality == profile.exploitation_municipality, 3.0, 0)  # R03
    local = now.astimezone().hour
    if not settings.office_hours_start <= local < settings.office_hours_end or now.weekday() >= 5:
        score = score + np.where(snapshot.ooh, 1.0, -2.0)

    def offer(i: int, decision: int = 0) -> Offer:
        verdict = verdicts[snapshot.static_idx[i]]
        s = snapshot.shelters[i]
        soft = list(verdict.soft)
        if distance is not None and not unsafe[i] and distance[i] < 100:
            soft.append("R04")
        if profile.exploitation_municipality == s.municipality:
            soft.append("R03")
        warn = list(verdict.warnings)
        if distance is not None and distance[i] > DISTANT_KM:
            warn.append("R05")
        fresh_free = int(free_now[i])
        minutes = int(age_now[i]) if fresh_free else int(np.nanmin(age[:, i]))
        freshness = ("fresh" if minutes < settings.fresh_minutes else "recent") if fresh_free else "unconfirmed"
        decision_rules = R.rule_ids(decision)
        decider = (R.RULES[decision_rules[0]].decider if decision_rules
                   else DECIDER_BY_AUTHORITY.get(s.placement_authority))
        return Offer(s, fresh_free or int(free_stale[i]), minutes, freshness, float(score[i]), tuple(soft),
                     tuple(warn), decision_rules, decider,
                     None if distance is None else round(float(distance[i]), 1))

    order = np.argsort(-score, kind="stable")
    passing = order[hard[order] == 0]
    is_exc = exc[passing] != 0
    has_free = free_now[passing] > 0
    decided = snapshot.decided_by_authority[passing]
    limit = settings.max_offers
    offers = [offer(i) for i in passing[~is_exc & has_free & ~decided][:limit]]
    decisions = [offer(i, int(exc[i])) for i in passing[is_exc | (has_free & decided)][:limit]]
    unconfirmed = [offer(i) for i in passing[~is_exc & ~has_free][:limit]]
    full_fitting = np.flatnonzero((hard == B["R01"]) & (exc == 0))
    waiting = [snapshot.shelters[i] for i in full_fitting if snapshot.shelters[i].type in {"omm", "cosm", "specialist"}]
    masks = hard | np.where(hard != 0, exc, 0)
    bridging = bridging_ladder(profile) if not offers else ()
    return SearchResult(profile, now, offers, decisions, unconfirmed, waiting, _profile_warnings(profile), bridging,
                        ON_CALL_ROUTE, snapshot, masks, exc)


def _profile_warnings(profile: Profile) -> Tuple[str, ...]:
    warnings = []
    if profile.mild_intellectual_disability or profile.addiction:
        warnings.append("R29")
    if profile.contact_with_network:
        warnings.append("R31")
    if profile.current_placement_type in TEMPORARY_TYPES | {"cosm"}:
        warnings.append("R32")
    return tuple(warnings)
