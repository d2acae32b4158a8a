"""The built HTML site in a real browser: offline, complete, navigable and accessible.

The site is the strict build of the ``built_book`` fixture (``_build/html``), served from a
thread on 127.0.0.1 and opened in Debian's headless Chromium with Playwright. Every page is
visited once in light mode and once in dark mode; every request is recorded; screenshots
of both modes go to ``test-artifacts/site/`` for a person to look at.

The explorers are Vega-Lite charts (``lossutils.charts``, rendered by
``lossutils/_mystnb_vegalite.py``, drawn by ``vendor/vega/vega-setup.js``): on every page, in
both modes, every control of every chart (range inputs set to several values, each option of
a menu, each state of a checkbox) is moved and the chart's SVG must change each time.
"""

import re
import subprocess
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
import sys
import time
from html.parser import HTMLParser
import urllib.request
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT
from site_helpers import artifact_dir, built_pages, chromium, serve

pytestmark = pytest.mark.browser

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
VENDORED = ("_static/widgets/require.js", "_static/widgets/embed-amd.js")
VEGA_VENDORED = ("_static/vega/vega.min.js", "_static/vega/vega-lite.min.js",
                 "_static/vega/vega-embed.min.js", "_static/vega/vega-setup.js")
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
MAX_LESSON_BYTES = 5_000_000  # page weight: everything a lesson page transfers
MIN_TEXT_CONTRAST = 4.5      # WCAG AA, normal text: chart labels against the chart background
# Directive and role syntax that must never reach a reader as text.
RAW_MYST = ("```{", "{term}", "{glue", "{exercise}", ":::{", "{doc}", "{ref}", "{cite")


# --------------------------------------------------------------------------------------
# Collecting: one visit per page and mode


def _is_local(url, base):
    return url.startswith(base + "/") or url == base or url.startswith(("data:", "blob:"))


# Runs in the page: what the tests need to know about it, once scripts have finished.
PAGE_FACTS = r"""(REPO) => {
  const article = document.querySelector("article.bd-article") || document.body;
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const imgs = [...document.querySelectorAll("article img, .bd-content img")].map(img => ({
    src: img.getAttribute("src").slice(0, 80), alt: img.getAttribute("alt"),
    loaded: img.complete && img.naturalWidth > 0, visible: visible(img),
    widget: !!img.closest(".jupyter-widgets")}));
  const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  const widget_views = views.map(s => {
    const cell = s.closest(".cell") || s.parentElement;
    const widget = s.parentElement.querySelector(".jupyter-widgets");
    return {rendered: !!widget && visible(widget),
            imgs: widget ? [...widget.querySelectorAll("img")].map(i => i.getAttribute("alt")) : []};
  });
  // The reader-loss playground (lossutils.widgets.playground) needs a kernel: the page shows
  // its static fallback, a <figure class="lossutils-playground">.
  const playgrounds = [...document.querySelectorAll("figure.lossutils-playground")].map(f => {
    const img = f.querySelector("img");
    return {img_loaded: !!img && img.complete && img.naturalWidth > 0,
            alt: img ? img.getAttribute("alt") : null,
            controls: f.querySelectorAll("input, select, button, .jupyter-widgets").length,
            caption: (f.querySelector("figcaption") || {}).innerText || ""};
  });
  const charts = [...document.querySelectorAll("div.vegalite-chart")].map(d => {
    const view = d.querySelector(".vegalite-view");
    return {drawn: !!(view && view.querySelector("svg")), error: d.dataset.vegaError || null,
            description: view ? view.getAttribute("aria-label") : null,
            role: view ? view.getAttribute("role") : null,
            controls: d.querySelectorAll(".vega-bindings input, .vega-bindings select").length};
  });
  const searchBoxes = [...document.querySelectorAll(".search-button-field, .search-button")]
    .filter(b => visible(b) && getComputedStyle(b).visibility !== "hidden").length;
  const math = document.querySelectorAll(".math");
  const heads = [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => +h.tagName[1]);
  const link = sel => { const a = document.querySelector(sel); return a ? a.href : null; };
  return {
    title: document.title, text: article.innerText,
    math: math.length,
    typeset: [...math].filter(m => m.querySelector("mjx-container")).length,
    mjx: document.querySelectorAll("mjx-container").length,
    widget_state: !!document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]'),
    sliders: document.querySelectorAll(".widget-slider").length,
    jupyter_widgets: document.querySelectorAll(".jupyter-widgets").length,
    widget_views, playgrounds, charts, search_boxes: searchBoxes, imgs, heads,
    bytes: performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
      .reduce((sum, e) => sum + (e.transferSize || 0), 0),
    next: link("a.right-next"), prev: link("a.left-prev"),
    binder: link('a[href*="mybinder.org/v2/"]'),
    colab: link('a[href*="colab.research.google.com/github/"]'),
    download_ipynb: link('a[href$=".ipynb"][download], .dropdown-download-buttons a[href$=".ipynb"]'),
    repository: link('a[href="' + REPO + '"]'),
    theme: document.documentElement.dataset.theme,
  };
}"""

