"""Shared fixtures: the repository root, the notebooks in the table of contents, the built book."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # the tools/ scripts are not a package

from refresh_notebooks import toc_notebooks  # noqa: E402


def jupyter_book():
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


@pytest.fixture(scope="session")
def notebooks():
    return toc_notebooks()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """A clean, strict build of the whole book (any warning fails): ``(returncode, log, html)``.

    The same build README command (1) makes, but into a fresh pytest temporary folder
    (``jupyter-book build --path-output``), once per test session: a stale page can never
    pass, and the developer's own ``_build/`` is never read, written or deleted.
    """
    out = tmp_path_factory.mktemp("book")
    proc = subprocess.run(
        [jupyter_book(), "build", str(ROOT), "--all", "-W", "-n", "--keep-going",
         "--path-output", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    log = proc.stdout + proc.stderr
    (out / "build.log").write_text(log)
    return proc.returncode, log, out / "_build" / "html"


def pytest_collection_finish(session):
    """With BROWSER_TESTS_COUNT_FILE set (tools/run_tests.sh, under --collect-only), write how
    many selected tests carry the ``browser`` marker, so Chromium is installed only if needed."""
    path = os.environ.get("BROWSER_TESTS_COUNT_FILE")
    if path:
        count = sum(1 for item in session.items if item.get_closest_marker("browser"))
        with open(path, "w") as fh:
            fh.write(str(count))
