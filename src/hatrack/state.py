"""The state folder: database (SQLite by default), master key file, and which account came first.

``open_state`` creates what is missing on first start and reuses it later. The root secret is
returned only when the account is created; afterwards only its access key id is known in the clear.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hatrack.credentials.keyring import Keyring
from hatrack.iam.accounts import RootCredentials, create_account
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


def open_state(
    directory: Path,
    *,
    database_url: str | None = None,
    account_id: str | None = None,
    now: datetime | None = None,
) -> State:
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    keyring = (
        Keyring.from_environment(os.environ[MASTER_KEY_ENV])
        if MASTER_KEY_ENV in os.environ
        else Keyring.load_or_create(directory / KEY_FILE)
    )
    database = Database(database_url or sqlite_url(directory / DATABASE_FILE))
    database.migrate()
    state_file = directory / STATE_FILE
    known = json.loads(state_file.read_text()) if state_file.exists() else {}
    with database.read() as conn:
        existing = [account.account_id for account in list_accounts(conn)]
    if known.get("account_id") in existing:
        return State(directory, database, keyring, known["account_id"], known["root_access_key_id"], None)
    with database.begin() as conn:
        credentials = create_account(conn, keyring, now=now or datetime.now(UTC), account_id=account_id)
    state_file.write_text(
        json.dumps({"account_id": credentials.account_id, "root_access_key_id": credentials.access_key_id})
    )
    return State(directory, database, keyring, credentials.account_id, credentials.access_key_id, credentials)
