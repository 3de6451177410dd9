"""``hatrack audit``: read, export and check the trail straight from the state folder's database.

tail (follow, human-readable) · lookup (LookupEvents' filters) · export (JSON Lines, CloudTrail's
record format, in chain order) · session KEY (a session and the chain of sessions behind it) ·
verify (the hash chain and stored digests) · digest export / verify / public-key.
Every command takes ``--state-dir`` and ``--database`` like ``hatrack serve``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from hatrack.audit.events import resources_of
from hatrack.audit.lookup import ATTRIBUTE_KEYS, event_shape, lookup, lookup_request
from hatrack.cli.progress import event_progress
from hatrack.cli.terminal import printable
from hatrack.errors import IamError
from hatrack.store.audit import StoredEvent

state_dir_option = click.option(
    "--state-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".hatrack"),
    show_default=True,
    help="Folder holding the database, the master key and the state file.",
)
database_option = click.option(
    "--database", "database_url", default=None, help="SQLAlchemy URL (default: SQLite in the state folder)."
)
account_option = click.option(
    "--account-id", default=None, help="Only this account's trail (default: every trail)."
)


@contextmanager
def _state(state_dir: Path, database_url: str | None) -> Iterator[Any]:
    from hatrack.state import open_state

    state = open_state(state_dir, database_url=database_url)
    try:
        yield state
    finally:
        state.database.dispose()


def _time(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def describe(event: StoredEvent) -> str:
    """One event as one line: time, account, who (with which key), what, how it ended, on what, from where.

    Every field may hold text a caller chose, so the line is made ``printable`` (no escape sequences).
    """
    record = json.loads(event.event_json)
    identity = record.get("userIdentity") or {}
    who = (
        identity.get("arn")
        or identity.get("principalId")
        or identity.get("userName")
        or identity.get("type", "Unknown")
    )
    key = identity.get("accessKeyId")
    # A failed ConsoleLogin has an errorMessage ("Failed authentication") and no errorCode, as in AWS.
    failure = record.get("errorCode") or record.get("errorMessage")
    outcome = f" !{failure}" if failure else ""
    source = str(record.get("eventSource", "")).split(".", 1)[0]
    names = sorted({name for kind, name in resources_of(record) if not name.startswith("arn:")})
    on = f" {', '.join(names)}" if names else ""
    via = f" ({key})" if key else ""
    what = f"{source}:{record.get('eventName')}{outcome}{on}"
    agent = str(record.get("userAgent") or "")
    agent = agent if len(agent) <= 80 else agent[:79] + "…"
    origin = f' from {record.get("sourceIPAddress")} "{agent}"'
    return printable(f"{record.get('eventTime')} {event.account_id or '-':12} {who}{via} {what}{origin}")


@click.group("audit")
def audit_group() -> None:
    """The audit trail: CloudTrail-format events of every call, hash-chained per account."""


@audit_group.command("tail")
@state_dir_option
@database_option
@account_option
@click.option("-n", "--lines", default=20, show_default=True, help="How many recent events to show first.")
@click.option("-f", "--follow", is_flag=True, help="Keep printing new events as they are recorded.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between polls when following.")
def tail(
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    lines: int,
    follow: bool,
    interval: float,
) -> None:
    """Show the latest events, human-readable; with --follow, keep showing new ones."""
    from hatrack.store import audit as store

    with _state(state_dir, database_url) as state:
        with state.database.read() as conn:
            recent = store.last_events(conn, account_id=account_id, count=lines)
            markers = {
                a: (h.sequence if (h := store.get_head(conn, a)) else 0)
                for a in store.list_trail_accounts(conn)
            }
        for event in recent:
            click.echo(describe(event))
        while follow:
            time.sleep(interval)
            with state.database.read() as conn:
                new = store.events_after(conn, markers, account_id=account_id)
            for event in new:
                click.echo(describe(event))
                markers[event.account_id] = max(markers.get(event.account_id, 0), event.sequence)


@audit_group.command("lookup")
@state_dir_option
@database_option
@click.option("--account-id", default=None, help="Whose trail (default: the state's first account).")
@click.option(
    "--attribute", "attribute", default=None, metavar="KEY=VALUE", help=f"One of {', '.join(ATTRIBUTE_KEYS)}."
)
@click.option("--start-time", default=None, help="ISO 8601, inclusive.")
@click.option("--end-time", default=None, help="ISO 8601, inclusive.")
@click.option("--max-results", default=50, show_default=True, type=int)
@click.option("--next-token", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print LookupEvents' output as JSON.")
def lookup_command(
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    attribute: str | None,
    start_time: str | None,
    end_time: str | None,
    max_results: int,
    next_token: str | None,
    as_json: bool,
) -> None:
    """LookupEvents from the command line: one attribute, a time range, pages."""
    params: dict[str, Any] = {"MaxResults": max_results}
    if attribute is not None:
        key, _, value = attribute.partition("=")
        params["LookupAttributes"] = [{"AttributeKey": key, "AttributeValue": value}]
    if start_time:
        params["StartTime"] = _time(start_time)
    if end_time:
        params["EndTime"] = _time(end_time)
    if next_token:
        params["NextToken"] = next_token
    with _state(state_dir, database_url) as state:
        try:
            request = lookup_request(account_id or state.account_id, params)
            with state.database.read() as conn:
                page = lookup(conn, request)
        except IamError as error:
            raise click.ClickException(f"{error.code}: {error.message}") from error
    if as_json:
        output: dict[str, Any] = {"Events": [event_shape(e) for e in page.events]}
        if page.next_token:
            output["NextToken"] = page.next_token
        click.echo(
            json.dumps(
                output, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v), indent=2
            )
        )
        return
    for event in page.events:
        click.echo(describe(event))
    if page.next_token:
        click.echo(f"NextToken: {page.next_token}", err=True)


@audit_group.command("export")
@state_dir_option
@database_option
@account_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File (default: stdout).",
)
def export(state_dir: Path, database_url: str | None, account_id: str | None, output: Path | None) -> None:
    """Write every event as JSON Lines (CloudTrail's record format), each trail in chain order."""
    from hatrack.store import audit as store

    with _state(state_dir, database_url) as state, _open_output(output) as out, state.database.read() as conn:
        accounts = [account_id] if account_id is not None else store.list_trail_accounts(conn)
        lengths = _trail_lengths(conn, accounts)
        with event_progress() as progress:
            task = progress.add_task("export", total=sum(lengths.values()))
            done = 0
            for account in accounts:
                for count, event in enumerate(store.iter_trail(conn, account), start=1):
                    out.write(event.event_json + "\n")
                    if count % _PROGRESS_EVERY == 0:
                        progress.update(task, completed=done + count)
                done += lengths[account]
                progress.update(task, completed=done)


_PROGRESS_EVERY = 1000  # events between two updates of the bar (an update per event costs more)


def _trail_lengths(conn: Any, accounts: list[str]) -> dict[str, int]:
    """The number of events of each trail (its head counts them), for the progress bar."""
    from hatrack.store import audit as store

    heads = {account: store.get_head(conn, account) for account in accounts}
    return {account: head.sequence if head is not None else 0 for account, head in heads.items()}


@contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8") as handle:
        yield handle


@audit_group.command("session")
@state_dir_option
@database_option
@click.argument("access_key_id")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
def session(state_dir: Path, database_url: str | None, access_key_id: str, as_json: bool) -> None:
    """The timeline of one session and of the chain that led to it (user → AssumeRole → session → …)."""
    from hatrack.audit.sessions import session_timeline

    with _state(state_dir, database_url) as state, state.database.read() as conn:
        steps = session_timeline(conn, access_key_id)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "accessKeyId": step.access_key_id,
                        "identity": step.identity,
                        "issuedBy": json.loads(step.issued_by.event_json) if step.issued_by else None,
                        "events": [json.loads(e.event_json) for e in step.events],
                    }
                    for step in steps
                ],
                indent=2,
            )
        )
        return
    if not steps or (len(steps) == 1 and not steps[0].events and steps[0].issued_by is None):
        raise click.ClickException(f"no event names the access key {access_key_id}")
    for depth, step in enumerate(steps):
        indent = "  " * depth
        who = step.identity.get("arn") or step.identity.get("type") or "unknown identity"
        if step.issued_by is not None:
            issued = json.loads(step.issued_by.event_json)
            click.echo(
                printable(
                    f"{indent}└─ {issued.get('eventName')} at {issued.get('eventTime')} "
                    f"→ {who} ({step.access_key_id})"
                )
            )
        else:
            click.echo(printable(f"{indent}{who} ({step.access_key_id})"))
        for event in step.events:
            click.echo(f"{indent}   {describe(event)}")


