"""Running the ASGI app under uvicorn, built from the state folder in each worker process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

if TYPE_CHECKING:
    from hatrack.api.app import HatrackApp

ENV_STATE_DIR = "HATRACK_STATE_DIR"
ENV_DATABASE = "HATRACK_DATABASE_URL"
ENV_DEV = "HATRACK_DEV"


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
    return create_app(services)


def run_server(
    *, state_dir: Path, database_url: str | None, host: str, port: int, dev: bool, workers: int = 1
) -> None:
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
