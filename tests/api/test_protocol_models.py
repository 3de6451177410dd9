"""The service models load once, name their operations, and their Java patterns mean the same in Python."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from hatrack.api.protocol import SERVICE_NAMES, ServiceModels
from hatrack.api.protocol.patterns import compile_model_pattern, translate_java_pattern

MODELS = ServiceModels()


def test_three_services_with_their_protocols_and_namespaces() -> None:
    iam, sts, cloudtrail = (MODELS.service(name) for name in SERVICE_NAMES)

    assert (iam.protocol, iam.metadata["xmlNamespace"]) == (
        "query",
        "https://iam.amazonaws.com/doc/2010-05-08/",
    )
    assert (sts.protocol, sts.metadata["xmlNamespace"]) == (
        "query",
        "https://sts.amazonaws.com/doc/2011-06-15/",
    )
    assert cloudtrail.protocol == "json"
    assert MODELS.service("iam") is iam


def test_unknown_service_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        MODELS.service("s3")


def test_operation_lookup() -> None:
    found = MODELS.operation("iam", "CreateUser")

    assert found is not None and found.name == "CreateUser"
    assert MODELS.operation("iam", "CreateBucket") is None
    assert MODELS.operation("sts", "createuser") is None


def test_json_target_finds_cloudtrail_operations() -> None:
    found = MODELS.json_target_operation(
        "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
    )

    assert found is not None
    assert (found[0], found[1].name) == ("cloudtrail", "LookupEvents")
    assert MODELS.json_target_operation("CloudTrail_20131101.LookupEvents") is None
    assert MODELS.json_target_operation("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.Nope") is None


def model_patterns() -> list[str]:
    found = set()
    for service in SERVICE_NAMES:
        model = MODELS.service(service)
        for name in model.shape_names:
            pattern = model.shape_for(name).metadata.get("pattern")
            if pattern is not None:
                found.add(pattern)
    return sorted(found)


@pytest.mark.parametrize("pattern", model_patterns())
def test_every_model_pattern_compiles(pattern: str) -> None:
    assert isinstance(compile_model_pattern(pattern), re.Pattern)


def test_word_class_is_ascii_as_in_java() -> None:
    name = compile_model_pattern(r"[\w+=,.@-]+")

    assert name.fullmatch("Alice_1+=,.@-")
    assert name.fullmatch("é") is None
    assert name.fullmatch("٣") is None  # ARABIC-INDIC DIGIT THREE
    assert compile_model_pattern(r"[\d]+").fullmatch("١٢٣") is None


def test_unicode_categories_and_supplementary_planes() -> None:
    tag = compile_model_pattern(r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+")
    cloudtrail_text = compile_model_pattern(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*")
    sts_context = compile_model_pattern(
        r"[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+"
    )

    assert tag.fullmatch("Zürich 東京\u3000Ⅻ_:/=+-@")
    assert tag.fullmatch("a\tb") is None
    assert tag.fullmatch("a*b") is None
    assert cloudtrail_text.fullmatch("emoji 😀\t")
    assert cloudtrail_text.fullmatch("bell\x07") is None
    assert sts_context.fullmatch("😀")
    assert sts_context.fullmatch("\x00") is None


def test_negated_class_with_a_category_is_refused() -> None:
    with pytest.raises(ValueError):
        translate_java_pattern(r"[^\p{L}]")


def test_python_word_class_is_exactly_java_letters_numbers_and_underscore() -> None:
    """The translation of \\p{L}/\\p{N} rests on this; it is checked over every code point."""
    word = re.compile(r"\w")
    letter_or_number = re.compile(r"[^\W_]")
    separators = compile_model_pattern(r"[\p{Z}]")
    for code_point in range(sys.maxunicode + 1):
        char = chr(code_point)
        category = unicodedata.category(char)
        assert bool(word.match(char)) == (category[0] in "LN" or char == "_"), hex(code_point)
        assert bool(letter_or_number.match(char)) == (category[0] in "LN"), hex(code_point)
        assert bool(separators.match(char)) == (category[0] == "Z"), hex(code_point)
