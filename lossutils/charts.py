"""Live explorers: Vega-Lite charts (Altair) whose sliders work in the reader's browser.

A chart made here is a JSON spec; the browser redraws it when a control moves, with no
Python kernel, so the explorers are live in the HTML book, in JupyterLab (also before the
notebook is run) and on Colab. Everything a control changes is either a Vega expression
written in the cell (an analytic curve, a line ``m * x + b``) or a table that lossutils
computed beforehand over a grid of the control's values (a refit per position) and that the
browser filters by the control's value.

Importing this module registers the book's theme (the colours, fonts and sizes of
:mod:`lossutils.plotting`) and enables Altair's ``mimetype`` renderer, which writes the
``application/vnd.vegalite.v5+json`` output that JupyterLab and the book draw; on Google
Colab, which does not draw that type, it enables Altair's ``colab`` renderer instead.

Building blocks (each needs a ``description``, the text a screen reader announces, and
titles for its axes):

* :func:`slider`, :func:`select`: a control bound to a named value (a Vega-Lite param);
* :func:`table`: columns of numbers as rows, floats rounded so the committed spec is small
  and the same on every machine;
* :func:`curves`: analytic curves, one Vega expression each, drawn over a range;
* :func:`grid_curves`: curves computed in Python for every grid position, drawn for the
  position the controls select;
* :func:`points`, :func:`lines`: data points and straight lines (fitted or from a formula);
* :func:`rule`, :func:`band`, :func:`bars`: reference lines, a shaded band, bars;
* :func:`residuals`: points, a prediction and each error, with the mean squared error;
* :func:`text`: a line of text computed from the controls (a readout);
* :func:`explorer`: panels side by side with their controls, ready to display.
"""

import math
import sys
from numbers import Integral, Real

import numpy as np


def _import_altair():
    """Import Altair without jsonschema's checker for the "iri" string format.

    jsonschema defines that checker only when ``rfc3987_syntax`` imports, and that package
    compiles a grammar at import time: 1.6 s of Altair's 2.1 s import on the book's machine
    (``python -X importtime -c "import altair"``), paid by every chapter with a chart, about
    a fifth of a chapter's run time. No schema Altair validates uses that format. So, when
    jsonschema is not loaded yet, its optional import of ``rfc3987_syntax`` is made to fail
    (jsonschema skips the checker, as when the package is not installed) and is allowed
    again right after: Altair then imports in 0.5 s (benchmarks/README.md).
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import altair
        return altair
    sys.modules["rfc3987_syntax"] = None          # "import rfc3987_syntax" raises ImportError
    try:
        import altair
    finally:
        del sys.modules["rfc3987_syntax"]         # a later import of it works as usual
    return altair


alt = _import_altair()

from .plotting import _STYLE, COLORS

__all__ = ["THEME", "NEUTRAL", "theme", "slider", "select", "table", "curves", "grid_curves",
           "points", "lines", "rule", "band", "bars", "residuals", "text", "explorer"]

#: Name of the registered Altair theme.
THEME = "lossbook"

#: Colour of reference lines and error segments. ``COLORS["grey"]`` (#555555) would have a
#: contrast of only 2.3:1 against the dark-mode chart background (#1e1e1e); this grey has
#: 3.5:1 on white and 4.8:1 on that background (3:1 is the WCAG minimum for graphics).
NEUTRAL = "#8a8a8a"

#: Colours for a categorical legend, in the order of matplotlib's colour cycle.
_CYCLE = [COLORS[c] for c in ("data", "model", "alt", "accent", "warn", "sky")]
_DIGITS = 4                     # significant digits kept in chart data
_FONT = '"DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif'   # matplotlib's font


def _px(points):
    """A matplotlib size in points as CSS pixels at the figures' 100 dpi."""
    return round(points * _STYLE["figure.dpi"] / 72, 1)


