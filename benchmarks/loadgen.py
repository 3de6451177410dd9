"""Load generator: real botocore-signed requests over keep-alive connections from several processes.

Each client signs every request itself (SigV4, fresh X-Amz-Date), as SDKs do, and reuses one HTTP
connection. Prints requests/s and p50/p99 latency. Used by side_by_side.py; runnable alone:

    python benchmarks/loadgen.py --endpoint http://127.0.0.1:8740 --key AKIA... --secret ... \
        --operation GetCallerIdentity --clients 32 --seconds 10
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass

import botocore.auth
import botocore.awsrequest
import botocore.credentials

FORMS = {
    "GetCallerIdentity": ("sts", "Action=GetCallerIdentity&Version=2011-06-15"),
    "AssumeRole": ("sts", "Action=AssumeRole&Version=2011-06-15&RoleArn={role_arn}&RoleSessionName=bench"),
    "GetUser": ("iam", "Action=GetUser&Version=2010-05-08"),
    # A new user per request: {name} is unique per client and request.
    "CreateUser": ("iam", "Action=CreateUser&Version=2010-05-08&UserName={name}"),
}


@dataclass(frozen=True)
class Target:
    endpoint: str
    access_key_id: str
    secret_access_key: str
    operation: str
    role_arn: str = ""
    region: str = "us-east-1"
    # Further (key, secret) pairs, e.g. the roots of other accounts: client i signs with pair i mod n,
    # so that CreateUser spreads over accounts and stays under the per-account user quota.
    more_credentials: tuple[tuple[str, str], ...] = ()

    def credentials_of(self, client: int) -> botocore.credentials.Credentials:
        pairs = ((self.access_key_id, self.secret_access_key), *self.more_credentials)
        key, secret = pairs[client % len(pairs)]
        return botocore.credentials.Credentials(key, secret)


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _signed(
    target: Target, credentials: botocore.credentials.Credentials, name: str = "bench"
) -> tuple[bytes, dict[str, str]]:
    service, form = FORMS[target.operation]
    body = form.format(role_arn=urllib.parse.quote(target.role_arn, safe=""), name=name)
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url=target.endpoint + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    botocore.auth.SigV4Auth(credentials, service, target.region).add_auth(request)
    return body.encode(), {k: str(v) for k, v in request.headers.items()}


def _client_loop(target: Target, client: int, deadline: float, out: list[float], errors: list[int]) -> None:
    parsed = urllib.parse.urlsplit(target.endpoint)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    credentials = target.credentials_of(client)
    prefix = f"b{os.getpid()}-{threading.get_ident() % 100_000}-{time.monotonic_ns() % 1_000_000}"
    sent = 0
    while time.monotonic() < deadline:
        sent += 1
        body, headers = _signed(target, credentials, f"{prefix}-{sent}")
        start = time.perf_counter()
        try:
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors[0] += 1
        except (OSError, http.client.HTTPException):
            errors[0] += 1
            connection.close()
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            continue
        out.append((time.perf_counter() - start) * 1000.0)
    connection.close()


def _process(target: Target, first: int, threads: int, seconds: float, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [[0] for _ in range(threads)]
    workers = [
        threading.Thread(target=_client_loop, args=(target, first + i, deadline, latencies[i], errors[i]))
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(([x for chunk in latencies for x in chunk], sum(e[0] for e in errors)))


def run_load(
    target: Target, *, clients: int, seconds: float, processes: int = 2, warmup: float = 1.0
) -> Result:
    """``clients`` concurrent signed clients spread over ``processes`` processes."""
    if warmup:
        run_load(target, clients=min(clients, 4), seconds=warmup, processes=1, warmup=0)
    processes = max(1, min(processes, clients))
    per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    started = time.monotonic()
    firsts = [sum(per_process[:i]) for i in range(len(per_process))]
    children = [
        multiprocessing.Process(target=_process, args=(target, first, n, seconds, queue))
        for first, n in zip(firsts, per_process, strict=True)
        if n
    ]
    for child in children:
        child.start()
    collected = [queue.get() for _ in children]
    for child in children:
        child.join()
    elapsed = time.monotonic() - started
    latencies = [x for chunk, _ in collected for x in chunk]
    return Result(len(latencies), sum(e for _, e in collected), min(elapsed, seconds + 0.5), latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--operation", default="GetCallerIdentity", choices=sorted(FORMS))
    parser.add_argument("--role-arn", default="")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    target = Target(args.endpoint, args.key, args.secret, args.operation, args.role_arn)
    result = run_load(target, clients=args.clients, seconds=args.seconds, processes=args.processes)
    print(
        f"{args.operation} clients={args.clients}: {result.rate:,.0f} req/s, "
        f"p50 {result.percentile(0.5):.1f} ms, p99 {result.percentile(0.99):.1f} ms, "
        f"errors {result.errors}, mean {statistics.fmean(result.latencies_ms or [0]):.1f} ms"
    )


if __name__ == "__main__":
    main()
