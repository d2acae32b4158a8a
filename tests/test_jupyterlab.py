"""JupyterLab with the book's requirements renders every lesson's MyST (jupyterlab-myst).

A real JupyterLab (the one requirements.txt installs, with jupyterlab-myst) is started on
127.0.0.1 with a token and throw-away config/runtime/settings folders, serving a copy of
the book's folder. Each notebook is opened in headless Chromium; the test fails if any raw
directive or role text is visible in its rendered markdown, and saves a screenshot to
``test-artifacts/jupyterlab/<page>.png``. The notebooks are untrusted there, as they are
for a reader who just cloned the repository: jupyterlab-myst renders markdown anyway.

The explorers (Vega-Lite charts stored as ``application/vnd.vegalite.v5+json`` outputs) are
live there too: a saved lesson notebook is opened *without running it*, an explorer's slider
is moved and its chart must change; then the notebook is run (Run All, in the kernel of this
Python environment) and the same is checked on the fresh output. JupyterLab 4.6.6 draws v5
charts with its own bundled Vega-Lite 5.6.1 (it logs a note about the spec's newer version;
harmless), so the book's charts use no Vega-Lite feature newer than 5.6.
"""

import shutil

import pytest

from conftest import ROOT
from site_helpers import artifact_dir, chromium, jupyterlab_server

pytestmark = pytest.mark.browser

RAW = ("```{", "{term}", "{glue", "{exercise}", ":::{", "{solution}", "{admonition}",
       "{note}", "{math}", "{eq}", "{numref}", "{ref}", "{cite}", "{doc}")

# Rendered once every markdown cell is rendered and no cell is waiting to render.
LAB_READY = r"""() => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  if (!nb) return false;
  const md = nb.querySelectorAll(".jp-MarkdownCell");
  if (!md.length) return false;
  // jupyterlab-myst renders a markdown cell into a widget with class "myst"
  return [...md].every(c => c.classList.contains("jp-mod-rendered") &&
                            c.querySelector(".lm-Widget.myst"));
}"""

# True once the number of typeset formulas is the same at two polls in a row.
MATH_SETTLED = r"""() => {
  const n = document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .myst mjx-container").length;
  const settled = n === window.__typeset;
  window.__typeset = n;
  return settled;
}"""

VEGALITE_MIME = "application/vnd.vegalite.v5+json"

# The open notebook's charts: drawn (JupyterLab's renderer draws on a <canvas class="marks">,
# the book's on an <svg class="marks">), with a range input, none left from before Run All.
LAB_CHARTS_READY = r"""() => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  if (!nb) return false;
  const charts = [...nb.querySelectorAll(".jp-OutputArea-output .vega-embed")];
  return charts.length > 0 && charts.every(c => c.querySelector(".marks") && !c.dataset.beforeRun) &&
         charts.some(c => c.querySelector('.vega-bindings input[type="range"]'));
}"""

# Moves the first chart's first slider to two other values; true for each step whose picture
# (the canvas's pixels, or the SVG) changed.
LAB_MOVE_SLIDER = r"""async () => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  const chart = [...nb.querySelectorAll(".jp-OutputArea-output .vega-embed")]
    .find(c => c.querySelector('.vega-bindings input[type="range"]'));
  const input = chart.querySelector('.vega-bindings input[type="range"]');
  const svg = () => {
    const marks = chart.querySelector(".marks");
    return marks.tagName === "CANVAS" ? marks.toDataURL() : marks.outerHTML;
  };
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const lo = +input.min, hi = +input.max;
  const steps = [];
  for (const v of [+input.value === hi ? lo : hi, (lo + hi) / 2]) {
    const before = svg();
    input.value = String(v);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
    const t0 = performance.now();
    let changed = false;
    while (!changed && performance.now() - t0 < 3000) { await frame(); changed = svg() !== before; }
    steps.push({value: input.value, changed});
  }
  return {name: input.name, steps};
}"""

# Run All has finished: every code cell has an execution count and none is queued or running.
LAB_RUN_DONE = r"""() => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  const prompts = [...nb.querySelectorAll(".jp-CodeCell .jp-InputArea-prompt")].map(p => p.textContent);
  return prompts.length > 0 && prompts.every(t => /\[\d+\]/.test(t));
}"""

