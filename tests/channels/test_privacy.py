"""No log line, at any level, carries the sender's number or what they wrote or said."""
from __future__ import annotations

import logging

import pytest

from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_voice import TwilioVoiceInput
from bot.channels.twilio_whatsapp import TwilioWhatsAppInput
from tests.channels.conftest import SECRET, VICTIM, RecordingAgent, language_store, post, serve, sms

SPOKEN = "Mijn baas heet Jansen en hij houdt me vast in Tilburg"
LONG = ("Mijn naam is Maria Popescu en ik werk in de kas aan de Dorpsweg. " * 90)[:5000]


@pytest.mark.parametrize("with_rasa_tracker_store", [True, False], ids=["scrubber+rasa", "channels_alone"])
def test_debug_logs_hold_neither_the_number_nor_the_text(hotline, caplog, monkeypatch, with_rasa_tracker_store):
    """With Rasa's tracker store (which logs conversation ids) the scrubber is needed; without it,
    the channels' own log lines must be clean with no scrubber at all."""
    if not with_rasa_tracker_store:
        monkeypatch.setattr("bot.channels.base.install_log_scrubber", lambda: 0)
        monkeypatch.setattr("bot.channels.twilio_voice.install_log_scrubber", lambda: 0)
    caplog.set_level(logging.DEBUG)
    buttons = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
    store = language_store({VICTIM: "nl"}) if with_rasa_tracker_store else None
    agent = RecordingAgent(lambda m: [{"text": "Ben je nu veilig?", "buttons": buttons}], tracker_store=store)
    with serve(TwilioSmsInput(), agent) as server:
        path = "/webhooks/twilio_sms/webhook"
        post(server, path, sms("SM" + "1" * 32))
        post(server, path, sms("SM" + "1" * 32))  # redelivery
        post(server, path, sms("SM" + "2" * 32, body=""))
        post(server, path, sms("SM" + "3" * 32, body=LONG))
        post(server, path, sms("MM" + "4" * 32, body=SECRET, NumMedia="1", MediaContentType0="audio/ogg",
                               MediaUrl0="https://api.twilio.com/media/ME1"))
        post(server, path, sms("SM" + "5" * 32, body=SECRET), token="forged")
        hotline.standin.fail_next(1, status=400, code=21211)  # Twilio's error text echoes the number
        post(server, path, sms("SM" + "6" * 32))
    with serve(TwilioWhatsAppInput(), agent) as server:
        post(server, "/webhooks/twilio_whatsapp/webhook", sms("SM" + "7" * 32, sender="whatsapp:" + VICTIM))
    with serve(TwilioVoiceInput(), agent) as server:
        form = {"CallSid": "CA" + "8" * 32, "From": VICTIM, "CallStatus": "ringing"}
        post(server, "/webhooks/twilio_voice/webhook", form)
        post(server, "/webhooks/twilio_voice/webhook", {**form, "CallStatus": "in-progress", "SpeechResult": SPOKEN})
    assert len(agent.messages) == 7
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert "twilio_sms" in logged and "+31******78" in logged  # the channels did log, masked
    for secret in (VICTIM, VICTIM[1:], "612345678", SECRET, "Kerkstraat", SPOKEN, "Jansen", "Popescu", "Dorpsweg"):
        assert secret not in logged, secret


def test_the_scrubber_masks_numbers_in_any_record():
    from bot.channels.privacy import PhoneNumberScrubber

    record = logging.LogRecord("rasa.core.tracker_store", logging.DEBUG, __file__, 1,
                               "Recreating tracker for id '%s'", ("whatsapp:" + VICTIM,), None)
    assert PhoneNumberScrubber().filter(record)
    assert record.getMessage() == "Recreating tracker for id 'whatsapp:+31******78'"
