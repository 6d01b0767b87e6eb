# MBP Journey: `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
JAVA ?= /usr/bin/java
VNU_JAR_VERSION := 26.9.27
VNU := .vnu/node_modules/vnu-jar/build/dist/vnu.jar

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint format typecheck bench vendor lock audit clean

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

$(JAVA):
	@echo "Installing Java for the Nu HTML Checker"
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null

$(VNU): | $(JAVA)
	@echo "Installing the Nu HTML Checker (npm vnu-jar $(VNU_JAR_VERSION)) into .vnu/"
	npm install --prefix .vnu --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_JAR_VERSION)

run: $(STAMP) ## Start the server on http://127.0.0.1:8000 with a seeded demo team
	$(BIN)/mbp serve

test: $(STAMP) $(CHROMIUM) $(VNU) ## Install what the tests need (Chromium, the Nu HTML Checker), then run unit, integration and e2e tests
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

audit: $(STAMP) ## Check the locked dependencies for known vulnerabilities (pip-audit; record the result in docs/assurance/audit.md)
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r requirements.lock

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) data .vnu
