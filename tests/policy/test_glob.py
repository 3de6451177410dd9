"""IAM wildcard matching: the same answers as a textbook regular expression on small inputs, and a
bounded amount of work on pathological ones (issue 10: a five-star pattern took 15 s on one ARN).

Work is counted, never timed: the subject is a ``str`` subclass that counts every character the
matcher looks at (through ``find``, ``startswith`` and indexing).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from hatrack.policy.glob import Glob, compile_glob, compile_pieces, glob_matches


def reference(pattern: str, subject: str) -> bool:
    """The meaning of a glob as a regular expression (fine on tiny inputs, exponential on big ones)."""
    text = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(text, subject, re.DOTALL) is not None


def arn_reference(pattern: str, subject: str) -> bool:
    """ARN matching as a regex: a wildcard before the pattern's fifth colon does not cross colons."""
    out: list[str] = []
    colons = 0
    for char in pattern:
        if char == "*":
            out.append("[^:]*" if colons < 5 else ".*")
        elif char == "?":
            out.append("[^:]" if colons < 5 else ".")
        else:
            colons += char == ":"
            out.append(re.escape(char))
    return re.fullmatch("".join(out), subject, re.DOTALL) is not None


patterns = st.text(alphabet="ab:*?", max_size=10)
subjects = st.text(alphabet="ab:\n", max_size=12)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(patterns, subjects)
def test_glob_agrees_with_the_regular_expression(pattern: str, subject: str) -> None:
    assert compile_glob(pattern).matches(subject) is reference(pattern, subject)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(patterns, subjects)
def test_arn_glob_agrees_with_the_part_by_part_expression(pattern: str, subject: str) -> None:
    assert compile_glob(pattern, arn=True).matches(subject) is arn_reference(pattern, subject)


def test_literal_pieces_hold_no_wildcards() -> None:
    # A policy variable's value (or ``${*}``) is text: its star matches only a star.
    matcher = compile_pieces(((False, "user/"), (True, "a*b"), (False, "*")))
    assert matcher.matches("user/a*b/x")
    assert not matcher.matches("user/axxb/x")


def test_ignore_case() -> None:
    assert glob_matches("S3:Get*", "s3:getobject", ignore_case=True)
    assert not glob_matches("S3:Get*", "s3:getobject")


class CountingStr(str):
    """A subject that counts the characters the matcher examines."""

    steps = 0

    def find(self, sub: str, start: object = None, end: object = None) -> int:  # type: ignore[override]
        assert isinstance(start, int) and isinstance(end, int)
        found = str.find(self, sub, start, end)
        CountingStr.steps += (found + len(sub) if found >= 0 else end) - start + 1
        return found

    def startswith(self, prefix: object, start: object = None, end: object = None) -> bool:  # type: ignore[override]
        assert isinstance(prefix, str) and isinstance(start, int)
        CountingStr.steps += len(prefix) + 1
        return str.startswith(self, prefix, start)

    def __getitem__(self, index: object) -> str:  # type: ignore[override]
        CountingStr.steps += 1
        return str.__getitem__(self, index)  # type: ignore[index]


def work(pattern: str, subject: str) -> tuple[bool, int]:
    matcher = compile_glob(pattern)
    assert isinstance(matcher, Glob)
    CountingStr.steps = 0
    return matcher.matches(CountingStr(subject)), CountingStr.steps


def test_the_reported_pattern_decides_in_a_bounded_number_of_steps() -> None:
    subject = "arn:aws:iam::" + "a" * 128
    matched, steps = work("arn:aws:iam::*a*a*a*a*a*b", subject)
    assert not matched
    assert steps <= 2 * len(subject) + 50


def test_twenty_stars_against_two_thousand_characters_is_linear() -> None:
    subject = "a" * 2000
    for pattern in ("*a" * 20 + "*b", "*a?" * 20 + "*b", "*" + "?a" * 20 + "*b", "a*" * 20 + "?b"):
        matched, steps = work(pattern, subject)
        assert not matched
        # Every segment search resumes where the previous one stopped: one pass over the subject,
        # plus the pattern's own length.
        assert steps <= 2 * len(subject) + 4 * len(pattern), pattern


def test_matches_still_found_on_long_inputs() -> None:
    subject = "a" * 2000 + "b"
    matched, steps = work("*a" * 20 + "*b", subject)
    assert matched
    assert steps <= 2 * len(subject) + 200
