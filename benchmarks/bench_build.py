"""Time of the HTML build: clean, no-change rebuild, an empty book, against bare execution.

    python benchmarks/bench_build.py
    python benchmarks/bench_build.py --notebooks-json nb.json   # reuse bench_notebooks results
    python benchmarks/bench_build.py --json out.json

Every build runs pinned to CPU 0 (``taskset``-like ``os.sched_setaffinity``), writing to a
temporary ``--path-output`` (the repository's own ``_build`` is never touched):

* ``clean``: ``jupyter-book build . --all --path-output <tmp>``. The book's
  ``execute_notebooks`` is ``off`` (outputs are committed), so this is Sphinx only.
* ``rebuild``: the same command without ``--all`` right after, nothing changed.
* ``empty book``: a temporary book with the same ``_config.yml`` (and bibliography) and one
  empty page: Sphinx's fixed cost (start-up, extensions, theme, static files).
* ``bare execution``: the sum of the notebooks' wall times from ``bench_notebooks.py``.

Targets: clean <= 1.2 x bare execution + empty book; rebuild < 10 s.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
JB = str(Path(sys.executable).with_name("jupyter-book"))
CPU = 0
REBUILD_TARGET_S = 10.0


def build(source, out, *, full=True):
    """Wall time and exit code of one ``jupyter-book build``, pinned to one CPU."""
    cmd = [JB, "build", str(source), "--path-output", str(out)] + (["--all"] if full else [])
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=source,
                          preexec_fn=lambda: os.sched_setaffinity(0, {CPU}))
    elapsed = time.perf_counter() - start
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
    return {"seconds": elapsed, "returncode": proc.returncode,
            "warnings": (proc.stdout + proc.stderr).count("WARNING"),
            "tail": tail if proc.returncode else []}


def empty_book(dest):
    """A one-page book with everything the real book's configuration uses, minus the pages.

    The repository is copied without its chapters (``book/`` keeps only its bibliography
    files), its tests, benchmarks and build output, so local extensions, vendored
    scripts and the bibliography that ``_config.yml`` names are all there.
    """
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", "_build", "tests", "benchmarks", "*.egg-info", "__pycache__",
        "test-artifacts", ".ipynb_checkpoints"))
    for page in (dest / "book").rglob("*"):
        if page.is_file() and page.suffix != ".bib":
            page.unlink()
    (dest / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (dest / "intro.md").write_text("# An empty book\n\nOne page.\n")


def bare_execution_seconds(notebooks_json=None):
    if notebooks_json:
        data = json.loads(Path(notebooks_json).read_text())
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import bench_notebooks

        data = bench_notebooks.run()
    return data["total_wall_s"], len(data["rows"])


def run(notebooks_json=None):
    bare_s, n_notebooks = bare_execution_seconds(notebooks_json)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        tmp = Path(tmp)
        empty_book(tmp / "empty")
        empty = build(tmp / "empty", tmp / "empty-out")
        clean = build(ROOT, tmp / "out")
        rebuild = build(ROOT, tmp / "out", full=False)
    budget = 1.2 * bare_s + empty["seconds"]
    return {
        "bare_execution_s": bare_s, "notebooks": n_notebooks,
        "empty_book": empty, "clean": clean, "rebuild": rebuild,
        "clean_budget_s": budget,
        "clean_meets_target": clean["returncode"] == 0 and clean["seconds"] <= budget,
        "rebuild_meets_target": rebuild["returncode"] == 0
        and rebuild["seconds"] < REBUILD_TARGET_S,
        "cpu": CPU,
    }


def table(r):
    def row(name, b, target, met):
        status = "yes" if met else "no"
        if b is not None and b["returncode"]:
            status = f"build failed (exit {b['returncode']})"
        secs = "" if b is None else f"{b['seconds']:.1f}"
        return f"| {name} | {secs} | {target} | {status} |"
    lines = ["| measurement | seconds | target | target met |", "|---|---:|---|---|",
             f"| bare execution of {r['notebooks']} notebooks (sum) | "
             f"{r['bare_execution_s']:.1f} | | |",
             row("empty book (Sphinx fixed cost)", r["empty_book"], "", True),
             row("clean build (`--all`)", r["clean"],
                 f"<= 1.2 x bare + empty = {r['clean_budget_s']:.1f} s",
                 r["clean_meets_target"]),
             row("no-change rebuild", r["rebuild"], f"< {REBUILD_TARGET_S:.0f} s",
                 r["rebuild_meets_target"])]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks-json", help="bench_notebooks.py --json output to reuse")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    result = run(args.notebooks_json)
    print(table(result))
    for name in ("empty_book", "clean", "rebuild"):
        if result[name]["returncode"]:
            print(f"{name} failed:", *result[name]["tail"], sep="\n  ")
    if args.json:
        result["markdown"] = table(result)
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
