"""Microbenchmark of the hot path: ``python -m tests.credentials.bench_credentials`` prints µs per call.

``open_session_token`` runs on every request made with temporary credentials and ``open_secret`` on
every request made with a long-term key. Not collected by pytest (no timing asserts in tests).
"""

from __future__ import annotations

import dataclasses
import json
import time
import timeit
from datetime import UTC, datetime, timedelta

from hatrack.credentials.access_keys import new_access_key_id, new_secret_access_key, open_secret, seal_secret
from hatrack.credentials.keyring import Keyring
from hatrack.credentials.session_token import issue_session_token, open_session_token
from hatrack.model import SessionClaims, SessionTag, TokenKind


def measure(label: str, call: object, *, number: int = 20_000) -> None:
    assert callable(call)
    # CPU time of this process, so that other work on the machine skews the figures less.
    best = min(timeit.repeat(call, number=number, repeat=5, timer=time.process_time)) / number
    print(f"{label:<58} {best * 1e6:8.1f} µs")


def main() -> None:
    keyring = Keyring.generate()
    keyring.rotate()  # a ring with several keys, as in production
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    access_key_id = new_access_key_id("ASIA")
    claims = SessionClaims(
        kind=TokenKind.ASSUMED_ROLE,
        account_id="123456789012",
        partition="aws",
        access_key_id=access_key_id,
        secret_access_key=new_secret_access_key(),
        issued_at=now,
        expires_at=now + timedelta(hours=1),
        session_name="deploy-session",
        role_name="DeployRole",
        role_id="AROA3XFRBF535PLBIFPI4",
        source_arn="arn:aws:iam::123456789012:user/alice",
        source_access_key_id=new_access_key_id("AKIA"),
    )
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::bucket-{n}/*"]}
                for n in range(20)
            ],
        }
    )
    with_policy = dataclasses.replace(
        claims,
        session_policies=(policy,),
        tags=tuple(SessionTag(f"tag-{n}", f"value-{n}") for n in range(10)),
    )
    plain = issue_session_token(keyring, claims)
    rich = issue_session_token(keyring, with_policy)
    key_id, secret = new_access_key_id("AKIA"), new_secret_access_key()
    sealed = seal_secret(keyring, key_id, secret)

    print(
        f"token sizes: role session {len(plain)} chars; with {len(policy)}-char policy + 10 tags {len(rich)}"
    )

    def open_plain() -> SessionClaims:
        return open_session_token(keyring, plain, access_key_id=access_key_id, now=now)

    def open_rich() -> SessionClaims:
        return open_session_token(keyring, rich, access_key_id=access_key_id, now=now)

    measure("open_session_token (role session)", open_plain)
    measure(f"open_session_token ({len(policy)}-char policy, 10 tags)", open_rich)
    measure("issue_session_token (role session)", lambda: issue_session_token(keyring, claims))
    measure("open_secret", lambda: open_secret(keyring, key_id, sealed))
    measure("seal_secret", lambda: seal_secret(keyring, key_id, secret))


if __name__ == "__main__":
    main()
