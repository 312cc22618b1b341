# IWG Tracker. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LOCAL := DJANGO_SETTINGS_MODULE=iwg.settings.local
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run serve worker test lint typecheck format check-migrations workflow-docs check-workflow-docs demo messages clean bench

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP) $@

run: $(STAMP) ## Set up everything (venv, SQLite, demo data) and serve http://127.0.0.1:8000 with a Celery worker and beat
	mkdir -p var
	$(LOCAL) $(BIN)/python manage.py migrate --no-input
	$(LOCAL) $(BIN)/python manage.py createcachetable
	$(LOCAL) $(BIN)/python manage.py load_demo
	$(LOCAL) $(BIN)/python -m iwg.devserver

test: $(DEV_STAMP) ## Run the whole test suite (PostgreSQL and Redis when they answer; see README)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

bench: $(DEV_STAMP) ## Run the benchmarks (PostgreSQL)
	$(BIN)/python bench/deadline_sweep.py

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var staticfiles
