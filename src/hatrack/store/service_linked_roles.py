"""Deletion tasks of service-linked roles (DeleteServiceLinkedRole / GetServiceLinkedRoleDeletionStatus).

hatrack deletes a service-linked role at once (no AWS service is there to ask whether the role is
in use), so a task is written as SUCCEEDED; the table keeps AWS's two-step API truthful.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.schema import UtcDateTime, metadata

service_linked_role_deletions = sa.Table(
    "service_linked_role_deletions",
    metadata,
    sa.Column("account_id", sa.String(12), sa.ForeignKey("accounts.account_id"), primary_key=True),
    sa.Column("task_id", sa.String(512), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)


def insert_task(conn: Connection, account_id: str, task_id: str, status: str, *, now: datetime) -> None:
    conn.execute(
        service_linked_role_deletions.insert().values(
            account_id=account_id, task_id=task_id, status=status, created_at=now
        )
    )


def task_status(conn: Connection, account_id: str, task_id: str) -> str | None:
    table = service_linked_role_deletions
    row = conn.execute(
        sa.select(table.c.status).where(table.c.account_id == account_id, table.c.task_id == task_id)
    ).first()
    return str(row[0]) if row is not None else None
