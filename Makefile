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
.PHONY: help run test test-fast test-dates lint format typecheck bench vendor lock audit clean npm-installed pango-installed
PYTEST := $(BIN)/python -m pytest -n auto
# The awkward dates the suite must pass on (see tests/support/clock.py).
DATES ?= 2028-01-01 2028-01-31 2028-02-29 2028-03-01 2028-03-26 2028-03-31 2028-04-30 2028-06-30 2028-10-29 2028-12-31

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

# WeasyPrint (the reports' PDFs) needs Pango from Debian.
/usr/lib/x86_64-linux-gnu/libpango-1.0.so.0:
	@echo "Installing Debian's Pango for WeasyPrint (PDF reports)"
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null

pango-installed: /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0
	@$(BIN)/python -c "import weasyprint" || { echo "WeasyPrint cannot load Pango"; exit 1; }

npm-installed:
	@command -v npm >/dev/null || { echo "Installing Node.js for the Nu HTML Checker and the sign-on tests"; \
	  if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }

$(VNU): | $(JAVA) npm-installed
	@echo "Installing the Nu HTML Checker (npm vnu-jar $(VNU_JAR_VERSION)) into .vnu/"
	npm install --prefix .vnu --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_JAR_VERSION)

run: $(STAMP) ## Start the server on http://127.0.0.1:8000 with a seeded demo team
	MBP_PATTERNS=1 $(BIN)/mbp serve --demo

e2e/oidc/node_modules: e2e/oidc/package.json e2e/oidc/package-lock.json | npm-installed
	cd e2e/oidc && npm ci --no-audit --no-fund --silent
	@touch $@

test: $(STAMP) $(CHROMIUM) pango-installed $(VNU) e2e/oidc/node_modules ## Install what the tests need (Chromium, the Nu HTML Checker, an OpenID provider), then run unit, integration and e2e tests
	$(PYTEST) tests
	$(PYTEST) e2e --reruns 1 --reruns-delay 2

test-fast: $(STAMP) pango-installed ## Unit and integration tests only
	$(PYTEST) tests -q

/usr/bin/faketime:
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq faketime >/dev/null

/usr/bin/wrk:
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null

# Only the calendar clock moves: the monotonic clock stays real, because Python's threads
# wait on it (with it faked too, a thread waiting for another never wakes).
test-dates: $(STAMP) /usr/bin/faketime ## The unit and integration tests with the machine clock moved (and running) to each awkward date, late in the evening UK time
	@for day in $(DATES); do \
	  echo "== clock at $$day 23:30 Europe/London; tests at $$day, then at the stated date"; \
	  TZ=Europe/London FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$$day 23:30:00" env MBP_TEST_TODAY=$$day $(PYTEST) tests -q -p no:cacheprovider || exit 1; \
	  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$$day 23:30:00" $(PYTEST) tests -q -p no:cacheprovider || exit 1; \
	done

lint: $(STAMP) ## Lint with ruff and type-check backend/ with mypy (strict)
	$(BIN)/ruff check backend tests e2e bench scripts
	$(BIN)/ruff format --check backend tests e2e bench scripts
	$(BIN)/mypy

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format backend tests e2e bench scripts
	$(BIN)/ruff check --fix backend tests e2e bench scripts

bench: $(STAMP) /usr/bin/wrk ## Run the benchmarks and rewrite docs/benchmarks.md
	$(BIN)/python -m bench.run_all

vendor: $(STAMP) ## Re-vendor htmx and NHS.UK frontend from the npm registry, checking hashes
	$(BIN)/python scripts/vendor_assets.py

lock: ## Re-pin dependencies into requirements.lock (needs pip-tools)
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras -o requirements.lock pyproject.toml

audit: $(STAMP) ## Check the locked dependencies for known vulnerabilities (pip-audit; record the result in docs/assurance/audit.md)
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r requirements.lock

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) data .vnu
