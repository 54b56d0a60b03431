# Every set-up step lives here, so a fresh clone needs nothing but `make demo` or `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH  := torch==2.13.0

.PHONY: setup demo test bench eval eval-full lint models clean

setup: $(STAMP)

# torch first, pinned: the CPU wheel of this version is on the machine; any
# other spec would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: setup
	@$(BIN)/tqcheck check corpora/kidal --show-scores || [ $$? -eq 1 ]

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench.run
	$(BIN)/python -m tqcheck.docs

eval: setup
	$(BIN)/tqcheck eval corpora --real-text quick
	$(BIN)/python -m tqcheck.docs

# every wmt-news document (../shared/data/wmt-news), not the quick fixed sample
eval-full: setup
	$(BIN)/tqcheck eval corpora --real-text full
	$(BIN)/python -m tqcheck.docs

lint: setup
	$(BIN)/ruff check tqcheck tests bench

# Needs the Hugging Face hub; says so in one line (exit 2) when it cannot reach it.
models: setup
	$(BIN)/tqcheck models pull
	test -d models/opus-mt-fr-en-ct2-int8 || $(BIN)/tqcheck models convert opus-mt-fr-en

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
