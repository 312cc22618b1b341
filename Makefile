# IWG Tracker. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LOCAL := DJANGO_SETTINGS_MODULE=iwg.settings.local
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run serve worker install-dev test lint typecheck format check-migrations workflow-docs check-workflow-docs demo \
	messages clean bench lock lock-upgrade audit backup restore verify-backup

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements.txt and requirements-dev.txt are lock files (every package pinned with its hashes), compiled by
# `make lock` from the human-edited requirements.in and requirements-dev.in.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP) $@

run: $(STAMP) ## Set up everything (venv, SQLite, demo data) and serve http://127.0.0.1:8000 with a Celery worker and beat
	mkdir -p var/broker/processed var/broker/control  # the filesystem broker: load_demo already queues e-mails
	$(LOCAL) $(BIN)/python manage.py migrate --no-input
	$(LOCAL) $(BIN)/python manage.py createcachetable
	$(LOCAL) $(BIN)/python manage.py load_demo
	$(LOCAL) $(BIN)/python -m iwg.devserver

# In parallel: one process per core (pytest-xdist), each with its own test database and its own Redis database
# (iwg/settings/test.py), the 30 slowest tests listed at the end. worksteal: an idle process takes tests queued for
# the other, so the few long tests (the fuzz, the browser) do not leave one core idle at the end.
PYTEST_PARALLEL ?= -n auto --dist worksteal --durations=30

install-dev: $(DEV_STAMP) ## Create the virtualenv with the app and the test tools (make test does it when needed)

test: $(DEV_STAMP) ## Run the whole test suite (PostgreSQL and Redis when they answer; see README)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: $(DEV_STAMP) ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP) ## mypy with the Django and DRF plugins (configuration in pyproject.toml)
	$(BIN)/mypy

format: $(DEV_STAMP) ## ruff: fix and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: $(DEV_STAMP) ## Fail when a model change has no migration
	$(LOCAL) $(BIN)/python manage.py makemigrations --check --dry-run

workflow-docs: $(DEV_STAMP) ## Rewrite docs/workflow.md (diagram and table of steps) from the workflow table
	$(LOCAL) $(BIN)/python manage.py workflow_docs

check-workflow-docs: $(DEV_STAMP) ## Fail when docs/workflow.md is not what the workflow table gives
	$(LOCAL) $(BIN)/python manage.py workflow_docs --check

messages: $(DEV_STAMP) ## Extract and compile translations (needs gettext); compiled catalogues are committed
	$(LOCAL) $(BIN)/python manage.py makemessages -l ru -l kk -l en --ignore=.venv --ignore=tests
	$(LOCAL) $(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(DEV_STAMP) ## Run the benchmarks (PostgreSQL; see docs/performance.md; bench/load.sh needs wrk)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/history.py
	$(BIN)/python bench/deadline_sweep.py
	$(BIN)/python bench/register.py

# uv resolves for Linux and Python 3.11 (the Dockerfile's and CI's), whoever runs it. Existing pins are kept unless
# an input changed; `make lock-upgrade` moves every package to its newest allowed version.
UV_COMPILE := $(BIN)/python -m uv pip compile --quiet --generate-hashes --python-version 3.11 --python-platform linux \
	--custom-compile-command "make lock"
LOCK_ARGS ?=

lock: $(DEV_STAMP) ## Compile requirements.in and requirements-dev.in into the hashed lock files (uv)
	$(UV_COMPILE) $(LOCK_ARGS) requirements.in -o requirements.txt
	$(UV_COMPILE) $(LOCK_ARGS) requirements-dev.in -c requirements.txt -o requirements-dev.txt

lock-upgrade: ## Re-lock with every package at its newest allowed version
	$(MAKE) lock LOCK_ARGS=--upgrade

audit: $(DEV_STAMP) ## List outdated and vulnerable dependencies (pip-audit; says so when the database cannot be reached)
	$(BIN)/python scripts/dependency_audit.py

DIR ?=
backup: $(STAMP) ## Back up PostgreSQL and the documents: make backup DIR=/backups/2026-11-30 (docs/operations.md)
	@test -n "$(DIR)" || (echo "Give the folder: make backup DIR=/path/to/new/folder" && exit 2)
	$(BIN)/python manage.py backup "$(DIR)"

verify-backup: $(STAMP) ## Check a backup's dump and files against its manifest: make verify-backup DIR=...
	@test -n "$(DIR)" || (echo "Give the folder: make verify-backup DIR=/path/to/backup" && exit 2)
	$(BIN)/python manage.py verify_backup "$(DIR)"

restore: $(STAMP) ## Restore a backup into an empty database and storage: make restore DIR=...
	@test -n "$(DIR)" || (echo "Give the folder: make restore DIR=/path/to/backup" && exit 2)
	$(BIN)/python manage.py restore "$(DIR)"

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var staticfiles
