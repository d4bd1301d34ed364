# The two commands of the quick start: `make serve` and `make test`.
# Each sets itself up from a fresh clone (a .venv with the kit and its test tools).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
HOST   ?= 0.0.0.0

.PHONY: serve test bench lint format check install clean messages

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed

# Node.js tools from package.json: ESLint and Stylelint for `make lint`, axe-core for the
# accessibility tests. Only the tests and the linters need them; the kit itself does not.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm is missing. ESLint, Stylelint and \
	the accessibility tests need Node.js 20.19 or later with npm (Debian: apt-get install \
	nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $@

serve: install
	$(BIN)/workshop-kit serve --port $(PORT) --host $(HOST) $(if $(CLASS_SIZE),--class-size $(CLASS_SIZE))

check: install
	$(BIN)/workshop-kit check

# Python (ruff), and the widgets' JavaScript and CSS in workshop_kit/widgets/ (ESLint,
# Stylelint: eslint.config.js, stylelint.config.js).
lint: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint .
	npx --no-install stylelint "workshop_kit/**/*.css"

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Unit tests, nbval over every notebook (tests/test_notebooks.py), and tests that start
# a real Voila server and drive it in Chromium (tests/test_served_pages.py).
test: install lint
	$(BIN)/python -m pytest

# Figures, not pass/fail: writes benchmarks/results/latest.{json,md} (see BENCHMARKS.md).
# Starts a throwaway PostgreSQL server too, so the store is measured on both engines.
bench: install
	eval "$$(.ci/start-postgres)" && $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The kit's words: collect every marked string into messages.pot, then add new ones to
# each language's catalog (workshop_kit/locale/<code>/LC_MESSAGES/messages.po) for a
# translator. `make test` fails while a catalog lacks a translation.
messages: install
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -k pgettext:1c,2 \
		--project="Career Workshop Kit" -o workshop_kit/locale/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i workshop_kit/locale/messages.pot \
		-d workshop_kit/locale

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
