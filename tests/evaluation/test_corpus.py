"""The shared policy-evaluation corpus (a ``shared/policy-cases`` folder beside the checkout, format in
its SCHEMA.md): every case must be decided exactly as AWS does. Without the corpus these tests skip,
under ``CI=true`` they fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hatrack.evaluation import case_from_json, evaluate
from tests.support.components import missing

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CASES_DIR = SHARED / "policy-cases"


def _cases() -> list[object]:
    if not CASES_DIR.is_dir():
        return [pytest.param(None, id="corpus-missing")]
    params: list[object] = []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.strip():
                case = json.loads(line)
                params.append(pytest.param(case, id=f"{path.stem}:{case.get('id', number)}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_corpus_case_is_decided_as_aws_does(case: dict[str, object] | None) -> None:
    if case is None:
        missing("the shared policy corpus", f"no folder {CASES_DIR}")
    request, policies = case_from_json(case)  # type: ignore[arg-type]  # a JSON object from the corpus
    decision = evaluate(request, policies)
    assert decision.effect.value == case["expected"], case["features"]


def test_corpus_is_present_and_large() -> None:
    if not CASES_DIR.is_dir():
        missing("the shared policy corpus", f"no folder {CASES_DIR}")
    lines = sum(len(path.read_text().splitlines()) for path in CASES_DIR.glob("*.jsonl"))
    assert lines >= 1500
