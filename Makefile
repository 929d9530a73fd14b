# networkhub. Quick start: `make run` (the app on embedded defaults) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
DEMO_PASSWORD ?= demo-verkosto-2026
export DEMO_PASSWORD
SITE_URL ?= http://$(ADDRESS)
export SITE_URL

.PHONY: run test bench install install-dev messages makemessages lint format migrate worker e2e-browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	@echo "networkhub: installing the requirements into $(VENV) (the first time a few minutes)…"
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiled catalogues are build output: made from locale/*/LC_MESSAGES/django.po with Babel,
# so that no system gettext is needed.
messages: $(VENV)/.installed
	@echo "networkhub: compiling the translations (fi, sv, en)…"
	@$(BIN)/pybabel -q compile -d locale -D django

# For developers adding strings (needs GNU gettext's xgettext).
makemessages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages --no-obsolete --no-location -l fi -l sv -l en -i ".venv/*" -i "staticfiles/*"
	$(BIN)/python manage.py fill_english_catalogue

run: install messages
	@mkdir -p var
	@echo "networkhub: migrating the database in var/ (the first time about a minute)…"
	@$(BIN)/python manage.py migrate --noinput -v 0
	@echo "networkhub: seeding the demo (the first time about a minute)…"
	@$(BIN)/python manage.py seed_demo --password "$(DEMO_PASSWORD)"
	@echo "networkhub: starting the Celery worker and the web server…"
	@echo ""
	@echo "networkhub runs at http://$(ADDRESS)/  (demo password: $(DEMO_PASSWORD))"
	@echo "Embedded mode: SQLite in var/, e-mail written to var/mail/, Celery on a filesystem transport in var/celery/."
	@echo "Stop with Ctrl-C."
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/celery -A config worker --beat --loglevel=warning --concurrency=1 \
	    --queues=default,pdf --schedule=var/celerybeat-schedule & \
	  $(BIN)/python manage.py runserver --noreload $(ADDRESS)

test: install-dev messages
	@if [ -n "$$DATABASE_URL" ]; then echo "Running tests on $${DATABASE_URL%%://*} (DATABASE_URL)"; \
	  else echo "Running tests on SQLite (set DATABASE_URL for PostgreSQL)"; fi
	@if [ -n "$$REDIS_URL" ]; then echo "Cache and broker: Redis (REDIS_URL)"; \
	  else echo "Cache: local memory; broker: filesystem transport (set REDIS_URL for Redis)"; fi
	$(BIN)/pytest $(PYTEST_ARGS)

# Every benchmark in bench/run_all.py's BENCHES, as one table (needs PostgreSQL: DATABASE_URL; the
# benchmarks use databases of their own next to it). Takes several minutes; the first run builds
# the scale data. BENCH_ARGS="load scale" runs some; "--markdown" prints the table as Markdown.
bench: install-dev messages
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python tools/check_layers.py

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
