"""SMS and WhatsApp through a real Sanic app, a real database and the Twilio stand-in."""
from __future__ import annotations

import threading
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from bot.channels.base import REQUEST_HUMAN
from bot.channels.text import MAX_INBOUND_CHARS, segments
from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_whatsapp import TwilioWhatsAppInput
from bot.registry import orm
from tests.channels.conftest import DEFAULT_REPLY, HOTLINE, SECRET, VICTIM, RecordingAgent, post, sent, serve, sms

WEBHOOK = "/webhooks/twilio_sms/webhook"


def messages_in(answer) -> list:
    """The `<Message>` texts of a TwiML answer (asserts it is TwiML)."""
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
    root = ET.fromstring(answer.text)
    assert root.tag == "Response"
    return [m.text for m in root.findall("Message")]


def test_a_valid_sms_goes_to_rasa_and_the_reply_is_sent_to_the_sender(hotline):
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        answer = post(server, WEBHOOK, sms("SM" + "a" * 32))
    assert messages_in(answer) == []  # empty <Response/>: the reply left through the gateway
    [message] = agent.messages
    assert (message.text, message.sender_id, message.input_channel) == (SECRET, VICTIM, "twilio_sms")
    assert message.message_id == "SM" + "a" * 32 and message.output_channel.name() == "twilio_sms"
    [reply] = sent(hotline.standin)
    assert (reply["To"], reply["From"], reply["Body"]) == (VICTIM, HOTLINE, DEFAULT_REPLY["text"])


@pytest.mark.parametrize("concurrent", [False, True], ids=["in_turn", "at_once"])
def test_a_redelivered_message_sid_is_acknowledged_but_handled_once(hotline_db, concurrent):
    agent = RecordingAgent()
    form = sms("SM" + "b" * 32)
    with serve(TwilioSmsInput(), agent) as server:
        if concurrent:
            answers = []
            threads = [threading.Thread(target=lambda: answers.append(post(server, WEBHOOK, form))) for _ in range(5)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(20)
        else:
            answers = [post(server, WEBHOOK, form) for _ in range(3)]
    assert all(messages_in(answer) == [] for answer in answers) and len(answers) in (3, 5)
    assert len(agent.messages) == 1 and len(sent(hotline_db.standin)) == 1
    with hotline_db.engine.connect() as conn:
        stored = conn.execute(select(orm.inbound_messages)).mappings().all()
    assert [(r["message_sid"], r["channel"]) for r in stored] == [("SM" + "b" * 32, "twilio_sms")]


def test_a_photo_or_voice_note_is_never_met_with_silence_and_a_person_is_asked(hotline):
    agent = RecordingAgent()
    form = sms("MM" + "c" * 32, body="", NumMedia="2", MediaContentType0="audio/ogg",
               MediaUrl0="https://api.twilio.com/media/ME1", MediaContentType1="image/jpeg",
               MediaUrl1="https://api.twilio.com/media/ME2")
    with serve(TwilioSmsInput(), agent) as server:
        answer = post(server, WEBHOOK, form)
    assert messages_in(answer) == []
    notice, reply = sent(hotline.standin)
    assert notice["To"] == VICTIM and "Een medewerker kijkt ernaar" in notice["Body"] and "A person" in notice["Body"]
    assert reply["Body"] == DEFAULT_REPLY["text"]
    [message] = agent.messages
    assert message.text == REQUEST_HUMAN
    media = message.metadata["twilio"]["media"]
    assert [m["content_type"] for m in media] == ["audio/ogg", "image/jpeg"] and media[1]["url"].endswith("ME2")


def test_a_whatsapp_location_is_passed_on_for_a_person_to_look_at(hotline):
    agent = RecordingAgent()
    form = sms("SM" + "d" * 32, body="", sender="whatsapp:" + VICTIM, Latitude="52.37", Longitude="4.89")
    with serve(TwilioWhatsAppInput(), agent) as server:
        post(server, "/webhooks/twilio_whatsapp/webhook", form)
    [message] = agent.messages
    assert message.text == REQUEST_HUMAN and message.metadata["twilio"]["location"]["latitude"] == "52.37"
    assert "locatie" in sent(hotline.standin)[0]["Body"]


def test_an_empty_message_gets_a_clear_reply(hotline):
    agent = RecordingAgent()
    with serve(TwilioSmsInput(), agent) as server:
        answer = post(server, WEBHOOK, sms("SM" + "e" * 32, body="   "))
    [text] = messages_in(answer)
    assert "leeg" in text and "empty" in text and "112" in text
    assert agent.messages == []


def test_a_5000_character_message_is_read_up_to_1600_said_so_and_nothing_is_lost(hotline):
    agent = RecordingAgent()
    body = ("Ik werk elke dag zestien uur en krijg mijn paspoort niet terug. " * 80)[:5000]
    with serve(TwilioSmsInput(), agent) as server:
        answer = post(server, WEBHOOK, sms("SM" + "f" * 32, body=body))
    assert messages_in(answer) == []
    [message] = agent.messages
    meta = message.metadata["twilio"]
    assert message.text == body[:MAX_INBOUND_CHARS].strip() and meta["original_length"] == 5000
    assert body[:MAX_INBOUND_CHARS] + meta["overflow_text"] == body  # nothing lost
    notice, reply = sent(hotline.standin)
    assert "5000" in notice["Body"] and "1600" in notice["Body"] and reply["Body"] == DEFAULT_REPLY["text"]


def test_buttons_become_numbered_lines_and_a_number_picks_the_payload(hotline):
    buttons = [{"title": "Een bed zoeken", "payload": "/bed_search"},
               {"title": "Met een mens praten", "payload": REQUEST_HUMAN}]
    agent = RecordingAgent(lambda m: [{"text": "Waarmee kan ik helpen?", "buttons": buttons}])
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms("SM" + "1" * 32, body="hallo"))
        post(server, WEBHOOK, sms("SM" + "2" * 32, body=" 2. "))
        post(server, WEBHOOK, sms("SM" + "3" * 32, body="7"))
    assert sent(hotline.standin)[0]["Body"] == "Waarmee kan ik helpen?\n1. Een bed zoeken\n2. Met een mens praten"
    assert [m.text for m in agent.messages] == ["hallo", REQUEST_HUMAN, "7"]


