"""`TwilioVoiceInput`: phone calls (credentials.yml: `bot.channels.twilio_voice.TwilioVoiceInput:`).

`POST /webhooks/twilio_voice/webhook` (the hotline number's voice webhook, and every Gather's
action): a new call sends `initial_prompt` to Rasa, recognised speech is sent as the user's
text, and the bot's replies come back as `<Say>` inside `<Gather input="speech">` whose
`language` follows the conversation's `language` slot (`voice_language`). Silence is met with
the last lines again; after `MAX_SILENCES` the caller hears where else to turn and the call ends,
except while a handoff for the call is being paged: then the caller is kept on hold until a
coordinator accepts and the call is bridged (`Pager._bridge`).

`POST /webhooks/twilio_voice/ack/<case_code>/<coordinator_id>`: the keypad answer of a paging
call; `Digits=1` accepts the handoff (`runtime.pager().acknowledge(..., "keypad")`).

`POST /webhooks/twilio_voice/bridged/<case_code>/<coordinator_id>`: the `<Dial>` outcome of a
bridged caller. When the coordinator did not pick up (no-answer, busy, failed) the caller hears,
in their language, that the next coordinator is being called and stays on hold while the rest
of the chain is paged (`Pager.bridge_unanswered`); with nobody left they hear to call 112.

`POST /webhooks/twilio_voice/callback/<case_code>`: the coordinator's key on a call-back call;
`Digits=1` dials the person (hotline number as caller ID) if their "yes, now" still stands.

Both are signed like every Twilio webhook (`security.check_request`).
"""
from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import runtime
from bot.channels.base import OnNewMessage, xml
from bot.channels.privacy import install_log_scrubber
from bot.channels.security import check_request, parse_form
from bot.channels.twiml import Line, voice_response
from bot.channels.voice_language import LanguageMemory, conversation_language, say_language, speech_language
from bot.handoff.twiml import ack_twiml, callback_connect_twiml, goodbye_twiml, hold_twiml
from bot.i18n.catalogue import render
from bot.messaging.gateway import mask_phone
from bot.nlu.language import SUPPORTED

__all__ = ["TwilioVoiceInput", "VoiceCollector"]

log = logging.getLogger("opvanglijn.channels")

MAX_SILENCES = 3


def notice_lines(kind: str, language: Optional[str]) -> List[Line]:
    """A channel notice in the caller's language, or Dutch then English while it is not known."""
    key = f"utter_voice__{kind}"
    if language in SUPPORTED:
        return [(render(key, language)["text"], say_language(language))]
    return [(render(key, "nl")["text"], say_language("nl")), (render(key, "en")["text"], say_language("en"))]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", "…") else text + "."


class VoiceCollector(CollectingOutputChannel):
    """Collects the bot's replies for one turn; they are spoken from the webhook's TwiML."""

    @classmethod
    def name(cls) -> Text:
        """`twilio_voice`."""
        return "twilio_voice"

    def spoken(self) -> List[str]:
        """Each reply as one line to say; button titles are read out after the text."""
        lines = []
        for message in self.messages:
            parts = [message.get("text") or ""]
            parts += [str(b.get("title") or "") for b in message.get("buttons") or []]
            line = " ".join(_sentence(p) for p in parts if p and p.strip())
            if line:
                lines.append(line)
        return lines