def theme():
    """The book's chart theme: the Vega-Lite config that matches :mod:`lossutils.plotting`.

    White background, dark text and axes, light grid, the Okabe-Ito colours in matplotlib's
    cycle order, DejaVu Sans at the figures' sizes (11 pt text, 12 pt titles and 2 pt lines
    at 100 dpi). The book's dark mode replaces the background and text colours when it
    draws the chart; mark colours stay.

    Returns
    -------
    dict
        ``{"config": {...}}``, as an Altair theme returns it.

    Examples
    --------
    >>> cfg = theme()["config"]
    >>> cfg["range"]["category"][:2] == [COLORS["data"], COLORS["model"]]
    True
    """
    text, font = _px(_STYLE["font.size"]), _px(_STYLE["axes.titlesize"])
    ink, edge = _STYLE["text.color"], _STYLE["axes.edgecolor"]
    w, h = _STYLE["figure.figsize"]
    return {"config": {
        "background": _STYLE["figure.facecolor"],
        "font": _FONT,
        "padding": 8,
        "view": {"continuousWidth": round(w * 75), "continuousHeight": round(h * 75),
                 "stroke": None},                       # no box: matplotlib hides two spines
        "range": {"category": _CYCLE},
        "title": {"fontSize": font, "fontWeight": "normal", "color": ink, "anchor": "start",
                  "subtitleFontSize": text, "subtitleColor": ink},
        "axis": {"labelFontSize": text, "titleFontSize": text, "titleFontWeight": "normal",
                 "labelColor": _STYLE["xtick.color"], "titleColor": _STYLE["axes.labelcolor"],
                 "domainColor": edge, "tickColor": edge, "gridColor": _STYLE["grid.color"],
                 "gridWidth": _px(_STYLE["grid.linewidth"]), "labelFlush": False,
                 "labelOverlap": True},
        "legend": {"labelFontSize": text, "titleFontSize": text, "titleFontWeight": "normal",
                   "labelColor": ink, "titleColor": ink, "orient": "bottom",
                   "direction": "horizontal",
                   "symbolStrokeWidth": _px(_STYLE["lines.linewidth"]), "labelLimit": 400},
        "header": {"labelColor": ink, "titleColor": ink},
        "line": {"strokeWidth": _px(_STYLE["lines.linewidth"])},
        "rule": {"strokeWidth": _px(1.0)},
        "point": {"size": 70, "filled": True, "opacity": 1},   # matplotlib's s = 36 pt^2
        "text": {"fontSize": text, "color": ink},
        "concat": {"spacing": 24},
    }}


alt.theme.register(THEME, enable=True)(lambda: alt.theme.ThemeConfig(theme()))
# JupyterLab and the book (lossutils' myst-nb renderer) draw the Vega-Lite MIME type; Colab
# does not, but displays the HTML renderer's output (which loads Vega from a CDN).
alt.renderers.enable("colab" if "google.colab" in sys.modules else "mimetype")


# ---------------------------------------------------------------------------------------
# Controls and data

def slider(name, lo, hi, step, value, *, label):
    """A value the reader sets with a range slider: a Vega-Lite param bound to an input.

    Parameters
    ----------
    name : str
        The param's name, used in the chart's Vega expressions (``"m * datum.x + b"``).
    lo, hi, step : float
        Range and step of the slider.
    value : float
        Starting value: what the chart shows before the reader moves anything.
    label : str
        The control's visible and accessible name ("slope m").

    Returns
    -------
    altair.Parameter

    Examples
    --------
    >>> c = slider("c", -1, 5, 0.1, 1.0, label="constant c")
    >>> c.param.bind.to_dict()
    {'input': 'range', 'max': 5, 'min': -1, 'name': 'constant c', 'step': 0.1}
    """
    if not lo <= value <= hi:
        raise ValueError(f"slider {name!r}: value {value} is outside [{lo}, {hi}]")
    if step <= 0:
        raise ValueError(f"slider {name!r}: step must be > 0; got {step}")
    bind = alt.binding_range(min=lo, max=hi, step=step, name=label)
    return alt.param(name=name, value=value, bind=bind)


def select(name, options, value, *, label, labels=None):
    """A value the reader picks from a menu: a Vega-Lite param bound to a ``<select>``.

    Parameters
    ----------
    name : str
        The param's name in the chart's expressions.
    options : list
        The values to choose from.
    value
        Starting value, one of ``options``.
    label : str
        The control's visible and accessible name.
    labels : list of str, optional
        What the menu shows for each option (default: the options themselves).

    Returns
    -------
    altair.Parameter

    Examples
    --------
    >>> p = select("loss", ["L1", "L2"], "L2", label="loss")
    >>> p.param.bind.to_dict()["options"]
    ['L1', 'L2']
    """
    options = list(options)
    if value not in options:
        raise ValueError(f"select {name!r}: value {value!r} is not one of {options}")
    kw = {} if labels is None else {"labels": list(labels)}
    return alt.param(name=name, value=value,
                     bind=alt.binding_select(options=options, name=label, **kw))


