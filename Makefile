# MBP Journey: `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format typecheck bench vendor lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

$(CHROMIUM):
	@echo "Installing Debian's Chromium for the browser tests"
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

run: $(STAMP) ## Start the server on http://127.0.0.1:8000 with a seeded demo team
	$(BIN)/mbp serve --demo

e2e/oidc/node_modules: e2e/oidc/package.json e2e/oidc/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Node.js for the single sign-on tests"; \
	  if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	cd e2e/oidc && npm ci --no-audit --no-fund --silent
	@touch $@

test: $(STAMP) $(CHROMIUM) e2e/oidc/node_modules ## Install what the tests need, then run unit, integration and e2e tests
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest e2e

test-fast: $(STAMP) ## Unit and integration tests only
	$(BIN)/python -m pytest tests -q

lint: $(STAMP) ## Lint with ruff and type-check backend/ with mypy (strict)
	$(BIN)/ruff check backend tests e2e bench scripts
	$(BIN)/ruff format --check backend tests e2e bench scripts
	$(BIN)/mypy

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format backend tests e2e bench scripts
	$(BIN)/ruff check --fix backend tests e2e bench scripts

bench: $(STAMP) ## Run the benchmarks and rewrite docs/benchmarks.md
	$(BIN)/python -m bench.run_all

vendor: $(STAMP) ## Re-vendor htmx and NHS.UK frontend from the npm registry, checking hashes
	$(BIN)/python scripts/vendor_assets.py

lock: ## Re-pin dependencies into requirements.lock (needs pip-tools)
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras -o requirements.lock pyproject.toml

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) data
