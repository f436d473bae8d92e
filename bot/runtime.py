"""Process-wide objects for the action server and web service, created on first use.

Nothing here runs at import: rasa-sdk imports every module under actions/ at start, and tests
build their own Registry and gateway. `configure()` lets tests and the CLI inject them.
"""
from __future__ import annotations

import threading
from typing import Optional

from bot.config import Settings
from bot.messaging.gateway import MessageGateway

_lock = threading.Lock()
_settings: Optional[Settings] = None
_registry = None
_gateway: Optional[MessageGateway] = None


def configure(settings: Optional[Settings] = None, registry=None, gateway: Optional[MessageGateway] = None) -> None:
    global _settings, _registry, _gateway
    with _lock:
        _settings, _registry, _gateway = settings, registry, gateway


def settings() -> Settings:
    global _settings
    with _lock:
        if _settings is None:
            from dotenv import load_dotenv

            load_dotenv()
            _settings = Settings.from_env()
        return _settings


def registry():
    global _registry
    current = settings()
    with _lock:
        if _registry is None:
            from bot.registry.db import make_engine
            from bot.registry.service import Registry

            _registry = Registry(make_engine(current.database_url), current)
        return _registry


def gateway() -> MessageGateway:
    global _gateway
    current = settings()
    with _lock:
        if _gateway is None:
            from bot.messaging.gateway import OutboxGateway, TwilioGateway

            if current.twilio_configured:
                _gateway = TwilioGateway(current.twilio_account_sid, current.twilio_auth_token,
                                         current.twilio_from_number, api_base_url=current.twilio_api_base_url)
            else:
                _gateway = OutboxGateway(current.outbox_path)
        return _gateway