def _clean(v, digits=_DIGITS, decimals=None):
    """Plain JSON values: floats rounded (to ``digits`` significant digits, or to
    ``decimals`` places), arrays as lists."""
    if isinstance(v, (str, bool, np.bool_)) or v is None:
        return bool(v) if isinstance(v, np.bool_) else v
    if isinstance(v, Integral):
        return int(v)
    if isinstance(v, Real):
        v = float(v)
        if not math.isfinite(v):
            raise ValueError(f"chart data must be finite; got {v}")
        r = round(v, decimals) if decimals is not None else float(f"{v:.{digits}g}")
        r += 0.0                                    # -0.0 -> 0.0
        return int(r) if r.is_integer() and abs(r) < 1e15 else r
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_clean(u, digits, decimals) for u in v]
    raise ValueError(f"chart data must be numbers, strings or arrays of numbers; got "
                     f"{type(v).__name__}")


def table(*, digits=_DIGITS, decimals=None, **columns):
    """Columns of equal length as a list of rows, floats rounded to ``digits`` significant digits.

    Rounding keeps the chart JSON small and identical on every machine (the last bits of a
    float can differ between CPUs), so strict nbval can compare it. ``decimals`` rounds to
    a number of decimal places instead (shorter for curves of values near 1): an int for
    every column, or ``{column: places}`` for some. A column entry may be an array (a curve
    stored in one row); a scalar is repeated in every row.

    Examples
    --------
    >>> table(x=[0.0, 1.0], y=np.array([1 / 3, 2 / 3]), name="fit")
    [{'x': 0, 'y': 0.3333, 'name': 'fit'}, {'x': 1, 'y': 0.6667, 'name': 'fit'}]
    >>> table(loss=[0.123456], curve=[np.array([0.123456, -1.0])], decimals={"curve": 2})
    [{'loss': 0.1235, 'curve': [0.12, -1]}]
    """
    lengths = {k: len(v) for k, v in columns.items() if isinstance(v, (list, tuple, np.ndarray))}
    if not lengths:
        raise ValueError("table needs at least one column that is a list or an array")
    n = next(iter(lengths.values()))
    if any(m != n for m in lengths.values()):
        raise ValueError(f"table columns must have the same length; got {lengths}")
    places = decimals if isinstance(decimals, dict) else dict.fromkeys(columns, decimals)
    return [{k: _clean(v[i] if k in lengths else v, digits, places.get(k))
             for k, v in columns.items()} for i in range(n)]


def _data(rows):
    # Inline data that Altair stores once at the top level ("datasets"), however many
    # layers use it (alt.Data(values=...) would be copied into every layer).
    return alt.InlineData(values=rows)


def _axis(title, domain=None, log=False):
    kw = {"domain": list(domain), "nice": False, "zero": False} if domain else {}
    if log:
        kw["type"] = "log"
    return {"title": title, "scale": alt.Scale(**kw) if kw else alt.Undefined}


def _by_series(channel, field, values, *, sort=True, **kw):
    """The encoding ``channel`` (``alt.Color``, ``alt.StrokeDash``, ``alt.StrokeWidth``) that
    gives each value of the nominal column ``field`` its entry in ``values`` (a dict), in the
    dict's order (the legend's order too, with ``sort``)."""
    names = list(values)
    if sort:
        kw["sort"] = names
    return channel(f"{field}:N", scale=alt.Scale(domain=names, range=list(values.values())),
                   **kw)


# ---------------------------------------------------------------------------------------
# Building blocks

