"""Run every benchmark and write benchmarks/RESULTS.md.

    python benchmarks/run_all.py                    # all five, about 10 minutes on 2 cores
    python benchmarks/run_all.py --quick            # smaller loss sizes only
    python benchmarks/run_all.py --only explorers --html _build/html   # reuse a built book

Each benchmark runs as its own process (``bench_losses.py`` must set its thread variables
before numpy is imported), writes JSON to a temporary folder, and its Markdown table is
collected here with a description of the machine (``lscpu`` model name, cores).

The explorers benchmark measures a built book in a browser. Unless ``--html`` names one,
the book is first built from the working tree into the temporary folder (``jupyter-book
build --all`` of the committed outputs, a minute or two), so the numbers are those of the
sources and commit recorded in ``RESULTS.md``, never those of a stale ``_build/``.

Nothing is written unless every selected benchmark can import what it needs and succeeds:
otherwise the exit code is non-zero and ``RESULTS.md`` is left as it was. With ``--only``,
the sections of the benchmarks not re-run are kept from the existing ``RESULTS.md``; every
section has a ``Run:`` line with the date it was measured.
"""

import argparse
import importlib.metadata
import importlib.util
import re
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def lscpu_model():
    """``Model name`` from ``lscpu`` (None when lscpu is missing)."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        return None
    return next((ln.split(":", 1)[1].strip() for ln in out.splitlines()
                 if ln.strip().startswith("Model name")), None)


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = lscpu_model() or next((ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines()
                                   if ln.startswith("model name")),
                                  platform.processor() or "unknown")
    flags = next((ln for ln in cpuinfo.splitlines() if ln.startswith("flags")), "")
    simd = ", ".join(f for f in ("avx2", "avx512f") if f" {f}" in flags) or "none listed"
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), None) if Path("/proc/meminfo").exists() else None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "unknown"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model, "simd": simd, "cores": os.cpu_count(),
        "memory": f"{int(mem) / 2**20:.0f} GiB" if mem else "unknown",
        "python": platform.python_version(), "numpy": version("numpy"),
        "torch": version("torch"), "matplotlib": version("matplotlib"),
        "jupyter-book": version("jupyter-book"), "altair": version("altair"),
        "playwright": version("playwright"), "commit": commit,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "unset"),
    }


def load():
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


BENCHES = [
    ("losses", "bench_losses.py",
     "Loss functions: lossutils vs plain numpy, scikit-learn/SciPy and PyTorch"),
    ("notebooks", "bench_notebooks.py", "Notebooks: fresh kernel, top to bottom, one CPU"),
    ("exercises", "bench_exercises.py", "Exercise checks and the playground"),
    ("build", "bench_build.py", "HTML build"),
    ("explorers", "bench_explorers.py",
     "Live explorers in the built book: spec size, update per slider step, page weight"),
]

# What each benchmark must be able to import (torch is optional in bench_losses.py).
NEEDS = {
    "losses": ["numpy", "scipy", "sklearn", "lossutils"],
    "notebooks": ["nbformat", "nbclient", "ipykernel", "lossutils"],
    "exercises": ["numpy", "matplotlib", "ipywidgets", "lossutils"],
    "build": ["jupyter_book", "nbformat"],
    # tests/site_helpers.py (the server and the browser of the site tests) imports pytest.
    "explorers": ["jupyter_book", "playwright", "pytest", "lossutils"],
}

TARGETS = {
    "losses": ("lossutils <= 2x the plain numpy formula at n >= 1e6 (probability "
               "cross-entropy exempt); lossutils <= 1.0x scikit-learn/SciPy; PyTorch reported."),
    "notebooks": "< 10 s and < 400 MB (kernel peak RSS) per notebook.",
    "exercises": "< 0.5 s per check (first call, right and wrong answers); playground update "
                 "reported.",
    "build": "clean build <= 1.2 x bare execution + empty-book Sphinx time; rebuild < 10 s.",
    "explorers": "< 16 ms per slider step (one frame); lesson page < 3 MB loaded.",
}


def summary(key, data):
    """One line: how many measurements meet the target."""
    if key == "losses":
        return data["summary"]
    if key == "notebooks":
        rows = data["rows"]
        return f"{sum(r['meets_target'] for r in rows)} of {len(rows)} notebooks"
    if key == "exercises":
        return (f"{data['meets_target']} of {len(data['checks'])} exercises; playground update "
                f"{data['playground']['update_s'] * 1e3:.0f} ms")
    if key == "explorers":
        met = data["meets_target"]
        return (f"{met['updates']} of {met['sliders']} sliders (median step); "
                f"{met['pages']} of {met['lesson_pages']} lesson pages")
    if key == "build":
        return (f"clean build: {'yes' if data['clean_meets_target'] else 'no'}; "
                f"rebuild: {'yes' if data['rebuild_meets_target'] else 'no'}")
    return ""


def missing_programs(key):
    """What a benchmark needs outside Python: the site tests' Chromium for the explorers."""
    if key != "explorers":
        return []
    sys.path.insert(0, str(ROOT / "tests"))
    from site_helpers import CHROMIUM

    return [] if Path(CHROMIUM).exists() else [CHROMIUM]


