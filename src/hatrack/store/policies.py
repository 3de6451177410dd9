"""Repository of policies: customer-managed policies and their versions, inline policies, attachments.

Principals are referred to by kind ("user" | "group" | "role") and unique id. An attachment names a
policy by id: a customer-managed policy's row, or an AWS-managed policy's fixed id (no row here; its
document ships with the package, so ``attached_documents`` returns ``None`` for it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from hatrack.model.policies import (
    AttachedDocument,
    InlinePolicyRecord,
    ManagedPolicyRecord,
    PolicyVersionRecord,
)
from hatrack.store import resource_tags
from hatrack.store.identity_tables import as_utc, users
from hatrack.store.permission_tables import (
    inline_policies,
    managed_policies,
    policy_attachments,
    policy_versions,
    roles,
)

Tag = tuple[str, str]


# --- managed policies ---------------------------------------------------------------------------


def _policy(row: RowMapping, tags: tuple[Tag, ...] = ()) -> ManagedPolicyRecord:
    return ManagedPolicyRecord(
        policy_id=row["policy_id"],
        account_id=row["account_id"],
        policy_name=row["policy_name"],
        path=row["path"],
        default_version_id=row["default_version_id"],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        description=row["description"],
        tags=tags,
    )


def insert_policy(conn: Connection, policy: ManagedPolicyRecord, *, document: str) -> None:
    """A new policy with its first version, ``v1``, as the default."""
    conn.execute(
        managed_policies.insert().values(
            policy_id=policy.policy_id,
            account_id=policy.account_id,
            policy_name=policy.policy_name,
            name_lower=policy.policy_name.lower(),
            path=policy.path,
            description=policy.description,
            default_version_id="v1",
            next_version_number=2,
            created_at=policy.created_at,
            updated_at=policy.updated_at,
        )
    )
    conn.execute(
        policy_versions.insert().values(
            policy_id=policy.policy_id,
            version_id="v1",
            version_number=1,
            document=document,
            created_at=policy.created_at,
        )
    )
    resource_tags.replace_tags(conn, policy.account_id, resource_tags.POLICY, policy.policy_id, policy.tags)


def get_policy_by_name(conn: Connection, account_id: str, policy_name: str) -> ManagedPolicyRecord | None:
    row = (
        conn.execute(
            managed_policies.select().where(
                managed_policies.c.account_id == account_id,
                managed_policies.c.name_lower == policy_name.lower(),
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return _policy(row, resource_tags.get_tags(conn, account_id, resource_tags.POLICY, row["policy_id"]))


def get_policies_by_ids(
    conn: Connection, account_id: str, policy_ids: Iterable[str]
) -> list[ManagedPolicyRecord]:
    wanted = list(policy_ids)
    if not wanted:
        return []
    rows = conn.execute(
        managed_policies.select().where(
            managed_policies.c.account_id == account_id, managed_policies.c.policy_id.in_(wanted)
        )
    ).mappings()
    return [_policy(row) for row in rows]


def list_policies(conn: Connection, account_id: str) -> list[ManagedPolicyRecord]:
    rows = conn.execute(
        managed_policies.select()
        .where(managed_policies.c.account_id == account_id)
        .order_by(managed_policies.c.name_lower)
    ).mappings()
    return [_policy(row) for row in rows]


def delete_policy(conn: Connection, account_id: str, policy_id: str) -> None:
    resource_tags.delete_tags(conn, account_id, resource_tags.POLICY, policy_id)
    conn.execute(policy_versions.delete().where(policy_versions.c.policy_id == policy_id))
    conn.execute(
        managed_policies.delete().where(
            managed_policies.c.account_id == account_id, managed_policies.c.policy_id == policy_id
        )
    )


# --- versions -----------------------------------------------------------------------------------


def _version(row: RowMapping) -> PolicyVersionRecord:
    return PolicyVersionRecord(
        policy_id=row["policy_id"],
        version_id=row["version_id"],
        version_number=row["version_number"],
        document=row["document"],
        created_at=as_utc(row["created_at"]),
    )


def list_versions(conn: Connection, policy_id: str) -> list[PolicyVersionRecord]:
    """Newest first, as ListPolicyVersions answers."""
    rows = conn.execute(
        policy_versions.select()
        .where(policy_versions.c.policy_id == policy_id)
        .order_by(policy_versions.c.version_number.desc())
    ).mappings()
    return [_version(row) for row in rows]


def get_version(conn: Connection, policy_id: str, version_id: str) -> PolicyVersionRecord | None:
    row = (
        conn.execute(
            policy_versions.select().where(
                policy_versions.c.policy_id == policy_id, policy_versions.c.version_id == version_id
            )
        )
        .mappings()
        .first()
    )
    return _version(row) if row else None


def add_version(
    conn: Connection, account_id: str, policy_id: str, *, document: str, now: datetime, set_as_default: bool
) -> PolicyVersionRecord:
    """Append the next version (``v<N>``; numbers are never reused) and maybe make it the default."""
    number = int(
        conn.execute(
            sa.select(managed_policies.c.next_version_number).where(managed_policies.c.policy_id == policy_id)
        ).scalar_one()
    )
    version = PolicyVersionRecord(policy_id, f"v{number}", number, document, now)
    conn.execute(
        policy_versions.insert().values(
            policy_id=policy_id,
            version_id=version.version_id,
            version_number=number,
            document=document,
            created_at=now,
        )
    )
    values: dict[str, object] = {"next_version_number": number + 1, "updated_at": now}
    if set_as_default:
        values["default_version_id"] = version.version_id
    conn.execute(
        managed_policies.update()
        .where(managed_policies.c.account_id == account_id, managed_policies.c.policy_id == policy_id)
        .values(values)
    )
    return version


def set_default_version(
    conn: Connection, account_id: str, policy_id: str, version_id: str, *, now: datetime
) -> None:
    conn.execute(
        managed_policies.update()
        .where(managed_policies.c.account_id == account_id, managed_policies.c.policy_id == policy_id)
        .values(default_version_id=version_id, updated_at=now)
    )


def delete_version(conn: Connection, policy_id: str, version_id: str) -> None:
    conn.execute(
        policy_versions.delete().where(
            policy_versions.c.policy_id == policy_id, policy_versions.c.version_id == version_id
        )
    )


def default_documents(conn: Connection, policy_ids: Iterable[str]) -> dict[str, str]:
    """policy id -> the document of its default version (one query)."""
    wanted = list(policy_ids)
    if not wanted:
        return {}
    rows = conn.execute(
        sa.select(policy_versions.c.policy_id, policy_versions.c.document)
        .select_from(
            managed_policies.join(
                policy_versions,
                sa.and_(
                    policy_versions.c.policy_id == managed_policies.c.policy_id,
                    policy_versions.c.version_id == managed_policies.c.default_version_id,
                ),
            )
        )
        .where(managed_policies.c.policy_id.in_(wanted))
    ).all()
    return {row.policy_id: row.document for row in rows}


# --- inline policies ----------------------------------------------------------------------------


def _inline(row: RowMapping) -> InlinePolicyRecord:
    return InlinePolicyRecord(
        principal_kind=row["principal_kind"],
        principal_id=row["principal_id"],
        policy_name=row["policy_name"],
        document=row["document"],
        size=row["size"],
    )


def list_inline_policies(conn: Connection, account_id: str, principal_id: str) -> list[InlinePolicyRecord]:
    rows = conn.execute(
        inline_policies.select()
        .where(inline_policies.c.account_id == account_id, inline_policies.c.principal_id == principal_id)
        .order_by(inline_policies.c.policy_name)
    ).mappings()
    return [_inline(row) for row in rows]


def get_inline_policy(
    conn: Connection, account_id: str, principal_id: str, policy_name: str
) -> InlinePolicyRecord | None:
    row = (
        conn.execute(
            inline_policies.select().where(
                inline_policies.c.account_id == account_id,
                inline_policies.c.principal_id == principal_id,
                inline_policies.c.policy_name == policy_name,
            )
        )
        .mappings()
        .first()
    )
    return _inline(row) if row else None


def put_inline_policy(
    conn: Connection, account_id: str, record: InlinePolicyRecord, *, now: datetime
) -> None:
    """Create or replace the principal's inline policy of that name."""
    delete_inline_policy(conn, account_id, record.principal_id, record.policy_name)
    conn.execute(
        inline_policies.insert().values(
            account_id=account_id,
            principal_kind=record.principal_kind,
            principal_id=record.principal_id,
            policy_name=record.policy_name,
            document=record.document,
            size=record.size,
            created_at=now,
        )
    )