def curves(exprs, *, over, x_title, y_title, description, colors=None, dashes=None,
           x_domain=None, y_domain=None, legend=True, stroke_width=None):
    """Analytic curves, one Vega expression each, evaluated in the browser over a range.

    Parameters
    ----------
    exprs : dict
        ``{name: expression}``; an expression uses ``datum.<var>`` for the curve's variable
        and the controls' names, e.g. ``{"Huber": "abs(datum.e) <= delta ? ..."}``.
    over : tuple
        ``(var, lo, hi, step)``: the variable's name and the points it is evaluated at.
    x_title, y_title : str
        Axis titles.
    description : str
        What the curves show (read by screen readers).
    colors, dashes : dict, optional
        Colour and stroke dash (e.g. ``[6, 3]``) per name; the default colours follow the
        book's cycle.
    x_domain, y_domain : tuple, optional
        Fixed axis ranges (the curves are clipped to them).
    legend : bool, default True
    stroke_width : dict, optional
        Line width per name in pixels.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> ch = curves({"e^2": "datum.e * datum.e"}, over=("e", -2, 2, 0.1), x_title="error e",
    ...             y_title="loss", description="The squared error")
    >>> d = ch.to_dict()
    >>> d["transform"][0]["calculate"], d["encoding"]["x"]["title"]
    ('datum.e * datum.e', 'error e')
    """
    var, lo, hi, step = over
    names = list(exprs)
    colors = colors or dict(zip(names, _CYCLE))
    calc = [{"calculate": exprs[k], "as": f"_c{i}"} for i, k in enumerate(names)]
    by_name = {k: colors[k] for k in names}
    enc = {"x": alt.X(f"{var}:Q", **_axis(x_title, x_domain)),
           "y": alt.Y("value:Q", **_axis(y_title, y_domain)),
           "color": (_by_series(alt.Color, "series", by_name, title=None,
                                legend=alt.Legend(title=None)) if legend else
                     _by_series(alt.Color, "series", by_name, sort=False, legend=None)),
           "detail": alt.Detail("series:N")}
    if dashes:
        enc["strokeDash"] = _by_series(alt.StrokeDash, "series",
                                       {k: dashes.get(k, [1, 0]) for k in names},
                                       sort=False, legend=None)
    if stroke_width:
        enc["strokeWidth"] = _by_series(alt.StrokeWidth, "series",
                                        {k: stroke_width.get(k, _px(2.0)) for k in names},
                                        sort=False, legend=None)
    if len(names) == 1 and not legend:          # one curve: a plain coloured line
        mark = {"clip": True, "color": colors[names[0]]}
        if dashes and names[0] in dashes:
            mark["strokeDash"] = list(dashes[names[0]])
        if stroke_width and names[0] in stroke_width:
            mark["strokeWidth"] = stroke_width[names[0]]
        return (alt.Chart(alt.sequence(lo, hi + step / 2, step, as_=var))
                .transform_calculate(value=exprs[names[0]])
                .mark_line(**mark)
                .encode(x=enc["x"], y=enc["y"])
                .properties(description=description))
    ch = alt.Chart(alt.sequence(lo, hi + step / 2, step, as_=var))
    for c in calc:
        ch = ch.transform_calculate(**{c["as"]: c["calculate"]})
    ch = (ch.transform_fold([c["as"] for c in calc], as_=["_key", "value"])
          .transform_calculate(series=_name_expr(names))
          .mark_line(clip=True)
          .encode(**enc)
          .properties(description=description))
    return ch


def _name_expr(names):
    # Map the folded key "_c<i>" back to the curve's name.
    out = "''"
    for i, k in reversed(list(enumerate(names))):
        out = f"datum._key === '_c{i}' ? {_js(k)} : {out}"
    return out


def _js(s):
    return "'" + str(s).replace("\\", "\\\\").replace("'", "\\'") + "'"


def grid_curves(rows, *, where, x, y, x_title, y_title, description, color=None,
                series=None, colors=None, x_domain=None, y_domain=None, x_log=False,
                y_log=False, legend=True, dash=None, smooth=False):
    """Curves computed in Python at every grid position, drawn for the selected position.

    Each row of ``rows`` holds whole curves: its grid coordinates (e.g. ``degree``,
    ``step``) and the curve's values as an array column ``y``. The browser keeps the rows
    for which ``where`` is true and draws each as a line.

    Parameters
    ----------
    rows : list of dict
        From :func:`table`, with an array column named by ``y``.
    where : str
        Vega expression selecting the rows to draw, e.g. ``"datum.degree == degree"``.
    x : str or tuple
        Name of an array column holding the x values of each curve, or ``(lo, hi, step)``
        when all curves share evenly spaced x values (then they are not stored).
    y : str
        Name of the array column of y values.
    series : str, optional
        Column naming each curve (for the colour legend); ``colors`` maps its values to
        colours. Without it every curve has the colour ``color``.
    x_log, y_log : bool
        Logarithmic axes.
    smooth : bool
        Join the stored values by a smooth (monotone cubic) curve instead of straight
        segments, so a coarse x grid still looks like a curve.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> rows = table(k=[1, 2], v=[[0, 1, 4], [0, 2, 8]])
    >>> ch = grid_curves(rows, where="datum.k == k", x=(0, 1, 0.5), y="v", x_title="t",
    ...                  y_title="v", description="The curve for the chosen k")
    >>> [list(t) for t in ch.to_dict()["transform"]]
    [['filter'], ['calculate', 'as'], ['flatten']]
    """
    ch = alt.Chart(_data(rows)).transform_filter(where)
    if isinstance(x, (tuple, list)):
        lo, hi, step = x
        ch, x = ch.transform_calculate(_x=f"sequence({lo}, {hi + step / 2}, {step})"), "_x"
    ch = ch.transform_flatten([x, y])
    enc = {"x": alt.X(f"{x}:Q", **_axis(x_title, x_domain, x_log)),
           "y": alt.Y(f"{y}:Q", **_axis(y_title, y_domain, y_log))}
    mark = {"clip": True, "interpolate": "monotone" if smooth else "linear"}
    if series:
        enc["color"] = _by_series(alt.Color, series, colors,
                                  legend=alt.Legend(title=None) if legend else None)
    else:
        mark["color"] = color or COLORS["model"]
    if dash:
        mark["strokeDash"] = list(dash)
    return ch.mark_line(**mark).encode(**enc).properties(description=description)


