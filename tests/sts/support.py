"""An in-process hatrack (the real ASGI app under uvicorn, in a thread) whose clock the test moves.

boto3 clients sign with the same clock (a SigV4 signer that reads it), so a test can jump hours
ahead — to watch a session expire — without sleeping and without the 15-minute skew check refusing
the request. Entities are set up with IAM's own service functions in one transaction each.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import botocore.auth
import uvicorn
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.config import Config
from sqlalchemy.engine import Connection

from hatrack.api.app import create_app
from hatrack.api.services import Services, build_services
from hatrack.credentials.keyring import Keyring
from hatrack.iam.accounts import create_account
from hatrack.store.db import Database
from tests.support.server import free_port

_signers = itertools.count()


class Clock:
    """A settable clock: starts at the real time (so the process's own timers make sense)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def _clocked_signer(clock: Clock) -> str:
    """Register a SigV4 signer that reads ``clock``; returns its signature_version name."""

    class ClockedSigV4Auth(SigV4Auth):  # type: ignore[misc]  # botocore ships no type hints
        def add_auth(self, request: Any) -> None:
            request.context["timestamp"] = clock().strftime(SIGV4_TIMESTAMP)
            self._modify_request_before_signing(request)
            canonical_request = self.canonical_request(request)
            string_to_sign = self.string_to_sign(request, canonical_request)
            self._inject_signature_to_request(request, self.signature(string_to_sign, request))

    name = f"hatrack-test-v4-{next(_signers)}"
    botocore.auth.AUTH_TYPE_MAPS[name] = ClockedSigV4Auth
    return name


@dataclass(frozen=True)
class Keys:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    @classmethod
    def of(cls, credentials: dict[str, Any]) -> Keys:
        return cls(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])


