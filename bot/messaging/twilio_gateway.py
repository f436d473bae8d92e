"""`TwilioGateway`: the production gateway, built on the official `twilio.rest.Client`.

Base-URL override (why a TwilioHttpClient subclass)
---------------------------------------------------
twilio 8.2 has no option to point `Client` at another API host: every domain object
(`client.api`, ...) carries a hard-coded `base_url` such as `https://api.twilio.com`, and
`Client.get_hostname()` only rewrites the host for Twilio edges/regions (always
`*.twilio.com`). The one supported injection point is `Client(http_client=...)`: every
request, whatever the domain or resource, reaches `HttpClient.request()` with a fully
qualified URL. `BaseUrlHttpClient` therefore overrides `request()` and swaps the scheme and
host (and prepends an optional path prefix) before delegating to the stock
`TwilioHttpClient`, so auth, headers, form encoding and response parsing stay 100 % the
official client's. That is how the embedded mode and the tests talk to
`bot.twilio_standin` on 127.0.0.1.

Note: the stock client logs request URLs and response headers (never form bodies) at INFO
on the `twilio.http_client` logger; URLs contain only account and message SIDs.
"""
from __future__ import annotations

import logging
from typing import Any, Optional
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.messaging.base import (
    GatewayError,
    MessageGateway,
    OutgoingResult,
    mask_phone,
    scrub_numbers,
)

__all__ = ["BaseUrlHttpClient", "TwilioGateway"]

log = logging.getLogger("opvanglijn.messaging")


class BaseUrlHttpClient(TwilioHttpClient):
    """A TwilioHttpClient that sends every request to `base_url` instead of *.twilio.com.

    `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json` with base
    `http://127.0.0.1:8015` becomes `http://127.0.0.1:8015/2010-04-01/Accounts/AC1/Messages.json`.
    """

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"api_base_url must look like http://host:port, got {base_url!r}")
        super().__init__(**kwargs)
        self._scheme = parts.scheme
        self._netloc = parts.netloc
        self._prefix = parts.path.rstrip("/")

    def rewrite(self, url: str) -> str:
        """Return `url` with scheme and host replaced by the configured base URL."""
        parts = urlsplit(url)
        return urlunsplit(
            (self._scheme, self._netloc, self._prefix + parts.path, parts.query, parts.fragment)
        )

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        """Delegate to TwilioHttpClient.request with the rewritten URL."""
        return super().request(method, self.rewrite(url), *args, **kwargs)


def _wrap(exc: Exception, action: str) -> GatewayError:
    """Translate a Twilio/requests exception into a GatewayError without personal data."""
    if isinstance(exc, TwilioRestException):
        status = int(exc.status)
        retryable = status == 429 or status >= 500
        code = exc.code if isinstance(exc.code, int) else None
        text = scrub_numbers(str(exc.msg or ""))
        return GatewayError(retryable, code, f"{action} failed (HTTP {status}): {text}", status=status)
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return GatewayError(True, None, f"{action} failed: {type(exc).__name__} talking to Twilio")
    if isinstance(exc, requests.RequestException):
        return GatewayError(False, None, f"{action} failed: {type(exc).__name__}")
    return GatewayError(False, None, f"{action} failed: {scrub_numbers(str(exc))}")


class TwilioGateway(MessageGateway):
    """Sends SMS and places calls through Twilio's REST API (or a stand-in at api_base_url)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        api_base_url: Optional[str] = None,
        timeout: float = 10,
    ) -> None:
        if api_base_url:
            http_client: TwilioHttpClient = BaseUrlHttpClient(api_base_url, timeout=timeout)
        else:
            http_client = TwilioHttpClient(timeout=timeout)
        self._client = Client(account_sid, auth_token, http_client=http_client)
        self._from = self.from_number = from_number
        self.api_base_url = api_base_url

    @property
    def client(self) -> Client:
        """The underlying official Twilio client (for features outside this seam)."""
        return self._client

    def send_sms(
        self, to: str, body: str, *, status_callback: Optional[str] = None
    ) -> OutgoingResult:
        """Send an SMS; returns Twilio's message SID and status (usually `queued`)."""
        return self._create("sms", to, "body", body, status_callback)

    def place_call(
        self, to: str, twiml: str, *, status_callback: Optional[str] = None
    ) -> OutgoingResult:
        """Place a call that runs `twiml`; returns Twilio's call SID and status."""
        return self._create("call", to, "twiml", twiml, status_callback)

    def _create(
        self, kind: str, to: str, field: str, content: str, status_callback: Optional[str]
    ) -> OutgoingResult:
        resource = self._client.messages if kind == "sms" else self._client.calls
        kwargs = {"to": to, "from_": self._from, field: content}
        if status_callback:
            kwargs["status_callback"] = status_callback
        try:
            created = resource.create(**kwargs)
        except (TwilioException, requests.RequestException) as exc:
            err = _wrap(exc, "send_sms" if kind == "sms" else "place_call")
            log.warning(
                "%s to=%s failed: retryable=%s code=%s", kind, mask_phone(to), err.retryable, err.code
            )
            raise err from None
        result = OutgoingResult(str(created.sid), str(created.status), mask_phone(to))
        log.info(
            "%s sid=%s to=%s status=%s %s_len=%d",
            kind, result.sid, result.to_masked, result.status, field, len(content),
        )
        return result

    def update_call(self, sid: str, twiml: str) -> None:
        """Redirect a live call to `twiml` (Twilio: update the Call resource's Twiml)."""
        try:
            self._client.calls(sid).update(twiml=twiml)
        except (TwilioException, requests.RequestException) as exc:
            err = _wrap(exc, "update_call")
            log.warning("update call sid=%s failed: retryable=%s code=%s", sid, err.retryable, err.code)
            raise err from None
        log.info("updated call sid=%s twiml_len=%d", sid, len(twiml))

    def delete_message(self, sid: str) -> None:
        """Delete a message at Twilio (erases body and metadata). 404 -> non-retryable."""
        try:
            self._client.messages(sid).delete()
        except (TwilioException, requests.RequestException) as exc:
            err = _wrap(exc, "delete_message")
            log.warning("delete sid=%s failed: retryable=%s code=%s", sid, err.retryable, err.code)
            raise err from None
        log.info("deleted sid=%s", sid)
