"""Reading and writing registry rows as domain values (`ShelterRecord`, `Policy`, `Bed`).

Functions here take an open SQLAlchemy `Connection` inside the caller's transaction; they never
commit. The services in `bot.registry.service` own transactions, audit and revisions.
"""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Dict, Iterable, List, Optional, Tuple

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from bot.registry import orm
from bot.registry.db import utc
from bot.registry.model import Bed, Policy, ShelterRecord
from bot.registry.municipality import by_code, municipalities

POLICY_FIELDS = [f.name for f in fields(Policy)]
SET_FIELDS = {"genders_accepted", "residence_statuses_accepted", "exploitation_forms_accepted"}


def policy_to_row(policy: Policy) -> dict:
    row = asdict(policy)
    for name in SET_FIELDS:
        row[name] = None if row[name] is None else sorted(row[name])
    return row


def policy_from_row(row) -> Policy:
    values = {name: row[name] for name in POLICY_FIELDS}
    for name in SET_FIELDS:
        values[name] = None if values[name] is None else frozenset(values[name])
    return Policy(**values)


def seed_municipalities(conn: Connection) -> int:
    """Insert the reference municipalities that are missing; returns how many were added."""
    present = set(conn.execute(select(orm.municipalities.c.code)).scalars())
    rows = [dict(code=m.code, name=m.name, province=m.province, region=m.police_unit, lat=m.lat,
                 lon=m.lon) for m in municipalities() if m.code not in present]
    if rows:
        conn.execute(insert(orm.municipalities), rows)
    return len(rows)


def ensure_revision_row(conn: Connection) -> None:
    if conn.execute(select(orm.registry_revision.c.id)).first() is None:
        conn.execute(insert(orm.registry_revision).values(id=1, revision=0))


def bump_revision(conn: Connection) -> None:
    conn.execute(update(orm.registry_revision).where(orm.registry_revision.c.id == 1)
                 .values(revision=orm.registry_revision.c.revision + 1))


def current_revision(conn: Connection) -> int:
    return conn.execute(select(orm.registry_revision.c.revision)).scalar() or 0


def operator_id(conn: Connection, name: str, fictional: bool = True) -> int:
    found = conn.execute(select(orm.operators.c.id).where(orm.operators.c.name == name)).scalar()
    if found is not None:
        return found
    return conn.execute(insert(orm.operators).values(name=name, fictional=fictional)).inserted_primary_key[0]


def upsert_shelter(conn: Connection, record: ShelterRecord) -> int:
    """Create or replace a shelter (matched on code) with its policy and beds."""
    by_code(record.municipality)  # raises ValueError for an unknown municipality code
    values = dict(
        code=record.code, name=record.name, operator_id=operator_id(conn, record.operator, record.fictional),
        type=record.type, municipality=record.municipality,
        phone_for_professionals=record.phone_for_professionals,
        placement_authority=record.placement_authority, out_of_hours_intake=record.out_of_hours_intake,
        transport_available=record.transport_available,
        trafficking_expertise=record.trafficking_expertise, ggz_partner=record.ggz_partner,
        max_stay_days=record.max_stay_days, staff_languages=sorted(record.staff_languages),
        is_bridging=record.is_bridging, fictional=record.fictional,
    )
    t = orm.shelters
    shelter_id = conn.execute(select(t.c.id).where(t.c.code == record.code)).scalar()
    if shelter_id is None:
        shelter_id = conn.execute(insert(t).values(**values)).inserted_primary_key[0]
        conn.execute(insert(orm.admission_policies).values(shelter_id=shelter_id, **policy_to_row(record.policy)))
    else:
        conn.execute(update(t).where(t.c.id == shelter_id).values(**values))
        conn.execute(update(orm.admission_policies).where(orm.admission_policies.c.shelter_id == shelter_id)
                     .values(**policy_to_row(record.policy)))
    for bed in record.beds:
        existing = conn.execute(select(orm.beds.c.id).where(
            orm.beds.c.shelter_id == shelter_id, orm.beds.c.kind == bed.kind)).scalar()
        row = dict(capacity=bed.capacity, free=bed.free, updated_at=bed.updated_at, updated_by=bed.updated_by)
        if existing is None:
            conn.execute(insert(orm.beds).values(shelter_id=shelter_id, kind=bed.kind, **row))
        else:
            conn.execute(update(orm.beds).where(orm.beds.c.id == existing).values(**row))
    return shelter_id


def load_shelters(conn: Connection, codes: Optional[Iterable[str]] = None) -> List[ShelterRecord]:
    s, p, o = orm.shelters, orm.admission_policies, orm.operators
    query = (select(s, p, o.c.name.label("operator_name"), orm.municipalities.c.region)
             .join(p, p.c.shelter_id == s.c.id).join(o, o.c.id == s.c.operator_id)
             .join(orm.municipalities, orm.municipalities.c.code == s.c.municipality)
             .where(s.c.active.is_(True)).order_by(s.c.id))
    if codes is not None:
        query = query.where(s.c.code.in_(list(codes)))
    beds_by_shelter: Dict[int, List[Bed]] = {}
    for row in conn.execute(select(orm.beds).order_by(orm.beds.c.id)).mappings():
        beds_by_shelter.setdefault(row["shelter_id"], []).append(
            Bed(row["kind"], row["capacity"], row["free"], utc(row["updated_at"]), row["updated_by"]))
    records = []
    for row in conn.execute(query).mappings():
        records.append(ShelterRecord(
            id=row["id"], code=row["code"], name=row["name"], type=row["type"], operator=row["operator_name"],
            municipality=row["municipality"], region=row["region"],
            phone_for_professionals=row["phone_for_professionals"],
            placement_authority=row["placement_authority"], out_of_hours_intake=row["out_of_hours_intake"],
            transport_available=row["transport_available"], trafficking_expertise=row["trafficking_expertise"],
            ggz_partner=row["ggz_partner"], max_stay_days=row["max_stay_days"],
            staff_languages=frozenset(row["staff_languages"] or ()), policy=policy_from_row(row),
            beds=tuple(beds_by_shelter.get(row["id"], ())), is_bridging=row["is_bridging"],
            fictional=row["fictional"],
        ))
    return records


def active_holds(conn: Connection, now: datetime) -> List[Tuple[int, str, float]]:
    """(shelter id, bed kind, expiry epoch) of every hold still counting against a free bed."""
    h, b = orm.holds, orm.beds
    rows = conn.execute(select(b.c.shelter_id, b.c.kind, h.c.expires_at).join(b, b.c.id == h.c.bed_id)
                        .where(h.c.status == "active", h.c.expires_at > now))
    return [(sid, kind, utc(expires).timestamp()) for sid, kind, expires in rows]
