"""The audit trail on a real server: the incident-response story, no secret stored, no unrecorded change."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.server import BIN, RunningServer

pytestmark = pytest.mark.e2e


def _database_args(server: RunningServer) -> list[str]:
    args = list(server.process.args)  # type: ignore[arg-type]
    if "--database" in args:
        return ["--database", str(args[args.index("--database") + 1])]
    return []


def hatrack_audit(server: RunningServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hatrack"), "audit", *args, "--state-dir", str(server.state_dir), *_database_args(server)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@contextmanager
def raw_sql(server: RunningServer) -> Iterator[Any]:
    """A DB-API connection to the server's own database, behind its back (autocommit)."""
    database = _database_args(server)
    if database:
        import psycopg

        url = database[1].replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as conn:
            yield conn
    else:
        lite = sqlite3.connect(server.state_dir / "hatrack.db", timeout=30, isolation_level=None)
        try:
            yield lite
        finally:
            lite.close()


def _allow(*actions: str, resource: str = "*") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": resource}],
        }
    )


def _trust(principal_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": principal_arn}, "Action": "sts:AssumeRole"}
            ],
        }
    )


def _assume(server: RunningServer, key: dict[str, str], role_arn: str, session: str) -> dict[str, str]:
    sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    return dict(sts.assume_role(RoleArn=role_arn, RoleSessionName=session)["Credentials"])


def _as(server: RunningServer, service: str, credentials: dict[str, str]) -> Any:
    return server.client(
        service,
        key=credentials["AccessKeyId"],
        secret=credentials["SecretAccessKey"],
        token=credentials.get("SessionToken"),
    )


def test_the_incident_response_story_leaves_two_sessions_of_one_user(
    server: RunningServer, tmp_path: Path
) -> None:
    iam = server.client("iam")
    account = server.account_id
    alice = iam.create_user(UserName="alice")["User"]
    alice_key = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.create_user(UserName="bob")
    bob_key = iam.create_access_key(UserName="bob")["AccessKey"]
    iam.put_user_policy(UserName="alice", PolicyName="may-assume", PolicyDocument=_allow("sts:AssumeRole"))
    analyst_role = iam.create_role(
        RoleName="SecurityAnalystRole", AssumeRolePolicyDocument=_trust(alice["Arn"])
    )["Role"]
    iam.put_role_policy(
        RoleName="SecurityAnalystRole",
        PolicyName="investigate",
        PolicyDocument=_allow("cloudtrail:LookupEvents"),
    )
    breakglass_role = iam.create_role(
        RoleName="SecurityBreakGlassRole", AssumeRolePolicyDocument=_trust(alice["Arn"])
    )["Role"]
    iam.put_role_policy(
        RoleName="SecurityBreakGlassRole",
        PolicyName="contain",
        PolicyDocument=_allow("iam:UpdateAccessKey", resource=f"arn:aws:iam::{account}:user/bob"),
    )

    # Alice investigates as SecurityAnalystRole: she may look events up, and do nothing else.
    analyst = _assume(server, alice_key, analyst_role["Arn"], "alice-investigates")
    found = _as(server, "cloudtrail", analyst).lookup_events(
        LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "bob"}]
    )
    assert isinstance(found["Events"], list)
    with pytest.raises(ClientError) as denied:
        _as(server, "iam", analyst).update_access_key(
            UserName="bob", AccessKeyId=bob_key["AccessKeyId"], Status="Inactive"
        )
    assert denied.value.response["Error"]["Code"] == "AccessDenied"

    # She switches to SecurityBreakGlassRole and deactivates bob's key.
    breakglass = _assume(server, alice_key, breakglass_role["Arn"], "alice-breakglass")
    _as(server, "iam", breakglass).update_access_key(
        UserName="bob", AccessKeyId=bob_key["AccessKeyId"], Status="Inactive"
    )
    assert iam.list_access_keys(UserName="bob")["AccessKeyMetadata"][0]["Status"] == "Inactive"

    trail = server.client("cloudtrail")

    def by_key(key: str) -> list[dict[str, Any]]:
        events = trail.lookup_events(
            LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": key}]
        )["Events"]
        return [json.loads(event["CloudTrailEvent"]) for event in events]

    analyst_events = by_key(analyst["AccessKeyId"])
    breakglass_events = by_key(breakglass["AccessKeyId"])
    assert [(e["eventName"], e.get("errorCode")) for e in analyst_events] == [
        ("UpdateAccessKey", "AccessDenied"),
        ("LookupEvents", None),
    ]
    assert [(e["eventName"], e.get("errorCode")) for e in breakglass_events] == [("UpdateAccessKey", None)]
    analyst_identity, breakglass_identity = (
        analyst_events[0]["userIdentity"],
        breakglass_events[0]["userIdentity"],
    )
    assert analyst_identity["type"] == breakglass_identity["type"] == "AssumedRole"
    assert analyst_identity["sessionContext"]["sessionIssuer"]["userName"] == "SecurityAnalystRole"
    assert breakglass_identity["sessionContext"]["sessionIssuer"]["userName"] == "SecurityBreakGlassRole"
    assert analyst_identity["accessKeyId"] != breakglass_identity["accessKeyId"]
    # Both sessions were opened by the same user, with the same long-term key.
    openings = [e for e in by_key(alice_key["AccessKeyId"]) if e["eventName"] == "AssumeRole"]
    assert {e["responseElements"]["credentials"]["accessKeyId"] for e in openings} == {
        analyst["AccessKeyId"],
        breakglass["AccessKeyId"],
    }
    assert {e["userIdentity"]["userName"] for e in openings} == {"alice"}

    for session, role in ((analyst, "SecurityAnalystRole"), (breakglass, "SecurityBreakGlassRole")):
        shown = hatrack_audit(server, "session", session["AccessKeyId"], "--json")
        assert shown.returncode == 0, shown.stderr
        steps = json.loads(shown.stdout)
        assert [step["accessKeyId"] for step in steps] == [alice_key["AccessKeyId"], session["AccessKeyId"]]
        assert steps[0]["identity"]["userName"] == "alice"
        assert steps[1]["issuedBy"]["requestParameters"]["roleArn"].endswith(f":role/{role}")
        assert steps[1]["events"]

    # The AWS CLI reads the same trail.
    cli = server.aws(
        "cloudtrail",
        "lookup-events",
        "--lookup-attributes",
        f"AttributeKey=AccessKeyId,AttributeValue={breakglass['AccessKeyId']}",
        home=tmp_path,
    )
    assert cli.returncode == 0, cli.stderr
    assert [e["EventName"] for e in json.loads(cli.stdout)["Events"]] == ["UpdateAccessKey"]


