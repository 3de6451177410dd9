"""Callbacks that run once a unit of work commits (and never when it rolls back).

A repository registers one with ``after_commit(conn, callback)``; ``Database.begin`` runs them after
the commit. It lives apart from ``db.py`` so that ``changes.py`` can use it while ``db.py`` uses
``changes.py`` (for the reset), without a circle. Imports nothing of hatrack.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Connection

AFTER_COMMIT = "hatrack_after_commit"


def after_commit(conn: Connection, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the transaction of ``conn`` (opened by ``Database.begin``) commits."""
    conn.info.setdefault(AFTER_COMMIT, []).append(callback)


def take_callbacks(conn: Connection) -> list[Callable[[], None]]:
    """The callbacks registered on ``conn``, removed from it (``Database.begin`` runs them)."""
    callbacks: list[Callable[[], None]] = conn.info.pop(AFTER_COMMIT, [])
    return callbacks
