"""The shared Rasa input channel for Twilio messaging (SMS and WhatsApp).

`POST /webhooks/<name>/webhook`, in order:

1. signature (`security.check_request`): 503 without a token, 403 without a valid signature;
2. dedupe (`store.claim` on MessageSid): a redelivery gets `<Response/>` and nothing else;
   the sid is indexed under the thread (`bot.safety.threads`) so an erase can delete it later;
2a. safety words (`bot.safety.guard`): the erase word deletes the thread here and at Twilio, the
   duress word starts a harmless cover conversation; while it lasts nothing reaches the bot;
3. messages that are not for the bot (`bot.handoff.inbound.route_inbound`: a paged coordinator's
   "OK OL-XXXXXX", a coordinator or person in a taken-over thread, a shelter's JA/NEE) are
   answered with the router's reply as TwiML and never reach Rasa;
4. photos, voice notes and locations: a notice that a person will look at it, `/request_human` to Rasa;
5. an empty body gets a clear reply; a body over 1,600 characters is read up to 1,600 (said so)
   and the rest kept in the message metadata, so nothing is lost;
6. anything else goes to Rasa; replies leave through `runtime.gateway()` (`output.GatewayOutput`).

`POST /webhooks/<name>/status` records delivery status callbacks (`store.record_status`).
Processing is shielded from cancellation: if Twilio hangs up on a slow answer, the message is
still handled once, and the dedupe row keeps Twilio's retry from handling it twice.
"""
from __future__ import annotations

import abc
import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Type

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import runtime
from bot.channels import store
from bot.channels.output import ButtonMemory, GatewayOutput
from bot.channels.privacy import install_log_scrubber
from bot.channels.security import TwilioForm, check_request, parse_form
from bot.channels.text import MAX_INBOUND_CHARS, NOTICES, fits_sms
from bot.channels.twiml import CONTENT_TYPE, empty_response, messages_response
from bot.handoff.inbound import route_inbound
from bot.handoff.paging import ACK
from bot.safety.guard import TextSafety

__all__ = ["OnNewMessage", "TwilioMessagingInput", "REQUEST_HUMAN"]

log = logging.getLogger("opvanglijn.channels")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
REQUEST_HUMAN = "/request_human"
MAX_MEDIA = 10  # Twilio sends at most 10 media per message


def xml(body: str, status: int = 200) -> HTTPResponse:
    """A TwiML answer."""
    return response.text(body, status=status, content_type=CONTENT_TYPE)


def _count(value: str) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


