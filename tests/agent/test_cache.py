"""The agent's credential cache, with an injected clock: one set until fewer than 25 minutes remain,
refreshed ahead of expiry without a failed read, a server outage ridden out with backoff, a refusal
cutting the workload off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hatrack.agent.cache import REFRESH_REMAINING, CredentialCache
from hatrack.agent.client import ServerRefused, ServerUnavailable

START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class Server:
    """Issues one-hour credentials numbered 1, 2, ...; can be down or refuse."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.issued = 0
        self.down = False
        self.refuse = False
        self.calls = 0

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if self.down:
            raise ServerUnavailable("server unreachable: connection refused")
        if self.refuse:
            raise ServerRefused(403, "AccessDenied", "The workload is deregistered")
        self.issued += 1
        expiration = self.clock.now.replace(microsecond=0) + HOUR
        return {
            "AccessKeyId": f"ASIAKEY{self.issued}",
            "SecretAccessKey": "secret",
            "Token": "token",
            "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "RoleArn": "arn:aws:iam::123456789012:role/web",
            "RoleName": "web",
            "InstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/web",
            "InstanceProfileId": "AIPAEXAMPLE",
        }


def make() -> tuple[Clock, Server, CredentialCache]:
    clock = Clock()
    server = Server(clock)
    return clock, server, CredentialCache(server, clock=clock)


def key(cache: CredentialCache) -> str | None:
    found = cache.get()
    return found.access_key_id if found is not None else None


def test_the_same_set_is_served_until_fewer_than_25_minutes_remain() -> None:
    clock, server, cache = make()
    assert key(cache) == "ASIAKEY1"
    for _ in range(1000):
        assert key(cache) == "ASIAKEY1"
        cache.refresh_if_due()
    clock.advance(HOUR - REFRESH_REMAINING - timedelta(seconds=1))  # 25 min + 1 s remain
    cache.refresh_if_due()
    assert key(cache) == "ASIAKEY1"
    assert server.calls == 1
    clock.advance(timedelta(seconds=2))  # 24 min 59 s remain
    cache.refresh_if_due()
    assert key(cache) == "ASIAKEY2"
    assert server.calls == 2


def test_a_refresh_across_expiry_never_leaves_a_read_without_credentials() -> None:
    clock, server, cache = make()
    seen = []
    for _ in range(6 * 60):  # six hours, one read and one refresher step a minute
        found = cache.get()
        assert found is not None and found.expiration > clock.now
        assert found.expiration - clock.now >= REFRESH_REMAINING - timedelta(minutes=1)
        seen.append(found.access_key_id)
        cache.refresh_if_due()
        clock.advance(timedelta(minutes=1))
    assert len(set(seen)) >= 6
    assert server.calls == len(set(seen))


def test_an_outage_is_ridden_out_with_backoff_until_the_set_expires() -> None:
    clock, server, cache = make()
    assert key(cache) == "ASIAKEY1"
    clock.advance(timedelta(minutes=40))  # 20 minutes left: due
    server.down = True
    attempts = []
    for _ in range(19 * 60):  # every second for 19 minutes
        cache.refresh_if_due()
        attempts.append(server.calls)
        assert key(cache) == "ASIAKEY1"  # still served
        clock.advance(timedelta(seconds=1))
    tries = server.calls - 1
    assert 5 <= tries <= 30  # 1, 2, 4, ... 60 s apart: not one per second
    server.down = False
    clock.advance(timedelta(seconds=61))
    cache.refresh_if_due()
    assert key(cache) == "ASIAKEY2"


def test_an_expired_set_is_never_served() -> None:
    clock, server, cache = make()
    assert key(cache) == "ASIAKEY1"
    server.down = True
    clock.advance(HOUR)
    assert cache.get() is None


def test_a_refusal_cuts_the_workload_off() -> None:
    clock, server, cache = make()
    assert key(cache) == "ASIAKEY1"
    server.refuse = True
    clock.advance(timedelta(minutes=36))
    cache.refresh_if_due()
    assert cache.get() is None
    assert cache.refusal is not None and cache.refusal.code == "AccessDenied"


def test_a_credential_set_never_shows_its_secret() -> None:
    _clock, _server, cache = make()
    found = cache.get()
    assert found is not None
    assert found.secret_access_key not in repr(found)
    assert found.token not in repr(found)
