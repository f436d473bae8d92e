"""`python -m bot.twilio_standin`: run the Twilio stand-in in the foreground.

Used by the start script in embedded mode. Credentials come from the flags or, if absent,
from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (preferred: flags are visible in `ps`).
Stops cleanly on SIGINT/SIGTERM. Not Twilio: nothing is delivered to any phone.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from typing import Optional, Sequence

from bot.twilio_standin.server import StandIn

log = logging.getLogger("opvanglijn.twilio_standin")


def _parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.twilio_standin",
        description="Local Twilio REST stand-in (tests/embedded mode; not Twilio).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8015, help="port (default 8015, 0 = any)")
    parser.add_argument("--account-sid", default=os.environ.get("TWILIO_ACCOUNT_SID"))
    parser.add_argument("--auth-token", default=os.environ.get("TWILIO_AUTH_TOKEN"))
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    if not args.account_sid or not args.auth_token:
        parser.error(
            "--account-sid and --auth-token (or TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN) are required"
        )
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Serve until SIGINT/SIGTERM; returns the process exit code."""
    args = _parse(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    standin = StandIn(args.account_sid, args.auth_token, host=args.host, port=args.port)
    try:
        standin.start()
    except OSError as exc:
        log.error("cannot listen on %s:%s: %s", args.host, args.port, exc)
        return 1
    try:
        while not stop.wait(0.5):
            pass
    finally:
        standin.stop()
        log.info("Twilio stand-in stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