@audit_group.command("verify")
@state_dir_option
@database_option
@account_option
@click.option(
    "--public-key",
    "public_key_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="The digest-signing public key (PEM) kept apart from the database; digests are checked with it.",
)
@click.option(
    "--fingerprint",
    default=None,
    help="SHA-256 fingerprint (hex) of the signing key kept apart; the stored key must have it.",
)
def verify(
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    public_key_file: Path | None,
    fingerprint: str | None,
) -> None:
    """Walk every trail's hash chain and check its digests; name the first event changed (exit 1).

    Without --public-key or --fingerprint only internal consistency is checked: the digests are checked
    with the key stored in the same database, which whoever rewrites the database can replace.
    """
    from hatrack.audit.digest import fingerprint as fingerprint_of
    from hatrack.audit.digest import load_public_key, read_public_key_pem
    from hatrack.audit.verify import verify_trail
    from hatrack.store.audit import list_trail_accounts

    trusted = None
    if public_key_file is not None:
        try:
            trusted = read_public_key_pem(public_key_file.read_bytes())
        except ValueError as error:
            raise click.ClickException(f"{public_key_file}: not an Ed25519 public key (PEM)") from error
    with _state(state_dir, database_url) as state, state.database.read() as conn:
        stored = load_public_key(conn)
        if fingerprint is not None and trusted is None:
            if stored is None or fingerprint_of(stored) != fingerprint.strip().lower().replace(":", ""):
                click.echo(
                    "FAILED: the signing key stored in the database does not have the fingerprint given: "
                    "it was replaced, and its digests prove nothing"
                )
                sys.exit(1)
            trusted = stored
        accounts = [account_id] if account_id is not None else list_trail_accounts(conn)
        reports = []
        lengths = _trail_lengths(conn, accounts)
        with event_progress() as progress:
            task = progress.add_task("verify", total=sum(lengths.values()))
            for account in accounts:
                progress.update(task, description=f"verify {account}")
                reports.append(verify_trail(conn, account, public_key=trusted))
                progress.advance(task, lengths[account])
    if trusted is None:
        click.echo(
            "note: internal consistency only. The digests were checked with the public key stored in the "
            "database itself; whoever can rewrite the database can replace it and re-sign. Pass "
            "--public-key FILE (from `hatrack audit digest public-key`, kept elsewhere) to verify against it."
        )
    else:
        click.echo(f"digests checked against the signing key {fingerprint_of(trusted)} given out of band")
        if stored is not None and fingerprint_of(stored) != fingerprint_of(trusted):
            click.echo("warning: the signing key stored in the database is not the key given")
    broken = False
    for report in reports:
        name = report.account_id or "(unattributed)"
        if report.finding is None:
            if trusted is not None and report.events_checked and not report.digests_checked:
                broken = True
                click.echo(
                    f"{name}: UNVERIFIED: {report.events_checked} events, no digest signed by the key given"
                )
                continue
            click.echo(f"{name}: intact ({report.events_checked} events, {report.digests_checked} digests)")
            continue
        broken = True
        finding = report.finding
        event = f" (eventID {finding.event_id})" if finding.event_id else ""
        click.echo(f"{name}: {finding.problem.upper()} at event {finding.sequence}{event}: {finding.detail}")
    if broken:
        sys.exit(1)


