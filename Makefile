# MVK — the project's vocabulary. `make run` starts the program, `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mvk-installed

.PHONY: run test check lint sysdeps sysdeps-gui install clean help bench screenshots demo

help:
	@echo "make run      - opret .venv, installér og start MVK"
	@echo "make test     - installér det testene kræver og kør alle tests (som CI)"
	@echo "make lint     - ruff, mypy og import-kontrakten"
	@echo "make demo     - fyld et demolager (demo.sqlite) og start MVK på det"
	@echo "make bench    - mål hastighed på genererede data (udskriver tal)"
	@echo "make screenshots - gem skærmbilleder af programmet i docs/screenshots/"
	@echo "make clean    - fjern .venv og caches"

# A venv with the project and its dev tools, pinned by constraints.txt; redone when either changes.
$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 mangler ($(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# System libraries Qt needs (offscreen and a real X display); installed only when missing.
sysdeps-gui:
	@PYTHON=$(PYTHON) .ci/sysdeps gui

sysdeps:
	@PYTHON=$(PYTHON) .ci/sysdeps all

run: sysdeps-gui $(STAMP)
	$(BIN)/mvk

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: sysdeps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen .ci/with-postgres $(BIN)/python -m pytest -p no:cacheprovider

demo: sysdeps-gui $(STAMP)
	test -f demo.sqlite || $(BIN)/mvk --db sqlite:///$(CURDIR)/demo.sqlite demo --pathways 3000 --seed 1
	$(BIN)/mvk --db sqlite:///$(CURDIR)/demo.sqlite

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_export.py --pathways 100000
	$(BIN)/python benchmarks/bench_validate.py --rows 100000
	$(BIN)/python benchmarks/bench_demo.py

screenshots: sysdeps-gui $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
