"""Session tags: what a request may pass, what a chain carries along, and their condition keys.

AWS (IAM User Guide, "Passing session tags in AWS STS"): up to 50 tags; keys are case-insensitive
(``Department`` and ``department`` are one key); every transitive key must be one of the request's
tags; tags made transitive earlier in a role chain are passed on to the next session and cannot be
set again by a later request. The model checks lengths and characters before this module runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hatrack.errors import ValidationError
from hatrack.model import SessionClaims, SessionTag, TokenKind

MAX_SESSION_TAGS = 50

DUPLICATE_KEYS = "Duplicate tag keys found. Please note that Tag keys are case insensitive."
TRANSITIVE_NOT_TAGGED = "The specified transitive tag key must be included in the requested tags."


@dataclass(frozen=True, slots=True)
class SessionTagSet:
    """The tags a new session carries, and which of them pass along a role chain."""

    tags: tuple[SessionTag, ...] = ()
    transitive_keys: tuple[str, ...] = ()
    requested: tuple[SessionTag, ...] = ()  # only the tags of this request (for aws:RequestTag/*)
    requested_transitive_keys: tuple[str, ...] = ()


def inherited_transitive_tags(
    caller_session: SessionClaims | None,
) -> tuple[tuple[SessionTag, ...], tuple[str, ...]]:
    """The transitive tags of a role session that assumes another role (none for other callers)."""
    if caller_session is None or caller_session.kind is not TokenKind.ASSUMED_ROLE:
        return (), ()
    keys = {key.lower() for key in caller_session.transitive_tag_keys}
    tags = tuple(tag for tag in caller_session.tags if tag.key.lower() in keys)
    return tags, tuple(caller_session.transitive_tag_keys)


def combine_session_tags(
    requested: Sequence[SessionTag],
    transitive_keys: Sequence[str],
    *,
    caller_session: SessionClaims | None = None,
) -> SessionTagSet:
    """Check the request's tags and add the transitive tags of the caller's role session."""
    seen: set[str] = set()
    for tag in requested:
        folded = tag.key.lower()
        if folded in seen:
            raise ValidationError(DUPLICATE_KEYS)
        seen.add(folded)
    transitive_seen: set[str] = set()
    for key in transitive_keys:
        if key.lower() not in seen:
            raise ValidationError(TRANSITIVE_NOT_TAGGED)
        transitive_seen.add(key.lower())
    inherited_tags, inherited_keys = inherited_transitive_tags(caller_session)
    for tag in inherited_tags:
        if tag.key.lower() in seen:
            raise ValidationError(
                f"Tag key {tag.key} is transitive from the calling role session and cannot be set again."
            )
    tags = inherited_tags + tuple(requested)
    if len(tags) > MAX_SESSION_TAGS:
        raise ValidationError(
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_SESSION_TAGS}"
        )
    requested_keys = tuple(dict.fromkeys(transitive_keys))  # keep order, drop repeats
    return SessionTagSet(
        tags=tags,
        transitive_keys=tuple(inherited_keys) + tuple(k for k in requested_keys if k not in inherited_keys),
        requested=tuple(requested),
        requested_transitive_keys=requested_keys,
    )


def request_tag_context(tag_set: SessionTagSet) -> dict[str, str | list[str]]:
    """``aws:RequestTag/K``, ``aws:TagKeys`` and ``sts:TransitiveTagKeys`` of the request's tags."""
    if not tag_set.requested:
        return {}
    context: dict[str, str | list[str]] = {
        f"aws:RequestTag/{tag.key}": tag.value for tag in tag_set.requested
    }
    context["aws:TagKeys"] = [tag.key for tag in tag_set.requested]
    if tag_set.requested_transitive_keys:
        context["sts:TransitiveTagKeys"] = list(tag_set.requested_transitive_keys)
    return context
