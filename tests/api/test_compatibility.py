"""docs/compatibility.md is what the code generates: regenerate it with `make docs` when operations change."""

from __future__ import annotations

from pathlib import Path

from hatrack.api.compatibility import operation_names, render
from hatrack.api.registry import load_handlers

PAGE = Path(__file__).resolve().parents[2] / "docs" / "compatibility.md"


def test_the_compatibility_page_matches_the_handler_registry() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), "docs/compatibility.md drifted: run `make docs`"


def test_every_registered_operation_is_an_operation_of_the_models() -> None:
    known = {(service, name) for service in ("iam", "sts", "cloudtrail") for name in operation_names(service)}
    assert set(load_handlers()) <= known


def test_the_page_lists_every_model_operation_once() -> None:
    page = render()
    for service in ("iam", "sts", "cloudtrail"):
        for name in operation_names(service):
            assert f"| {name} | yes |" in page or f"| {name} | no |" in page
