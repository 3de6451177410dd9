"""Building CallRecords by hand, as the edge would, for the audit trail's unit tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from botocore.model import OperationModel

from hatrack.api.protocol import ServiceModels
from hatrack.audit.call import CallRecord
from hatrack.errors import IamError
from hatrack.model import Caller, CallerKind, SessionClaims, TokenKind

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
MODELS = ServiceModels()


def model(service: str, operation: str) -> OperationModel:
    found = MODELS.operation(service, operation)
    assert found is not None
    return found


def root(account: str = ACCOUNT, key: str = "AKIAROOTROOTROOT0001") -> Caller:
    return Caller(
        kind=CallerKind.ROOT,
        account_id=account,
        partition="aws",
        arn=f"arn:aws:iam::{account}:root",
        principal_id=account,
        access_key_id=key,
    )


def user(name: str, key: str, account: str = ACCOUNT) -> Caller:
    return Caller(
        kind=CallerKind.IAM_USER,
        account_id=account,
        partition="aws",
        arn=f"arn:aws:iam::{account}:user/{name}",
        principal_id=f"AIDA{name.upper():0<17}"[:21],
        access_key_id=key,
        user_name=name,
    )


def role_session(
    role: str,
    session: str,
    key: str,
    *,
    source: Caller,
    now: datetime,
    account: str = ACCOUNT,
    mfa: bool = False,
    secret: str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSESSIONSECRET",
) -> Caller:
    role_id = f"AROA{role.upper():0<17}"[:21]
    claims = SessionClaims(
        kind=TokenKind.ASSUMED_ROLE,
        account_id=account,
        partition="aws",
        access_key_id=key,
        secret_access_key=secret,
        issued_at=now,
        expires_at=now + timedelta(hours=1),
        session_name=session,
        role_name=role,
        role_id=role_id,
        source_arn=source.arn,
        source_access_key_id=source.access_key_id,
        mfa_authenticated=mfa,
        source_identity=None,
    )
    return Caller(
        kind=CallerKind.ASSUMED_ROLE,
        account_id=account,
        partition="aws",
        arn=f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        principal_id=f"{role_id}:{session}",
        access_key_id=key,
        session=claims,
    )


def call(
    service: str,
    operation: str,
    caller: Caller | None,
    now: datetime,
    *,
    params: Mapping[str, Any] | None = None,
    result: Mapping[str, Any] | None = None,
    error: IamError | None = None,
    read_only: bool = False,
    request_id: str = "req-1",
    notes: Mapping[str, object] | None = None,
    access_key_id: str | None = None,
) -> CallRecord:
    return CallRecord(
        request_id=request_id,
        service=service,
        operation=operation,
        region="us-east-1",
        source_ip="198.51.100.7",
        user_agent="pytest",
        event_time=now,
        caller=caller,
        access_key_id=access_key_id or (caller.access_key_id if caller else None),
        params=params or {},
        result=result,
        error=error,
        read_only=read_only,
        operation_model=model(service, operation),
        notes=notes or {},
    )


def assume_role(
    caller: Caller, role_arn: str, session: str, new_key: str, now: datetime, *, request_id: str = "req-ar"
) -> CallRecord:
    role_name = role_arn.rsplit("/", 1)[-1]
    account = role_arn.split(":")[4]
    return call(
        "sts",
        "AssumeRole",
        caller,
        now,
        params={"RoleArn": role_arn, "RoleSessionName": session},
        result={
            "Credentials": {
                "AccessKeyId": new_key,
                "SecretAccessKey": "SECRETSECRETSECRETSECRETSECRET0123456789",
                "SessionToken": "FwoGZXIvYXdzEXAMPLESESSIONTOKENVALUE0123456789abcdef",
                "Expiration": now + timedelta(hours=1),
            },
            "AssumedRoleUser": {
                "AssumedRoleId": f"AROA{role_name.upper():0<17}"[:21] + f":{session}",
                "Arn": f"arn:aws:sts::{account}:assumed-role/{role_name}/{session}",
            },
        },
        request_id=request_id,
    )
