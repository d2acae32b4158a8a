#!/usr/bin/env bash
# README command (2): install everything into .venv and run every test:
# lossutils unit tests and doctests, strict nbval of every notebook, a clean strict book
# build (-W -n: any warning fails), and the site, Binder and JupyterLab checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
if [ -f tools/install_browser.sh ]; then bash tools/install_browser.sh; fi
.venv/bin/python -m pytest "$@"