class TwilioMessagingInput(InputChannel, abc.ABC):
    """Signed, deduplicated Twilio messaging webhook; subclasses name it and pick the output."""

    output_class: Type[GatewayOutput] = GatewayOutput
    fits: Callable[[str], bool] = staticmethod(fits_sms)

    @classmethod
    @abc.abstractmethod
    def name(cls) -> Text:
        """The channel name: URL prefix, `input_channel` of the messages, output channel name."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioMessagingInput":
        """credentials.yml keys (all optional): `auth_token`, `public_url`."""
        credentials = credentials or {}
        return cls(auth_token=credentials.get("auth_token"), public_url=credentials.get("public_url"))

    def __init__(self, auth_token: Optional[str] = None, public_url: Optional[str] = None) -> None:
        self.auth_token = (auth_token or "").strip() or None
        self.public_url = (public_url or "").strip().rstrip("/") or None
        self.buttons = ButtonMemory()
        self.safety = TextSafety(self.name())

    # --- configuration (read lazily, per request) ---------------------------------------------
    def token(self) -> Optional[str]:
        """The auth token from credentials.yml, else TWILIO_AUTH_TOKEN from the settings."""
        if self.auth_token:
            return self.auth_token
        try:
            return runtime.settings().twilio_auth_token
        except Exception as exc:  # a broken .env must not let unsigned input through
            log.error("%s: settings unreadable (%s)", self.name(), type(exc).__name__)
            return None

    def extra_bases(self) -> List[Optional[str]]:
        """PUBLIC_BASE_URL, tried too for signatures (one proxy in front of web service and Rasa)."""
        try:
            return [runtime.settings().public_base_url]
        except Exception:
            return []

    def status_callback_url(self) -> Optional[str]:
        """Where Twilio reports delivery of our replies; only with an explicit `public_url`."""
        return f"{self.public_url}/webhooks/{self.name()}/status" if self.public_url else None

    def get_output_channel(self) -> GatewayOutput:
        """An output channel for replies (also used by Rasa for reminders and external events)."""
        return self.output_class(self.buttons, self.status_callback_url(), type(self).fits)

    def ack_address(self, sender: str) -> str:
        """The number a coordinator's acknowledgement is matched against (pages hold E.164)."""
        return sender

    # --- routes -------------------------------------------------------------------------------
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """`GET /`, `POST /webhook`, `POST /status` under `/webhooks/<name>`."""
        install_log_scrubber()  # Rasa logs conversation ids (= phone numbers) at DEBUG
        bp = Blueprint(f"{self.name()}_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        @bp.route("/status", methods=["POST"])
        async def status(request: Request) -> HTTPResponse:
            return await self.status(request)

        return bp

    def _refused(self, request: Request) -> Optional[HTTPResponse]:
        return check_request(request, self.token(), self.public_url, self.extra_bases(), self.name())

    async def receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        """The incoming-message webhook (see the module docstring for the steps)."""
        refused = self._refused(request)
        if refused is not None:
            return refused
        form = parse_form(request)
        sid, sender = form.first("MessageSid") or form.first("SmsSid"), form.first("From")
        if not sid or not sender:
            log.warning("%s: signed webhook without MessageSid or From ignored", self.name())
            return response.text("MessageSid and From are required", status=400)
        if not await self._claim(sid):
            log.info("%s %s: redelivery, already handled", self.name(), sid)
            return xml(empty_response())
        tracker_store = getattr(getattr(request.app.ctx, "agent", None), "tracker_store", None)
        task = asyncio.ensure_future(self._handle(form, sid, sender, on_new_message, tracker_store))
        replies = await asyncio.shield(task)
        return xml(messages_response(replies) if replies else empty_response())

    async def status(self, request: Request) -> HTTPResponse:
        """Delivery status callback: sid, status and error code only."""
        refused = self._refused(request)
        if refused is not None:
            return refused
        form = parse_form(request)
        sid = form.first("MessageSid") or form.first("SmsSid")
        status = form.first("MessageStatus") or form.first("SmsStatus")
        if not sid or not status:
            return response.text("MessageSid and MessageStatus are required", status=400)
        error = form.first("ErrorCode") or None
        try:
            engine = runtime.registry().engine
            await asyncio.to_thread(store.record_status, engine, sid, status, error)
        except Exception as exc:
            log.error("%s %s: status %s not recorded (%s)", self.name(), sid, status, type(exc).__name__)
            return response.text("", status=500)  # Twilio retries the callback
        log.info("%s %s: %s%s", self.name(), sid, status, f" (error {error})" if error else "")
        return response.text("", status=204)

    # --- steps --------------------------------------------------------------------------------
    async def _claim(self, sid: str) -> bool:
        """Insert-first dedupe. If the database is down the message is handled anyway (fail open:
        a duplicate reply is better than a lost message)."""
        try:
            return await asyncio.to_thread(store.claim, runtime.registry().engine, sid, self.name())
        except Exception as exc:
            log.error("%s %s: dedupe unavailable (%s); handling anyway", self.name(), sid, type(exc).__name__)
            return True

    async def _release(self, sid: str) -> None:
        try:
            await asyncio.to_thread(store.release, runtime.registry().engine, sid)
        except Exception as exc:
            log.error("%s %s: dedupe row not released (%s)", self.name(), sid, type(exc).__name__)

    async def _acknowledge(self, address: str, body: str) -> Optional[str]:
        """The confirmation text when `body` is "OK OL-XXXXXX" from the paged `address`, else None."""
        if not ACK.match(body or ""):
            return None
        ack = await asyncio.to_thread(runtime.pager().acknowledge_sms, address, body)
        if ack is None:
            return None
        return NOTICES["ack_first" if ack.first else "ack_again"].format(code=ack.case_code)

    async def _route_elsewhere(self, form: TwilioForm, sid: str, sender: str) -> Optional[str]:
        """The reply when the message is not for the bot (possibly ""), None when it is.

        Attachments are described in the text, so a coordinator in a taken-over thread sees that
        a photo or location arrived. If the router fails, the bot answers (nothing is lost).
        """
        body = form.first("Body")[:MAX_INBOUND_CHARS]
        extras = [form.first(f"MediaContentType{i}") or "media" for i in range(min(_count(form.first("NumMedia")),
                                                                                    MAX_MEDIA))]
        marker = f"[bijlage/attachment: {', '.join(extras)}]" if extras else ""
        if form.first("Latitude") and form.first("Longitude"):
            marker += f" [locatie/location: {form.first('Latitude')}, {form.first('Longitude')}]"
        text = f"{body} {marker}".strip()
        if not text:
            return None
        try:
            reply = await asyncio.to_thread(route_inbound, sender, text, sid)
            if reply is None and self.ack_address(sender) != sender:
                reply = await self._acknowledge(self.ack_address(sender), body)
        except Exception as exc:
            log.error("%s %s: inbound routing failed (%s); the bot answers", self.name(), sid, type(exc).__name__)
            return None
        if reply is not None:
            log.info("%s %s: not for the bot; routed (reply: %s)", self.name(), sid, bool(reply))
        return reply

    async def _handle(self, form: TwilioForm, sid: str, sender: str, on_new_message: OnNewMessage,
                      tracker_store: Any = None) -> List[str]:
        """Steps 2a-6; returns texts for TwiML `<Message>`. On failure the claim is released."""
        try:
            await asyncio.to_thread(self.safety.record, sender, sid, "in")
            guarded = await self.safety.handle(sender, form.first("Body"), tracker_store)
            if guarded is not None:
                self.buttons.forget(sender)
                return guarded
            return await self._process(form, sid, sender, on_new_message)
        except Exception as exc:  # never silence: the person is asked to send again
            log.error("%s %s: handling failed (%s)", self.name(), sid, type(exc).__name__)
            await self._release(sid)
            return [NOTICES["error"]]

    async def _process(self, form: TwilioForm, sid: str, sender: str, on_new_message: OnNewMessage) -> List[str]:
        body = form.first("Body")
        routed = await self._route_elsewhere(form, sid, sender)
        if routed is not None:
            return [routed] if routed else []
        output = self.get_output_channel()
        meta: Dict[str, Any] = {"message_sid": sid}
        num_media = _count(form.first("NumMedia"))
        located = bool(form.first("Latitude") and form.first("Longitude"))
        if num_media or located:
            if num_media:
                meta["media"] = [{"content_type": form.first(f"MediaContentType{i}"), "url": form.first(f"MediaUrl{i}")}
                                 for i in range(min(num_media, MAX_MEDIA))]
            if located:
                meta["location"] = {k.lower(): form.first(k) for k in ("Latitude", "Longitude", "Address", "Label")
                                    if form.first(k)}
            if body.strip():
                meta["caption"] = body[:MAX_INBOUND_CHARS]
            log.info("%s %s: %d media%s, a person is asked to look", self.name(), sid, num_media,
                     " + location" if located else "")
            await output.send_notice(sender, NOTICES["media" if num_media else "location"])
            text = REQUEST_HUMAN
        elif not body.strip():
            log.info("%s %s: empty message", self.name(), sid)
            return [NOTICES["empty"]]
        else:
            text = body
            if len(body) > MAX_INBOUND_CHARS:
                text = body[:MAX_INBOUND_CHARS]
                meta.update(truncated=True, original_length=len(body), overflow_text=body[MAX_INBOUND_CHARS:])
                log.info("%s %s: long message (%d chars), first %d read", self.name(), sid, len(body),
                         MAX_INBOUND_CHARS)
                await output.send_notice(sender, NOTICES["long"].format(length=len(body), limit=MAX_INBOUND_CHARS))
            text = self.buttons.resolve(sender, text)
        await on_new_message(UserMessage(text, output, sender, input_channel=self.name(), message_id=sid,
                                         metadata={"twilio": meta}))
        log.info("%s %s: handled, %d repl%s sent, %d undelivered", self.name(), sid, output.sent,
                 "y" if output.sent == 1 else "ies", len(output.undelivered))
        return list(output.undelivered)
