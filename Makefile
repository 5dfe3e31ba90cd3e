# Waymark: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-only lint css venv dev-venv system-packages clean

# Re-install only when the requirements change, so a second `make run` starts fast.
$(VENV)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime-installed
dev-venv: $(VENV)/.dev-installed

run: venv system-packages
	$(BIN)/python manage.py migrate --noinput
	DEMO_MODE=1 $(BIN)/python manage.py seed_demo
	@echo "Waymark is at http://$(HOST):$(PORT)/  (demo accounts: README.md)"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEMO_MODE=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	DEMO_MODE=1 $(BIN)/gunicorn waymark.wsgi --bind $(HOST):$(PORT) --workers 4 --access-logfile -

# System packages from apt: Chromium drives the end-to-end tests (Playwright never downloads a
# browser here); Pango, HarfBuzz and fonts let WeasyPrint make PDFs; poppler-utils reads them back.
APT_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing from apt:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

test-only: dev-venv system-packages
	$(BIN)/pytest -q

test: lint test-only

# Rebuild GOV.UK Frontend's CSS (committed in static/govuk/); needs Node.js and npm.
css:
	npm ci --no-audit --no-fund
	npm run build
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk/

clean:
	rm -rf $(VENV) staticfiles node_modules
