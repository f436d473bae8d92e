"""Local stand-in for the parts of Twilio's REST API the hotline uses (tests, embedded mode).

It is NOT Twilio and delivers nothing: a loopback HTTP server that accepts the official
`twilio` client's requests, records them in memory and answers with Twilio-shaped JSON.
Run it in the foreground with `python -m bot.twilio_standin --port 8015 ...`.
"""
from bot.twilio_standin.server import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, StandIn
from bot.twilio_standin.signing import sign, signed_headers
from bot.twilio_standin.state import RecordedRequest

__all__ = [
    "DEFAULT_ACCOUNT_SID",
    "DEFAULT_AUTH_TOKEN",
    "RecordedRequest",
    "StandIn",
    "sign",
    "signed_headers",
]
