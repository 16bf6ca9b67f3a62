# Lifeline: `make run` starts everything, `make test` runs the whole test suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell pyenv which python3.10 2>/dev/null || command -v python3.10 || ls /root/.pyenv/versions/3.10*/bin/python3.10 2>/dev/null | tail -1)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-12)

.PHONY: run test install model directory bench eval clean

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.10 is needed (pyenv install 3.10)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# Trains only when the training data, domain or config changed (the model is named after their content hash).
model: install
	$(BIN)/lifeline model train

directory: install
	$(BIN)/lifeline directory validate
	$(BIN)/lifeline directory import

run: model directory
	$(BIN)/lifeline serve all

test: model
	$(BIN)/lifeline directory validate
	$(BIN)/lifeline i18n check --strict
	$(BIN)/python -m pytest

bench: model directory
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.telegram
	$(BIN)/python -m bench.console
	$(BIN)/python -m bench.first_answer

# Language identification and intent F1 on held-out data, next to other detectors and Rasa's default pipeline.
eval: install
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m bench.eval_language
	$(BIN)/python -m bench.eval_nlu
	$(BIN)/python -m bench.eval_realistic

clean:
	rm -rf models var .pytest_cache
