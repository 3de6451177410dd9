"""Shared fixtures: a fixed clock, the databases (SQLite always, PostgreSQL when present)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer, running_postgres
from tests.support.server import RunningServer, running_server

pytest_plugins = ("pytester",)  # tests/testing runs small pytest sessions of its own

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

FIXED_NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: SQLite in a temporary folder, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'hatrack.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hatrack_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    """A real ``hatrack serve --dev`` process, once on SQLite and once on PostgreSQL."""
    database_url = None
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        database_url = server.create_database()
    with running_server(
        tmp_path_factory.mktemp(f"state-{request.param}"), database_url=database_url
    ) as running:
        yield running


@pytest.fixture
def server(hatrack_server: RunningServer) -> RunningServer:
    """The real server, wiped clean (accounts and root keys kept) before the test."""
    hatrack_server.reset()
    return hatrack_server
