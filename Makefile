# Everything a fresh machine needs: Python 3.11+ with pip, and Go >= 1.26 on PATH.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo run shell check lint types test test-slow test-all bench monkey server durations system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@echo "Installing weaviate-explorer and its dependencies into $(VENV) (about a minute)…"
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	@# Bytecode, as an install from a wheel has: where PYTHONDONTWRITEBYTECODE is set, an
	@# editable install would compile the app's modules from source at every start.
	$(BIN)/python -m compileall -q explorer
	touch $(STAMP)

install: $(STAMP)

## The app on the embedded demo: builds the local Weaviate server once, loads JeopardyQuestion.
demo: $(STAMP)
	$(BIN)/weaviate-explorer --demo

run: $(STAMP)
	$(BIN)/weaviate-explorer

## A shell with the venv on PATH, so the README's `weaviate-explorer …` commands work as typed.
shell: $(STAMP)
	@echo "weaviate-explorer is on PATH in this shell ($(abspath $(BIN))); exit to leave."
	@PATH="$(abspath $(BIN)):$$PATH" VIRTUAL_ENV="$(abspath $(VENV))" exec "$${SHELL:-/bin/sh}"

## The whole suite: lint, types and every test (the slow ones too) against real Weaviate servers.
check: lint types test-all

lint: $(STAMP)
	$(BIN)/ruff check explorer tests
	$(BIN)/ruff format --check explorer tests
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

## pytest workers: each starts Weaviate servers of its own (tests/conftest.py). The tests mostly
## wait on servers and terminals, so more workers than cores pays; `make test WORKERS=0` runs
## them in one process.
WORKERS ?= 4
## Provision the server first (a first build takes minutes and shows its progress), then run
## pytest in parallel where loopback is the only network interface. `--dist loadgroup` is the
## suite's own scheduler (tests/scheduling.py): a module (or an xdist_group) stays on one worker,
## and a worker gets the longest unit left, estimated from tests/durations.json.
PYTEST := .ci/in-private-network $(BIN)/pytest -n $(WORKERS) --dist loadgroup

## The default run: everything but the slow fault cases.
test: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	$(PYTEST) --durations=20

## The slow fault cases (marked `slow`): a 100k import with the server killed, and such.
test-slow: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	$(PYTEST) -m slow --durations=10

## Both in one parallel run (what `make check` runs): the slow cases overlap the rest.
test-all: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	$(PYTEST) -m "slow or not slow" --durations=30

## Benchmarks (never part of the tests): ratios against baselines measured in the same run.
## Reuses a bench server's data in the user cache dir; a full run takes under 15 minutes.
bench: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	.ci/in-private-network $(BIN)/python -m tests.benchmarks --json bench-results.json

## tmux drives the real-terminal tests; unshare and ip give the tests a loopback-only network;
## chromium (with its driver) runs the browser test of `weaviate-explorer web`.
system-deps:
	@missing=""; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	command -v ip >/dev/null || missing="$$missing iproute2"; \
	command -v unshare >/dev/null || missing="$$missing util-linux"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need:$$missing (install them, e.g. with sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

server: $(STAMP)
	$(BIN)/weaviate-explorer server install

## Refresh tests/durations.json (each module's seconds, which the scheduler reads): a full run.
durations: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	$(PYTEST) -m "slow or not slow" --store-durations --durations=30

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis

## The key monkey, longer: make monkey SEEDS=1,2,3 KEYS=20000 (a failure prints the seed and the
## last 20 keys). 20,000 keys take about 25 minutes, so the suite's 10-minute test timeout is off.
SEEDS ?=
KEYS ?= 20000
monkey: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	MONKEY_SEEDS=$(SEEDS) MONKEY_KEYS=$(KEYS) .ci/in-private-network $(BIN)/pytest tests/tui/test_monkey.py -q -s --timeout 0
