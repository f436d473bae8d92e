"""Action tests: real rasa-sdk Trackers, a real SQLite registry, the outbox gateway."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import runtime
from bot.config import ROOT
from bot.handoff.store import RosterStore
from bot.messaging.gateway import OutboxGateway


@pytest.fixture
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def outbox(tmp_path):
    return tmp_path / "outbox.jsonl"


@pytest.fixture
def wired(sqlite_registry, outbox):
    RosterStore(sqlite_registry.engine).import_yaml((ROOT / "deploy" / "roster.sample.yml").read_text(), actor="test")
    runtime.configure(sqlite_registry.settings.with_(outbox_path=outbox), sqlite_registry, OutboxGateway(outbox))
    yield sqlite_registry
    runtime.configure()


OFFICER = "+31000000101"  # FICTIONAL: the +31 00 range reaches nobody


@pytest.fixture
def verified(wired):
    """The test conversation is verified as a registered police officer."""
    verification = runtime.verification()
    verification.register(OFFICER, "Agent FICTIEF", "Politie Limburg", "police")
    verification.verify_sender("test-sender", OFFICER)
    return verification


def tracker(slots=None, text="", intent="bed_search", events=None, active_loop=None, entities=None,
            channel=None, sender="test-sender") -> Tracker:
    latest = {"text": text, "intent": {"name": intent}, "entities": entities or []}
    events = list(events or [])
    if channel:
        events.append({"event": "user", "text": text, "parse_data": latest, "input_channel": channel})
    return Tracker(sender, slots or {}, latest, events, False, None, active_loop or {}, "action_listen")


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()
