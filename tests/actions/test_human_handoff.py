"""action_request_human pages the on-call contact without any personal data."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.human_handoff import ActionRequestHuman
from bot import constants as C, runtime
from bot.messaging.gateway import read_outbox
from tests.actions.conftest import tracker

pytestmark = pytest.mark.asyncio


async def test_pages_the_on_call_contact_with_a_packet_and_tells_the_person(wired, outbox, dispatcher, domain):
    secret_text = "ik ben Maria en mijn nummer is 0612345678"
    events = await ActionRequestHuman().run(
        dispatcher, tracker({"language": "ro"}, text=secret_text, intent="request_human"), domain)
    [sent] = read_outbox(outbox)
    code = events[0]["value"]
    assert events == [SlotSet(C.SLOT_CASE_CODE, code)] and code.startswith("OL-")
    assert sent["to"] == "+3100000999" and code in sent["body"] and "victim" in sent["body"] and "ro" in sent["body"]
    assert "Maria" not in sent["body"] and "0612345678" not in sent["body"]
    assert code in dispatcher.messages[0]["text"]


async def test_without_an_on_call_contact_the_person_is_told_and_given_112(wired, dispatcher, domain):
    runtime.configure(runtime.settings().with_(oncall_fallback_phone=None), wired, runtime.gateway())
    assert await ActionRequestHuman().run(dispatcher, tracker(intent="request_human"), domain) == []
    assert "112" in dispatcher.messages[0]["text"]
