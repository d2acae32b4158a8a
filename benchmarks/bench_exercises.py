"""How long a check of lossutils.exercises takes, and one update of the playground.

    python benchmarks/bench_exercises.py              # a Markdown table on stdout
    python benchmarks/bench_exercises.py --json FILE  # and the numbers as JSON

For every exercise: the median time of ``check(name, fn)`` over several runs, for the
reference solution (every test input passes) and for a wrong answer (the solution times
2: every input fails, and the checker tries every known mistake before it names the factor
of 2, its slowest path). The first call of each exercise also builds and caches its test
inputs; that time is reported separately. Target: well under a second per check (the issue
asks < 0.5 s).

The playground: the median time of one update after moving the learning-rate slider (two
gradient descents of 100 steps, an Agg drawing, PNG encoding), outside a kernel.

Numbers, not a test: a missed target is reported, and the exit code stays 0.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from lossutils import exercises as ex  # noqa: E402

TARGET_S = 0.5


def _median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_checks(repeats=15):
    rows = []
    for name in ex.names():
        ns = {}
        exec(ex.solution(name), ns)
        solution = ns[name]

        def twice(*args, _f=solution):
            out = _f(*args)
            return tuple(2 * np.asarray(v) for v in out) if isinstance(out, tuple) else \
                2 * np.asarray(out)

        ex._cases.cache_clear()
        t0 = time.perf_counter()
        first = ex.check(name, solution)
        first_s = time.perf_counter() - t0
        wrong = ex.check(name, twice)
        assert first.passed and not wrong.passed, (name, first.message, wrong.message)
        rows.append({
            "exercise": name,
            "first_call_s": first_s,
            "solution_s": _median_time(lambda: ex.check(name, solution), repeats),
            "wrong_s": _median_time(lambda: ex.check(name, twice), repeats),
            "inputs": len(ex._cases(name)),
        })
    return rows


def bench_playground(repeats=7):
    import matplotlib

    matplotlib.use("Agg")
    from lossutils.widgets import playground

    t0 = time.perf_counter()
    pg = playground(lambda y, p: np.mean(np.abs(p - y)), lambda y, p: np.sign(p - y) / y.size)
    build_s = time.perf_counter() - t0
    values = iter(np.geomspace(0.02, 0.5, 200))

    def move():
        pg.lr.value = float(next(values))

    return {"build_s": build_s, "update_s": _median_time(move, repeats)}


def worst_s(row):
    """The slowest of an exercise's checks (first call, solution, wrong answer)."""
    return max(row["first_call_s"], row["solution_s"], row["wrong_s"])


def markdown(rows, pg):
    slowest = max(worst_s(r) for r in rows)
    verdict = "meets" if slowest < TARGET_S else "misses"
    lines = ["| exercise | test inputs | first call (builds inputs) | check, solution | "
             "check, wrong answer |", "|---|---:|---:|---:|---:|"]
    lines += [f"| `{r['exercise']}` | {r['inputs']} | {r['first_call_s'] * 1e3:.1f} ms | "
              f"{r['solution_s'] * 1e3:.2f} ms | {r['wrong_s'] * 1e3:.2f} ms |" for r in rows]
    lines += ["", f"Slowest check: {slowest * 1e3:.1f} ms ({verdict} the {TARGET_S} s target).",
              "", f"Playground: built in {pg['build_s']:.2f} s (matplotlib import and first "
              f"layout included); one slider update {pg['update_s'] * 1e3:.0f} ms (median)."]
    return "\n".join(lines), slowest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = bench_checks()
    pg = bench_playground()
    text, slowest = markdown(rows, pg)
    print(f"load average at start: {load:.2f}\n")
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"load": load, "checks": rows, "playground": pg, "slowest_s": slowest,
             "meets_target": sum(worst_s(r) < TARGET_S for r in rows),
             "markdown": text}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
