"""Gateways: the real twilio client against the loopback stand-in, and the outbox backend."""
from __future__ import annotations

import json
import logging
import socket
import stat

import pytest

from bot.messaging.gateway import (
    BaseUrlHttpClient,
    GatewayError,
    MessageGateway,
    OutboxGateway,
    OutgoingResult,
    TwilioGateway,
    gateway_from_env,
    mask_phone,
    read_outbox,
    scrub_numbers,
)

from .conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, SECRET_BODY, VICTIM_NUMBER

TWIML = "<Response><Say language='nl-NL'>Hallo, u wordt teruggebeld.</Say></Response>"


def _assert_private(text: str) -> None:
    assert SECRET_BODY not in text
    assert "Kerkstraat" not in text
    assert VICTIM_NUMBER not in text
    assert VICTIM_NUMBER[1:] not in text


# ---- TwilioGateway against the stand-in ------------------------------------------------
def test_send_sms_reaches_standin(gateway, standin):
    result = gateway.send_sms(VICTIM_NUMBER, SECRET_BODY, status_callback="http://127.0.0.1:9/status")
    assert isinstance(result, OutgoingResult)
    assert result.sid.startswith("SM") and len(result.sid) == 34
    assert result.status == "queued"
    assert result.to_masked == "+31******78"
    [req] = standin.requests
    assert req.method == "POST" and req.path.endswith(f"/Accounts/{ACCOUNT_SID}/Messages.json")
    assert req.form["To"] == VICTIM_NUMBER
    assert req.form["From"] == FROM_NUMBER
    assert req.form["Body"] == SECRET_BODY
    assert req.form["StatusCallback"] == "http://127.0.0.1:9/status"
    assert standin.messages[result.sid]["body"] == SECRET_BODY


def test_place_call_with_twiml(gateway, standin):
    result = gateway.place_call(VICTIM_NUMBER, TWIML)
    assert result.sid.startswith("CA") and result.status == "queued"
    call = standin.calls[result.sid]
    assert call["to"] == VICTIM_NUMBER and call["from"] == FROM_NUMBER
    assert call["twiml"] == TWIML
    fetched = gateway.client.calls(result.sid).fetch()
    assert fetched.to == VICTIM_NUMBER and fetched.direction == "outbound-api"


def test_delete_message_then_second_delete_is_permanent_error(gateway, standin):
    result = gateway.send_sms(VICTIM_NUMBER, SECRET_BODY)
    gateway.delete_message(result.sid)
    assert result.sid not in standin.messages
    # The recorded request is scrubbed too, so erasure holds inside the stand-in.
    _assert_private(json.dumps([r.to_dict() for r in standin.requests]))
    with pytest.raises(GatewayError) as info:
        gateway.delete_message(result.sid)
    assert info.value.retryable is False
    assert info.value.status == 404 and info.value.code == 20404


@pytest.mark.parametrize(
    "status,retryable", [(503, True), (500, True), (429, True), (400, False), (403, False)]
)
def test_simulated_failures_classified(gateway, standin, status, retryable):
    standin.fail_next(1, status=status, code=20000 + status)
    with pytest.raises(GatewayError) as info:
        gateway.send_sms(VICTIM_NUMBER, SECRET_BODY)
    assert info.value.retryable is retryable
    assert info.value.status == status and info.value.code == 20000 + status
    # Only one failure was queued: the retry goes through.
    assert gateway.send_sms(VICTIM_NUMBER, SECRET_BODY).sid.startswith("SM")


def test_wrong_auth_is_not_retryable(standin):
    gw = TwilioGateway(ACCOUNT_SID, "wrong-token", FROM_NUMBER, api_base_url=standin.base_url)
    with pytest.raises(GatewayError) as info:
        gw.send_sms(VICTIM_NUMBER, SECRET_BODY)
    assert info.value.retryable is False
    assert info.value.status == 401 and info.value.code == 20003
    assert standin.messages == {}


def test_connection_refused_is_retryable():
    with socket.socket() as sock:  # find a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    gw = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=base_url, timeout=2)
    with pytest.raises(GatewayError) as info:
        gw.send_sms(VICTIM_NUMBER, SECRET_BODY)
    assert info.value.retryable is True and info.value.code is None


def test_invalid_number_error_never_contains_number_or_body(gateway, standin, caplog):
    caplog.set_level(logging.DEBUG)
    bad_number = "+3100000067890123456"  # too long for E.164; Twilio echoes it in the error
    with pytest.raises(GatewayError) as info:
        gateway.send_sms(bad_number, SECRET_BODY)
    assert info.value.retryable is False and info.value.code == 21211
    assert "+31******56" in info.value.message
    for text in (str(info.value), repr(info.value), caplog.text):
        _assert_private(text)
        assert "1234567890" not in text
    assert standin.requests[0].status == 400


