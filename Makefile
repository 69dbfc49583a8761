# The two set-up commands of the README: `make demo` and `make test`.
# Each builds .venv on first use (and again only when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/probono demo $(ARGS)

test: $(STAMP)
	$(VENV)/bin/python -m pytest $(ARGS)
