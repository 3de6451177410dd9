"""The compiled-policy caches are bounded by the size of the documents they hold (issue 10): keyed by
caller-chosen text, a cache bounded by entry count alone could hold gigabytes."""

from __future__ import annotations

import json

from hatrack.evaluation.cache import SizedCache
from hatrack.evaluation.compile import COMPILED, compile_policy


def test_entries_are_evicted_least_recently_used_first_past_the_weight_budget() -> None:
    cache = SizedCache[str, int](max_weight=10)
    cache.get_or_compute("a", 4, lambda: 1)
    cache.get_or_compute("b", 4, lambda: 2)
    assert cache.get_or_compute("a", 4, lambda: 99) == 1  # a hit, and now the most recent
    cache.get_or_compute("c", 4, lambda: 3)
    assert "a" in cache and "c" in cache and "b" not in cache
    assert cache.weight == 8


def test_an_entry_heavier_than_the_budget_is_computed_but_not_kept() -> None:
    cache = SizedCache[str, int](max_weight=10)
    cache.get_or_compute("small", 2, lambda: 1)
    assert cache.get_or_compute("huge", 11, lambda: 7) == 7
    assert "huge" not in cache and "small" in cache and cache.weight == 2


def test_the_entry_count_is_bounded_too() -> None:
    cache = SizedCache[int, int](max_weight=1000, max_entries=3)
    for key in range(5):
        cache.get_or_compute(key, 1, lambda: 0)
    assert len(cache) == 3 and cache.weight == 3


def test_compiled_policies_stay_within_the_byte_budget() -> None:
    budget = COMPILED.max_weight
    try:
        COMPILED.clear()
        COMPILED.max_weight = 20_000
        for number in range(40):
            resource = f"arn:aws:s3:::bucket-{number}/" + "x" * 1000
            document = {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": resource}],
            }
            compile_policy(json.dumps(document))
        assert COMPILED.weight <= 20_000
        assert 0 < len(COMPILED) < 40
    finally:
        COMPILED.max_weight = budget
        COMPILED.clear()
