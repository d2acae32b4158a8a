"""Wall time and peak memory of each notebook of the book, run top to bottom in a fresh kernel.

    python benchmarks/bench_notebooks.py                  # every notebook in _toc.yml
    python benchmarks/bench_notebooks.py book/mse.ipynb   # just these
    python benchmarks/bench_notebooks.py --json out.json

Each notebook runs in its own worker process, pinned to CPU 0 (``os.sched_setaffinity``;
the kernel inherits it), on a copy of the ``book/`` folder in a temporary directory: the
committed notebooks are never touched, and files a notebook writes land in the copy.

* ``wall s``: ``nbclient`` execution, kernel start and shutdown included;
* ``slowest cell s``: the longest single cell;
* ``kernel peak MB``: the kernel's peak resident memory (``ru_maxrss`` of the worker's
  children, read after the kernel has exited; the kernel is the worker's only child).

Targets: < 10 s and < 400 MB per notebook.
"""

import json
import os
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from refresh_notebooks import toc_notebooks  # noqa: E402

from _notebook_worker import copied_book, existing, parse_cli, run_worker  # noqa: E402

TARGET_S, TARGET_MB = 10.0, 400.0
CPU = 0


def _worker(path, timeout):
    """Run in a fresh process: execute one notebook copy, print one JSON line of results."""
    import resource
    import time

    import nbformat
    from nbclient import NotebookClient

    os.sched_setaffinity(0, {CPU})
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}},
                            record_timing=True)
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as exc:  # report the failure, keep the timing
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:200]}"
    wall = time.perf_counter() - start
    slowest = 0.0
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            t0 = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            t1 = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            slowest = max(slowest, (t1 - t0).total_seconds())
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
    print(json.dumps({"wall_s": wall, "slowest_cell_s": slowest, "peak_mb": peak_kb / 1024,
                      "cells": sum(c.cell_type == "code" for c in nb.cells), "error": error}))


def bench_notebook(path, book_copy, timeout=300):
    """Execute the copy of ``path`` inside ``book_copy`` in a worker process."""
    result = run_worker(__file__, path, book_copy, timeout)
    empty = {"wall_s": None, "slowest_cell_s": None, "peak_mb": None, "cells": None}
    return {**empty, **result} if set(result) == {"error"} else result


def run(paths=None):
    paths = [Path(p).resolve() for p in paths] if paths else toc_notebooks(ROOT)
    rows = []
    with copied_book("bench-notebooks-") as book_copy:
        for path in existing(paths):
            result = bench_notebook(path, book_copy)
            result["notebook"] = str(path.relative_to(ROOT))
            result["meets_target"] = (result["error"] is None and result["wall_s"] is not None
                                      and result["wall_s"] < TARGET_S
                                      and result["peak_mb"] < TARGET_MB)
            rows.append(result)
            print(format_row(result), flush=True)
    total = sum(r["wall_s"] or 0.0 for r in rows)
    return {"rows": rows, "total_wall_s": total, "cpu": CPU,
            "target_s": TARGET_S, "target_mb": TARGET_MB}


HEADER = ("| notebook | code cells | wall s | slowest cell s | kernel peak MB | target met |\n"
          "|---|---:|---:|---:|---:|---|")


def format_row(r):
    def f(x, spec):
        return "n/a" if x is None else format(x, spec)
    met = "yes" if r["meets_target"] else ("error: " + r["error"] if r["error"] else "no")
    return (f"| {r['notebook']} | {f(r['cells'], 'd')} | {f(r['wall_s'], '.1f')} "
            f"| {f(r['slowest_cell_s'], '.2f')} | {f(r['peak_mb'], '.0f')} | {met} |")


def main(argv=None):
    args = parse_cli(sys.argv[1:] if argv is None else argv, __doc__, _worker)
    if args is None:  # this process was a worker
        return 0
    print(HEADER, flush=True)
    result = run(args.notebooks)
    print(f"total: {result['total_wall_s']:.1f} s for {len(result['rows'])} notebooks")
    if args.json:
        result["markdown"] = "\n".join(
            [HEADER] + [format_row(r) for r in result["rows"]]
            + ["", f"Total: {result['total_wall_s']:.1f} s for {len(result['rows'])} notebooks."])
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
