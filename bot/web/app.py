"""Sanic app factory. Engine and registry are opened in `before_server_start`, kept on app.ctx.

Registry endpoints require `Authorization: Bearer <REGISTRY_API_TOKEN>`: they show shelter details
that only verified professionals may see. Without a configured token they answer 503.
"""
from __future__ import annotations

import hmac
import os
from typing import Optional

from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.config import Settings
from bot.registry.serialise import ProfileError, profile_from_dict, result_to_dict

MAX_BODY = 64 * 1024

registry_bp = Blueprint("registry", url_prefix="/api/registry")


def _authorised(request: Request) -> Optional[HTTPResponse]:
    token = request.app.ctx.api_token
    if not token:
        return json({"error": "registry API is disabled: set REGISTRY_API_TOKEN"}, status=503)
    given = (request.headers.get("authorization") or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return json({"error": "missing or wrong bearer token"}, status=401)
    return None


def _json_body(request: Request):
    try:
        return request.json, None
    except Exception:  # Sanic raises InvalidUsage for malformed JSON
        return None, json({"error": "body must be valid JSON"}, status=400)


@registry_bp.post("/search")
async def search(request: Request) -> HTTPResponse:
    denied = _authorised(request)
    if denied:
        return denied
    body, error = _json_body(request)
    if error:
        return error
    try:
        profile = profile_from_dict(body or {})
    except ProfileError as exc:
        return json({"error": str(exc)}, status=422)
    language = request.args.get("language", "en")
    result = request.app.ctx.registry.search(profile)
    return json(result_to_dict(result, language))


@registry_bp.post("/beds")
async def set_free(request: Request) -> HTTPResponse:
    from bot.registry.service import RegistryError

    denied = _authorised(request)
    if denied:
        return denied
    body, error = _json_body(request)
    if error:
        return error
    try:
        state = request.app.ctx.registry.set_free(str(body["shelter"]), str(body.get("kind", "regular")),
                                                  int(body["free"]), actor=str(body.get("actor", "api")))
    except (KeyError, TypeError, ValueError):
        return json({"error": "give shelter, free (a number) and optionally kind"}, status=422)
    except RegistryError as exc:
        return json({"error": str(exc)}, status=422)
    return json({**state, "updated_at": state["updated_at"].isoformat()})


def create_app(settings: Optional[Settings] = None, registry=None, name: str = "opvanglijn") -> Sanic:
    settings = settings or Settings.from_env()
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    app.ctx.settings = settings
    app.ctx.api_token = os.environ.get("REGISTRY_API_TOKEN", "")
    app.blueprint(registry_bp)

    @app.before_server_start
    async def open_registry(app_: Sanic, _loop) -> None:
        if registry is not None:
            app_.ctx.registry = registry
            return
        from bot.registry.db import make_engine
        from bot.registry.service import Registry

        app_.ctx.registry = Registry(make_engine(settings.database_url), settings)

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        request.app.ctx.registry.snapshot()  # proves the database answers
        return json({"status": "ok"})

    return app
