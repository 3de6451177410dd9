"""Authentication never waits for SQLite's write lock to note a key's last use."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import sqlalchemy as sa

from hatrack.api.authentication import Authenticator
from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import read_signature_claim
from hatrack.state import open_state
from hatrack.store.access_keys import get_access_key


def _signed(key_id: str, secret: str) -> HttpRequest:
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url="http://127.0.0.1:1/",
        data="Action=GetCallerIdentity&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret), "sts", "us-east-1").add_auth(
        request
    )
    headers = (*((k.lower(), str(v)) for k, v in request.headers.items()), ("host", "127.0.0.1:1"))
    body = request.body.encode() if isinstance(request.body, str) else request.body
    return HttpRequest("POST", "/", "", headers, body)


def test_a_use_noted_while_another_writer_holds_the_lock_is_recorded_once_the_lock_is_free(
    tmp_path: Path,
) -> None:
    state = open_state(tmp_path)
    created = state.new_root_credentials
    assert created is not None
    request = _signed(created.access_key_id, created.secret_access_key)
    now = datetime.now(UTC)
    claim = read_signature_claim(request, now=now, services=frozenset({"sts"}))
    authenticator = Authenticator(state.database, state.keyring)
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with state.database.begin() as conn:
            conn.execute(sa.text("UPDATE accounts SET created_at = created_at"))
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    holding.wait(30)
    try:
        # Returns while the lock is still held: it would otherwise wait and fail "database is locked".
        caller = authenticator.authenticate(request, claim, now=now).caller
        assert caller.arn == f"arn:aws:iam::{state.account_id}:root"
        with state.database.read() as conn:
            key = get_access_key(conn, created.access_key_id)
        assert key is not None and key.last_used_at is None
    finally:
        release.set()
        holder.join()
    authenticator._later.shutdown(wait=True)  # the deferred write waits for the lock, then commits
    with state.database.read() as conn:
        key = get_access_key(conn, created.access_key_id)
    assert key is not None and key.last_used_at is not None and key.last_used_service == "sts"
    state.database.dispose()