# Runs in the page (dark mode): is each figure painted on an opaque background?
OPAQUE_CORNERS = r"""async () => {
  const out = [];
  for (const img of document.querySelectorAll("article img")) {
    if (!img.complete || !img.naturalWidth) { out.push({src: img.src.slice(0, 60), ok: false, why: "not loaded"}); continue; }
    const c = document.createElement("canvas");
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const w = c.width - 1, h = c.height - 1;
    const alphas = [[0, 0], [w, 0], [0, h], [w, h]].map(([x, y]) => g.getImageData(x, y, 1, 1).data[3]);
    out.push({src: img.getAttribute("src").slice(0, 60), ok: alphas.every(a => a === 255), alphas});
  }
  return out;
}"""

WAIT_RENDERED = r"""(theme) => {
  const math = document.querySelectorAll(".math");
  const mathDone = [...math].every(m => m.querySelector("mjx-container"));
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const widgetsDone = [...views].every(s => s.parentElement.querySelector(".jupyter-widgets"));
  // vega-setup.js marks each chart with the theme it was drawn in (or with its error)
  const chartsDone = [...document.querySelectorAll("div.vegalite-chart")].every(
    d => d.dataset.vegaError || d.dataset.vegaTheme === theme);
  return mathDone && widgetsDone && chartsDone && document.fonts.status === "loaded";
}"""

# Runs in the page: move every control of every chart, wait for the chart's SVG to change.
# A range input is set to several values (its ends and its middle, each different from the
# last), a menu to each option, a checkbox to both states; the events are the ones a reader's
# browser fires. Each step waits (by animation frames, up to 3 s) until the SVG differs from
# before the step; a step that changes nothing is reported as unchanged.
EXERCISE_CONTROLS = r"""async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const svgOf = d => { const s = d.querySelector(".vegalite-view svg"); return s ? s.outerHTML : ""; };
  const fire = (el, kinds) => kinds.forEach(k => el.dispatchEvent(new Event(k, {bubbles: true})));
  async function changed(div, before) {
    const t0 = performance.now();
    while (performance.now() - t0 < 3000) {
      await frame();
      if (svgOf(div) !== before) return true;
    }
    return false;
  }
  const out = [];
  const charts = [...document.querySelectorAll("div.vegalite-chart")];
  for (const [ci, div] of charts.entries()) {
    for (const input of div.querySelectorAll(".vega-bindings input, .vega-bindings select")) {
      const name = input.getAttribute("aria-label") || input.name;
      const steps = [];
      const step = async (value, set) => {
        const before = svgOf(div);
        set();
        steps.push({value: String(value), changed: await changed(div, before),
                    label: input.getAttribute("aria-label")});
      };
      if (input.type === "range") {
        const lo = +input.min, hi = +input.max, st = +input.step || (hi - lo) / 100;
        const mid = lo + Math.round((hi - lo) / 2 / st) * st;
        let values = [hi, lo, mid].filter((v, i, a) => a.indexOf(v) === i);
        if (+input.value === values[0]) values.push(values.shift());
        for (const v of values) {
          await step(v, () => { input.value = String(v); fire(input, ["input", "change"]); });
        }
      } else if (input.tagName === "SELECT") {
        const options = [...input.options].map(o => o.value);
        const order = options.filter(v => v !== input.value).concat([input.value]);
        for (const v of order) {
          await step(v, () => { input.value = v; fire(input, ["input", "change"]); });
        }
      } else if (input.type === "checkbox") {
        for (let i = 0; i < 2; i++) {
          await step(!input.checked, () => { input.click(); });
        }
      } else if (input.type === "radio") {
        if (!input.checked) await step(input.value, () => { input.click(); });
      } else {
        steps.push({value: "?", changed: false, label: `unsupported control type ${input.type}`});
      }
      out.push({chart: ci, control: name, type: input.type, steps});
    }
  }
  return out;
}"""

