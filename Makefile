# Two commands set everything up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# make serve: PORT defaults to 8080 there (unless given), REPLICAS to the number of cores
SERVE_PORT = $(if $(filter file,$(origin PORT)),8080,$(PORT))
REPLICAS ?=

.PHONY: run serve test lint format validate screenshots bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

## run: create .venv, install, start the dashboard on the bundled data
run: $(VENV)/.run-installed
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

## serve: nginx (Debian's package) in front of REPLICAS app processes, sticky sessions
## (PORT, default 8080; REPLICAS, default the number of cores; Ctrl-C stops all)
serve: $(VENV)/.run-installed
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "nginx not found: apt-get install nginx"; exit 1; }
	PORT=$(SERVE_PORT) REPLICAS=$(REPLICAS) $(PY) deploy/serve.py

## test: install dev tools, lint, and run the whole pytest suite
test: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

validate: $(VENV)/.run-installed
	$(PY) -m crisis validate

screenshots: $(VENV)/.dev-installed
	$(PY) bench/screenshots.py docs/screenshots

## bench: imports and page reruns at 10k, 100k and 1M synthetic ACLED rows; server CPU per
## filter change and first render of every page beside a bare app (bench/results.md)
bench: $(VENV)/.dev-installed
	$(PY) bench/bench.py
	$(PY) bench/rerun.py

.PHONY: bench-load
## bench-load: 1-50 concurrent viewers (websocket, Chromium at low priority) on one server,
## the dashboard and the bare app in the same run (bench/results.md)
bench-load: $(VENV)/.dev-installed
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
