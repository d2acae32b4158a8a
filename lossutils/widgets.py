"""Build an ipywidgets explorer from a drawing function; it also leaves a static figure.

Usage in a notebook::

    from lossutils.widgets import explorer

    def draw(fig, c=1.0):
        ax = fig.subplots()
        ...                                   # draw the picture for parameter value c

    explorer(draw, c=(0.0, 5.0, 0.1), alt="Targets and the constant prediction c")

The call displays a normal matplotlib figure drawn at the initial values (the static
figure: it is what the HTML book and a reader without a kernel see) and returns the
explorer: the sliders and a picture redrawn on every change. The picture is a PNG inside
an ``HTML`` widget with an ``alt`` text, so the embedded widget state of an executed
notebook shows controls *and* picture on the static HTML page, and screen readers get a
description. The explorer's text form is a fixed string, so strict nbval compares it.
"""

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from IPython.display import Image, display

from .plotting import _STYLE

__all__ = ["explorer", "Explorer", "render_png"]


def _control(name, spec):
    """A widget from a spec: a widget, (min, max, step[, value]) or a list of options."""
    if isinstance(spec, widgets.Widget):
        if not getattr(spec, "description", None):
            spec.description = name
        return spec
    if isinstance(spec, tuple) and len(spec) in (3, 4):
        lo, hi, step = spec[:3]
        value = spec[3] if len(spec) == 4 else lo + step * round((hi - lo) / (2 * step))
        is_int = all(isinstance(v, (int, np.integer)) for v in (lo, hi, step, value))
        cls = widgets.IntSlider if is_int else widgets.FloatSlider
        return cls(min=lo, max=hi, step=step, value=value, description=name,
                   continuous_update=False, style={"description_width": "initial"})
    if isinstance(spec, (list, dict)):
        return widgets.Dropdown(options=spec, description=name)
    if isinstance(spec, bool):
        return widgets.Checkbox(value=spec, description=name)
    raise ValueError(f"control {name!r}: expected a widget, a (min, max, step[, value]) tuple, "
                     f"a list of options or a bool; got {spec!r}")


def render_png(draw, values, *, figsize=None, dpi=80):
    """Draw ``draw(fig, **values)`` on a fresh off-screen figure and return PNG bytes."""
    return _render(draw, values, figsize=figsize, dpi=dpi)[0]


def _render(draw, values, *, figsize=None, dpi=80, positions=None):
    """Render to PNG; return ``(png_bytes, axes_positions)``.

    Without ``positions`` the figure uses constrained layout, which measures every label to
    place the axes; that is about half the cost of a redraw. An explorer does it once and
    passes the resulting axes positions back in for later redraws (when ``draw`` makes the
    same number of axes), so moving a slider skips the layout pass.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=figsize or _STYLE["figure.figsize"],
                     layout="constrained" if positions is None else None)
        draw(fig, **values)
        axes = fig.get_axes()
        if positions is not None:
            if len(axes) == len(positions):
                for ax, pos in zip(axes, positions):
                    ax.set_position(pos)
            else:  # a different set of axes this time: lay it out afresh
                fig.set_layout_engine("constrained")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue(), [ax.get_position(original=True) for ax in axes]


class Explorer(widgets.VBox):
    """Sliders (or other controls) above a picture that ``draw`` redraws on every change."""

    def __init__(self, draw, controls, *, alt, figsize=None, dpi=80):
        self._draw, self._alt, self._figsize, self._dpi = draw, alt, figsize, dpi
        self._positions = None  # axes positions from the first (laid-out) render
        self.controls = {name: _control(name, spec) for name, spec in controls.items()}
        self.picture = widgets.HTML()
        super().__init__([widgets.HBox(list(self.controls.values()),
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          self.picture])
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def update(self, change=None):
        """Redraw the picture for the current control values."""
        values = self.values
        png, positions = _render(self._draw, values, figsize=self._figsize, dpi=self._dpi,
                                 positions=self._positions)
        if self._positions is None:
            self._positions = positions
        alt = self._alt(**values) if callable(self._alt) else self._alt
        data = base64.b64encode(png).decode("ascii")
        self.picture.value = (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
                              'style="max-width:100%;height:auto">')

    def __repr__(self):
        # Stable text form (no ids, no image bytes) so strict nbval can compare it.
        return f"Explorer({', '.join(self.controls)})"


def explorer(draw, *, alt, figsize=None, static=True, **controls):
    """Show the static figure of ``draw`` at the initial control values; return the explorer.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on an empty matplotlib ``Figure``.
    alt : str or callable
        Text alternative for the picture; a callable receives the control values.
    figsize : tuple, optional
    static : bool, default True
        Also display a plain figure at the initial values (the page's static fallback).
    **controls
        ``name=(min, max, step)`` or ``(min, max, step, value)`` for a slider, a list for a
        dropdown, a bool for a checkbox, or any ipywidgets control.
    """
    ui = Explorer(draw, controls, alt=alt, figsize=figsize)
    if static:
        display(Image(render_png(draw, ui.values, figsize=figsize, dpi=100)))
    return ui