@audit_group.group("digest")
def digest_group() -> None:
    """Signed digests of the trails (Ed25519), checkable with the public key alone."""


@digest_group.command("export")
@state_dir_option
@database_option
@account_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File (default: stdout).",
)
@click.option(
    "--public-key-out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the public key (PEM).",
)
def digest_export(
    state_dir: Path,
    database_url: str | None,
    account_id: str | None,
    output: Path | None,
    public_key_out: Path | None,
) -> None:
    """Sign each trail's head (a new digest where it moved); write every digest as JSON Lines."""
    from hatrack.audit.digest import create_digests, load_public_key, public_key_pem
    from hatrack.store import audit as store

    with _state(state_dir, database_url) as state:
        with state.database.begin() as conn:
            accounts = [account_id] if account_id is not None else store.list_trail_accounts(conn)
            create_digests(conn, state.keyring, now=datetime.now(UTC), account_ids=accounts)
        with state.database.read() as conn:
            documents = [d.document for account in accounts for d in store.list_digests(conn, account)]
            public = load_public_key(conn)
    with _open_output(output) as out:
        for document in documents:
            out.write(document + "\n")
    if public_key_out is not None and public is not None:
        public_key_out.write_bytes(public_key_pem(public))


@digest_group.command("public-key")
@state_dir_option
@database_option
def digest_public_key(state_dir: Path, database_url: str | None) -> None:
    """Print the digest-signing public key (PEM), created on first use; its fingerprint goes to stderr.

    Keep it apart from the server (another machine, a ticket, a printout): `hatrack audit verify
    --public-key FILE` then checks the digests against it, not against the copy in the database.
    """
    from hatrack.audit.digest import fingerprint, public_key_pem, signing_key

    with _state(state_dir, database_url) as state, state.database.begin() as conn:
        key = signing_key(conn, state.keyring, now=datetime.now(UTC))
    click.echo(public_key_pem(key.public_key()).decode(), nl=False)
    click.echo(f"fingerprint (SHA-256): {fingerprint(key.public_key())}", err=True)


@digest_group.command("verify")
@click.option(
    "--public-key",
    "public_key_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
)
@click.option(
    "--events",
    "events_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The trail as exported by `hatrack audit export`.",
)
@click.argument("digests_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def digest_verify(public_key_file: Path, events_file: Path, digests_file: Path) -> None:
    """Check an exported trail against exported digests with nothing but the public key (exit 1 if not)."""
    from hatrack.audit.digest import read_public_key_pem, verify_copy

    key = read_public_key_pem(public_key_file.read_bytes())
    with events_file.open(encoding="utf-8") as events, digests_file.open(encoding="utf-8") as digests:
        reports = verify_copy(events, digests, key)
    broken = False
    for report in reports:
        name = report.account_id or "(unattributed)"
        if report.problem is None:
            uncovered = report.events - report.verified_through
            note = f"; {uncovered} later events not yet covered by a digest" if uncovered else ""
            click.echo(
                f"{name}: verified {report.verified_through} events with {report.digests} digests{note}"
            )
        else:
            broken = True
            click.echo(f"{name}: FAILED: {report.problem}")
    if broken:
        sys.exit(1)
