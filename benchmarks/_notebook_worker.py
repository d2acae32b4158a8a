"""The machinery of bench_notebooks.py: a scratch copy of book/ and a worker process per
notebook (so each measurement starts from a fresh interpreter and kernel)."""

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def copied_book(prefix):
    """A temporary copy of book/: benchmarks never touch the committed notebooks."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        book_copy = Path(tmp) / "book"
        shutil.copytree(ROOT / "book", book_copy,
                        ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
        yield book_copy


def run_worker(script, path, book_copy, timeout=300):
    """Run ``script --worker <copy of path> <timeout>`` from the copy's folder.

    The worker prints one JSON object; returns it, or ``{"error": ...}`` if the worker failed.
    """
    copy = book_copy / Path(path).relative_to(ROOT / "book")
    proc = subprocess.run([sys.executable, str(script), "--worker", str(copy), str(timeout)],
                          capture_output=True, text=True, cwd=copy.parent)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["worker failed"])[-1][:200]}
    return json.loads(lines[-1])


def existing(paths):
    """The notebooks that exist (chapters appear over time: skip the missing ones)."""
    return [Path(p) for p in paths if Path(p).exists()]


def parse_cli(argv, doc, worker):
    """The benchmark's command line: ``[notebooks...] [--json FILE]``, or
    ``--worker PATH TIMEOUT`` in the worker process (runs ``worker``, returns ``None``)."""
    import argparse

    if argv[:1] == ["--worker"]:
        worker(argv[1], int(argv[2]))
        return None
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook in _toc.yml")
    parser.add_argument("--json", help="also write the results to this JSON file")
    return parser.parse_args(argv)
