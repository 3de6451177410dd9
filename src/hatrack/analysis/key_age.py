"""Maximum access-key age and idle time: an account setting (hatrack's extension; AWS leaves this to
AWS Config rules and scripts) and its enforcement.

``set_key_age(account, max_age_days, max_idle_days)`` keeps the setting (None: no limit; both None
removes it). ``enforce_key_age`` deactivates every active access key of an IAM user that is older
than the maximum age (from its creation) or idle for longer than the maximum idle time (from its last
use, or its creation when never used), and writes one event per key to the account's trail, in the
same transaction: ``UpdateAccessKey`` with ``eventType: AwsServiceEvent`` and the reason, made by
hatrack itself (``userIdentity.type: AWSService``, ``invokedBy: hatrack``). [choice] The account
root's keys are never deactivated (that could lock the operator out of the API).

``KeyAgeScheduler`` runs ``enforce_key_age`` in a thread of the server every ``--key-age-interval``
minutes (as ``audit/schedule.py`` signs digests); ``hatrack key-age enforce`` runs it once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from hatrack.audit.chain import append_events
from hatrack.audit.events import EVENT_VERSION, AuditEvent, event_time_text, new_event_id
from hatrack.errors import InvalidInput
from hatrack.periodic import PeriodicTask
from hatrack.store import access_keys as key_store
from hatrack.store import analysis_reports as report_store
from hatrack.store import users as user_store
from hatrack.store.analysis_reports import KeyAgeSetting
from hatrack.store.db import Database

log = logging.getLogger("hatrack.analysis.key_age")
MAX_DAYS = 36_500  # [choice] a hundred years: beyond that a limit is no limit
DEFAULT_INTERVAL_MINUTES = 60.0


@dataclass(frozen=True, slots=True)
class Deactivated:
    account_id: str
    user_name: str
    access_key_id: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {
            "accountId": self.account_id,
            "userName": self.user_name,
            "accessKeyId": self.access_key_id,
            "reason": self.reason,
        }


def _days(value: int | None, name: str) -> int | None:
    if value is not None and not 1 <= value <= MAX_DAYS:
        raise InvalidInput(f"{name} must be between 1 and {MAX_DAYS} days")
    return value


def set_key_age(
    conn: Connection, account_id: str, *, max_age_days: int | None, max_idle_days: int | None, now: datetime
) -> KeyAgeSetting:
    setting = KeyAgeSetting(
        account_id, _days(max_age_days, "max key age"), _days(max_idle_days, "max idle time"), now
    )
    report_store.put_key_age_setting(conn, setting)
    return setting


def key_age_setting(conn: Connection, account_id: str) -> KeyAgeSetting | None:
    return report_store.get_key_age_setting(conn, account_id)


def _reason(
    setting: KeyAgeSetting, created: datetime, last_used: datetime | None, now: datetime
) -> str | None:
    if setting.max_key_age_days is not None and now - created > timedelta(days=setting.max_key_age_days):
        return f"older than the account's maximum key age of {setting.max_key_age_days} days"
    idle_since = last_used or created
    if setting.max_idle_days is not None and now - idle_since > timedelta(days=setting.max_idle_days):
        return f"unused for longer than the account's maximum idle time of {setting.max_idle_days} days"
    return None


def _event(account_id: str, found: Deactivated, now: datetime) -> AuditEvent:
    record: dict[str, Any] = {
        "eventVersion": EVENT_VERSION,
        "userIdentity": {"type": "AWSService", "invokedBy": "hatrack"},
        "eventTime": event_time_text(now),
        "eventSource": "iam.amazonaws.com",
        "eventName": "UpdateAccessKey",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "hatrack",
        "userAgent": "hatrack",
        "requestParameters": {
            "userName": found.user_name,
            "accessKeyId": found.access_key_id,
            "status": "Inactive",
        },
        "responseElements": None,
        "additionalEventData": {"reason": found.reason, "setting": "hatrack key-age"},
        "requestID": new_event_id(),
        "eventID": new_event_id(),
        "readOnly": False,
        "eventType": "AwsServiceEvent",
        "managementEvent": True,
        "recipientAccountId": account_id,
        "eventCategory": "Management",
    }
    return AuditEvent(account_id, now, record)


def enforce_account(conn: Connection, setting: KeyAgeSetting, *, now: datetime) -> list[Deactivated]:
    account_id = setting.account_id
    found: list[Deactivated] = []
    for user in user_store.list_users(conn, account_id):
        for key in key_store.list_access_keys(conn, account_id, user.user_id):
            if key.status != "Active":
                continue
            reason = _reason(setting, key.created_at, key.last_used_at, now)
            if reason is None:
                continue
            key_store.set_access_key_status(conn, key.access_key_id, "Inactive")
            found.append(Deactivated(account_id, user.name, key.access_key_id, reason))
    if found:
        append_events(conn, [_event(account_id, item, now) for item in found])
    return found


def enforce_key_age(conn: Connection, *, now: datetime) -> list[Deactivated]:
    """One round over every account with a setting: the keys deactivated."""
    found: list[Deactivated] = []
    for setting in report_store.list_key_age_settings(conn):
        found.extend(enforce_account(conn, setting, now=now))
    return found


def _utc_now() -> datetime:
    return datetime.now(UTC)


class KeyAgeScheduler(PeriodicTask):
    """Enforces the key-age settings every ``interval_seconds`` (and once at start); ``tick`` does one
    round."""

    def __init__(
        self, database: Database, *, interval_seconds: float, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        super().__init__(
            interval_seconds=interval_seconds,
            name="hatrack-key-age",
            what="key-age enforcement",
            log=log,
            at_start=True,
        )
        self._database = database
        self._clock = clock

    def round(self) -> int:
        """The keys deactivated."""
        with self._database.begin() as conn:
            return len(enforce_key_age(conn, now=self._clock()))
