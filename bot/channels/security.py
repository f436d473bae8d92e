"""Webhook authentication: every Twilio webhook must carry a valid `X-Twilio-Signature`.

Twilio signs the full URL it requested plus the sorted POST parameters (HMAC-SHA1 with the
account's auth token). Behind a reverse proxy the URL Sanic sees (`http://127.0.0.1:5005/...`)
differs from the one Twilio called (`https://hotline.example.org/...`), so a configured public
base URL is tried as well; `RequestValidator` itself tries each URL with and without the port.

The form is parsed here with `keep_blank_values=True`: Twilio signs empty fields (an empty
`Body` on a photo) and Sanic's own `request.form` drops them, which would break validation.
"""
from __future__ import annotations

import logging
from typing import Dict, Iterable, List, Optional
from urllib.parse import parse_qs

from sanic.request import Request
from sanic.response import HTTPResponse, text
from twilio.request_validator import RequestValidator

__all__ = ["TwilioForm", "candidate_urls", "check_request", "parse_form", "validate_twilio"]

log = logging.getLogger("opvanglijn.channels")

SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_WEBHOOK_BYTES = 256 * 1024  # Twilio's webhooks are a few kB; a 1,600-character body < 20 kB
NOT_CONFIGURED = "Twilio channel not configured"


class TwilioForm(Dict[str, List[str]]):
    """POST parameters, every field a list; `getall` is what `RequestValidator` signs with."""

    def getall(self, key: str) -> List[str]:
        """Every value of `key` (empty list if absent)."""
        return list(self.get(key, []))

    def first(self, key: str, default: str = "") -> str:
        """The first value of `key`, or `default`."""
        values = self.get(key)
        return values[0] if values else default


def parse_form(request: Request) -> TwilioForm:
    """The urlencoded POST body as a `TwilioForm`, blank values kept (cached on the request)."""
    cached = getattr(request.ctx, "twilio_form", None)
    if cached is not None:
        return cached
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    form = TwilioForm()
    if content_type == "application/x-www-form-urlencoded" and request.body:
        form.update(parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True))
    request.ctx.twilio_form = form
    return form


def candidate_urls(request: Request, public_url_bases: Iterable[Optional[str]] = ()) -> List[str]:
    """The URL Sanic saw, then the same path and query under each configured public base."""
    suffix = request.path + (f"?{request.query_string}" if request.query_string else "")
    urls = [request.url]
    for base in public_url_bases:
        if base:
            url = base.rstrip("/") + suffix
            if url not in urls:
                urls.append(url)
    return urls


def validate_twilio(request: Request, auth_token: str, public_url_base: Optional[str] = None,
                    extra_bases: Iterable[Optional[str]] = ()) -> bool:
    """True when `X-Twilio-Signature` matches the request's form under one of its candidate URLs.

    `public_url_base` (and `extra_bases`) are URLs like `https://hotline.example.org`: the
    scheme and host Twilio called when a proxy sits in front of Rasa.
    """
    signature = request.headers.get(SIGNATURE_HEADER)
    if not signature or not auth_token:
        return False
    validator = RequestValidator(auth_token)
    params = parse_form(request)
    return any(validator.validate(url, params, signature)
               for url in candidate_urls(request, (public_url_base, *extra_bases)))


def check_request(request: Request, auth_token: Optional[str], public_url_base: Optional[str] = None,
                  extra_bases: Iterable[Optional[str]] = (), channel: str = "twilio") -> Optional[HTTPResponse]:
    """None when the webhook may be processed; otherwise the 503/413/403 response to return.

    No auth token configured -> 503 (unsigned input is never processed); a body over
    `MAX_WEBHOOK_BYTES` -> 413; a missing or wrong signature -> 403. Log lines name only the
    channel and the path, never a number or text.
    """
    if not auth_token:
        log.error("%s webhook refused: no Twilio auth token configured", channel)
        return text(NOT_CONFIGURED, status=503)
    if len(request.body or b"") > MAX_WEBHOOK_BYTES:
        log.warning("%s webhook refused: body of %d bytes", channel, len(request.body))
        return text("Request too large", status=413)
    if not validate_twilio(request, auth_token, public_url_base, extra_bases):
        present = bool(request.headers.get(SIGNATURE_HEADER))
        log.warning("%s webhook refused: %s signature on %s", channel, "invalid" if present else "missing",
                    request.path)
        return text("Forbidden", status=403)
    return None
