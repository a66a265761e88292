# translate_app: two commands do everything.
#   make run   install, initialize the embedded store, ingest source/, load the shipped
#              drafts and glossaries in locales/ (drafts only where nothing is translated
#              yet), show the status,
#              print the admin login and serve the web UI at http://127.0.0.1:5000/ with
#              the drafting worker beside it (Ctrl+C stops both)
#   make test  install test dependencies (system packages too, when root) and run the suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test system-deps lint bench clean

# what `make run` needs: translate_app and its run-time dependencies only
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# the test tools besides (pytest, Playwright, mypy, ruff, import-linter, Schemathesis…)
install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: install
	$(BIN)/translate-app init
	$(BIN)/translate-app ingest source/
	@for po in locales/*/LC_MESSAGES/*.po; do \
	    lang=$$(basename $$(dirname $$(dirname $$po))); \
	    $(BIN)/translate-app import $$po --lang $$lang --only-empty || exit 1; \
	done
	@for terms in locales/*/glossary.csv; do \
	    $(BIN)/translate-app glossary import $$terms || exit 1; \
	done
	$(BIN)/translate-app status
	$(BIN)/translate-app users ensure-admin
	@# the drafting worker beside the web UI (jobs started on /admin/drafting); Ctrl+C stops both
	@$(BIN)/translate-app worker & worker=$$!; \
	    trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	    $(BIN)/translate-app serve --host 127.0.0.1 --port 5000

system-deps:
	scripts/install-system-deps

lint: install-test
	$(BIN)/ruff check translate_app tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/import-cycles

test: install-test system-deps lint
	scripts/run-tests $(BIN)/pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/segment.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .hypothesis
