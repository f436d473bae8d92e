"""The voice webhooks of the warm handoff, signed like Twilio signs them: a bridged call nobody picks
up goes to the next coordinator (never silent, never forever), and a call-back call dials the
person only after the coordinator pressed 1 and while the person's "yes" stands."""
from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest

from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_voice import TwilioVoiceInput
from bot.handoff.packet import HandoffPacket
from bot.registry.db import utcnow
from tests.channels.conftest import HOTLINE, VICTIM, RecordingAgent, post, sent, serve, sms

CODE = "OL-BRIDGE"
EVA, ANNA, PIKET = "+31000000905", "+31000000901", "+31000000900"


def voice_case(env, language="ro", now=None):
    """A caller on the line (a live call at the stand-in) waiting for a coordinator; its CallSid."""
    call_sid = env.gateway.place_call(VICTIM, "<Response><Gather input='speech'/></Response>").sid
    env.pager.open(HandoffPacket(CODE, "victim", language, "tonight", (), None, ""), "voice", call_sid, now=now)
    env.pager.run_due(now)
    return call_sid


def dialled(env, call_sid):
    root = ET.fromstring(env.standin.calls[call_sid]["twiml"])
    dial = root.find("Dial")
    return [n.text for n in dial.findall("Number")], dial.get("action")


def keypad(server, code, coordinator):
    return post(server, f"/webhooks/twilio_voice/ack/{code}/{coordinator}", {"CallSid": "CA" + "9" * 32, "Digits": "1"})


def dial_outcome(server, call_sid, coordinator, status, code=CODE, **kwargs):
    form = {"CallSid": call_sid, "DialCallStatus": status, "DialCallDuration": "0", "From": VICTIM, "To": HOTLINE}
    return post(server, f"/webhooks/twilio_voice/bridged/{code}/{coordinator}", form, **kwargs)


def pages_to(env, number):
    return [f["To"] for f in sent(env.standin)].count(number)


@pytest.mark.parametrize("status", ["no-answer", "busy", "failed"])
def test_a_bridged_call_nobody_picks_up_tells_the_caller_and_pages_the_next_coordinator(hotline_db, status):
    env = hotline_db
    call_sid = voice_case(env)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        keypad(server, CODE, "eva")
        numbers, action = dialled(env, call_sid)
        assert numbers == [EVA] and action.endswith(f"/webhooks/twilio_voice/bridged/{CODE}/eva")
        answer = dial_outcome(server, call_sid, "eva", status)
        root = ET.fromstring(answer.text)
        gather = root.find("Gather")
        say = gather.find("Say")
        assert say.get("language") == "ro-RO" and say.text.startswith("Coordonatorul nu a putut fi contactat")
        assert gather.get("action").endswith("/webhooks/twilio_voice/webhook")  # the caller stays on hold
        assert root.find("Hangup") is None
        state = env.pager.status(CODE)
        assert state["status"] == "paging" and state["events"][-2:] == ["bridge_unanswered", "escalated"]
        assert pages_to(env, ANNA) == 1  # the next Romanian speaker, paged now
        again = dial_outcome(server, call_sid, "eva", status)  # Twilio redelivers the callback
        assert ET.fromstring(again.text).find("Gather") is not None and pages_to(env, ANNA) == 1
        keypad(server, CODE, "anna")
    assert dialled(env, call_sid)[0] == [ANNA]  # the caller is bridged to anna now
    assert env.pager.status(CODE)["accepted_by"] == "anna"


def test_when_the_whole_chain_did_not_pick_up_the_caller_hears_112_and_the_line_ends(hotline):
    start = utcnow()
    call_sid = voice_case(hotline, "en", now=start)
    for minute in range(0, 45):  # everyone, the fallback last, twice: nobody accepts
        hotline.pager.run_due(start + timedelta(minutes=minute))
    assert pages_to(hotline, PIKET) == 2
    before = len(hotline.standin.requests)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        keypad(server, CODE, "piket")  # the fallback accepts at the very end...
        answer = dial_outcome(server, call_sid, "piket", "no-answer")  # ...and does not pick up
    root = ET.fromstring(answer.text)
    assert root.find("Hangup") is not None and root.find("Gather") is None
    text = root.find("Say").text
    assert "112" in text and "only call you back if you tell us it is safe" in text
    assert hotline.pager.status(CODE)["status"] == "exhausted"
    new = [r for r in hotline.standin.requests[before:] if r.path.endswith(("Messages.json", "Calls.json"))]
    assert new == []  # nothing loops: no page goes out again


def test_a_bridged_call_that_was_answered_ends_without_escalating(hotline):
    call_sid = voice_case(hotline)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        keypad(server, CODE, "eva")
        before = len(sent(hotline.standin))
        answer = dial_outcome(server, call_sid, "eva", "completed")
    assert ET.fromstring(answer.text).find("Hangup") is not None
    assert hotline.pager.status(CODE)["status"] == "accepted" and len(sent(hotline.standin)) == before


def test_an_unsigned_dial_outcome_is_refused(hotline):
    call_sid = voice_case(hotline)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        keypad(server, CODE, "eva")
        answer = dial_outcome(server, call_sid, "eva", "no-answer", token="forged")
    assert answer.status_code == 403 and hotline.pager.status(CODE)["status"] == "accepted"


def test_the_call_back_dials_the_person_only_after_1_and_only_after_their_yes(hotline):
    path = "/webhooks/twilio_sms/webhook"
    hotline.pager.open(HandoffPacket("OL-CALLBK", "victim", "nl", "tonight", (), None, ""), "sms", VICTIM)
    hotline.pager.run_due()
    with serve(TwilioSmsInput(), RecordingAgent()) as sms_server, \
            serve(TwilioVoiceInput(), RecordingAgent()) as voice:
        post(sms_server, path, sms("SM" + "1" * 32, body="OK OL-CALLBK", sender=EVA))
        press = {"CallSid": "CA" + "5" * 32, "Digits": "1", "From": HOTLINE, "To": EVA}
        too_early = ET.fromstring(post(voice, "/webhooks/twilio_voice/callback/OL-CALLBK", press).text)
        assert too_early.find("Dial") is None  # no yes yet: nobody is dialled
        post(sms_server, path, sms("SM" + "2" * 32, body="BEL OL-CALLBK", sender=EVA))
        post(sms_server, path, sms("SM" + "3" * 32, body="1"))
        [call] = [r for r in hotline.standin.requests if r.path.endswith("/Calls.json")]
        assert call.form["To"] == EVA and VICTIM not in call.form["Twiml"]
        no_key = ET.fromstring(post(voice, "/webhooks/twilio_voice/callback/OL-CALLBK", {**press, "Digits": ""}).text)
        assert no_key.find("Dial") is None
        connected = ET.fromstring(post(voice, "/webhooks/twilio_voice/callback/OL-CALLBK", press).text)
        twice = ET.fromstring(post(voice, "/webhooks/twilio_voice/callback/OL-CALLBK", press).text)
        forged = post(voice, "/webhooks/twilio_voice/callback/OL-CALLBK", press, token="forged")
    dial = connected.find("Dial")
    assert dial.get("callerId") == HOTLINE and [n.text for n in dial.findall("Number")] == [VICTIM]
    assert twice.find("Dial") is None and forged.status_code == 403
