"""myst-nb renderer for Vega-Lite 5 outputs: live charts in the HTML book, offline.

Altair's ``mimetype`` renderer (``alt.renderers.enable("mimetype")``, done by
``lossutils.charts``) stores a chart in the notebook as ``application/vnd.vegalite.v5+json``:
the Vega-Lite spec, data included. myst-nb has no renderer for that type, so this plugin,
registered under the entry point group ``myst_nb.mime_renderers`` in ``pyproject.toml``:

* ranks the type above ``text/html`` for the HTML builders (``mime_priority_overrides``);
* writes each chart as ``<div class="vegalite-chart">`` holding the spec in a
  ``<script type="application/vnd.vegalite.v5+json">`` (data, not code: it runs nothing);
* adds the vendored scripts (``vendor/vega/``, published as ``_static/vega/`` by
  ``_ext/offline_book.py``) to the pages that hold a chart, and to no other page. Their
  priority (400) is below the default 500 of ``require.js`` (widget pages), so their UMD
  wrappers run before RequireJS defines ``define`` and set ``window.vegaEmbed``;
  ``vega-setup.js`` then draws every chart (light or dark, as the book is), keeps it in step
  with the book's theme switch and names its inputs for screen readers.

A chart without a ``description`` (its text alternative, the SVG's ARIA label) is reported
as a build warning, so the strict build (``-W``) refuses it.

Sphinx, docutils and myst-nb are imported only by myst-nb when it loads the entry point;
``import lossutils`` never imports this module.
"""

import json

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
# myst-nb ranks text/html at 30 for these builders; lower numbers win.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs", "readthedocsdirhtml",
                 "readthedocssinglehtml", "readthedocssinglehtmllocalmedia")
SCRIPTS = ("vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js",
           "vega/vega-setup.js")
SCRIPT_PRIORITY = 400  # below require.js (500): see the module docstring


def _spec(content):
    return json.loads(content) if isinstance(content, str) else content


class VegaLiteRenderer:
    """Render ``application/vnd.vegalite.v5+json`` outputs as live Vega-Lite charts."""

    mime_priority_overrides = [(builder, VEGALITE_MIME, 25) for builder in HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != VEGALITE_MIME:
            return None
        from docutils import nodes

        spec = _spec(data.content)
        if not str(spec.get("description") or "").strip():
            renderer.logger.warning(
                "Vega-Lite chart without a 'description' (its text alternative): set "
                "description=... on the chart", subtype="vegalite", line=data.line)
        # "</" never appears inside the script element: the spec cannot end it early.
        body = json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
        html = ('<div class="vegalite-chart">'
                f'<script type="{VEGALITE_MIME}">{body}</script></div>')
        for i, script in enumerate(SCRIPTS):
            renderer.add_js_file(f"vegalite_{i}", script, {"priority": SCRIPT_PRIORITY})
        return [nodes.raw(text=html, format="html", classes=["output", "vegalite"])]
