"""Webhook bookkeeping is forgotten once it has done its job, and not before."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.channels import housekeeping, store
from bot.registry import orm
from bot.registry.db import utcnow
from bot.safety import threads


def _sids(engine, table, column):
    with engine.connect() as conn:
        return set(conn.execute(select(column)).scalars())


def test_old_dedupe_and_thread_rows_go_recent_ones_stay(registry):
    engine, now = registry.engine, utcnow()
    store.claim(engine, "SMold", "twilio_sms", now=now - timedelta(days=3))
    store.claim(engine, "SMnew", "twilio_sms", now=now - timedelta(hours=1))
    thread = threads.thread_key("twilio_sms", "+31000000001")
    threads.record(engine, thread, "SMold-thread", "in", now=now - timedelta(days=31))
    threads.record(engine, thread, "SMnew-thread", "out", now=now - timedelta(days=29))
    counts = housekeeping.prune(engine, now)
    assert counts == {"inbound_messages": 1, "thread_messages": 1}
    assert _sids(engine, orm.inbound_messages, orm.inbound_messages.c.message_sid) == {"SMnew"}
    assert _sids(engine, orm.thread_messages, orm.thread_messages.c.sid) == {"SMnew-thread"}


def test_the_pager_loop_prunes_at_most_once_an_hour(sqlite_registry):
    engine = sqlite_registry.engine
    job = housekeeping.Housekeeping(engine)
    job()
    store.claim(engine, "SMstale", "twilio_sms", now=utcnow() - timedelta(days=5))
    job()  # within the hour: nothing pruned
    assert "SMstale" in _sids(engine, orm.inbound_messages, orm.inbound_messages.c.message_sid)
    job._last -= 3600
    job()
    assert "SMstale" not in _sids(engine, orm.inbound_messages, orm.inbound_messages.c.message_sid)
