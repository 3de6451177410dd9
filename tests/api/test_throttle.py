"""Authentication failures past a caller's rate are answered with Throttling; good requests never are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

from hatrack.api.pipeline import Client, Pipeline
from hatrack.api.services import build_services
from hatrack.api.throttle import ADDRESS_RULE, KEY_RULE, BucketRule, FailureLimiter
from hatrack.sigv4.request import HttpRequest
from hatrack.state import open_state

# --- the buckets -------------------------------------------------------------------------------


def test_a_key_gets_its_burst_of_failures_then_none_until_refilled() -> None:
    limiter = FailureLimiter(per_key=BucketRule(burst=3, per_second=0.5), per_address=BucketRule(100, 100))

    assert [limiter.allow_failure("AKIA1", "10.0.0.1", now=0.0) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert limiter.allow_failure("AKIA1", "10.0.0.1", now=1.9) is False
    assert limiter.allow_failure("AKIA1", "10.0.0.1", now=2.0) is True  # one token back after 2 s
    assert limiter.allow_failure("AKIA2", "10.0.0.1", now=2.0) is True  # another key has its own bucket


def test_an_address_is_limited_across_keys_and_without_a_key() -> None:
    limiter = FailureLimiter(per_key=BucketRule(100, 1), per_address=BucketRule(burst=2, per_second=1))

    assert limiter.allow_failure("AKIA1", "10.0.0.1", now=0.0)
    assert limiter.allow_failure(None, "10.0.0.1", now=0.0)
    assert not limiter.allow_failure("AKIA2", "10.0.0.1", now=0.0)
    assert limiter.allow_failure("AKIA2", "10.0.0.2", now=0.0)


def test_a_throttled_failure_takes_no_token_and_a_clock_stepping_back_refills_nothing() -> None:
    limiter = FailureLimiter(per_key=BucketRule(burst=1, per_second=1), per_address=BucketRule(100, 1))
    assert limiter.allow_failure("AKIA1", "a", now=10.0)
    assert not limiter.allow_failure("AKIA1", "a", now=5.0)
    assert limiter.allow_failure("AKIA1", "a", now=11.0)


def test_the_buckets_stay_bounded() -> None:
    limiter = FailureLimiter(per_key=BucketRule(1, 1), per_address=BucketRule(1, 1), max_tracked=4)
    for index in range(20):
        assert limiter.allow_failure(f"AKIA{index}", f"10.0.0.{index}", now=float(index))
    assert len(limiter._keys._state) <= 4 and len(limiter._addresses._state) <= 4


def test_the_documented_numbers() -> None:
    assert (KEY_RULE.burst, KEY_RULE.per_second * 60) == (10, 10)
    assert (ADDRESS_RULE.burst, ADDRESS_RULE.per_second) == (50, 1.0)


# --- through the pipeline, with the services' clock --------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Pipeline, Clock, Any]]:
    state = open_state(tmp_path)
    clock = Clock()
    pipeline = Pipeline(build_services(state.database, state.keyring, clock=clock))
    try:
        yield pipeline, clock, state.new_root_credentials
    finally:
        state.database.dispose()


def _signed(key_id: str, secret: str) -> HttpRequest:
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url="http://127.0.0.1:1/",
        data="Action=GetCallerIdentity&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret), "sts", "us-east-1").add_auth(
        request
    )
    headers = (*((k, str(v)) for k, v in request.headers.items()), ("host", "127.0.0.1:1"))
    body = request.body.encode() if isinstance(request.body, str) else request.body
    return HttpRequest("POST", "/", "", headers, body)


def _code(pipeline: Pipeline, request: HttpRequest, address: str = "192.0.2.1") -> tuple[int, str]:
    response = pipeline.handle(request, Client(source_ip=address, user_agent="test"))
    body = response.body.decode()
    if response.status == 200:
        return 200, "OK"
    return response.status, body.split("<Code>")[1].split("</Code>")[0]


def test_after_a_burst_of_bad_signatures_from_one_key_the_next_is_throttled(
    world: tuple[Pipeline, Clock, Any],
) -> None:
    pipeline, clock, root = world
    bad = _signed(root.access_key_id, "not-the-secret")

    answers = [_code(pipeline, bad) for _ in range(int(KEY_RULE.burst))]
    assert answers == [(403, "SignatureDoesNotMatch")] * int(KEY_RULE.burst)
    assert _code(pipeline, bad) == (400, "Throttling")
    assert "<Message>Rate exceeded</Message>" in pipeline.handle(bad, Client("192.0.2.1", "t")).body.decode()

    # The key's owner, signing correctly from the same address, is never throttled.
    assert _code(pipeline, _signed(root.access_key_id, root.secret_access_key)) == (200, "OK")

    clock.now += timedelta(seconds=1 / KEY_RULE.per_second)  # one failure's worth refilled
    assert _code(pipeline, bad) == (403, "SignatureDoesNotMatch")
    assert _code(pipeline, bad) == (400, "Throttling")


def test_a_flood_of_unknown_keys_from_one_address_is_throttled_by_address(
    world: tuple[Pipeline, Clock, Any],
) -> None:
    pipeline, _, root = world
    answers = [
        _code(pipeline, _signed(f"AKIAFLOOD{index:011d}", "x"), address="198.51.100.9")
        for index in range(int(ADDRESS_RULE.burst) + 1)
    ]

    assert answers[:-1] == [(403, "InvalidClientTokenId")] * int(ADDRESS_RULE.burst)
    assert answers[-1] == (400, "Throttling")
    # Another address is not affected; neither is a good request from the flooding one.
    assert _code(pipeline, _signed("AKIAFLOOD99999999999", "x"), address="198.51.100.10") == (
        403,
        "InvalidClientTokenId",
    )
    assert _code(pipeline, _signed(root.access_key_id, root.secret_access_key), address="198.51.100.9") == (
        200,
        "OK",
    )
