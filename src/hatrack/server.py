"""Running the ASGI app under uvicorn, built from the state folder in each worker process."""

from __future__ import annotations

import logging
import os
import time
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
ENV_KEY_AGE_INTERVAL = "HATRACK_KEY_AGE_INTERVAL_MINUTES"
ENV_POOL_SIZE = "HATRACK_POOL_SIZE"  # store.db.ENV_POOL_SIZE (not imported here: uvicorn loads this first)


def app_from_environment() -> HatrackApp:
    """Factory uvicorn calls in each worker (state already created by the parent)."""
    from hatrack.api.app import create_app
    from hatrack.api.services import build_services
    from hatrack.console.app import create_console_app, is_console_path
    from hatrack.state import open_state

    state = open_state(Path(os.environ[ENV_STATE_DIR]), database_url=os.environ.get(ENV_DATABASE) or None)
    services = build_services(
        state.database,
        state.keyring,
        dev_mode=os.environ.get(ENV_DEV) == "1",
        partition=state.partition,
    )
    _start_digests(state.database, state.keyring)
    _start_key_age(state.database)
    _watch_key_file(state.keyring)
    if not state.database.is_sqlite:
        _start_change_listener(state.database.url)
    return create_app(services, console=(is_console_path, create_console_app))


def _start_key_age(database: Database) -> None:
    """Deactivate keys past their account's key-age setting on a schedule (0 minutes: never)."""
    from hatrack.analysis.key_age import DEFAULT_INTERVAL_MINUTES, KeyAgeScheduler

    minutes = float(os.environ.get(ENV_KEY_AGE_INTERVAL) or DEFAULT_INTERVAL_MINUTES)
    if minutes > 0:
        KeyAgeScheduler(database, interval_seconds=minutes * 60).start()


KEY_FILE_CHECK_SECONDS = 2.0


def _watch_key_file(keyring: Keyring) -> None:
    """Re-read a file-backed keyring when the file changes (``hatrack keys rotate`` on this machine,
    or a new copy put in place on every node), so a rotation needs no restart. Every node knows the
    staged key before any node seals with it, so nodes may pick a rotation up at different times."""
    import threading

    path = keyring.path
    if path is None:
        return

    def changed_at() -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return 0

    def watch() -> None:
        seen = changed_at()
        while True:
            time.sleep(KEY_FILE_CHECK_SECONDS)
            now = changed_at()
            if now != seen:
                try:
                    keyring.reload()
                    seen = now
                except Exception:  # a half-copied or broken file: keep the ring in use, retry
                    logging.getLogger("hatrack").exception("could not reload the key file %s", path)

    threading.Thread(target=watch, name="hatrack-key-file", daemon=True).start()


def _start_change_listener(url: str) -> None:
    """One LISTEN connection per worker process: other nodes' key changes drop this one's key cache."""
    from hatrack.store.notifications import ChangeListener

    ChangeListener(url).start()


def _start_digests(database: Database, keyring: Keyring) -> None:
    """Sign every trail's head on a schedule, in a thread of this worker (0 minutes: never)."""
    from hatrack.audit.schedule import DEFAULT_INTERVAL_MINUTES, DigestScheduler

    minutes = float(os.environ.get(ENV_DIGEST_INTERVAL) or DEFAULT_INTERVAL_MINUTES)
    if minutes > 0:
        DigestScheduler(database, keyring, interval_seconds=minutes * 60).start()


# choice: longer than any client's idle reuse of a pooled connection. uvicorn's default is 5 s, but
# urllib3 (botocore), Go's net/http (90 s idle) and the AWS SDKs keep idle connections for reuse far
# longer; a server that closes at 5 s races the client's next request on that connection, and the
# client sees a broken pipe or a reset (the soak of issue 10: 42 of them over 32 keep-alive clients).
# 75 s is nginx's default and above the 60 s idle timeout of AWS's own load balancers.
DEFAULT_KEEP_ALIVE_SECONDS = 75.0

# On SIGTERM/SIGINT uvicorn stops accepting connections, closes idle keep-alive connections, lets every
# request in flight finish and answer, then exits; a request still running after this many seconds is
# cut off [choice: longer than any request takes, shorter than orchestrators' kill grace (k8s: 30 s)].
GRACEFUL_SHUTDOWN_SECONDS = 25.0


def uvicorn_options(
    *,
    forwarded_allow_ips: str | None = None,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    keep_alive_seconds: float = DEFAULT_KEEP_ALIVE_SECONDS,
) -> dict[str, object]:
    """The uvicorn settings that decide who the client is and how long a connection lives.

    Forwarded headers (``X-Forwarded-For``, ``X-Forwarded-Proto``) are believed only from the proxies
    the operator names: they set ``aws:SourceIp`` and ``aws:SecureTransport``, so trusting them from
    every local process (uvicorn's default trusts 127.0.0.1) would let any local client forge both.
    """
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("a TLS certificate and its key go together")
    options: dict[str, object] = {
        "proxy_headers": bool(forwarded_allow_ips),
        # Never None: uvicorn then falls back to $FORWARDED_ALLOW_IPS or 127.0.0.1.
        "forwarded_allow_ips": forwarded_allow_ips or "",
        "timeout_keep_alive": keep_alive_seconds,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
    }
    if tls_cert is not None and tls_key is not None:
        options["ssl_certfile"] = str(tls_cert)
        options["ssl_keyfile"] = str(tls_key)
    return options


def run_server(
    *,
    state_dir: Path,
    database_url: str | None,
    host: str,
    port: int,
    dev: bool,
    workers: int = 1,
    digest_interval_minutes: float = 60.0,
    key_age_interval_minutes: float = 60.0,
    forwarded_allow_ips: str | None = None,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    keep_alive_seconds: float = DEFAULT_KEEP_ALIVE_SECONDS,
    pool_size: int | None = None,
) -> None:
    if pool_size is not None:
        os.environ[ENV_POOL_SIZE] = str(pool_size)  # read by every worker's engine (store/db.py)
    os.environ[ENV_DIGEST_INTERVAL] = str(digest_interval_minutes)
    os.environ[ENV_KEY_AGE_INTERVAL] = str(key_age_interval_minutes)
    options = uvicorn_options(
        forwarded_allow_ips=forwarded_allow_ips,
        tls_cert=tls_cert,
        tls_key=tls_key,
        keep_alive_seconds=keep_alive_seconds,
    )
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
        **options,  # type: ignore[arg-type]  # uvicorn.run's keywords, typed one by one there
    )
