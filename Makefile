# The two commands of the README: `make site` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: site test validate lint bench clean screenshots lighthouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Validate the bundled data and build the site into site/
site: $(STAMP)
	$(BIN)/opendata build

## Validate only
validate: $(STAMP)
	$(BIN)/opendata validate

## Run the whole test suite (installs the test extra first)
test: $(TSTAMP)
	$(BIN)/python -m pytest

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

lint: $(TSTAMP)
	$(BIN)/ruff check generator page_kinds tests scripts bench

clean:
	rm -rf site build .cache
