"""The book's matplotlib figure style, and the residual plot that several chapters draw.

Figures have an opaque white background and a colour-blind-safe palette, so they stay
readable when the book is switched to dark mode. Importing this module imports matplotlib.
"""

import matplotlib as mpl
import numpy as np

__all__ = ["COLORS", "use_book_style", "plot_residuals"]

#: Okabe-Ito colour-blind-safe palette, by role.
COLORS = {
    "data": "#0072B2",      # blue
    "model": "#D55E00",     # vermillion
    "alt": "#009E73",       # bluish green
    "accent": "#CC79A7",    # reddish purple
    "warn": "#E69F00",      # orange
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#555555",
}

_STYLE = {
    "figure.facecolor": "white",      # opaque: readable on a dark page
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#222222",
    "text.color": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=[COLORS[c] for c in
                                         ("data", "model", "alt", "accent", "warn", "sky")]),
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "image.cmap": "viridis",
}


def use_book_style():
    """Apply the book's matplotlib style (call once at the top of a notebook)."""
    mpl.rcParams.update(_STYLE)


def plot_residuals(ax, x, y_true, y_pred, *, squares=False, label_points="data",
                   label_model="model"):
    """Targets as dots, predictions as a line, and each residual as a vertical segment.

    With ``squares=True`` each residual is also drawn as a square of side |error| (in data
    units, so squares look square only when both axes share a scale): the area is the
    point's squared error.
    """
    x, y_true, y_pred = (np.asarray(a, dtype=float) for a in (x, y_true, y_pred))
    order = np.argsort(x)
    ax.plot(x[order], y_pred[order], color=COLORS["model"], label=label_model, zorder=2)
    ax.vlines(x, y_true, y_pred, color=COLORS["grey"], linewidth=1, zorder=1, label="error")
    ax.scatter(x, y_true, color=COLORS["data"], zorder=3, label=label_points)
    if squares:
        from matplotlib.patches import Rectangle

        for xi, yi, pi in zip(x, y_true, y_pred):
            e = pi - yi
            ax.add_patch(Rectangle((xi, min(yi, pi)), abs(e), abs(e), alpha=0.18,
                                   color=COLORS["warn"], zorder=0))
    return ax
