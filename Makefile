# Set-up, run and test. `make run` and `make test` do all the set-up on a fresh Debian/Ubuntu.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= python3
ROUTINE ?= desk-break-back

.PHONY: run test check pytest lint types format bench system clean messages

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

# Screen texts: extract the marked ones, update every .po, compile the .mo files (committed,
# so a checkout, an editable install and a wheel all have them without a build step).
LOCALE := player/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F $(LOCALE)/babel.cfg --no-location --sort-output \
		--project=workout-player --version=0.1.0 -o $(LOCALE)/workout.pot player
	$(BIN)/pybabel update -i $(LOCALE)/workout.pot -d $(LOCALE) -D workout \
		--no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE) -D workout --statistics

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
