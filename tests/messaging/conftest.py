"""Fixtures: a Twilio stand-in on 127.0.0.1 (random port) and a real-client gateway to it."""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.messaging.gateway import TwilioGateway
from bot.twilio_standin import StandIn

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "test-auth-token-123"
FROM_NUMBER = "+3197010000001"
VICTIM_NUMBER = "+31000000678"
SECRET_BODY = "Ik zit vast in Kerkstraat 12, help"


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with StandIn(ACCOUNT_SID, AUTH_TOKEN) as server:
        yield server


@pytest.fixture
def gateway(standin: StandIn) -> TwilioGateway:
    return TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base_url=standin.base_url, timeout=5)
