"""The live explorers in the built book: spec size, update time per slider step, page weight.

    python benchmarks/bench_explorers.py                      # the book built in _build/html
    python benchmarks/bench_explorers.py --html /tmp/b/_build/html
    python benchmarks/bench_explorers.py --json out.json

Needs a built book (``bash tools/build_book.sh``; ``benchmarks/run_all.py`` builds a fresh one
into a temporary folder) and Debian's chromium (as the site tests).
The site is served from 127.0.0.1 and every page is opened in headless Chromium. Printed:

* per explorer chart (a ``div.vegalite-chart`` written by ``lossutils/_mystnb_vegalite.py``):
  the size of its Vega-Lite spec (data included) as stored in the page, raw and gzipped, and
  for each range input the browser's update time per slider step: from the ``input`` event a
  reader's drag fires to the chart's SVG being redrawn (vega-embed's view has finished its
  dataflow run and render, and the SVG differs). Median and worst over the steps through the
  slider's range. Target < 16 ms (one frame at 60 Hz).
* per lesson page (a notebook page): the bytes it transfers from this uncompressed local
  server (HTML, scripts, styles, fonts, images), and the same files gzipped (what a web server
  that compresses would send). Target < 3 MB.

Numbers, not a test: nothing here fails on a missed target.
"""

import argparse
import gzip
import json
import re
import statistics
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from site_helpers import built_pages, chromium, serve  # noqa: E402

UPDATE_TARGET_MS = 16.0
PAGE_TARGET_BYTES = 3_000_000
STEPS = 12  # slider positions timed per range input (spread over its range)
SPEC = re.compile(r'<script type="application/vnd\.vegalite\.v5\+json">(.*?)</script>', re.S)

# Runs in the page: time STEPS moves of every range input of every chart.
TIME_SLIDERS = r"""async (steps) => {
  const out = [];
  const charts = [...document.querySelectorAll("div.vegalite-chart")];
  for (const [ci, div] of charts.entries()) {
    const view = div._vega && div._vega.view;
    for (const input of div.querySelectorAll('.vega-bindings input[type="range"]')) {
      const lo = +input.min, hi = +input.max, st = +input.step || (hi - lo) / 100;
      const values = [];
      for (let i = 0; i < steps; i++) {
        values.push(lo + Math.round(((hi - lo) * ((i * 7) % steps) / (steps - 1)) / st) * st);
      }
      // one untimed move first: Vega compiles its expression functions on first use
      input.value = input.max;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      await view.runAsync();
      const times = [];
      let unchanged = 0;
      for (const v of values) {
        if (String(v) === input.value) continue;
        const svg = div.querySelector(".vegalite-view svg");
        const before = svg.innerHTML;
        await new Promise(r => requestAnimationFrame(() => r()));  // start on a fresh frame
        const t0 = performance.now();
        input.value = String(v);
        input.dispatchEvent(new Event("input", {bubbles: true}));
        await view.runAsync();
        const t1 = performance.now();
        if (div.querySelector(".vegalite-view svg").innerHTML === before) unchanged++;
        times.push(t1 - t0);
      }
      out.push({chart: ci, control: input.name,
                times, unchanged});
    }
  }
  return out;
}"""


def local_file(html_dir, base, url):
    if not url.startswith(base):
        return None
    path = Path(html_dir, unquote(urlsplit(url).path).lstrip("/"))
    return path if path.is_file() else None


