"""Bearer-token check shared by the web service's API blueprints."""
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
