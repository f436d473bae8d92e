"""Channel fixtures: a real registry, the Twilio stand-in, a real Pager, and each channel's
blueprint registered by Rasa's own `register()` in a Sanic app on a loopback port.

The Rasa agent is replaced by `RecordingAgent`: the channel contract is `on_new_message(UserMessage)`
(Rasa's `register` calls `app.ctx.agent.handle_message`), so the double records each message and
answers through the message's output channel, like Rasa would. Voice tests give it Rasa's real
`InMemoryTrackerStore` so the `language` slot is read the way it is in production.
"""
from __future__ import annotations

import asyncio
import uuid
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Callable, Dict, Iterator, List, Optional

import pytest
import requests
from rasa.core.channels.channel import InputChannel, UserMessage, register
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from bot import runtime
from bot.handoff.notify import person_notifier
from bot.handoff.paging import Pager
from bot.handoff.store import RosterStore
from bot.messaging.gateway import TwilioGateway
from bot.twilio_standin import StandIn, signed_headers
from tests.handoff.conftest import ROSTER
from tests.web.conftest import LiveServer

ACCOUNT_SID = "AC" + "3" * 32
AUTH_TOKEN = "channels-test-token"
HOTLINE = "+31000000800"
VICTIM = "+31000000678"
SECRET = "Ik ben Maria en ik zit vast in de Kerkstraat 12, help"
DEFAULT_REPLY = {"text": "Dank je. We zijn er voor je."}

Reply = Callable[[UserMessage], List[dict]]


class RecordingAgent:
    """Stands in for `rasa.core.agent.Agent` behind `register()`: records, then replies."""

    def __init__(self, reply: Optional[Reply] = None, tracker_store: Optional[InMemoryTrackerStore] = None):
        self.messages: List[UserMessage] = []
        self.reply = reply or (lambda message: [dict(DEFAULT_REPLY)])
        self.tracker_store = tracker_store
        self.detects_language: Optional[str] = None  # like Rasa's NLU setting the `language` slot

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.detects_language and self.tracker_store is not None:
            await self.tracker_store.save(language_tracker(self.tracker_store, message.sender_id,
                                                           self.detects_language))
        for response in self.reply(message):
            await message.output_channel.send_response(message.sender_id, dict(response))


def language_store(languages: Dict[str, str]) -> InMemoryTrackerStore:
    """Rasa's in-memory tracker store holding conversations whose `language` slot is set."""
    domain = Domain.from_dict({"slots": {"language": {"type": "text", "influence_conversation": False,
                                                      "mappings": [{"type": "custom"}]}}})
    store = InMemoryTrackerStore(domain)
    for sender, language in languages.items():
        set_language(store, sender, language)
    return store


def language_tracker(store: InMemoryTrackerStore, sender: str, language: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [SlotSet("language", language)], slots=store.domain.slots)


def set_language(store: InMemoryTrackerStore, sender: str, language: str) -> None:
    """Save a conversation with this language (call outside any running event loop)."""
    asyncio.run(store.save(language_tracker(store, sender, language)))


@contextmanager
def serve(channel: InputChannel, agent: RecordingAgent) -> Iterator[LiveServer]:
    """The channel's blueprint in a fresh Sanic app on 127.0.0.1, registered as Rasa does."""
    Sanic.test_mode = True  # more than one app per process (Sanic 21.12)
    app = Sanic(f"ch{uuid.uuid4().hex[:8]}")
    app.ctx.agent = agent
    register([channel], app, route="/webhooks/")
    with LiveServer(app) as server:
        yield server


def post(server: LiveServer, path: str, params: dict, *, token: Optional[str] = AUTH_TOKEN,
         sign_url: Optional[str] = None, signature: Optional[str] = None) -> requests.Response:
    """POST a form like Twilio does, signed with `token` for `sign_url` (default: the real URL)."""
    url = server.url + path
    headers = signed_headers(sign_url or url, params, token) if token else {
        "Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return requests.post(url, data=params, headers=headers, timeout=15)


def sms(sid: str, body: str = SECRET, sender: str = VICTIM, **extra: str) -> dict:
    """An inbound-message webhook form as Twilio sends it."""
    to = f"whatsapp:{HOTLINE}" if sender.startswith("whatsapp:") else HOTLINE
    return {"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "AccountSid": ACCOUNT_SID, "From": sender,
            "To": to, "Body": body, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01", **extra}


def sent(standin: StandIn) -> List[dict]:
    """Forms of the messages the stand-in accepted, in order."""
    return [r.form for r in standin.requests if r.path.endswith("/Messages.json") and r.status == 201]


@contextmanager
def configured(registry, standin: StandIn, *, token: Optional[str] = AUTH_TOKEN) -> Iterator[SimpleNamespace]:
    """`runtime.configure()` with the registry, a gateway to the stand-in and a Pager; reset after."""
    gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, HOTLINE, api_base_url=standin.base_url, timeout=5)
    settings = registry.settings.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=token,
                                      twilio_from_number=HOTLINE, twilio_api_base_url=standin.base_url)
    roster = RosterStore(registry.engine)
    roster.import_yaml(ROSTER, actor="test")
    pager = Pager(registry.engine, gateway, roster.latest, person_notifier(gateway))
    runtime.configure(settings, registry, gateway, pager)
    try:
        yield SimpleNamespace(registry=registry, engine=registry.engine, gateway=gateway, pager=pager,
                              standin=standin, settings=settings)
    finally:
        runtime.configure()


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with StandIn(ACCOUNT_SID, AUTH_TOKEN) as server:
        yield server


@pytest.fixture
def hotline(sqlite_registry, standin) -> Iterator[SimpleNamespace]:
    """The runtime on SQLite."""
    with configured(sqlite_registry, standin) as env:
        yield env


@pytest.fixture
def hotline_db(registry, standin) -> Iterator[SimpleNamespace]:
    """The runtime on SQLite and on PostgreSQL (parametrised)."""
    with configured(registry, standin) as env:
        yield env
