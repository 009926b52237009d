# Two entry points: `make demo` and `make test`. Both create .venv and install
# what they need on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Under constraints.txt, so a fresh machine gets the versions the tests passed
# with; editing either file reinstalls.
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

.PHONY: install postgres-server demo test eval serve screenshots constraints clean
install: $(BIN)/.installed

# The PostgreSQL store's tests start a real server from Debian's postgresql
# package (initdb and pg_ctl); installed through apt when missing and root.
# Where it cannot be installed, those tests skip and say why.
postgres-server:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's postgresql for the store tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1 || \
	    echo "postgresql could not be installed: the PostgreSQL tests will skip"; \
	  else echo "postgresql is not installed (apt-get install postgresql): the PostgreSQL tests will skip"; fi

demo: $(BIN)/.installed
	$(BIN)/newsweave demo

# The fast suite (about two minutes on two cores). The slow tests run in `make eval`.
test: $(BIN)/.installed postgres-server
	$(BIN)/python -m pytest -m "not slow"

# The slow tests: the quality gate on ../shared/datasets (about half an hour),
# printing every figure it measures, and a real `pip install` into a fresh venv.
# Exit status 5 means pytest collected nothing, which is not a failure here.
eval: $(BIN)/.installed postgres-server
	$(BIN)/python -m pytest -m slow -s -rA --durations=0; \
	status=$$?; if [ $$status -eq 5 ]; then echo "make eval: no slow tests collected"; exit 0; fi; exit $$status

# The web app over the demo store (run 'make demo' first).
serve: $(BIN)/.installed
	$(BIN)/newsweave serve --db newsweave-demo.db

# Refresh the screenshots in docs/ from the browser tests.
screenshots: $(BIN)/.installed
	NEWSWEAVE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/web/test_web_browser.py

# Pin what .venv has now: run after changing dependencies and passing `make test`.
# Keeps the comment header; pip, setuptools, wheel and newsweave itself are not pinned.
constraints: $(BIN)/.installed
	{ sed '/^[^#]/,$$d' constraints.txt; \
	  $(BIN)/pip freeze --exclude-editable | grep -viE '^(pip|setuptools|wheel|newsweave)( |==)'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	touch $(BIN)/.installed  # .venv is what the new pins describe; no reinstall

clean:
	rm -rf $(VENV) newsweave-demo.db* newsweave-report .pytest_cache