def test_a_caller_without_cloudtrail_lookup_events_is_denied(server: RunningServer) -> None:
    iam = server.client("iam")
    iam.create_user(UserName="nosy")
    key = iam.create_access_key(UserName="nosy")["AccessKey"]
    with pytest.raises(ClientError) as denied:
        server.client("cloudtrail", key=key["AccessKeyId"], secret=key["SecretAccessKey"]).lookup_events()
    assert denied.value.response["Error"]["Code"].startswith("AccessDenied")


def test_no_secret_appears_in_any_stored_event(server: RunningServer) -> None:
    iam = server.client("iam")
    password = "Tr0ub4dor-and-3-horses!"
    new_password = "Corr3ct-horse-battery-staple!"
    iam.create_user(UserName="carol")
    iam.create_login_profile(UserName="carol", Password=password, PasswordResetRequired=False)
    iam.update_login_profile(UserName="carol", Password=new_password)
    key = iam.create_access_key(UserName="carol")["AccessKey"]
    secrets = [password, new_password, key["SecretAccessKey"], server.secret_access_key]
    try:
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName="carol-phone")["VirtualMFADevice"]
        secrets.append(device["Base32StringSeed"].decode())
    except ClientError:
        pass
    carol = server.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    with pytest.raises(ClientError):
        carol.change_password(OldPassword=new_password, NewPassword="x")  # refused: nothing to see either way
    sts = server.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    try:
        session = sts.get_session_token()["Credentials"]
        secrets += [session["SecretAccessKey"], session["SessionToken"]]
        server.client(
            "sts",
            key=session["AccessKeyId"],
            secret=session["SecretAccessKey"],
            token=session["SessionToken"],
        ).get_caller_identity()
    except ClientError as error:
        assert error.response["Error"]["Code"] == "NotImplemented"

    exported = hatrack_audit(server, "export")
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert len(lines) >= 6
    with raw_sql(server) as conn:
        stored = [row[0] for row in conn.execute("SELECT event_json FROM audit_events").fetchall()]
    assert sorted(stored) == sorted(lines)
    for text in stored:
        for secret in secrets:
            assert secret not in text
        assert "SecretAccessKey" not in text and "secretAccessKey" not in text and "sessionToken" not in text
        assert '"password"' not in text.lower()


