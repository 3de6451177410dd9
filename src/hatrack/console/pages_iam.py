"""Console pages: iam."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.routing import Route


def routes(route: Callable[..., Route]) -> list[Any]:
    return []
