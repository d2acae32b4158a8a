"""Time of one explorer update (recompute and redraw) for every explorer in the book.

    python benchmarks/bench_widgets.py                  # every notebook in _toc.yml
    python benchmarks/bench_widgets.py book/mse.ipynb   # just these
    python benchmarks/bench_widgets.py --json out.json

Each notebook runs top to bottom in a fresh kernel pinned to CPU 0, on a copy of
``book/`` in a temporary directory (the committed notebooks are never touched), with two
cells added in memory: a first one that makes ``lossutils.widgets.Explorer`` record every
explorer it builds (whether the notebook calls ``explorer(...)`` or ``Explorer(...)``),
and a last one that, for each recorded explorer, moves its first control back and forth
between two values (the observer calls ``update()``: recompute, draw with matplotlib's
Agg backend, encode the PNG) and reports the median of several updates. The column
``of which draw()`` times the chapter's drawing function alone on a fresh figure (its
computation and artist creation; no layout, rasterising or PNG): the rest of an update is
matplotlib's constrained layout, rendering and PNG encoding.

Target: < 50 ms per update.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from refresh_notebooks import toc_notebooks  # noqa: E402

from _notebook_worker import copied_book, existing, parse_cli, run_worker  # noqa: E402

TARGET_MS = 50.0
CPU = 0
REPEATS = 9
MARKER = "BENCH_WIDGETS_JSON:"

RECORD = """\
import lossutils.widgets as _bw_widgets
_bw_explorers = []
_bw_init = _bw_widgets.Explorer.__init__
def _bw_recording_init(self, *args, **kwargs):
    _bw_init(self, *args, **kwargs)
    _bw_explorers.append((get_ipython().execution_count, self))
_bw_widgets.Explorer.__init__ = _bw_recording_init
"""

MEASURE = """\
import json as _bw_json, statistics as _bw_stats, time as _bw_time
def _bw_other_value(control):
    # A second valid value for the control, so that setting it triggers one update.
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        if isinstance(options, dict):
            values = list(options.values())
        return next((v for v in values if v != control.value), control.value)
    if isinstance(control.value, bool):
        return not control.value
    step = getattr(control, "step", None) or 1
    up = control.value + step
    return up if up <= control.max else control.value - step
_bw_results = []
for _bw_cell, _bw_ui in _bw_explorers:
    _bw_name, _bw_control = next(iter(_bw_ui.controls.items()))
    _bw_values = [_bw_control.value, _bw_other_value(_bw_control)]
    _bw_times = []
    for _bw_i in range(%d):
        _bw_t0 = _bw_time.perf_counter()
        _bw_control.value = _bw_values[(_bw_i + 1) %% 2]   # the observer calls ui.update()
        _bw_times.append(_bw_time.perf_counter() - _bw_t0)
    # Split: the chapter's draw(fig, **values) alone (its computation and artist creation,
    # no layout, no rasterising) on a fresh figure, median of a few.
    from matplotlib.figure import Figure as _bw_Figure
    _bw_draw_times = []
    for _bw_i in range(3):
        _bw_fig = _bw_Figure(figsize=_bw_ui._figsize or (6.4, 4.0))
        _bw_t0 = _bw_time.perf_counter()
        _bw_ui._draw(_bw_fig, **_bw_ui.values)
        _bw_draw_times.append(_bw_time.perf_counter() - _bw_t0)
    _bw_results.append({"cell": _bw_cell, "explorer": repr(_bw_ui), "control": _bw_name,
                        "median_ms": 1e3 * _bw_stats.median(_bw_times),
                        "min_ms": 1e3 * min(_bw_times),
                        "draw_only_ms": 1e3 * _bw_stats.median(_bw_draw_times)})
print("%s" + _bw_json.dumps(_bw_results))
""" % (REPEATS, MARKER)


def _worker(path, timeout):
    """Run in a fresh process: execute the instrumented notebook, print its results."""
    import nbformat
    from nbclient import NotebookClient

    os.sched_setaffinity(0, {CPU})
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORD))
    nb.cells.append(nbformat.v4.new_code_cell(MEASURE))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        client.execute()
    except Exception as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: "
                                   f"{str(exc).strip().splitlines()[-1][:200]}"}))
        return
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if MARKER in text:
            print(json.dumps({"explorers": json.loads(text.split(MARKER, 1)[1])}))
            return
    print(json.dumps({"error": "no measurement printed"}))


def bench_notebook(path, book_copy, timeout=300):
    return run_worker(__file__, path, book_copy, timeout)


def run(paths=None):
    paths = [Path(p).resolve() for p in paths] if paths else toc_notebooks(ROOT)
    rows, errors = [], {}
    with copied_book("bench-widgets-") as book_copy:
        for path in existing(paths):
            name = str(path.relative_to(ROOT))
            result = bench_notebook(path, book_copy)
            if "error" in result:
                errors[name] = result["error"]
                print(f"{name}: error: {result['error']}", flush=True)
                continue
            for row in result["explorers"]:
                row["notebook"] = name
                row["meets_target"] = row["median_ms"] < TARGET_MS
                rows.append(row)
                print(format_row(row), flush=True)
    return {"rows": rows, "errors": errors, "target_ms": TARGET_MS, "repeats": REPEATS,
            "cpu": CPU}


HEADER = ("| notebook | cell | explorer | control moved | update median ms | update min ms "
          "| of which draw() ms | target met |\n|---|---:|---|---|---:|---:|---:|---|")


def format_row(r):
    return (f"| {r['notebook']} | {r['cell']} | {r['explorer']} | {r['control']} "
            f"| {r['median_ms']:.1f} | {r['min_ms']:.1f} | {r['draw_only_ms']:.1f} "
            f"| {'yes' if r['meets_target'] else 'no'} |")


def main(argv=None):
    args = parse_cli(sys.argv[1:] if argv is None else argv, __doc__, _worker)
    if args is None:  # this process was a worker
        return 0
    print(HEADER, flush=True)
    result = run(args.notebooks)
    if args.json:
        lines = [HEADER] + [format_row(r) for r in result["rows"]]
        lines += [f"\n{name}: **error** {err}" for name, err in result["errors"].items()]
        result["markdown"] = "\n".join(lines)
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