def build_book(out):
    """Build the book from the working tree into ``out``; its html folder, or None."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    print(f"== building the book into {out} for the explorers benchmark", flush=True)
    proc = subprocess.run([str(jupyter_book), "build", str(ROOT), "--all", "--path-output",
                           str(out)], cwd=ROOT, capture_output=True, text=True)
    html = Path(out) / "_build" / "html"
    if proc.returncode or not (html / "index.html").exists():
        print(*(proc.stdout + proc.stderr).strip().splitlines()[-10:], sep="\n",
              file=sys.stderr)
        return None
    return html


RUN_LINE = re.compile(r"(?m)^Run: ")
KEPT_NOTE = re.compile(r"The sections below were not re-run .*?\(run of ([^,)]*)")


def kept_sections(text, rerun_titles):
    """The benchmark sections of an existing RESULTS.md whose benchmark is not re-run.

    Each keeps (or, from an older file, gets) a ``Run:`` line with the date it was measured:
    the file's date, or for the sections after an older "not re-run" note, that note's date.
    """
    titles = {title for _, _, title in BENCHES}
    found = re.search(r"(?m)^\| date \| (.*) \|$", text)
    date = found.group(1) if found else "unknown date"
    kept = []
    for part in re.split(r"(?m)^(?=## )", text):
        body, _, rest = part.partition("\n---\n")   # the rule before the kept sections
        title = part[3:].splitlines()[0] if part.startswith("## ") else None
        if title in titles and title not in rerun_titles:
            if not RUN_LINE.search(body):
                heading, _, tail = body.partition("\n")
                body = f"{heading}\n\nRun: {date}.\n{tail}"
            kept.append(body.rstrip("\n") + "\n")
        note = KEPT_NOTE.search(rest)
        if note:
            date = note.group(1)
    return kept


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller loss sizes only")
    parser.add_argument("--only", nargs="*", choices=[b[0] for b in BENCHES],
                        help="run only these benchmarks")
    parser.add_argument("--html", help="a built book's html folder for the explorers "
                        "benchmark (default: build one into a temporary folder)")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)

    selected = [b for b in BENCHES if not args.only or b[0] in args.only]
    missing = {key: [m for m in NEEDS[key] if importlib.util.find_spec(m) is None]
               for key, _, _ in selected}
    missing = {key: mods for key, mods in missing.items() if mods}
    absent = {key: missing_programs(key) for key, _, _ in selected if key not in missing}
    if (args.html and any(key == "explorers" for key, _, _ in selected)
            and not (Path(args.html) / "index.html").exists()):
        absent["explorers"] = absent.get("explorers", []) + [f"a built book in {args.html}"]
    absent = {key: files for key, files in absent.items() if files}
    if missing or absent:
        for key, mods in missing.items():
            print(f"cannot run the {key} benchmark: {', '.join(mods)} not importable "
                  f"by {sys.executable}", file=sys.stderr)
        for key, files in absent.items():
            print(f"cannot run the {key} benchmark: {', '.join(files)} missing",
                  file=sys.stderr)
        print(f"{args.output} left unchanged", file=sys.stderr)
        return 1

    info = machine()
    loads = {"start": load()}
    sections, summaries = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for key, script, title in selected:
            out = Path(tmp) / f"{key}.json"
            cmd = [sys.executable, str(HERE / script), "--json", str(out)]
            if key == "losses" and args.quick:
                cmd.append("--quick")
            if key == "build" and (Path(tmp) / "notebooks.json").exists():
                cmd += ["--notebooks-json", str(Path(tmp) / "notebooks.json")]
            if key == "explorers":
                html = args.html or build_book(Path(tmp) / "book")
                if html is None:
                    print(f"the book did not build; {args.output} left unchanged",
                          file=sys.stderr)
                    return 1
                cmd += ["--html", str(html)]
            print(f"== {title}", flush=True)
            proc = subprocess.run(cmd, cwd=ROOT)
            if proc.returncode or not out.exists():
                print(f"the {key} benchmark failed (exit code {proc.returncode}); "
                      f"{args.output} left unchanged", file=sys.stderr)
                return 1
            data = json.loads(out.read_text())
            sections[key] = (title, data["markdown"])
            summaries[key] = summary(key, data)
            loads[key] = load()

    lines = ["# Benchmark results", "",
             "Written by `python benchmarks/run_all.py`; see `benchmarks/README.md` for what is "
             "measured and why.", "",
             "## Machine", "",
             "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += [f"| load average (1/5/15 min) at {k} | {v} |" for k, v in loads.items()]
    if summaries:
        lines += ["", "## Targets", "", "| benchmark | target | met? |", "|---|---|---|"]
        lines += [f"| {key} | {TARGETS[key]} | {text} |" for key, text in summaries.items()]
    for key, (title, body) in sections.items():
        lines += ["", f"## {title}", "",
                  f"Run: {info['date']} (commit {info['commit']}; load average "
                  f"{loads[key]} at its end).", "", f"Target: {TARGETS[key]}", "", body]
    old = Path(args.output).read_text() if Path(args.output).exists() else ""
    kept = kept_sections(old, [title for _, _, title in selected])
    if kept:
        lines += ["", "---", "", "The sections below were not re-run (`--only`); they are kept "
                  "from the previous `RESULTS.md`, each with the date of its run (same kind of "
                  "machine unless the file's git history says otherwise).", ""] + kept
    Path(args.output).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
