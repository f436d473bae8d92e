"""The Twilio stand-in over real HTTP on 127.0.0.1: shapes, auth, validation, admin, CLI."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.rest.api.v2010.account.message import MessageInstance

from bot.messaging.gateway import BaseUrlHttpClient
from bot.twilio_standin import StandIn, sign, signed_headers

from .conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, SECRET_BODY, VICTIM_NUMBER

AUTH = (ACCOUNT_SID, AUTH_TOKEN)
ERROR_KEYS = {"code", "message", "more_info", "status"}
ROOT = Path(__file__).resolve().parents[2]


def _messages_url(standin: StandIn, sid: str = "") -> str:
    tail = f"/{sid}" if sid else ""
    return f"{standin.base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages{tail}.json"


def test_official_client_parses_message_instance(standin):
    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=BaseUrlHttpClient(standin.base_url, timeout=5))
    msg = client.messages.create(
        to=VICTIM_NUMBER,
        from_=FROM_NUMBER,
        body=SECRET_BODY,
        media_url=["http://127.0.0.1/a.png", "http://127.0.0.1/b.png"],
    )
    assert isinstance(msg, MessageInstance)
    assert isinstance(msg.date_created, datetime) and msg.direction == "outbound-api"
    assert msg.num_media == "2" and msg.num_segments == "1" and msg.account_sid == ACCOUNT_SID
    assert standin.requests[0].form_lists["MediaUrl"] == ["http://127.0.0.1/a.png", "http://127.0.0.1/b.png"]
    fetched = client.messages(msg.sid).fetch()
    assert fetched.body == SECRET_BODY and fetched.to == VICTIM_NUMBER and fetched.from_ == FROM_NUMBER


def test_missing_auth_gives_twilio_401(standin):
    form = {"To": VICTIM_NUMBER, "From": FROM_NUMBER, "Body": "x"}
    resp = requests.post(_messages_url(standin), data=form, timeout=5)
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"].startswith("Basic")
    body = resp.json()
    assert set(body) >= ERROR_KEYS and body["code"] == 20003 and body["status"] == 401
    assert standin.requests[0].authorized is False and standin.messages == {}


@pytest.mark.parametrize(
    "form,code",
    [
        ({"From": FROM_NUMBER, "Body": "x"}, 21604),
        ({"To": VICTIM_NUMBER, "Body": "x"}, 21603),
        ({"To": VICTIM_NUMBER, "From": FROM_NUMBER}, 21602),
        ({"To": "0612", "From": FROM_NUMBER, "Body": "x"}, 21211),
        ({"To": VICTIM_NUMBER, "From": FROM_NUMBER, "Body": "x" * 1601}, 21617),
    ],
)
def test_message_validation_errors(standin, form, code):
    resp = requests.post(_messages_url(standin), data=form, auth=AUTH, timeout=5)
    assert resp.status_code == 400
    body = resp.json()
    assert set(body) >= ERROR_KEYS and body["code"] == code and body["status"] == 400
    assert body["more_info"].endswith(str(code))


@pytest.mark.parametrize(
    "form,code",
    [
        ({"From": FROM_NUMBER, "Twiml": "<Response/>"}, 21201),
        ({"To": VICTIM_NUMBER, "Twiml": "<Response/>"}, 21213),
        ({"To": VICTIM_NUMBER, "From": FROM_NUMBER}, 21205),
    ],
)
def test_call_validation_errors(standin, form, code):
    url = f"{standin.base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"
    resp = requests.post(url, data=form, auth=AUTH, timeout=5)
    assert resp.status_code == 400 and resp.json()["code"] == code


def test_call_with_url_and_fetch(standin):
    url = f"{standin.base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"
    form = {
        "To": VICTIM_NUMBER,
        "From": FROM_NUMBER,
        "Url": "http://127.0.0.1:9/voice",
        "StatusCallback": "http://127.0.0.1:9/s",
    }
    created = requests.post(url, data=form, auth=AUTH, timeout=5)
    assert created.status_code == 201
    sid = created.json()["sid"]
    fetched = requests.get(url.replace("Calls.json", f"Calls/{sid}.json"), auth=AUTH, timeout=5)
    assert fetched.status_code == 200 and fetched.json()["url"] == "http://127.0.0.1:9/voice"
    assert standin.calls[sid]["status_callback"] == "http://127.0.0.1:9/s"


def test_unknown_resources_and_wrong_account_are_404(standin):
    assert requests.get(_messages_url(standin, "SM" + "0" * 32), auth=AUTH, timeout=5).status_code == 404
    resp = requests.delete(_messages_url(standin, "SM" + "0" * 32), auth=AUTH, timeout=5)
    assert resp.status_code == 404 and resp.json()["code"] == 20404
    other = f"{standin.base_url}/2010-04-01/Accounts/AC{'9' * 32}/Messages.json"
    assert requests.post(other, data={"To": VICTIM_NUMBER}, auth=AUTH, timeout=5).status_code == 404
    assert requests.get(f"{standin.base_url}/nope", auth=AUTH, timeout=5).status_code == 404


def test_delete_returns_204_and_removes(standin):
    form = {"To": VICTIM_NUMBER, "From": FROM_NUMBER, "Body": SECRET_BODY}
    sid = requests.post(_messages_url(standin), data=form, auth=AUTH, timeout=5).json()["sid"]
    resp = requests.delete(_messages_url(standin, sid), auth=AUTH, timeout=5)
    assert resp.status_code == 204 and resp.content == b""
    assert requests.get(_messages_url(standin, sid), auth=AUTH, timeout=5).status_code == 404
    assert standin.requests[0].form["Body"] == "[deleted]"


def test_admin_endpoints_drive_failures_and_expose_requests(standin):
    admin = f"{standin.base_url}/_standin"
    assert requests.get(f"{admin}/requests", timeout=5).status_code == 401
    resp = requests.post(f"{admin}/fail", json={"n": 2, "status": 503}, auth=AUTH, timeout=5)
    assert resp.status_code == 200 and resp.json() == {"pending_failures": 2}
    form = {"To": VICTIM_NUMBER, "From": FROM_NUMBER, "Body": "x"}
    codes = [
        requests.post(_messages_url(standin), data=form, auth=AUTH, timeout=5).status_code
        for _ in range(3)
    ]
    assert codes == [503, 503, 201]
    dump = requests.get(f"{admin}/requests", auth=AUTH, timeout=5).json()
    assert [r["status"] for r in dump["requests"]] == [503, 503, 201]
    assert dump["requests"][2]["form"]["To"] == VICTIM_NUMBER and len(dump["messages"]) == 1
    bad = requests.post(f"{admin}/fail", json={"n": 1, "status": 200}, auth=AUTH, timeout=5)
    assert bad.status_code == 400
    assert requests.post(f"{admin}/reset", auth=AUTH, timeout=5).status_code == 200
    assert standin.requests == [] and standin.messages == {}


def test_start_stop_and_context_manager():
    server = StandIn()
    url = server.start()
    assert url.startswith("http://127.0.0.1:") and server.start() == url
    server.stop()
    server.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/_standin/requests", timeout=2)


def test_sign_matches_official_validator():
    url = "https://hotline.example.org/webhooks/twilio/sms"
    params = {"From": VICTIM_NUMBER, "Body": "hulp", "MediaUrl": ["http://a", "http://b"]}
    signature = sign(url, params, AUTH_TOKEN)
    validator = RequestValidator(AUTH_TOKEN)
    flat = {"From": VICTIM_NUMBER, "Body": "hulp"}
    assert validator.validate(url, flat, sign(url, flat, AUTH_TOKEN))
    assert not validator.validate(url, flat, sign(url, flat, "other-token"))
    assert signature != sign(url, {**params, "MediaUrl": ["http://a"]}, AUTH_TOKEN)
    assert signed_headers(url, flat, AUTH_TOKEN)["X-Twilio-Signature"] == sign(url, flat, AUTH_TOKEN)


def test_cli_runs_in_foreground(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "bot.twilio_standin", "--port", str(port)]
    cmd += ["--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        http = BaseUrlHttpClient(f"http://127.0.0.1:{port}", timeout=2)
        client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=http)
        deadline = time.monotonic() + 20
        while True:
            try:
                msg = client.messages.create(to=VICTIM_NUMBER, from_=FROM_NUMBER, body=SECRET_BODY)
                break
            except Exception:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert msg.sid.startswith("SM")
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0, output
    text = output.decode()
    assert "listening on http://127.0.0.1" in text
    assert SECRET_BODY not in text and VICTIM_NUMBER not in text