class TwilioVoiceInput(InputChannel):
    """Signed Twilio voice webhooks: the conversation by speech, and the paging keypad."""

    @classmethod
    def name(cls) -> Text:
        """`twilio_voice`."""
        return "twilio_voice"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioVoiceInput":
        """Optional keys: `auth_token`, `public_url`, `initial_prompt`, `voice`, `speech_timeout`."""
        credentials = credentials or {}
        return cls(auth_token=credentials.get("auth_token"), public_url=credentials.get("public_url"),
                   initial_prompt=credentials.get("initial_prompt") or "/greet",
                   voice=credentials.get("voice"), speech_timeout=str(credentials.get("speech_timeout") or "3"))

    def __init__(self, auth_token: Optional[str] = None, public_url: Optional[str] = None,
                 initial_prompt: str = "/greet", voice: Optional[str] = None, speech_timeout: str = "3") -> None:
        self.auth_token = (auth_token or "").strip() or None
        self.public_url = (public_url or "").strip().rstrip("/") or None
        self.initial_prompt, self.voice, self.speech_timeout = initial_prompt, voice, speech_timeout
        self.languages = LanguageMemory()
        self._calls: "OrderedDict[str, Dict[str, Any]]" = OrderedDict()  # CallSid -> silences, last lines
        self._lock = threading.Lock()

    # --- configuration --------------------------------------------------------------------------
    def token(self) -> Optional[str]:
        """The auth token from credentials.yml, else TWILIO_AUTH_TOKEN from the settings."""
        if self.auth_token:
            return self.auth_token
        try:
            return runtime.settings().twilio_auth_token
        except Exception as exc:
            log.error("twilio_voice: settings unreadable (%s)", type(exc).__name__)
            return None

    def _refused(self, request: Request) -> Optional[HTTPResponse]:
        try:
            extra = [runtime.settings().public_base_url]
        except Exception:
            extra = []
        return check_request(request, self.token(), self.public_url, extra, self.name())

    def action_url(self) -> str:
        """Where each Gather posts: absolute under `public_url`, else relative to the call's URL."""
        return f"{self.public_url or ''}/webhooks/{self.name()}/webhook"

    def _call(self, call_sid: str) -> Dict[str, Any]:
        with self._lock:
            state = self._calls.pop(call_sid, None) or {"silences": 0, "lines": []}
            self._calls[call_sid] = state
            while len(self._calls) > 10_000:
                self._calls.popitem(last=False)
            return state

    # --- routes ---------------------------------------------------------------------------------
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """`GET /`, `POST /webhook`, `POST /ack/<case_code>/<coordinator_id>`."""
        install_log_scrubber()  # Rasa logs conversation ids (= phone numbers) at DEBUG
        bp = Blueprint(f"{self.name()}_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def call(request: Request) -> HTTPResponse:
            return await self.call(request, on_new_message)

        @bp.route("/ack/<case_code>/<coordinator_id>", methods=["POST"])
        async def ack(request: Request, case_code: str, coordinator_id: str) -> HTTPResponse:
            return await self.keypad(request, case_code, coordinator_id)

        @bp.route("/bridged/<case_code>/<coordinator_id>", methods=["POST"])
        async def bridged(request: Request, case_code: str, coordinator_id: str) -> HTTPResponse:
            return await self.bridged(request, case_code, coordinator_id)

        @bp.route("/callback/<case_code>", methods=["POST"])
        async def callback(request: Request, case_code: str) -> HTTPResponse:
            return await self.callback(request, case_code)

        return bp

    def _twiml(self, lines: List[Line], language: Optional[str], hangup: bool = False) -> HTTPResponse:
        return xml(voice_response(lines, speech_language(language), self.action_url(), voice=self.voice,
                                  speech_timeout=self.speech_timeout, hangup=hangup))

    async def call(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        """One turn of a call: Rasa's replies spoken, then listen in the conversation's language."""
        refused = self._refused(request)
        if refused is not None:
            return refused
        form = parse_form(request)
        caller, call_sid = form.first("From"), form.first("CallSid")
        if not caller or not call_sid:
            return response.text("From and CallSid are required", status=400)
        speech = form.first("SpeechResult").strip()
        with self._lock:
            known = call_sid in self._calls
        state = self._call(call_sid)
        language = await conversation_language(request.app.ctx, caller, self.languages)
        if speech:
            text = speech
        elif form.first("CallStatus") == "ringing" or not known:
            text = self.initial_prompt
            log.info("twilio_voice %s: incoming call from %s", call_sid, mask_phone(caller))
        elif (held := await self._held_for_coordinator(call_sid)) == "paging":
            state["silences"] = 0  # on hold for a coordinator: silence is expected, the call stays open
            return self._twiml(notice_lines("hold", language), language)
        elif held == "exhausted" and not state.get("told_nobody"):
            state["told_nobody"] = True  # nobody accepted: said once, honestly, and the call ends
            text = render("utter_human_handoff__voice_nobody", language if language in SUPPORTED else "nl")["text"]
            return xml(goodbye_twiml(text, say_language(language)))
        else:
            state["silences"] += 1
            if state["silences"] >= MAX_SILENCES:
                log.info("twilio_voice %s: no speech %d times, call ended", call_sid, state["silences"])
                return self._twiml(notice_lines("goodbye", language), language, hangup=True)
            lines = [(line, say_language(language)) for line in state["lines"]]
            return self._twiml(notice_lines("silence", language) + lines, language)
        state["silences"] = 0
        collector = VoiceCollector()
        message = UserMessage(text, collector, caller, input_channel=self.name(),
                              metadata={"twilio": {"call_sid": call_sid}})
        try:
            await asyncio.shield(asyncio.ensure_future(on_new_message(message)))
        except Exception as exc:  # the caller hears that something went wrong, and may try again
            log.error("twilio_voice %s: handling failed (%s)", call_sid, type(exc).__name__)
            return self._twiml(notice_lines("error", language), language)
        language = await conversation_language(request.app.ctx, caller, self.languages) or language
        spoken = collector.spoken()
        state["lines"] = spoken
        log.info("twilio_voice %s: turn handled, %d line(s), speech %s", call_sid, len(spoken),
                 speech_language(language))
        lines = [(line, say_language(language)) for line in spoken] or notice_lines("silence", language)
        return self._twiml(lines, language)

    @staticmethod
    async def _held_for_coordinator(call_sid: str) -> Optional[str]:
        """"paging" while a handoff for this live call is being paged (it is bridged on acceptance),
        "exhausted" once nobody accepted; None without a handoff or when the state is unknown."""
        try:
            return await asyncio.to_thread(runtime.pager().call_state, call_sid)
        except Exception as exc:
            log.error("twilio_voice %s: handoff state unknown (%s)", call_sid, type(exc).__name__)
            return None

    async def keypad(self, request: Request, case_code: str, coordinator_id: str) -> HTTPResponse:
        """A coordinator's key press on a paging call: 1 accepts, anything else does not."""
        refused = self._refused(request)
        if refused is not None:
            return refused
        digits = parse_form(request).first("Digits").strip()
        if digits != "1":
            log.info("twilio_voice: handoff %s not accepted by keypad (%s)", case_code, coordinator_id)
            return xml(ack_twiml(False, False))
        try:
            ack = await asyncio.to_thread(runtime.pager().acknowledge, case_code, coordinator_id, "keypad")
        except KeyError:
            log.warning("twilio_voice: keypad acceptance for unknown handoff %s", case_code)
            return xml(ack_twiml(False, False))
        except Exception as exc:  # not accepted: paging goes on to the next person, nobody is lost
            log.error("twilio_voice: keypad acceptance of %s failed (%s)", case_code, type(exc).__name__)
            return xml(ack_twiml(False, False))
        log.info("twilio_voice: handoff %s accepted by keypad (first: %s)", ack.case_code, ack.first)
        return xml(ack_twiml(True, ack.first))

    async def bridged(self, request: Request, case_code: str, coordinator_id: str) -> HTTPResponse:
        """The outcome of the caller's `<Dial>` to the accepting coordinator. Never silent: a call
        that was not picked up goes to the next person, and with nobody left the caller hears 112."""
        refused = self._refused(request)
        if refused is not None:
            return refused
        status = parse_form(request).first("DialCallStatus").strip().lower()
        if status in ("completed", "answered"):
            log.info("twilio_voice: handoff %s bridged call ended", case_code)
            return xml(goodbye_twiml("", say_language(None)))
        try:
            outcome = await asyncio.to_thread(runtime.pager().bridge_unanswered, case_code, coordinator_id)
        except KeyError:
            log.warning("twilio_voice: dial outcome for unknown handoff %s", case_code)
            return xml(goodbye_twiml(render("utter_human_handoff__voice_nobody", "nl")["text"], say_language("nl")))
        except Exception as exc:  # the caller must hear something true, not silence
            log.error("twilio_voice: dial outcome of %s not handled (%s)", case_code, type(exc).__name__)
            return xml(goodbye_twiml(render("utter_human_handoff__voice_nobody", "nl")["text"], say_language("nl")))
        language = outcome.language
        log.info("twilio_voice: handoff %s bridged call %s, %s", case_code, status or "not answered", outcome.kind)
        if outcome.kind == "exhausted":
            text = render("utter_human_handoff__voice_nobody", language)["text"]
            return xml(goodbye_twiml(text, say_language(language)))
        text = render("utter_human_handoff__voice_next", language)["text"]
        return xml(hold_twiml(text, say_language(language), speech_language(language), self.action_url()))

    async def callback(self, request: Request, case_code: str) -> HTTPResponse:
        """The coordinator's key on a call-back call: 1 dials the person, once, if the yes stands."""
        refused = self._refused(request)
        if refused is not None:
            return refused
        if parse_form(request).first("Digits").strip() != "1":
            log.info("twilio_voice: handoff %s call-back not connected (no 1)", case_code)
            return xml(callback_connect_twiml(None, None))
        try:
            number = await asyncio.to_thread(runtime.pager().callbacks.connect, case_code)
            caller_id = getattr(runtime.gateway(), "from_number", None)
        except Exception as exc:
            log.error("twilio_voice: call-back of %s not connected (%s)", case_code, type(exc).__name__)
            number = caller_id = None
        return xml(callback_connect_twiml(number, caller_id))
