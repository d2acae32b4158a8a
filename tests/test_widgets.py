"""The explorer: controls, a picture with alt text that follows the controls, a stable repr."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import pytest  # noqa: E402

from lossutils import plotting  # noqa: E402
from lossutils.widgets import Explorer, explorer, render_png  # noqa: E402

calls = []


def draw(fig, a=1.0, n=2):
    calls.append((a, n))
    ax = fig.subplots()
    ax.plot([0, 1], [0, a * n])


def test_explorer_builds_controls_and_picture():
    ui = Explorer(draw, {"a": (0.0, 2.0, 0.5, 1.5), "n": (1, 5, 1)}, alt="a line")
    assert isinstance(ui.controls["a"], widgets.FloatSlider) and ui.controls["a"].value == 1.5
    assert isinstance(ui.controls["n"], widgets.IntSlider) and ui.controls["n"].value == 3
    assert ui.picture.value.startswith('<img src="data:image/png;base64,')
    assert 'alt="a line"' in ui.picture.value
    assert repr(ui) == "Explorer(a, n)"


def test_picture_follows_the_controls_and_alt_can_depend_on_values():
    ui = Explorer(draw, {"a": (0.0, 2.0, 0.5, 1.0)}, alt=lambda a: f"slope {a:.1f} & more")
    before = ui.picture.value
    ui.controls["a"].value = 2.0
    assert calls[-1] == (2.0, 2)
    assert ui.picture.value != before and 'alt="slope 2.0 &amp; more"' in ui.picture.value


def test_explorer_displays_a_static_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("lossutils.widgets.display", shown.append)
    ui = explorer(draw, a=(0.0, 1.0, 0.1, 0.3), alt="x")
    assert len(shown) == 1 and shown[0].data[:4] == b"\x89PNG"
    assert isinstance(ui, Explorer)


def test_bad_control_spec_is_rejected():
    with pytest.raises(ValueError, match="control 'a'"):
        Explorer(draw, {"a": "fast"}, alt="x")


def test_figures_have_an_opaque_background():
    import io

    import matplotlib.image as mpimg

    # Start from transparent, grid-less settings, so that neither check passes by default.
    transparent = {"figure.facecolor": "none", "savefig.facecolor": "none",
                   "savefig.transparent": True, "axes.facecolor": "none", "axes.grid": False}
    with matplotlib.rc_context(transparent):
        img = mpimg.imread(io.BytesIO(render_png(draw, {"a": 1.0, "n": 1})))
        assert img.shape[2] == 3 or img[..., 3].min() == 1.0      # no transparent pixels
        plotting.use_book_style()
        assert matplotlib.rcParams["figure.facecolor"] == "white"
        assert matplotlib.rcParams["savefig.transparent"] is False
        assert matplotlib.rcParams["axes.grid"] is True
