"""Load the FICTIONAL sample registry (embedded default) into a prepared database."""
from __future__ import annotations

from typing import Tuple

from sqlalchemy import select, update

from bot.registry import orm, repository as repo
from bot.registry.db import utcnow, writer
from bot.registry.sample import sample_shelters


def seed_sample(registry) -> Tuple[int, int]:
    """Add missing sample shelters; when the registry holds only fictional shelters, stamp the
    sample counts fresh so the embedded demo does not age into "unconfirmed". Real registries
    (any non-fictional shelter) are never touched. Returns (added, refreshed)."""
    registry.prepare()
    now = utcnow()
    added = refreshed = 0
    with writer(registry.engine).begin() as conn:
        present = set(conn.execute(select(orm.shelters.c.code)).scalars())
        for record in sample_shelters(now):
            if record.code not in present:
                repo.upsert_shelter(conn, record)
                added += 1
        real = conn.execute(select(orm.shelters.c.id).where(orm.shelters.c.fictional.is_(False))).first()
        if real is None:
            refreshed = conn.execute(update(orm.beds).where(orm.beds.c.updated_by == "sample")
                                     .values(updated_at=now)).rowcount
        repo.bump_revision(conn)
    return added, refreshed


DEMO_PROFESSIONALS = (  # FICTIONAL: the +31 00 range reaches nobody; their codes land in the outbox
    ("+31000000101", "Agent FICTIEF", "Politie (demo)", "police", None),
    ("+31000000102", "Medewerker FICTIEF", "Huis Hofvijver (demo)", "shelter_staff", "shop-denhaag"),
)


def seed_demo_professionals(engine) -> int:
    """The embedded demo's registered professionals, only while nobody is registered at all."""
    from bot.verification.service import Verification

    verification = Verification(engine)
    if verification.registered():
        return 0
    for phone, name, organisation, role, shelter in DEMO_PROFESSIONALS:
        verification.register(phone, name, organisation, role, shelter_code=shelter)
    return len(DEMO_PROFESSIONALS)