def delete_inline_policy(conn: Connection, account_id: str, principal_id: str, policy_name: str) -> int:
    result = conn.execute(
        inline_policies.delete().where(
            inline_policies.c.account_id == account_id,
            inline_policies.c.principal_id == principal_id,
            inline_policies.c.policy_name == policy_name,
        )
    )
    return int(result.rowcount or 0)


def count_inline_policies(conn: Connection, account_id: str, principal_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(inline_policies)
            .where(inline_policies.c.account_id == account_id, inline_policies.c.principal_id == principal_id)
        ).scalar_one()
    )


def inline_documents(
    conn: Connection, account_id: str, principal_ids: Sequence[str]
) -> list[InlinePolicyRecord]:
    """Every inline policy of the given principals, in one query."""
    if not principal_ids:
        return []
    rows = conn.execute(
        inline_policies.select()
        .where(
            inline_policies.c.account_id == account_id,
            inline_policies.c.principal_id.in_(list(principal_ids)),
        )
        .order_by(inline_policies.c.principal_id, inline_policies.c.policy_name)
    ).mappings()
    return [_inline(row) for row in rows]


# --- attachments --------------------------------------------------------------------------------


def attach(
    conn: Connection,
    account_id: str,
    principal_kind: str,
    principal_id: str,
    policy_id: str,
    *,
    now: datetime,
) -> None:
    conn.execute(
        policy_attachments.insert().values(
            account_id=account_id,
            principal_kind=principal_kind,
            principal_id=principal_id,
            policy_id=policy_id,
            attached_at=now,
        )
    )


