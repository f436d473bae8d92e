"""`StandIn`: a real HTTP server on loopback that imitates the bits of Twilio we use.

This is a test/embedded stand-in, NOT Twilio: it never reaches a phone network. It
serves `http.server.ThreadingHTTPServer` in a background thread (stdlib only) and answers
the official `twilio` client like api.twilio.com would (see `state` and `resources`).

Admin endpoints (for other processes, e.g. the start script or end-to-end tests), all
behind the same HTTP Basic auth as the API because they expose message bodies:

* `GET  /_standin/requests` -> `{"requests": [...], "messages": {...}, "calls": {...}}`
* `POST /_standin/fail` with JSON `{"n": 1, "status": 503, "code": 20503}` -> next n fail
* `POST /_standin/reset` -> forget everything
"""
from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

from bot.twilio_standin.resources import error_payload
from bot.twilio_standin.state import RecordedRequest, StandInState

__all__ = ["DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN", "StandIn"]

log = logging.getLogger("opvanglijn.twilio_standin")

DEFAULT_ACCOUNT_SID = "AC" + "0" * 32
DEFAULT_AUTH_TOKEN = "standin-auth-token"
_MAX_BODY = 1 << 20


class _Handler(BaseHTTPRequestHandler):
    """Thin adapter from HTTP to `StandInState.handle`."""

    server: "_Server"
    timeout = 30
    server_version = "TwilioStandIn/1.0"

    def do_GET(self) -> None:  # noqa: N802 (stdlib naming)
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        path = urlsplit(self.path).path
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= _MAX_BODY:
            self._reply(413, error_payload(413, 20413, "Missing, bad or too large Content-Length"))
            return
        raw = self.rfile.read(length) if length else b""
        state = self.server.state
        if path.startswith("/_standin/"):
            self._admin(method, path, raw)
            return
        form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        status, payload = state.handle(method, path, form, self.headers.get("Authorization"))
        self._reply(status, payload)

    def _admin(self, method: str, path: str, raw: bytes) -> None:
        state = self.server.state
        if not state.authorized(self.headers.get("Authorization")):
            self._reply(401, error_payload(401, 20003, "Authenticate"))
            return
        if method == "GET" and path == "/_standin/requests":
            requests, messages, calls = state.snapshot()
            dump = [r.to_dict() for r in requests]
            self._reply(200, {"requests": dump, "messages": messages, "calls": calls})
        elif method == "POST" and path == "/_standin/fail":
            try:
                spec = json.loads(raw or b"{}")
                n, status = int(spec.get("n", 1)), int(spec.get("status", 500))
                state.fail_next(n, status, int(spec.get("code", 20500)))
            except (ValueError, TypeError, AttributeError) as exc:
                self._reply(400, error_payload(400, 20001, f"Bad fail spec: {exc}"))
                return
            self._reply(200, {"pending_failures": state.pending_failures()})
        elif method == "POST" and path == "/_standin/reset":
            state.reset()
            self._reply(200, {"reset": True})
        else:
            self._reply(404, error_payload(404, 20404, f"The requested resource {path} was not found"))

    def _reply(self, status: int, payload: Optional[dict[str, Any]]) -> None:
        body = b"" if payload is None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
        if payload is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Route stdlib access logs to logging (paths hold only SIDs, never bodies)."""
        log.debug("%s - %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: StandInState) -> None:
        self.state = state
        super().__init__(address, _Handler)


class StandIn:
    """Local Twilio REST stand-in; `start()` returns its base URL (http://127.0.0.1:PORT).

    Use as a context manager in tests::

        with StandIn() as standin:
            gw = TwilioGateway(standin.account_sid, standin.auth_token, "+3197010000000",
                               api_base_url=standin.base_url)
    """

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        max_requests: int = 10_000,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.host = host
        self.port = port
        self._state = StandInState(account_sid, auth_token, max_requests)
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def base_url(self) -> str:
        """`http://host:port` of the running server (port resolved after `start()`)."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> str:
        """Bind and serve in a daemon thread; returns the base URL. Idempotent."""
        if self._server is None:
            self._server = _Server((self.host, self.port), self._state)
            self.port = self._server.server_address[1]
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},  # fast stop() in tests
                name=f"twilio-standin-{self.port}",
                daemon=True,
            )
            self._thread.start()
            log.info("Twilio stand-in listening on %s (not Twilio; nothing is delivered)", self.base_url)
        return self.base_url

    def stop(self) -> None:
        """Stop serving and close the socket. Safe to call twice."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> "StandIn":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def requests(self) -> list[RecordedRequest]:
        """Copies of the recorded API requests, oldest first (admin calls not included)."""
        return self._state.snapshot()[0]

    @property
    def messages(self) -> dict[str, dict[str, Any]]:
        """Copies of the stored Message resources by SID (deleted ones are gone)."""
        return self._state.snapshot()[1]

    @property
    def calls(self) -> dict[str, dict[str, Any]]:
        """Copies of the stored Call resources by SID."""
        return self._state.snapshot()[2]

    def fail_next(self, n: int, status: int = 500, code: int = 20500) -> None:
        """Make the next `n` API requests fail with HTTP `status` and Twilio error `code`."""
        self._state.fail_next(n, status, code)

    def reset(self) -> None:
        """Forget all recorded requests, messages, calls and pending failures."""
        self._state.reset()
