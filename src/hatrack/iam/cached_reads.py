"""Reads on every request's path, remembered by the store's generation: a principal's policy set, and the
role an AssumeRole names with its tags.

Each answer comes from memory when the store's generation (``hatrack.store.generation``, one indexed
read per read unit) is the one the entry was read at, and otherwise from the store. Any change to a
user, group, role, policy, attachment or tag moves the generation in its own transaction, so the next
request on any process or node reads the change: nothing here serves what an acknowledged change has
replaced.

Only read units fill the caches (a write transaction could see its own change and then roll back);
write transactions read through to the store. Bounded by the characters they hold (LRU).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.engine import Connection

from hatrack.evaluation.cache import SizedCache
from hatrack.iam.policy_source import NOTHING, PrincipalPolicies, load_principal_policies
from hatrack.model import Caller, CallerKind, TokenKind
from hatrack.store import generation, resource_tags
from hatrack.store.db import is_read_unit
from hatrack.store.sts import RoleForSession, role_for_session

V = TypeVar("V")

_OVERHEAD = 256  # a rough size of an entry's own objects, beside the text it holds

_CACHE = SizedCache[tuple[Hashable, int], object](max_weight=32 * 1024 * 1024)


def _remembered(conn: Connection, key: Hashable, load: Callable[[], V], weight: Callable[[V], int]) -> V:
    if not is_read_unit(conn):
        return load()
    seen = generation.seen(conn)  # INVARIANT: read before the data (see store/generation.py)
    cached = _CACHE.get((key, seen))
    if cached is not None:
        return cached  # type: ignore[return-value]  # keys are per kind of value
    value = load()
    _CACHE.put((key, seen), value, _OVERHEAD + weight(value))
    return value


# --- a caller's policy set ----------------------------------------------------------------------------


def principal_key(caller: Caller) -> tuple[str, str, str, str] | None:
    """Who ``caller``'s policies belong to, as the policy source finds them; None: no stored policies."""
    if caller.is_root or caller.kind is CallerKind.ANONYMOUS:
        return None
    session = caller.session
    if session is not None and session.kind is TokenKind.ASSUMED_ROLE:
        return ("role", caller.account_id, session.role_id, caller.partition)
    if session is not None and session.user_id:
        return ("user-id", caller.account_id, session.user_id, caller.partition)
    if caller.kind is CallerKind.IAM_USER and caller.principal_id:
        return ("user-id", caller.account_id, caller.principal_id, caller.partition)
    name = session.user_name if session is not None else caller.user_name
    return ("user-name", caller.account_id, name, caller.partition) if name else None


def principal_policies(conn: Connection, caller: Caller) -> PrincipalPolicies:
    """``load_principal_policies(conn, caller)``, from memory while the store has not changed."""
    key = principal_key(caller)
    if key is None:
        return NOTHING
    return _remembered(conn, key, lambda: load_principal_policies(conn, caller), _policies_weight)


def _policies_weight(policies: PrincipalPolicies) -> int:
    size = sum(len(p.document) + len(p.name) + len(p.policy_arn or "") for p in policies.identity)
    if policies.boundary is not None:
        size += len(policies.boundary.document)
    return size + sum(len(k) + len(v) for k, v in policies.tags)


# --- the role of an AssumeRole, and its tags ------------------------------------------------------------


def role_by_name(conn: Connection, account_id: str, role_name: str) -> RoleForSession | None:
    """``store.sts.role_for_session``, from memory while the store has not changed."""
    key = ("role-by-name", account_id, role_name.lower())
    return _remembered(
        conn,
        key,
        lambda: role_for_session(conn, account_id, role_name),
        lambda role: len(role.assume_role_policy_document) if role is not None else 0,
    )


def role_tags(conn: Connection, account_id: str, role_id: str) -> tuple[tuple[str, str], ...]:
    """The role's tags (``store.resource_tags``), from memory while the store has not changed."""
    return _remembered(
        conn,
        ("role-tags", account_id, role_id),
        lambda: resource_tags.get_tags(conn, account_id, resource_tags.ROLE, role_id),
        lambda tags: sum(len(k) + len(v) for k, v in tags),
    )


def forget_all() -> None:
    """Empty the caches (tests)."""
    _CACHE.clear()