@dataclass
class World:
    """One in-process server with its clock, database and the first account's root keys."""

    endpoint: str
    services: Services
    clock: Clock
    account_id: str
    root: Keys
    signature_version: str
    accounts: dict[str, Keys] = field(default_factory=dict)

    def client(self, service: str, keys: Keys | None = None, *, region: str = "us-east-1") -> Any:
        keys = keys or self.root
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=region,
            aws_access_key_id=keys.access_key_id,
            aws_secret_access_key=keys.secret_access_key,
            aws_session_token=keys.session_token,
            config=Config(signature_version=self.signature_version, retries={"max_attempts": 1}),
        )

    def unsigned_sts(self) -> Any:
        from botocore import UNSIGNED

        return boto3.client(
            "sts",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}),
        )

    @contextmanager
    def setup(self) -> Iterator[Connection]:
        with self.services.database.begin() as conn:
            yield conn

    # -- entities --------------------------------------------------------------------------------

    def new_account(self) -> str:
        with self.setup() as conn:
            created = create_account(conn, self.services.keyring, now=self.clock())
        self.accounts[created.account_id] = Keys(created.access_key_id, created.secret_access_key)
        return created.account_id

    def user(
        self,
        name: str,
        *,
        policies: Sequence[dict[str, Any]] = (),
        account_id: str | None = None,
        path: str = "/",
    ) -> Keys:
        """A user with an access key and the given inline policies."""
        from hatrack.iam.access_keys import create_access_key
        from hatrack.iam.attachments import USER, find_principal
        from hatrack.iam.inline_policies import put_inline_policy
        from hatrack.iam.users import create_user
        from hatrack.store.users import get_user

        account = account_id or self.account_id
        with self.setup() as conn:
            # A user named by a trust policy set up earlier already exists (see ``role``).
            existing = get_user(conn, account, name)
            user = existing or create_user(conn, account_id=account, name=name, path=path, now=self.clock())
            principal = find_principal(conn, account, USER, name)
            for index, policy in enumerate(policies):
                put_inline_policy(conn, account, principal, f"p{index}", json.dumps(policy), now=self.clock())
            key = create_access_key(
                conn, self.services.keyring, account_id=account, user=user, now=self.clock()
            )
        return Keys(key.key.access_key_id, key.secret_access_key)

    def role(
        self,
        name: str,
        *,
        trust: dict[str, Any],
        policies: Sequence[dict[str, Any]] = (),
        account_id: str | None = None,
        path: str = "/",
        max_session_duration: int | None = None,
        boundary: dict[str, Any] | None = None,
        tags: Sequence[tuple[str, str]] = (),
    ) -> str:
        """A role with inline policies (and a boundary, as a customer managed policy); its ARN."""
        from hatrack.iam.attachments import ROLE, find_principal
        from hatrack.iam.inline_policies import put_inline_policy
        from hatrack.iam.roles import create_role

        account = account_id or self.account_id
        self._create_trusted_users(trust)
        boundary_arn = (
            self.managed_policy(f"{name}Boundary", boundary, account_id=account) if boundary else None
        )
        with self.setup() as conn:
            role = create_role(
                conn,
                account,
                role_name=name,
                path=path,
                assume_role_policy_document=json.dumps(trust),
                max_session_duration=max_session_duration,
                permissions_boundary_arn=boundary_arn,
                tags=tags,
                now=self.clock(),
            )
            principal = find_principal(conn, account, ROLE, name)
            for index, policy in enumerate(policies):
                put_inline_policy(conn, account, principal, f"p{index}", json.dumps(policy), now=self.clock())
        return role.arn("aws")

    def _create_trusted_users(self, trust: dict[str, Any]) -> None:
        """AWS refuses a trust policy naming a user that does not exist ("Invalid principal in policy"),
        so the users a test's trust policy names are created first (``user`` then gives them keys)."""
        from hatrack.iam.users import create_user
        from hatrack.store.accounts import get_account
        from hatrack.store.users import get_user

        statements = trust.get("Statement", [])
        with self.setup() as conn:
            for statement in statements if isinstance(statements, list) else [statements]:
                principal = statement.get("Principal")
                aws = principal.get("AWS", []) if isinstance(principal, dict) else []
                for value in aws if isinstance(aws, list) else [aws]:
                    parts = value.split(":", 5)
                    if len(parts) != 6 or not parts[5].startswith("user/") or "*" in value:
                        continue
                    account, (path, _, name) = parts[4], parts[5][len("user") :].rpartition("/")
                    if get_account(conn, account) is None or get_user(conn, account, name) is not None:
                        continue
                    create_user(conn, account_id=account, name=name, path=path + "/", now=self.clock())

    def mfa_device(self, user_name: str | None, name: str = "phone") -> tuple[str, bytes]:
        """A virtual MFA device enabled for the user (None: the root); its serial number and seed."""
        from hatrack.credentials.totp import totp_code, totp_secret_from_base32
        from hatrack.iam.mfa import create_virtual_mfa_device, enable_mfa_device
        from hatrack.store.users import get_user

        now = self.clock()
        with self.setup() as conn:
            created = create_virtual_mfa_device(
                conn,
                self.services.keyring,
                account_id=self.account_id,
                name=name,
                account_label="test",
                partition="aws",
                now=now,
            )
            seed = totp_secret_from_base32(created.base32_seed)
            user = get_user(conn, self.account_id, user_name) if user_name else None
            earlier = now - timedelta(seconds=30)
            enable_mfa_device(
                conn,
                self.services.keyring,
                account_id=self.account_id,
                user=user,
                serial_number=created.device.serial_number,
                code1=totp_code(seed, earlier),
                code2=totp_code(seed, now),
                now=now,
            )
        return created.device.serial_number, seed

    def put_user_policy(
        self, user_name: str, document: dict[str, Any], *, policy_name: str = "extra"
    ) -> None:
        from hatrack.iam.attachments import USER, find_principal
        from hatrack.iam.inline_policies import put_inline_policy

        with self.setup() as conn:
            principal = find_principal(conn, self.account_id, USER, user_name)
            put_inline_policy(
                conn, self.account_id, principal, policy_name, json.dumps(document), now=self.clock()
            )

    def put_role_policy(self, role_name: str, policy_name: str, document: str) -> None:
        from hatrack.iam.attachments import ROLE, find_principal
        from hatrack.iam.inline_policies import put_inline_policy

        with self.setup() as conn:
            principal = find_principal(conn, self.account_id, ROLE, role_name)
            put_inline_policy(conn, self.account_id, principal, policy_name, document, now=self.clock())

    def managed_policy(self, name: str, document: dict[str, Any], *, account_id: str | None = None) -> str:
        from hatrack.iam.managed_policies import create_policy

        account = account_id or self.account_id
        with self.setup() as conn:
            view = create_policy(
                conn,
                account,
                policy_name=name,
                path="/",
                document=json.dumps(document),
                description=None,
                tags=(),
                now=self.clock(),
            )
        return view.arn("aws")


def allow(*actions: str, resource: str = "*", condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": list(actions), "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def trust(
    principal: Any, *, actions: Sequence[str] = ("sts:AssumeRole",), condition: dict[str, Any] | None = None
) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": list(actions)}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


@contextmanager
def running_world(database_url: str) -> Iterator[World]:
    clock = Clock()
    database = Database(database_url)
    database.migrate()
    keyring = Keyring.generate()
    with database.begin() as conn:
        root = create_account(conn, keyring, now=clock())
    services = build_services(database, keyring, clock=clock, dev_mode=True)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(services), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the in-process server did not start")
        time.sleep(0.01)
    try:
        yield World(
            endpoint=f"http://127.0.0.1:{port}",
            services=services,
            clock=clock,
            account_id=root.account_id,
            root=Keys(root.access_key_id, root.secret_access_key),
            signature_version=_clocked_signer(clock),
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        database.dispose()