def detach(conn: Connection, account_id: str, principal_id: str, policy_id: str) -> int:
    result = conn.execute(
        policy_attachments.delete().where(
            policy_attachments.c.account_id == account_id,
            policy_attachments.c.principal_id == principal_id,
            policy_attachments.c.policy_id == policy_id,
        )
    )
    return int(result.rowcount or 0)


def attached_policy_ids(conn: Connection, account_id: str, principal_id: str) -> list[str]:
    """In the order they were attached."""
    rows = conn.execute(
        sa.select(policy_attachments.c.policy_id)
        .where(
            policy_attachments.c.account_id == account_id, policy_attachments.c.principal_id == principal_id
        )
        .order_by(policy_attachments.c.attached_at, policy_attachments.c.policy_id)
    ).all()
    return [row.policy_id for row in rows]


def count_attached(conn: Connection, account_id: str, principal_id: str) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(policy_attachments)
            .where(
                policy_attachments.c.account_id == account_id,
                policy_attachments.c.principal_id == principal_id,
            )
        ).scalar_one()
    )


def attachment_counts(
    conn: Connection, account_id: str, policy_ids: Iterable[str] | None = None
) -> dict[str, int]:
    """policy id -> number of principals of the account it is attached to (one query)."""
    query = (
        sa.select(policy_attachments.c.policy_id, sa.func.count().label("n"))
        .where(policy_attachments.c.account_id == account_id)
        .group_by(policy_attachments.c.policy_id)
    )
    if policy_ids is not None:
        query = query.where(policy_attachments.c.policy_id.in_(list(policy_ids)))
    return {row.policy_id: int(row.n) for row in conn.execute(query).all()}


def entities_for_policy(conn: Connection, account_id: str, policy_id: str) -> list[tuple[str, str]]:
    """(principal kind, principal id) of every principal the policy is attached to."""
    rows = conn.execute(
        sa.select(policy_attachments.c.principal_kind, policy_attachments.c.principal_id).where(
            policy_attachments.c.account_id == account_id, policy_attachments.c.policy_id == policy_id
        )
    ).all()
    return [(row.principal_kind, row.principal_id) for row in rows]


