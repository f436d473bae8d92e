"""Settings for every Opvanglijn process, read once from the environment.

`Settings.from_env()` is the only place that reads os.environ; everything else receives a
Settings object. python-dotenv loads `.env` (never committed; see `.env.example`) when the
processes start through `bot.cli`, so tests can build Settings explicitly without touching files.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{ROOT / 'var' / 'registry.sqlite3'}"
    # Freshness of free-bed counts (issue 3): under `fresh` minutes a count is "fresh";
    # over `stale` minutes it is never shown as a free bed, only as "unconfirmed - call first".
    fresh_minutes: int = 60
    stale_minutes: int = 8 * 60
    hold_minutes: int = 90
    # Caveat 4 of domain.md: the separate NLA route may no longer exist; it can be switched off.
    nla_route_enabled: bool = True
    max_offers: int = 5
    office_hours_start: int = 9
    office_hours_end: int = 17
    outbox_path: Path = field(default_factory=lambda: ROOT / "var" / "outbox.jsonl")
    twilio_account_sid: Optional[str] = None
    twilio_auth_token: Optional[str] = None
    twilio_from_number: Optional[str] = None
    twilio_api_base_url: Optional[str] = None
    rasa_url: str = "http://127.0.0.1:5005"
    web_port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"

    @property
    def twilio_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        defaults = cls()
        settings = cls(
            database_url=env.get("DATABASE_URL") or defaults.database_url,
            fresh_minutes=_int(env, "AVAILABILITY_FRESH_MINUTES", defaults.fresh_minutes),
            stale_minutes=_int(env, "AVAILABILITY_STALE_MINUTES", defaults.stale_minutes),
            hold_minutes=_int(env, "HOLD_MINUTES", defaults.hold_minutes),
            nla_route_enabled=_bool(env, "NLA_ROUTE_ENABLED", defaults.nla_route_enabled),
            max_offers=_int(env, "MAX_OFFERS", defaults.max_offers),
            outbox_path=Path(env.get("OUTBOX_PATH") or defaults.outbox_path),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN") or None,
            twilio_from_number=env.get("TWILIO_FROM_NUMBER") or None,
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL") or None,
            rasa_url=env.get("RASA_URL") or defaults.rasa_url,
            web_port=_int(env, "WEB_PORT", defaults.web_port),
            public_base_url=(env.get("PUBLIC_BASE_URL") or defaults.public_base_url).rstrip("/"),
        )
        if settings.fresh_minutes >= settings.stale_minutes:
            raise ConfigError(
                "AVAILABILITY_FRESH_MINUTES must be smaller than AVAILABILITY_STALE_MINUTES "
                f"({settings.fresh_minutes} >= {settings.stale_minutes})"
            )
        if settings.hold_minutes == 0:
            raise ConfigError("HOLD_MINUTES must be at least 1")
        return settings
