# The two set-up commands of the README: `make demo` and `make test`.
# Each builds .venv on first use (and again only when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test browser lint lint-imports
# The browser test drives Debian's Chromium (never a browser downloaded by a test tool); a CJK font
# makes the Chinese articles readable in its screenshots.
BROWSER_PACKAGES := chromium fonts-wqy-zenhei
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/probono demo $(ARGS)

# Installs the browser test's packages when they are missing (as root, or through sudo);
# PROBONO_SKIP_BROWSER=1 leaves both the install and the browser test out.
browser:
	@if [ "$$PROBONO_SKIP_BROWSER" != 1 ] && { ! command -v chromium >/dev/null || [ ! -e $(CJK_FONT) ]; }; then \
	  echo "Installing Debian's $(BROWSER_PACKAGES) for the browser test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; } \
	    || echo "Could not install $(BROWSER_PACKAGES): tests/test_browser.py will fail and say so (PROBONO_SKIP_BROWSER=1 leaves it out)"; \
	fi

test: $(STAMP) browser
	$(VENV)/bin/python -m pytest $(ARGS)

# The rules the project declares, enforced: ruff's rules and mypy's types (pyproject.toml says
# which and why), and imports that run one way (import-linter's contracts, also in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Imports run one way: the contracts of pyproject.toml's [tool.importlinter].
lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports
