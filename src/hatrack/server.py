"""Running the ASGI app under uvicorn, built from the state folder in each worker process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

if TYPE_CHECKING:
    from hatrack.api.app import HatrackApp
    from hatrack.credentials.keyring import Keyring
    from hatrack.store.db import Database

ENV_STATE_DIR = "HATRACK_STATE_DIR"
ENV_DATABASE = "HATRACK_DATABASE_URL"
ENV_DEV = "HATRACK_DEV"
ENV_DIGEST_INTERVAL = "HATRACK_DIGEST_INTERVAL_MINUTES"


def app_from_environment() -> HatrackApp:
    """Factory uvicorn calls in each worker (state already created by the parent)."""
    from hatrack.api.app import create_app
    from hatrack.api.services import build_services
    from hatrack.state import open_state

    state = open_state(Path(os.environ[ENV_STATE_DIR]), database_url=os.environ.get(ENV_DATABASE) or None)
    services = build_services(
        state.database,
        state.keyring,
        dev_mode=os.environ.get(ENV_DEV) == "1",
        partition=state.partition,
    )
    _start_digests(state.database, state.keyring)
    return create_app(services)


def _start_digests(database: Database, keyring: Keyring) -> None:
    """Sign every trail's head on a schedule, in a thread of this worker (0 minutes: never)."""
    from hatrack.audit.schedule import DEFAULT_INTERVAL_MINUTES, DigestScheduler

    minutes = float(os.environ.get(ENV_DIGEST_INTERVAL) or DEFAULT_INTERVAL_MINUTES)
    if minutes > 0:
        DigestScheduler(database, keyring, interval_seconds=minutes * 60).start()


def run_server(
    *,
    state_dir: Path,
    database_url: str | None,
    host: str,
    port: int,
    dev: bool,
    workers: int = 1,
    digest_interval_minutes: float = 60.0,
) -> None:
    os.environ[ENV_DIGEST_INTERVAL] = str(digest_interval_minutes)
    os.environ[ENV_STATE_DIR] = str(state_dir.resolve())
    os.environ[ENV_DATABASE] = database_url or ""
    os.environ[ENV_DEV] = "1" if dev else "0"
    uvicorn.run(
        "hatrack.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # Access logs would carry presigned query strings (signatures, session tokens): off.
        access_log=False,
        log_level="warning",
        http="httptools",
        loop="uvloop",
    )
