"""The trail records of workload calls, built as ``CallRecord``s for the server's one recorder.

- Credentials issued to a workload are an ``AssumeRole`` event (eventSource sts.amazonaws.com) whose
  ``userIdentity`` is ``{"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}`` and whose
  ``sourceIPAddress``/``userAgent`` are the service's name, as CloudTrail records the AssumeRole EC2
  makes for an instance profile (Roles Anywhere: ``rolesanywhere.amazonaws.com``); the workload is
  named in ``additionalEventData`` (and in the session tags of ``requestParameters``).
- The workload's own calls to hatrack (join, renew, credentials, CreateSession) are events of
  eventSource ``hatrack.amazonaws.com`` [choice: no AWS service has them] in the workload's account,
  refusals with their ``errorCode``; a join token or a secret never appears in them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hatrack.audit.call import CallRecord
from hatrack.errors import IamError
from hatrack.model import Caller
from hatrack.sts.assume_role import assumed_role_user
from hatrack.sts.service_assume_role import ServiceSession, service_caller

WORKLOADS_SERVICE = "hatrack"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a workload's request came from."""

    request_id: str
    source_ip: str
    user_agent: str
    now: datetime
    region: str = "us-east-1"  # the partition's global region (STS's events are recorded there)


def workload_call(
    origin: Origin,
    operation: str,
    *,
    account_id: str | None,
    principal_id: str,
    params: Mapping[str, Any],
    error: IamError | None = None,
    read_only: bool = False,
) -> CallRecord:
    identity: dict[str, Any] = {"type": "Unknown", "principalId": principal_id}
    if account_id:
        identity["accountId"] = account_id
    notes: dict[str, object] = {"userIdentity": identity}
    if account_id:
        notes["ownerAccountId"] = account_id
    return CallRecord(
        request_id=origin.request_id,
        service=WORKLOADS_SERVICE,
        operation=operation,
        region=origin.region,
        source_ip=origin.source_ip,
        user_agent=origin.user_agent,
        event_time=origin.now,
        caller=None,
        access_key_id=None,
        params=dict(params),
        error=error,
        read_only=read_only,
        notes=notes,
    )


def service_assume_role_call(
    origin: Origin,
    *,
    service: str,
    role_arn: str,
    role_account: str,
    partition: str,
    session_name: str,
    duration_seconds: int | None,
    tags: tuple[tuple[str, str], ...],
    operation_model: Any,
    session: ServiceSession | None,
    error: IamError | None,
    workload: Mapping[str, str],
) -> CallRecord:
    params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": session_name}
    if duration_seconds is not None:
        params["DurationSeconds"] = duration_seconds
    if tags:
        params["Tags"] = [{"Key": key, "Value": value} for key, value in tags]
    result: dict[str, Any] | None = None
    if session is not None:
        arn, assumed_id = assumed_role_user(session.claims)
        result = {
            "Credentials": {
                "AccessKeyId": session.credentials.access_key_id,
                "SecretAccessKey": session.credentials.secret_access_key,
                "SessionToken": session.credentials.session_token,
                "Expiration": session.credentials.expiration,
            },
            "AssumedRoleUser": {"AssumedRoleId": assumed_id, "Arn": arn},
        }
    caller: Caller = service_caller(service, role_account, partition)
    return CallRecord(
        request_id=origin.request_id,
        service="sts",
        operation="AssumeRole",
        region=origin.region,
        source_ip=service,
        user_agent=service,
        event_time=origin.now,
        caller=caller,
        access_key_id=None,
        params=params,
        result=result,
        error=error,
        read_only=True,
        operation_model=operation_model,
        notes={
            "userIdentity": {"type": "AWSService", "invokedBy": service},
            "additionalEventData": {**workload, "sourceIPAddress": origin.source_ip},
            "resources": [{"ARN": role_arn, "accountId": role_account, "type": "AWS::IAM::Role"}],
        },
    )
