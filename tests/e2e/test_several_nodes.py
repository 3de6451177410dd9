"""Several ``hatrack serve`` nodes on one PostgreSQL (issue 14): a change made through one node is
enforced by the others within a second, concurrent writers on several nodes leave one valid chain
per account, and a node killed with kill -9 loses nothing it acknowledged while the others serve on.

Node A is created by ``hatrack init``; node B joins with its own state folder holding only A's
``state.json`` (no secrets) and the keyring in ``HATRACK_MASTER_KEY`` (a secret store's way).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.e2e.test_audit import hatrack_audit
from tests.support.postgres import PostgresServer
from tests.support.server import BIN, RunningServer, _wait_until_listening, free_port, running_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

WITHIN_SECONDS = 1.0


def _allow(action: str) -> str:
    return json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}
    )


@contextmanager
def joining_node(first: RunningServer, state_dir: Path, name: str) -> Iterator[RunningServer]:
    """Another node on ``first``'s database: its own state folder, the same keyring (environment)."""
    state_dir.mkdir(mode=0o700)
    shutil.copy(first.state_dir / "state.json", state_dir / "state.json")
    env = {**os.environ, "HATRACK_MASTER_KEY": (first.state_dir / "master.key").read_text()}
    port = free_port()
    assert first.database_url is not None
    with open(state_dir / f"{name}.log", "wb") as log:
        process = subprocess.Popen(
            [
                *(str(BIN / "hatrack"), "serve", "--port", str(port), "--state-dir", str(state_dir)),
                *("--database", first.database_url, "--pool-size", "4"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            _wait_until_listening(port, process)
            yield dataclasses.replace(
                first, endpoint=f"http://127.0.0.1:{port}", process=process, state_dir=state_dir
            )
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
    assert not (state_dir / "master.key").exists()  # the keyring came from the environment only


@pytest.fixture(scope="module")
def nodes(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningServer, RunningServer]]:
    database_url = postgres_server.create_database()
    with (
        running_server(tmp_path_factory.mktemp("node-a"), database_url=database_url, extra_args=()) as a,
        joining_node(a, tmp_path_factory.mktemp("nodes") / "b", "b") as b,
    ):
        yield a, b


def _refused_within(call: Callable[[], object], code: str, seconds: float = WITHIN_SECONDS) -> float:
    """Calls until it fails with ``code``; returns how long that took (fails past ``seconds``)."""
    started = time.monotonic()
    while True:
        try:
            call()
        except ClientError as error:
            assert error.response["Error"]["Code"] == code
            return time.monotonic() - started
        assert time.monotonic() - started < seconds, f"still accepted after {seconds} s"
        time.sleep(0.02)


def _accepted_within(call: Callable[[], object], seconds: float = WITHIN_SECONDS) -> None:
    """Calls until it succeeds (a key cache drops an entry within the second, not at once)."""
    started = time.monotonic()
    while True:
        try:
            call()
            return
        except ClientError:
            assert time.monotonic() - started < seconds, f"still refused after {seconds} s"
            time.sleep(0.02)


def _user_with_key(node: RunningServer, name: str, policy: str | None = None) -> dict[str, str]:
    iam = node.client("iam")
    iam.create_user(UserName=name)
    if policy is not None:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    key: dict[str, str] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def test_both_nodes_are_healthy_and_serve_one_account(nodes: tuple[RunningServer, RunningServer]) -> None:
    import urllib.request

    a, b = nodes
    for node in nodes:
        with urllib.request.urlopen(f"{node.endpoint}/_hatrack/health", timeout=10) as response:
            report = json.loads(response.read())
        assert response.status == 200
        assert report["schema"]["state"] == "current"
        assert report["credential_listener"] == "listening"
        with urllib.request.urlopen(f"{node.endpoint}/_hatrack/ready", timeout=10) as response:
            assert (response.status, json.loads(response.read())) == (200, {"ready": True})
    assert (
        a.client("sts").get_caller_identity()["Account"] == b.client("sts").get_caller_identity()["Account"]
    )


def test_a_key_deactivated_or_deleted_on_one_node_is_refused_by_the_other_within_a_second(
    nodes: tuple[RunningServer, RunningServer],
) -> None:
    a, b = nodes
    key = _user_with_key(a, "carol")
    carol_on_b = b.client("sts", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    carol_on_b.get_caller_identity()  # B now holds the key in its cache
    iam_a = a.client("iam")
    iam_a.update_access_key(UserName="carol", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    _refused_within(carol_on_b.get_caller_identity, "InvalidClientTokenId")
    iam_a.update_access_key(UserName="carol", AccessKeyId=key["AccessKeyId"], Status="Active")
    _accepted_within(carol_on_b.get_caller_identity)
    iam_a.delete_access_key(UserName="carol", AccessKeyId=key["AccessKeyId"])
    _refused_within(carol_on_b.get_caller_identity, "InvalidClientTokenId")
    iam_a.delete_user(UserName="carol")


def test_a_detached_policy_and_a_deleted_user_are_refused_by_the_other_node(
    nodes: tuple[RunningServer, RunningServer],
) -> None:
    a, b = nodes
    iam_a = a.client("iam")
    policy_arn = iam_a.create_policy(PolicyName="read-users", PolicyDocument=_allow("iam:ListUsers"))[
        "Policy"
    ]["Arn"]
    key = _user_with_key(a, "dave")
    iam_a.attach_user_policy(UserName="dave", PolicyArn=policy_arn)
    dave_on_b = b.client("iam", key=key["AccessKeyId"], secret=key["SecretAccessKey"])
    dave_on_b.list_users()
    iam_a.detach_user_policy(UserName="dave", PolicyArn=policy_arn)
    _refused_within(dave_on_b.list_users, "AccessDenied")
    # A user is deleted once its keys are (DeleteConflict otherwise): the key then stops everywhere.
    iam_a.attach_user_policy(UserName="dave", PolicyArn=policy_arn)
    dave_on_b.list_users()
    iam_a.delete_access_key(UserName="dave", AccessKeyId=key["AccessKeyId"])
    iam_a.detach_user_policy(UserName="dave", PolicyArn=policy_arn)
    iam_a.delete_user(UserName="dave")
    _refused_within(dave_on_b.list_users, "InvalidClientTokenId")


def test_a_role_session_revoked_through_one_node_is_refused_by_the_other(
    nodes: tuple[RunningServer, RunningServer],
) -> None:
    a, b = nodes
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{a.account_id}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam_a = a.client("iam")
    role = iam_a.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam_a.put_role_policy(RoleName="ops", PolicyName="read", PolicyDocument=_allow("iam:ListRoles"))
    erin = _user_with_key(a, "erin", _allow("sts:AssumeRole"))
    erin_on_b = b.client("sts", key=erin["AccessKeyId"], secret=erin["SecretAccessKey"])
    credentials = erin_on_b.assume_role(RoleArn=role["Arn"], RoleSessionName="on-b")["Credentials"]
    session_on_b = b.client(
        "iam",
        key=credentials["AccessKeyId"],
        secret=credentials["SecretAccessKey"],
        token=credentials["SessionToken"],
    )
    session_on_b.list_roles()
    time.sleep(1.1)  # the revocation denies sessions issued before its second
    revoked = subprocess.run(
        [
            *(str(BIN / "hatrack"), "role", "revoke-sessions", "ops", "--account-id", a.account_id),
            *("--state-dir", str(a.state_dir), "--database", str(a.database_url)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert revoked.returncode == 0, revoked.stderr
    _refused_within(session_on_b.list_roles, "AccessDenied")


def _hatrack_on(node: RunningServer, first: RunningServer, *args: str) -> subprocess.CompletedProcess[str]:
    """A ``hatrack`` command on ``node``'s machine: its state folder, and the keyring as its server has
    it (its own key file, or, on a joining node, ``first``'s in the environment)."""
    env = dict(os.environ)
    if not (node.state_dir / "master.key").exists():
        env["HATRACK_MASTER_KEY"] = (first.state_dir / "master.key").read_text()
    return subprocess.run(
        [
            str(BIN / "hatrack"),
            *args,
            "--state-dir",
            str(node.state_dir),
            "--database",
            str(node.database_url),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_concurrent_writers_on_two_nodes_leave_one_valid_chain_and_digests_of_either_verify(
    nodes: tuple[RunningServer, RunningServer], tmp_path: Path
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    a, b = nodes

    def create(n: int) -> None:
        node = nodes[n % 2]
        node.client("iam").create_user(UserName=f"w-{n:03d}")
        node.client("sts").get_caller_identity()  # a read event too, from the group committer

    public_key = tmp_path / "digest-public.pem"
    made = _hatrack_on(a, a, "audit", "digest", "public-key")
    assert made.returncode == 0, made.stderr
    public_key.write_text(made.stdout)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, range(30)))
        assert _hatrack_on(b, a, "audit", "digest", "export", "-o", str(tmp_path / "b.jsonl")).returncode == 0
        list(pool.map(create, range(30, 60)))
    assert _hatrack_on(a, a, "audit", "digest", "export", "-o", str(tmp_path / "a.jsonl")).returncode == 0
    verified = _hatrack_on(
        a, a, "audit", "verify", "--public-key", str(public_key)
    )  # one trail, both writers
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_kill_9_of_one_node_under_load_loses_nothing_it_acknowledged_and_the_other_serves_on(
    nodes: tuple[RunningServer, RunningServer], tmp_path: Path
) -> None:
    a, b = nodes
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    with joining_node(a, tmp_path / "c", "c") as c:

        def write(worker: int, node: RunningServer) -> None:
            iam = node.client("iam")
            n = 0
            while not stop.is_set():
                n += 1
                name = f"k-{node.endpoint.rsplit(':', 1)[1]}-{worker}-{n}"
                try:
                    iam.create_user(UserName=name)
                except Exception:
                    if node is c:
                        return  # C is gone: this one was never acknowledged
                    raise
                with lock:
                    acknowledged.append(name)

        threads = [threading.Thread(target=write, args=(w, c if w < 4 else b)) for w in range(6)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 80 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(c.process.pid, signal.SIGKILL)
        c.process.wait(timeout=10)
        time.sleep(0.5)  # B keeps serving meanwhile
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert len(acknowledged) >= 80
    iam = b.client("iam")
    iam.create_user(UserName="after-the-kill")
    stored = {u["UserName"] for page in iam.get_paginator("list_users").paginate() for u in page["Users"]}
    assert set(acknowledged) <= stored
    recorded: set[str] = set()
    for page in (
        b.client("cloudtrail")
        .get_paginator("lookup_events")
        .paginate(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])
    ):
        for event in page["Events"]:
            record = json.loads(event["CloudTrailEvent"])
            if "errorCode" not in record:
                recorded.add(record["requestParameters"]["userName"])
    assert set(acknowledged) <= recorded
    verified = hatrack_audit(a, "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_workload_deregistered_through_one_node_is_cut_off_on_the_other(
    nodes: tuple[RunningServer, RunningServer], tmp_path: Path
) -> None:
    from tests.agent.test_end_to_end import EC2_TRUST
    from tests.support.agent import hatrack, register_workload, running_agent

    a, b = nodes
    iam_a = a.client("iam")
    iam_a.create_role(RoleName="app", AssumeRolePolicyDocument=EC2_TRUST)
    iam_a.put_role_policy(RoleName="app", PolicyName="read", PolicyDocument=_allow("iam:GetRole"))
    iam_a.create_instance_profile(InstanceProfileName="app")
    iam_a.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    registered = register_workload(a, "leaving", "app")
    state = tmp_path / "agent"
    with running_agent(b, state, join_token=registered["join_token"]):  # the agent talks to node B
        issued = hatrack("agent", "--state-dir", str(state), "credential-process")
        assert issued.returncode == 0, issued.stderr
        document = json.loads(issued.stdout)
        on_b = b.client(
            "iam",
            key=document["AccessKeyId"],
            secret=document["SecretAccessKey"],
            token=document["SessionToken"],
        )
        assert on_b.get_role(RoleName="app")["Role"]["RoleName"] == "app"
        done = hatrack(
            *("workload", "deregister", "leaving", "--state-dir", str(a.state_dir)),
            *("--database", str(a.database_url)),
        )
        assert done.returncode == 0, done.stderr
        _refused_within(lambda: on_b.get_role(RoleName="app"), "AccessDenied")  # the issued credentials
        refused = hatrack("agent", "--state-dir", str(state), "credential-process")  # its certificate
        assert refused.returncode != 0 and "deregistered" in refused.stderr


def test_a_command_on_a_node_without_the_keyring_is_refused_and_creates_no_key(
    nodes: tuple[RunningServer, RunningServer], tmp_path: Path
) -> None:
    a, _b = nodes
    env = {k: v for k, v in os.environ.items() if k != "HATRACK_MASTER_KEY"}
    refused = subprocess.run(
        [
            str(BIN / "hatrack"),
            "account",
            "create",
            "--state-dir",
            str(tmp_path),
            "--database",
            str(a.database_url),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert refused.returncode == 1
    assert "HATRACK_MASTER_KEY" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "master.key").exists()