def attached_documents(
    conn: Connection, account_id: str, principal_ids: Sequence[str]
) -> list[AttachedDocument]:
    """The default-version documents of every policy attached to the given principals, in one query."""
    if not principal_ids:
        return []
    joined = policy_attachments.outerjoin(
        managed_policies, managed_policies.c.policy_id == policy_attachments.c.policy_id
    ).outerjoin(
        policy_versions,
        sa.and_(
            policy_versions.c.policy_id == managed_policies.c.policy_id,
            policy_versions.c.version_id == managed_policies.c.default_version_id,
        ),
    )
    rows = conn.execute(
        sa.select(
            policy_attachments.c.principal_id,
            policy_attachments.c.policy_id,
            policy_versions.c.document,
            managed_policies.c.policy_name,
            managed_policies.c.path,
        )
        .select_from(joined)
        .where(
            policy_attachments.c.account_id == account_id,
            policy_attachments.c.principal_id.in_(list(principal_ids)),
        )
        .order_by(
            policy_attachments.c.principal_id,
            policy_attachments.c.attached_at,
            policy_attachments.c.policy_id,
        )
    ).all()
    return [
        AttachedDocument(row.principal_id, row.policy_id, row.document, row.policy_name, row.path)
        for row in rows
    ]


def default_document_by_name(
    conn: Connection, account_id: str, policy_name: str
) -> tuple[str, str, str] | None:
    """(name, path, default-version document) of the account's policy ``policy_name``, in one query."""
    row = conn.execute(
        sa.select(managed_policies.c.policy_name, managed_policies.c.path, policy_versions.c.document)
        .select_from(
            managed_policies.join(
                policy_versions,
                sa.and_(
                    policy_versions.c.policy_id == managed_policies.c.policy_id,
                    policy_versions.c.version_id == managed_policies.c.default_version_id,
                ),
            )
        )
        .where(
            managed_policies.c.account_id == account_id, managed_policies.c.name_lower == policy_name.lower()
        )
    ).first()
    return (row.policy_name, row.path, row.document) if row is not None else None


def delete_principal_policies(conn: Connection, account_id: str, principal_id: str) -> None:
    """Forget every inline policy and attachment of a principal (used when it is deleted)."""
    conn.execute(
        inline_policies.delete().where(
            inline_policies.c.account_id == account_id, inline_policies.c.principal_id == principal_id
        )
    )
    conn.execute(
        policy_attachments.delete().where(
            policy_attachments.c.account_id == account_id, policy_attachments.c.principal_id == principal_id
        )
    )


# --- permissions boundaries ---------------------------------------------------------------------


def _boundary_key(arn: str) -> str:
    """``arn:PARTITION:iam::OWNER:policy/PATH/NAME`` -> ``OWNER:policy/PATH/NAME``."""
    parts = arn.split(":", 4)
    return parts[4] if len(parts) == 5 else arn


def boundary_usage_counts(conn: Connection, account_id: str) -> dict[str, int]:
    """``OWNER:policy/PATH/NAME`` -> how many users and roles of the account have it as their boundary."""
    counts: dict[str, int] = {}
    for table in (roles, users):
        rows = conn.execute(
            sa.select(table.c.permissions_boundary_arn, sa.func.count().label("n"))
            .where(table.c.account_id == account_id, table.c.permissions_boundary_arn.is_not(None))
            .group_by(table.c.permissions_boundary_arn)
        ).all()
        for row in rows:
            key = _boundary_key(row.permissions_boundary_arn)
            counts[key] = counts.get(key, 0) + int(row.n)
    return counts


def principals_with_boundary(conn: Connection, account_id: str, key: str) -> list[tuple[str, str]]:
    """(kind, principal id) of the users and roles whose boundary is the policy ``OWNER:policy/PATH/NAME``."""
    found: list[tuple[str, str]] = []
    for kind, table, id_column in (("user", users, users.c.user_id), ("role", roles, roles.c.role_id)):
        rows = conn.execute(
            sa.select(id_column, table.c.permissions_boundary_arn).where(
                table.c.account_id == account_id, table.c.permissions_boundary_arn.is_not(None)
            )
        ).all()
        found.extend((kind, row[0]) for row in rows if _boundary_key(row[1]) == key)
    return found
