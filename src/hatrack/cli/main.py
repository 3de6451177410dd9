"""The ``hatrack`` command: serve, init, version, and the admin groups (keys, accounts, policy, audit)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from hatrack import __version__
from hatrack.cli.admin import account_group, keys_group
from hatrack.cli.analyze import analyze_group, key_age_group
from hatrack.cli.audit import audit_group
from hatrack.cli.configure import configure_profile
from hatrack.cli.database import db_group
from hatrack.cli.demo import demo_command
from hatrack.cli.oidc import oidc_group
from hatrack.cli.options import account_option, database_option, partition_option, state_dir_option
from hatrack.cli.policy import policy_group
from hatrack.cli.role import role_group
from hatrack.cli.workload import agent_group, rolesanywhere_group, workload_group

if TYPE_CHECKING:
    from hatrack.state import State

console = Console(stderr=True)
DEFAULT_PORT = 8740


def _endpoint(host: str, port: int, *, tls: bool = False) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"{'https' if tls else 'http'}://{shown}:{port}"


@click.group()
def cli() -> None:
    """hatrack: self-hosted IAM, STS and CloudTrail LookupEvents for AWS clients."""


@cli.command()
def version() -> None:
    """Print hatrack's version."""
    click.echo(f"hatrack {__version__}")


@cli.command()
@state_dir_option
@database_option
@account_option
@partition_option
@click.option("--json", "as_json", is_flag=True, help="Print the root credentials as JSON for scripts.")
@click.option("--endpoint", default=_endpoint("127.0.0.1", DEFAULT_PORT), show_default=True)
def init(
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    partition: str | None,
    as_json: bool,
    endpoint: str,
) -> None:
    """Create the state (database, master key, first account) without serving."""
    state = _open_state(state_dir, database_url, account_id, partition)
    created = state.new_root_credentials
    if as_json:
        click.echo(
            json.dumps(
                {
                    "account_id": state.account_id,
                    "partition": state.partition,
                    "access_key_id": state.root_access_key_id,
                    "secret_access_key": created.secret_access_key if created else None,
                    "endpoint": endpoint,
                }
            )
        )
    else:
        _print_welcome(
            state.account_id,
            state.root_access_key_id,
            created.secret_access_key if created else None,
            endpoint,
        )
    state.database.dispose()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@state_dir_option
@database_option
@account_option
@partition_option
@click.option("--dev", is_flag=True, help="Add POST /_hatrack/reset for test suites.")
@click.option("--workers", default=1, show_default=True, type=int, help="Worker processes.")
@click.option(
    "--digest-interval",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Minutes between signed audit digests of every trail (0: only by `hatrack audit digest export`).",
)
@click.option(
    "--key-age-interval",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Minutes between rounds deactivating keys past their account's key-age setting (0: only by "
    "`hatrack key-age enforce`).",
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="IPS",
    help="Comma-separated proxy addresses (or *) whose X-Forwarded-For/-Proto are believed; default: none.",
)
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option(
    "--keep-alive-timeout",
    "keep_alive_seconds",
    type=click.FloatRange(min=0.1),
    default=75.0,
    show_default=True,
    help="Seconds an idle keep-alive connection stays open (longer than clients reuse theirs).",
)
@click.option(
    "--pool-size",
    type=click.IntRange(min=1),
    default=None,
    help="PostgreSQL connections kept per worker process (default 10; as many again under bursts).",
)
def serve(
    host: str,
    port: int,
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    partition: str | None,
    dev: bool,
    workers: int,
    digest_interval: float,
    key_age_interval: float,
    forwarded_allow_ips: str | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    keep_alive_seconds: float,
    pool_size: int | None,
) -> None:
    """Run the server (creates the state on first start).

    With --tls-cert and --tls-key it serves HTTPS (aws:SecureTransport is true only then, or behind a
    proxy named in --forwarded-allow-ips that says so).
    """
    from hatrack.server import run_server

    if (tls_cert is None) != (tls_key is None):
        raise click.UsageError("--tls-cert and --tls-key go together")

    state = _open_state(state_dir, database_url, account_id, partition)
    created = state.new_root_credentials
    _print_welcome(
        state.account_id,
        state.root_access_key_id,
        created.secret_access_key if created else None,
        _endpoint(host, port, tls=tls_cert is not None),
    )
    state.database.dispose()
    run_server(
        state_dir=state_dir,
        database_url=database_url,
        host=host,
        port=port,
        dev=dev,
        workers=workers,
        digest_interval_minutes=digest_interval,
        key_age_interval_minutes=key_age_interval,
        forwarded_allow_ips=forwarded_allow_ips,
        tls_cert=tls_cert,
        tls_key=tls_key,
        keep_alive_seconds=keep_alive_seconds,
        pool_size=pool_size,
    )


def _open_state(
    state_dir: Path, database_url: str | None, account_id: str | None, partition: str | None
) -> State:
    """The state folder's state; a ``--partition`` that contradicts the stored one is a usage error."""
    from hatrack.state import PartitionMismatch, open_state
    from hatrack.store.db import SchemaTooNew

    try:
        return open_state(state_dir, database_url=database_url, account_id=account_id, partition=partition)
    except PartitionMismatch as mismatch:
        raise click.UsageError(str(mismatch)) from mismatch
    except SchemaTooNew as too_new:
        raise click.ClickException(str(too_new)) from None


def _print_welcome(account_id: str, key_id: str, secret: str | None, endpoint: str) -> None:
    console.print(f"[bold]hatrack[/bold] {__version__}: account [cyan]{account_id}[/cyan] at {endpoint}")
    console.print(f"Console sign-in link: {endpoint}/console?account={account_id}")
    if secret is not None:
        console.print("Root credentials (the secret is shown this once; save it now):")
        click.echo(
            "\n".join(
                [
                    "[profile hatrack]",
                    f"aws_access_key_id = {key_id}",
                    f"aws_secret_access_key = {secret}",
                    "region = us-east-1",
                    f"endpoint_url = {endpoint}",
                    "",
                    f"export AWS_ENDPOINT_URL={endpoint}",
                ]
            )
        )
    else:
        console.print(f"Root access key id: {key_id} (its secret was shown when the account was created)")
        click.echo(f"export AWS_ENDPOINT_URL={endpoint}")


# Every admin group is part of the package: a missing one is a broken install, never a command that
# silently is not there (an import error here must stop the CLI).
for _group in (
    keys_group,
    account_group,
    policy_group,
    audit_group,
    role_group,
    oidc_group,
    workload_group,
    rolesanywhere_group,
    agent_group,
    analyze_group,
    key_age_group,
    db_group,
):
    cli.add_command(_group)
cli.add_command(configure_profile)
cli.add_command(demo_command)


def main() -> None:
    from hatrack.state import KeyringMissing
    from hatrack.store.db import SchemaTooNew

    try:
        cli(prog_name="hatrack")
    except (KeyringMissing, SchemaTooNew) as refused:  # any command that opens the state
        click.echo(f"Error: {refused}", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
