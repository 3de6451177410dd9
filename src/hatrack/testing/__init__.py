"""hatrack as the test double of other people's test suites: a real server, reset between tests.

``hatrack.testing.pytest_plugin`` is the pytest plugin (registered as a ``pytest11`` entry point, so
installing hatrack is enough); ``server`` starts and resets a real ``hatrack serve --dev`` process,
``harness`` is what a test holds (boto3 sessions, users, roles, assumed hats, the trail) and
``environment`` keeps the developer's real AWS credentials and ``~/.aws`` out of every test.

This package is a client of hatrack like any SDK: it talks HTTP (boto3/botocore) to a server it
starts as a subprocess, and never imports the store, iam/ or sts/ internals.
"""

from __future__ import annotations

from hatrack.testing.documents import allow, deny, trust_policy
from hatrack.testing.harness import Credentials, Hatrack, Role, TrailEvent, TrailEvents, User
from hatrack.testing.server import HatrackTestServer, start_server

__all__ = [
    "Credentials",
    "Hatrack",
    "HatrackTestServer",
    "Role",
    "TrailEvent",
    "TrailEvents",
    "User",
    "allow",
    "deny",
    "start_server",
    "trust_policy",
]
