"""The book's figure style (lossutils.plotting) and the widgets' pictures drawn in it."""

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lossutils import plotting  # noqa: E402
from lossutils.widgets import playground  # noqa: E402

# Transparent, grid-less settings to start from, so that no check passes by default.
TRANSPARENT = {"figure.facecolor": "none", "savefig.facecolor": "none",
               "savefig.transparent": True, "axes.facecolor": "none", "axes.grid": False}


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    return buf.getvalue()


def _is_opaque(png):
    img = mpimg.imread(io.BytesIO(png))
    return img.shape[2] == 3 or img[..., 3].min() == 1.0


def _small_figure():
    fig = Figure(figsize=(2.0, 1.5))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    return fig, ax


def test_the_book_style_gives_opaque_figures_with_a_grid():
    with matplotlib.rc_context(TRANSPARENT):
        fig, ax = _small_figure()
        # The starting point really is transparent and grid-less...
        assert not _is_opaque(_png(fig))
        assert not any(line.get_visible() for line in ax.xaxis.get_gridlines())
        # ...and the book's style changes both: readable on a dark page.
        plotting.use_book_style()
        assert matplotlib.rcParams["savefig.transparent"] is False
        fig, ax = _small_figure()
        assert _is_opaque(_png(fig))
        assert all(line.get_visible() for line in ax.xaxis.get_gridlines())


def test_the_playground_picture_is_drawn_in_the_book_style():
    # Whatever the notebook's own matplotlib settings, the playground draws in the book's.
    with matplotlib.rc_context(TRANSPARENT):
        pg = playground(lambda y, p: np.mean((p - y) ** 2), lambda y, p: 2 * (p - y) / y.size,
                        steps=5)
        data = re.search(r'src="data:image/png;base64,([^"]+)"', pg.picture.value).group(1)
        assert _is_opaque(base64.b64decode(data))
