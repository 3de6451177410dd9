"""Migrations run explicitly (``hatrack db upgrade``) from an empty database and from the previous
schema, on SQLite and PostgreSQL; a database migrated by a newer hatrack is refused, never used."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hatrack.api.services import health
from hatrack.store.db import Database, SchemaTooNew, known_revisions
from hatrack.store.tables import metadata
from tests.store.test_oidc_keys_migration import _alembic
from tests.support.server import BIN


def _previous_revision() -> str:
    """The schema one migration before head (the one the previous release ran on)."""
    from alembic.script import ScriptDirectory

    from hatrack.store.db import _alembic_config

    script = ScriptDirectory.from_config(_alembic_config())
    (head,) = script.get_heads()
    down = script.get_revision(head).down_revision
    assert isinstance(down, str)
    return down


PREVIOUS = _previous_revision()
FROM_THE_FUTURE = "9999_from_a_newer_hatrack"


def _hatrack_db(*args: str, database_url: str, state_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hatrack"), "db", *args, "--database", database_url, "--state-dir", str(state_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _matches_the_code(database: Database) -> bool:
    with database.read() as connection:
        return bool(compare_metadata(MigrationContext.configure(connection), metadata) == [])


def test_db_upgrade_migrates_an_empty_database_to_head(database_url: str, tmp_path: Path) -> None:
    behind = _hatrack_db("status", database_url=database_url, state_dir=tmp_path)
    assert behind.returncode == 1 and json.loads(behind.stdout)["state"] == "behind"
    upgraded = _hatrack_db("upgrade", database_url=database_url, state_dir=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    _known, heads = known_revisions()
    assert json.loads(upgraded.stdout) == {"revision": ", ".join(sorted(heads))}
    assert _hatrack_db("status", database_url=database_url, state_dir=tmp_path).returncode == 0
    database = Database(database_url)
    assert _matches_the_code(database)
    database.dispose()


def test_db_upgrade_migrates_the_previous_schema_with_its_data(database_url: str, tmp_path: Path) -> None:
    database = Database(database_url)
    _alembic(database, PREVIOUS)
    with database.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO accounts (account_id, created_at) VALUES ('123456789012', '2026-01-01')")
        )
    assert health(database)[0] is False  # behind: not ready to serve
    assert _hatrack_db("upgrade", database_url=database_url, state_dir=tmp_path).returncode == 0
    assert _matches_the_code(database)
    with database.read() as conn:
        assert conn.execute(sa.text("SELECT account_id FROM accounts")).scalars().all() == ["123456789012"]
    healthy, report = health(database)
    assert healthy and report["schema"]["state"] == "current"  # type: ignore[index]
    database.dispose()


def test_a_database_migrated_by_a_newer_version_is_refused_with_a_clear_error(
    database_url: str, tmp_path: Path
) -> None:
    database = Database(database_url)
    database.migrate()
    with database.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": FROM_THE_FUTURE})
    with pytest.raises(SchemaTooNew, match="migrated by a newer version"):
        database.migrate()
    # A node already running when a newer version migrates keeps serving (the rolling upgrade).
    assert health(database)[0] is True
    assert database.schema_status()["state"] == "newer"
    database.dispose()
    upgraded = _hatrack_db("upgrade", database_url=database_url, state_dir=tmp_path)
    assert upgraded.returncode == 1
    assert FROM_THE_FUTURE in upgraded.stderr and "newer version" in upgraded.stderr
    served = subprocess.run(
        [str(BIN / "hatrack"), "serve", "--database", database_url, "--state-dir", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode == 1
    assert "newer version" in served.stderr and "Traceback" not in served.stderr


def test_an_unreachable_database_is_unhealthy_with_the_reason() -> None:
    from tests.support.server import free_port

    database = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere?connect_timeout=2")
    healthy, report = health(database)
    database.dispose()
    assert not healthy
    assert report == {"status": "unavailable", "database": "unreachable (OperationalError)"}
