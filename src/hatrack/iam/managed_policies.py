"""Managed policies: customer-managed policies with up to five versions, and the AWS-managed catalogue.

AWS-managed policies (``arn:aws:iam::aws:policy/NAME``) ship with the package as JSON files in
``managed_policies/`` and exist in every account, read-only. Customer-managed policies are rows of the
store. Both are named by ARN at the API; ``find_policy`` resolves an ARN to a ``PolicyView``.
Quotas and messages: IAM User Guide "IAM and AWS STS quotas",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from sqlalchemy.engine import Connection

from hatrack.credentials.ids import POLICY_ID_PREFIX, new_unique_id
from hatrack.errors import (
    DeleteConflict,
    EntityAlreadyExists,
    InvalidInput,
    LimitExceeded,
    NoSuchEntity,
    UnmodifiableEntity,
)
from hatrack.iam.names import merge_tags, remove_tags
from hatrack.model.policies import ManagedPolicyRecord
from hatrack.store import policies as store
from hatrack.store import resource_tags
from hatrack.types import Arn

AWS_ACCOUNT = "aws"
MAX_VERSIONS = 5
VERSION_LIMIT = (
    "A managed policy can have up to 5 versions. Before you create a new version, you must delete an "
    "existing version."
)
CATALOGUE_DIR = Path(__file__).parent / "managed_policies"

Tag = tuple[str, str]
NewId = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class AwsManagedPolicy:
    policy_id: str
    policy_name: str
    path: str
    description: str
    default_version_id: str
    created_at: datetime
    updated_at: datetime
    document: str


@dataclass(frozen=True, slots=True)
class PolicyView:
    """A managed policy as the API shows it, customer- or AWS-managed."""

    policy_id: str
    policy_name: str
    path: str
    owner: str  # the account id, or "aws"
    default_version_id: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    tags: tuple[Tag, ...] = ()
    attachment_count: int = 0
    boundary_usage_count: int = 0

    @property
    def is_aws_managed(self) -> bool:
        return self.owner == AWS_ACCOUNT

    def arn(self, partition: str) -> str:
        return f"arn:{partition}:iam::{self.owner}:policy{self.path}{self.policy_name}"


@dataclass(frozen=True, slots=True)
class VersionView:
    version_id: str
    document: str
    is_default: bool
    created_at: datetime


# --- the AWS-managed catalogue ------------------------------------------------------------------


def _instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@cache
def aws_managed_policies() -> dict[str, AwsManagedPolicy]:
    """name (lower case) -> policy, from the JSON files shipped with the package."""
    found: dict[str, AwsManagedPolicy] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        policy = AwsManagedPolicy(
            policy_id=data["PolicyId"],
            policy_name=data["PolicyName"],
            path=data["Path"],
            description=data["Description"],
            default_version_id=data["DefaultVersionId"],
            created_at=_instant(data["CreateDate"]),
            updated_at=_instant(data["UpdateDate"]),
            document=json.dumps(data["Document"], indent=4),
        )
        found[policy.policy_name.lower()] = policy
    return found


@cache
def aws_managed_by_id() -> dict[str, AwsManagedPolicy]:
    return {policy.policy_id: policy for policy in aws_managed_policies().values()}


def _aws_view(policy: AwsManagedPolicy) -> PolicyView:
    return PolicyView(
        policy_id=policy.policy_id,
        policy_name=policy.policy_name,
        path=policy.path,
        owner=AWS_ACCOUNT,
        default_version_id=policy.default_version_id,
        created_at=policy.created_at,
        updated_at=policy.updated_at,
        description=policy.description,
    )


def _customer_view(record: ManagedPolicyRecord) -> PolicyView:
    return PolicyView(
        policy_id=record.policy_id,
        policy_name=record.policy_name,
        path=record.path,
        owner=record.account_id,
        default_version_id=record.default_version_id,
        created_at=record.created_at,
        updated_at=record.updated_at,
        description=record.description,
        tags=record.tags,
    )


# --- resolving ARNs -----------------------------------------------------------------------------


def split_policy_arn(arn: str) -> tuple[str, str, str]:
    """(owner account or "aws", path, name) of a policy ARN; ``InvalidInput`` if it is not one."""
    parsed = Arn.parse(arn)
    if parsed.service != "iam" or parsed.region or not parsed.resource.startswith("policy/"):
        raise InvalidInput(f"ARN {arn} is not valid.")
    rest = parsed.resource[len("policy") :]
    cut = rest.rfind("/")
    path, name = rest[: cut + 1], rest[cut + 1 :]
    if not name:
        raise InvalidInput(f"ARN {arn} is not valid.")
    return parsed.account, path, name


def check_policy_arn(arn: str, partition: str) -> str:
    """``arn`` if it names a managed policy in the server's ``partition``; else ``InvalidInput``.

    Every operation that takes a ``PolicyArn`` or ``PermissionsBoundary`` checks it first, before any
    authorization or lookup: IAM "strictly validate[s] all elements of an IAM resource ARN": the
    partition must be the account's, the service ``iam``, the region empty, the resource a policy
    (AWS's notice of 2024 on IAM ARN validation, quoted in cloud-gov/terraform-provision#1802).
    AWS's answer to a malformed policy ARN is ``InvalidInput`` "ARN X is not valid." ([obs]
    aws-samples/aws-cdk-examples#287). guess: the same answer for a well-formed ARN of another
    partition (``arn:aws-cn:…`` on an ``aws`` server).
    """
    split_policy_arn(arn)
    if Arn.parse(arn).partition != partition:
        raise InvalidInput(f"ARN {arn} is not valid.")
    return arn


def find_policy(conn: Connection, account_id: str, arn: str) -> PolicyView | None:
    """The managed policy named by ``arn`` as seen from ``account_id``, or None."""
    owner, path, name = split_policy_arn(arn)
    if owner == AWS_ACCOUNT:
        aws = aws_managed_policies().get(name.lower())
        return _aws_view(aws) if aws is not None and aws.path == path and aws.policy_name == name else None
    if owner != account_id:
        return None
    record = store.get_policy_by_name(conn, account_id, name)
    if record is None or record.path != path or record.policy_name != name:
        return None
    return _customer_view(record)


def not_found(arn: str) -> NoSuchEntity:
    return NoSuchEntity(f"Policy {arn} was not found.")


def get_policy(conn: Connection, account_id: str, arn: str, *, with_counts: bool = True) -> PolicyView:
    view = find_policy(conn, account_id, arn)
    if view is None:
        raise not_found(arn)
    return with_usage(conn, account_id, [view])[0] if with_counts else view


def _customer_only(view: PolicyView, arn: str) -> None:
    if view.is_aws_managed:
        raise UnmodifiableEntity(f"Cannot modify an AWS managed policy: {arn}")


def with_usage(conn: Connection, account_id: str, views: Sequence[PolicyView]) -> list[PolicyView]:
    """``views`` with their AttachmentCount and PermissionsBoundaryUsageCount in ``account_id``."""
    counts = store.attachment_counts(conn, account_id, [view.policy_id for view in views])
    boundary = store.boundary_usage_counts(conn, account_id)
    return [
        replace(
            view,
            attachment_count=counts.get(view.policy_id, 0),
            boundary_usage_count=boundary.get(boundary_key(view.owner, view.path, view.policy_name), 0),
        )
        for view in views
    ]


def boundary_key(owner: str, path: str, name: str) -> str:
    """A policy ARN without its partition (``OWNER:policy/PATH/NAME``): how boundary uses are counted."""
    return f"{owner}:policy{path}{name}"


# --- customer-managed policies ------------------------------------------------------------------


def create_policy(
    conn: Connection,
    account_id: str,
    *,
    policy_name: str,
    path: str,
    document: str,
    description: str | None,
    tags: Sequence[Tag],
    now: datetime,
    new_id: NewId = new_unique_id,
) -> PolicyView:
    """CreatePolicy; ``document`` is already checked (``check_policy(text, PolicyKind.MANAGED)``)."""
    if store.get_policy_by_name(conn, account_id, policy_name) is not None:
        raise EntityAlreadyExists(
            f"A policy called {policy_name} already exists. Duplicate names are not allowed."
        )
    record = ManagedPolicyRecord(
        policy_id=new_id(POLICY_ID_PREFIX),
        account_id=account_id,
        policy_name=policy_name,
        path=path,
        default_version_id="v1",
        created_at=now,
        updated_at=now,
        description=description,
        tags=tuple(tags),
    )
    store.insert_policy(conn, record, document=document)
    return _customer_view(record)


def list_policies(
    conn: Connection,
    account_id: str,
    *,
    scope: str = "All",
    only_attached: bool = False,
    path_prefix: str = "/",
    usage_filter: str | None = None,
) -> list[PolicyView]:
    """ListPolicies: Scope All | AWS | Local, OnlyAttached, PathPrefix, PolicyUsageFilter."""
    views: list[PolicyView] = []
    if scope in ("All", "AWS"):
        views.extend(_aws_view(policy) for policy in aws_managed_policies().values())
    if scope in ("All", "Local"):
        views.extend(_customer_view(record) for record in store.list_policies(conn, account_id))
    views = [view for view in views if view.path.startswith(path_prefix)]
    views = with_usage(conn, account_id, views)
    if only_attached:
        views = [view for view in views if view.attachment_count > 0 or view.boundary_usage_count > 0]
        if usage_filter == "PermissionsPolicy":
            views = [view for view in views if view.attachment_count > 0]
        elif usage_filter == "PermissionsBoundary":
            views = [view for view in views if view.boundary_usage_count > 0]
    return views


def delete_policy(conn: Connection, account_id: str, arn: str) -> None:
    view = get_policy(conn, account_id, arn)
    _customer_only(view, arn)
    if view.attachment_count > 0:
        raise DeleteConflict("Cannot delete a policy attached to entities.")
    if len(store.list_versions(conn, view.policy_id)) > 1:
        raise DeleteConflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's "
            "versions. The default version is deleted with the policy."
        )
    store.delete_policy(conn, account_id, view.policy_id)


# --- versions -----------------------------------------------------------------------------------


def _customer_policy(conn: Connection, account_id: str, arn: str) -> PolicyView:
    view = get_policy(conn, account_id, arn, with_counts=False)
    _customer_only(view, arn)
    return view


def create_policy_version(
    conn: Connection, account_id: str, arn: str, *, document: str, set_as_default: bool, now: datetime
) -> VersionView:
    view = _customer_policy(conn, account_id, arn)
    if len(store.list_versions(conn, view.policy_id)) >= MAX_VERSIONS:
        raise LimitExceeded(VERSION_LIMIT)
    version = store.add_version(
        conn, account_id, view.policy_id, document=document, now=now, set_as_default=set_as_default
    )
    return VersionView(version.version_id, version.document, set_as_default, version.created_at)


def list_policy_versions(conn: Connection, account_id: str, arn: str) -> list[VersionView]:
    view = get_policy(conn, account_id, arn, with_counts=False)
    if view.is_aws_managed:
        aws = aws_managed_by_id()[view.policy_id]
        return [VersionView(aws.default_version_id, aws.document, True, aws.updated_at)]
    return [
        VersionView(v.version_id, v.document, v.version_id == view.default_version_id, v.created_at)
        for v in store.list_versions(conn, view.policy_id)
    ]


def _no_such_version(arn: str, version_id: str) -> NoSuchEntity:
    return NoSuchEntity(f"Policy {arn} version {version_id} does not exist or is not attachable.")


def get_policy_version(conn: Connection, account_id: str, arn: str, version_id: str) -> VersionView:
    for version in list_policy_versions(conn, account_id, arn):
        if version.version_id == version_id:
            return version
    raise _no_such_version(arn, version_id)


def set_default_policy_version(
    conn: Connection, account_id: str, arn: str, version_id: str, *, now: datetime
) -> None:
    view = _customer_policy(conn, account_id, arn)
    if store.get_version(conn, view.policy_id, version_id) is None:
        raise _no_such_version(arn, version_id)
    store.set_default_version(conn, account_id, view.policy_id, version_id, now=now)


def delete_policy_version(conn: Connection, account_id: str, arn: str, version_id: str) -> None:
    view = _customer_policy(conn, account_id, arn)
    if store.get_version(conn, view.policy_id, version_id) is None:
        raise _no_such_version(arn, version_id)
    if version_id == view.default_version_id:
        raise DeleteConflict("Cannot delete the default version of a policy.")
    store.delete_version(conn, view.policy_id, version_id)


def default_document(conn: Connection, view: PolicyView) -> str:
    if view.is_aws_managed:
        return aws_managed_by_id()[view.policy_id].document
    return store.default_documents(conn, [view.policy_id])[view.policy_id]


# --- tags ---------------------------------------------------------------------------------------


def tag_policy(conn: Connection, account_id: str, arn: str, tags: Sequence[Tag]) -> None:
    view = _customer_policy(conn, account_id, arn)
    merged = merge_tags(view.tags, tags, quota_name="TagsPerPolicy")
    resource_tags.replace_tags(conn, account_id, resource_tags.POLICY, view.policy_id, merged)


def untag_policy(conn: Connection, account_id: str, arn: str, keys: Sequence[str]) -> None:
    view = _customer_policy(conn, account_id, arn)
    resource_tags.replace_tags(
        conn, account_id, resource_tags.POLICY, view.policy_id, remove_tags(view.tags, keys)
    )
