"""Local Sphinx extension: serve the vendored JS, keep every page's console clean, one search box.

* ``vendor/`` is added to ``html_static_path`` here (not in _config.yml, and not a folder
  named ``_static``: Jupyter Book would inject every ``*.js`` found there into every page),
  so ``vendor/widgets/`` is published as ``_static/widgets/`` and ``vendor/vega/`` as
  ``_static/vega/``. Their scripts are referenced only where they are needed: the widget
  scripts where ``nb_ipywidgets_js`` lists them (pages that hold widget state), the Vega
  scripts where ``lossutils/_mystnb_vegalite.py`` adds them (pages that hold a chart).
* One search box: pydata-sphinx-theme 0.17 fills the top bar's ``navbar_persistent`` with a
  "Search Ctrl+K" field unless the option is set, and sphinx-book-theme 1.3 already has one
  in the sidebar (and a search button in the article header on narrow screens), so every
  page showed a second box alone in an otherwise empty top bar. The option is set to ``[]``
  (unless _config.yml sets it), so the top bar is not drawn.
* Sphinx 7 writes some inline scripts twice (e.g. sphinx-thebe's ``const THEBE_JS_URL``,
  a SyntaxError the second time; fixed upstream in Sphinx 8.2.3). Identical scripts are
  de-duplicated on each page.
* Bibliography entries: docutils writes ``<div role="list" class="citation-list">`` around
  entries with ``role="doc-biblioentry"``, a role ARIA 1.3 deprecated, so axe reports
  "aria-required-children" (critical): a list without list items. The entries get
  ``role="listitem"``.
"""

from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "vendor"


def add_vendor_static(app, config):
    paths = list(config.html_static_path)
    if str(VENDOR) not in paths:
        paths.append(str(VENDOR))
    config.html_static_path = paths
    # _ext/templates/layout.html: the theme's layout without fontawesome.js (see the file)
    templates = str(Path(__file__).resolve().parent / "templates")
    if templates not in config.templates_path:
        config.templates_path = [templates, *config.templates_path]


def one_search_box(app, config):
    options = dict(config.html_theme_options or {})
    options.setdefault("navbar_persistent", [])
    config.html_theme_options = options


def dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for js in scripts:
        attrs = getattr(js, "attributes", {})
        # the same inline script arrives once with filename None and once with ""
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted(attrs.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def fix_citation_roles(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("config-inited", add_vendor_static)
    app.connect("config-inited", one_search_box)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.connect("html-page-context", fix_citation_roles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
