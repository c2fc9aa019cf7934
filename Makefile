# councilkg: `make demo` sets up, builds the bundled corpus and serves it; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1

.PHONY: setup build serve demo lint test test-fast browser-deps bench load fuzz clean

setup: $(STAMP)

# torch goes first and pinned: any other torch drags in a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

build: setup
	$(BIN)/councilkg build

serve: setup
	$(BIN)/councilkg serve --host $(HOST) --port $(PORT)

demo: build serve

# pyflakes, pycodestyle and bugbear ([tool.ruff] in pyproject.toml); under a second
lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser"

# Debian's Chromium and its driver, for the browser tests (needs root).
browser-deps:
	command -v chromedriver >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)

bench: setup
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/lineage.py --quick
	$(BIN)/python benchmarks/lineage_quality.py
	$(BIN)/python benchmarks/rebuild.py
	$(BIN)/python benchmarks/sparql.py --quick
	$(BIN)/python benchmarks/search.py --quick

# Bounded loopback load test and API fuzzing (figures in docs/operations.md).
load: setup
	$(BIN)/python benchmarks/load.py --seconds 60 --clients 32

fuzz: setup
	$(BIN)/python benchmarks/fuzz.py --examples 200

clean:
	rm -rf build test-artifacts
