"""npm packages for tests, installed once from the npm registry into a cache folder.

Without node or npm on the machine the tests that need them skip with the reason; under CI
(``CI=true``) they must run (``.ci/run`` installs nodejs and npm with apt when they are missing).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def cache_root() -> Path:
    base = (
        os.environ.get("HATRACK_TEST_CACHE")
        or os.environ.get("XDG_CACHE_HOME")
        or str(Path.home() / ".cache")
    )
    return Path(base) / "hatrack-tests"


def npm_packages(name: str, packages: tuple[str, ...]) -> Path:
    """A folder whose ``node_modules`` holds ``packages`` (pinned ``name@version`` specs)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node and npm are required under CI (.ci/run installs them)")
        pytest.skip("node or npm is not installed")
    folder = cache_root() / name
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".installed"
    wanted = "\n".join(packages)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # several test workers may ask at once
        if not marker.exists() or marker.read_text() != wanted:
            done = subprocess.run(
                [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent", *packages],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0:
                message = f"npm install {' '.join(packages)} failed: {done.stderr[-2000:]}"
                if os.environ.get("CI") == "true":
                    pytest.fail(message)
                pytest.skip(message)
            marker.write_text(wanted)
    return folder
