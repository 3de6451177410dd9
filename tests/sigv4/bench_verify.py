"""How long read_signature_claim + verify_signature take for a typical botocore POST (not a test).

Run: ``python -m tests.sigv4.bench_verify``. Signs one IAM CreateUser request with a session token via
botocore's SigV4Auth, then times the server side with a warm signing-key cache, the way every request
after a client's first of the day is verified. CPU time of this process (``time.process_time``), best of
7, so that other work on a shared machine does not count.
"""

from __future__ import annotations

import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from hatrack.sigv4.request import HttpRequest
from hatrack.sigv4.verify import SigningKeyCache, read_signature_claim, verify_signature

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SERVICES = frozenset({"iam", "sts", "cloudtrail"})


def typical_request(session_token: str | None) -> HttpRequest:
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
    credentials = Credentials("ASIAIOSFODNN7EXAMPLE", SECRET, session_token)
    SigV4Auth(credentials, "iam", "us-east-1").add_auth(request)
    prepared = request.prepare()
    headers = [("host", "iam.amazonaws.com")]
    headers += [
        (name, value.decode() if isinstance(value, bytes) else value)
        for name, value in prepared.headers.items()
    ]
    assert isinstance(prepared.body, bytes)
    return HttpRequest("POST", "/", "", tuple(headers), prepared.body)


def best_microseconds(function: Callable[[], object]) -> float:
    runs = 20000
    return min(timeit.repeat(function, number=runs, repeat=7, timer=time.process_time)) / runs * 1e6


def main() -> None:
    for label, token in (
        ("long-term key", None),
        ("session token (700 chars)", "FwoGZXIvYXdzEBYaDH" + "x" * 682),
    ):
        request = typical_request(token)
        stamp = dict(request.headers)["X-Amz-Date"]
        now = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        cache = SigningKeyCache()
        claim = read_signature_claim(request, now=now, services=SERVICES)

        def once(request: HttpRequest = request, now: datetime = now, cache: SigningKeyCache = cache) -> None:
            claim = read_signature_claim(request, now=now, services=SERVICES)
            verify_signature(request, claim, SECRET, cache=cache)

        def uncached(request: HttpRequest = request, now: datetime = now) -> None:
            claim = read_signature_claim(request, now=now, services=SERVICES)
            verify_signature(request, claim, SECRET)

        once()
        print(label)
        print(f"  read + verify, cached key   {best_microseconds(once):6.1f} µs")
        print(f"  read + verify, no cache     {best_microseconds(uncached):6.1f} µs")
        read_alone = best_microseconds(partial(read_signature_claim, request, now=now, services=SERVICES))
        verify_alone = best_microseconds(partial(verify_signature, request, claim, SECRET, cache=cache))
        print(f"  read alone                  {read_alone:6.1f} µs")
        print(f"  verify alone, cached key    {verify_alone:6.1f} µs")
    # About 0.8 µs on an idle modern x86 core: scale the figures above by it on a busy machine.
    print(f"calibration sum(range(100))   {best_microseconds(partial(sum, range(100))):6.1f} µs")


if __name__ == "__main__":
    main()
