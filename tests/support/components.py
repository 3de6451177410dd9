"""One rule for tests that need something outside the repository (PostgreSQL, the shared corpus).

On a developer's machine a missing component skips the tests that need it, with the reason. Under CI
(``CI=true``) the same absence fails them: CI must never report green for tests that did not run.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def is_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing(component: str, reason: str) -> NoReturn:
    """Skip (or, under ``CI=true``, fail) the running test because ``component`` is not there."""
    if is_ci():
        pytest.fail(f"{component} is required under CI: {reason}")
    pytest.skip(f"{component} not available on this machine: {reason}")
