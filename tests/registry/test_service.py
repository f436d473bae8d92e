"""Registry services on real databases (SQLite file and PostgreSQL): freshness, holds, audit,
unmet demand, and the race for the last bed."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.registry import orm
from bot.registry.db import utcnow
from bot.registry.model import Profile
from bot.registry.db import make_engine
from bot.registry.service import NoFreeBed, Registry, RegistryError
from bot.registry.municipality import resolve_place

VENLO = resolve_place("Venlo").code
MAN_LABOUR = Profile(age=34, gender="male", exploitation_forms=frozenset({"labour"}), found_municipality=VENLO,
                     residence_status="eu_union_rights")


def age_beds(registry, code: str, hours: float) -> None:
    with registry.engine.begin() as conn:
        shelter_id = conn.execute(orm.shelters.select().where(orm.shelters.c.code == code)).mappings().one()["id"]
        conn.execute(update(orm.beds).where(orm.beds.c.shelter_id == shelter_id)
                     .values(updated_at=utcnow() - timedelta(hours=hours)))
        conn.execute(update(orm.registry_revision).values(revision=orm.registry_revision.c.revision + 1))


def codes(offers):
    return [o.shelter.code for o in offers]


def test_search_offers_fresh_beds_with_age_and_phone(registry):
    result = registry.search(MAN_LABOUR)
    assert "man-apeldoorn" in codes(result.offers)
    offer = result.offers[codes(result.offers).index("man-apeldoorn")]
    assert offer.freshness == "fresh" and offer.age_minutes < 60 and offer.free == 2
    assert offer.shelter.phone_for_professionals.startswith("+3100")


def test_stale_count_is_never_a_free_bed_but_unconfirmed_call_first(registry):
    age_beds(registry, "man-apeldoorn", hours=9)
    result = registry.search(MAN_LABOUR)
    assert "man-apeldoorn" not in codes(result.offers)
    [unconfirmed] = [o for o in result.unconfirmed if o.shelter.code == "man-apeldoorn"]
    assert unconfirmed.freshness == "unconfirmed" and unconfirmed.age_minutes >= 9 * 60


def test_recent_but_not_fresh_count_is_still_offered_with_its_age(registry):
    age_beds(registry, "man-apeldoorn", hours=3)
    offer = next(o for o in registry.search(MAN_LABOUR).offers if o.shelter.code == "man-apeldoorn")
    assert offer.freshness == "recent" and 180 <= offer.age_minutes < 190


def test_set_free_changes_the_search_and_is_audited(registry):
    registry.set_free("man-apeldoorn", "regular", 0, actor="staff:apeldoorn")
    assert "man-apeldoorn" not in codes(registry.search(MAN_LABOUR).offers)
    [entry] = [a for a in registry.audit_trail("man-apeldoorn") if a["action"] == "set_free"]
    assert entry["actor"] == "staff:apeldoorn" and entry["detail"] == {"free": 0, "previous": 2, "capacity": 9}


def test_set_free_rejects_more_than_capacity_and_unknown_shelters(registry):
    with pytest.raises(RegistryError, match="capacity"):
        registry.set_free("man-apeldoorn", "regular", 99, actor="x")
    with pytest.raises(RegistryError, match="no shelter"):
        registry.set_free("nope", "regular", 1, actor="x")


def test_hold_reduces_free_count_confirm_takes_the_bed_release_gives_it_back(registry):
    hold = registry.hold("man-apeldoorn", actor="police:unit-7", kind="regular")
    offer = next(o for o in registry.search(MAN_LABOUR).offers if o.shelter.code == "man-apeldoorn")
    assert offer.free == 1
    registry.release(hold.code, actor="police:unit-7")
    assert next(o for o in registry.search(MAN_LABOUR).offers if o.shelter.code == "man-apeldoorn").free == 2
    second = registry.hold("man-apeldoorn", actor="police:unit-7")
    registry.confirm(second.code, actor="staff:apeldoorn")
    assert next(o for o in registry.search(MAN_LABOUR).offers if o.shelter.code == "man-apeldoorn").free == 1
    with pytest.raises(RegistryError, match="already confirmed"):
        registry.release(second.code, actor="x")
    actions = [a["action"] for a in registry.audit_trail() if a["entity"] == "hold"]
    assert actions == ["hold", "released", "hold", "confirmed"]


def test_hold_expires_on_its_own(registry):
    hold = registry.hold("man-apeldoorn", actor="police", minutes=1)
    with registry.engine.begin() as conn:
        conn.execute(update(orm.holds).values(expires_at=utcnow() - timedelta(seconds=1)))
        conn.execute(update(orm.registry_revision).values(revision=orm.registry_revision.c.revision + 1))
    assert registry.get_hold(hold.code).status == "expired"
    assert next(o for o in registry.search(MAN_LABOUR).offers if o.shelter.code == "man-apeldoorn").free == 2
    with pytest.raises(RegistryError, match="expired"):
        registry.confirm(hold.code, actor="x")
    assert registry.expire_holds() == 1


def test_default_hold_time_is_90_minutes(registry):
    hold = registry.hold("man-apeldoorn", actor="police")
    assert timedelta(minutes=89) < hold.expires_at - utcnow() <= timedelta(minutes=90)


def test_hundred_concurrent_holds_on_the_last_bed_give_exactly_one(registry):
    registry.set_free("man-apeldoorn", "regular", 1, actor="test")
    url = registry.engine.url
    pool = {} if url.get_backend_name() == "sqlite" else {"pool_size": 40, "max_overflow": 40}
    racing = Registry(make_engine(url.render_as_string(hide_password=False), **pool), registry.settings)
    barrier = threading.Barrier(100)
    outcomes, lock = [], threading.Lock()

    def attempt():
        barrier.wait()
        try:
            outcome = racing.hold("man-apeldoorn", actor="race", kind="regular").code
        except NoFreeBed:
            outcome = None
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    racing.engine.dispose()
    assert len(outcomes) == 100
    assert len([o for o in outcomes if o]) == 1
    assert len([a for a in registry.audit_trail() if a["action"] == "hold"]) == 1


def test_nothing_fits_records_unmet_demand_without_personal_data_and_reports_it(registry):
    minor_with_pets = Profile(age=15, gender="male", pets=True, found_municipality=VENLO,
                              exploitation_forms=frozenset({"criminal"}))
    result = registry.search(minor_with_pets)
    assert result.nothing_fits and result.bridging and result.on_call
    with registry.engine.connect() as conn:
        [row] = conn.execute(orm.unmet_demand.select()).mappings().all()
    assert row["region"] == "Limburg" and row["categories"]["age_band"] == "minor"
    assert "15" not in str(row["categories"]) and VENLO not in str(dict(row))
    assert row["exclusions"]["R07"] > 10
    report = registry.unmet_report()
    assert {"region": "Limburg", "reason": "R07", "searches": 1} in [
        {k: r[k] for k in ("region", "reason", "searches")} for r in report]


def test_search_uses_the_cached_snapshot_until_the_registry_changes(registry):
    first = registry.snapshot()
    assert registry.snapshot() is first
    registry.set_free("man-apeldoorn", "regular", 1, actor="x")
    assert registry.snapshot() is not first