# Runs in the page: the lowest contrast of a chart's text (labels, titles, readouts) against
# the chart's own background, per chart.
CHART_CONTRAST = r"""() => {
  const rgb = c => {
    const x = document.createElement("canvas").getContext("2d");
    x.fillStyle = "#000"; x.fillStyle = c; const h = x.fillStyle;
    if (h.startsWith("#")) return [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
    return h.match(/[\d.]+/g).slice(0, 3).map(Number);
  };
  const lum = c => { const v = rgb(c).map(x => x / 255).map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  return [...document.querySelectorAll("div.vegalite-chart")].map(d => {
    const svg = d.querySelector(".vegalite-view svg");
    if (!svg) return {min: 0, why: "no svg"};
    let bg = getComputedStyle(svg).backgroundColor;
    if (!bg || bg === "rgba(0, 0, 0, 0)") bg = getComputedStyle(document.body).backgroundColor;
    let min = Infinity, worst = null;
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim() || getComputedStyle(t).opacity === "0") continue;
      const fill = getComputedStyle(t).fill;
      if (!fill || fill === "none") continue;
      const r = ratio(fill, bg);
      if (r < min) { min = r; worst = `"${t.textContent.slice(0, 30)}" ${fill} on ${bg}`; }
    }
    return {min: min === Infinity ? null : Math.round(min * 100) / 100, worst, background: bg};
  });
}"""


def _axe(page, rules=None):
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    response = Axe().run(page, options=options).response
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in response["violations"]]


def _wait_rendered(page, theme, record):
    """Until math is typeset, widgets and charts drawn (in ``theme``), and the network idle."""
    try:
        page.wait_for_function(WAIT_RENDERED, arg=theme, timeout=30_000, polling=100)
    except Exception as err:  # the assertions below say what is missing
        record["console"].append(f"timeout waiting for math/widgets/charts ({theme}): {err}")
    page.wait_for_load_state("networkidle")  # late fonts and images: counted in the page weight


