"""``hatrack workload``, ``hatrack rolesanywhere`` and ``hatrack agent``: workload credentials.

``workload register|list|deregister`` and ``rolesanywhere create-trust-anchor|create-profile|list``
are the operator's, from the state folder (like ``hatrack role revoke-sessions``); ``hatrack agent``
runs beside a workload and knows only the server's URL and its own state folder.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from hatrack.cli.options import database_option, state_dir_option

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

T = TypeVar("T")

account_option = click.option(
    "--account-id", default=None, help="12-digit id of the account (default: the first account)."
)


def _in_state(
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    work: Callable[[Connection, str, str], T],
) -> T:
    from hatrack.errors import IamError
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.begin() as conn:
            return work(conn, account_id or state.account_id, state.partition)
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()


@click.group("workload")
def workload_group() -> None:
    """Workloads: register one against an instance profile, list them, deregister one."""


@workload_group.command("register")
@click.argument("name")
@click.option("--instance-profile", required=True, help="The instance profile whose role the workload gets.")
@account_option
@click.option(
    "--token-ttl", default=3600, show_default=True, help="Seconds the join token stays valid (60-86400)."
)
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True, help='Print {"workload_id", "join_token"} as JSON.')
def register_command(
    name: str,
    instance_profile: str,
    account_id: str | None,
    token_ttl: int,
    state_dir: Path,
    database_url: str | None,
    as_json: bool,
) -> None:
    """Register workload NAME and print its one-time join token (shown once, stored only as a hash)."""
    from hatrack.workloads.registry import register

    registration = _in_state(
        state_dir,
        database_url,
        account_id,
        lambda conn, account, _partition: register(
            conn, account, name, instance_profile, now=datetime.now(UTC), ttl_seconds=token_ttl
        ),
    )
    if as_json:
        click.echo(
            json.dumps(
                {"workload_id": registration.workload.workload_id, "join_token": registration.join_token}
            )
        )
        return
    click.echo(f"Workload {name} registered as {registration.workload.workload_id}.")
    click.echo(f"Join token (one use, until {registration.expires_at:%Y-%m-%dT%H:%M:%SZ}):")
    click.echo(registration.join_token)


@workload_group.command("list")
@account_option
@state_dir_option
@database_option
@click.option("--json", "as_json", is_flag=True)
def list_command(account_id: str | None, state_dir: Path, database_url: str | None, as_json: bool) -> None:
    """The account's workloads."""
    from hatrack.workloads.registry import list_workloads

    found = _in_state(
        state_dir, database_url, account_id, lambda conn, account, _p: list_workloads(conn, account)
    )
    rows = [
        {
            "name": w.name,
            "workload_id": w.workload_id,
            "instance_profile": w.instance_profile_name,
            "created": f"{w.created_at:%Y-%m-%dT%H:%M:%SZ}",
        }
        for w in found
    ]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"{row['name']}\t{row['workload_id']}\t{row['instance_profile']}\t{row['created']}")


@workload_group.command("deregister")
@click.argument("name")
@account_option
@state_dir_option
@database_option
def deregister_command(name: str, account_id: str | None, state_dir: Path, database_url: str | None) -> None:
    """Deregister NAME: its certificates are revoked and its agent is refused from now on."""
    from hatrack.workloads.registry import deregister

    workload = _in_state(
        state_dir,
        database_url,
        account_id,
        lambda conn, account, _p: deregister(conn, account, name, now=datetime.now(UTC)),
    )
    click.echo(
        f"Workload {workload.name} ({workload.workload_id}) deregistered; its certificates are revoked."
    )


@click.group("rolesanywhere")
def rolesanywhere_group() -> None:
    """IAM Roles Anywhere: trust anchors and profiles for CreateSession (POST /sessions)."""


@rolesanywhere_group.command("create-trust-anchor")
@click.argument("name")
@click.option(
    "--ca-bundle",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="PEM file of the CA certificates to trust (default: the account's hatrack workload CA).",
)
@click.option("--region", default="us-east-1", show_default=True)
@account_option
@state_dir_option
@database_option
def create_trust_anchor_command(
    name: str,
    ca_bundle: Path | None,
    region: str,
    account_id: str | None,
    state_dir: Path,
    database_url: str | None,
) -> None:
    """Create a trust anchor and print its ARN."""
    from hatrack.workloads.roles_anywhere import anchor_arn, create_trust_anchor

    bundle = ca_bundle.read_text() if ca_bundle is not None else None
    click.echo(
        _in_state(
            state_dir,
            database_url,
            account_id,
            lambda conn, account, partition: anchor_arn(
                create_trust_anchor(conn, account, name, bundle_pem=bundle, now=datetime.now(UTC)),
                partition,
                region,
            ),
        )
    )


