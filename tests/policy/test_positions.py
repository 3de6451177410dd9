"""Statement positions in a policy document's text, as the simulator reports them (``MatchedStatements``)."""

from __future__ import annotations

import json

from hatrack.policy import parse_policy
from hatrack.policy.positions import Position, Span, span_of, statement_spans


def test_a_lone_statement_object_spans_from_after_its_brace_to_after_its_closing_brace() -> None:
    # AWS CLI reference, simulate-custom-policy example: Line 1 Column 38 to Line 1 Column 167.
    text = (
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*",'
        '"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}'
    )
    assert statement_spans(text) == (Span(Position(1, 38), Position(1, 167)),)


def test_statements_in_a_list_start_where_the_previous_token_ends() -> None:
    pretty = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
        indent=2,
    )
    # AdministratorAccess as AWS stores it: "Statement": [ on line 3, the statement closes on line 8.
    assert statement_spans(pretty) == (Span(Position(3, 17), Position(8, 6)),)
    compact = (
        '{"Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"}, '
        '{"Effect":"Deny","Action":"a:c","Resource":"*"}]}'
    )
    first, second = statement_spans(compact)
    assert first == Span(Position(1, 15), Position(1, 63))
    assert second == Span(Position(1, 63), Position(1, compact.rindex("}]") + 2))


def test_positions_count_lines_and_ignore_braces_inside_strings() -> None:
    text = (
        '{\r\n "Id": "a}{[", "Statement" : [\n'
        '  {"Sid": "x\\"}", "Effect": "Allow", "Action": "a:b", "Resource": "*"}\n]}'
    )
    (span,) = statement_spans(text)
    assert span.start == Position(2, 31)
    line = text.splitlines()[2]
    assert span.end == Position(3, line.rindex("}") + 2)


def test_numbers_too_long_to_convert_and_nested_values_are_skipped_as_text() -> None:
    number = "9" * 5000  # past Python's int conversion limit: it must stay text
    text = (
        '{"Id": "x", "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", '
        '"Resource": "*", "Condition": {"NumericLessThan": {"aws:k": ' + number + "}}}]}"
    )
    parse_policy(text)  # a valid document
    (span,) = statement_spans(text)
    assert (span.start, span.end) == (
        Position(1, text.index("[{") + 2),
        Position(1, len(text) - 1),
    )  # just after the "}" before "]}"


def test_a_text_without_statements_has_no_spans_and_unknown_statements_start_at_the_beginning() -> None:
    assert statement_spans("") == ()
    assert statement_spans("[]") == ()
    assert statement_spans('{"Version": "2012-10-17"}') == ()
    assert statement_spans('{"Statement": [{"Effect": ') == ()
    assert span_of('{"Statement": []}', 0) == Span(Position(1, 1), Position(1, 1))
