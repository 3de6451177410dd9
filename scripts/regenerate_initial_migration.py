"""Regenerate the initial migration from the tables' metadata.

Used while hatrack has had no release: the schema has one migration, rebuilt from ``schema.metadata``.
After the first release, add new migrations instead (``alembic revision --autogenerate``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from hatrack.store.db import MIGRATIONS_DIR

versions = MIGRATIONS_DIR / "versions"
for old in versions.glob("*.py"):
    old.unlink()
with tempfile.TemporaryDirectory() as tmp:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{Path(tmp) / 'empty.db'}")
    command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
print("regenerated", *sorted(p.name for p in versions.glob("*.py")))