def measure(html_dir):
    html_dir = Path(html_dir)
    # lesson pages: made from a notebook (Sphinx keeps its source as _sources/<page>.ipynb)
    lessons = {rel for rel in built_pages(html_dir)
               if (html_dir / "_sources" / rel).with_suffix(".ipynb").exists()}
    pages, charts = [], []
    with serve(html_dir) as base, chromium() as browser:
        for rel in built_pages(html_dir):
            text = (html_dir / rel).read_text(encoding="utf-8")
            specs = SPEC.findall(text)
            if not specs and rel not in lessons:
                continue
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/{rel}", wait_until="load")
            page.wait_for_function("""() => [...document.querySelectorAll("div.vegalite-chart")]
                .every(d => d.dataset.vegaTheme || d.dataset.vegaError)""", timeout=30_000)
            page.wait_for_load_state("networkidle")
            entries = page.evaluate("""() => performance.getEntriesByType("navigation")
                .concat(performance.getEntriesByType("resource"))
                .map(e => [e.name, e.transferSize || 0])""")
            sent = sum(size for _, size in entries)
            gzipped = 0
            for url, size in entries:
                path = local_file(html_dir, base, url)
                gzipped += len(gzip.compress(path.read_bytes(), 6)) if path else size
            if rel in lessons:
                pages.append({"page": rel, "bytes": sent, "gzipped": gzipped,
                              "charts": len(specs)})
            timings = page.evaluate(TIME_SLIDERS, STEPS) if specs else []
            for i, spec in enumerate(specs):
                raw = spec.replace("<\\/", "</").encode()
                row = {"page": rel, "chart": i, "spec_bytes": len(raw),
                       "spec_gzipped": len(gzip.compress(raw, 6)), "sliders": []}
                for t in (t for t in timings if t["chart"] == i):
                    row["sliders"].append({
                        "control": t["control"], "steps": len(t["times"]),
                        "median_ms": round(statistics.median(t["times"]), 2) if t["times"] else None,
                        "max_ms": round(max(t["times"]), 2) if t["times"] else None,
                        "unchanged": t["unchanged"]})
                charts.append(row)
            context.close()
    return {"pages": pages, "charts": charts}


def markdown(data):
    lines = ["| page | chart | spec (bytes) | gzipped | slider | steps | update median (ms) "
             "| worst (ms) | < 16 ms? |", "|---|---|---|---|---|---|---|---|---|"]
    for c in data["charts"]:
        sliders = c["sliders"] or [{"control": "(no slider)", "steps": 0, "median_ms": None,
                                    "max_ms": None, "unchanged": 0}]
        for s in sliders:
            ok = "" if s["median_ms"] is None else ("yes" if s["median_ms"] < UPDATE_TARGET_MS else "no")
            note = f" ({s['unchanged']} steps did not redraw)" if s["unchanged"] else ""
            lines.append(f"| {c['page']} | {c['chart']} | {c['spec_bytes']:,} | {c['spec_gzipped']:,} "
                         f"| {s['control']}{note} | {s['steps']} | {s['median_ms']} | {s['max_ms']} | {ok} |")
    lines += ["", "| lesson page | charts | transferred (MB, uncompressed) | gzipped (MB) | < 3 MB? |",
              "|---|---|---|---|---|"]
    for p in data["pages"]:
        lines.append(f"| {p['page']} | {p['charts']} | {p['bytes'] / 1e6:.2f} | "
                     f"{p['gzipped'] / 1e6:.2f} | {'yes' if p['bytes'] < PAGE_TARGET_BYTES else 'no'} "
                     f"(gzipped: {'yes' if p['gzipped'] < PAGE_TARGET_BYTES else 'no'}) |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", default=str(ROOT / "_build" / "html"),
                        help="the built book's html folder (default: _build/html)")
    parser.add_argument("--json", help="also write the numbers here")
    args = parser.parse_args(argv)
    if not (Path(args.html) / "index.html").exists():
        sys.exit(f"no built book in {args.html}: run `bash tools/build_book.sh` first")
    data = measure(args.html)
    data["markdown"] = markdown(data)
    data["meets_target"] = {
        "updates": sum(s["median_ms"] is not None and s["median_ms"] < UPDATE_TARGET_MS
                       for c in data["charts"] for s in c["sliders"]),
        "sliders": sum(len(c["sliders"]) for c in data["charts"]),
        "pages": sum(p["bytes"] < PAGE_TARGET_BYTES for p in data["pages"]),
        "lesson_pages": len(data["pages"])}
    print(data["markdown"])
    print(f"\n{len(data['charts'])} charts; {data['meets_target']}")
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
