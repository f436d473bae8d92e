"""The on-call roster: coordinators, weekly shifts, escalation order and the mandatory fallback.

A roster is a plain value, loaded from YAML (`hotline roster import`) or from its latest stored
version. `problems()` lists everything an operator must fix: a missing fallback, unknown people in
shifts, and every gap in the week where nobody is on shift (then only the fallback is paged).
`chain()` gives the escalation order for a case: people on shift who cover its region and speak
its language first, the fallback last. Shift times are Europe/Amsterdam.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Dict, FrozenSet, List, Optional, Tuple
from zoneinfo import ZoneInfo

from bot.registry.municipality import POLICE_UNITS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PHONE = re.compile(r"^\+\d{8,15}$")


class RosterError(ValueError):
    """The roster document is invalid; `.problems` lists every problem."""

    def __init__(self, problems: List[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Coordinator:
    id: str
    name: str
    phone: str
    languages: FrozenSet[str] = frozenset({"nl"})
    regions: FrozenSet[str] = frozenset()  # police units; empty = national


@dataclass(frozen=True)
class Shift:
    coordinator: str
    days: FrozenSet[int]  # 0 = Monday
    start: time
    end: time  # end <= start: the shift runs past midnight
    region: Optional[str] = None  # None: national

    def covers(self, moment: datetime) -> bool:
        local = moment.astimezone(AMSTERDAM)
        clock, day = local.time(), local.weekday()
        if self.start < self.end:
            return day in self.days and self.start <= clock < self.end
        return (day in self.days and clock >= self.start) or ((day - 1) % 7 in self.days and clock < self.end)


@dataclass(frozen=True)
class Roster:
    coordinators: Dict[str, Coordinator]
    shifts: Tuple[Shift, ...]
    fallback: Optional[Coordinator]
    escalation_minutes: int = 5
    call_after_minutes: int = 1
    problems_found: Tuple[str, ...] = field(default=(), compare=False)

    def on_shift(self, moment: datetime) -> List[Tuple[Coordinator, Shift]]:
        return [(self.coordinators[s.coordinator], s) for s in self.shifts if s.covers(moment)]

    def chain(self, moment: datetime, region: Optional[str], language: str) -> List[Coordinator]:
        """Escalation order: region and language match first; the fallback always last."""
        def rank(item: Tuple[Coordinator, Shift]) -> Tuple[int, int, int]:
            person, shift = item
            region_match = region is not None and (shift.region == region or region in person.regions)
            return (0 if region_match else 1, 0 if language in person.languages else 1,
                    0 if shift.region is None else 1)

        order: List[Coordinator] = []
        for person, _ in sorted(self.on_shift(moment), key=rank):
            if person not in order:
                order.append(person)
        if self.fallback is not None and self.fallback.phone not in {p.phone for p in order}:
            order.append(self.fallback)
        return order

    def gaps(self, step_minutes: int = 15) -> List[str]:
        """Stretches of the week (in Amsterdam time) with nobody on shift."""
        monday = datetime(2024, 1, 1, tzinfo=AMSTERDAM)  # a Monday without DST change in the week
        gaps, start = [], None
        for slot in range(0, 7 * 24 * 60, step_minutes):
            moment = monday + timedelta(minutes=slot)
            covered = any(s.covers(moment) for s in self.shifts)
            if not covered and start is None:
                start = moment
            if covered and start is not None:
                gaps.append(f"nobody on shift {_when(start)}-{moment:%H:%M}")
                start = None
        if start is not None:
            gaps.append(f"nobody on shift {_when(start)}-24:00")
        return gaps

    def problems(self) -> List[str]:
        found = list(self.problems_found)
        if self.fallback is None:
            found.append("no fallback contact: every page must be able to reach someone")
        return found + self.gaps()


def _when(moment: datetime) -> str:
    return f"{DAYS[moment.weekday()]} {moment:%H:%M}"


def _clock(value, where: str, problems: List[str]) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours) % 24, int(minutes))
    except (ValueError, TypeError):
        problems.append(f"{where}: time must look like 17:00, got {value!r}")
        return time(0, 0)


def _days(value, where: str, problems: List[str]) -> FrozenSet[int]:
    if value in ("all", "daily", None):
        return frozenset(range(7))
    days = set()
    for item in value if isinstance(value, list) else [value]:
        text = str(item).lower()[:3]
        if text in DAYS:
            days.add(DAYS.index(text))
        else:
            problems.append(f"{where}: unknown day {item!r} (use mon..sun or all)")
    return frozenset(days)


def _person(data: dict, where: str, problems: List[str]) -> Optional[Coordinator]:
    if not isinstance(data, dict):
        problems.append(f"{where}: must be a mapping with id, name and phone")
        return None
    phone = str(data.get("phone", "")).replace(" ", "")
    if not PHONE.match(phone):
        problems.append(f"{where}: phone must be in international form like +31612345678")
    regions = frozenset(data.get("regions") or ())
    for region in regions - set(POLICE_UNITS):
        problems.append(f"{where}: unknown region {region!r} (use a police unit, e.g. Limburg)")
    return Coordinator(str(data.get("id") or data.get("name") or where), str(data.get("name", "")), phone,
                       frozenset(data.get("languages") or ("nl",)), regions)


def roster_from_dict(data: dict) -> Roster:
    """Parse a roster document; raises RosterError listing every structural problem. Gaps in the
    rota are not structural: they come back from `Roster.problems()` for the operator to see."""
    if not isinstance(data, dict):
        raise RosterError(["the roster must be a YAML mapping"])
    problems: List[str] = []
    coordinators: Dict[str, Coordinator] = {}
    for index, item in enumerate(data.get("coordinators") or ()):
        person = _person(item, f"coordinators[{index}]", problems)
        if person is not None:
            if person.id in coordinators:
                problems.append(f"coordinators[{index}]: duplicate id {person.id!r}")
            coordinators[person.id] = person
    shifts = []
    for index, item in enumerate(data.get("shifts") or ()):
        where = f"shifts[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        who = str(item.get("coordinator", ""))
        if who not in coordinators:
            problems.append(f"{where}: unknown coordinator {who!r}")
        region = item.get("region")
        if region is not None and region not in POLICE_UNITS:
            problems.append(f"{where}: unknown region {region!r}")
        shifts.append(Shift(who, _days(item.get("days"), where, problems), _clock(item.get("from"), where, problems),
                            _clock(item.get("to"), where, problems), region))
    fallback = _person(data["fallback"], "fallback", problems) if data.get("fallback") else None
    minutes = data.get("escalation_minutes", 5)
    if not isinstance(minutes, int) or minutes < 1:
        problems.append("escalation_minutes must be a whole number of minutes, at least 1")
    if problems:
        raise RosterError(problems)
    return Roster(coordinators, tuple(shifts), fallback, minutes, int(data.get("call_after_minutes", 1)))


def roster_to_dict(roster: Roster) -> dict:
    def person(p: Coordinator) -> dict:
        return {"id": p.id, "name": p.name, "phone": p.phone, "languages": sorted(p.languages),
                "regions": sorted(p.regions)}

    return {
        "escalation_minutes": roster.escalation_minutes, "call_after_minutes": roster.call_after_minutes,
        "fallback": person(roster.fallback) if roster.fallback else None,
        "coordinators": [person(p) for p in roster.coordinators.values()],
        "shifts": [{"coordinator": s.coordinator, "days": [DAYS[d] for d in sorted(s.days)],
                    "from": f"{s.start:%H:%M}", "to": f"{s.end:%H:%M}", "region": s.region} for s in roster.shifts],
    }
