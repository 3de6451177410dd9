"""Administration commands: the keyring (``hatrack keys``) and accounts (``hatrack account``).

They work on the state folder directly, like ``hatrack init``; a running server picks up a new
account at once (it reads accounts from the database) and a rotated key file within seconds.
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


CONSOLE_ENDPOINT = "http://127.0.0.1:8740"  # `hatrack serve`'s default address
endpoint_option = click.option(
    "--endpoint", default=CONSOLE_ENDPOINT, show_default=True, help="The server's URL, for sign-in links."
)


@click.group("account", invoke_without_command=True)
@state_dir_option
@database_option
@endpoint_option
@click.pass_context
def account_group(context: click.Context, state_dir: Path, database_url: str | None, endpoint: str) -> None:
    """Accounts hosted by this server (alone: each account with its console sign-in link)."""
    if context.invoked_subcommand is None:
        context.invoke(
            list_accounts_command, state_dir=state_dir, database_url=database_url, endpoint=endpoint
        )


def sign_in_link(endpoint: str, account_id: str) -> str:
    """The console's sign-in link for an account (AWS's ``https://ACCOUNT.signin.aws.amazon.com/console``)."""
    return f"{endpoint.rstrip('/')}/console?account={account_id}"


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
@endpoint_option
def list_accounts_command(
    state_dir: Path = Path(".hatrack"), database_url: str | None = None, endpoint: str = CONSOLE_ENDPOINT
) -> None:
    """List the accounts: id, creation time, console sign-in link."""
    from hatrack.state import open_state
    from hatrack.store.accounts import list_accounts

    state = open_state(state_dir, database_url=database_url)
    with state.database.read() as conn:
        for account in list_accounts(conn):
            link = sign_in_link(endpoint, account.account_id)
            click.echo(f"{account.account_id}\t{account.created_at.isoformat()}\t{link}")
    state.database.dispose()


@account_group.command("set-root-password")
@state_dir_option
@database_option
@endpoint_option
@click.option("--account-id", default=None, help="The account (default: the state's first account).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
def set_root_password_command(
    state_dir: Path, database_url: str | None, endpoint: str, account_id: str | None, password_stdin: bool
) -> None:
    """Set the account root's console password (Argon2id; never stored or shown in the clear).

    AWS's rules for a root password: 8 to 128 characters, with at least three of upper case, lower
    case, digits and symbols.
    """
    import sys

    from hatrack.credentials.passwords import hash_password
    from hatrack.errors import IamError
    from hatrack.iam.lookups import find_account
    from hatrack.iam.password_policy import PasswordRules, check_new_password
    from hatrack.state import open_state
    from hatrack.store.console import set_root_password_hash

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Root password", hide_input=True, confirmation_prompt=True)
    try:
        check_new_password(password, PasswordRules(minimum_length=8, minimum_character_types=3))
    except IamError as error:
        raise click.ClickException(
            "The root password needs 8 to 128 characters and three of: upper case, lower case, digits, "
            f"symbols ({error.message})"
        ) from None
    state = open_state(state_dir, database_url=database_url)
    target = account_id or state.account_id
    try:
        with state.database.begin() as conn:
            if find_account(conn, target) is None:
                raise click.ClickException(f"no account {target} on this server")
            set_root_password_hash(conn, target, hash_password(password), at=datetime.now(UTC))
    finally:
        state.database.dispose()
    click.echo(f"Root password set for account {target}; sign in at {sign_in_link(endpoint, target)}")
