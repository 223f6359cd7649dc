# Entry points of nami-client. Each target sets up the repo-root .venv it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BIN := $(CURDIR)/$(VENV)/bin

.PHONY: all venv generate check-generated lint typecheck spec-check unit example test contract mock bench clean

all: test

# The venv is rebuilt when the pinned tools or the generated package's metadata change.
$(STAMP): pyproject.toml generated_client/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "pip>=25.1"
	$(PY) -m pip install --quiet --disable-pip-version-check --group dev
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e ./generated_client
	touch $(STAMP)

venv: $(STAMP)

generate: $(STAMP)
	$(PY) generator/generate.py

check-generated: $(STAMP)
	$(PY) generator/generate.py --check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy generator tests tools examples/shutdown_service/shutdown_service.py
	cd generated_client && $(BIN)/mypy --strict nami_client

spec-check: $(STAMP)
	$(PY) -m tools.spec_check openapi/nami-spot.yaml

# Two workers, one test file each at a time: the files' own servers and fixtures stay in one process.
unit: $(STAMP)
	$(PY) -m pytest --numprocesses 2 --dist loadfile

# The example downstream service (examples/shutdown_service/), tested in a venv of its own that
# installs the package as a downstream user does: `pip install "./generated_client[testing]"`. Set up
# once; the package is reinstalled when generated_client/ changes (its version may not).
EXAMPLE_VENV := .venv-example
EXAMPLE_STAMP := $(EXAMPLE_VENV)/.installed
EXAMPLE_PIP := $(PY) -m pip --disable-pip-version-check --python $(EXAMPLE_VENV)/bin/python install --quiet
PACKAGE_FILES := $(shell find generated_client -type f -not -path '*/.*' -not -path '*/__pycache__/*')

$(EXAMPLE_STAMP): $(STAMP) $(PACKAGE_FILES) examples/shutdown_service/pyproject.toml
	test -x $(EXAMPLE_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(EXAMPLE_VENV)
	$(EXAMPLE_PIP) "./generated_client[testing]" "pytest==9.2.0"
	$(EXAMPLE_PIP) --no-deps --force-reinstall ./generated_client
	touch $(EXAMPLE_STAMP)

example: $(EXAMPLE_STAMP)
	cd examples/shutdown_service && $(CURDIR)/$(EXAMPLE_VENV)/bin/python -m pytest -q

test: check-generated lint typecheck spec-check unit example

clean:
	rm -rf $(VENV) $(EXAMPLE_VENV) reports .mypy_cache .pytest_cache .ruff_cache

# The contract harness: against the embedded mock, or `make contract URL=http://host:port`;
# ARGS="..." passes options on to Schemathesis. The URL reaches the harness as one argument, as
# written (through the environment, never through the shell). Make turns any failing recipe into
# exit code 2: run `$(PY) -m tools.contract.run` directly to keep the harness's own codes.
URL ?=
ARGS ?=
contract: export CONTRACT_URL := $(value URL)
contract: $(STAMP)
	$(PY) -m tools.contract.run --url "$$CONTRACT_URL" $(ARGS)

PORT ?= 8765
mock: $(STAMP)
	$(PY) -m nami_client.testing --port $(PORT) $(ARGS)

# Benchmarks: reports/bench.md and reports/bench.json. `make test` runs its quick mode (tests/test_bench.py).
bench: $(STAMP)
	$(PY) -m tools.bench.run
