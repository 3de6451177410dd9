"""A mixed load, as a busy platform makes it: reads and writes of users and keys, AssumeRole,
GetCallerIdentity and LookupEvents from many clients at once, on long-lived keep-alive connections.

Each client repeats one cycle (CreateUser, CreateAccessKey, GetUser, ListUsers, AssumeRole,
GetCallerIdentity, LookupEvents, DeleteAccessKey, DeleteUser), signing every request with botocore
(SigV4, fresh date) over one HTTP connection it keeps. A few clients pause longer than a common
idle timeout between cycles (``--idle-clients``, ``--idle-seconds``), so a server that closes idle
connections under a client shows as connection errors. Prints requests/s, p50/p99 per operation,
answers other than 200, and connection errors.

    python benchmarks/mixed_load.py [--seconds 60] [--clients 32] [--workers 1]
    python benchmarks/mixed_load.py --endpoint URL --key AKIA... --secret ...   # a running server
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
from side_by_side import ASSUME_ANY_ROLE, TRUST_ANYONE_IN_ACCOUNT, hatrack

CLOUDTRAIL_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
_KEY_ID = re.compile(r"<AccessKeyId>([A-Z0-9]+)</AccessKeyId>")


@dataclass(frozen=True)
class Setup:
    endpoint: str
    root: tuple[str, str]
    assumer: tuple[str, str]
    role_arn: str


class _Client:
    """One keep-alive connection and the tally of what it saw."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.parsed = urllib.parse.urlsplit(setup.endpoint)
        self.connection = self._connect()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[str] = Counter()
        self.connection_errors = 0

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.parsed.hostname, self.parsed.port, timeout=60)

    def call(
        self, operation: str, service: str, body: str, credentials: tuple[str, str], *, json_target: str = ""
    ) -> str:
        headers = (
            {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": json_target}
            if json_target
            else {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        )
        request = botocore.awsrequest.AWSRequest(
            method="POST", url=self.setup.endpoint + "/", data=body, headers=headers
        )
        botocore.auth.SigV4Auth(
            botocore.credentials.Credentials(*credentials), service, "us-east-1"
        ).add_auth(request)
        start = time.perf_counter()
        try:
            self.connection.request("POST", "/", body=body.encode(), headers=dict(request.headers.items()))
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection_errors += 1
            self.connection.close()
            self.connection = self._connect()
            return ""
        self.latencies[operation].append((time.perf_counter() - start) * 1000.0)
        if response.status != 200:
            self.statuses[f"{operation} {response.status}"] += 1
        return text

    def cycle(self, name: str) -> None:
        setup, root = self.setup, self.setup.root
        iam = "Version=2010-05-08"
        self.call("CreateUser", "iam", f"Action=CreateUser&{iam}&UserName={name}", root)
        created = self.call("CreateAccessKey", "iam", f"Action=CreateAccessKey&{iam}&UserName={name}", root)
        self.call("GetUser", "iam", f"Action=GetUser&{iam}&UserName={name}", root)
        self.call("ListUsers", "iam", f"Action=ListUsers&{iam}&MaxItems=50", root)
        role = urllib.parse.quote(setup.role_arn, safe="")
        self.call(
            "AssumeRole",
            "sts",
            f"Action=AssumeRole&Version=2011-06-15&RoleArn={role}&RoleSessionName={name[:60]}",
            setup.assumer,
        )
        self.call("GetCallerIdentity", "sts", "Action=GetCallerIdentity&Version=2011-06-15", root)
        self.call(
            "LookupEvents",
            "cloudtrail",
            json.dumps(
                {"MaxResults": 20, "LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": name}]}
            ),
            root,
            json_target=CLOUDTRAIL_TARGET,
        )
        found = _KEY_ID.search(created)
        if found:
            key_id = found.group(1)
            self.call(
                "DeleteAccessKey",
                "iam",
                f"Action=DeleteAccessKey&{iam}&UserName={name}&AccessKeyId={key_id}",
                root,
            )
        self.call("DeleteUser", "iam", f"Action=DeleteUser&{iam}&UserName={name}", root)


def _client_loop(setup: Setup, index: int, deadline: float, idle: float, out: list[_Client]) -> None:
    client = _Client(setup)
    out.append(client)
    prefix = f"m{os.getpid()}-{index}"
    n = 0
    while time.monotonic() < deadline:
        n += 1
        client.cycle(f"{prefix}-{n}")
        if idle and time.monotonic() + idle < deadline:
            time.sleep(idle)  # longer than a common idle timeout: the next request reuses an old connection
    client.connection.close()


