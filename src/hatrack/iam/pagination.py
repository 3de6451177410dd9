"""AWS's Marker / MaxItems / IsTruncated pagination for every IAM List operation.

IAM's List operations return at most ``MaxItems`` entries (1-1000, default 100) and, when more remain,
``IsTruncated`` true and an opaque ``Marker`` that the next request passes back. hatrack's marker is
keyset-based: it carries the sort key of the last entry returned, so entries added or removed between
pages neither repeat nor vanish from the rest of the listing. A marker that does not decode is refused
with ``ValidationError`` "Invalid Marker." (AWS's answer).

Usage (items already sorted by a unique, stable key)::

    page = paginate(records, key=lambda r: r.name_lower, marker=params.get("Marker"),
                    max_items=params.get("MaxItems"))
    return {"Users": [shape(r) for r in page.items], **page.output()}

Imports nothing of hatrack but ``errors``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from hatrack.errors import ValidationError

T = TypeVar("T")

DEFAULT_MAX_ITEMS = 100
MAX_MAX_ITEMS = 1000
INVALID_MARKER = "Invalid Marker."

_KEY_PREFIX = "k1."
_OFFSET_PREFIX = "o1."
# The model caps Marker at 320 characters; base64 grows text by 4/3, so longer keys fall back to offsets.
_MAX_KEY_BYTES = 230


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing: its entries, and the marker of the next page when there is one."""

    items: tuple[T, ...]
    is_truncated: bool
    marker: str | None = None

    def output(self) -> dict[str, object]:
        """The ``IsTruncated`` and (when truncated) ``Marker`` members of a List operation's output."""
        result: dict[str, object] = {"IsTruncated": self.is_truncated}
        if self.marker is not None:
            result["Marker"] = self.marker
        return result


def page_size(max_items: int | None) -> int:
    """The number of entries to return for ``MaxItems`` (the model already checked 1-1000)."""
    if max_items is None:
        return DEFAULT_MAX_ITEMS
    if not 1 <= max_items <= MAX_MAX_ITEMS:
        bound = "greater than or equal to 1" if max_items < 1 else "less than or equal to 1000"
        raise ValidationError(
            f"1 validation error detected: Value '{max_items}' at 'maxItems' failed to satisfy constraint: "
            f"Member must have value {bound}"
        )
    return max_items


def encode_marker(sort_key: str, *, offset: int) -> str:
    """An opaque marker naming the position after the entry whose sort key is ``sort_key``."""
    raw = sort_key.encode("utf-8")
    if len(raw) <= _MAX_KEY_BYTES:
        return _KEY_PREFIX + base64.urlsafe_b64encode(raw).decode("ascii")
    return _OFFSET_PREFIX + str(offset)


def decode_marker(marker: str) -> tuple[str | None, int | None]:
    """(sort key, None) or (None, offset) from a marker; ``ValidationError`` "Invalid Marker." if junk."""
    try:
        if marker.startswith(_KEY_PREFIX):
            body = marker[len(_KEY_PREFIX) :]
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
            if not body or base64.urlsafe_b64encode(raw).decode("ascii") != body:
                raise ValueError("not canonical")
            return raw.decode("utf-8"), None
        if marker.startswith(_OFFSET_PREFIX):
            digits = marker[len(_OFFSET_PREFIX) :]
            if not digits.isascii() or not digits.isdigit() or len(digits) > 9:
                raise ValueError("not an offset")
            return None, int(digits)
    except (ValueError, UnicodeError, binascii.Error):
        pass
    raise ValidationError(INVALID_MARKER)


def paginate(
    items: Iterable[T],
    *,
    key: Callable[[T], str],
    marker: str | None = None,
    max_items: int | None = None,
) -> Page[T]:
    """The page of ``items`` (sorted here by ``key``, which must be unique) after ``marker``."""
    ordered: Sequence[T] = sorted(items, key=key)
    size = page_size(max_items)
    start = 0
    if marker is not None:
        after_key, offset = decode_marker(marker)
        if after_key is not None:
            start = next((i for i, item in enumerate(ordered) if key(item) > after_key), len(ordered))
        else:
            assert offset is not None
            start = min(offset, len(ordered))
    chosen = tuple(ordered[start : start + size])
    end = start + len(chosen)
    if end < len(ordered) and chosen:
        return Page(chosen, True, encode_marker(key(chosen[-1]), offset=end))
    return Page(chosen, False, None)
