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
_pager = None
_relay = None
_confirmation = None
_verification = None


def configure(settings: Optional[Settings] = None, registry=None, gateway: Optional[MessageGateway] = None,
              pager=None) -> None:
    global _settings, _registry, _gateway, _pager, _relay, _confirmation, _verification
    with _lock:
        _settings, _registry, _gateway, _pager = settings, registry, gateway, pager
        _relay = _confirmation = _verification = None


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


def make_gateway(current: Settings) -> MessageGateway:
    """Twilio when its credentials are set, otherwise the outbox file (nothing leaves the machine)."""
    from bot.messaging.gateway import OutboxGateway, TwilioGateway

    if current.twilio_configured:
        return TwilioGateway(current.twilio_account_sid, current.twilio_auth_token, current.twilio_from_number,
                             api_base_url=current.twilio_api_base_url)
    return OutboxGateway(current.outbox_path)


def make_pager(engine, outgoing: MessageGateway, current: Settings):
    from bot.handoff.notify import person_notifier
    from bot.handoff.paging import Pager
    from bot.handoff.store import RosterStore

    return Pager(engine, outgoing, RosterStore(engine).latest, person_notifier(outgoing), current.public_base_url)


def gateway() -> MessageGateway:
    global _gateway
    current = settings()
    with _lock:
        if _gateway is None:
            _gateway = make_gateway(current)
        return _gateway


def pager():
    """The paging service on the registry's database, using the roster in force."""
    global _pager
    engine, current, outgoing = registry().engine, settings(), gateway()
    with _lock:
        if _pager is None:
            _pager = make_pager(engine, outgoing, current)
        return _pager


def relay():
    """Text takeover between coordinators and people whose case was accepted."""
    global _relay
    current_pager, outgoing = pager(), gateway()
    with _lock:
        if _relay is None:
            from bot.handoff.relay import Relay

            _relay = Relay(current_pager.engine, outgoing, current_pager)
        return _relay


def confirmation():
    """Shelter hold confirmation by SMS."""
    global _confirmation
    current_registry, outgoing = registry(), gateway()
    with _lock:
        if _confirmation is None:
            from bot.registry.confirmation import HoldConfirmation

            _confirmation = HoldConfirmation(current_registry, outgoing)
        return _confirmation


def verification():
    """Professional verification on the registry's database; codes go out through the gateway."""
    global _verification
    engine, outgoing = registry().engine, gateway()
    with _lock:
        if _verification is None:
            from bot.verification.service import Verification

            _verification = Verification(engine, outgoing)
        return _verification
