"""``hatrack analyze unused --days N``: users, roles, access keys and passwords unused for N days.

"Unused" is measured from what the store records on every authenticated use (a key's last use, a
password's last sign-in, a role's last AssumeRole), or from creation when never used; anything made
less than N days ago is not listed. A user is unused when neither its password nor any of its keys was
used in that time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from hatrack.store import access_keys as key_store
from hatrack.store import accounts as account_store
from hatrack.store import login_profiles as login_store
from hatrack.store import roles as role_store
from hatrack.store import users as user_store


@dataclass(frozen=True, slots=True)
class UnusedCredential:
    kind: str  # user | role | access-key | password
    account_id: str
    name: str  # user or role name; the key id for a key
    arn: str
    last_used: datetime | None

    def to_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "accountId": self.account_id,
            "name": self.name,
            "arn": self.arn,
            "lastUsed": self.last_used.strftime("%Y-%m-%dT%H:%M:%SZ") if self.last_used else None,
        }


def _latest(*moments: datetime | None) -> datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def find_unused(
    conn: Connection, *, days: int, now: datetime, partition: str, account_id: str | None = None
) -> list[UnusedCredential]:
    cutoff = now - timedelta(days=days)
    accounts = [account_id] if account_id else [a.account_id for a in account_store.list_accounts(conn)]
    found: list[UnusedCredential] = []
    for account in accounts:
        for user in user_store.list_users(conn, account):
            arn = user.arn(partition)
            keys = key_store.list_access_keys(conn, account, user.user_id)
            profile = login_store.get_login_profile(conn, user.user_id)
            for key in keys:
                if key.status == "Active" and (key.last_used_at or key.created_at) < cutoff:
                    found.append(
                        UnusedCredential("access-key", account, key.access_key_id, arn, key.last_used_at)
                    )
            if profile is not None and (user.password_last_used or profile.created_at) < cutoff:
                found.append(UnusedCredential("password", account, user.name, arn, user.password_last_used))
            last = _latest(user.password_last_used, *(key.last_used_at for key in keys))
            if (last or user.created_at) < cutoff:
                found.append(UnusedCredential("user", account, user.name, arn, last))
        for role in role_store.list_roles(conn, account):
            if (role.last_used_at or role.created_at) < cutoff:
                found.append(
                    UnusedCredential("role", account, role.role_name, role.arn(partition), role.last_used_at)
                )
    return found