def points(rows, *, x, y, x_title, y_title, description, where=None, color=None,
           shape="circle", size=None, x_domain=None, y_domain=None, series=None,
           colors=None, legend=True, clip=True, x_log=False, y_log=False):
    """Data points (a scatter plot), optionally filtered by a Vega expression ``where``.

    ``x`` and ``y`` are column names or Vega expressions (anything that is not a column
    name of the rows is computed with ``calculate``), so a point can follow a control:
    ``y="outlier_y"``. ``clip=False`` lets a point at the edge of the plot show whole.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> ch = points(table(a=[1, 2], b=[3, 4]), x="a", y="b", x_title="x", y_title="y",
    ...             description="Two points")
    >>> ch.to_dict()["mark"]["type"]
    'point'
    """
    ch = alt.Chart(_data(rows) if rows is not None else alt.InlineData(values=[{}]))
    if where:
        ch = ch.transform_filter(where)
    cols = set(rows[0]) if rows else set()
    fx, fy = x, y
    if x not in cols:
        ch, fx = ch.transform_calculate(_px=x), "_px"
    if y not in cols:
        ch, fy = ch.transform_calculate(_py=y), "_py"
    mark = {"shape": shape, "clip": clip}
    if size:
        mark["size"] = size
    enc = {"x": alt.X(f"{fx}:Q", **_axis(x_title, x_domain, x_log)),
           "y": alt.Y(f"{fy}:Q", **_axis(y_title, y_domain, y_log))}
    if series:
        enc["color"] = _by_series(alt.Color, series, colors,
                                  legend=alt.Legend(title=None) if legend else None)
    else:
        mark["color"] = color or COLORS["data"]
    return ch.mark_point(**mark).encode(**enc).properties(description=description)


def lines(rows, *, slope, intercept, x_range, x_title, y_title, description, where=None,
          series=None, colors=None, dashes=None, stroke_width=None, x_domain=None,
          y_domain=None, legend=True):
    """Straight lines ``y = slope * x + intercept``, one per row, drawn over ``x_range``.

    ``slope``, ``intercept`` and the two ends of ``x_range`` are Vega expressions, so the
    lines can be fitted ones stored in the rows (``"datum.slope"``, a grid of refits picked
    with ``where``) or formulas of the controls (``"m"``, ``"b"``).

    Parameters
    ----------
    rows : list of dict
        One row per line (and per grid position); ``None`` for a single line from a formula.
    slope, intercept : str
        Vega expressions.
    x_range : tuple of str or float
        Where each line starts and ends.
    where : str, optional
        Vega expression selecting the rows to draw (the grid position of the controls).
    series : str, optional
        Column naming each line; ``colors``, ``dashes`` and ``stroke_width`` (pixels) map
        its values.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> ch = lines(None, slope="m", intercept="b", x_range=(0, 10), x_title="x",
    ...            y_title="y", description="The line y = m x + b")
    >>> [t["calculate"] for t in ch.to_dict()["transform"]]
    ['0', '10', '(m) * datum._x0 + (b)', '(m) * datum._x1 + (b)']
    """
    x0, x1 = (str(v) for v in x_range)
    ch = alt.Chart(_data(rows) if rows is not None else alt.InlineData(values=[{}]))
    if where:
        ch = ch.transform_filter(where)
    ch = ch.transform_calculate(_x0=x0, _x1=x1, _y0=f"({slope}) * datum._x0 + ({intercept})",
                                _y1=f"({slope}) * datum._x1 + ({intercept})")
    enc = {"x": alt.X("_x0:Q", **_axis(x_title, x_domain)), "x2": alt.X2("_x1"),
           "y": alt.Y("_y0:Q", **_axis(y_title, y_domain)), "y2": alt.Y2("_y1")}
    mark = {"clip": True, "strokeWidth": _px(_STYLE["lines.linewidth"])}
    if series:
        enc["color"] = _by_series(alt.Color, series, colors,
                                  legend=alt.Legend(title=None) if legend else None)
        if dashes:
            enc["strokeDash"] = _by_series(alt.StrokeDash, series,
                                           {k: dashes.get(k, [1, 0]) for k in colors},
                                           legend=None)
        if stroke_width:
            enc["strokeWidth"] = _by_series(
                alt.StrokeWidth, series,
                {k: stroke_width.get(k, mark["strokeWidth"]) for k in colors}, legend=None)
    else:
        mark["color"] = COLORS["model"]
    return ch.mark_rule(**mark).encode(**enc).properties(description=description)


