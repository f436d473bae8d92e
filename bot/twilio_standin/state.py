"""In-memory state and request routing of the Twilio stand-in (no sockets here).

`StandInState.handle()` takes an already-parsed HTTP request and returns
`(status, json_payload_or_None)`; `bot.twilio_standin.server` wires it to a real HTTP
server. Test/embedded stand-in only, not Twilio.

Privacy: bodies live only in process memory. Deleting a message also replaces `Body`
in the recorded request with `[deleted]`, and the log is capped (`max_requests`).
"""
from __future__ import annotations

import base64
import binascii
import copy
import hmac
import re
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Optional

from bot.twilio_standin.resources import API_VERSION, ApiError, build_call, build_message

_ROUTE = re.compile(
    rf"^/{API_VERSION}/Accounts/(?P<account>[^/]+)/(?P<kind>Messages|Calls)(?:/(?P<sid>[^/]+))?\.json$"
)
_FAILURE_MESSAGES = {429: "Too Many Requests", 503: "Service Unavailable"}
DELETED = "[deleted]"

Response = tuple[int, Optional[dict[str, Any]]]


@dataclass
class RecordedRequest:
    """One API request as the stand-in saw it (form values: first value per field)."""

    method: str
    path: str
    form: dict[str, str]
    form_lists: dict[str, list[str]]
    time: str
    status: int = 0
    authorized: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable copy (used by `GET /_standin/requests`)."""
        return asdict(self)


@dataclass
class _Failure:
    remaining: int = 0
    status: int = 500
    code: int = 20500


@dataclass
class StandInState:
    """Everything the stand-in remembers; all access goes through `lock`."""

    account_sid: str
    auth_token: str
    max_requests: int = 10_000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.requests: deque[RecordedRequest] = deque(maxlen=self.max_requests)
        self.messages: dict[str, dict[str, Any]] = {}
        self.calls: dict[str, dict[str, Any]] = {}
        self._origin: dict[str, RecordedRequest] = {}
        self._failure = _Failure()

    # ---- control -------------------------------------------------------------------
    def fail_next(self, n: int, status: int = 500, code: int = 20500) -> None:
        """Make the next `n` API requests fail with HTTP `status` / Twilio `code`."""
        if n < 0 or not 400 <= status <= 599:
            raise ValueError("fail_next needs n >= 0 and an HTTP error status (4xx/5xx)")
        with self.lock:
            self._failure = _Failure(n, status, code)

    def pending_failures(self) -> int:
        """How many simulated failures are still queued."""
        with self.lock:
            return self._failure.remaining

    def reset(self) -> None:
        """Forget all requests, messages, calls and queued failures."""
        with self.lock:
            self.requests.clear()
            self.messages.clear()
            self.calls.clear()
            self._origin.clear()
            self._failure = _Failure()

    def snapshot(self) -> tuple[list[RecordedRequest], dict[str, dict], dict[str, dict]]:
        """Deep copies of requests, messages and calls (safe to read without the lock)."""
        with self.lock:
            return copy.deepcopy((list(self.requests), self.messages, self.calls))

    # ---- auth ----------------------------------------------------------------------
    def authorized(self, header: Optional[str]) -> bool:
        """True if `header` is HTTP Basic with this account SID and auth token."""
        if not header or not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:], validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(user.encode(), self.account_sid.encode()) and hmac.compare_digest(
            password.encode(), self.auth_token.encode()
        )

    # ---- API -----------------------------------------------------------------------
    def handle(
        self, method: str, path: str, form: dict[str, list[str]], auth: Optional[str]
    ) -> Response:
        """Serve one Twilio API request; records it and returns (status, payload)."""
        record = RecordedRequest(
            method=method,
            path=path,
            form={k: v[0] for k, v in form.items() if v},
            form_lists={k: list(v) for k, v in form.items()},
            time=datetime.now(timezone.utc).isoformat(),
            authorized=self.authorized(auth),
        )
        with self.lock:
            self.requests.append(record)
            try:
                status, payload = self._dispatch(method, path, form, record)
            except ApiError as err:
                status, payload = err.status, err.payload()
            record.status = status
        return status, payload

    def _dispatch(
        self, method: str, path: str, form: dict[str, list[str]], record: RecordedRequest
    ) -> Response:
        failure = self._failure
        if failure.remaining > 0:
            failure.remaining -= 1
            text = _FAILURE_MESSAGES.get(failure.status, "Simulated failure (stand-in fail_next)")
            raise ApiError(failure.status, failure.code, text)
        if not record.authorized:
            raise ApiError(401, 20003, "Authenticate")
        match = _ROUTE.match(path)
        if not match:
            raise ApiError(404, 20404, f"The requested resource {path} was not found")
        if match["account"] != self.account_sid:
            raise ApiError(404, 20404, f"The requested resource {path} was not found")
        kind, sid = match["kind"], match["sid"]
        store = self.messages if kind == "Messages" else self.calls
        if sid is None:
            if method != "POST":
                raise ApiError(405, 20004, "Method not allowed")
            build = build_message if kind == "Messages" else build_call
            resource = build(self.account_sid, form)
            store[resource["sid"]] = resource
            self._origin[resource["sid"]] = record
            return 201, copy.deepcopy(resource)
        if sid not in store:
            raise ApiError(404, 20404, f"The requested resource {path} was not found")
        if method == "GET":
            return 200, copy.deepcopy(store[sid])
        if method == "POST" and kind == "Calls":  # update a live call: new TwiML runs at once
            twiml = (form.get("Twiml") or [""])[0]
            if not twiml and not (form.get("Url") or [""])[0] and not (form.get("Status") or [""])[0]:
                raise ApiError(400, 21205, "Either a 'Url', 'Twiml' or 'Status' parameter is required.")
            if len(twiml) > 4000:
                raise ApiError(400, 13002, "Twiml parameter exceeds the 4000 character limit.")
            if twiml:
                store[sid]["twiml"] = twiml
            if (form.get("Status") or [""])[0]:
                store[sid]["status"] = form["Status"][0]
            return 200, copy.deepcopy(store[sid])
        if method == "DELETE" and kind == "Messages":
            del store[sid]
            origin = self._origin.pop(sid, None)
            if origin is not None:
                for key in ("Body", "To"):
                    if key in origin.form:
                        origin.form[key] = DELETED
                        origin.form_lists[key] = [DELETED]
            return 204, None
        raise ApiError(405, 20004, "Method not allowed")
