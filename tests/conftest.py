"""Shared fixtures: the repository root, the notebooks in the table of contents, the built book."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # the tools/ scripts are not a package

from refresh_notebooks import toc_notebooks  # noqa: E402

BUILD_DIR = ROOT / "_build"


def jupyter_book():
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


@pytest.fixture(scope="session")
def notebooks():
    return toc_notebooks()


@pytest.fixture(scope="session")
def built_book():
    """A clean, strict build of the whole book (any warning fails). Returns the html folder.

    The build is the same one README command (1) makes, into ``_build/html``; it is redone from
    scratch once per test session, so a stale page can never pass.
    """
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    proc = subprocess.run(
        [jupyter_book(), "build", str(ROOT), "--all", "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True,
    )
    log = proc.stdout + proc.stderr
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "build.log").write_text(log)
    return proc.returncode, log, BUILD_DIR / "html"
