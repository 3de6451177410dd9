"""Timestamps, XML text and echoed values are written the way AWS's clients read them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from hatrack.api.protocol.values import (
    describe_value,
    escape_xml,
    format_iso8601,
    is_true,
    parse_iso8601,
    to_epoch_seconds,
)

CET = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        (datetime(2024, 5, 17, 12, 34, 56, tzinfo=UTC), "2024-05-17T12:34:56Z"),
        (datetime(2024, 5, 17, 13, 34, 56, tzinfo=CET), "2024-05-17T12:34:56Z"),
        (datetime(2024, 5, 17, 12, 34, 56), "2024-05-17T12:34:56Z"),
        (datetime(2024, 5, 17, 12, 34, 56, 250000, tzinfo=UTC), "2024-05-17T12:34:56.250Z"),
        (datetime(2024, 5, 17, 12, 34, 56, 123456, tzinfo=UTC), "2024-05-17T12:34:56.123456Z"),
        (0, "1970-01-01T00:00:00Z"),
    ],
)
def test_iso8601_output_is_utc_with_z(instant: datetime | int, text: str) -> None:
    assert format_iso8601(instant) == text


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2024-05-17T12:34:56Z", datetime(2024, 5, 17, 12, 34, 56, tzinfo=UTC)),
        ("2024-05-17T14:34:56+02:00", datetime(2024, 5, 17, 12, 34, 56, tzinfo=UTC)),
        ("2024-05-17T14:34:56+0200", datetime(2024, 5, 17, 12, 34, 56, tzinfo=UTC)),
        ("2024-05-17T12:34:56.123456789Z", datetime(2024, 5, 17, 12, 34, 56, 123456, tzinfo=UTC)),
        ("2024-05-17T12:34:56", datetime(2024, 5, 17, 12, 34, 56, tzinfo=UTC)),
        ("2024-05-17", datetime(2024, 5, 17, tzinfo=UTC)),
    ],
)
def test_iso8601_input_becomes_an_aware_utc_instant(text: str, instant: datetime) -> None:
    parsed = parse_iso8601(text)

    assert parsed == instant
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text", ["17/05/2024", "20240517T123456Z", "2024-05-17T12:34:56Zjunk", "0000-01-01", ""]
)
def test_text_that_is_not_iso8601_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso8601(text)


def test_epoch_seconds_are_integers_unless_there_is_a_fraction() -> None:
    assert to_epoch_seconds(datetime(1970, 1, 2, tzinfo=UTC)) == 86400
    assert isinstance(to_epoch_seconds(datetime(1970, 1, 2, tzinfo=UTC)), int)
    assert to_epoch_seconds(datetime(1970, 1, 2)) == 86400
    assert to_epoch_seconds(datetime(1970, 1, 1, 1, 0, 0, 500000, tzinfo=CET)) == 0.5


def test_xml_escaping() -> None:
    assert escape_xml("plain arn:aws:iam::123456789012:user/a") == "plain arn:aws:iam::123456789012:user/a"
    assert escape_xml("a<b>&c\r\n\"'") == "a&lt;b&gt;&amp;c&#13;\n\"'"
    assert escape_xml("nul\x00 bell\x07 ok\t") == "nul\ufffd bell\ufffd ok\t"


def test_boolean_strings_mean_what_they_say() -> None:
    assert is_true(True) and is_true("true") and is_true("TRUE")
    assert not is_true(False) and not is_true("false") and not is_true(0)


def test_echoed_values() -> None:
    assert describe_value(None) == "null"
    assert describe_value(True) == "true"
    assert describe_value(["a", 1]) == "[a, 1]"
    assert describe_value("x" * 300) == "x" * 256 + "…"
