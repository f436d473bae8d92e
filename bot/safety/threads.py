"""Which provider messages belong to a text thread, and which threads are in a cover conversation.

A thread is keyed by an HMAC of channel and sender, so these tables never hold a phone number.
(Phone numbers are a small space: the key is a pseudonym, not anonymity; rows are deleted on
erase and by `prune`.) Synchronous; the channels call these through `asyncio.to_thread`.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.registry import orm
from bot.registry.db import utcnow, writer

_KEY = b"opvanglijn-thread-v1"
COVER_HOURS = 12
# A handoff's `person_channel` -> the input channel whose threads hold that person's messages.
HANDOFF_CHANNELS = {"sms": "twilio_sms", "whatsapp": "twilio_whatsapp"}


def thread_key(channel: str, sender: str) -> str:
    return hmac.new(_KEY, f"{channel}\x00{sender}".encode(), hashlib.sha256).hexdigest()


def person_thread(person_channel: Optional[str], person_address: Optional[str]) -> Optional[str]:
    """The thread of the person waiting in a handoff (None on channels without a text thread).

    The key is the one the SMS/WhatsApp channel uses for that sender, so the erase word sent
    from the person's phone finds the pager's status messages and the relayed texts too.
    """
    channel = HANDOFF_CHANNELS.get(person_channel or "")
    if channel is None or not person_address:
        return None
    if person_channel == "whatsapp" and not person_address.startswith("whatsapp:"):
        person_address = f"whatsapp:{person_address}"
    return thread_key(channel, person_address)


def record_in(conn: Connection, thread: str, sid: str, direction: str, now: Optional[datetime] = None) -> None:
    """`record` inside the caller's write transaction; a sid indexed elsewhere moves to `thread`.

    A coordinator's message relayed to the person was indexed under the coordinator's own
    thread when it arrived; it is part of the person's conversation, so it moves there.
    """
    with conn.begin_nested():
        conn.execute(delete(orm.thread_messages).where(orm.thread_messages.c.sid == sid[:64]))
        conn.execute(insert(orm.thread_messages).values(sid=sid[:64], thread=thread, direction=direction,
                                                        at=now or utcnow()))


def assign(engine: Engine, thread: str, sid: str, direction: str, now: Optional[datetime] = None) -> None:
    """Index `sid` under `thread` (moving it from another thread) in its own write transaction."""
    with writer(engine).begin() as conn:
        record_in(conn, thread, sid, direction, now)


def record(engine: Engine, thread: str, sid: str, direction: str, now: Optional[datetime] = None) -> None:
    """Remember that provider message `sid` ("in" or "out") belongs to `thread`."""
    try:
        with writer(engine).begin() as conn:
            conn.execute(insert(orm.thread_messages).values(sid=sid[:64], thread=thread, direction=direction,
                                                            at=now or utcnow()))
    except IntegrityError:
        pass  # already recorded (a retried send reported the same sid)


def sids(engine: Engine, thread: str) -> List[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(orm.thread_messages.c.sid).where(orm.thread_messages.c.thread == thread)
                                 .order_by(orm.thread_messages.c.at)).scalars())


def forget(engine: Engine, thread: str, sids_: List[str]) -> None:
    """Drop the given sids of `thread` (those deleted at the provider)."""
    if not sids_:
        return
    with writer(engine).begin() as conn:
        conn.execute(delete(orm.thread_messages).where(orm.thread_messages.c.thread == thread,
                                                       orm.thread_messages.c.sid.in_(sids_)))


def start_cover(engine: Engine, thread: str, language: str, now: Optional[datetime] = None) -> None:
    until = (now or utcnow()) + timedelta(hours=COVER_HOURS)
    with writer(engine).begin() as conn:
        conn.execute(delete(orm.cover_threads).where(orm.cover_threads.c.thread == thread))
        conn.execute(insert(orm.cover_threads).values(thread=thread, language=language, until=until))


def end_cover(engine: Engine, thread: str) -> None:
    with writer(engine).begin() as conn:
        conn.execute(delete(orm.cover_threads).where(orm.cover_threads.c.thread == thread))


def cover_language(engine: Engine, thread: str, now: Optional[datetime] = None) -> Optional[str]:
    """The cover conversation's language while `thread` is in one, else None."""
    with engine.connect() as conn:
        row = conn.execute(select(orm.cover_threads.c.language, orm.cover_threads.c.until)
                           .where(orm.cover_threads.c.thread == thread)).first()
    if row is None:
        return None
    until = row.until if row.until.tzinfo else row.until.replace(tzinfo=(now or utcnow()).tzinfo)
    return row.language if until > (now or utcnow()) else None


def prune(engine: Engine, before: datetime) -> int:
    """Forget thread index rows older than `before` and expired cover conversations."""
    with writer(engine).begin() as conn:
        result = conn.execute(delete(orm.thread_messages).where(orm.thread_messages.c.at < before))
        conn.execute(delete(orm.cover_threads).where(orm.cover_threads.c.until < utcnow()))
    return int(result.rowcount or 0)