@rolesanywhere_group.command("create-profile")
@click.argument("name")
@click.option(
    "--role-arn", "role_arns", multiple=True, required=True, help="A role the profile allows (repeatable)."
)
@click.option("--session-policy", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None)
@click.option("--duration-seconds", default=3600, show_default=True, help="900-43200.")
@click.option("--region", default="us-east-1", show_default=True)
@account_option
@state_dir_option
@database_option
def create_profile_command(
    name: str,
    role_arns: tuple[str, ...],
    session_policy: Path | None,
    duration_seconds: int,
    region: str,
    account_id: str | None,
    state_dir: Path,
    database_url: str | None,
) -> None:
    """Create a profile and print its ARN."""
    from hatrack.workloads.roles_anywhere import create_profile, profile_arn

    policy = session_policy.read_text() if session_policy is not None else None
    click.echo(
        _in_state(
            state_dir,
            database_url,
            account_id,
            lambda conn, account, partition: profile_arn(
                create_profile(
                    conn,
                    account,
                    name,
                    role_arns=role_arns,
                    session_policy=policy,
                    duration_seconds=duration_seconds,
                    now=datetime.now(UTC),
                ),
                partition,
                region,
            ),
        )
    )


def _agent_logging() -> None:
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s hatrack-agent %(levelname)s %(message)s"
    )


@click.group("agent", invoke_without_command=True)
@click.option("--server", default=None, help="The hatrack server's URL, e.g. http://127.0.0.1:8740.")
@click.option(
    "--join-token",
    default=None,
    envvar="HATRACK_JOIN_TOKEN",
    help="One-time token from `hatrack workload register` (first start only).",
)
@click.option(
    "--state-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".hatrack-agent"),
    show_default=True,
)
@click.option("--imds", default="127.0.0.1:8741", show_default=True, help="HOST:PORT of the IMDSv2 endpoint.")
@click.option(
    "--container",
    default="127.0.0.1:8742",
    show_default=True,
    help="HOST:PORT of the container credentials endpoint.",
)
@click.option(
    "--imdsv1",
    is_flag=True,
    help="Also answer metadata GETs without an IMDSv2 token (off, as AWS's default).",
)
@click.option(
    "--container-token-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File holding the container endpoint's Authorization token (default: STATE_DIR/container-token).",
)
@click.option("--ca-file", default=None, help="CA bundle to verify an https:// server with.")
@click.pass_context
def agent_group(
    ctx: click.Context,
    server: str | None,
    join_token: str | None,
    state_dir: Path,
    imds: str,
    container: str,
    imdsv1: bool,
    container_token_file: Path | None,
    ca_file: str | None,
) -> None:
    """Run the workload agent: serve the role's credentials on IMDSv2 and the container endpoint."""
    ctx.obj = {"state_dir": state_dir, "server": server, "ca_file": ca_file}
    if ctx.invoked_subcommand is not None:
        return
    from hatrack.agent.cache import offset_clock, system_clock
    from hatrack.agent.run import Agent, AgentError
    from hatrack.agent.state import StateDir

    _agent_logging()
    stored = StateDir(state_dir).load().workload.get("server") if StateDir(state_dir).has_identity() else None
    url = server or stored
    if not url:
        raise click.ClickException("give --server URL")
    offset_file = os.environ.get("HATRACK_AGENT_CLOCK_OFFSET_FILE")
    agent = Agent(
        server=str(url),
        state_dir=state_dir,
        join_token=join_token,
        imds=imds,
        container=container,
        imdsv1=imdsv1,
        container_token_file=container_token_file,
        ca_file=ca_file,
        clock=offset_clock(Path(offset_file)) if offset_file else system_clock,
    )
    try:
        agent.run()
    except AgentError as error:
        raise click.ClickException(str(error)) from None


@agent_group.command("credential-process")
@click.pass_obj
def credential_process_command(obj: dict[str, Any]) -> None:
    """Print credential_process JSON (Version 1) for ~/.aws/config, from the agent's state folder."""
    from hatrack.agent.run import AgentError, credential_process

    try:
        click.echo(json.dumps(credential_process(obj["state_dir"], obj["server"], obj["ca_file"])))
    except AgentError as error:
        raise click.ClickException(str(error)) from None
