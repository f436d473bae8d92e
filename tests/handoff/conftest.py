"""Handoff fixtures: a roster that covers the whole week, the Twilio stand-in, a Pager."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.handoff.notify import person_notifier
from bot.handoff.paging import Pager
from bot.handoff.store import RosterStore
from bot.messaging.gateway import TwilioGateway
from bot.twilio_standin import StandIn

ACCOUNT_SID = "AC" + "2" * 32
AUTH_TOKEN = "handoff-test-token"
HOTLINE_NUMBER = "+31000000800"
# A Tuesday, 02:00 in Amsterdam: only the national night shift is on.
NIGHT = datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc)

ROSTER = """
escalation_minutes: 5
call_after_minutes: 1
fallback: {id: piket, name: FICTIEF Piket, phone: "+31000000900", languages: [nl, en]}
coordinators:
  - {id: anna, name: FICTIEF Anna, phone: "+31000000901", languages: [nl, ro], regions: [Limburg]}
  - {id: daan, name: FICTIEF Daan, phone: "+31000000904", languages: [nl, en]}
  - {id: eva, name: FICTIEF Eva, phone: "+31000000905", languages: [nl, ro]}
shifts:
  - {coordinator: anna, days: all, from: "00:00", to: "24:00", region: Limburg}
  - {coordinator: daan, days: all, from: "00:00", to: "24:00"}
  - {coordinator: eva, days: all, from: "00:00", to: "24:00"}
"""


@pytest.fixture
def standin():
    with StandIn(ACCOUNT_SID, AUTH_TOKEN) as server:
        yield server


@pytest.fixture
def gateway(standin):
    return TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE_NUMBER, api_base_url=standin.base_url, timeout=5)


@pytest.fixture
def roster_store(registry):
    store = RosterStore(registry.engine)
    store.import_yaml(ROSTER, actor="test")
    return store


@pytest.fixture
def pager(registry, roster_store, gateway):
    return Pager(registry.engine, gateway, roster_store.latest, person_notifier(gateway))


def sent_to(standin, kind="Messages"):
    """Recipients of successful API requests of one kind, in order."""
    return [r.form.get("To") for r in standin.requests if r.path.endswith(f"/{kind}.json") and r.status == 201]
