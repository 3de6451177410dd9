"""Administration commands: the keyring (``hatrack keys``) and accounts (``hatrack account``).

They work on the state folder directly, like ``hatrack init``; a running server picks up a new
account at once (it reads accounts from the database) and a rotated keyring on restart.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from hatrack.cli.options import database_option, state_dir_option


@click.group("keys")
def keys_group() -> None:
    """The master keyring that seals secrets and session tokens."""


@keys_group.command("rotate")
@state_dir_option
def rotate_keys(state_dir: Path) -> None:
    """Add a new primary key; older keys stay to open what they sealed."""
    from hatrack.credentials.keyring import Keyring
    from hatrack.state import KEY_FILE

    keyring = Keyring.load_or_create(state_dir / KEY_FILE)
    new_id = keyring.rotate()
    click.echo(json.dumps({"primary_key_id": new_id, "key_ids": list(keyring.key_ids)}))


@keys_group.command("list")
@state_dir_option
def list_keys(state_dir: Path) -> None:
    """Show key ids (never the keys)."""
    from hatrack.credentials.keyring import Keyring
    from hatrack.state import KEY_FILE

    keyring = Keyring.load_or_create(state_dir / KEY_FILE)
    click.echo(json.dumps({"primary_key_id": keyring.primary_key_id, "key_ids": list(keyring.key_ids)}))


@keys_group.command("retire")
@state_dir_option
@database_option
@click.argument("key_id")
def retire_key_command(state_dir: Path, database_url: str | None, key_id: str) -> None:
    """Re-seal everything sealed under KEY_ID with the primary key, then remove KEY_ID for good.

    For a key that leaked: rotate first (and restart every server), then retire the old key. Session
    tokens issued under it stop working (callers must ask for new ones); everything stored keeps working.
    Refuses the primary key, the staged key and a key under which something stored does not open.
    """
    from hatrack.credentials.keyring import KeyringError
    from hatrack.rekey import retire_key
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        retired = retire_key(state.database, state.keyring, key_id)
    except KeyringError as error:
        raise click.ClickException(str(error)) from None
    finally:
        state.database.dispose()
    click.echo(
        json.dumps(
            {
                "retired_key_id": retired.key_id,
                "resealed": retired.resealed,
                "primary_key_id": state.keyring.primary_key_id,
                "key_ids": list(state.keyring.key_ids),
            }
        )
    )


@click.group("account")
def account_group() -> None:
    """Accounts hosted by this server."""


@account_group.command("create")
@state_dir_option
@database_option
@click.option("--account-id", default=None, help="12 digits; random if not given.")
@click.option("--json", "as_json", is_flag=True, help="Print the new root credentials as JSON.")
def create_account_command(
    state_dir: Path, database_url: str | None, account_id: str | None, as_json: bool
) -> None:
    """Create another account with its own root credentials (shown once)."""
    from hatrack.errors import IamError
    from hatrack.iam.accounts import create_account
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        with state.database.begin() as conn:
            created = create_account(conn, state.keyring, now=datetime.now(UTC), account_id=account_id)
    except IamError as error:
        raise click.ClickException(error.message) from None
    finally:
        state.database.dispose()
    payload = {
        "account_id": created.account_id,
        "access_key_id": created.access_key_id,
        "secret_access_key": created.secret_access_key,
    }
    if as_json:
        click.echo(json.dumps(payload))
    else:
        for key, value in payload.items():
            click.echo(f"{key} = {value}")


@account_group.command("list")
@state_dir_option
@database_option
def list_accounts_command(state_dir: Path, database_url: str | None) -> None:
    """List the accounts (ids and creation times)."""
    from hatrack.state import open_state
    from hatrack.store.accounts import list_accounts

    state = open_state(state_dir, database_url=database_url)
    with state.database.read() as conn:
        for account in list_accounts(conn):
            click.echo(f"{account.account_id}\t{account.created_at.isoformat()}")
    state.database.dispose()
