"""Production-shaped stores for real: Rasa's SQL tracker store on PostgreSQL and its Redis lock
store, configured from deploy/endpoints.production.yml."""
from __future__ import annotations

import asyncio
import uuid

import pytest
import redis
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.config import ROOT

pytestmark = pytest.mark.postgres


@pytest.fixture
def production_env(monkeypatch, pg_url):
    host_port, name = pg_url.split("@", 1)[1].rsplit("/", 1)
    host, port = host_port.split(":")
    values = {"ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook", "TRACKER_DB_HOST": host, "TRACKER_DB_PORT": port,
              "TRACKER_DB_NAME": name, "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "",
              "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_LOCK_DB": "3"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not reachable at 127.0.0.1:6379: start it (see README)")
    return ROOT / "deploy" / "endpoints.production.yml"


def test_conversations_survive_in_postgresql(production_env):
    domain = Domain.load(str(ROOT / "domain.yml"))
    store = TrackerStore.create(read_endpoint_config(str(production_env), "tracker_store"), domain)
    sender = f"deploy-{uuid.uuid4().hex[:8]}"
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("hallo"), SlotSet("language", "nl")],
                                               domain.slots)
    asyncio.run(store.save(tracker))
    fresh = TrackerStore.create(read_endpoint_config(str(production_env), "tracker_store"), domain)
    again = asyncio.run(fresh.retrieve(sender))
    assert again is not None and again.get_slot("language") == "nl" and again.latest_message.text == "hallo"


def test_conversation_locks_are_shared_through_redis(production_env):
    config = read_endpoint_config(str(production_env), "lock_store")
    first, second = LockStore.create(config), LockStore.create(config)
    sender = f"deploy-{uuid.uuid4().hex[:8]}"

    async def scenario():
        async with first.lock(sender):
            waiting = second.issue_ticket(sender)  # a second worker for the same conversation
            assert second.get_lock(sender).is_locked(waiting)
            second.cleanup(sender, waiting)
        assert not second.get_lock(sender) or not second.get_lock(sender).tickets

    asyncio.run(scenario())


def test_the_erase_word_deletes_a_conversation_from_the_production_tracker_store(production_env):
    from bot.safety.erase import erase_conversation

    domain = Domain.load(str(ROOT / "domain.yml"))
    store = TrackerStore.create(read_endpoint_config(str(production_env), "tracker_store"), domain)
    sender, other = (f"deploy-{uuid.uuid4().hex[:8]}" for _ in range(2))
    for who in (sender, other):
        asyncio.run(store.save(DialogueStateTracker.from_events(who, [UserUttered("ik ben bang")], domain.slots)))
    assert asyncio.run(erase_conversation(store, sender)) is True
    fresh = TrackerStore.create(read_endpoint_config(str(production_env), "tracker_store"), domain)
    assert asyncio.run(fresh.retrieve(sender)) is None
    assert asyncio.run(fresh.retrieve(other)).latest_message.text == "ik ben bang"  # only that thread


def test_the_erase_word_also_works_on_a_redis_tracker_store(production_env):
    from rasa.core.tracker_store import RedisTrackerStore

    from bot.safety.erase import erase_conversation

    domain = Domain.load(str(ROOT / "domain.yml"))
    store = RedisTrackerStore(domain, host="127.0.0.1", port=6379, db=4)
    sender = f"deploy-{uuid.uuid4().hex[:8]}"
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, [UserUttered("ik ben bang")], domain.slots)))
    assert asyncio.run(store.retrieve(sender)) is not None
    assert asyncio.run(erase_conversation(store, sender)) is True
    assert asyncio.run(store.retrieve(sender)) is None
