"""Nodes that make their first digest at the same moment agree on one signing key, so digests made
by any node verify with the one public key the operator keeps."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization

from hatrack.audit.digest import signing_key
from hatrack.credentials.keyring import Keyring
from hatrack.store.db import Database

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_concurrent_first_digests_create_one_signing_key(database_url: str) -> None:
    nodes = 6
    Database(database_url).migrate()
    keyring = Keyring.generate()
    databases = [Database(database_url) for _ in range(nodes)]
    start = threading.Barrier(nodes)
    public_keys: list[bytes] = []

    def first_digest(database: Database) -> None:
        start.wait()
        with database.begin() as conn:
            key = signing_key(conn, keyring, now=NOW)
        public_keys.append(
            key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )

    threads = [threading.Thread(target=first_digest, args=(database,)) for database in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with databases[0].read() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM audit_signing_keys")).scalar_one()
    for database in databases:
        database.dispose()
    assert len(public_keys) == nodes
    assert stored == 1 and len(set(public_keys)) == 1
