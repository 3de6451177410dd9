"""``hatrack analyze``: least privilege, measured from the state folder (escalation paths, policies
generated from the trail)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
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
