"""Bearer-token check and JSON body parsing shared by the web service's API blueprints."""
from __future__ import annotations

import hmac
from typing import Optional

from sanic.request import Request
from sanic.response import HTTPResponse, json


def authorised(request: Request) -> Optional[HTTPResponse]:
    """None when the request carries the API token; otherwise the 401/503 answer to send."""
    token = request.app.ctx.api_token
    if not token:
        return json({"error": "the API is disabled: set API_TOKEN"}, status=503)
    given = (request.headers.get("authorization") or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return json({"error": "missing or wrong bearer token"}, status=401)
    return None


def json_object(request: Request):
    """`(body, None)` with the request's JSON object ({} when there is no body), or `(None, answer)`
    with a clear 400/422 when the body is not JSON or not a JSON object."""
    if not request.body:
        return {}, None
    try:
        body = request.json
    except Exception:  # Sanic raises InvalidUsage for malformed JSON
        return None, json({"error": "body must be valid JSON"}, status=400)
    if not isinstance(body, dict):
        return None, json({"error": "body must be a JSON object"}, status=422)
    return body, None