def _expr_or_field(ch, value, rows, name):
    """Use a column of ``rows`` as it is; compute anything else (a number, an expression)."""
    if rows and isinstance(value, str) and value in rows[0]:
        return ch, value
    return ch.transform_calculate(**{name: str(_clean(value)) if not isinstance(value, str)
                                     else value}), name


def rule(*, x=None, y=None, title, description, label=None, dash=(4, 3), color=NEUTRAL):
    """A reference line across the panel: vertical at ``x`` or horizontal at ``y``.

    ``x``/``y`` is a number or a Vega expression of the controls (``"m"``: the line follows
    the slider). ``title`` is the title of that axis (the same as the panel's other
    layers, so the shared axis keeps it). ``label`` is written at the line's end.

    Examples
    --------
    >>> rule(y=1.0, title="loss", description="loss 1").to_dict()["encoding"]["y"]["title"]
    'loss'
    """
    if (x is None) == (y is None):
        raise ValueError("rule needs exactly one of x (a vertical line) or y (a horizontal one)")
    ch, f = _expr_or_field(alt.Chart(alt.InlineData(values=[{}])), x if y is None else y,
                           None, "_v")
    pos = alt.X(f"{f}:Q", title=title) if y is None else alt.Y(f"{f}:Q", title=title)
    layer = ch.mark_rule(color=color, strokeDash=list(dash) if dash else alt.Undefined,
                         strokeWidth=_px(1.0), clip=True).encode(
        **({"x": pos} if y is None else {"y": pos})).properties(description=description)
    if not label:
        return layer
    txt = (ch.transform_calculate(_label=_js(label))
           .mark_text(align="right" if x is None else "left", baseline="bottom",
                      dx=-2 if x is None else 3, dy=-2 if x is None else 0, fontSize=_px(9))
           .encode(**({"x": pos, "y": alt.value(2), "text": "_label:N"} if y is None else
                      {"y": pos, "x": alt.value("width"), "text": "_label:N"}))
           .properties(description=label))
    return alt.layer(layer, txt).properties(description=description)


def band(*, x, title, description, color=None, opacity=0.25):
    """A shaded vertical band from ``x[0]`` to ``x[1]`` (numbers or Vega expressions).

    Examples
    --------
    >>> band(x=("-d", "d"), title="e", description="|e| <= d").to_dict()["mark"]["type"]
    'rect'
    """
    ch = alt.Chart(alt.InlineData(values=[{}]))
    ch, f0 = _expr_or_field(ch, x[0], None, "_b0")
    ch, f1 = _expr_or_field(ch, x[1], None, "_b1")
    return (ch.mark_rect(color=color or COLORS["yellow"], opacity=opacity, clip=True)
            .encode(x=alt.X(f"{f0}:Q", title=title), x2=f"{f1}:Q")
            .properties(description=description))


