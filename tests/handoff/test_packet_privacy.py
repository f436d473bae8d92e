"""Property: whatever the person wrote, is called or texts from, no page or call carries it.

Hypothesis generates people (name, phone number, message) and cases (language, needs, region),
drives the real action_request_human with an SMS conversation, lets the pager run through the
escalation, and checks every SMS body and TwiML the coordinators receive.
"""
from __future__ import annotations

import asyncio
import string
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.human_handoff import ActionRequestHuman
from bot import runtime
from bot.handoff.store import RosterStore
from bot.messaging.gateway import OutboxGateway, read_outbox
from bot.nlu.language import SUPPORTED
from bot.registry.db import utcnow
from tests.handoff.conftest import ROSTER

names = st.text(alphabet=string.ascii_letters + "éöüçñ", min_size=6, max_size=20)
phones = st.from_regex(r"\+316[0-9]{8}", fullmatch=True)
texts = st.text(alphabet=string.ascii_letters + string.digits + " .,!?'éàü", min_size=15, max_size=200).filter(
    lambda t: len(t.strip()) >= 15)


@pytest.fixture
def rostered(sqlite_registry):
    RosterStore(sqlite_registry.engine).import_yaml(ROSTER, actor="test")
    return sqlite_registry


def sms_tracker(phone: str, text: str, language: str, intent: str) -> Tracker:
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}},
               "input_channel": "twilio_sms"}]
    return Tracker(phone, {"language": language}, {"text": text, "intent": {"name": "request_human"}, "entities": []},
                   events, False, None, {}, "action_listen")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, phone=phones, text=texts, language=st.sampled_from(SUPPORTED),
       intent=st.sampled_from(["bed_search", "request_human"]))
def test_pages_never_carry_the_persons_number_name_or_words(rostered, tmp_path_factory, name, phone, text, language,
                                                           intent):
    sqlite_registry = rostered
    outbox = tmp_path_factory.mktemp("outbox") / "outbox.jsonl"
    gateway = OutboxGateway(outbox)
    runtime.configure(sqlite_registry.settings, sqlite_registry, gateway,
                      runtime.make_pager(sqlite_registry.engine, gateway, sqlite_registry.settings))
    try:
        message = f"Ik ben {name}, mijn nummer is {phone}. {text}"
        asyncio.run(ActionRequestHuman().run(CollectingDispatcher(), sms_tracker(phone, message, language, intent), {}))
        runtime.pager().run_due(utcnow() + timedelta(minutes=12))  # SMS, calls and escalations
    finally:
        runtime.configure()
    pages = [m for m in read_outbox(outbox) if m["to"] != phone]
    told = [m for m in read_outbox(outbox) if m["to"] == phone]
    assert pages and told, "nobody was paged, or the person was not told"
    for page in pages:
        content = page.get("body") or page.get("twiml") or ""
        assert phone not in content and phone[3:] not in content.replace(" ", "")
        assert name not in content and text.strip() not in content
