"""A paged coordinator accepts a handoff by SMS ("OK OL-XXXXXX"), WhatsApp, or the keypad (1)."""
from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_voice import TwilioVoiceInput
from bot.channels.twilio_whatsapp import TwilioWhatsAppInput
from bot.handoff.packet import HandoffPacket
from tests.channels.conftest import VICTIM, RecordingAgent, post, sent, serve, sms

CODE = "OL-ABCDEF"


def open_handoff(env, code: str = CODE) -> str:
    """Open a handoff for the victim's SMS conversation, send the first page; the paged number."""
    packet = HandoffPacket(code, "victim", "nl", "tonight", ("children",), None, f"http://x/cases/{code}")
    env.pager.open(packet, "sms", VICTIM)
    env.pager.run_due()
    [page] = [p for p in env.pager.status(code)["pages"] if p["status"] == "sent"]
    return page["phone"]


def says(answer) -> list:
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
    return [s.text for s in ET.fromstring(answer.text).iter("Say")]


def test_ok_reply_acknowledges_the_handoff_and_is_not_passed_to_rasa(hotline_db):
    coordinator = open_handoff(hotline_db)
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        first = post(server, "/webhooks/twilio_sms/webhook", sms("SM" + "a" * 32, body="ok ol-abcdef", sender=coordinator))
        again = post(server, "/webhooks/twilio_sms/webhook", sms("SM" + "b" * 32, body="OK OL-ABCDEF", sender=coordinator))
    [confirmation] = [m.text for m in ET.fromstring(first.text).findall("Message")]
    assert confirmation.startswith("Geaccepteerd: OL-ABCDEF")
    assert "al geaccepteerd" in ET.fromstring(again.text).find("Message").text
    assert agent.messages == []
    status = hotline_db.pager.status(CODE)
    assert status["status"] == "accepted" and status["events"][-1] == "accepted"
    assert sent(hotline_db.standin)[-1]["To"] == VICTIM  # the waiting person hears it was accepted


def test_the_same_words_from_someone_who_was_not_paged_go_to_rasa(hotline):
    open_handoff(hotline)
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        answer = post(server, "/webhooks/twilio_sms/webhook", sms("SM" + "c" * 32, body="OK OL-ABCDEF"))
    assert ET.fromstring(answer.text).findall("Message") == []
    assert [m.text for m in agent.messages] == ["OK OL-ABCDEF"]
    assert hotline.pager.status(CODE)["status"] == "paging"


def test_after_acceptance_the_thread_is_relayed_and_not_passed_to_rasa(hotline):
    coordinator = open_handoff(hotline)
    agent = RecordingAgent()
    path = "/webhooks/twilio_sms/webhook"
    with serve(TwilioSmsInput(), agent) as server:
        post(server, path, sms("SM" + "1" * 32, body="OK OL-ABCDEF", sender=coordinator))
        before = len(sent(hotline.standin))
        person = post(server, path, sms("SM" + "2" * 32, body="Ben je er nog?"))
        photo = post(server, path, sms("MM" + "3" * 32, body="", NumMedia="1", MediaContentType0="image/jpeg",
                                       MediaUrl0="https://api.twilio.com/media/ME1"))
        answer = post(server, path, sms("SM" + "4" * 32, body="Ja, ik bel je zo.", sender=coordinator))
    assert ET.fromstring(person.text).findall("Message") == [] and ET.fromstring(photo.text).findall("Message") == []
    relayed = [(f["To"], f["Body"]) for f in sent(hotline.standin)[before:]]
    assert relayed == [(coordinator, "[OL-ABCDEF] Ben je er nog?"),
                       (coordinator, "[OL-ABCDEF] [bijlage/attachment: image/jpeg]"),
                       (VICTIM, "Ja, ik bel je zo.")]
    assert ET.fromstring(answer.text).findall("Message") == []
    assert agent.messages == []


def test_a_coordinator_may_accept_from_whatsapp(hotline):
    coordinator = open_handoff(hotline)
    agent = RecordingAgent()
    with serve(TwilioWhatsAppInput(), agent) as server:
        answer = post(server, "/webhooks/twilio_whatsapp/webhook",
                      sms("SM" + "d" * 32, body="OK OL-ABCDEF", sender="whatsapp:" + coordinator))
    assert ET.fromstring(answer.text).find("Message").text.startswith("Geaccepteerd: OL-ABCDEF")
    assert agent.messages == [] and hotline.pager.status(CODE)["accepted_by"]


def test_keypad_1_accepts_and_a_second_press_hears_it_was_already_accepted(hotline_db):
    open_handoff(hotline_db)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        path = f"/webhooks/twilio_voice/ack/{CODE}/daan"
        form = {"CallSid": "CA" + "1" * 32, "Digits": "1", "From": "+31000000800", "To": "+31000000904"}
        first = post(server, path, form)
        second = post(server, f"/webhooks/twilio_voice/ack/{CODE}/eva", {**form, "CallSid": "CA" + "2" * 32})
    assert says(first) == ["Geaccepteerd. Dank je. De details staan klaar na inloggen."]
    assert says(second) == ["Deze melding is al door een collega geaccepteerd."]
    status = hotline_db.pager.status(CODE)
    assert (status["status"], status["accepted_by"]) == ("accepted", "daan")


@pytest.mark.parametrize("digits, code", [("2", CODE), ("", CODE), ("1", "OL-ZZZZZZ")])
def test_other_keys_or_an_unknown_case_accept_nothing(hotline, digits, code):
    open_handoff(hotline)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        answer = post(server, f"/webhooks/twilio_voice/ack/{code}/daan", {"CallSid": "CA1", "Digits": digits})
    assert says(answer) == ["Niet geaccepteerd."]
    assert hotline.pager.status(CODE)["status"] == "paging"


def test_an_unsigned_keypad_press_is_refused(hotline):
    open_handoff(hotline)
    with serve(TwilioVoiceInput(), RecordingAgent()) as server:
        answer = post(server, f"/webhooks/twilio_voice/ack/{CODE}/daan", {"Digits": "1"}, token="forged")
    assert answer.status_code == 403 and hotline.pager.status(CODE)["status"] == "paging"
