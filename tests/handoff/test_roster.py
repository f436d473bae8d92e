"""The roster: parsing, the mandatory fallback, gaps in the rota, escalation order."""
from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from bot.config import ROOT
from bot.handoff.roster import AMSTERDAM, RosterError, roster_from_dict, roster_to_dict
from bot.handoff.store import RosterStore

SAMPLE = yaml.safe_load((ROOT / "deploy" / "roster.sample.yml").read_text())


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23 + day, hour, minute, tzinfo=AMSTERDAM)  # 23 Nov 2026 is a Monday


def test_sample_roster_covers_the_whole_week_and_has_a_fallback():
    roster = roster_from_dict(SAMPLE)
    assert roster.problems() == []
    assert roster.fallback.phone == "+31000000900"


def test_a_gap_in_the_rota_is_reported_with_day_and_hours():
    data = dict(SAMPLE, shifts=[s for s in SAMPLE["shifts"] if not (s["coordinator"] == "chloe" and "sat" in s["days"])])
    assert roster_from_dict(data).gaps() == ["nobody on shift sat 09:00-17:00", "nobody on shift sun 09:00-17:00"]


def test_overnight_shift_runs_past_midnight_into_the_next_day():
    roster = roster_from_dict(SAMPLE)
    assert [p.id for p, _ in roster.on_shift(at(1, 2))] == ["daan"]  # Tuesday 02:00
    assert [p.id for p, _ in roster.on_shift(at(0, 23, 30))] == ["daan"]
    assert {p.id for p, _ in roster.on_shift(at(2, 10))} == {"anna", "bram", "chloe"}  # Wednesday 10:00


def test_chain_puts_region_and_language_first_and_the_fallback_last():
    roster = roster_from_dict(SAMPLE)
    office = at(2, 10)
    assert [p.id for p in roster.chain(office, "Limburg", "ro")] == ["anna", "chloe", "bram", "landelijk-piket"]
    assert [p.id for p in roster.chain(office, None, "fr")][0] == "chloe"
    assert [p.id for p in roster.chain(at(1, 2), "Limburg", "ro")] == ["daan", "landelijk-piket"]


@pytest.mark.parametrize("change, problem", [
    ({"fallback": None}, None),
    ({"coordinators": [{"id": "x", "name": "X", "phone": "0612"}]}, "phone must be in international form"),
    ({"shifts": [{"coordinator": "nobody", "days": "all", "from": "00:00", "to": "24:00"}]}, "unknown coordinator"),
    ({"shifts": [{"coordinator": "daan", "days": ["someday"], "from": "9", "to": "17:00"}]}, "unknown day"),
    ({"escalation_minutes": 0}, "escalation_minutes"),
])
def test_invalid_rosters_are_rejected_with_reasons(change, problem):
    data = dict(SAMPLE, **change)
    if problem is None:
        assert "no fallback contact" in roster_from_dict(data).problems()[0]
        return
    with pytest.raises(RosterError) as error:
        roster_from_dict(data)
    assert any(problem in p for p in error.value.problems)


def test_store_keeps_versions_and_refuses_a_roster_without_fallback(sqlite_registry):
    store = RosterStore(sqlite_registry.engine)
    assert store.check() == ["no roster: import one with `hotline roster import FILE`"]
    store.import_yaml(yaml.safe_dump(SAMPLE), actor="ops")
    with pytest.raises(RosterError, match="no fallback"):
        store.import_yaml(yaml.safe_dump(dict(SAMPLE, fallback=None)), actor="ops")
    assert store.latest().fallback is not None and store.check() == []
    assert roster_to_dict(store.latest()) == roster_to_dict(roster_from_dict(SAMPLE))
