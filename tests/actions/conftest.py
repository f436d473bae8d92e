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


def tracker(slots=None, text="", intent="bed_search", events=None, active_loop=None) -> Tracker:
    return Tracker("test-sender", slots or {}, {"text": text, "intent": {"name": intent}, "entities": []},
                   events or [], False, None, active_loop or {}, "action_listen")


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()
