# The two commands of the README: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
# The tested versions of every dependency (README, "The two commands"): installs take them, so
# a build gives the same bytes on every machine. `make test CONSTRAINTS=` installs the newest
# versions pyproject.toml allows instead (CI's newest-versions job).
CONSTRAINTS ?= constraints.txt
PIN    := $(if $(CONSTRAINTS),-c $(CONSTRAINTS))

.PHONY: site test validate lint bench clean screenshots lighthouse constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIN) -e .
	touch $@

$(TSTAMP): pyproject.toml $(CONSTRAINTS) $(STAMP)
	$(BIN)/python -m pip install --quiet $(PIN) -e '.[test]'
	touch $@

## Validate the bundled data and build the site into site/
site: $(STAMP)
	$(BIN)/opendata build

## Validate only
validate: $(STAMP)
	$(BIN)/opendata validate

## Run the whole test suite (installs the test extra first), one worker per core; each test
## file runs whole on one worker, so its module fixtures (a site build) are made once
test: $(TSTAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

## Screenshots of each page kind at phone and desktop widths into screenshots/, for review
screenshots: $(TSTAMP)
	$(BIN)/python bench/screenshots.py

## Benchmark: a synthetic national-scale release (600,000 villages), one table; see bench/RESULTS.md
## In-process and whole-process figures, the latter side by side in one run (issue 18)
bench: $(STAMP)
	$(BIN)/python bench/run.py

## Lighthouse (npm lighthouse@12.2.3, installed on first use) on every page kind; bench/LIGHTHOUSE.md
lighthouse: $(TSTAMP)
	$(BIN)/python bench/lighthouse.py

## Rewrite constraints.txt from the versions installed in .venv (after upgrading them and
## running make test; see README, "The two commands")
constraints:
	$(BIN)/python .ci/constraints.py > constraints.txt.new
	mv constraints.txt.new constraints.txt

lint: $(TSTAMP)
	$(BIN)/ruff check generator page_kinds tests scripts bench

clean:
	rm -rf site build .cache
