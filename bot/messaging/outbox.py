"""`OutboxGateway`: the embedded default when no Twilio credentials are configured.

Nothing is sent. Each SMS or call is appended as one JSON line to an outbox file
(created with mode 0600) so developers and tests can see what the hotline *would* have
sent, and one console line is logged on `opvanglijn.outbox` with only the kind, sid,
masked number and body length. `delete_message` erases the body (and the full number) of
that line by rewriting the file, so erasure flows can be exercised locally too.

Concurrency: appends and deletes take an exclusive `flock` on a sidecar `<outbox>.lock`
file (plus a thread lock), so several processes may share one outbox (POSIX only).
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import tempfile
import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from bot.messaging.base import GatewayError, MessageGateway, OutgoingResult, mask_phone

__all__ = ["OutboxGateway", "read_outbox"]

log = logging.getLogger("opvanglijn.outbox")

_FILE_MODE = 0o600


def read_outbox(path: Union[str, Path]) -> list[dict[str, Any]]:
    """Return every entry of the outbox file, oldest first ([] if the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return []
    with p.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class OutboxGateway(MessageGateway):
    """Writes outgoing SMS/calls to a JSON-lines file instead of sending them."""

    def __init__(self, path: Union[str, Path]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the thread lock and an exclusive flock on `<outbox>.lock`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with self._lock:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, _FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the flock

    def _append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._locked():
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, _FILE_MODE)
            with os.fdopen(fd, "a", encoding="utf-8") as fh:
                fh.write(line)

    def _record(
        self, kind: str, prefix: str, to: str, field: str, content: str, status_callback: Optional[str]
    ) -> OutgoingResult:
        sid = prefix + "OUTBOX" + uuid.uuid4().hex[:26]
        entry: dict[str, Any] = {
            "sid": sid, "kind": kind, "to": to, field: content, "created_at": _now()
        }
        if status_callback:
            entry["status_callback"] = status_callback
        self._append(entry)
        masked = mask_phone(to)
        log.info("outbox %s sid=%s to=%s %s_len=%d", kind, sid, masked, field, len(content))
        return OutgoingResult(sid, "queued", masked)

    def send_sms(
        self, to: str, body: str, *, status_callback: Optional[str] = None
    ) -> OutgoingResult:
        """Append an `sms` entry; sid looks like `SMOUTBOX…`, status `queued`."""
        return self._record("sms", "SM", to, "body", body, status_callback)

    def place_call(
        self, to: str, twiml: str, *, status_callback: Optional[str] = None
    ) -> OutgoingResult:
        """Append a `call` entry; sid looks like `CAOUTBOX…`, status `queued`."""
        return self._record("call", "CA", to, "twiml", twiml, status_callback)

    def update_call(self, sid: str, twiml: str) -> None:
        """Append a `call_update` entry: the live call `sid` would now run `twiml`."""
        self._append({"sid": sid, "kind": "call_update", "twiml": twiml, "created_at": _now()})
        log.info("outbox call_update sid=%s twiml_len=%d", sid, len(twiml))

    def delete_message(self, sid: str) -> None:
        """Erase body and full number of message `sid` (like Twilio's DELETE).

        The line stays as an audit trail with `body: null`, the masked number and
        `deleted_at`. Unknown or already-deleted sid -> GatewayError(retryable=False, 20404).
        """
        with self._locked():
            entries = read_outbox(self.path)
            for entry in entries:
                if entry.get("sid") == sid and entry.get("kind") == "sms" and "deleted_at" not in entry:
                    entry["body"] = None
                    entry["to"] = mask_phone(entry.get("to"))
                    entry["deleted_at"] = _now()
                    break
            else:
                message = f"delete_message failed: no message {sid} in outbox"
                raise GatewayError(False, 20404, message, status=404)
            self._rewrite(entries)
        log.info("outbox deleted sid=%s", sid)

    def _rewrite(self, entries: list[dict[str, Any]]) -> None:
        """Atomically replace the outbox file (temp file in the same dir + os.replace)."""
        fd, tmp = tempfile.mkstemp(prefix=".outbox-", dir=str(self.path.parent))
        try:
            os.chmod(tmp, _FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for entry in entries:
                    fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
