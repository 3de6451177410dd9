"""The agent's credential cache: one set per workload, served from memory, refreshed ahead of expiry.

- The same set is served until fewer than ``REFRESH_REMAINING`` (25 minutes) remain, so thousands of
  SDK refreshes cost one AssumeRole per 35 minutes (credentials last an hour; botocore refreshes 15
  and 10 minutes before expiry, so every SDK read sees a set with more than 25 minutes left).
- The refresher (``refresh_if_due``, called every second by the agent's loop and whenever there is no
  usable set) fetches a new set in the background; the endpoints never wait for the network while
  they hold an unexpired set.
- A server outage: the cached set keeps being served until it expires, and fetches are retried with
  exponential backoff (1 s doubling to 60 s) [choice]. A refusal (the workload deregistered, its
  certificate revoked) drops the cached set: the workload is cut off.
- The clock is injected (``clock``), so tests can move time across expiry without waiting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hatrack.agent.client import ServerRefused, ServerUnavailable

log = logging.getLogger("hatrack.agent")

REFRESH_REMAINING = timedelta(minutes=25)
RETRY_FIRST = timedelta(seconds=1)
RETRY_MAX = timedelta(seconds=60)
# [choice] after a successful fetch, the next one waits at least this long, even when the new set
# already looks due (an agent clock far ahead of the server's must not turn into a fetch per second).
MIN_REFETCH = timedelta(seconds=10)
ISO = "%Y-%m-%dT%H:%M:%SZ"


def system_clock() -> datetime:
    return datetime.now(UTC)


def offset_clock(path: Path) -> Callable[[], datetime]:
    """The real time plus the seconds written in ``path`` (0 when absent): a test's way to move the
    agent's time forward (``HATRACK_AGENT_CLOCK_OFFSET_FILE``)."""

    def clock() -> datetime:
        try:
            offset = float(path.read_text().strip() or 0)
        except (OSError, ValueError):
            offset = 0.0
        return datetime.now(UTC) + timedelta(seconds=offset)

    return clock


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, ISO).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CredentialSet:
    access_key_id: str
    secret_access_key: str
    token: str
    expiration: datetime
    last_updated: datetime
    role_arn: str
    role_name: str
    instance_profile_arn: str
    instance_profile_id: str

    @classmethod
    def from_answer(cls, answer: dict[str, Any], *, now: datetime) -> CredentialSet:
        return cls(
            access_key_id=str(answer["AccessKeyId"]),
            secret_access_key=str(answer["SecretAccessKey"]),
            token=str(answer["Token"]),
            expiration=parse_time(str(answer["Expiration"])),
            last_updated=now,
            role_arn=str(answer["RoleArn"]),
            role_name=str(answer["RoleName"]),
            instance_profile_arn=str(answer["InstanceProfileArn"]),
            instance_profile_id=str(answer["InstanceProfileId"]),
        )

    def __repr__(self) -> str:  # never a secret in a log line
        return f"CredentialSet({self.access_key_id}, expires {self.expiration:{ISO}})"


class CredentialCache:
    def __init__(
        self, fetch: Callable[[], dict[str, Any]], *, clock: Callable[[], datetime] = system_clock
    ) -> None:
        self._fetch = fetch
        self.clock = clock
        self._lock = threading.Lock()
        self._fetching = threading.Lock()
        self._current: CredentialSet | None = None
        self._failures = 0
        self._next_attempt: datetime | None = None
        self.refusal: ServerRefused | None = None  # the server's last refusal, shown by iam/info
        self.fetches = 0

    def usable(self) -> CredentialSet | None:
        """The cached set while it has not expired (by the agent's clock)."""
        with self._lock:
            current = self._current
        if current is not None and current.expiration > self.clock():
            return current
        return None

    def is_due(self, now: datetime) -> bool:
        with self._lock:
            current = self._current
        return current is None or current.expiration - now < REFRESH_REMAINING

    def get(self) -> CredentialSet | None:
        """What the endpoints serve: the cached set, or (none usable) the result of a fetch now."""
        current = self.usable()
        if current is not None:
            return current
        self.refresh_if_due()
        return self.usable()

    def refresh_if_due(self) -> None:
        now = self.clock()
        if not self.is_due(now):
            return
        with self._lock:
            if self._next_attempt is not None and now < self._next_attempt:
                return
        if not self._fetching.acquire(blocking=False):
            return  # another thread is fetching
        try:
            self._attempt(now)
        finally:
            self._fetching.release()

    def _attempt(self, now: datetime) -> None:
        try:
            answer = self._fetch()
            fresh = CredentialSet.from_answer(answer, now=now)
        except ServerUnavailable as error:
            self._back_off(now, str(error))
            return
        except ServerRefused as error:
            with self._lock:
                self.refusal = error
                self._current = None  # refused: the workload is cut off
            self._back_off(now, f"refused ({error.code}: {error.message})")
            return
        with self._lock:
            self._current, self._failures, self.refusal = fresh, 0, None
            self._next_attempt = now + MIN_REFETCH
            self.fetches += 1
        log.info("credentials refreshed: %s for %s", fresh, fresh.role_arn)

    def _back_off(self, now: datetime, why: str) -> None:
        with self._lock:
            self._failures += 1
            delay = min(RETRY_FIRST * (2 ** (self._failures - 1)), RETRY_MAX)
            self._next_attempt = now + delay
            current = self._current
        serving = f"serving {current} until it expires" if current is not None else "no credentials to serve"
        log.warning("credentials not refreshed: %s; retry in %ds; %s", why, delay.total_seconds(), serving)
