"""The built HTML site in a real browser: offline, complete, navigable and accessible.

The site is the strict build of the ``built_book`` fixture (``_build/html``), served from a
thread on 127.0.0.1 and opened in Debian's headless Chromium with Playwright. Every page is
visited once in light mode and once in dark mode; every request is recorded; screenshots
of both modes go to ``test-artifacts/site/`` for a person to look at.
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

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
WIDGET_STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
VENDORED = ("_static/widgets/require.js", "_static/widgets/embed-amd.js")
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
  const explorers = views.map(s => {
    const cell = s.closest(".cell") || s.parentElement;
    const widget = s.parentElement.querySelector(".jupyter-widgets");
    const img = widget && widget.querySelector("img");
    return {rendered: !!widget && visible(widget),
            controls: widget ? widget.querySelectorAll(".widget-slider, .widget-dropdown, .widget-checkbox, .widget-toggle-buttons").length : 0,
            img_visible: !!img && visible(img) && img.naturalWidth > 0,
            img_alt: img ? img.getAttribute("alt") : null,
            static_figures: [...cell.querySelectorAll("img")].filter(i => !i.closest(".jupyter-widgets")).length};
  });
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
    explorers, imgs, heads,
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

WAIT_RENDERED = r"""() => {
  const math = document.querySelectorAll(".math");
  const mathDone = [...math].every(m => m.querySelector("mjx-container"));
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const widgetsDone = [...views].every(s => s.parentElement.querySelector(".jupyter-widgets img, .jupyter-widgets .widget-slider"));
  return mathDone && widgetsDone;
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
        try:
            page.wait_for_function(WAIT_RENDERED, timeout=30_000, polling=200)
        except Exception as err:  # the assertions below say what is missing
            record["console"].append(f"timeout waiting for math/widgets: {err}")
        page.wait_for_timeout(300)  # MutationObserver fixes, late console messages
        record["light"] = page.evaluate(PAGE_FACTS, REPO_URL)
        stem = rel.removesuffix(".html").replace("/", "__")
        page.screenshot(path=str(shots / f"{stem}-light.png"), full_page=True)
        during_axe.append(True)
        record["axe_light"] = _axe(page)
        page.wait_for_timeout(500)  # let axe's side requests and their console lines finish
        during_axe.clear()

        # Dark mode through the theme's own switch (it cycles light -> dark -> auto).
        for _ in range(3):
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
            page.locator(".theme-switch-button:visible").first.click(timeout=5_000)
        # Move off the button: its tooltip, caught mid-fade, fails the contrast audit.
        page.mouse.move(1, 890)
        page.wait_for_function("!document.querySelector('.tooltip')", timeout=5_000)
        record["dark_theme"] = page.evaluate("document.documentElement.dataset.theme")
        record["dark_images"] = page.evaluate(OPAQUE_CORNERS)
        page.screenshot(path=str(shots / f"{stem}-dark.png"), full_page=True)
        # Dark mode changes only colours: audit them again (the full audit ran in light mode).
        during_axe.append(True)
        record["axe_dark"] = _axe(page, rules=["color-contrast", "link-in-text-block"])
        page.wait_for_timeout(500)
        during_axe.clear()
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


def test_widgets_render_without_a_kernel(visits):
    """Each explorer: controls and picture from the embedded state, plus a static figure."""
    problems, n_explorers = [], 0
    for page, r in visits.items():
        facts = r["light"]
        if not facts["widget_state"]:
            continue
        if not (facts["sliders"] or facts["jupyter_widgets"]):
            problems.append((page, "widget state embedded but no widget rendered"))
        for i, ex in enumerate(facts["explorers"]):
            n_explorers += 1
            where = f"widget view {i}"
            if not ex["rendered"]:
                problems.append((page, f"{where}: not rendered"))
                continue
            if ex["img_alt"] is not None:  # an explorer (lossutils.widgets): controls + <img>
                if not ex["controls"]:
                    problems.append((page, f"{where}: no controls"))
                if not ex["img_visible"]:
                    problems.append((page, f"{where}: picture not visible"))
                if len(ex["img_alt"]) < 10:
                    problems.append((page, f"{where}: picture without a real alt text"))
                if not ex["static_figures"]:
                    problems.append((page, f"{where}: no static fallback figure in its cell"))
    assert not problems, _report(problems)
    print(f"\n{n_explorers} widget views checked")


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
        # only the links matter here: skip typesetting and widgets (checked page by page above)
        page.route(re.compile(r".*/_static/(mathjax|widgets)/.*"), lambda route: route.abort())
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


def test_widget_js_is_vendored_and_only_on_widget_pages(site):
    check = subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_js.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    for name in VENDORED:
        assert (site / name).exists(), f"{name} is not published"
    assert not (ROOT / "_static").exists() or not list((ROOT / "_static").rglob("*.js")), (
        "JS under _static/ is injected into every page; keep vendored JS in vendor/")
    for rel in built_pages(site):
        html = (site / rel).read_text(encoding="utf-8")
        has_state = "application/vnd.jupyter.widget-state+json" in html
        for name in VENDORED:
            assert (name in html) == has_state, f"{rel}: {name} present={name in html}, widgets={has_state}"
        assert html.count("const THEBE_JS_URL") <= 1, f"{rel}: thebe config script written twice"
        assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html, rel
