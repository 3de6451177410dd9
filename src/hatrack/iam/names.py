"""Names, paths and tags of IAM entities: the checks and AWS's messages for them.

The API edge already checks the model's length and pattern constraints before a handler runs; these
functions repeat them for callers that do not come through the edge (the CLI, tests, other services)
and add what the model cannot say: duplicate tag keys (case-insensitive, ``InvalidInput``) and the
per-entity quota of 50 tags (``LimitExceeded``). Messages are AWS's ``1 validation error detected: ...``.

Imports nothing of hatrack but ``errors``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from hatrack.errors import InvalidInput, LimitExceeded, ValidationError

MAX_TAGS = 50
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 256
MAX_PATH_LENGTH = 512

NAME_PATTERN_TEXT = r"[\w+=,.@-]+"
PATH_PATTERN_TEXT = r"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)"
PATH_PREFIX_PATTERN_TEXT = r"\u002F[\u0021-\u007F]*"
TAG_KEY_PATTERN_TEXT = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"
TAG_VALUE_PATTERN_TEXT = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"

_NAME = re.compile(NAME_PATTERN_TEXT, re.ASCII)
_PATH = re.compile(r"/|/[\x21-\x7e]+/", re.ASCII)
_PATH_PREFIX = re.compile(r"/[\x21-\x7f]*", re.ASCII)
_TAG_PUNCTUATION = frozenset("_.:/=+-@")

DUPLICATE_TAG_KEYS = "Duplicate tag keys found. Please note that Tag keys are case insensitive."

Tag = tuple[str, str]


def constraint_error(value: object, field: str, constraint: str) -> ValidationError:
    """AWS's single-finding ``ValidationError``: ``1 validation error detected: Value '…' at '…' …``."""
    return ValidationError(
        f"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: "
        f"Member must {constraint}"
    )


def _check_length(value: str, field: str, minimum: int, maximum: int) -> None:
    if len(value) < minimum:
        raise constraint_error(value, field, f"have length greater than or equal to {minimum}")
    if len(value) > maximum:
        raise constraint_error(value, field, f"have length less than or equal to {maximum}")


def validate_name(value: str, *, field: str = "userName", max_length: int = 64) -> str:
    """A user, group, role or policy name: 1-``max_length`` characters of ``[\\w+=,.@-]`` (ASCII)."""
    _check_length(value, field, 1, max_length)
    if not _NAME.fullmatch(value):
        raise constraint_error(value, field, f"satisfy regular expression pattern: {NAME_PATTERN_TEXT}")
    return value


def validate_path(value: str, *, field: str = "path") -> str:
    """An entity path: ``/`` or ``/a/b/`` (1-512 printable ASCII characters, ``/`` at both ends)."""
    _check_length(value, field, 1, MAX_PATH_LENGTH)
    if not _PATH.fullmatch(value):
        raise constraint_error(value, field, f"satisfy regular expression pattern: {PATH_PATTERN_TEXT}")
    return value


def validate_path_prefix(value: str, *, field: str = "pathPrefix") -> str:
    """A ``PathPrefix`` of a List operation: starts with ``/``."""
    _check_length(value, field, 1, MAX_PATH_LENGTH)
    if not _PATH_PREFIX.fullmatch(value):
        raise constraint_error(
            value, field, f"satisfy regular expression pattern: {PATH_PREFIX_PATTERN_TEXT}"
        )
    return value


def _is_tag_character(char: str) -> bool:
    # Java's \p{L}, \p{N} and \p{Z} are the Unicode general categories L*, N* and Z*.
    return char in _TAG_PUNCTUATION or unicodedata.category(char)[0] in "LNZ"


def validate_tag_key(key: str, *, field: str = "tags.member.key") -> str:
    _check_length(key, field, 1, MAX_TAG_KEY_LENGTH)
    if not all(_is_tag_character(char) for char in key):
        raise constraint_error(key, field, f"satisfy regular expression pattern: {TAG_KEY_PATTERN_TEXT}")
    return key


