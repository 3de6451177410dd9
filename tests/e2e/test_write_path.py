"""The write path on a real server: concurrent mutations each commit with their event, a failed one
changes nothing, a change on one process is enforced by another at once, kill -9 loses nothing that
was acknowledged."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.e2e.test_audit import hatrack_audit
from tests.support.server import BIN, RunningServer, _wait_until_listening, free_port, running_server

pytestmark = pytest.mark.e2e


def _allow(action: str, effect: str = "Allow") -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": effect, "Action": action, "Resource": "*"}]}
    )


def _events_named(server: RunningServer, name: str) -> list[dict[str, object]]:
    trail = server.client("cloudtrail")
    found: list[dict[str, object]] = []
    for page in trail.get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}]
    ):
        found.extend(json.loads(event["CloudTrailEvent"]) for event in page["Events"])
    return found


def test_concurrent_writers_each_commit_with_their_event_and_a_failed_write_changes_nothing(
    server: RunningServer,
) -> None:
    iam = server.client("iam")
    names = [f"writer-{n:03d}" for n in range(48)]

    def create(name: str) -> str:
        try:
            server.client("iam").create_user(UserName=name, Tags=[{"Key": "n", "Value": name}])
            return "created"
        except ClientError as error:
            return error.response["Error"]["Code"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(create, names + names[:16]))  # 16 names twice: one of each pair fails
    assert outcomes.count("created") == 48
    assert outcomes.count("EntityAlreadyExists") == 16
    listed = {
        user["UserName"] for page in iam.get_paginator("list_users").paginate() for user in page["Users"]
    }
    assert listed == set(names)
    for name in names[:3]:
        assert iam.list_user_tags(UserName=name)["Tags"] == [{"Key": "n", "Value": name}]
    events = _events_named(server, "CreateUser")
    succeeded = [e for e in events if "errorCode" not in e]
    failed = [e for e in events if e.get("errorCode") == "EntityAlreadyExists"]
    assert sorted(e["requestParameters"]["userName"] for e in succeeded) == sorted(names)  # type: ignore[index]
    assert len(failed) == 16
    assert hatrack_audit(server, "verify").returncode == 0


@contextmanager
def another_process(state_dir: Path, like: RunningServer, log_name: str) -> Iterator[RunningServer]:
    """One more ``hatrack serve`` on the state folder (and so the SQLite database) of ``like``."""
    port = free_port()
    with open(state_dir / log_name, "wb") as log:
        process = subprocess.Popen(
            [str(BIN / "hatrack"), "serve", "--port", str(port), "--state-dir", str(state_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_listening(port, process)
            yield dataclasses.replace(like, endpoint=f"http://127.0.0.1:{port}", process=process)
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[RunningServer, RunningServer]]:
    """Two ``hatrack serve`` processes on one state folder (one SQLite database)."""
    with (
        running_server(tmp_path, extra_args=()) as first,
        another_process(tmp_path, first, "second.log") as second,
    ):
        yield first, second


def test_a_policy_change_on_one_process_is_enforced_by_the_other_on_the_next_request(
    two_processes: tuple[RunningServer, RunningServer],
) -> None:
    here, there = two_processes
    iam_there = there.client("iam")
    iam_there.create_user(UserName="alice")
    iam_there.put_user_policy(UserName="alice", PolicyName="read", PolicyDocument=_allow("iam:GetUser"))
    key = iam_there.create_access_key(UserName="alice")["AccessKey"]
    alice_here = here.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    assert alice_here.get_user()["User"]["UserName"] == "alice"  # allowed, and now remembered here
    iam_there.put_user_policy(UserName="alice", PolicyName="deny", PolicyDocument=_allow("iam:*", "Deny"))
    with pytest.raises(ClientError) as denied:
        alice_here.get_user()
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    iam_there.delete_user_policy(UserName="alice", PolicyName="deny")
    assert alice_here.get_user()["User"]["UserName"] == "alice"


def test_a_trust_policy_change_on_one_process_is_enforced_by_the_other_on_the_next_assume_role(
    two_processes: tuple[RunningServer, RunningServer],
) -> None:
    here, there = two_processes
    iam_there = there.client("iam")
    iam_there.create_user(UserName="bob")
    iam_there.put_user_policy(UserName="bob", PolicyName="assume", PolicyDocument=_allow("sts:AssumeRole"))
    key = iam_there.create_access_key(UserName="bob")["AccessKey"]
    trusting = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{here.account_id}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam_there.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps(trusting))["Role"]
    sts_here = here.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    sts_here.assume_role(RoleArn=role["Arn"], RoleSessionName="one")
    trusting["Statement"][0]["Effect"] = "Deny"  # type: ignore[index]
    iam_there.update_assume_role_policy(RoleName="ops", PolicyDocument=json.dumps(trusting))
    with pytest.raises(ClientError) as refused:
        sts_here.assume_role(RoleArn=role["Arn"], RoleSessionName="two")
    assert refused.value.response["Error"]["Code"] == "AccessDenied"


def test_kill_9_under_write_load_loses_no_acknowledged_change_or_its_event(tmp_path: Path) -> None:
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    with running_server(tmp_path, extra_args=()) as server:

        def write(worker: int) -> None:
            iam = server.client("iam")
            n = 0
            while not stop.is_set():
                n += 1
                name = f"k{worker}-{n}"
                try:
                    iam.create_user(UserName=name)
                except Exception:
                    return  # the server is gone: this one was never acknowledged
                with lock:
                    acknowledged.append(name)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.process.pid, signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.process.wait(timeout=10)
    assert len(acknowledged) >= 150
    with another_process(tmp_path, server, "after-kill.log") as again:
        iam = again.client("iam")
        stored = {u["UserName"] for page in iam.get_paginator("list_users").paginate() for u in page["Users"]}
        assert set(acknowledged) <= stored
        recorded = {
            e["requestParameters"]["userName"]  # type: ignore[index]
            for e in _events_named(again, "CreateUser")
            if "errorCode" not in e
        }
        assert set(acknowledged) <= recorded
        assert stored == recorded  # no change without its event, no event without its change
        assert hatrack_audit(again, "verify").returncode == 0
