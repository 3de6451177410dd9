"""Fixtures of the STS tests: an in-process server with a movable clock, on SQLite and PostgreSQL.

One server per test module and database; each test starts from a wiped database (the accounts and
their root keys stay) and a clock set back to the real time.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sts.support import Clock, World, running_world


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def module_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if request.param == "sqlite":
        url = f"sqlite+pysqlite:///{tmp_path_factory.mktemp('sts') / 'hatrack.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    with running_world(url) as running:
        yield running


@pytest.fixture
def world(module_world: World) -> World:
    module_world.services.database.wipe()
    module_world.clock.now = Clock().now
    return module_world
