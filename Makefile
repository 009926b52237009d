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

.PHONY: install demo test serve screenshots clean
install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/newsweave demo

test: $(BIN)/.installed
	$(BIN)/python -m pytest

# The web app over the demo store (run 'make demo' first).
serve: $(BIN)/.installed
	$(BIN)/newsweave serve --db newsweave-demo.db

# Refresh the screenshots in docs/ from the browser tests.
screenshots: $(BIN)/.installed
	NEWSWEAVE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/test_web_browser.py

clean:
	rm -rf $(VENV) newsweave-demo.db* newsweave-report .pytest_cache