def _visit(browser, base, rel, shots):
    record = {"console": [], "requests": [], "failed": [], "axe_failed": []}
    during_axe = []  # axe-core's own CSSOM preload re-fetches stylesheets by XHR and resolves
    # the theme's `@import "../basic.css"` against the page instead of the stylesheet (a 404
    # at /basic.css): requests made while axe runs are kept apart, not blamed on the page.
    start = time.monotonic()
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # "Failed to load resource" console lines carry no URL and can arrive after axe has
    # finished; every failed request is checked by URL instead (test_no_failed_requests).
    page.on("console", lambda m: m.type == "error" and (
        record["axe_failed"] if during_axe or m.text.startswith("Failed to load resource")
        else record["console"]).append(m.text))
    page.on("pageerror", lambda e: record["console"].append(f"uncaught: {e}"))
    page.on("request", lambda r: record["requests"].append(r.url))
    # The root /basic.css is only ever requested by axe (see above), whenever it arrives.
    failed = lambda url: record[  # noqa: E731
        "axe_failed" if during_axe or url == f"{base}/basic.css" else "failed"]
    page.on("requestfailed", lambda r: failed(r.url).append(f"{r.url} ({r.failure})"))
    page.on("response",
            lambda r: r.status >= 400 and failed(r.url).append(f"{r.url} ({r.status})"))
    try:
        url = f"{base}/{rel}"
        head = urllib.request.urlopen(url).read(1000).decode("utf-8", "replace")
        redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', head)
        page.goto(url, wait_until="load")
        if redirect:  # the root index.html: wait until its target has replaced it
            page.wait_for_url(urljoin(url, redirect.group(1)), wait_until="load", timeout=15_000)
        _wait_rendered(page, "light", record)
        record["light"] = page.evaluate(PAGE_FACTS, REPO_URL)
        stem = rel.removesuffix(".html").replace("/", "__")
        page.screenshot(path=str(shots / f"{stem}-light.png"), full_page=True)
        during_axe.append(True)
        record["axe_light"] = _axe(page)
        page.wait_for_load_state("networkidle")  # axe's side requests have finished
        during_axe.clear()
        record["contrast_light"] = page.evaluate(CHART_CONTRAST)
        record["controls_light"] = page.evaluate(EXERCISE_CONTROLS)

        # Dark mode through the theme's own switch (it cycles light -> dark -> auto).
        for _ in range(3):
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
            page.locator(".theme-switch-button:visible").first.click(timeout=5_000)
        # Move off the button: its tooltip, caught mid-fade, fails the contrast audit.
        page.mouse.move(1, 890)
        page.wait_for_function("!document.querySelector('.tooltip')", timeout=5_000)
        record["dark_theme"] = page.evaluate("document.documentElement.dataset.theme")
        _wait_rendered(page, "dark", record)  # the charts are drawn again in dark colours
        record["dark_images"] = page.evaluate(OPAQUE_CORNERS)
        record["dark_charts"] = page.evaluate(PAGE_FACTS, REPO_URL)["charts"]
        page.screenshot(path=str(shots / f"{stem}-dark.png"), full_page=True)
        # Dark mode changes only colours: audit them again (the full audit ran in light mode).
        during_axe.append(True)
        record["axe_dark"] = _axe(page, rules=["color-contrast", "link-in-text-block"])
        page.wait_for_load_state("networkidle")
        during_axe.clear()
        record["contrast_dark"] = page.evaluate(CHART_CONTRAST)
        record["controls_dark"] = page.evaluate(EXERCISE_CONTROLS)
    finally:
        context.close()
    record["external"] = [u for u in record["requests"] if not _is_local(u, base)]
    record["seconds"] = round(time.monotonic() - start, 1)
    return record


@pytest.fixture(scope="module")
def site(built_book):
    _, _, html = built_book
    assert (html / "index.html").exists(), "the book did not build"
    return html


@pytest.fixture(scope="module")
def lesson_pages(notebooks):
    """The pages made from notebooks (they carry the launch and download buttons)."""
    return [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in notebooks]


def _visit_pages(base, rels, shots):
    """One browser visiting ``rels`` in turn (runs in a worker process)."""
    with chromium() as browser:
        return {rel: _visit(browser, base, rel, shots) for rel in rels}


@pytest.fixture(scope="module")
def visits(site):
    shots = artifact_dir(ROOT, "site")
    # Two browsers in two processes (the machine has 2 cores; axe's contrast audit is slow on
    # pages full of formulas): the biggest pages are dealt out alternately.
    pages = sorted(built_pages(site), key=lambda rel: -(site / rel).stat().st_size)
    groups = [g for g in (pages[0::2], pages[1::2]) if g]
    records = {}
    with serve(site) as base, ProcessPoolExecutor(len(groups), mp_context=get_context("spawn")) as pool:
        for future in [pool.submit(_visit_pages, base, g, shots) for g in groups]:
            records.update(future.result())
    records = dict(sorted(records.items()))
    n_requests = sum(len(r["requests"]) for r in records.values())
    n_external = sum(len(r["external"]) for r in records.values())
    print(f"\nsite: {len(records)} pages, {n_requests} requests, {n_external} external; "
          f"screenshots in {shots.relative_to(ROOT)}/")
    for rel, r in records.items():
        print(f"{r['seconds']:6.1f} s  {rel}  ({len(r['requests'])} requests"
              f"{', axe side requests failed: ' + str(len(r['axe_failed'])) if r['axe_failed'] else ''})")
    return records


