"""action_request_human pages the on-call chain at once, without any personal data."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.human_handoff import ActionRequestHuman
from bot import constants as C, runtime
from bot.handoff.paging import Pager
from bot.messaging.gateway import read_outbox
from tests.actions.conftest import tracker

ROSTER_NUMBERS = {"+31000000900", "+31000000901", "+31000000902", "+31000000903", "+31000000904"}


async def test_pages_the_first_person_on_shift_with_a_packet_and_tells_the_person(wired, outbox, dispatcher,
                                                                                 domain):
    secret_text = "ik ben Maria en mijn nummer is 0612345678"
    events = await ActionRequestHuman().run(
        dispatcher, tracker({"language": "ro"}, text=secret_text, intent="request_human"), domain)
    [sent] = read_outbox(outbox)
    code = events[0]["value"]
    assert events == [SlotSet(C.SLOT_CASE_CODE, code)] and code.startswith("OL-")
    assert sent["to"] in ROSTER_NUMBERS
    assert code in sent["body"] and "victim" in sent["body"] and "ro" in sent["body"]
    assert "Maria" not in sent["body"] and "0612345678" not in sent["body"]
    assert code in dispatcher.messages[0]["text"]
    assert runtime.pager().status(code)["status"] == "paging"


async def test_without_a_roster_the_person_is_told_and_given_112(wired, dispatcher, domain):
    runtime.configure(runtime.settings(), wired, runtime.gateway(),
                      Pager(wired.engine, runtime.gateway(), lambda: None))
    assert await ActionRequestHuman().run(dispatcher, tracker(intent="request_human"), domain) == []
    assert "112" in dispatcher.messages[0]["text"]


async def test_a_caller_on_the_voice_line_is_reached_by_their_call_never_their_number(wired, outbox, dispatcher,
                                                                                      domain):
    from rasa_sdk import Tracker
    from sqlalchemy import select

    from bot.registry import orm

    caller, call_sid = "+31000000777", "CA" + "7" * 32  # FICTIONAL number
    voice = Tracker(caller, {"language": "nl"}, {"text": "ik wil iemand spreken", "intent": {"name": "request_human"},
                                                 "entities": [], "metadata": {"twilio": {"call_sid": call_sid}}},
                    [{"event": "user", "input_channel": "twilio_voice", "text": "ik wil iemand spreken"}], False,
                    None, {}, "action_listen")
    events = await ActionRequestHuman().run(dispatcher, voice, domain)
    with wired.engine.connect() as conn:
        row = conn.execute(select(orm.handoffs.c.person_channel, orm.handoffs.c.person_address).where(
            orm.handoffs.c.case_code == events[0]["value"])).one()
    assert tuple(row) == ("voice", call_sid)
    assert all(caller not in (entry.get("body") or "") for entry in read_outbox(outbox))