def test_a_call_whose_event_cannot_be_written_is_refused_and_changes_nothing(server: RunningServer) -> None:
    iam = server.client("iam")
    postgres = bool(_database_args(server))
    with raw_sql(server) as conn:
        if postgres:
            conn.execute(
                "CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$"
            )
            conn.execute(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW "
                "WHEN (NEW.event_name = 'CreateUser') EXECUTE FUNCTION refuse_audit()"
            )
        else:
            conn.execute(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events "
                "WHEN NEW.event_name = 'CreateUser' "
                "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
            )
    try:
        with pytest.raises(ClientError) as refused:
            iam.create_user(UserName="unrecorded")
        assert refused.value.response["Error"]["Code"] == "InternalFailure"
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    finally:
        with raw_sql(server) as conn:
            conn.execute(
                "DROP TRIGGER refuse_audit ON audit_events" if postgres else "DROP TRIGGER refuse_audit"
            )
    with pytest.raises(ClientError) as missing:
        iam.get_user(UserName="unrecorded")
    assert missing.value.response["Error"]["Code"] == "NoSuchEntity"
    names = [e["EventName"] for e in server.client("cloudtrail").lookup_events()["Events"]]
    assert "CreateUser" not in names


def test_verify_catches_a_hand_edited_deleted_or_inserted_row(server: RunningServer) -> None:
    iam = server.client("iam")
    for name in ("u1", "u2", "u3", "u4"):
        iam.create_user(UserName=name)
    clean = hatrack_audit(server, "verify")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    account = server.account_id
    with raw_sql(server) as conn:
        row = conn.execute(
            f"SELECT sequence, event_json FROM audit_events WHERE account_id = '{account}' "
            "AND event_json LIKE '%\"u2\"%'"
        ).fetchone()
        sequence, text = int(row[0]), str(row[1])
        conn.execute(
            f"UPDATE audit_events SET event_json = '{text.replace('u2', 'zz')}' "
            f"WHERE account_id = '{account}' AND sequence = {sequence}"
        )
    edited = hatrack_audit(server, "verify")
    assert edited.returncode == 1
    assert f"CHANGED at event {sequence}" in edited.stdout
    columns = (
        "account_id, sequence, event_id, event_time, event_name, event_source, read_only, username, "
        "access_key_id, event_json, previous_hash, event_hash"
    )
    with raw_sql(server) as conn:
        conn.execute(
            f"UPDATE audit_events SET event_json = '{text}' "
            f"WHERE account_id = '{account}' AND sequence = {sequence}"
        )
        original = conn.execute(
            f"SELECT {columns} FROM audit_events WHERE account_id = '{account}' AND sequence = {sequence}"
        ).fetchone()
        conn.execute(
            f"CREATE TABLE saved_resources AS SELECT * FROM audit_event_resources "
            f"WHERE account_id = '{account}' AND sequence = {sequence}"
        )
        conn.execute(
            f"DELETE FROM audit_event_resources WHERE account_id = '{account}' AND sequence = {sequence}"
        )
        conn.execute(f"DELETE FROM audit_events WHERE account_id = '{account}' AND sequence = {sequence}")
    deleted = hatrack_audit(server, "verify")
    assert deleted.returncode == 1
    assert f"REMOVED at event {sequence}" in deleted.stdout
    mark = "%s" if _database_args(server) else "?"
    with raw_sql(server) as conn:  # put it back as it was: the trail verifies again
        conn.execute(
            f"INSERT INTO audit_events ({columns}) VALUES ({', '.join([mark] * 12)})", tuple(original)
        )
        conn.execute("INSERT INTO audit_event_resources SELECT * FROM saved_resources")
        conn.execute("DROP TABLE saved_resources")
    assert hatrack_audit(server, "verify").returncode == 0
    with raw_sql(server) as conn:  # a forged event appended after the head
        last = int(
            conn.execute(f"SELECT MAX(sequence) FROM audit_events WHERE account_id = '{account}'").fetchone()[
                0
            ]
        )
        conn.execute(
            f"INSERT INTO audit_events ({columns}) SELECT account_id, {last + 1}, event_id, event_time, "
            "event_name, event_source, read_only, username, access_key_id, event_json, "
            "event_hash, event_hash "
            f"FROM audit_events WHERE account_id = '{account}' AND sequence = {last}"
        )
    inserted = hatrack_audit(server, "verify")
    assert inserted.returncode == 1
    assert f"INSERTED at event {last + 1}" in inserted.stdout