def _report(problems):
    return "\n".join(f"{page}: {what}" for page, what in problems)


# --------------------------------------------------------------------------------------
# Browser checks, each over every page


def test_every_page_was_visited(visits, site):
    assert len(visits) >= 3 and "book/intro.html" in visits and "search.html" in visits


def test_no_console_errors(visits):
    problems = [(p, m) for p, r in visits.items() for m in r["console"]]
    assert not problems, _report(problems)


def test_no_failed_requests(visits):
    problems = [(p, m) for p, r in visits.items() for m in r["failed"]]
    assert not problems, _report(problems)


def test_no_request_leaves_localhost(visits):
    """Offline and private: MathJax, widget JS, fonts and icons all come from the book."""
    problems = [(p, u) for p, r in visits.items() for u in r["external"]]
    assert not problems, _report(problems)


def test_math_is_typeset(visits):
    problems = []
    for page, r in visits.items():
        facts = r["light"]
        if facts["math"] and (facts["typeset"] < facts["math"] or not facts["mjx"]):
            problems.append((page, f"{facts['typeset']} of {facts['math']} formulas typeset"))
    assert not problems, _report(problems)
    assert any(r["light"]["mjx"] for r in visits.values()), "no page has typeset math"


def test_kernel_widgets_show_a_static_result_and_say_where_they_run(visits):
    """The reader-loss playground needs a kernel: with none, a page shows its static result
    (a picture with alt text) and a note that it runs in JupyterLab or on Binder, with no
    control that pretends to work, and the page carries no widget state (so no widget JS)."""
    problems, found = [], 0
    for page, r in visits.items():
        facts = r["light"]
        if facts["widget_state"] or facts["widget_views"] or facts["sliders"]:
            problems.append((page, "ipywidgets on the page: their controls cannot work here"))
        for i, pg in enumerate(facts["playgrounds"]):
            found += 1
            if not pg["img_loaded"] or len((pg["alt"] or "").strip()) < 20:
                problems.append((page, f"playground {i}: picture missing or alt {pg['alt']!r}"))
            if pg["controls"]:
                problems.append((page, f"playground {i}: {pg['controls']} controls in the static result"))
            if not re.search(r"JupyterLab.{0,60}Binder|Binder.{0,60}JupyterLab", pg["caption"],
                             re.IGNORECASE | re.DOTALL):
                problems.append((page, f"playground {i}: no note that it runs in JupyterLab or Binder"))
    assert found >= 2, f"expected the playground in at least two chapters, found {found}"
    assert not problems, _report(problems)


def test_charts_are_drawn_and_described(visits):
    """Every Vega-Lite chart is drawn in both modes, with its description as ARIA label."""
    problems, n_charts = [], 0
    for page, r in visits.items():
        for mode, charts in (("light", r["light"]["charts"]), ("dark", r["dark_charts"])):
            for i, chart in enumerate(charts):
                n_charts += mode == "light"
                where = f"{mode}: chart {i}"
                if chart["error"] or not chart["drawn"]:
                    problems.append((page, f"{where}: not drawn ({chart['error']})"))
                if len((chart["description"] or "").strip()) < 20:
                    problems.append((page, f"{where}: no real description: {chart['description']!r}"))
                if chart["role"] != "graphics-document":
                    problems.append((page, f"{where}: role {chart['role']!r}"))
    assert not problems, _report(problems)
    assert n_charts, "no page of the book has a chart: nothing was checked"
    print(f"\n{n_charts} charts drawn in light and dark mode")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_control_changes_its_chart(visits, mode):
    """Each range input, menu and checkbox of each chart, moved to several values, redraws it,
    and its accessible name follows its value."""
    problems, n_controls, n_steps = [], 0, 0
    for page, r in visits.items():
        for control in r[f"controls_{mode}"]:
            n_controls += 1
            where = f"chart {control['chart']}, control {control['control']!r} ({control['type']})"
            if not control["steps"]:
                problems.append((page, f"{where}: not moved"))
            for step in control["steps"]:
                n_steps += 1
                if not step["changed"]:
                    problems.append((page, f"{where}: set to {step['value']}, the chart did not change"))
                if control["type"] == "range" and step["value"] not in (step["label"] or ""):
                    problems.append((page, f"{where}: accessible name {step['label']!r} "
                                           f"does not give the value {step['value']}"))
    assert n_controls, "no chart on any page has a control: nothing was moved"
    assert not problems, _report(problems)
    print(f"\n{mode}: {n_controls} controls moved, {n_steps} steps, each redrew its chart")


