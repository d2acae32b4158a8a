#!/usr/bin/env bash
# README command (2): install into .venv and run the tests. Two tiers:
#
#   bash tools/run_tests.sh            # everything: lossutils unit tests and doctests, strict
#                                      # nbval of every notebook, a clean strict book build
#                                      # (-W -n: any warning fails), the site, Binder and
#                                      # JupyterLab checks
#   bash tools/run_tests.sh --quick    # lossutils tests, doctests and strict nbval (< 2 min):
#                                      # no root, no browser, no network beyond pip
#
# Other arguments go to pytest (`bash tools/run_tests.sh --quick tests/test_losses.py -x`).
# The full run installs requirements-test-full.txt and, only when browser tests are selected,
# Debian's chromium (tools/install_browser.sh, needs root). The quick run installs
# requirements-test.txt only and deselects the `browser`, `network` and `book` markers.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
if [ "${1:-}" = "--quick" ]; then
    quick=1
    shift
fi
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
pip_install() { .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"; }
NBVAL=(--nbval --nbval-current-env)

if [ "$quick" = 1 ]; then
    pip_install requirements-test.txt
    exec .venv/bin/python -m pytest "${NBVAL[@]}" -m "not browser and not network and not book" "$@"
fi

pip_install requirements-test-full.txt
# Install the browser only if the selection (after any -m/-k/paths given) has browser tests.
count_file="$(mktemp)"
trap 'rm -f "$count_file"' EXIT
BROWSER_TESTS_COUNT_FILE="$count_file" .venv/bin/python -m pytest --collect-only -q \
    "${NBVAL[@]}" "$@" >/dev/null 2>&1 || true
count="$(cat "$count_file")"
if [ "${count:-0}" -gt 0 ]; then
    bash tools/install_browser.sh
fi
.venv/bin/python -m pytest "${NBVAL[@]}" "$@"
