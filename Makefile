# The two commands: `make lab` (learners) and `make test` (everyone, and CI).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
WORKERS ?= 2
PORT   ?= 8888
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: help setup lab workspace test lint course lock clean

help:
	@echo "make lab      install if needed, build the workspace, start JupyterLab on 127.0.0.1 (PORT=8888)"
	@echo "make test     install if needed, then lint and the whole test suite (what CI runs)"
	@echo "make course   build the course site into build/course_html"
	@echo "make lock     recompile requirements.lock from pyproject.toml"

# The venv is (re)installed from the lock only when the lock or pyproject changes.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(BIN)/labkit lab --port $(PORT)

workspace: setup
	$(BIN)/labkit workspace

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest -n $(WORKERS) --durations=15

course: setup
	$(BIN)/python -c "from labkit.course_site import build; print(build())"

lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf build .pytest_cache .ruff_cache
