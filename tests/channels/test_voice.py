"""Calls: speech is recognised in the conversation's language, the bot's replies are spoken."""
from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from bot.channels.twilio_voice import MAX_SILENCES, TwilioVoiceInput
from tests.channels.conftest import HOTLINE, VICTIM, RecordingAgent, language_store, post, serve

WEBHOOK = "/webhooks/twilio_voice/webhook"
GREETING = {"text": "Welkom bij de Opvanglijn. Waarmee kan ik helpen?"}


def call_form(call: str = "CA" + "1" * 32, caller: str = VICTIM, **extra: str) -> dict:
    return {"CallSid": call, "AccountSid": "AC1", "From": caller, "To": HOTLINE, "Direction": "inbound",
            "CallStatus": "ringing", **extra}


def twiml(answer) -> ET.Element:
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/xml")
    return ET.fromstring(answer.text)


@pytest.mark.parametrize("slot, speech, say", [
    ("pl", "pl-PL", "pl-PL"), ("zh", "cmn-CN", "zh-CN"), ("uk", "uk-UA", "uk-UA"), ("en", "en-GB", "en-GB"),
    (None, "nl-NL", "nl-NL"), ("xx", "nl-NL", "nl-NL"),
])
def test_an_incoming_call_listens_in_the_language_of_the_conversation(hotline, slot, speech, say):
    store = language_store({VICTIM: slot} if slot else {})
    agent = RecordingAgent(lambda m: [dict(GREETING)], tracker_store=store)
    with serve(TwilioVoiceInput(), agent) as server:
        root = twiml(post(server, WEBHOOK, call_form()))
    gather = root.find("Gather")
    assert gather.get("input") == "speech" and gather.get("language") == speech
    assert gather.get("action").endswith("/webhooks/twilio_voice/webhook")
    assert [(s.text, s.get("language")) for s in gather.findall("Say")] == [(GREETING["text"], say)]
    [message] = agent.messages
    assert (message.text, message.sender_id, message.input_channel) == ("/greet", VICTIM, "twilio_voice")


def test_speech_goes_to_rasa_and_the_next_gather_follows_the_language_rasa_detected(hotline):
    agent = RecordingAgent(lambda m: [{"text": "Buna ziua."}, {"text": "Cu ce vă pot ajuta?"}],
                           tracker_store=language_store({}))
    with serve(TwilioVoiceInput(), agent) as server:
        post(server, WEBHOOK, call_form())
        agent.detects_language = "ro"
        root = twiml(post(server, WEBHOOK, call_form(CallStatus="in-progress", SpeechResult="Am nevoie de ajutor")))
    assert [m.text for m in agent.messages] == ["/greet", "Am nevoie de ajutor"]
    assert [s.text for s in root.findall("Say")] == ["Buna ziua."] and root.find("Pause") is not None
    gather = root.find("Gather")
    assert gather.get("language") == "ro-RO" and gather.find("Say").text == "Cu ce vă pot ajuta?"


def test_without_a_tracker_store_the_language_is_remembered_per_caller(hotline):
    channel = TwilioVoiceInput()
    channel.languages.remember(VICTIM, "bg")
    with serve(channel, RecordingAgent(lambda m: [dict(GREETING)])) as server:
        root = twiml(post(server, WEBHOOK, call_form()))
        other = twiml(post(server, WEBHOOK, call_form(call="CA" + "2" * 32, caller="+31698765432")))
    assert root.find("Gather").get("language") == "bg-BG" and other.find("Gather").get("language") == "nl-NL"


def test_silence_repeats_the_last_lines_and_ends_the_call_politely(hotline):
    agent = RecordingAgent(lambda m: [dict(GREETING)], tracker_store=language_store({VICTIM: "en"}))
    with serve(TwilioVoiceInput(), agent) as server:
        post(server, WEBHOOK, call_form())
        silent = [twiml(post(server, WEBHOOK, call_form(CallStatus="in-progress"))) for _ in range(MAX_SILENCES)]
    first = silent[0]
    assert [s.text for s in first.iter("Say")] == ["I did not hear you. Please say it again.", GREETING["text"]]
    assert first.find("Gather").get("language") == "en-GB"
    last = silent[-1]
    assert last.find("Hangup") is not None and last.find("Gather") is None and "112" in last.find("Say").text.replace(" ", "")
    assert len(agent.messages) == 1  # silence is not sent to Rasa


def test_a_failing_turn_is_told_to_the_caller_who_keeps_the_line(hotline):
    def broken(message):
        raise RuntimeError("model unavailable")

    with serve(TwilioVoiceInput(), RecordingAgent(broken)) as server:
        root = twiml(post(server, WEBHOOK, call_form()))
    assert root.find("Gather") is not None
    assert [s.text for s in root.iter("Say")][0].startswith("Er ging bij ons iets mis")


def test_a_caller_waiting_for_a_coordinator_is_kept_on_hold_not_hung_up(hotline):
    from bot.handoff.packet import HandoffPacket

    agent = RecordingAgent(lambda m: [dict(GREETING)], tracker_store=language_store({VICTIM: "en"}))
    with serve(TwilioVoiceInput(), agent) as server:
        post(server, WEBHOOK, call_form())
        call_sid = call_form()["CallSid"]
        hotline.pager.open(HandoffPacket("OL-HOLD22", "victim", "en", "tonight", (), None, "x"), "voice", call_sid)
        held = [twiml(post(server, WEBHOOK, call_form(CallStatus="in-progress"))) for _ in range(MAX_SILENCES + 2)]
        assert all(t.find("Hangup") is None and t.find("Gather") is not None for t in held)
        assert [s.text for s in held[-1].iter("Say")] == [
            "We are still reaching a coordinator for you. Please stay on the line, or say something if you need to."]
        hotline.pager.acknowledge("OL-HOLD22", "daan", "api")
        after = [twiml(post(server, WEBHOOK, call_form(CallStatus="in-progress"))) for _ in range(MAX_SILENCES)]
    assert after[-1].find("Hangup") is not None  # no longer waiting: silence counts again


def test_a_caller_nobody_accepted_is_told_so_in_their_language_and_the_call_ends(hotline):
    """No endless hold: once every page went out and the last turn is over, the caller hears it
    honestly (112 in danger, call or text again) in Romanian, and the line is not left ringing."""
    from datetime import timedelta

    from bot.handoff.packet import HandoffPacket
    from bot.registry.db import utcnow

    agent = RecordingAgent(lambda m: [dict(GREETING)], tracker_store=language_store({VICTIM: "ro"}))
    with serve(TwilioVoiceInput(), agent) as server:
        post(server, WEBHOOK, call_form())
        start = utcnow() - timedelta(hours=2)
        hotline.pager.open(HandoffPacket("OL-NOBODY", "victim", "ro", "tonight", (), None, "x"), "voice",
                           call_form()["CallSid"], now=start)
        held = twiml(post(server, WEBHOOK, call_form(CallStatus="in-progress")))
        assert held.find("Gather") is not None and held.find("Hangup") is None
        for minute in range(0, 61):
            hotline.pager.run_due(start + timedelta(minutes=minute))
        ended = twiml(post(server, WEBHOOK, call_form(CallStatus="in-progress")))
    said = " ".join(s.text for s in ended.iter("Say"))
    assert ended.find("Hangup") is not None and "112" in said.replace(" ", "")
    assert said.startswith("Acum niciun coordonator"), said
