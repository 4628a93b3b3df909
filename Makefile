# The two commands: `make run` (the portal with demo data, SQLite, no Redis needed) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run serve-prod worker beat test lint check browser clean bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Debian's Chromium for the browser tests (a test tool's own browser download fails on these machines).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_network --demo
	@echo
	@echo "  Maths Hubs Portal: http://127.0.0.1:$(PORT)/   (e-mails: http://127.0.0.1:$(PORT)/dev/mailbox/)"
	@echo
	@# The web server and a Celery worker with its embedded beat; Ctrl-C stops both within 10 s (hubs_portal/devrun.py).
	@$(PY) -m hubs_portal.devrun --port $(PORT)

# Production-like: gunicorn with production settings (set SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS).
serve-prod: install
	DJANGO_SETTINGS_MODULE=hubs_portal.settings.production $(PY) manage.py collectstatic --noinput
	DJANGO_SETTINGS_MODULE=hubs_portal.settings.production $(VENV)/bin/gunicorn hubs_portal.wsgi \
	  --bind 0.0.0.0:$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

worker: install
	DJANGO_SETTINGS_MODULE=hubs_portal.settings.production $(PY) -m celery -A hubs_portal worker --loglevel=INFO

beat: install
	DJANGO_SETTINGS_MODULE=hubs_portal.settings.production $(PY) -m celery -A hubs_portal beat --loglevel=INFO

lint: install
	$(VENV)/bin/ruff check .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" ALLOWED_HOSTS=portal.example \
	  DJANGO_SETTINGS_MODULE=hubs_portal.settings.production $(PY) manage.py check --deploy --fail-level WARNING

# Against the real PostgreSQL and Redis at their default local addresses (override DATABASE_URL, REDIS_URL).
test: install browser lint check
	$(PY) -m pytest $(PYTEST_ARGS)

# The figures at network scale (README "Benchmarks"): PostgreSQL and Redis at their default local addresses unless
# DATABASE_URL / REDIS_URL say otherwise; its databases are <DATABASE_URL's name>_0_1, _1_0, … Writes bench/RESULTS.md.
bench: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubs_portal_bench} \
	  REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} $(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf var/portal.sqlite3 var/celery-broker var/mail var/celerybeat-schedule*
