"""Shared fixtures: real registries on SQLite (a file) and PostgreSQL (127.0.0.1:5432).

`registry` is parametrised over both backends; tests that only need one use `sqlite_registry`.
PostgreSQL gets a throwaway database per test session, dropped at the end.
"""
from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from bot.config import Settings
from bot.registry.db import make_engine
from bot.registry.orm import metadata
from bot.registry.sample import sample_shelters
from bot.registry.service import Registry
from bot.registry import repository as repo

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def make_registry(url: str, settings: Settings | None = None, seed: bool = True) -> Registry:
    engine = make_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    registry = Registry(engine, (settings or Settings()).with_(database_url=url))
    registry.prepare()
    if seed:
        with engine.begin() as conn:
            for record in sample_shelters(datetime.now(timezone.utc)):
                repo.upsert_shelter(conn, record)
            repo.bump_revision(conn)
    return registry


def throwaway_pg_database():
    """A new, empty PostgreSQL database; dropped when the generator is closed."""
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"opv_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: start it (see README) ({exc})")
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(scope="session")
def pg_url():
    yield from throwaway_pg_database()


@pytest.fixture
def fresh_pg_url():
    """For tests that must see only their own tables (migrations)."""
    yield from throwaway_pg_database()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


@pytest.fixture
def sqlite_registry(sqlite_url):
    registry = make_registry(sqlite_url)
    yield registry
    registry.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def registry(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    registry = make_registry(url)
    yield registry
    registry.engine.dispose()