def test_a_long_reply_is_split_on_paragraphs_into_parts_of_at_most_two_segments(hotline):
    paragraphs = [f"Alinea {n}: " + "Je bent niet alleen en je hebt rechten in Nederland. " * 4 for n in range(3)]
    agent = RecordingAgent(lambda m: [{"text": "\n\n".join(paragraphs)}])
    with serve(TwilioSmsInput(), agent) as server:
        post(server, WEBHOOK, sms("SM" + "4" * 32, body="wat zijn mijn rechten"))
    bodies = [form["Body"] for form in sent(hotline.standin)]
    assert bodies == [p.strip() for p in paragraphs] and all(segments(b) <= 2 for b in bodies)


def test_whatsapp_replies_go_back_to_the_whatsapp_address(hotline):
    agent = RecordingAgent()
    with serve(TwilioWhatsAppInput(), agent) as server:
        answer = post(server, "/webhooks/twilio_whatsapp/webhook", sms("SM" + "5" * 32, sender="whatsapp:" + VICTIM))
    assert messages_in(answer) == []
    [message] = agent.messages
    assert message.sender_id == "whatsapp:" + VICTIM and message.input_channel == "twilio_whatsapp"
    assert sent(hotline.standin)[0]["To"] == "whatsapp:" + VICTIM


def test_a_reply_the_gateway_cannot_send_comes_back_as_twiml(hotline):
    agent = RecordingAgent()
    hotline.standin.fail_next(3, status=503, code=20503)
    with serve(TwilioSmsInput(), agent) as server:
        answer = post(server, WEBHOOK, sms("SM" + "6" * 32))
    assert messages_in(answer) == [DEFAULT_REPLY["text"]] and sent(hotline.standin) == []


def test_when_handling_fails_the_person_is_told_and_a_redelivery_is_handled_again(hotline):
    calls = []

    def reply(message):
        calls.append(message)
        if len(calls) == 1:
            raise RuntimeError(f"broken model while reading {message.text}")
        return [dict(DEFAULT_REPLY)]

    agent = RecordingAgent(reply)
    with serve(TwilioSmsInput(), agent) as server:
        first = post(server, WEBHOOK, sms("SM" + "7" * 32))
        again = post(server, WEBHOOK, sms("SM" + "7" * 32))
    [text] = messages_in(first)
    assert "opnieuw" in text or "nog een keer" in text
    assert messages_in(again) == [] and len(calls) == 2 and sent(hotline.standin)[0]["Body"] == DEFAULT_REPLY["text"]


def test_status_callbacks_are_recorded_once_without_numbers_or_text(hotline_db):
    with serve(TwilioSmsInput(), RecordingAgent()) as server:
        path = "/webhooks/twilio_sms/status"
        base = {"MessageSid": "SM" + "8" * 32, "AccountSid": "AC1", "From": HOTLINE, "To": VICTIM}
        answers = [post(server, path, {**base, "MessageStatus": "sent"}),
                   post(server, path, {**base, "MessageStatus": "sent"}),
                   post(server, path, {**base, "MessageStatus": "undelivered", "ErrorCode": "30003"})]
    assert [a.status_code for a in answers] == [204, 204, 204]
    with hotline_db.engine.connect() as conn:
        stored = conn.execute(select(orm.delivery_status).order_by(orm.delivery_status.c.status)).mappings().all()
    assert [(r["sid"], r["status"], r["error_code"]) for r in stored] == [
        ("SM" + "8" * 32, "sent", None), ("SM" + "8" * 32, "undelivered", "30003")]
    assert not any(VICTIM in str(value) or HOTLINE in str(value) for r in stored for value in r.values())
