"""The canonical-request steps one by one, beyond what the published suites exercise."""

from __future__ import annotations

import pytest

from hatrack.errors import InvalidURIPath
from hatrack.sigv4.canonical import (
    canonical_headers,
    canonical_query_string,
    canonical_uri,
    check_uri_path,
    collect_headers,
    derive_signing_key,
    find_malformed_escape,
    parse_query,
    remove_dot_segments,
    trim_header_value,
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("//", "/"),
        ("/a/b/..", "/a/"),
        ("/a/b/.", "/a/b/"),
        ("/a/./b", "/a/b"),
        ("//a//b//", "/a/b/"),
        ("a/b", "a/b"),
    ],
)
def test_dot_segments_and_empty_segments_are_removed(path: str, expected: str) -> None:
    assert remove_dot_segments(path) == expected


@pytest.mark.parametrize("path", ["/a/../../b", "/..", "/a/../../", "/../a"])
def test_a_path_that_climbs_above_the_root_is_refused_not_normalized(path: str) -> None:
    with pytest.raises(InvalidURIPath):
        remove_dot_segments(path)
    with pytest.raises(InvalidURIPath):
        check_uri_path(path)


@pytest.mark.parametrize("path", ["/%zz", "/a%", "/a%4", "/%G1/b"])
def test_a_path_with_a_malformed_escape_is_refused(path: str) -> None:
    with pytest.raises(InvalidURIPath):
        check_uri_path(path)


@pytest.mark.parametrize("path", ["/", "/a/..", "/a%20b", "/a/./b/../c"])
def test_a_well_formed_path_passes_the_path_check(path: str) -> None:
    check_uri_path(path)


@pytest.mark.parametrize(
    ("path", "normalize", "expected"),
    [
        ("/", True, "/"),
        ("", False, "/"),
        ("/example/$delete", True, "/example/%24delete"),
        ("/a%20b/", True, "/a%2520b/"),  # the path as received is encoded again (non-S3 services)
        ("/é", True, "/%C3%A9"),
        ("/-._~AZaz09", True, "/-._~AZaz09"),
        ("/a:b@c", True, "/a%3Ab%40c"),
        ("//a/../", False, "//a/../"),
        ("//a/../", True, "/"),
    ],
)
def test_canonical_uri_encodes_each_segment(path: str, normalize: bool, expected: str) -> None:
    assert canonical_uri(path, normalize=normalize) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("b=2&a=1", "a=1&b=2"),
        ("a=2&a=1&A=3", "A=3&a=1&a=2"),
        ("a=b+c", "a=b%20c"),  # "+" is a space, as the Query form parser reads it
        ("a=b%2Bc", "a=b%2Bc"),
        ("a=b%20c", "a=b%20c"),
        ("a=b c", "a=b%20c"),
        ("a=%2f%7E", "a=%2F~"),
        ("&&a=1&", "a=1"),
        ("a", "a="),
        ("a=", "a="),
        ("a=b=c", "a=b%3Dc"),
        ("ሴ=bar", "%E1%88%B4=bar"),
    ],
)
def test_the_canonical_query_string_is_decoded_re_encoded_and_sorted(query: str, expected: str) -> None:
    assert canonical_query_string(query) == expected


def test_the_excluded_parameter_is_left_out_of_the_canonical_query_string() -> None:
    assert canonical_query_string("X-Amz-Signature=abc&b=1", exclude="X-Amz-Signature") == "b=1"


def test_parse_query_decodes_names_and_values_and_reads_plus_as_space() -> None:
    assert parse_query("a%2Db=c+d%20e%2B&f&&g=") == [("a-b", "c d e+"), ("f", ""), ("g", "")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", None),
        ("a=b", None),
        ("a=%41%42", None),
        ("a=%", "Incomplete trailing escape % sequence"),
        ("a=%4&b=1", "Incomplete trailing escape % sequence"),
        ("a=%G1", "Illegal hex character in escape % pattern: %G1"),
        ("%x=1", "Incomplete trailing escape % sequence"),
    ],
)
def test_find_malformed_escape(query: str, expected: str | None) -> None:
    assert find_malformed_escape(query) == expected


def test_header_values_are_trimmed_and_runs_of_whitespace_collapsed() -> None:
    assert trim_header_value("  a \t b\r\n   c  ") == "a b c"


def test_headers_are_collected_by_lower_case_name_in_arrival_order() -> None:
    collected = collect_headers([("My-Header", "2"), ("Host", "h"), ("my-header", " 1 ")])

    assert collected == {"my-header": ["2", " 1 "], "host": ["h"]}
    assert canonical_headers(collected, ["host", "my-header"]) == "host:h\nmy-header:2,1\n"


def test_the_signing_key_of_aws_documented_example() -> None:
    """IAM User Guide, "Examples of how to derive a signing key" (secret, 20120215, us-east-1, iam)."""
    key = derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")

    assert key.hex() == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
