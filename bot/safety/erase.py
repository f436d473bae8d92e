"""Erase a text thread: the conversation in Rasa's tracker store and the messages at the provider.

Called by `bot.safety.guard` after the person sent the erase word. Rasa has no API to delete a
conversation, so this knows the tracker stores the hotline runs on (in-memory, SQL, Redis) and
unwraps Rasa's wrappers to reach them. Another store is reported, never silently skipped.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, List

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore

from bot.messaging.base import GatewayError
from bot.safety import threads

log = logging.getLogger("opvanglijn.safety")
GONE = "20404"  # the provider no longer has the message: nothing left to delete


@dataclass(frozen=True)
class Erased:
    conversation: bool  # the tracker store no longer holds the conversation
    deleted: int  # provider messages deleted (or already gone)
    kept: List[str]  # sids whose deletion failed for now: kept in the index for a later erase


def innermost(store: Any) -> Any:
    """Rasa wraps the configured store (AwaitableTrackerStore, FailSafeTrackerStore)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def _erase_sql(store: SQLTrackerStore, sender_id: str) -> None:
    with store.session_scope() as session:
        session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
        session.commit()


async def erase_conversation(tracker_store: Any, sender_id: str) -> bool:
    store = innermost(tracker_store)
    if store is None:
        return True  # nothing is stored for any conversation
    if isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
    elif isinstance(store, RedisTrackerStore):
        await asyncio.to_thread(store.red.delete, store.key_prefix + sender_id)
    elif isinstance(store, SQLTrackerStore):
        await asyncio.to_thread(_erase_sql, store, sender_id)
    else:
        log.error("erase: tracker store %s is not supported; conversation NOT erased", type(store).__name__)
        return False
    return True


def erase_provider_messages(engine, gateway, thread: str) -> Erased:
    """Delete every recorded message of `thread` at the provider; failures stay for a retry."""
    deleted, kept = [], []
    for sid in threads.sids(engine, thread):
        try:
            gateway.delete_message(sid)
            deleted.append(sid)
        except GatewayError as exc:
            if exc.code is not None and str(exc.code) == GONE:
                deleted.append(sid)
            else:
                log.warning("erase: message %s not deleted at the provider yet (code %s)", sid, exc.code)
                kept.append(sid)
    threads.forget(engine, thread, deleted)
    return Erased(conversation=True, deleted=len(deleted), kept=kept)
