"""``hatrack role``: administration of roles from the state folder (``revoke-sessions``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from hatrack.cli.options import database_option, state_dir_option


@click.group("role")
def role_group() -> None:
    """IAM roles: revoke their active sessions."""


@role_group.command("revoke-sessions")
@click.argument("role_name")
@click.option("--account-id", required=True, help="12-digit id of the account that owns the role.")
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def revoke_sessions_command(
    role_name: str, account_id: str, state_dir: Path, database_url: str | None, as_json: bool
) -> None:
    """Deny every session of ROLE_NAME issued before now (AWS's AWSRevokeOlderSessions policy)."""
    from hatrack.errors import IamError
    from hatrack.state import open_state
    from hatrack.sts.revocation import REVOKE_POLICY_NAME, revoke_role_sessions, token_issue_time_text

    state = open_state(state_dir, database_url=database_url)
    now = datetime.now(UTC)
    try:
        with state.database.begin() as conn:
            role_arn = revoke_role_sessions(conn, account_id, role_name, now=now, partition=state.partition)
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    result = {
        "role_arn": role_arn,
        "policy_name": REVOKE_POLICY_NAME,
        "revoked_before": token_issue_time_text(now),
    }
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"Sessions of {role_arn} issued before {result['revoked_before']} are revoked.")
