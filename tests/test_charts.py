"""lossutils.charts: the theme, the building blocks and what their specs promise."""

import json
import subprocess
import sys

import numpy as np
import pytest

alt = pytest.importorskip("altair")

from lossutils import charts  # noqa: E402
from lossutils.plotting import _STYLE, COLORS  # noqa: E402


def test_theme_is_enabled_and_uses_the_plotting_colours():
    assert alt.theme.active == charts.THEME
    config = alt.Chart().mark_point().to_dict()["config"]
    cycle = [c.lower() for c in _STYLE["axes.prop_cycle"].by_key()["color"]]
    assert [c.lower() for c in config["range"]["category"]] == cycle
    assert set(config["range"]["category"]) <= set(COLORS.values())
    assert config["background"] == _STYLE["figure.facecolor"]
    assert config["axis"]["gridColor"] == _STYLE["grid.color"]


def test_renderer_writes_the_vega_lite_5_mime_type():
    assert alt.renderers.active == "mimetype"
    bundle = alt.Chart(alt.InlineData(values=[{"a": 1}])).mark_point().encode(x="a:Q")
    assert "application/vnd.vegalite.v5+json" in bundle._repr_mimebundle_()[0]


def test_slider_and_select_are_bound_params_with_a_label():
    s = charts.slider("m", -1.0, 1.0, 0.1, 0.0, label="slope m").param.to_dict()
    assert s == {"name": "m", "value": 0.0,
                 "bind": {"input": "range", "min": -1.0, "max": 1.0, "step": 0.1,
                          "name": "slope m"}}
    p = charts.select("fit", ["L1", "L2"], "L1", label="loss").param.to_dict()
    assert p["bind"]["input"] == "select" and p["bind"]["name"] == "loss"
    with pytest.raises(ValueError, match="outside"):
        charts.slider("m", 0, 1, 0.1, 2, label="m")
    with pytest.raises(ValueError, match="not one of"):
        charts.select("fit", ["L1"], "L2", label="loss")


def _blocks():
    rows = charts.table(x=[0.0, 1.0, 2.0], y=[1.0, 0.5, 2.0])
    grid = charts.table(k=[1, 2], t=[[0, 1], [0, 1]], v=[[0, 1], [0, 2]], name="a")
    titles = {"x_title": "input x", "y_title": "target y"}
    return {
        "curves": charts.curves({"e^2": "datum.e * datum.e", "|e|": "abs(datum.e)"},
                                over=("e", -1, 1, 0.1), description="two penalties", **titles),
        "grid_curves": charts.grid_curves(grid, where="datum.k == 1", x="t", y="v",
                                          series="name", colors={"a": COLORS["data"]},
                                          description="one curve per k", **titles),
        "points": charts.points(rows, x="x", y="y", description="three points", **titles),
        "lines": charts.lines(None, slope="m", intercept="b", x_range=(0, 2),
                              description="a line", **titles),
        "bars": charts.bars(charts.table(k=["a", "b"]), x="k", y="1",
                            description="two bars", **titles),
        "residuals": charts.residuals(rows, prediction="c", description="errors", **titles),
    }


@pytest.mark.parametrize("name", list(_blocks()))
def test_every_block_has_a_description_and_titled_axes(name):
    spec = _blocks()[name].to_dict()
    assert spec["description"]
    checked = []

    def walk(node):
        for ch in ("x", "y"):
            enc = node.get("encoding", {}).get(ch)
            if enc and "field" in enc:
                assert enc.get("title"), (name, ch, enc)
                checked.append(ch)
        for sub in node.get("layer", []):
            walk(sub)

    walk(spec)
    assert {"x", "y"} <= set(checked)


def test_explorer_requires_a_description_and_axis_titles():
    c = charts.slider("c", 0, 1, 0.1, 0.5, label="constant c")
    with pytest.raises(ValueError, match="description"):
        charts.explorer(charts.text("'c'", description="c"), params=[c], description="")
    untitled = alt.Chart(alt.InlineData(values=[{"a": 1}])).mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="no title"):
        charts.explorer(untitled, params=[c], description="a point")


def _numbers(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _numbers(v)
    elif isinstance(node, list):
        for v in node:
            yield from _numbers(v)
    elif isinstance(node, float):
        yield node


def test_floats_in_a_spec_are_rounded_and_data_is_stored_once():
    x = np.linspace(0, 1, 7)
    rows = charts.table(x=x, y=np.sqrt(2) * x)
    c = charts.slider("c", 0, 1, 0.1, 0.5, label="constant c")
    chart = charts.explorer(
        charts.residuals(rows, prediction="c * datum.x", x_title="x", y_title="y",
                         description="points and a line"),
        params=[c], description="points, a line and their errors")
    spec = chart.to_dict()
    data = spec["datasets"]
    values = list(_numbers(data))
    assert len(values) >= 10
    assert all(float(f"{v:.4g}") == v for v in values)
    assert rows in data.values()
    assert sum(v == rows for v in data.values()) == 1     # the points are stored once
    assert json.dumps(spec, sort_keys=True) == json.dumps(chart.to_dict(), sort_keys=True)


def test_table_refuses_ragged_or_non_finite_columns():
    with pytest.raises(ValueError, match="same length"):
        charts.table(x=[1, 2], y=[1])
    with pytest.raises(ValueError, match="finite"):
        charts.table(x=[1.0, np.nan])


def test_import_lossutils_does_not_import_altair():
    code = "import sys, lossutils; print('altair' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def test_refresh_merges_split_stream_outputs():
    # tools/refresh_notebooks.py: printed text arrives in chunks; one output per stream name
    import importlib.util
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parents[1] / "tools" / "refresh_notebooks.py"
    spec = importlib.util.spec_from_file_location("refresh_notebooks", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [out("stream", name="stdout", text="1\n"),
                    out("stream", name="stdout", text="2\n"),
                    out("stream", name="stderr", text="w\n"),
                    out("stream", name="stdout", text="3\n")]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb = tool.normalise(nbformat.v4.new_notebook(cells=[cell]))
    assert [(o.name, o.text) for o in nb.cells[0].outputs] == [
        ("stdout", "1\n2\n"), ("stderr", "w\n"), ("stdout", "3\n")]
    assert "execution" not in nb.cells[0].metadata


def test_fast_altair_import_leaves_rfc3987_syntax_importable():
    """lossutils.charts skips jsonschema's slow optional IRI checker while Altair imports
    (see charts._import_altair); afterwards the package imports as usual, and charts still
    validate against the Vega-Lite schema."""
    import subprocess
    import sys

    code = ("import sys; from lossutils import charts; "
            "assert 'rfc3987_syntax' not in sys.modules; "
            "import rfc3987_syntax; "
            "c = charts.slider('c', 0, 1, 0.1, 0.5, label='c'); "
            "charts.explorer(charts.text(\"'c = ' + c\", description='c'), params=[c], "
            "description='c').to_dict(validate=True); print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]
