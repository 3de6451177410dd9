"""How long read_signature_claim + verify_signature take for a typical botocore POST (not a test).

Run: ``python -m tests.sigv4.bench_verify``. Signs one IAM CreateUser request with a session token via
botocore's SigV4Auth, then times the server side with a warm signing-key cache, the way every request
after a client's first of the day is verified. CPU time of this process (``time.process_time``), best of
7, so that other work on a shared machine does not count.
"""

from __future__ import annotations

import time
import timeit
from datetime import UTC, datetime

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import SigningKeyCache, read_signature_claim, verify_signature

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SERVICES = frozenset({"iam", "sts", "cloudtrail"})


def typical_request() -> HttpRequest:
    request = AWSRequest(
        method="POST",
        url="https://iam.amazonaws.com/",
        data=b"Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fengineering%2F",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "User-Agent": "Boto3/1.44.8 md/Botocore#1.44.8 ua/2.1 os/linux lang/python#3.11.7",
            "amz-sdk-invocation-id": "16cdfddb-7dee-4d46-86d2-b706bba43a4d",
            "amz-sdk-request": "attempt=1; max=3",
        },
    )
    credentials = Credentials("ASIAIOSFODNN7EXAMPLE", SECRET, "FwoGZXIvYXdzEBYaDH" + "x" * 600)
    SigV4Auth(credentials, "iam", "us-east-1").add_auth(request)
    prepared = request.prepare()
    headers = [("host", "iam.amazonaws.com")]
    headers += [
        (name, value.decode() if isinstance(value, bytes) else value)
        for name, value in prepared.headers.items()
    ]
    assert isinstance(prepared.body, bytes)
    return HttpRequest("POST", "/", "", tuple(headers), prepared.body)


def main() -> None:
    request = typical_request()
    stamp = dict(request.headers)["X-Amz-Date"]
    now = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    cache = SigningKeyCache()

    def once() -> None:
        claim = read_signature_claim(request, now=now, services=SERVICES)
        verify_signature(request, claim, SECRET, cache=cache)

    def read_only() -> None:
        read_signature_claim(request, now=now, services=SERVICES)

    def uncached() -> None:
        claim = read_signature_claim(request, now=now, services=SERVICES)
        verify_signature(request, claim, SECRET)

    def calibration() -> None:  # about 0.75 µs on an idle modern x86 core
        sum(range(100))

    once()
    cases = (
        ("read + verify (cached key)", once),
        ("read only", read_only),
        ("read + verify (no cache)", uncached),
        ("calibration sum(range(100))", calibration),
    )
    for name, function in cases:
        runs = 20000
        best = min(timeit.repeat(function, number=runs, repeat=7, timer=time.process_time)) / runs
        print(f"{name:30s} {best * 1e6:6.1f} µs")


if __name__ == "__main__":
    main()
