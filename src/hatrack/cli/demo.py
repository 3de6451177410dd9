"""``hatrack demo``: the seed's story on a fresh server (or a running one), then the walkthrough.

On a fresh state folder it creates the state, starts ``hatrack serve`` on it (the story is made over
HTTP like any client's calls), prints the walkthrough and serves until Ctrl-C. With ``--endpoint`` it
makes the story on a running server with root credentials from the usual AWS chain (``--profile``,
``AWS_ACCESS_KEY_ID``...) and exits. The walkthrough is the AWS CLI commands (``$ ...`` lines, in
order, runnable as printed) and the console links a person follows to live through it.
"""

from __future__ import annotations

import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
from botocore.exceptions import ClientError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from hatrack.cli.demo_story import ALICE, MALLORY, STEPS, Story, make_story
from hatrack.cli.terminal import printable

console = Console(stderr=True)
ANALYST_COLOR = "99BCE3"  # [choice] AWS's switch-role palette: blue for reading,
BREAK_GLASS_COLOR = "F2B0A9"  # red for the hat that changes things
_START_TIMEOUT_SECONDS = 30.0


@click.command("demo")
@click.option(
    "--state-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".hatrack-demo"),
    show_default=True,
    help="A new folder for the demo server's state (refused if it already holds one).",
)
@click.option("--port", default=8740, show_default=True, type=int)
@click.option("--endpoint", default=None, help="Make the story on this running server instead.")
@click.option("--profile", default=None, help="With --endpoint: the AWS profile of the root credentials.")
def demo_command(state_dir: Path, port: int, endpoint: str | None, profile: str | None) -> None:
    """Create alice, her two security hats and a suspicious mallory; print how to live through it."""
    if endpoint is not None:
        story = _tell(_clients(endpoint, _root_keys_of_profile(profile)), endpoint)
        _print_walkthrough(story, endpoint.rstrip("/"))
        return
    if (state_dir / "state.json").exists():
        raise click.UsageError(f"{state_dir} already holds a hatrack state: give a new --state-dir")
    keys = _create_state(state_dir)
    endpoint = f"http://127.0.0.1:{port}"
    # A terminated demo stops its server too (SystemExit runs the ``finally`` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = _serve(state_dir, port)
    try:
        story = _tell(_clients(endpoint, keys), endpoint)
        _print_walkthrough(story, endpoint)
        click.echo(f"\nThe demo server runs at {endpoint} (state in {state_dir}); Ctrl-C stops it.")
        sys.stdout.flush()
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)


def _create_state(state_dir: Path) -> tuple[str, str]:
    from hatrack.state import open_state

    state = open_state(state_dir)
    created = state.new_root_credentials
    state.database.dispose()
    if created is None:
        raise click.UsageError(f"{state_dir} already holds a hatrack state: give a new --state-dir")
    return state.root_access_key_id, created.secret_access_key


