"""What the tag operations of every taggable entity share: the request's tags checked, tags shown,
and one page of a List…Tags answer.

Tags are kept in the order they were set (users, roles, policies, instance profiles, OIDC providers),
so a page is keyed by position; the checks (count, lengths, characters, duplicates, AWS's messages)
are the domain's (``iam.names.validate_tags``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hatrack.api.shapes import iam as shapes
from hatrack.iam.names import Tag, validate_tags
from hatrack.iam.pagination import paginate


def requested_tags(tags: Sequence[shapes.Tag] | None) -> tuple[Tag, ...]:
    """The request's tags, checked as AWS checks them."""
    return validate_tags([{"Key": tag.key, "Value": tag.value} for tag in tags or ()])


def shown_tags(tags: Sequence[Tag]) -> tuple[shapes.Tag, ...] | None:
    """Tags as an answer shows them; None (member left out) when there are none."""
    return tuple(shapes.Tag(key=key, value=value) for key, value in tags) or None


@dataclass(frozen=True, slots=True)
class TagsPage:
    tags: tuple[shapes.Tag, ...]
    is_truncated: bool
    marker: str | None


def tags_page(tags: Sequence[Tag], marker: str | None, max_items: int | None) -> TagsPage:
    """One page of ``tags`` in the order they were set."""
    page = paginate(list(enumerate(tags)), key=lambda e: f"{e[0]:06d}", marker=marker, max_items=max_items)
    shown = tuple(shapes.Tag(key=key, value=value) for _, (key, value) in page.items)
    return TagsPage(shown, page.is_truncated, page.marker)
