"""The credential report (GenerateCredentialReport / GetCredentialReport): AWS's CSV, AWS's columns in
AWS's order, the account root first (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).

Values as AWS writes them: ISO 8601 times with ``+00:00``, ``true``/``false``, ``N/A`` where there is
nothing (no password, no such key, a key never used), ``no_information`` for a password never used,
``not_supported`` for the root's password fields. A report is regenerated when the last one is more
than four hours old; GetCredentialReport refuses one older than that (ReportExpired), as AWS.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from hatrack.errors import ReportExpired, ReportNotPresent
from hatrack.model import AccessKey
from hatrack.store import access_keys as key_store
from hatrack.store import accounts as account_store
from hatrack.store import analysis_reports as report_store
from hatrack.store import login_profiles as login_store
from hatrack.store import mfa as mfa_store
from hatrack.store import users as user_store
from hatrack.store.analysis_reports import CredentialReport

COLUMNS = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
)
FRESH_FOR = timedelta(hours=4)
NA = "N/A"


def _time(moment: datetime | None, *, absent: str = NA) -> str:
    return absent if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _key_columns(keys: list[AccessKey]) -> list[str]:
    ordered = sorted(keys, key=lambda key: key.created_at)[:2]
    found: list[str] = []
    for index in range(2):
        if index >= len(ordered):
            found += ["false", NA, NA, NA, NA]
            continue
        key = ordered[index]
        found += [
            _flag(key.status == "Active"),
            _time(key.created_at),
            _time(key.last_used_at),
            key.last_used_region or NA,
            key.last_used_service or NA,
        ]
    return found


def report_rows(conn: Connection, account_id: str, *, partition: str) -> list[tuple[str, ...]]:
    account = account_store.get_account(conn, account_id)
    devices = mfa_store.list_devices(conn, account_id)
    with_mfa = {device.user_id for device in devices if device.user_id is not None}
    policy = login_store.get_password_policy(conn, account_id)
    max_age = policy.max_password_age if policy is not None else None
    rows: list[tuple[str, ...]] = []
    root_keys = key_store.list_access_keys(conn, account_id, account_id)
    created = account.created_at if account is not None else None
    rows.append(
        (
            "<root_account>",
            f"arn:{partition}:iam::{account_id}:root",
            _time(created),
            "not_supported",
            "no_information",
            "not_supported",
            "not_supported",
            _flag(account_id in with_mfa),
            *_key_columns(root_keys),
            "false",
            NA,
            "false",
            NA,
        )
    )
    for user in user_store.list_users(conn, account_id):
        profile = login_store.get_login_profile(conn, user.user_id)
        if profile is None:
            password = ["false", NA, NA, NA]
        else:
            rotation = profile.password_changed_at + timedelta(days=max_age) if max_age else None
            password = [
                "true",
                _time(user.password_last_used, absent="no_information"),
                _time(profile.password_changed_at),
                _time(rotation),
            ]
        rows.append(
            (
                user.name,
                user.arn(partition),
                _time(user.created_at),
                *password,
                _flag(user.user_id in with_mfa),
                *_key_columns(key_store.list_access_keys(conn, account_id, user.user_id)),
                "false",
                NA,
                "false",
                NA,
            )
        )
    return rows


def render_csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def generate_report(conn: Connection, account_id: str, *, partition: str, now: datetime) -> str:
    """GenerateCredentialReport's State: ``STARTED`` when a report was (re)made now, ``COMPLETE`` when
    the last one is still fresh (AWS makes at most one every four hours)."""
    current = report_store.get_credential_report(conn, account_id)
    if current is not None and now - current.generated_at < FRESH_FOR:
        return "COMPLETE"
    content = render_csv(report_rows(conn, account_id, partition=partition))
    report_store.put_credential_report(conn, CredentialReport(account_id, now, content))
    return "STARTED"


def get_report(conn: Connection, account_id: str, *, now: datetime) -> CredentialReport:
    current = report_store.get_credential_report(conn, account_id)
    if current is None:
        # guess: AWS's wording
        raise ReportNotPresent("Credential report not present. Call GenerateCredentialReport first.")
    if now - current.generated_at >= FRESH_FOR:
        raise ReportExpired(
            "The credential report has expired. Call GenerateCredentialReport again."
        )  # guess
    return current
