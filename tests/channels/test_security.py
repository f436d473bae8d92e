"""Only Twilio-signed webhooks are processed; without a token the channels refuse everything."""
from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import func, select

from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_voice import TwilioVoiceInput
from bot.channels.twilio_whatsapp import TwilioWhatsAppInput
from bot.registry import orm
from bot.twilio_standin import sign
from tests.channels.conftest import AUTH_TOKEN, RecordingAgent, configured, post, sent, serve, sms

WEBHOOK = "/webhooks/twilio_sms/webhook"


def rows(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.parametrize("channel_class", [TwilioSmsInput, TwilioWhatsAppInput])
def test_unsigned_or_badly_signed_webhooks_get_403_and_nothing_is_recorded(hotline_db, channel_class):
    agent, name = RecordingAgent(), channel_class.name()
    with serve(channel_class(), agent) as server:
        path = f"/webhooks/{name}/webhook"
        unsigned = post(server, path, sms("SM" + "1" * 32), token=None)
        wrong_token = post(server, path, sms("SM" + "2" * 32), token="not-the-token")
        tampered_params = sms("SM" + "3" * 32)
        good_signature = sign(server.url + path, tampered_params, AUTH_TOKEN)
        tampered = post(server, path, {**tampered_params, "Body": "iets anders"}, signature=good_signature)
        wrong_url = post(server, path, sms("SM" + "4" * 32), sign_url=server.url + "/webhooks/other/webhook")
        status = post(server, f"/webhooks/{name}/status", {"MessageSid": "SM1", "MessageStatus": "sent"},
                      token="not-the-token")
    assert [r.status_code for r in (unsigned, wrong_token, tampered, wrong_url, status)] == [403] * 5
    assert agent.messages == [] and sent(hotline_db.standin) == []
    assert rows(hotline_db.engine, orm.inbound_messages) == 0 and rows(hotline_db.engine, orm.delivery_status) == 0


def test_without_an_auth_token_the_channels_answer_503(sqlite_registry, standin):
    agent = RecordingAgent()
    with configured(sqlite_registry, standin, token=None):
        with serve(TwilioSmsInput(), agent) as server:
            answer = post(server, WEBHOOK, sms("SM" + "5" * 32))
        with serve(TwilioVoiceInput(), agent) as server:
            call = post(server, "/webhooks/twilio_voice/webhook", {"CallSid": "CA1", "From": "+31000000678"})
    assert answer.status_code == 503 and answer.text == "Twilio channel not configured"
    assert call.status_code == 503
    assert agent.messages == [] and sent(standin) == []
    assert rows(sqlite_registry.engine, orm.inbound_messages) == 0


def test_token_from_credentials_wins_over_the_settings(hotline):
    channel = TwilioSmsInput.from_credentials({"auth_token": "credentials-token"})
    with serve(channel, RecordingAgent()) as server:
        assert post(server, WEBHOOK, sms("SM" + "6" * 32)).status_code == 403
        assert post(server, WEBHOOK, sms("SM" + "7" * 32), token="credentials-token").status_code == 200


def test_behind_a_proxy_the_public_url_is_validated_and_used_for_status_callbacks(hotline):
    public = "https://hotline.example.org"
    channel = TwilioSmsInput.from_credentials({"public_url": public + "/"})
    agent = RecordingAgent()
    with serve(channel, agent) as server:
        answer = post(server, WEBHOOK, sms("SM" + "8" * 32), sign_url=public + WEBHOOK)
    assert answer.status_code == 200 and ET.fromstring(answer.text).tag == "Response"
    assert len(agent.messages) == 1
    assert sent(hotline.standin)[0]["StatusCallback"] == public + "/webhooks/twilio_sms/status"


def test_no_credentials_section_at_all_is_accepted():
    """`bot.channels.twilio_sms.TwilioSmsInput:` with nothing under it gives None credentials."""
    channel = TwilioSmsInput.from_credentials(None)
    assert channel.auth_token is None and channel.public_url is None and channel.name() == "twilio_sms"
    assert TwilioVoiceInput.from_credentials(None).initial_prompt == "/greet"
