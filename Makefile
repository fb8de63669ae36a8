# MVK — the project's vocabulary. `make run` starts the program, `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mvk-installed

.PHONY: run test check lint sysdeps sysdeps-gui install clean help bench screenshots demo translations reliability

help:
	@echo "make run      - opret .venv, installér og start MVK"
	@echo "make test     - installér det testene kræver og kør alle tests (som CI)"
	@echo "make reliability - pålidelighedstestene med de fulde antal (200 kill -9, 2.000 transaktioner)"
	@echo "make lint     - ruff, mypy og import-kontrakten"
	@echo "make demo     - fyld et demolager (demo.sqlite) og start MVK på det"
	@echo "make bench    - mål hastighed på genererede data (udskriver tal)"
	@echo "make screenshots - gem skærmbilleder af programmet i docs/screenshots/"
	@echo "make translations - opdatér resources/i18n/mvk_en.ts med nye tekster fra ui/"
	@echo "make clean    - fjern .venv og caches"

# A venv with the project and its dev tools, pinned by constraints.txt; redone when either changes.
$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 mangler ($(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The English translation, compiled from its .ts (not committed; a missing .qm means Danish).
QM := resources/i18n/mvk_en.qm
$(QM): resources/i18n/mvk_en.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# New or changed texts in ui/ into the .ts (existing translations kept); then translate them there.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -locations none -no-obsolete -source-language da_DK \
		-target-language en_GB ui/*.py -ts resources/i18n/mvk_en.ts

install: $(STAMP) $(QM)

# System libraries Qt needs (offscreen and a real X display); installed only when missing.
sysdeps-gui:
	@PYTHON=$(PYTHON) .ci/sysdeps gui

sysdeps:
	@PYTHON=$(PYTHON) .ci/sysdeps all

run: sysdeps-gui $(STAMP) $(QM)
	$(BIN)/mvk

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: sysdeps $(STAMP) $(QM) lint
	QT_QPA_PLATFORM=offscreen .ci/with-postgres $(BIN)/python -m pytest -p no:cacheprovider

# reliability.md's tests with their full counts (`make test` runs the same tests with small ones).
reliability: sysdeps $(STAMP) $(QM)
	MVK_KILL_LOOPS=200 MVK_R4_TRANSACTIONS=2000 MVK_MIGRATION_KILLS=50 MVK_BACKUP_ROUNDS=20 \
		QT_QPA_PLATFORM=offscreen .ci/with-postgres $(BIN)/python -m pytest -p no:cacheprovider \
		tests/reliability tests/app/store/test_concurrency.py tests/ui/test_disk_full_form.py

demo: sysdeps-gui $(STAMP) $(QM)
	test -f demo.sqlite || $(BIN)/mvk --db sqlite:///$(CURDIR)/demo.sqlite demo --pathways 3000 --seed 1
	$(BIN)/mvk --db sqlite:///$(CURDIR)/demo.sqlite

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_export.py --pathways 100000
	$(BIN)/python benchmarks/bench_validate.py --rows 100000
	$(BIN)/python benchmarks/bench_demo.py

screenshots: sysdeps-gui $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
