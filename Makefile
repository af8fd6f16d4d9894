# The two commands: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mails and the feed name the address `make run` serves (`make run PORT=8101` too);
# set SITE_URL in the environment to override (e.g. behind a proxy).
SITE_URL ?= http://$(HOST):$(PORT)
DEV_ENV := DEBUG=1
RUN_ENV := $(DEV_ENV) SITE_URL=$(SITE_URL)

.PHONY: run test install lint typecheck format messages check-messages worker beat serve migrate demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[dev]"
	test -f .env || printf '# Local development settings (not committed); the environment wins.\nDEBUG=1\n' > .env
	touch $(STAMP)

install: $(STAMP)

run: install
	@if command -v msgfmt >/dev/null; then $(DEV_ENV) $(PY) manage.py compilemessages -v0 --ignore=.venv; fi
	$(RUN_ENV) $(PY) manage.py migrate --no-input -v0
	$(RUN_ENV) $(PY) manage.py load_demo
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(DEV_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory typecheck

# mypy with django-stubs on every actions.py and selectors.py (pyproject.toml, [tool.mypy]).
typecheck: install
	$(DEV_ENV) $(PY) -m mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the catalogues after changing interface text, then translate the new entries.
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l vi --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=node_modules
	$(DEV_ENV) $(PY) manage.py compilemessages -v0 --ignore=.venv

check-messages: install
	$(DEV_ENV) $(PY) bin/check_messages

worker: install
	$(PY) -m celery -A partnership worker -l info -Q celery --concurrency=2

beat: install
	$(PY) -m celery -A partnership beat -l info --schedule=var/celerybeat-schedule

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate

demo: install
	$(DEV_ENV) $(PY) manage.py load_demo

clean:
	rm -rf $(VENV) var staticfiles
