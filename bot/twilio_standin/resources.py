"""Twilio-shaped JSON payloads and request validation for the stand-in.

The shapes follow Twilio's 2010-04-01 REST API closely enough that the official
`twilio` Python client parses them into `MessageInstance` / `CallInstance`
(RFC 2822 dates, string counters, `uri`/`subresource_uris`). This is a test/embedded
stand-in, not Twilio: nothing is delivered to a phone.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, Optional

API_VERSION = "2010-04-01"
ERROR_DOCS = "https://www.twilio.com/docs/errors/{code}"

_E164 = re.compile(r"\+[1-9]\d{6,14}")
_CALL_ADDRESS = re.compile(r"(client|sip):\S+")


class ApiError(Exception):
    """An error response in Twilio's format: HTTP status + Twilio error code + message."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def payload(self) -> dict[str, Any]:
        """Twilio's error body: code, message, more_info, status."""
        return error_payload(self.status, self.code, self.message)


def error_payload(status: int, code: int, message: str) -> dict[str, Any]:
    """Build `{"code", "message", "more_info", "status"}` like Twilio's error responses."""
    more_info = ERROR_DOCS.format(code=code)
    return {"code": code, "message": message, "more_info": more_info, "status": status}


def new_sid(prefix: str) -> str:
    """A Twilio-like 34-character SID: two-letter prefix + 32 hex digits."""
    return prefix + uuid.uuid4().hex


def rfc2822_now() -> str:
    """Current UTC time formatted like Twilio: `Mon, 23 Nov 2026 08:24:58 +0000`."""
    return format_datetime(datetime.now(timezone.utc))


def _invalid_to(to: str) -> ApiError:
    # Like real Twilio, the message echoes the number; callers must scrub it before logging.
    return ApiError(400, 21211, f"The 'To' number {to} is not a valid phone number.")


def _segments(body: str) -> int:
    if not body:
        return 0
    single, multi = (160, 153) if body.isascii() else (70, 67)
    return 1 if len(body) <= single else -(-len(body) // multi)


def _first(form: dict[str, list[str]], key: str) -> Optional[str]:
    values = [v for v in form.get(key, []) if v.strip()]
    return values[0] if values else None


def _strip_channel(number: str) -> str:
    return number.split(":", 1)[1] if number.startswith("whatsapp:") else number


def build_message(account_sid: str, form: dict[str, list[str]]) -> dict[str, Any]:
    """Validate a Messages.json POST form and return the new Message resource."""
    to = _first(form, "To")
    from_ = _first(form, "From")
    service = _first(form, "MessagingServiceSid")
    body = _first(form, "Body") or ""
    media = [v for v in form.get("MediaUrl", []) if v.strip()]
    if not to:
        raise ApiError(400, 21604, "A 'To' phone number is required.")
    if not _E164.fullmatch(_strip_channel(to)):
        raise _invalid_to(to)
    if not from_ and not service:
        raise ApiError(400, 21603, "A 'From' phone number is required.")
    if not body and not media and not _first(form, "ContentSid"):
        raise ApiError(400, 21602, "Message body is required.")
    if len(body) > 1600:
        raise ApiError(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
    sid = new_sid("SM")
    now = rfc2822_now()
    uri = f"/{API_VERSION}/Accounts/{account_sid}/Messages/{sid}.json"
    return {
        "account_sid": account_sid,
        "api_version": API_VERSION,
        "body": body,
        "date_created": now,
        "date_sent": None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": from_,
        "messaging_service_sid": service,
        "num_media": str(len(media)),
        "num_segments": str(_segments(body)),
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "accepted" if service and not from_ else "queued",
        "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
        "to": to,
        "uri": uri,
        # Not part of Twilio's payload; kept for inspection in tests.
        "media_urls": media,
        "status_callback": _first(form, "StatusCallback"),
    }


def build_call(account_sid: str, form: dict[str, list[str]]) -> dict[str, Any]:
    """Validate a Calls.json POST form and return the new Call resource."""
    to = _first(form, "To")
    from_ = _first(form, "From")
    twiml = _first(form, "Twiml")
    url = _first(form, "Url")
    if not to:
        raise ApiError(400, 21201, "No 'To' number is specified")
    if not (_E164.fullmatch(to) or _CALL_ADDRESS.fullmatch(to)):
        raise _invalid_to(to)
    if not from_:
        raise ApiError(400, 21213, "No 'From' number is specified")
    if not twiml and not url and not _first(form, "ApplicationSid"):
        raise ApiError(400, 21205, "Either a 'Url', 'Twiml' or 'ApplicationSid' parameter is required.")
    if twiml and len(twiml) > 4000:
        raise ApiError(400, 13002, "Twiml parameter exceeds the 4000 character limit.")
    sid = new_sid("CA")
    now = rfc2822_now()
    base = f"/{API_VERSION}/Accounts/{account_sid}/Calls/{sid}"
    return {
        "account_sid": account_sid,
        "annotation": None,
        "answered_by": None,
        "api_version": API_VERSION,
        "caller_name": None,
        "date_created": now,
        "date_updated": now,
        "direction": "outbound-api",
        "duration": None,
        "end_time": None,
        "forwarded_from": None,
        "from": from_,
        "from_formatted": from_,
        "group_sid": None,
        "parent_call_sid": None,
        "phone_number_sid": None,
        "price": None,
        "price_unit": "USD",
        "queue_time": "0",
        "sid": sid,
        "start_time": None,
        "status": "queued",
        "subresource_uris": {
            "notifications": f"{base}/Notifications.json",
            "recordings": f"{base}/Recordings.json",
            "events": f"{base}/Events.json",
        },
        "to": to,
        "to_formatted": to,
        "trunk_sid": None,
        "uri": f"{base}.json",
        # Not part of Twilio's payload; kept for inspection in tests.
        "twiml": twiml,
        "url": url,
        "status_callback": _first(form, "StatusCallback"),
    }
