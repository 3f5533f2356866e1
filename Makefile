# Set-up, run and test. `make run` and `make test` do all the set-up on a fresh Debian/Ubuntu.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= python3
ROUTINE ?= desk-break-back

.PHONY: run test check pytest lint types format bench system clean

run: $(STAMP)
	$(BIN)/workout play $(ROUTINE)

# The one test command (README, CI): lint, types, layering, then every test.
test: lint types pytest

check: test

pytest: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m benchmarks

system:
	@./scripts/install-system-packages

$(STAMP): pyproject.toml scripts/install-system-packages
	@./scripts/install-system-packages
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
