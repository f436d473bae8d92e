"""Sanic app factory. Engine, registry and pager are opened in `before_server_start`, kept on
app.ctx; a pager loop sends due pages, sweeps unanswered hold confirmations and prunes webhook
bookkeeping (`bot.channels.housekeeping`) while the service runs (several services may run it).

API endpoints require `Authorization: Bearer <API_TOKEN>`: they show shelter and case details
that only verified professionals may see. Without a configured token they answer 503.
"""
from __future__ import annotations

import asyncio
import logging
import os
from typing import Optional

from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.config import Settings
from bot.registry.serialise import ProfileError, profile_from_dict, result_to_dict
from bot.web.auth import authorised, json_object
from bot.web.handoffs import handoffs_bp

log = logging.getLogger("opvanglijn.web")

MAX_BODY = 64 * 1024

registry_bp = Blueprint("registry", url_prefix="/api/registry")


@registry_bp.post("/search")
async def search(request: Request) -> HTTPResponse:
    denied = authorised(request)
    if denied:
        return denied
    body, error = json_object(request)
    if error:
        return error
    try:
        profile = profile_from_dict(body)
    except ProfileError as exc:
        return json({"error": str(exc)}, status=422)
    language = request.args.get("language", "en")
    result = request.app.ctx.registry.search(profile)
    return json(result_to_dict(result, language))


@registry_bp.post("/beds")
async def set_free(request: Request) -> HTTPResponse:
    from bot.registry.service import RegistryError

    denied = authorised(request)
    if denied:
        return denied
    body, error = json_object(request)
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


async def pager_loop(app: Sanic, interval: float = 1.0) -> None:
    loop = asyncio.get_running_loop()
    while True:
        for work in (app.ctx.pager.run_due, app.ctx.confirmation.sweep, app.ctx.housekeeping):
            try:
                await loop.run_in_executor(None, work)
            except Exception:  # a failing round must not stop the next one
                log.exception("pager round failed")
        await asyncio.sleep(interval)


def create_app(settings: Optional[Settings] = None, registry=None, name: str = "opvanglijn", pager=None,
               run_pager: bool = True) -> Sanic:
    settings = settings or Settings.from_env()
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    app.ctx.settings = settings
    app.ctx.api_token = os.environ.get("API_TOKEN", "")
    app.blueprint(registry_bp)
    app.blueprint(handoffs_bp)

    @app.before_server_start
    async def open_registry(app_: Sanic, _loop) -> None:
        from bot import runtime

        if registry is not None:
            app_.ctx.registry = registry
        else:
            from bot.registry.db import make_engine
            from bot.registry.service import Registry

            app_.ctx.registry = Registry(make_engine(settings.database_url), settings)
        from bot.registry.confirmation import HoldConfirmation

        outgoing = runtime.make_gateway(settings)
        app_.ctx.pager = pager or runtime.make_pager(app_.ctx.registry.engine, outgoing, settings)
        app_.ctx.confirmation = HoldConfirmation(app_.ctx.registry, outgoing)
        from bot.channels.housekeeping import Housekeeping

        app_.ctx.housekeeping = Housekeeping(app_.ctx.registry.engine)

    @app.after_server_start
    async def start_pager(app_: Sanic, loop) -> None:
        app_.ctx.pager_task = loop.create_task(pager_loop(app_)) if run_pager else None

    @app.before_server_stop
    async def stop_pager(app_: Sanic, _loop) -> None:
        if app_.ctx.pager_task is not None:
            app_.ctx.pager_task.cancel()

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        request.app.ctx.registry.snapshot()  # proves the database answers
        return json({"status": "ok"})

    return app
