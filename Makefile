# Every target prints what it does; `make` alone lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run DEBUG=1` shows Django's debug pages (tracebacks); off, the portal's 404 and 500 pages.
DEBUG ?= 0
# Where to point a browser: a server listening on every address (HOST=0.0.0.0) answers on 127.0.0.1 too.
URL_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))

.DEFAULT_GOAL := help
.PHONY: help install run test test-e2e lint format messages messages-check bench bench-national bench-load

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-15s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

run: install ## Migrate, load the demo and serve it on http://127.0.0.1:8000 (HOST=, PORT=, DEBUG=1 for tracebacks)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	@echo ""
	@echo "  Portal:   http://$(URL_HOST):$(PORT)/"
	@echo "  Admin:    http://$(URL_HOST):$(PORT)/admin/   (admin / admin-demo-2853)"
	@echo "  Agencies: http://$(URL_HOST):$(PORT)/dang-nhap/   (canbo.xa / canbo-xa-demo-2853; all accounts in README.md)"
	@echo "  Debug:    $(if $(filter 1 true True TRUE yes on,$(DEBUG)),on: errors show Django's tracebacks,off: errors show the portal's 404 and 500 pages (make run DEBUG=1 for tracebacks))"
	@echo ""
	DEBUG=$(DEBUG) $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run every test, browser tests included (skipped with a message if Chromium is missing)
	$(PY) -m pytest

test-e2e: install ## Run only the browser tests
	$(PY) -m pytest tests/e2e

lint: install ## ruff (lint and format) and djhtml on the templates
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: install ## Rewrite Python and templates in the project's style
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

messages: install ## Refresh the Vietnamese catalogue from the code (needs GNU gettext) and compile it
	$(PY) manage.py makemessages --locale vi --no-obsolete --no-location --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

messages-check: install ## Fail if a string lacks its Vietnamese translation or the compiled catalogue is stale
	$(PY) manage.py makemessages --locale vi --no-obsolete --no-location --ignore '.venv/*' --ignore 'var/*'
	@test -z "$$(msgattrib --untranslated --no-obsolete locale/vi/LC_MESSAGES/django.po)" || \
		(msgattrib --untranslated --no-obsolete locale/vi/LC_MESSAGES/django.po; echo "Untranslated strings above."; exit 1)
	@test -z "$$(msgattrib --only-fuzzy --no-obsolete locale/vi/LC_MESSAGES/django.po)" || \
		(msgattrib --only-fuzzy --no-obsolete locale/vi/LC_MESSAGES/django.po; echo "Fuzzy strings above."; exit 1)
	@msgfmt --check -o /tmp/portal-vi.mo locale/vi/LC_MESSAGES/django.po
	@msgunfmt locale/vi/LC_MESSAGES/django.mo > /tmp/portal-vi-committed.po
	@msgunfmt /tmp/portal-vi.mo > /tmp/portal-vi-fresh.po
	@diff -q /tmp/portal-vi-committed.po /tmp/portal-vi-fresh.po >/dev/null || \
		(echo "locale/vi/LC_MESSAGES/django.mo is stale: run make messages and commit it."; exit 1)
	@msgfmt --check -o /tmp/portal-vi-js.mo locale/vi/LC_MESSAGES/djangojs.po
	@msgunfmt locale/vi/LC_MESSAGES/djangojs.mo > /tmp/portal-vi-js-committed.po
	@msgunfmt /tmp/portal-vi-js.mo > /tmp/portal-vi-js-fresh.po
	@diff -q /tmp/portal-vi-js-committed.po /tmp/portal-vi-js-fresh.po >/dev/null || \
		(echo "locale/vi/LC_MESSAGES/djangojs.mo is stale: run make messages and commit it."; exit 1)
	@echo "Vietnamese catalogue complete."

bench: install ## Run the benchmarks in bench/ and print their ratios
	$(PY) bench/run.py

# The load test's own PostgreSQL database (never the tests' one): docs/performance.md.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_load

bench-national: install ## Make the national data set in LOAD_DATABASE_URL (dropped and created again; ~10 min)
	dropdb -h 127.0.0.1 -U postgres --if-exists portal_load && createdb -h 127.0.0.1 -U postgres portal_load
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) manage.py generate_national_data

bench-load: install ## Load test: deadline rush, then closed-loop saves, two gunicorn behind nginx (after bench-national)
	DATABASE_URL=$(LOAD_DATABASE_URL) FLUSH_REDIS=1 $(PY) bench/load/run.py rush
	DATABASE_URL=$(LOAD_DATABASE_URL) $(PY) bench/load/run.py closed