def _serve(state_dir: Path, port: int) -> subprocess.Popen[bytes]:
    log = open(state_dir / "server.log", "ab")  # noqa: SIM115  (the child keeps it; closed at exit)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hatrack.cli.main",
            "serve",
            "--state-dir",
            str(state_dir),
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise click.ClickException(f"hatrack serve exited ({process.returncode}): see {log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise click.ClickException(f"hatrack serve did not listen on port {port} in time: see {log.name}")


def _root_keys_of_profile(profile: str | None) -> tuple[str, str] | None:
    import botocore.session

    found = botocore.session.Session(profile=profile).get_credentials()
    if found is None:
        raise click.UsageError(
            "no root credentials: give --profile or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        )
    return found.access_key, found.secret_key


def _clients(endpoint: str, root: tuple[str, str] | None) -> Any:
    import botocore.session
    from botocore.config import Config

    session = botocore.session.Session()
    config = Config(retries={"max_attempts": 1})

    def client(service: str, keys: tuple[str, str] | None = None) -> Any:
        key_id, secret = keys or root or ("", "")
        return session.create_client(
            service,
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            config=config,
        )

    return client


def _tell(client: Any, endpoint: str) -> Story:
    story: Story | None = None
    with Progress(
        TextColumn("[bold]demo[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task(f"the story on {endpoint}", total=STEPS)
        try:
            for step in make_story(client):
                if isinstance(step, Story):
                    story = step
                else:
                    progress.update(task, advance=1, description=step)
        except ClientError as error:
            raise click.ClickException(
                f"the story could not be made on {endpoint} (it needs an account without alice, mallory "
                f"and the two roles): {error}"
            ) from error
    assert story is not None
    return story


def _command(line: str, *, note: str = "") -> str:
    """A ``$ `` line of the walkthrough (values are quoted by the caller with ``shlex.quote``)."""
    return f"$ {line}   # {note}" if note else f"$ {line}"


def _print_walkthrough(story: Story, endpoint: str) -> None:
    q = shlex.quote
    account = story.account_id
    mfa_uri = f"otpauth://totp/hatrack:{ALICE}@{account}?secret={story.alice_mfa_seed}&issuer=hatrack"
    profile = f"hatrack configure-profile {{}} --endpoint {q(endpoint)}"
    by_mallory = f"AttributeKey=Username,AttributeValue={MALLORY}"
    deny_all = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}'
    analyst_link = _switch_role(endpoint, account, "SecurityAnalystRole", "Analyst", ANALYST_COLOR)
    break_glass_link = _switch_role(
        endpoint, account, "SecurityBreakGlassRole", "BreakGlass", BREAK_GLASS_COLOR
    )
    contain = (
        "aws iam update-access-key --profile {} --user-name mallory --access-key-id {} --status Inactive"
    )
    lines = [
        "",
        f"The story is ready in account {account}. Live through it, step by step:",
        "",
        "1. Sign in as alice.",
        f"   Console: {endpoint}/console  (account {account}, user {ALICE}, password {story.alice_password})",
        f"   Her MFA device: add {mfa_uri} to an authenticator app (or: oathtool --totp -b SEED)",
        f"   Seed: {story.alice_mfa_seed}",
        _command(
            profile.format(ALICE)
            + f" --access-key-id {q(story.alice_key_id)} --secret-access-key {q(story.alice_secret)}"
        ),
        _command(f"aws sts get-caller-identity --profile {ALICE}"),
        "",
        "2. Switch to the analyst hat (read-only, the trail included).",
        f"   Console: {analyst_link}",
        _command(
            profile.format("analyst")
            + f" --role-arn {q(story.analyst_role_arn)} --source-profile {ALICE}"
            + " --role-session-name alice-analyst"
        ),
        _command("aws sts get-caller-identity --profile analyst"),
        "",
        "3. Find mallory in the trail: what did she do, what was refused?",
        _command(
            f"aws cloudtrail lookup-events --profile analyst --lookup-attributes {by_mallory}"
            " --query 'Events[].[EventName,EventTime]'"
        ),
        *(f"   mallory {action}: {outcome}" for action, outcome in story.mallory_attempts),
        _command(
            contain.format("analyst", q(story.mallory_key_ids[0])), note="refused: the analyst hat only reads"
        ),
        "",
        "4. Switch to the break-glass hat: its trust policy requires MFA (the CLI asks for a code).",
        f"   Console: {break_glass_link}",
        _command(
            profile.format("breakglass")
            + f" --role-arn {q(story.break_glass_role_arn)} --source-profile {ALICE}"
            + f" --mfa-serial {q(story.alice_mfa_serial)} --role-session-name alice-breakglass"
        ),
        _command("aws sts get-caller-identity --profile breakglass", note="enter the MFA code"),
        "",
        "5. Contain mallory: both her access keys off, and a deny-all policy.",
        *(_command(contain.format("breakglass", q(key_id))) for key_id in story.mallory_key_ids),
        _command(
            "aws iam put-user-policy --profile breakglass --user-name mallory --policy-name Contained"
            f" --policy-document {q(deny_all)}"
        ),
        "",
        "6. Read the two hats' separate trails: what alice did as the analyst, and as break-glass.",
        *(
            _command(
                f"aws cloudtrail lookup-events --profile {hat} --query 'Events[].EventName'"
                f" --lookup-attributes AttributeKey=Username,AttributeValue=alice-{hat}"
            )
            for hat in ("analyst", "breakglass")
        ),
    ]
    cut = next(index for index, line in enumerate(lines) if line.startswith("   Seed: ")) + 1
    click.echo("\n".join(printable(line) for line in lines[:cut]))
    if sys.stdout.isatty():  # a QR code for the authenticator app, only where a person can scan it
        import segno

        segno.make(mfa_uri, error="m").terminal(out=sys.stdout, compact=True)
    click.echo("\n".join(printable(line) for line in lines[cut:]))


def _switch_role(endpoint: str, account: str, role: str, display: str, color: str) -> str:
    return f"{endpoint}/switchrole?roleName={role}&account={account}&displayName={display}&color={color}"