def test_twilio_gateway_logs_nothing_private(gateway, caplog):
    caplog.set_level(logging.DEBUG)  # includes twilio.http_client and the stand-in
    sms = gateway.send_sms(VICTIM_NUMBER, SECRET_BODY)
    gateway.place_call(VICTIM_NUMBER, TWIML)
    gateway.delete_message(sms.sid)
    _assert_private(caplog.text)
    assert "Hallo, u wordt" not in caplog.text
    assert sms.sid in caplog.text and "+31******78" in caplog.text


def test_base_url_rewrite_keeps_path_and_query():
    client = BaseUrlHttpClient("http://127.0.0.1:8015/prefix/")
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=5"
    expected = "http://127.0.0.1:8015/prefix/2010-04-01/Accounts/AC1/Messages.json?PageSize=5"
    assert client.rewrite(url) == expected
    with pytest.raises(ValueError):
        BaseUrlHttpClient("127.0.0.1:8015")


# ---- OutboxGateway ---------------------------------------------------------------------
def test_outbox_writes_lines_and_logs_only_masked(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "var" / "outbox.jsonl"
    gw = OutboxGateway(path)
    sms = gw.send_sms(VICTIM_NUMBER, SECRET_BODY, status_callback="http://127.0.0.1:9/s")
    call = gw.place_call(VICTIM_NUMBER, TWIML)
    assert sms.sid.startswith("SMOUTBOX") and call.sid.startswith("CAOUTBOX")
    assert sms.to_masked == "+31******78"
    lines = read_outbox(path)
    assert [e["kind"] for e in lines] == ["sms", "call"]
    assert lines[0]["to"] == VICTIM_NUMBER and lines[0]["body"] == SECRET_BODY
    assert lines[0]["sid"] == sms.sid and lines[0]["created_at"].endswith("Z")
    assert lines[1]["twiml"] == TWIML
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    outbox_records = [r for r in caplog.records if r.name == "opvanglijn.outbox"]
    assert len(outbox_records) == 2
    _assert_private(caplog.text)
    assert "+31******78" in caplog.text and f"body_len={len(SECRET_BODY)}" in caplog.text


def test_outbox_delete_erases_body(tmp_path):
    path = tmp_path / "outbox.jsonl"
    gw = OutboxGateway(path)
    keep = gw.send_sms("+31687654321", "andere boodschap")
    gone = gw.send_sms(VICTIM_NUMBER, SECRET_BODY)
    gw.delete_message(gone.sid)
    _assert_private(path.read_text(encoding="utf-8"))
    entries = {e["sid"]: e for e in read_outbox(path)}
    assert entries[gone.sid]["body"] is None and "deleted_at" in entries[gone.sid]
    assert entries[keep.sid]["body"] == "andere boodschap"
    with pytest.raises(GatewayError) as info:
        gw.delete_message(gone.sid)
    assert info.value.retryable is False and info.value.code == 20404


def test_read_outbox_missing_file_is_empty(tmp_path):
    assert read_outbox(tmp_path / "nope.jsonl") == []


# ---- helpers and selection -------------------------------------------------------------
@pytest.mark.parametrize(
    "raw,masked",
    [
        ("+31000000678", "+31******78"),
        ("+31 6 1234 5678", "+31******78"),
        ("whatsapp:+31000000678", "whatsapp:+31******78"),
        ("0612345678", "06******78"),
        ("client:alice", "client:******"),
        ("12345", "******"),
        ("", "******"),
        (None, "******"),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


def test_scrub_numbers_keeps_dates_and_sids():
    text = "To +31000000678 at /2010-04-01/Messages/SM12345678901234.json"
    assert scrub_numbers(text) == "To +31******78 at /2010-04-01/Messages/SM12345678901234.json"


def test_gateway_from_env_without_credentials_uses_outbox(tmp_path):
    gw = gateway_from_env({"OUTBOX_PATH": str(tmp_path / "o.jsonl")})
    assert isinstance(gw, OutboxGateway) and isinstance(gw, MessageGateway)
    assert gw.path == tmp_path / "o.jsonl"
    default = gateway_from_env({})
    assert isinstance(default, OutboxGateway)
    assert default.path.parts[-2:] == ("var", "outbox.jsonl") and default.path.is_absolute()


def test_gateway_from_env_partial_credentials_uses_outbox(tmp_path, caplog):
    env = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "OUTBOX_PATH": str(tmp_path / "o"),
    }
    with caplog.at_level(logging.WARNING):
        assert isinstance(gateway_from_env(env), OutboxGateway)
    assert "TWILIO_FROM_NUMBER" in caplog.text and AUTH_TOKEN not in caplog.text


def test_gateway_from_env_with_credentials_uses_twilio(standin):
    env = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": standin.base_url,
    }
    gw = gateway_from_env(env)
    assert isinstance(gw, TwilioGateway)
    result = gw.send_sms(VICTIM_NUMBER, SECRET_BODY)
    assert result.sid in standin.messages