def _process(
    setup: Setup,
    first: int,
    threads: int,
    idle_clients: int,
    idle: float,
    seconds: float,
    queue: multiprocessing.Queue,
) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    clients: list[_Client] = []
    workers = [
        threading.Thread(
            target=_client_loop,
            args=(setup, first + i, deadline, idle if first + i < idle_clients else 0.0, clients),
        )
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    for client in clients:
        for operation, values in client.latencies.items():
            latencies[operation].extend(values)
        statuses.update(client.statuses)
    queue.put((dict(latencies), dict(statuses), sum(c.connection_errors for c in clients)))


def _prepare(endpoint: str, root: tuple[str, str], account: str) -> Setup:
    def client(service: str) -> object:
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=root[0],
            aws_secret_access_key=root[1],
        )

    iam = client("iam")
    role = iam.create_role(  # type: ignore[attr-defined]
        RoleName="mixed", AssumeRolePolicyDocument=TRUST_ANYONE_IN_ACCOUNT.format(account=account)
    )
    iam.create_user(UserName="mixed-assumer")  # type: ignore[attr-defined]
    iam.put_user_policy(UserName="mixed-assumer", PolicyName="assume", PolicyDocument=ASSUME_ANY_ROLE)  # type: ignore[attr-defined]
    key = iam.create_access_key(UserName="mixed-assumer")["AccessKey"]  # type: ignore[attr-defined]
    return Setup(endpoint, root, (key["AccessKeyId"], key["SecretAccessKey"]), role["Role"]["Arn"])


def run(setup: Setup, *, clients: int, seconds: float, idle_clients: int, idle_seconds: float) -> None:
    processes = 2 if clients > 1 else 1
    per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    firsts = [sum(per_process[:i]) for i in range(processes)]
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    children = [
        multiprocessing.Process(
            target=_process, args=(setup, first, n, idle_clients, idle_seconds, seconds, queue)
        )
        for first, n in zip(firsts, per_process, strict=True)
    ]
    started = time.monotonic()
    for child in children:
        child.start()
    collected = [queue.get() for _ in children]
    for child in children:
        child.join()
    elapsed = min(time.monotonic() - started, seconds + 1.0)
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    connection_errors = 0
    for chunk, status, errors in collected:
        for operation, values in chunk.items():
            latencies[operation].extend(values)
        statuses.update(status)
        connection_errors += errors
    every = sorted(x for values in latencies.values() for x in values)
    total = len(every)
    print(
        f"mixed load, {clients} clients ({idle_clients} pausing {idle_seconds:.0f} s between cycles), "
        f"{seconds:.0f} s: {total / elapsed:,.0f} req/s, p50 {_pct(every, 0.5):.1f} ms, "
        f"p99 {_pct(every, 0.99):.1f} ms, connection errors {connection_errors}, "
        f"answers other than 200: {sum(statuses.values())}"
    )
    for operation in sorted(latencies):
        values = sorted(latencies[operation])
        print(
            f"  {operation:18} {len(values):7,} calls  "
            f"p50 {_pct(values, 0.5):6.1f} ms  p99 {_pct(values, 0.99):7.1f} ms"
        )
    for what, count in statuses.most_common():
        print(f"  {what}: {count}")


def _pct(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(fraction * len(values)))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--idle-clients", type=int, default=4)
    parser.add_argument("--idle-seconds", type=float, default=6.0)
    parser.add_argument("--workers", type=int, default=1, help="hatrack worker processes (own server)")
    parser.add_argument("--endpoint", default="", help="a running server instead of a new one")
    parser.add_argument("--key", default="")
    parser.add_argument("--secret", default="")
    args = parser.parse_args()
    options = {
        "clients": args.clients,
        "seconds": args.seconds,
        "idle_clients": args.idle_clients,
        "idle_seconds": args.idle_seconds,
    }
    if args.endpoint:
        account = boto3.client(
            "sts",
            endpoint_url=args.endpoint,
            region_name="us-east-1",
            aws_access_key_id=args.key,
            aws_secret_access_key=args.secret,
        ).get_caller_identity()["Account"]
        run(_prepare(args.endpoint, (args.key, args.secret), account), **options)
        return
    with hatrack(args.workers) as system:
        print(f"{system.name} at {system.endpoint}", flush=True)
        run(_prepare(system.endpoint, (system.key, system.secret), system.account), **options)


if __name__ == "__main__":
    main()
