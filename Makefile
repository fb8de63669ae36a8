# MVK — the project's vocabulary. `make run` starts the program, `make test` runs everything CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mvk-installed

.PHONY: run test check lint sysdeps sysdeps-gui sysdeps-bundle install clean help bench screenshots demo translations reliability bundle FORCE

help:
	@echo "make run      - opret .venv, installér og start MVK"
	@echo "make test     - installér det testene kræver og kør alle tests (som CI)"
	@echo "make reliability - pålidelighedstestene med de fulde antal (200 kill -9, 2.000 transaktioner)"
	@echo "make lint     - ruff, mypy og import-kontrakten"
	@echo "make bundle   - byg det færdige program i dist/mvk/ (PyInstaller) og kør dets selvtest"
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
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bundle]'
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

sysdeps-bundle:
	@PYTHON=$(PYTHON) .ci/sysdeps bundle

# The desktop bundle (packaging/mvk.spec) in dist/mvk/, PyInstaller's work files in build/. Built
# from scratch when any file it is made of changed (or one was added or removed), else reused; a
# build whose `mvk --selftest` fails is not marked done, so the next make builds it again.
BUNDLE_DONE := build/mvk.done
BUNDLE_LIST := build/mvk.inputs
BUNDLE_INPUTS := $(sort $(shell find app ui resources packaging -type f -not -path '*/__pycache__/*' \
	-not -name '*.pyc' 2>/dev/null))
$(BUNDLE_LIST): FORCE
	@mkdir -p $(@D)
	@echo '$(BUNDLE_INPUTS)' | cmp -s - $@ || echo '$(BUNDLE_INPUTS)' >$@
$(BUNDLE_DONE): $(STAMP) $(QM) $(BUNDLE_LIST) $(BUNDLE_INPUTS) pyproject.toml constraints.txt
	rm -rf build/mvk dist/mvk $@
	@touch $@.started  # becomes $@: a file changed during the build is newer, so built again
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/mvk.spec \
	&& echo "bundle: dist/mvk bygget på $$(( $$(date +%s) - start )) s, $$(du -sh dist/mvk | cut -f1)"
	env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen dist/mvk/mvk --selftest
	@mv $@.started $@

bundle: sysdeps-bundle $(BUNDLE_DONE)

FORCE:

run: sysdeps-gui $(STAMP) $(QM)
	$(BIN)/mvk

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# The bundle is built (or reused) before the tests: tests/e2e/test_bundle.py runs it.
test: sysdeps $(STAMP) $(QM) lint bundle
	QT_QPA_PLATFORM=offscreen .ci/with-postgres $(BIN)/python -m pytest -p no:cacheprovider

# reliability.md's tests with their full counts (`make test` runs the same tests with small ones);
# 200 kills of an import take about 15 minutes, so a test may take up to an hour here.
reliability: sysdeps $(STAMP) $(QM)
	MVK_KILL_LOOPS=200 MVK_R4_TRANSACTIONS=2000 MVK_MIGRATION_KILLS=50 MVK_BACKUP_ROUNDS=20 \
		QT_QPA_PLATFORM=offscreen .ci/with-postgres $(BIN)/python -m pytest -p no:cacheprovider \
		--timeout=3600 \
		tests/reliability tests/app/store/test_concurrency.py tests/ui/test_disk_full_form.py

demo: sysdeps-gui $(STAMP) $(QM)
	test -f demo.sqlite || $(BIN)/mvk --db sqlite:///$(CURDIR)/demo.sqlite demo --pathways 3000 --seed 1
	$(BIN)/mvk --db sqlite:///$(CURDIR)/demo.sqlite

# Figures beside baselines on stores of 1,000,000 and 100,000 pathways (cached in benchmarks/.cache/);
# writes benchmarks/results/latest.{json,md}. `make bench BENCH=--quick` runs 100,000 and 10,000.
bench: sysdeps-gui $(STAMP) $(QM)
	$(BIN)/python benchmarks/run.py $(BENCH)

screenshots: sysdeps-gui $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info build dist
