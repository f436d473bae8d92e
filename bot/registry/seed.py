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
