# Everything a fresh machine needs: Python 3.11+ with pip, and Go >= 1.26 on PATH.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo run check lint types test test-slow bench server system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The app on the embedded demo: builds the local Weaviate server once, loads JeopardyQuestion.
demo: $(STAMP)
	$(BIN)/weaviate-explorer --demo

run: $(STAMP)
	$(BIN)/weaviate-explorer

## The whole suite: lint, types and tests against a real Weaviate server.
check: lint types test test-slow

lint: $(STAMP)
	$(BIN)/ruff check explorer tests
	$(BIN)/ruff format --check explorer tests

types: $(STAMP)
	$(BIN)/mypy

## Provision the server first (a first build takes minutes and shows its progress), then run
## pytest where loopback is the only network interface.
test: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	.ci/in-private-network $(BIN)/pytest --durations=20

## The slow fault cases (marked `slow`), left out of the default run so it stays under 20 minutes.
test-slow: $(STAMP) system-deps
	$(BIN)/weaviate-explorer server install
	.ci/in-private-network $(BIN)/pytest -m slow --durations=10

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

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
