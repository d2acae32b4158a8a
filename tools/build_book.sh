#!/usr/bin/env bash
# README command (1): install what the book needs into .venv, build the HTML, print its path.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
rm -rf _build/html
.venv/bin/jupyter-book build . --all -W -n --keep-going
echo
echo "The book: $(pwd)/_build/html/index.html"