def test_chart_text_is_readable_in_both_modes(visits):
    """Labels, titles and readouts drawn in a chart contrast with its background (WCAG AA).

    axe does not audit text inside SVG, so the colours are compared here."""
    problems, n = [], 0
    for page, r in visits.items():
        for mode in ("light", "dark"):
            for i, c in enumerate(r[f"contrast_{mode}"]):
                n += 1
                if c["min"] is None:
                    problems.append((page, f"{mode}: chart {i} has no text"))
                elif c["min"] < MIN_TEXT_CONTRAST:
                    problems.append((page, f"{mode}: chart {i}: contrast {c['min']} < "
                                           f"{MIN_TEXT_CONTRAST}: {c['worst']}"))
    assert n, "no chart found"
    assert not problems, _report(problems)


def test_lesson_page_weight(visits, lesson_pages):
    """Bytes each lesson page transfers (HTML, scripts, styles, fonts, images): < 5 MB."""
    rows = [(visits[p]["light"]["bytes"], p) for p in lesson_pages]
    print("\npage weight (bytes transferred, uncompressed local server):")
    for size, page in rows:
        print(f"  {size / 1e6:6.2f} MB  {page}")
    assert rows and all(size > 0 for size, _ in rows), "no page weight measured"
    heavy = [(p, f"{size / 1e6:.2f} MB") for size, p in rows if size >= MAX_LESSON_BYTES]
    assert not heavy, _report(heavy)


def test_one_search_box_per_page(visits):
    """One "Search Ctrl+K" field (the sidebar's) at desktop width; no empty top bar."""
    problems = [(p, f"{r['light']['search_boxes']} visible search boxes")
                for p, r in visits.items() if r["light"]["search_boxes"] != 1]
    assert not problems, _report(problems)


def test_images_have_alt_text_and_load(visits):
    problems = []
    for page, r in visits.items():
        for img in r["light"]["imgs"]:
            alt = (img["alt"] or "").strip()
            if len(alt) < 10 or re.search(r"\.(png|jpe?g|svg|gif)$", alt):
                problems.append((page, f"image {img['src']!r} has alt {alt!r}"))
            if img["visible"] and not img["loaded"]:
                problems.append((page, f"image {img['src']!r} did not load"))
    assert not problems, _report(problems)


def test_headings_are_in_order(visits):
    problems = []
    for page, r in visits.items():
        levels = r["light"]["heads"]
        if not levels:
            continue
        if levels[0] != 1 or levels.count(1) != 1:
            problems.append((page, f"expected exactly one h1, first: {levels}"))
        for a, b in zip(levels, levels[1:]):
            if b > a + 1:
                problems.append((page, f"heading level jumps from h{a} to h{b}"))
                break
    assert not problems, _report(problems)


def test_dark_mode_toggles_and_figures_stay_readable(visits):
    problems = []
    for page, r in visits.items():
        if r["dark_theme"] != "dark":
            problems.append((page, f"theme switch gave data-theme={r['dark_theme']!r}"))
        for img in r["dark_images"]:
            if not img["ok"]:
                problems.append((page, f"image {img['src']!r} is not opaque: {img}"))
    assert not problems, _report(problems)


