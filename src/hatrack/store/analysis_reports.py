"""Repository of the analysis tables: last-accessed jobs, credential reports, key-age settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hatrack.store.analysis_tables import credential_reports, key_age_settings, last_accessed_jobs
from hatrack.store.identity_tables import as_utc


@dataclass(frozen=True, slots=True)
class LastAccessedJob:
    job_id: str
    account_id: str
    entity_arn: str
    granularity: str
    status: str
    created_at: datetime
    completed_at: datetime | None
    result_json: str


@dataclass(frozen=True, slots=True)
class CredentialReport:
    account_id: str
    generated_at: datetime
    content: str


@dataclass(frozen=True, slots=True)
class KeyAgeSetting:
    account_id: str
    max_key_age_days: int | None
    max_idle_days: int | None
    updated_at: datetime


def insert_job(conn: Connection, job: LastAccessedJob) -> None:
    conn.execute(
        last_accessed_jobs.insert().values(
            job_id=job.job_id,
            account_id=job.account_id,
            entity_arn=job.entity_arn,
            granularity=job.granularity,
            status=job.status,
            created_at=job.created_at,
            completed_at=job.completed_at,
            result_json=job.result_json,
        )
    )


def get_job(conn: Connection, account_id: str, job_id: str) -> LastAccessedJob | None:
    row = (
        conn.execute(
            last_accessed_jobs.select().where(
                last_accessed_jobs.c.account_id == account_id, last_accessed_jobs.c.job_id == job_id
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return LastAccessedJob(
        job_id=row["job_id"],
        account_id=row["account_id"],
        entity_arn=row["entity_arn"],
        granularity=row["granularity"],
        status=row["status"],
        created_at=as_utc(row["created_at"]),
        completed_at=as_utc(row["completed_at"]),
        result_json=row["result_json"],
    )


def put_credential_report(conn: Connection, report: CredentialReport) -> None:
    conn.execute(credential_reports.delete().where(credential_reports.c.account_id == report.account_id))
    conn.execute(
        credential_reports.insert().values(
            account_id=report.account_id, generated_at=report.generated_at, content=report.content
        )
    )


def get_credential_report(conn: Connection, account_id: str) -> CredentialReport | None:
    row = (
        conn.execute(credential_reports.select().where(credential_reports.c.account_id == account_id))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return CredentialReport(row["account_id"], as_utc(row["generated_at"]), row["content"])


def get_key_age_setting(conn: Connection, account_id: str) -> KeyAgeSetting | None:
    row = (
        conn.execute(key_age_settings.select().where(key_age_settings.c.account_id == account_id))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return KeyAgeSetting(
        row["account_id"], row["max_key_age_days"], row["max_idle_days"], as_utc(row["updated_at"])
    )


def list_key_age_settings(conn: Connection) -> list[KeyAgeSetting]:
    rows = conn.execute(key_age_settings.select().order_by(key_age_settings.c.account_id)).mappings()
    return [
        KeyAgeSetting(
            row["account_id"], row["max_key_age_days"], row["max_idle_days"], as_utc(row["updated_at"])
        )
        for row in rows
    ]


def put_key_age_setting(conn: Connection, setting: KeyAgeSetting) -> None:
    conn.execute(key_age_settings.delete().where(key_age_settings.c.account_id == setting.account_id))
    if setting.max_key_age_days is None and setting.max_idle_days is None:
        return
    conn.execute(
        key_age_settings.insert().values(
            account_id=setting.account_id,
            max_key_age_days=setting.max_key_age_days,
            max_idle_days=setting.max_idle_days,
            updated_at=setting.updated_at,
        )
    )


def count_jobs(conn: Connection, account_id: str) -> int:
    query = sa.select(sa.func.count()).select_from(last_accessed_jobs)
    return int(conn.execute(query.where(last_accessed_jobs.c.account_id == account_id)).scalar_one())
