# Essaim — the commands the README names. Needs python3 (3.11), python3-venv and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint bench messages install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

messages: $(STAMP)
	cd src/essaim && ../../$(PY) ../../manage.py makemessages -l en --no-obsolete --add-location file
	$(PY) scripts/french_plurals.py
	cd src/essaim && ../../$(PY) ../../manage.py compilemessages -l en -l fr

# The pages under the production servers, then each area's benchmark, on SQLite;
# `make bench BENCH_ARGS=--postgres` runs all of them on PostgreSQL.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/ranking.py $(filter --postgres,$(BENCH_ARGS))
	$(PY) bench/autocomplete.py $(filter --postgres,$(BENCH_ARGS))
	$(PY) bench/portfolio.py $(filter --postgres,$(BENCH_ARGS))
	$(PY) bench/catalogue.py $(filter --postgres,$(BENCH_ARGS))
	$(PY) bench/dashboard.py $(filter --postgres,$(BENCH_ARGS))
	$(PY) bench/exports.py $(filter --postgres,$(BENCH_ARGS))

clean:
	rm -rf var