def validate_tag_value(value: str, *, field: str = "tags.member.value") -> str:
    _check_length(value, field, 0, MAX_TAG_VALUE_LENGTH)
    if not all(_is_tag_character(char) for char in value):
        raise constraint_error(value, field, f"satisfy regular expression pattern: {TAG_VALUE_PATTERN_TEXT}")
    return value


def validate_tags(tags: Iterable[Mapping[str, str]] | None, *, field: str = "tags") -> tuple[Tag, ...]:
    """The ``Tags`` parameter (``[{"Key": k, "Value": v}, ...]``) checked and turned into (key, value) pairs.

    At most 50 tags, keys 1-128 and values 0-256 characters of AWS's tag alphabet, and no key twice
    (compared without case: ``InvalidInput`` with AWS's message).
    """
    pairs: list[Tag] = []
    for index, tag in enumerate(tags or (), start=1):
        key = validate_tag_key(tag["Key"], field=f"{field}.{index}.member.key")
        value = validate_tag_value(tag.get("Value", ""), field=f"{field}.{index}.member.value")
        pairs.append((key, value))
    if len(pairs) > MAX_TAGS:
        raise constraint_error(pairs, field, f"have length less than or equal to {MAX_TAGS}")
    if len({key.lower() for key, _ in pairs}) != len(pairs):
        raise InvalidInput(DUPLICATE_TAG_KEYS)
    return tuple(pairs)


def validate_tag_keys(keys: Iterable[str] | None, *, field: str = "tagKeys") -> tuple[str, ...]:
    """The ``TagKeys`` of an Untag operation (1-50 keys)."""
    checked = tuple(validate_tag_key(key, field=f"{field}.{i}.member") for i, key in enumerate(keys or (), 1))
    if len(checked) > MAX_TAGS:
        raise constraint_error(list(checked), field, f"have length less than or equal to {MAX_TAGS}")
    return checked


def merge_tags(
    existing: Sequence[Tag], added: Sequence[Tag], *, quota_name: str = "TagsPerUser"
) -> tuple[Tag, ...]:
    """``existing`` with ``added`` applied (a key matching without case is replaced), within the quota of 50.

    ``quota_name`` names AWS's quota in the ``LimitExceeded`` message, e.g. ``TagsPerRole``.
    """
    merged: dict[str, Tag] = {key.lower(): (key, value) for key, value in existing}
    for key, value in added:
        merged[key.lower()] = (key, value)
    if len(merged) > MAX_TAGS:
        raise LimitExceeded(f"Cannot exceed quota for {quota_name}: {MAX_TAGS}")
    return tuple(merged.values())


def remove_tags(existing: Sequence[Tag], keys: Iterable[str]) -> tuple[Tag, ...]:
    """``existing`` without the tags whose keys match ``keys`` (without case); unknown keys are ignored."""
    gone = {key.lower() for key in keys}
    return tuple((key, value) for key, value in existing if key.lower() not in gone)


def tag_request_context(tags: Sequence[Tag]) -> dict[str, str | list[str]]:
    """``aws:RequestTag/K`` for each tag and ``aws:TagKeys``: the condition keys of a tagging request."""
    context: dict[str, str | list[str]] = {f"aws:RequestTag/{key}": value for key, value in tags}
    context["aws:TagKeys"] = [key for key, _ in tags]
    return context


def resource_tag_context(tags: Sequence[Tag], *, service: str = "iam") -> dict[str, str | list[str]]:
    """``aws:ResourceTag/K`` and ``iam:ResourceTag/K`` for each tag of the target entity."""
    context: dict[str, str | list[str]] = {}
    for key, value in tags:
        context[f"aws:ResourceTag/{key}"] = value
        context[f"{service}:ResourceTag/{key}"] = value
    return context
