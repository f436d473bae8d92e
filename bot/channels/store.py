"""Webhook bookkeeping in the registry database: deduplication and delivery status.

Twilio redelivers a webhook when our answer is slow or fails (and with `#rc=` retries), always
with the same MessageSid. `claim()` inserts the sid first, under its primary key, in its own
write transaction: exactly one delivery wins on SQLite (write lock) and PostgreSQL (unique
index), however many arrive at once. The others are acknowledged without processing.

Neither table holds a phone number or message text: only provider sids, statuses and times.
All functions are synchronous; the channels call them through `asyncio.to_thread`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.registry import orm
from bot.registry.db import utcnow, writer

__all__ = ["claim", "prune", "record_status", "release"]


def claim(engine: Engine, message_sid: str, channel: str, now: Optional[datetime] = None) -> bool:
    """Record `message_sid` as received; False if it was already there (a redelivery)."""
    try:
        with writer(engine).begin() as conn:
            conn.execute(insert(orm.inbound_messages).values(
                message_sid=message_sid[:64], channel=channel[:24], received_at=now or utcnow()))
    except IntegrityError:
        return False
    return True


def release(engine: Engine, message_sid: str) -> None:
    """Forget a claim whose processing failed, so a redelivery of it is processed after all."""
    with writer(engine).begin() as conn:
        conn.execute(delete(orm.inbound_messages).where(orm.inbound_messages.c.message_sid == message_sid[:64]))


def record_status(engine: Engine, sid: str, status: str, error_code: Optional[str] = None,
                  now: Optional[datetime] = None) -> bool:
    """Store one status callback; False when this sid already had this status (a redelivery)."""
    try:
        with writer(engine).begin() as conn:
            conn.execute(insert(orm.delivery_status).values(
                sid=sid[:64], status=status[:16], error_code=(error_code or None) and error_code[:16],
                at=now or utcnow()))
    except IntegrityError:
        return False
    return True


def prune(engine: Engine, before: datetime) -> int:
    """Delete dedupe rows received before `before` (Twilio stops retrying within hours)."""
    with writer(engine).begin() as conn:
        result = conn.execute(delete(orm.inbound_messages).where(orm.inbound_messages.c.received_at < before))
    return int(result.rowcount or 0)
