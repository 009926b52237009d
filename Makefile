# Two entry points: `make demo` and `make test`. Both create .venv and install
# what they need on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

.PHONY: install demo test clean
install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/newsweave demo

test: $(BIN)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) newsweave-demo.db* newsweave-report .pytest_cache
