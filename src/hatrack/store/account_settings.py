"""Repository of account-wide IAM settings: the account alias (one per account, unique on the server)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.identity_tables import account_aliases


def get_alias(conn: Connection, account_id: str) -> str | None:
    row = conn.execute(
        sa.select(account_aliases.c.alias).where(account_aliases.c.account_id == account_id)
    ).first()
    return None if row is None else str(row.alias)


def account_of_alias(conn: Connection, alias: str) -> str | None:
    row = conn.execute(
        sa.select(account_aliases.c.account_id).where(account_aliases.c.alias == alias)
    ).first()
    return None if row is None else str(row.account_id)


def insert_alias(conn: Connection, account_id: str, alias: str, *, at: datetime) -> None:
    conn.execute(account_aliases.insert().values(alias=alias, account_id=account_id, created_at=at))


def delete_alias(conn: Connection, account_id: str, alias: str) -> bool:
    result = conn.execute(
        account_aliases.delete().where(
            account_aliases.c.account_id == account_id, account_aliases.c.alias == alias
        )
    )
    return bool(result.rowcount)


# --- counts for GetAccountSummary -----------------------------------------------------------------


def count_account_rows(conn: Connection, table_name: str, account_id: str) -> int:
    """Rows of the account in the table called ``table_name``; 0 if no module defines that table."""
    import hatrack.store.tables  # noqa: F401  (every area's tables on the metadata)
    from hatrack.store.schema import metadata

    table = metadata.tables.get(table_name)
    if table is None or "account_id" not in table.c:
        return 0
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c.account_id == account_id)
        ).scalar_one()
    )


def count_policy_versions(conn: Connection, account_id: str) -> int:
    """The versions of the account's customer managed policies (``PolicyVersionsInUse``)."""
    import hatrack.store.tables  # noqa: F401  (every area's tables on the metadata)
    from hatrack.store.schema import metadata

    versions = metadata.tables.get("policy_versions")
    policies = metadata.tables.get("managed_policies")
    if versions is None or policies is None:
        return 0
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(versions.join(policies, versions.c.policy_id == policies.c.policy_id))
            .where(policies.c.account_id == account_id)
        ).scalar_one()
    )
