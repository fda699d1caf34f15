# OpenCSC. `make demo` and `make test` are the two commands a new user needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export OPENCSC_DATA_DIR ?= $(CURDIR)/var

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.installed src/opencsc/static_build/.built ## install the app, its dependencies and front-end assets

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OpenCSC needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to build the GOV.UK Frontend assets: install Node.js 20+"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

src/opencsc/static_build/.built: node_modules/.installed scripts/build-assets.mjs
	npm run --silent build
	touch $@

demo: setup ## start the app with a synthetic local authority and print the sign-ins
	$(BIN)/opencsc demo

lint: setup ## ruff and mypy
	$(BIN)/ruff check src tests
	$(BIN)/mypy src

browser-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

validators: $(VENV)-dfe/.installed $(VENV)-annexa/.installed ## the DfE's return validators and the Annex A checker, each in its own virtual environment

$(VENV)-dfe/.installed: validators/requirements-validators.txt
	$(PYTHON) -m venv $(VENV)-dfe
	$(VENV)-dfe/bin/pip install --quiet -r validators/requirements-validators.txt
	touch $@

# liiatools pins a cchardet with no Python 3.11 build: install it without its
# dependencies, then the ones it needs (validators/README.md).
$(VENV)-annexa/.installed: validators/requirements-annexa.txt
	$(PYTHON) -m venv $(VENV)-annexa
	$(VENV)-annexa/bin/pip install --quiet --no-deps liiatools==0.2.0
	$(VENV)-annexa/bin/pip install --quiet -r validators/requirements-annexa.txt
	touch $@

test: setup lint browser-deps validators ## run every test (unit, integration, browser, the returns' validators)
	OPENCSC_REQUIRE_VALIDATORS=1 $(BIN)/pytest

bench: setup ## measure synth, page times and query counts; writes bench-results/
	$(BIN)/python -m opencsc.bench

clean: ## remove the virtual environment, built assets and the local database
	rm -rf $(VENV) $(VENV)-dfe $(VENV)-annexa node_modules src/opencsc/static_build var

.PHONY: help setup demo lint test bench clean browser-deps validators
