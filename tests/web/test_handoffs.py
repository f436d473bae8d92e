"""Handoff API and the web service's pager loop, over real HTTP."""
from __future__ import annotations

import time
import uuid

import pytest
from sanic import Sanic

from bot.handoff.packet import HandoffPacket
from bot.handoff.paging import Pager
from bot.handoff.store import RosterStore
from bot.messaging.gateway import OutboxGateway, read_outbox
from bot.web.app import create_app
from tests.handoff.conftest import ROSTER
from tests.web.conftest import LiveServer
from tests.web.test_app import call

PACKET = HandoffPacket("OL-WEBTST", "victim", "nl", "tonight", (), None, "http://x/cases/OL-WEBTST")


@pytest.fixture
def served(sqlite_registry, monkeypatch, tmp_path):
    monkeypatch.setenv("API_TOKEN", "test-token-not-secret")
    Sanic.test_mode = True
    RosterStore(sqlite_registry.engine).import_yaml(ROSTER, actor="test")
    outbox = tmp_path / "outbox.jsonl"
    pager = Pager(sqlite_registry.engine, OutboxGateway(outbox), RosterStore(sqlite_registry.engine).latest)
    app = create_app(sqlite_registry.settings, registry=sqlite_registry, name=f"h{uuid.uuid4().hex[:8]}",
                     pager=pager)
    with LiveServer(app) as server:
        yield server, pager, outbox


def test_the_pager_loop_sends_due_pages_while_the_service_runs(served):
    server, pager, outbox = served
    pager.open(PACKET)
    deadline = time.monotonic() + 5
    while not (outbox.exists() and read_outbox(outbox)) and time.monotonic() < deadline:
        time.sleep(0.1)
    [page] = read_outbox(outbox)
    assert "OL-WEBTST" in page["body"]


def test_accept_through_the_api_stops_paging(served):
    server, pager, _ = served
    pager.open(PACKET)
    status, body = call(f"{server.url}/api/handoffs/OL-WEBTST/ack", {"by": "daan"})
    assert status == 200 and body == {"case_code": "OL-WEBTST", "accepted_by": "daan", "first": True}
    status, state = call(f"{server.url}/api/handoffs/OL-WEBTST")
    assert state["status"] == "accepted" and all(p["status"] != "pending" for p in state["pages"])


def test_case_link_needs_sign_in_and_unknown_cases_are_404(served):
    server, pager, _ = served
    pager.open(PACKET)
    assert call(f"{server.url}/cases/OL-WEBTST", token=None)[0] == 401
    assert call(f"{server.url}/cases/OL-WEBTST")[0] == 200
    assert call(f"{server.url}/cases/OL-NOPE00")[0] == 404
    assert call(f"{server.url}/api/handoffs/OL-NOPE00/ack", {"by": "x"})[0] == 404
    assert call(f"{server.url}/api/handoffs/OL-WEBTST/ack", {})[0] == 422


@pytest.mark.parametrize("raw, status, error", [
    (b"{not json", 400, "body must be valid JSON"),
    (b'["daan"]', 422, "body must be a JSON object"),
    (b'"daan"', 422, "body must be a JSON object"),
])
def test_a_malformed_acceptance_gets_our_clear_answer_and_changes_nothing(served, raw, status, error):
    server, pager, _ = served
    pager.open(PACKET)
    assert call(f"{server.url}/api/handoffs/OL-WEBTST/ack", raw=raw) == (status, {"error": error})
    assert pager.status("OL-WEBTST")["accepted_by"] is None
