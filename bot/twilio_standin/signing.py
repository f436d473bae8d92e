"""Compute `X-Twilio-Signature` values so tests can post signed webhooks.

Uses the official `twilio.request_validator.RequestValidator`, i.e. exactly the algorithm
the hotline's webhook validation checks (HMAC-SHA1 over URL + sorted POST params,
base64). Test/embedded helper of the Twilio stand-in; real Twilio signs its own webhooks.
"""
from __future__ import annotations

from typing import Mapping, Optional, Sequence, Union

from twilio.request_validator import RequestValidator

__all__ = ["sign", "signed_headers"]

Params = Mapping[str, Union[str, Sequence[str]]]


class _MultiParams(dict):
    """dict whose `getall` returns every value, so repeated fields are signed like Twilio."""

    def getall(self, key: str) -> list[str]:
        value = self[key]
        return [value] if isinstance(value, str) else list(value)


def sign(url: str, params: Optional[Params], auth_token: str) -> str:
    """Signature Twilio would send for a POST of `params` to the full public `url`.

    `params` maps form field -> value (or a list of values for repeated fields).
    """
    return RequestValidator(auth_token).compute_signature(url, _MultiParams(params or {}))


def signed_headers(url: str, params: Optional[Params], auth_token: str) -> dict[str, str]:
    """Headers for a signed form POST: X-Twilio-Signature + form content type."""
    return {
        "X-Twilio-Signature": sign(url, params, auth_token),
        "Content-Type": "application/x-www-form-urlencoded",
    }
