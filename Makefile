# Sổ Đối ngoại (doingoai): developer commands.
#
#   make run                 set up, then start the app (ARGS="--db /tmp/x.sqlite3" passes options)
#   make test                set up, lint, then run the whole test suite offscreen (SQLite + PostgreSQL)
#   make lint                ruff check
#   make po                  extract strings, update resources/locale catalogs, count untranslated
#   make screenshots         real windows under Xvfb -> docs/screenshots/
#   make bench               bench/run.py
#   make installer           PyInstaller one-folder build in installer/dist/doingoai/
#   make clean / distclean   remove build output / also .venv and compiled catalogs
#
# `setup` runs scripts/setup.sh every time; that script only checks when everything is in
# place (installed Debian packages via dpkg-query, .venv/.setup-stamp == sha256 of
# pyproject.toml, .mo newer than .po), so it costs a fraction of a second.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=
# Only the folders that exist: ruff errors on a missing path (git keeps no empty folder).
LINT_PATHS := $(wildcard desktop tests bench)

.PHONY: help setup run test lint po screenshots bench installer clean distclean

help:
	@echo "make run [ARGS=...]   set up, then start Sổ Đối ngoại"
	@echo "make test             set up, ruff check, then pytest (QT_QPA_PLATFORM=offscreen)"
	@echo "make setup            system packages, .venv, translations (idempotent)"
	@echo "make lint             ruff check $(LINT_PATHS)"
	@echo "make po               extract strings into resources/locale/doingoai.pot, update the .po files"
	@echo "make screenshots      screenshots of real windows under Xvfb into docs/screenshots"
	@echo "make bench            run bench/run.py"
	@echo "make installer        PyInstaller build (installer/dist/doingoai)"
	@echo "make clean            remove build output and caches"
	@echo "make distclean        clean, plus .venv and compiled .mo catalogs"

setup:
	@bash scripts/setup.sh

run: setup
	$(BIN)/doingoai $(ARGS)

lint: setup
	$(BIN)/ruff check $(LINT_PATHS)

# The storage/services/sync tests also run on PostgreSQL: scripts/postgres.sh installs and starts
# a server and prints the test database's URL (nothing when it cannot: those runs are then skipped,
# and fail under CI=true). DOINGOAI_TEST_PG= make test (set, empty) runs on SQLite only.
test: setup lint
	QT_QPA_PLATFORM=offscreen DOINGOAI_TEST_PG="$${DOINGOAI_TEST_PG-$$(bash scripts/postgres.sh)}" $(BIN)/pytest

po: setup
	bash scripts/update_catalog.sh

screenshots: setup
	bash scripts/screenshots.sh docs/screenshots

bench: setup
	$(BIN)/python bench/run.py

installer: setup
	bash installer/build.sh

clean:
	rm -rf build dist installer/build installer/dist bench/out \
	       .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
	find resources/locale -name '*.mo' -delete 2>/dev/null || true
