"""``hatrack audit``: tail, lookup, export, session, verify and digests, read from the state folder."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from hatrack.audit.trail import TrailRecorder
from hatrack.cli.main import cli
from hatrack.state import open_state
from hatrack.store.audit_tables import audit_events
from tests.audit.records import assume_role, call, role_session, root, user


@pytest.fixture
def state_dir(tmp_path: Path, now: datetime) -> Path:
    """A state whose trail holds the incident: alice investigates, then breaks glass (a chained session)."""
    directory = tmp_path / "state"
    state = open_state(directory, now=now)
    account = state.account_id
    recorder = TrailRecorder(state.database)
    alice = user("alice", "AKIAALICEALICEAL0001", account=account)
    analyst = role_session(
        "SecurityAnalystRole", "alice", "ASIAANALYST000000001", source=alice, now=now, account=account
    )
    breakglass = role_session(
        "SecurityBreakGlassRole", "alice", "ASIABREAKGLASS000001", source=analyst, now=now, account=account
    )
    t = [now + timedelta(minutes=n) for n in range(10)]
    records = [
        call("iam", "CreateUser", root(account), t[0], params={"UserName": "alice"}, request_id="r0"),
        assume_role(
            alice, f"arn:aws:iam::{account}:role/SecurityAnalystRole", "alice", "ASIAANALYST000000001", t[1]
        ),
        call("cloudtrail", "LookupEvents", analyst, t[2], read_only=True, request_id="r2"),
        call(
            "iam",
            "UpdateAccessKey",
            analyst,
            t[3],
            params={"UserName": "bob", "AccessKeyId": "AKIABOB", "Status": "Inactive"},
            error=__import__("hatrack.errors", fromlist=["AccessDenied"]).AccessDenied("denied"),
            request_id="r3",
        ),
        assume_role(
            analyst,
            f"arn:aws:iam::{account}:role/SecurityBreakGlassRole",
            "alice",
            "ASIABREAKGLASS000001",
            t[4],
            request_id="r4",
        ),
        call(
            "iam",
            "UpdateAccessKey",
            breakglass,
            t[5],
            params={"UserName": "bob", "AccessKeyId": "AKIABOBBOBBOBBOB0001", "Status": "Inactive"},
            request_id="r5",
        ),
    ]
    for record in records:
        with state.database.begin() as conn:
            recorder.record(conn, record)
    state.database.dispose()
    return directory


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_tail_prints_one_line_per_event(state_dir: Path) -> None:
    code, output = _run("tail", "--state-dir", str(state_dir), "-n", "2")
    assert code == 0
    lines = output.strip().splitlines()
    assert len(lines) == 2
    assert "assumed-role/SecurityAnalystRole/alice (ASIAANALYST000000001) sts:AssumeRole" in lines[0]
    assert "assumed-role/SecurityBreakGlassRole/alice (ASIABREAKGLASS000001) iam:UpdateAccessKey" in lines[1]


def test_lookup_filters_by_one_attribute(state_dir: Path) -> None:
    code, output = _run(
        "lookup", "--state-dir", str(state_dir), "--attribute", "AccessKeyId=ASIAANALYST000000001", "--json"
    )
    assert code == 0
    names = [event["EventName"] for event in json.loads(output)["Events"]]
    assert names == ["AssumeRole", "UpdateAccessKey", "LookupEvents"]


def test_lookup_reports_aws_errors(state_dir: Path) -> None:
    result = CliRunner().invoke(
        cli, ["audit", "lookup", "--state-dir", str(state_dir), "--attribute", "Colour=red"]
    )
    assert result.exit_code != 0
    assert "InvalidLookupAttributesException" in result.output


def test_session_shows_the_chain_that_led_to_a_session_and_each_step_s_actions(state_dir: Path) -> None:
    code, output = _run("session", "--state-dir", str(state_dir), "ASIABREAKGLASS000001", "--json")
    assert code == 0
    steps = json.loads(output)
    assert [step["accessKeyId"] for step in steps] == [
        "AKIAALICEALICEAL0001",
        "ASIAANALYST000000001",
        "ASIABREAKGLASS000001",
    ]
    assert [e["eventName"] for e in steps[0]["events"]] == ["AssumeRole"]
    assert [e["eventName"] for e in steps[1]["events"]] == ["LookupEvents", "UpdateAccessKey", "AssumeRole"]
    assert [e["eventName"] for e in steps[2]["events"]] == ["UpdateAccessKey"]
    assert steps[2]["issuedBy"]["requestParameters"]["roleArn"].endswith(":role/SecurityBreakGlassRole")
    code, text = _run("session", "--state-dir", str(state_dir), "ASIABREAKGLASS000001")
    assert code == 0
    assert "└─ AssumeRole" in text and "SecurityBreakGlassRole" in text


def test_export_then_digest_verify_with_only_the_public_key(state_dir: Path, tmp_path: Path) -> None:
    events, digests, public = tmp_path / "events.jsonl", tmp_path / "digests.jsonl", tmp_path / "key.pem"
    assert _run("export", "--state-dir", str(state_dir), "-o", str(events))[0] == 0
    assert (
        _run(
            "digest",
            "export",
            "--state-dir",
            str(state_dir),
            "-o",
            str(digests),
            "--public-key-out",
            str(public),
        )[0]
        == 0
    )
    assert len(events.read_text().splitlines()) == 6
    assert all(json.loads(line)["eventVersion"] for line in events.read_text().splitlines())
    code, output = _run(
        "digest", "verify", "--public-key", str(public), "--events", str(events), str(digests)
    )
    assert code == 0, output
    assert "verified 6 events" in output
    lines = events.read_text().splitlines()
    lines[2] = lines[2].replace("LookupEvents", "ListUsers")
    events.write_text("\n".join(lines) + "\n")
    code, output = _run(
        "digest", "verify", "--public-key", str(public), "--events", str(events), str(digests)
    )
    assert code == 1
    assert "FAILED" in output


def test_verify_passes_then_names_a_hand_edited_event(state_dir: Path) -> None:
    code, output = _run("verify", "--state-dir", str(state_dir))
    assert code == 0, output
    assert "intact (6 events" in output
    engine = sa.create_engine(f"sqlite:///{state_dir / 'hatrack.db'}")
    with engine.begin() as conn:
        text = conn.execute(
            sa.select(audit_events.c.event_json).where(audit_events.c.sequence == 6)
        ).scalar_one()
        conn.execute(
            audit_events.update()
            .where(audit_events.c.sequence == 6)
            .values(event_json=text.replace("Inactive", "Active"))
        )
    engine.dispose()
    code, output = _run("verify", "--state-dir", str(state_dir))
    assert code == 1
    assert "CHANGED at event 6" in output


HOSTILE_AGENT = "curl/8 \x1b]0;pwned\x07\x1b[2J \u202eevil"
HOSTILE_NAME = "bob\x1b[1A\x9b2K"


@pytest.fixture
def hostile_state(tmp_path: Path, now: datetime) -> Path:
    """A trail whose user agent, resource name and error message carry terminal escape sequences."""
    directory = tmp_path / "hostile"
    state = open_state(directory, now=now)
    account = state.account_id
    record = call(
        "iam",
        "UpdateAccessKey",
        user("alice", "AKIAALICEALICEAL0001", account=account),
        now,
        params={"UserName": HOSTILE_NAME, "AccessKeyId": "AKIABOB", "Status": "Inactive"},
        error=__import__("hatrack.errors", fromlist=["AccessDenied"]).AccessDenied("denied \x1b[2J"),
        request_id="hostile",
    )
    import dataclasses

    with state.database.begin() as conn:
        TrailRecorder(state.database).record(conn, dataclasses.replace(record, user_agent=HOSTILE_AGENT))
    state.database.dispose()
    return directory


@pytest.mark.parametrize("command", [("tail",), ("lookup",), ("session", "AKIAALICEALICEAL0001")])
def test_escape_codes_from_the_trail_are_shown_escaped(hostile_state: Path, command: tuple[str, ...]) -> None:
    code, output = _run(command[0], "--state-dir", str(hostile_state), *command[1:])
    assert code == 0, output
    assert "\\x1b]0;pwned\\x07\\x1b[2J \\u202eevil" in output
    assert "bob\\x1b[1A\\x9b2K" in output
    assert not any(ch in output for ch in "\x1b\x07\x9b\u202e")


def test_json_output_keeps_escape_codes_exact(hostile_state: Path) -> None:
    code, output = _run("lookup", "--state-dir", str(hostile_state), "--json")
    assert code == 0
    assert "\x1b" not in output
    [event] = json.loads(output)["Events"]
    assert json.loads(event["CloudTrailEvent"])["userAgent"] == HOSTILE_AGENT