def test_accessibility_no_serious_violations(visits):
    """axe-core: every rule in light mode, the colour rules again in dark mode.

    No serious or critical violation, and no rule is disabled or element excluded.
    """
    problems = []
    for page, r in visits.items():
        for mode in ("axe_light", "axe_dark"):
            for v in r[mode]:
                if v["impact"] in ("serious", "critical"):
                    problems.append((page, f"{mode[4:]}: {v['id']} ({v['impact']}): "
                                           f"{v['help']} at {v['targets']}"))
    minor = sorted({v["id"] for r in visits.values() for m in ("axe_light", "axe_dark")
                    for v in r[m] if v["impact"] not in ("serious", "critical")})
    print(f"\naxe: moderate/minor rules reported (not failing): {minor}")
    assert not problems, _report(problems)


def test_lesson_pages_have_launch_and_download_buttons(visits, lesson_pages):
    problems = []
    for page in lesson_pages:
        facts = visits[page]["light"]
        notebook = page.removesuffix(".html") + ".ipynb"
        if not (facts["binder"] or "").endswith(notebook) or "mybinder.org" not in facts["binder"]:
            problems.append((page, f"Binder button: {facts['binder']}"))
        if not (facts["colab"] or "").endswith(notebook):
            problems.append((page, f"Colab button: {facts['colab']}"))
        repo_path = urlsplit(REPO_URL).path  # both buttons derive from _config.yml's URL
        for name in ("binder", "colab"):
            if facts[name] and repo_path not in facts[name]:
                problems.append((page, f"{name} button does not use {REPO_URL}"))
        if not (facts["download_ipynb"] or "").endswith(notebook.split("/")[-1]):
            problems.append((page, f"download .ipynb button: {facts['download_ipynb']}"))
        if not facts["repository"]:
            problems.append((page, "no repository button"))
    assert not problems, _report(problems)


def test_colab_install_cell_is_hidden(visits, lesson_pages):
    problems = [(p, "the Colab install cell is visible") for p in lesson_pages
                if "except ImportError" in visits[p]["light"]["text"]
                or "pip install --quiet" in visits[p]["light"]["text"]]
    assert not problems, _report(problems)


def test_no_raw_myst_syntax_on_pages(visits):
    problems = [(p, f"raw {token!r}") for p, r in visits.items() for token in RAW_MYST
                if token in r["light"]["text"]]
    assert not problems, _report(problems)


# --------------------------------------------------------------------------------------
# Navigation and search: their own browser sessions


def _toc_pages(site):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for p in toc.get("parts", []) for c in p["chapters"]]
    return [f"{f}.html" for f in files if (site / f"{f}.html").exists()]


def test_next_and_previous_navigation(site):
    """Clicking "next" from the first page walks the whole book in table-of-contents order."""
    order = _toc_pages(site)
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        # only the links matter here: skip typesetting, widgets and charts (checked page by page above)
        page.route(re.compile(r".*/_static/(mathjax|widgets|vega)/.*"), lambda route: route.abort())
        page.goto(f"{base}/{order[0]}")
        seen = [order[0]]
        while page.locator("a.right-next").count() and len(seen) <= len(order):
            with page.expect_navigation(wait_until="domcontentloaded"):
                page.locator("a.right-next").first.click()
            seen.append(page.url.split(base + "/", 1)[1].split("#")[0])
        assert seen == order, f"next-links visit {seen}, the toc says {order}"
        if len(order) > 1:
            with page.expect_navigation(wait_until="domcontentloaded"):
                page.locator("a.left-prev").first.click()
            assert page.url.endswith(order[-2]), f"previous from {order[-1]} went to {page.url}"


