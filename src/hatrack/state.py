"""The state folder: database (SQLite by default), master key file, which account came first, and the
server's ARN partition.

``open_state`` creates what is missing on first start and reuses it later. The root secret is
returned only when the account is created; afterwards only its access key id is known in the clear.

The partition (``aws`` unless ``--partition`` says otherwise when the state is created) is kept in
``state.json`` and shared by every account of the server: it is part of every ARN, so it cannot change
once entities exist (a policy written for ``arn:aws:…`` would silently stop matching). A state file
written before the partition was recorded is in ``aws``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hatrack.credentials.keyring import Keyring
from hatrack.iam.accounts import RootCredentials, create_account
from hatrack.partitions import DEFAULT_PARTITION, partition_named
from hatrack.store.accounts import list_accounts
from hatrack.store.db import Database, sqlite_url

DATABASE_FILE = "hatrack.db"
KEY_FILE = "master.key"
STATE_FILE = "state.json"
MASTER_KEY_ENV = "HATRACK_MASTER_KEY"


@dataclass(frozen=True, slots=True)
class State:
    directory: Path
    database: Database
    keyring: Keyring
    account_id: str
    root_access_key_id: str
    # Present only on the start that created the account: shown once, never stored in the clear.
    new_root_credentials: RootCredentials | None
    partition: str = DEFAULT_PARTITION


class PartitionMismatch(ValueError):
    """``--partition`` names another partition than the one the existing state was created in."""


class KeyringMissing(RuntimeError):
    """The database already holds sealed secrets, and this state folder has no keyring to open them."""


def _keyring(directory: Path, *, database_holds_accounts: bool) -> Keyring:
    """The keyring of ``HATRACK_MASTER_KEY``, else of the key file, created only for a new database.

    A fresh key for a database that already holds accounts would open none of its secrets, and what
    it sealed would open on no other node (another node's folder, or a command run without the
    variable): refused instead.
    """
    if MASTER_KEY_ENV in os.environ:
        return Keyring.from_environment(os.environ[MASTER_KEY_ENV])
    key_file = directory / KEY_FILE
    if database_holds_accounts and not key_file.exists():
        raise KeyringMissing(
            f"the database already holds accounts, but {key_file} does not exist and {MASTER_KEY_ENV} "
            "is not set: give this node the keyring of the others (copy master.key with mode 0600, or "
            f"set {MASTER_KEY_ENV}); a new key would open none of the stored secrets"
        )
    return Keyring.load_or_create(key_file)


def open_state(
    directory: Path,
    *,
    database_url: str | None = None,
    account_id: str | None = None,
    partition: str | None = None,
    now: datetime | None = None,
) -> State:
    """The state in ``directory``, created if missing; a given ``partition`` must match the stored one."""
    if partition is not None:
        partition_named(partition)  # ValueError for a name that is no partition
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    database = Database(database_url or sqlite_url(directory / DATABASE_FILE))
    try:
        database.migrate()
        with database.read() as conn:
            existing = [account.account_id for account in list_accounts(conn)]
        keyring = _keyring(directory, database_holds_accounts=bool(existing))
    except BaseException:
        database.dispose()
        raise
    state_file = directory / STATE_FILE
    known = json.loads(state_file.read_text()) if state_file.exists() else {}
    if known.get("account_id") in existing:
        stored = str(known.get("partition", DEFAULT_PARTITION))
        if partition is not None and partition != stored:
            raise PartitionMismatch(
                f"the state in {directory} is in partition {stored!r}; it cannot change to {partition!r}"
            )
        return State(
            directory, database, keyring, known["account_id"], known["root_access_key_id"], None, stored
        )
    chosen = partition or str(known.get("partition", DEFAULT_PARTITION))
    with database.begin() as conn:
        credentials = create_account(conn, keyring, now=now or datetime.now(UTC), account_id=account_id)
    state_file.write_text(
        json.dumps(
            {
                "account_id": credentials.account_id,
                "root_access_key_id": credentials.access_key_id,
                "partition": chosen,
            }
        )
    )
    return State(
        directory, database, keyring, credentials.account_id, credentials.access_key_id, credentials, chosen
    )