LAB_FACTS = r"""() => {
  const nb = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  const md = [...nb.querySelectorAll(".jp-MarkdownCell")];
  const outputs = md.map(c => c.querySelector(".lm-Widget.myst"));
  return {
    cells: md.length,
    rendered: outputs.filter(Boolean).length,
    text: outputs.filter(Boolean).map(o => o.innerText).join("\n\n"),
    admonitions: nb.querySelectorAll(".myst aside, .myst .admonition, .myst details").length,
    math: nb.querySelectorAll(".myst mjx-container, .myst .katex, .myst .MathJax").length,
  };
}"""


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of book/; yields (url, token)."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "root"
    shutil.copytree(ROOT / "book", root / "book",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
    with jupyterlab_server(root, tmp) as server:
        yield server


def _lab_page(browser, url, token, on_error=None):
    """A new browser page with JupyterLab loaded and its workspace restored."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    if on_error is not None:
        page.on("pageerror", lambda e: on_error(str(e)))
    page.goto(f"{url}/lab?token={token}&reset")
    page.wait_for_function("() => !!window.jupyterapp", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    return context, page


def test_lessons_render_myst_in_jupyterlab(jupyterlab, notebooks):
    url, token = jupyterlab
    shots = artifact_dir(ROOT, "jupyterlab")
    problems, summary = [], []
    with chromium() as browser:
        context, page = _lab_page(browser, url, token)
        for path in notebooks:
            rel = path.relative_to(ROOT).as_posix()
            # one Lab session: close the previous notebook, open the next (no reload)
            _open(page, rel)
            try:
                page.wait_for_function(LAB_READY, timeout=90_000, polling=500)
            except Exception:
                problems.append(f"{rel}: the notebook did not render in 90 s")
                page.screenshot(path=str(shots / f"{path.stem}.png"))
                continue
            # math is typeset asynchronously: wait until the count of typeset formulas holds
            page.evaluate("() => { window.__typeset = -1; }")
            page.wait_for_function(MATH_SETTLED, timeout=60_000, polling=500)
            facts = page.evaluate(LAB_FACTS)
            page.screenshot(path=str(shots / f"{path.stem}.png"))
            summary.append(f"{rel}: {facts['rendered']}/{facts['cells']} markdown cells, "
                           f"{facts['admonitions']} admonitions/dropdowns, {facts['math']} formulas")
            if facts["rendered"] < facts["cells"]:
                problems.append(f"{rel}: {facts['cells'] - facts['rendered']} markdown cells not rendered")
            for token_text in RAW:
                if token_text in facts["text"]:
                    line = next(ln for ln in facts["text"].splitlines() if token_text in ln)
                    problems.append(f"{rel}: raw {token_text!r} visible: {line[:120]!r}")
            if path.suffix == ".ipynb" and path.stem != "intro" and not facts["admonitions"]:
                problems.append(f"{rel}: no admonition rendered (is jupyterlab-myst active?)")
        context.close()
    print("\n" + "\n".join(summary))
    assert not problems, "\n".join(problems)


# Close every open document, then open ``path``. A test never saves: open documents are
# marked clean first, or closing one that rendering or a run changed asks "Save changes?" in
# a dialog that blocks every later click.
OPEN_ONLY = """async (path) => {
  const app = window.jupyterapp;
  for (const w of app.shell.widgets("main")) {
    if (w.context && w.context.model) w.context.model.dirty = false;
  }
  await app.commands.execute("application:close-all");
  await app.commands.execute("docmanager:open", {path});
}"""


def _open(page, rel):
    page.evaluate(OPEN_ONLY, rel)


def test_explorer_is_live_in_jupyterlab_before_and_after_run_all(jupyterlab, notebooks):
    """A saved lesson notebook, opened without running it: moving an explorer's slider
    redraws its chart (no kernel needed). After Run All (this environment's kernel) the
    freshly made chart is live too."""
    with_charts = [p for p in notebooks
                   if p.suffix == ".ipynb" and VEGALITE_MIME in p.read_text(encoding="utf-8")]
    assert with_charts, "no lesson notebook has a saved Vega-Lite chart"
    path = with_charts[0]
    rel = path.relative_to(ROOT).as_posix()
    url, token = jupyterlab
    shots = artifact_dir(ROOT, "jupyterlab-explorer")
    with chromium() as browser:
        errors = []
        context, page = _lab_page(browser, url, token, on_error=errors.append)
        _open(page, rel)
        page.wait_for_function(LAB_CHARTS_READY, timeout=90_000, polling=250)
        saved = page.evaluate(LAB_MOVE_SLIDER)
        page.screenshot(path=str(shots / f"{path.stem}-saved.png"))

        # Run All in the notebook's kernel; the old charts are marked so only new ones count.
        page.evaluate("""() => document.querySelectorAll(".jp-Notebook .vega-embed")
                             .forEach(c => { c.dataset.beforeRun = "1"; })""")
        page.evaluate("""async () => {
          const app = window.jupyterapp;
          const panel = app.shell.currentWidget;
          await panel.sessionContext.ready;
          await app.commands.execute("notebook:run-all-cells");
        }""")
        page.wait_for_function(LAB_RUN_DONE, timeout=180_000, polling=500)
        page.wait_for_function(LAB_CHARTS_READY, timeout=60_000, polling=250)
        after = page.evaluate(LAB_MOVE_SLIDER)
        page.screenshot(path=str(shots / f"{path.stem}-after-run-all.png"))
        page.evaluate("""async () => {
          const panel = window.jupyterapp.shell.currentWidget;
          await panel.sessionContext.shutdown();
        }""")
        context.close()
    print(f"\n{rel}: slider {saved['name']!r} saved notebook {saved['steps']}, "
          f"after Run All {after['steps']}")
    for when, result in (("saved notebook, no kernel", saved), ("after Run All", after)):
        assert result["steps"] and all(s["changed"] for s in result["steps"]), (
            f"{rel} ({when}): moving {result['name']!r} did not redraw the chart: {result['steps']}")
    assert not errors, errors



# Opened by clicking a chapter's link: the rendered page (jupyterlab-myst), with its entries.
LINK_TARGET = r"""(path) => {
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path) return null;
  const md = w.node.querySelector(".jp-RenderedMySTMarkdown");
  if (!md || md.querySelectorAll("h2").length < 10) return null;
  return {viewer: !!w.node.querySelector(".jp-MarkdownViewer"), entries: md.querySelectorAll("h2").length,
          raw: ["](", "{term}", "{cite", "$"].filter(t => md.innerText.includes(t))};
}"""


def test_glossary_and_citation_links_open_the_rendered_pages(jupyterlab, notebooks):
    """Clicking a chapter's glossary link or citation opens glossary.md / references.md rendered.

    (JupyterLab opens the page at its top: jupyterlab-myst 2.7 ignores the #fragment; the HTML
    book lands on the entry, checked by test_site.py.)
    """
    url, token = jupyterlab
    problems, seen = [], []
    with chromium() as browser:
        context, page = _lab_page(browser, url, token)
        for target in ("glossary.md", "references.md"):
            source = next((p for p in notebooks if p.suffix == ".ipynb"
                           and f"]({target}#" in p.read_text(encoding="utf-8")), None)
            if source is None:
                problems.append(f"no notebook links to {target}#...")
                continue
            rel = source.relative_to(ROOT).as_posix()
            _open(page, rel)
            page.wait_for_function(LAB_READY, timeout=90_000, polling=500)
            link = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst "
                                f"a[href*='/{target}'][href*='#']").first
            link.scroll_into_view_if_needed()
            text = link.inner_text()
            link.click()
            try:
                handle = page.wait_for_function(LINK_TARGET, arg=f"book/{target}",
                                                timeout=30_000, polling=500)
            except Exception:
                problems.append(f"{rel}: clicking [{text}] did not open the rendered {target}")
                continue
            facts = handle.json_value()
            seen.append(f"{rel}: [{text}] -> {target}, {facts['entries']} entries")
            if facts["raw"] or not facts["viewer"]:
                problems.append(f"{rel} -> {target}: {facts}")
        context.close()
    print("\n" + "\n".join(seen))
    assert not problems, "\n".join(problems)
