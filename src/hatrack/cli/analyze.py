"""``hatrack analyze``: least privilege, measured from the state folder (escalation paths, policies
generated from the trail)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from hatrack.cli.options import database_option, state_dir_option


@click.group("analyze")
def analyze_group() -> None:
    """Least privilege: who can become administrator, what a role actually uses."""


@analyze_group.command("escalation")
@click.option("--account-id", default=None, help="Analyse the users and roles of this account only.")
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def escalation_command(
    account_id: str | None, state_dir: Path, database_url: str | None, as_json: bool
) -> None:
    """Every user and role that can gain permissions, with the path as steps (administrator first)."""
    from hatrack.analysis.escalation import analyze_escalation, render_text
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.read() as conn:
            report = analyze_escalation(
                conn, partition=state.partition, now=datetime.now(UTC), account_id=account_id
            )
    finally:
        state.database.dispose()
    click.echo(json.dumps(report.to_json(), indent=2) if as_json else render_text(report))


def _since(text: str, now: datetime) -> datetime:
    """``30d``, ``12h``, ``90m`` before now, or an ISO 8601 date or time (UTC when it names no zone)."""
    units = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
    if text[-1:] in units and text[:-1].isdigit():
        return now - int(text[:-1]) * units[text[-1]]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"'{text}' is neither a duration like 30d nor an ISO date") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@analyze_group.command("generate-policy")
@click.argument("role_name")
@click.option("--since", "since_text", default="30d", show_default=True, help="30d, 12h, or an ISO date.")
@click.option("--account-id", default=None, help="Account of the role (default: the state's first account).")
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def generate_policy_command(
    role_name: str,
    since_text: str,
    account_id: str | None,
    state_dir: Path,
    database_url: str | None,
    as_json: bool,
) -> None:
    """The smallest policy that would have allowed every allowed call of ROLE_NAME's sessions, replayed
    through the evaluator, and its diff against the role's current policies."""
    from hatrack.analysis.generation import generate_policy
    from hatrack.errors import IamError
    from hatrack.state import open_state

    now = datetime.now(UTC)
    since = _since(since_text, now)
    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.read() as conn:
            result = generate_policy(
                conn, account_id or state.account_id, role_name, since=since, partition=state.partition
            )
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    click.echo(f"# {result.role_arn}: {result.events} events since {result.since:%Y-%m-%dT%H:%M:%SZ}")
    click.echo(result.document)
    verdict = "all allowed" if result.replayed_allowed else "NOT ALL ALLOWED"
    click.echo(f"# replayed {len(result.calls)} recorded calls through the evaluator: {verdict}")
    for unused in result.unused:
        click.echo(f"# unused: {unused.action} on {', '.join(unused.resources)} ({unused.policy})")
    if result.diff:
        click.echo(result.diff)


@analyze_group.command("unused")
@click.option("--days", type=click.IntRange(min=1), default=90, show_default=True)
@click.option("--account-id", default=None, help="Only this account (default: every account).")
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def unused_command(
    days: int, account_id: str | None, state_dir: Path, database_url: str | None, as_json: bool
) -> None:
    """Users, roles, access keys and passwords unused for DAYS days (or never, and older than that)."""
    from hatrack.analysis.unused import find_unused
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.read() as conn:
            found = find_unused(
                conn, days=days, now=datetime.now(UTC), partition=state.partition, account_id=account_id
            )
    finally:
        state.database.dispose()
    if as_json:
        click.echo(json.dumps([item.to_json() for item in found], indent=2))
        return
    if not found:
        click.echo(f"Nothing unused for {days} days.")
    for item in found:
        last = item.last_used.strftime("%Y-%m-%dT%H:%M:%SZ") if item.last_used else "never"
        click.echo(f"{item.kind:<10} {item.name:<24} last used {last:<20} {item.arn}")


@click.group("key-age")
def key_age_group() -> None:
    """Maximum access-key age and idle time per account (hatrack's extension)."""


@key_age_group.command("set")
@click.option("--account-id", required=True)
@click.option("--max-age-days", type=int, default=None, help="Deactivate keys older than this.")
@click.option("--max-idle-days", type=int, default=None, help="Deactivate keys unused for this long.")
@state_dir_option
@database_option
def key_age_set_command(
    account_id: str,
    max_age_days: int | None,
    max_idle_days: int | None,
    state_dir: Path,
    database_url: str | None,
) -> None:
    """Set (or, with neither limit, remove) the account's key-age setting."""
    from hatrack.analysis.key_age import set_key_age
    from hatrack.errors import IamError
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.begin() as conn:
            set_key_age(
                conn,
                account_id,
                max_age_days=max_age_days,
                max_idle_days=max_idle_days,
                now=datetime.now(UTC),
            )
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    shown = ", ".join(
        part
        for part in (
            f"maximum age {max_age_days} days" if max_age_days else "",
            f"maximum idle time {max_idle_days} days" if max_idle_days else "",
        )
        if part
    )
    click.echo(f"Account {account_id}: {shown or 'no key-age limit'}.")


@key_age_group.command("show")
@state_dir_option
@database_option
def key_age_show_command(state_dir: Path, database_url: str | None) -> None:
    """Every account's key-age setting."""
    from hatrack.state import open_state
    from hatrack.store.analysis_reports import list_key_age_settings

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.read() as conn:
            settings = list_key_age_settings(conn)
    finally:
        state.database.dispose()
    for setting in settings:
        click.echo(
            f"{setting.account_id}  max age: {setting.max_key_age_days or '-'} days  "
            f"max idle: {setting.max_idle_days or '-'} days"
        )


@key_age_group.command("enforce")
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True)
def key_age_enforce_command(state_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Deactivate now every key past its account's setting (the server does so every hour)."""
    from hatrack.analysis.key_age import enforce_key_age
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.begin() as conn:
            found = enforce_key_age(conn, now=datetime.now(UTC))
    finally:
        state.database.dispose()
    if as_json:
        click.echo(json.dumps([item.to_json() for item in found], indent=2))
        return
    for item in found:
        click.echo(f"deactivated {item.access_key_id} of {item.user_name} ({item.account_id}): {item.reason}")
    click.echo(f"{len(found)} keys deactivated.")
