"""Registry services: search, free beds, holds, audit and unmet demand.

`Registry` owns the transactions. Every change writes an audit row and bumps the registry
revision in the same transaction; searches run on an in-memory `Snapshot` that is reloaded only
when the revision moved, so a search costs one small query plus the matching itself.
"""
from __future__ import annotations

import secrets
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.config import Settings
from bot.registry import orm, repository as repo
from bot.registry.db import utc, utcnow, writer
from bot.registry.matching import SearchResult, Snapshot, search
from bot.registry.model import BED_KINDS, Profile
from bot.registry.municipality import by_code


class RegistryError(Exception):
    """A request the registry cannot carry out; the message is safe to show a professional."""


class NoFreeBed(RegistryError):
    pass


@dataclass(frozen=True)
class Hold:
    code: str
    shelter_code: str
    kind: str
    status: str
    expires_at: datetime


class Registry:
    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self._writer = writer(engine)
        self.settings = settings
        self._snapshot: Optional[Snapshot] = None
        self._lock = threading.Lock()

    # --- set-up ------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Reference data and the revision row; the schema itself comes from Alembic."""
        with self._writer.begin() as conn:
            repo.seed_municipalities(conn)
            repo.ensure_revision_row(conn)

    # --- reading -----------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        with self.engine.connect() as conn:
            revision = repo.current_revision(conn)
            cached = self._snapshot
            if cached is not None and cached.revision == revision:
                return cached
            with self._lock:
                snapshot = Snapshot(repo.load_shelters(conn), repo.active_holds(conn, utcnow()), revision)
                self._snapshot = snapshot
            return snapshot

    def search(self, profile: Profile, now: Optional[datetime] = None, record_unmet: bool = True) -> SearchResult:
        result = search(self.snapshot(), profile, self.settings, now)
        if record_unmet and result.nothing_fits:
            self.record_unmet(result)
        return result

    # --- free beds ---------------------------------------------------------------------------
    def set_free(self, shelter_code: str, kind: str, free: int, actor: str,
                 capacity: Optional[int] = None) -> dict:
        if kind not in BED_KINDS:
            raise RegistryError(f"bed kind must be one of {', '.join(BED_KINDS)}, got {kind!r}")
        with self._writer.begin() as conn:
            bed = self._bed(conn, shelter_code, kind, lock=True)
            capacity = bed["capacity"] if capacity is None else capacity
            if not 0 <= free <= capacity:
                raise RegistryError(f"free beds must be between 0 and the capacity ({capacity}), got {free}")
            now = utcnow()
            conn.execute(update(orm.beds).where(orm.beds.c.id == bed["id"]).values(
                free=free, capacity=capacity, updated_at=now, updated_by=actor))
            self._audit(conn, actor, "set_free", "bed", f"{shelter_code}/{kind}",
                        {"free": free, "previous": bed["free"], "capacity": capacity})
            repo.bump_revision(conn)
        return {"shelter": shelter_code, "kind": kind, "free": free, "capacity": capacity, "updated_at": now}

    # --- holds -------------------------------------------------------------------------------
    def hold(self, shelter_code: str, actor: str, kind: Optional[str] = None,
             case_code: Optional[str] = None, minutes: Optional[int] = None) -> Hold:
        """Hold one bed while transport is arranged; raises NoFreeBed when none is left."""
        kinds = [kind] if kind else list(BED_KINDS)
        now = utcnow()
        expires = now + timedelta(minutes=minutes or self.settings.hold_minutes)
        with self._writer.begin() as conn:
            for candidate in kinds:
                bed = self._bed(conn, shelter_code, candidate, lock=True, missing_ok=True)
                if bed is None:
                    continue
                if bed["free"] - self._active_holds(conn, bed["id"], now) <= 0:
                    continue
                code = "H" + secrets.token_hex(4).upper()
                conn.execute(insert(orm.holds).values(
                    code=code, bed_id=bed["id"], status="active", created_at=now, expires_at=expires,
                    created_by=actor, case_code=case_code))
                self._audit(conn, actor, "hold", "hold", code,
                            {"shelter": shelter_code, "kind": candidate, "expires_at": expires.isoformat()})
                repo.bump_revision(conn)
                return Hold(code, shelter_code, candidate, "active", expires)
        raise NoFreeBed(f"no free bed left to hold at {shelter_code}")

    def confirm(self, hold_code: str, actor: str) -> Hold:
        """The person arrives: the hold becomes a placement and the bed is no longer free."""
        return self._close(hold_code, actor, "confirmed")

    def release(self, hold_code: str, actor: str) -> Hold:
        return self._close(hold_code, actor, "released")

    def expire_holds(self, now: Optional[datetime] = None) -> int:
        """Mark holds past their expiry; they already stopped counting at expiry, this tidies up."""
        now = now or utcnow()
        with self._writer.begin() as conn:
            expired = conn.execute(update(orm.holds).where(
                orm.holds.c.status == "active", orm.holds.c.expires_at <= now).values(
                status="expired", closed_at=now)).rowcount
            if expired:
                self._audit(conn, "system", "expire_holds", "hold", "*", {"count": expired})
                repo.bump_revision(conn)
        return expired

    def get_hold(self, hold_code: str) -> Hold:
        with self.engine.connect() as conn:
            row = self._hold_row(conn, hold_code)
        return Hold(row["code"], row["shelter_code"], row["kind"], self._status(row), utc(row["expires_at"]))

    # --- records -----------------------------------------------------------------------------
    def record_unmet(self, result: SearchResult) -> None:
        """Store a search that found nothing, without any personal data."""
        p = result.profile
        reasons = Counter(rule for rules in result.excluded.values() for rule in rules)
        region = by_code(p.found_municipality).police_unit if p.found_municipality else None
        with self._writer.begin() as conn:
            conn.execute(insert(orm.unmet_demand).values(
                at=result.searched_at, region=region, need=p.need, categories=profile_categories(p),
                exclusions=dict(sorted(reasons.items()))))

    def unmet_report(self) -> List[dict]:
        """Unmet searches aggregated by month, region and excluding rule."""
        counts: Counter = Counter()
        with self.engine.connect() as conn:
            for at, region, exclusions in conn.execute(select(
                    orm.unmet_demand.c.at, orm.unmet_demand.c.region, orm.unmet_demand.c.exclusions)):
                month = utc(at).strftime("%Y-%m")
                for rule in exclusions or {"none": 0}:
                    counts[(month, region or "unknown", rule)] += 1
        return [dict(month=m, region=r, reason=rule, searches=n) for (m, r, rule), n in sorted(counts.items())]

    def audit_trail(self, entity_id_prefix: str = "") -> List[dict]:
        a = orm.audit_log
        with self.engine.connect() as conn:
            rows = conn.execute(select(a).where(a.c.entity_id.startswith(entity_id_prefix)).order_by(a.c.id))
            return [dict(row) for row in rows.mappings()]

    # --- internals ---------------------------------------------------------------------------
    def _bed(self, conn: Connection, shelter_code: str, kind: str, lock: bool = False, missing_ok: bool = False):
        b, s = orm.beds, orm.shelters
        query = select(b).join(s, s.c.id == b.c.shelter_id).where(s.c.code == shelter_code, b.c.kind == kind)
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update(of=b)
        row = conn.execute(query).mappings().first()
        if row is None and not missing_ok:
            exists = conn.execute(select(s.c.id).where(s.c.code == shelter_code)).scalar()
            raise RegistryError(f"no shelter with code {shelter_code!r}" if exists is None
                                else f"shelter {shelter_code} has no {kind} beds")
        return row

    @staticmethod
    def _active_holds(conn: Connection, bed_id: int, now: datetime) -> int:
        h = orm.holds
        return conn.execute(select(func.count()).select_from(h).where(
            h.c.bed_id == bed_id, h.c.status == "active", h.c.expires_at > now)).scalar()

    @staticmethod
    def _hold_row(conn: Connection, hold_code: str) -> Dict:
        h, b, s = orm.holds, orm.beds, orm.shelters
        row = conn.execute(select(h, b.c.kind, b.c.free, s.c.code.label("shelter_code"))
                           .join(b, b.c.id == h.c.bed_id).join(s, s.c.id == b.c.shelter_id)
                           .where(h.c.code == hold_code)).mappings().first()
        if row is None:
            raise RegistryError(f"no hold with code {hold_code!r}")
        return row

    @staticmethod
    def _status(row) -> str:
        if row["status"] == "active" and utc(row["expires_at"]) <= utcnow():
            return "expired"
        return row["status"]

    def _close(self, hold_code: str, actor: str, status: str) -> Hold:
        with self._writer.begin() as conn:
            row = self._hold_row(conn, hold_code)
            current = self._status(row)
            if current != "active":
                raise RegistryError(f"hold {hold_code} is already {current}")
            now = utcnow()
            conn.execute(update(orm.holds).where(orm.holds.c.id == row["id"]).values(status=status, closed_at=now))
            if status == "confirmed":
                free = case((orm.beds.c.free > 0, orm.beds.c.free - 1), else_=0)
                conn.execute(update(orm.beds).where(orm.beds.c.id == row["bed_id"]).values(
                    free=free, updated_at=now, updated_by=actor))
            self._audit(conn, actor, status, "hold", hold_code, {"shelter": row["shelter_code"], "kind": row["kind"]})
            repo.bump_revision(conn)
        return Hold(hold_code, row["shelter_code"], row["kind"], status, utc(row["expires_at"]))

    @staticmethod
    def _audit(conn: Connection, actor: str, action: str, entity: str, entity_id: str, detail: dict) -> None:
        conn.execute(insert(orm.audit_log).values(at=utcnow(), actor=actor, action=action, entity=entity,
                                                  entity_id=entity_id, detail=detail))


def profile_categories(p: Profile) -> dict:
    """The categories of a profile that unmet-demand statistics may keep: no names, ages or places."""
    if p.age is None:
        age_band = "unknown"
    else:
        age_band = "minor" if p.is_minor else ("18-22" if p.age < 23 else "adult")
    needs = [flag for flag in ("substance_use", "addiction", "psychiatric", "mild_intellectual_disability",
                               "pregnant", "pets", "mixed_victim_offender") if getattr(p, flag)]
    if p.children:
        needs.append("children")
    return {"age_band": age_band, "gender": p.gender or "unknown", "residence_status": p.residence_status,
            "exploitation_forms": sorted(p.exploitation_forms), "needs": needs}