def bars(rows, *, x, y, x_title, y_title, description, y_domain=None, highlight=None,
         labels=None, colors=None, horizontal=False):
    """Bars of height ``y`` (a column or a Vega expression) for each category ``x``.

    ``highlight`` names one category drawn in ``COLORS["alt"]`` (the others in the
    neutral grey), or ``colors`` gives a colour per category; ``labels`` is a d3 number
    format (``".2f"``) for a value at the end of each bar. ``horizontal=True`` lays the
    bars along the x axis (the categories on the y axis), which leaves room for long
    category names; the titles keep their meaning (``x_title`` names the categories).

    Examples
    --------
    >>> ch = bars(table(k=["a", "b"]), x="k", y="1", x_title="k", y_title="v",
    ...           description="bars")
    >>> ch.to_dict()["mark"]["type"]
    'bar'
    """
    ch, fy = _expr_or_field(alt.Chart(_data(rows)), y, rows, "_y")
    order = [r[x] for r in rows]
    cat = (alt.Y if horizontal else alt.X)(f"{x}:N", title=x_title, sort=order,
                                           axis=alt.Axis(labelAngle=0))
    val = (alt.X if horizontal else alt.Y)(f"{fy}:Q", **_axis(y_title, y_domain))
    enc = {"y": cat, "x": val} if horizontal else {"x": cat, "y": val}
    if highlight is not None:
        enc["color"] = alt.condition(f"datum.{x} === {_js(highlight)}",
                                     alt.value(COLORS["alt"]), alt.value(NEUTRAL))
    elif colors:
        enc["color"] = _by_series(alt.Color, x, colors, sort=False, legend=None)
    bar = ch.mark_bar(color=COLORS["data"], clip=True).encode(**enc)
    if not labels:
        return bar.properties(description=description)
    txt = (ch.transform_calculate(_label=f"format(datum.{fy}, {_js(labels)})")
           .mark_text(**({"align": "left", "dx": 3} if horizontal else
                         {"baseline": "bottom", "dy": -3}))
           .encode(x=enc["x"], y=enc["y"], text="_label:N"))
    return alt.layer(bar, txt).properties(description=description)


def residuals(rows, *, prediction, x_title, y_title, description, x="x", y="y",
              x_domain=None, y_domain=None, squares=False, values=False,
              point_label="data", line_label="prediction"):
    """Points, a prediction line and each error, computed in the browser from the controls.

    ``prediction`` is a Vega expression of ``datum.<x>`` (the point's input) and the
    controls, e.g. ``"c"`` (a constant) or ``"m * datum.x + b"``; it is drawn as a line
    across the x range. Each error is a grey segment from the point to the line; with
    ``squares=True`` also a square of side |error| (its area is the squared error: it looks
    square only when both axes have the same scale); with ``values=True`` the squared error
    is written beside the segment.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> ch = residuals(table(x=[0.0, 1.0], y=[1.0, 0.0]), prediction="c", x_title="x",
    ...                y_title="y", description="Two points and a constant", x_domain=(0, 1))
    >>> len(ch.to_dict()["layer"])
    3
    """
    if x_domain is None:
        xs = [r[x] for r in rows]
        x_domain = (min(xs), max(xs))
    data = _data(rows)
    pred = prediction
    base = alt.Chart(data).transform_calculate(_pred=pred, _err=f"({pred}) - datum.{y}",
                                               _lo=f"min(datum.{y}, {pred})",
                                               _hi=f"max(datum.{y}, {pred})")
    ax, ay = _axis(x_title, x_domain), _axis(y_title, y_domain)
    key = _by_series(alt.Color, "_series",
                     {point_label: COLORS["data"], line_label: COLORS["model"]}, title=None)
    layers = []
    if squares:
        layers.append(base.transform_calculate(_x2=f"datum.{x} + abs(datum._err)")
                      .mark_rect(color=COLORS["warn"], opacity=0.3, clip=True)
                      .encode(x=alt.X(f"{x}:Q", **ax), x2="_x2:Q", y=alt.Y("_lo:Q", **ay),
                              y2="_hi:Q")
                      .properties(description="each squared error as a square"))
    layers.append(base.mark_rule(color=NEUTRAL, strokeWidth=_px(1.0), clip=True)
                  .encode(x=alt.X(f"{x}:Q", **ax), y=alt.Y("_lo:Q", **ay), y2="_hi:Q")
                  .properties(description="each error as a vertical segment"))
    if values:
        layers.append(base.transform_filter("abs(datum._err) > 0.05")
                      .transform_calculate(_mid="(datum._lo + datum._hi) / 2",
                                           _label="format(datum._err * datum._err, '.2f')")
                      .mark_text(align="left", dx=5, fontSize=_px(9))
                      .encode(x=alt.X(f"{x}:Q", **ax), y=alt.Y("_mid:Q", **ay), text="_label:N")
                      .properties(description="the squared error beside each segment"))
    lo, hi = x_domain
    layers.append(alt.Chart(alt.sequence(lo, hi + (hi - lo) / 200, (hi - lo) / 100, as_=x))
                  .transform_calculate(_pred=prediction, _series=_js(line_label))
                  .mark_line(clip=True)
                  .encode(x=alt.X(f"{x}:Q", **ax), y=alt.Y("_pred:Q", **ay), color=key)
                  .properties(description=f"the {line_label}"))
    layers.append(alt.Chart(data).transform_calculate(_series=_js(point_label))
                  .mark_point(clip=True)
                  .encode(x=alt.X(f"{x}:Q", **ax), y=alt.Y(f"{y}:Q", **ay), color=key)
                  .properties(description=point_label))
    return alt.layer(*layers).properties(description=description)


