"""The server's long-lived parts, built once at start and handed to every call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hatrack.api.authentication import Authenticator
from hatrack.api.authorize import Authorizer
from hatrack.api.protocol import ServiceModels
from hatrack.audit.recorder import Recorder
from hatrack.credentials.keyring import Keyring
from hatrack.iam.mfa_throttle import MfaThrottle
from hatrack.partitions import DEFAULT_PARTITION, PARTITIONS, Partition, partition_named
from hatrack.store.changes import credential_changes
from hatrack.store.db import DATABASE_ERRORS, Database
from hatrack.store.writer import LoopWriter


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Services:
    database: Database
    keyring: Keyring
    models: ServiceModels
    authenticator: Authenticator
    recorder: Recorder
    clock: Callable[[], datetime] = system_clock
    dev_mode: bool = False
    # Wrong MFA codes per device and user (in memory, shared by the process's threads).
    mfa_throttle: MfaThrottle = field(default_factory=MfaThrottle)
    # The ARN partition of every account of this server (configuration, never the request).
    partition: Partition = PARTITIONS[DEFAULT_PARTITION]
    # The one authorizer every call's decision goes through (``Call.authorize``).
    authorizer: Authorizer = field(default_factory=Authorizer)
    # SQLite: the one writer the ASGI edge hands mutations to (None: each runs in its own transaction).
    writer: LoopWriter | None = None


def build_services(
    database: Database,
    keyring: Keyring,
    *,
    recorder: Recorder | None = None,
    clock: Callable[[], datetime] = system_clock,
    dev_mode: bool = False,
    partition: str = DEFAULT_PARTITION,
) -> Services:
    writer = LoopWriter(database) if database.is_sqlite else None
    if recorder is None:
        from hatrack.audit.trail import default_recorder

        recorder = default_recorder(database, keyring, writer=writer)
    return Services(
        database=database,
        keyring=keyring,
        models=ServiceModels(),
        authenticator=Authenticator(database, keyring, partition=partition),
        recorder=recorder,
        clock=clock,
        dev_mode=dev_mode,
        partition=partition_named(partition),
        writer=writer,
    )


def health(database: Database) -> tuple[bool, dict[str, object]]:
    """Whether this node can serve (the database answers and its schema is this code's, or a newer
    one migrated while the node runs: docs/deployment.md, upgrades), and why.

    ``credential_listener`` says whether other nodes' key changes reach this node's key cache now
    (``store/notifications.py``); when not, the node still serves, reading keys from the store on
    every request, so it does not make the node unhealthy.
    """
    try:
        schema = database.schema_status()
    except DATABASE_ERRORS as error:
        return False, {"status": "unavailable", "database": f"unreachable ({type(error).__name__})"}
    healthy = schema["state"] != "behind"
    return healthy, {
        "status": "ok" if healthy else "unavailable",
        "database": "reachable",
        "schema": schema,
        "credential_listener": "not needed"
        if database.is_sqlite
        else ("listening" if credential_changes.trusted else "reconnecting (key cache bypassed)"),
    }
