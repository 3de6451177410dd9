# hatrack's tasks. `make serve` and `make test` work on a fresh machine: they build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test check pytest fmt bench docs clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## run the server on its embedded default (SQLite in ./.hatrack)
	$(BIN)/hatrack serve

test: check pytest  ## everything CI runs

check: $(STAMP)  ## formatting, lint, types
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

fmt: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

bench: $(STAMP)  ## benchmarks (not tests): print figures
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/policy_eval.py
	$(BIN)/python benchmarks/side_by_side.py
	$(BIN)/python benchmarks/mixed_load.py
	$(BIN)/python benchmarks/audit_throughput.py
	$(BIN)/python benchmarks/audit_lookup.py
	$(BIN)/python benchmarks/analyze_escalation.py

docs: $(STAMP)  ## regenerate docs/compatibility.md
	$(BIN)/python -m hatrack.api.compatibility > docs/compatibility.md

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
