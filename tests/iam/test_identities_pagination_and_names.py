"""Marker/MaxItems pagination and the name, path and tag rules shared by every IAM area."""

from __future__ import annotations

import pytest

from hatrack.errors import InvalidInput, LimitExceeded, ValidationError
from hatrack.iam.names import (
    merge_tags,
    remove_tags,
    resource_tag_context,
    tag_request_context,
    validate_name,
    validate_path,
    validate_path_prefix,
    validate_tags,
)
from hatrack.iam.pagination import DEFAULT_MAX_ITEMS, paginate


def test_pages_follow_each_other_until_the_last_one() -> None:
    names = [f"user{i:03d}" for i in range(7)]
    seen: list[str] = []
    marker = None
    while True:
        page = paginate(reversed(names), key=lambda n: n, marker=marker, max_items=3)
        seen.extend(page.items)
        if not page.is_truncated:
            assert page.marker is None and "Marker" not in page.output()
            break
        assert page.output() == {"IsTruncated": True, "Marker": page.marker}
        marker = page.marker
    assert seen == names


def test_the_default_page_is_a_hundred_items() -> None:
    page = paginate(range(250), key=lambda n: f"{n:04d}")
    assert len(page.items) == DEFAULT_MAX_ITEMS and page.is_truncated


def test_an_entry_deleted_between_pages_does_not_shift_the_rest() -> None:
    first = paginate(["a", "b", "c", "d"], key=lambda n: n, max_items=2)
    rest = paginate(["a", "c", "d"], key=lambda n: n, marker=first.marker, max_items=2)
    assert rest.items == ("c", "d")


def test_keys_too_long_for_a_marker_page_by_position() -> None:
    keys = ["x" * 300 + str(i) for i in range(5)]
    first = paginate(keys, key=lambda n: n, max_items=2)
    assert first.marker is not None and len(first.marker) <= 320
    assert paginate(keys, key=lambda n: n, marker=first.marker, max_items=5).items == tuple(keys[2:])


@pytest.mark.parametrize("marker", ["junk", "k1.", "k1.!!!!", "o1.x", "o1.-1", "k1.YQ", ""])
def test_a_marker_that_does_not_decode_is_invalid(marker: str) -> None:
    with pytest.raises(ValidationError) as refused:
        paginate(["a"], key=lambda n: n, marker=marker)
    assert refused.value.message == "Invalid Marker."


@pytest.mark.parametrize("max_items", [0, 1001])
def test_max_items_outside_one_to_a_thousand_is_refused(max_items: int) -> None:
    with pytest.raises(ValidationError):
        paginate(["a"], key=lambda n: n, max_items=max_items)


@pytest.mark.parametrize("name", ["a", "a" * 64, "a+b=c,d.e@f-g_h"])
def test_good_user_names(name: str) -> None:
    assert validate_name(name) == name


@pytest.mark.parametrize("name", ["", "a" * 65, "a b", "a/b", "é", "a\x00"])
def test_bad_user_names(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_name(name)
    assert refused.value.message.startswith("1 validation error detected: Value ")


@pytest.mark.parametrize("path", ["/", "/a/", "/a/b/", "/" + "a" * 510 + "/"])
def test_good_paths(path: str) -> None:
    assert validate_path(path) == path


@pytest.mark.parametrize("path", ["", "abc", "/abc", "/a b/", "/é/", "/" + "a" * 511 + "/"])
def test_bad_paths(path: str) -> None:
    with pytest.raises(ValidationError):
        validate_path(path)


def test_a_path_prefix_starts_with_a_slash() -> None:
    assert validate_path_prefix("/eng") == "/eng"
    with pytest.raises(ValidationError):
        validate_path_prefix("eng/")


def test_tags_become_pairs_and_accept_unicode_letters() -> None:
    assert validate_tags([{"Key": "équipe", "Value": "bleu vert"}, {"Key": "a:b/c", "Value": ""}]) == (
        ("équipe", "bleu vert"),
        ("a:b/c", ""),
    )


@pytest.mark.parametrize(
    "tags",
    [
        [{"Key": "", "Value": "v"}],
        [{"Key": "k" * 129, "Value": "v"}],
        [{"Key": "k", "Value": "v" * 257}],
        [{"Key": "a*b", "Value": "v"}],
        [{"Key": "k", "Value": "<v>"}],
        [{"Key": f"k{i}", "Value": "v"} for i in range(51)],
    ],
)
def test_bad_tags_are_validation_errors(tags: list[dict[str, str]]) -> None:
    with pytest.raises(ValidationError):
        validate_tags(tags)


def test_tag_keys_differing_only_in_case_are_duplicates() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_tags([{"Key": "Team", "Value": "a"}, {"Key": "team", "Value": "b"}])
    assert (
        refused.value.message == "Duplicate tag keys found. Please note that Tag keys are case insensitive."
    )


def test_merging_replaces_keys_without_case_and_keeps_the_quota() -> None:
    merged = merge_tags([("Team", "a"), ("env", "x")], [("team", "b")])
    assert merged == (("team", "b"), ("env", "x"))
    full = tuple((f"k{i}", "v") for i in range(50))
    assert merge_tags(full, [("K0", "w")])[0] == ("K0", "w")
    with pytest.raises(LimitExceeded) as refused:
        merge_tags(full, [("new", "v")], quota_name="TagsPerRole")
    assert refused.value.message == "Cannot exceed quota for TagsPerRole: 50"
    assert remove_tags(merged, ["TEAM", "absent"]) == (("env", "x"),)


def test_tag_condition_keys() -> None:
    assert tag_request_context([("team", "blue")]) == {"aws:RequestTag/team": "blue", "aws:TagKeys": ["team"]}
    assert resource_tag_context([("team", "blue")]) == {
        "aws:ResourceTag/team": "blue",
        "iam:ResourceTag/team": "blue",
    }