def test_search_finds_cross_entropy(site):
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}/search.html?q=cross-entropy")
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        hits = page.locator("#search-results ul.search li a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
    assert hits, "search for cross-entropy returned nothing"


@pytest.mark.parametrize("width", [1280, 420])
def test_the_search_box_works_at_desktop_and_narrow_width(site, width):
    """One visible search control (sidebar field, or the header button on a phone) opens the
    search dialog, and searching from it lists results."""
    with serve(site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{base}/book/intro.html")
        page.wait_for_load_state("networkidle")
        boxes = page.locator(".search-button-field:visible, .search-button:visible")
        assert boxes.count() == 1, f"{boxes.count()} visible search controls at {width} px"
        assert page.locator("#pst-header").evaluate("h => h.getBoundingClientRect().height") == 0, (
            "the empty top bar is back")
        boxes.first.click()
        page.wait_for_selector("#pst-search-dialog[open] input", timeout=10_000)
        page.keyboard.type("cross-entropy")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        assert "search.html" in page.url


# --------------------------------------------------------------------------------------
# Static checks of the HTML files (no browser)


class _Links(HTMLParser):
    TAGS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
            "source": "src", "video": "src", "audio": "src"}

    def __init__(self):
        super().__init__()
        self.ids, self.refs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        attr = self.TAGS.get(tag)
        if attr and attrs.get(attr) is not None:
            self.refs.append((tag, attrs.get("rel") or "", attrs[attr]))


def _parse(path):
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_links_or_anchors(site):
    pages = {site / rel: _parse(site / rel) for rel in built_pages(site)}
    broken, checked = [], 0
    for path, parsed in pages.items():
        rel = path.relative_to(site).as_posix()
        for tag, _, ref in parsed.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            checked += 1
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((rel, f"<{tag}> {ref}: no such file"))
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in pages:
                    pages[target] = _parse(target)
                if unquote(parts.fragment) not in pages[target].ids:
                    broken.append((rel, f"<{tag}> {ref}: no anchor #{parts.fragment}"))
    assert checked > 50, f"only {checked} internal links found"
    assert not broken, _report(broken)


def test_pages_reference_no_third_party_resources(site):
    """Scripts, stylesheets, icons and images are the book's own files (links may go out)."""
    problems = []
    for rel in built_pages(site):
        for tag, relation, ref in _parse(site / rel).refs:
            if tag == "a" or (tag == "link" and not re.search(r"stylesheet|icon|preload|module", relation)):
                continue
            if urlsplit(ref).scheme in ("http", "https") or ref.startswith("//"):
                problems.append((rel, f"<{tag}> loads {ref}"))
    assert not problems, _report(problems)


def test_widget_and_vega_js_are_vendored_and_only_where_needed(site):
    """Widget JS only on pages with widget state, Vega JS only on pages with a chart."""
    check = subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_js.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    for name in VENDORED + VEGA_VENDORED:
        assert (site / name).exists(), f"{name} is not published"
    charts = widget_pages = 0
    assert not (ROOT / "_static").exists() or not list((ROOT / "_static").rglob("*.js")), (
        "JS under _static/ is injected into every page; keep vendored JS in vendor/")
    for rel in built_pages(site):
        html = (site / rel).read_text(encoding="utf-8")
        has_state = "application/vnd.jupyter.widget-state+json" in html
        for name in VENDORED:
            assert (name in html) == has_state, f"{rel}: {name} present={name in html}, widgets={has_state}"
        # myst-nb adds the widget JS wherever a notebook saved widget state: that state must
        # belong to a widget the page shows, or 3.6 MB of JS load for nothing.
        assert not has_state or "application/vnd.jupyter.widget-view+json" in html, (
            f"{rel}: widget state (and the widget JS) but no widget on the page")
        has_chart = f'<script type="{VEGALITE_MIME}">' in html
        positions = [html.find(name) for name in VEGA_VENDORED]
        for name, at in zip(VEGA_VENDORED, positions):
            assert (at >= 0) == has_chart, f"{rel}: {name} present={at >= 0}, charts={has_chart}"
        if has_chart:
            assert positions == sorted(positions), f"{rel}: Vega scripts out of order"
            if has_state:  # before RequireJS, or their UMD wrappers register as AMD modules
                assert positions[-1] < html.find(VENDORED[0]), f"{rel}: Vega loads after require.js"
        charts += has_chart
        widget_pages += has_state
        assert html.count("const THEBE_JS_URL") <= 1, f"{rel}: thebe config script written twice"
        assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html, rel
    assert charts, "no page has a chart"
    print(f"\n{charts} pages with charts, {widget_pages} with widget state")