def text(expr, *, description, rows=None, where=None, aggregate=None, x=0, y=-6,
         align="left", size=None, color=None):
    """A line of text computed in the browser: a readout such as "MSE = 0.337".

    Parameters
    ----------
    expr : str
        Vega expression giving the text, e.g. ``"'c = ' + format(c, '.2f')"``.
    rows : list of dict, optional
        Data the expression needs; with ``aggregate={"name": ("mean", "expr")}`` the rows
        are first reduced (e.g. the mean of the squared errors) and ``datum.name`` is
        available to ``expr``.
    x, y : float
        Position in pixels from the top-left corner of the panel (``y < 0``: above it).

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> ch = text("'c = ' + format(c, '.1f')", description="the value of c")
    >>> ch.to_dict()["transform"][-1]
    {'calculate': "'c = ' + format(c, '.1f')", 'as': '_text'}
    """
    ch = alt.Chart(_data(rows) if rows is not None else alt.InlineData(values=[{}]))
    if where:
        ch = ch.transform_filter(where)
    if aggregate:
        calcs = {f"_a_{k}": e for k, (_, e) in aggregate.items()}
        ch = ch.transform_calculate(**calcs).transform_aggregate(
            **{k: f"{op}(_a_{k})" for k, (op, _) in aggregate.items()})
    mark = {"align": align, "baseline": "bottom" if y < 0 else "top"}
    if size:
        mark["fontSize"] = size
    if color:
        mark["color"] = color
    return (ch.transform_calculate(_text=expr)
            .mark_text(**mark)
            .encode(text="_text:N", x=alt.value(x), y=alt.value(y))
            .properties(description=description))


def explorer(*panels, params, description, title=None, width=None, height=None):
    """Panels side by side with their controls: the chart to display.

    Parameters
    ----------
    *panels : chart or list of charts
        Each panel is one chart or a list of charts drawn on top of each other.
    params : list of altair.Parameter
        The controls (:func:`slider`, :func:`select`); they appear below the chart.
    description : str
        What the explorer shows and what the controls change (read by screen readers).
    title : str, optional
    width, height : int or list of int, optional
        Size of each panel's plot area in pixels.

    Returns
    -------
    altair.LayerChart or altair.HConcatChart

    Examples
    --------
    >>> c = slider("c", 0, 2, 0.1, 1.0, label="constant c")
    >>> ch = explorer(text("'c = ' + c", description="c"), params=[c], description="c")
    >>> ch.to_dict()["params"][0]["name"]
    'c'
    """
    if not description:
        raise ValueError("explorer needs a description: the text a screen reader announces")
    n = len(panels)
    widths = width if isinstance(width, (list, tuple)) else [width] * n
    heights = height if isinstance(height, (list, tuple)) else [height] * n
    built = []
    for panel, w, h in zip(panels, widths, heights):
        layer = alt.layer(*panel) if isinstance(panel, (list, tuple)) else panel
        props = {k: v for k, v in (("width", w), ("height", h)) if v}
        built.append(layer.properties(**props) if props else layer)
    chart = built[0] if n == 1 else alt.hconcat(*built).resolve_scale(
        color="independent", strokeDash="independent")
    chart = chart.add_params(*params).properties(description=description)
    if title:
        chart = chart.properties(title=title)
    _check_titles(chart.to_dict(validate=False))   # Altair validates again on display
    return chart


def _check_titles(spec):
    """Every x and y encoding must carry a title (Altair's default is the field name)."""
    def walk(node, path):
        if isinstance(node, dict):
            enc = node.get("encoding", {})
            for ch in ("x", "y"):
                if ch in enc and "field" in enc[ch] and "title" not in enc[ch]:
                    raise ValueError(f"the {ch} axis of {path or 'the chart'} has no title; "
                                     "pass x_title/y_title")
            for key in ("layer", "hconcat", "vconcat", "concat"):
                for i, sub in enumerate(node.get(key, [])):
                    walk(sub, f"{path}{key}[{i}]")
    walk(spec, "")
