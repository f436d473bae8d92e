"""Run the Sanic web service on a loopback port in a background thread, for real HTTP tests."""
from __future__ import annotations

import asyncio
import socket
import threading
import uuid

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        self.app, self.port = app, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True))
        self.loop.run_until_complete(self.server.startup())
        self.loop.run_until_complete(self.server.before_start())
        self.loop.run_until_complete(self.server.after_start())
        self._ready.set()
        self.loop.run_forever()

    def __enter__(self):
        self._thread.start()
        assert self._ready.wait(20), "web service did not start"
        return self

    def __exit__(self, *exc):
        async def stop():
            await self.server.before_stop()
            self.server.close()
            await self.server.wait_closed()
            await self.server.after_stop()
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


@pytest.fixture
def live(sqlite_registry, monkeypatch):
    from sanic import Sanic

    from bot.web.app import create_app

    Sanic.test_mode = True  # lets Sanic 21.12 start more than one app per process

    monkeypatch.setenv("API_TOKEN", "test-token-not-secret")
    app = create_app(sqlite_registry.settings, registry=sqlite_registry, name=f"t{uuid.uuid4().hex[:8]}",
                     run_pager=False)
    with LiveServer(app) as server:
        yield server
