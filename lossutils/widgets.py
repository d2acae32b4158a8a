"""ipywidgets for the book: the reader-loss playground.

The playground is the one place where the book needs a kernel: it runs the reader's own
Python loss on every change. ::

    import lossutils as lu
    from lossutils import widgets

    def my_loss(y_true, y_pred): ...          # the mean over examples
    def my_loss_grad(y_true, y_pred): ...     # its gradient w.r.t. y_pred

    widgets.playground(my_loss, my_loss_grad, task="line", reference=lu.mse)

shows gradient descent fitting a line (or, with ``task="classifier"``, a linear classifier)
with the reader's loss, beside the same descent with a lossutils loss, under sliders for
the learning rate and the number of steps. Its output carries the live widget *and* a
static ``text/html`` fallback (the picture at the starting values, with alt text, and a note
that the sliders need JupyterLab or Binder): the HTML book (with the widget view ranked below
``text/html``), an untrusted notebook in JupyterLab and a code host show the fallback, which
holds no control. Widget model ids follow creation order, so re-running an unchanged
notebook writes the same file.

The book's explorers, which need no kernel, are Vega-Lite charts: see :mod:`lossutils.charts`.
"""

import base64
import contextlib
import hashlib
import html
import io
import itertools
import warnings

import ipywidgets as widgets
import numpy as np

from .plotting import _STYLE

__all__ = ["playground", "Playground"]


def _render_png(draw, *, figsize, dpi):
    """PNG bytes of ``draw(fig)`` on a fresh off-screen figure in the book's style."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=figsize, layout="constrained")
        draw(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


_ID_COUNTER = itertools.count()
_ID_DEPTH = [0]


def _next_model_id():
    """A widget model id derived from creation order: the n-th widget of this process
    always gets the same id, so re-running an unchanged notebook gives the same file."""
    n = next(_ID_COUNTER)
    return hashlib.sha256(f"lossutils.widgets:{n}".encode()).hexdigest()[:32]


@contextlib.contextmanager
def _ordered_model_ids():
    """Give every widget created inside this block a model id from :func:`_next_model_id`.

    ipywidgets opens one comm per widget (and per ``Layout`` and ``Style``) with a random
    ``uuid4`` id, which nbformat then writes into the outputs: a refresh with no change
    would rewrite them. Wrapping ``comm.create_comm`` for the duration of the block
    supplies the id instead.
    """
    import comm

    if _ID_DEPTH[0]:
        yield
        return
    original = comm.create_comm

    def create_comm(*args, **kwargs):
        if kwargs.get("target_name") == "jupyter.widget" and not kwargs.get("comm_id"):
            kwargs["comm_id"] = _next_model_id()
        return original(*args, **kwargs)

    comm.create_comm = create_comm
    _ID_DEPTH[0] += 1
    try:
        yield
    finally:
        _ID_DEPTH[0] -= 1
        comm.create_comm = original


_KERNEL_NOTE = ("The sliders of this playground run your Python functions, so they need a "
                "running kernel: open this notebook in JupyterLab or on Binder and run the cell "
                "to change the learning rate and the number of steps.")


def _describe(fn):
    name = getattr(fn, "name", None) or getattr(fn, "__name__", None) or type(fn).__name__
    return "your function" if name == "<lambda>" else str(name)


class _Descent:
    """Gradient descent on a linear model with a (value, gradient) pair of loss functions.

    The model is ``scores = X @ w + b``; ``grad(y, scores)`` is dL/dscores (the gradient of
    the mean, shaped like the scores), so by the chain rule dL/dw = X^T g and dL/db = sum(g).
    """

    def __init__(self, X, y, loss, grad):
        self.X, self.y, self.loss, self.grad = X, y, loss, grad

    def value_and_grad(self, theta):
        w, b = theta[:-1], theta[-1]
        scores = self.X @ w + b
        value = float(np.asarray(self.loss(self.y, scores), dtype=np.float64))
        g = np.asarray(self.grad(self.y, scores), dtype=np.float64)
        if g.shape != scores.shape:
            raise ValueError(f"the gradient has shape {g.shape}; it must have the shape of "
                             f"the predictions, {scores.shape}")
        return value, np.append(self.X.T @ g, g.sum())

    def run(self, lr, steps):
        """``(thetas, losses, problem)``: the path up to the last finite step, and a message
        when the descent could not go on (an exception in the reader's code, divergence)."""
        from .models import gradient_descent

        theta0 = np.zeros(self.X.shape[1] + 1)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                trace = gradient_descent(self.value_and_grad, theta0, lr=lr, steps=steps)
            except Exception as exc:  # noqa: BLE001  the reader's functions may raise anything
                text = str(exc).strip()
                return (theta0[None, :], np.array([np.nan]),
                        f"raised {type(exc).__name__}{': ' + text if text else ''}")
        thetas, losses = trace.theta, trace.loss
        finite = np.isfinite(losses) & np.all(np.isfinite(thetas), axis=1) & (
            np.max(np.abs(thetas), axis=1) < 1e8)
        if not finite.all():
            last = int(np.argmin(finite))
            return (thetas[:max(last, 1)], losses[:max(last, 1)],
                    f"diverged at step {last}: lower the learning rate")
        return thetas, losses, ""


class Playground(widgets.VBox):
    """Gradient descent with your loss beside a lossutils loss, with learning-rate and
    step-count controls. See :func:`playground`."""

    def __init__(self, loss, grad, *, task="line", reference=None, data=None, lr=0.1,
                 steps=100, alt=None, **reference_options):
        from . import data as lu_data
        from . import losses as lu_losses

        if task not in ("line", "classifier"):
            raise ValueError(f"task must be 'line' or 'classifier'; got {task!r}")
        if not callable(loss) or not callable(grad):
            raise ValueError("playground(loss, grad) needs two functions: the loss "
                             "loss(y_true, prediction) and its gradient grad(y_true, prediction)")
        if reference is None:
            reference = lu_losses.mse if task == "line" else lu_losses.hinge
        if not callable(getattr(reference, "grad", None)):
            raise ValueError(f"reference must be a lossutils loss with a .grad (such as "
                             f"lossutils.mse); got {reference!r}")
        if not lr > 0:
            raise ValueError(f"lr must be > 0; got {lr!r}")
        self.task, self.reference = task, reference
        self._alt = alt
        self.reference_name = getattr(reference, "name", "reference")
        self.loss_name = _describe(loss)
        if task == "line":
            if data is None:
                d = lu_data.line_with_outliers(30, n_outliers=2, shift=15.0,
                                               x_range=(-2.0, 2.0), seed=3)
                data = (d.x, d.y)
            x, y = (np.asarray(a, dtype=np.float64) for a in data)
            if x.ndim != 1 or x.shape != y.shape:
                raise ValueError(f"data must be (x, y), two arrays of shape (n,); got shapes "
                                 f"{x.shape} and {y.shape}")
            self.X, self.y = x[:, None], y
            self.y_model = y
        else:
            if data is None:
                d = lu_data.blobs(30, k=2, spread=1.0, distance=1.6, seed=4)
                data = (d.X, d.y)
            X, y = np.asarray(data[0], dtype=np.float64), np.asarray(data[1])
            if X.ndim != 2 or X.shape[1] != 2 or y.shape != (X.shape[0],):
                raise ValueError(f"data must be (X, y) with X of shape (n, 2) and labels of "
                                 f"shape (n,); got shapes {X.shape} and {y.shape}")
            self.X, self.y = X, y
            # Labels as the reference expects them: 0/1 for the cross-entropies, else -1/+1.
            zero_one = "entropy" in self.reference_name
            positive = y == np.max(y)
            self.y_model = np.where(positive, 1.0, 0.0 if zero_one else -1.0)
        self.yours = _Descent(self.X, self.y_model, loss, grad)
        ref_opts = dict(reference_options)
        self.ours = _Descent(self.X, self.y_model,
                             lambda yt, s: reference(yt, s, **ref_opts),
                             lambda yt, s: reference.grad(yt, s, **ref_opts))
        self._last = None            # ((lr, steps, dpi), (img, lines)) of the last drawing
        with _ordered_model_ids():
            self.lr = widgets.FloatLogSlider(
                value=lr, base=10, min=-3, max=0.5, step=0.05, description="learning rate",
                readout_format=".3g", continuous_update=False,
                style={"description_width": "initial"})
            self.steps = widgets.IntSlider(
                value=steps, min=0, max=1000, step=10, description="steps",
                continuous_update=False, style={"description_width": "initial"})
            self.picture = widgets.HTML()
            self.readout = widgets.HTML()
            super().__init__([widgets.HBox([self.lr, self.steps],
                                           layout=widgets.Layout(flex_flow="row wrap")),
                              self.picture, self.readout])
        self.lr.observe(self.update, names="value")
        self.steps.observe(self.update, names="value")
        self.update()

    # -- computing and drawing --------------------------------------------------------

    def _fits(self, lr, steps):
        return self.yours.run(lr, steps), self.ours.run(lr, steps)

    def _summary(self, label, fit):
        thetas, losses, problem = fit
        w, b = thetas[-1][:-1], thetas[-1][-1]
        if self.task == "line":
            params = f"w = {w[0]:.3f}, b = {b:.3f}"
        else:
            params = f"w = ({w[0]:.3f}, {w[1]:.3f}), b = {b:.3f}"
        if problem:
            return f"{label}: {problem}"
        return f"{label}: {params}, loss {losses[-1]:.4f} after {len(losses) - 1} steps"

    def _alt_text(self, lr, steps, mine, ref):
        if callable(self._alt):
            return self._alt(lr=lr, steps=steps)
        if self._alt:
            return self._alt
        what = ("the data with the line fitted by each loss" if self.task == "line" else
                "the two classes with the decision boundary of each loss")
        return (f"Gradient descent with learning rate {lr:.3g} for {steps} steps. Left: "
                f"{what}. Right: each training loss relative to its start. "
                f"{self._summary('Your loss', mine)}. "
                f"{self._summary('lossutils ' + self.reference_name, ref)}.")

    def _draw(self, fig, lr, steps, mine, ref):
        from .plotting import COLORS

        ax_fit, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1.0]})
        fits = [("your loss", mine, COLORS["model"], "-"),
                (f"lossutils {self.reference_name}", ref, COLORS["alt"], "--")]
        if self.task == "line":
            x, y = self.X[:, 0], self.y
            ax_fit.scatter(x, y, s=18, color=COLORS["data"], zorder=3, label="data")
            grid = np.linspace(x.min(), x.max(), 50)
            for label, (thetas, _, _), color, dash in fits:
                w, b = np.round(thetas[-1], 6)
                ax_fit.plot(grid, w * grid + b, dash, color=color, label=label)
            ax_fit.set_xlabel("x")
            ax_fit.set_ylabel("y")
            ax_fit.set_ylim(y.min() - 0.1 * np.ptp(y), y.max() + 0.1 * np.ptp(y))
        else:
            X, pos = self.X, self.y_model == 1
            ax_fit.scatter(X[pos, 0], X[pos, 1], s=18, color=COLORS["data"], marker="o",
                           label="class +1" if not np.any(self.y_model == 0) else "class 1")
            ax_fit.scatter(X[~pos, 0], X[~pos, 1], s=22, color=COLORS["warn"], marker="^",
                           label="class -1" if not np.any(self.y_model == 0) else "class 0")
            x0 = np.linspace(X[:, 0].min(), X[:, 0].max(), 50)
            for label, (thetas, _, _), color, dash in fits:
                w1, w2, b = np.round(thetas[-1], 6)
                if abs(w2) > 1e-9:   # the boundary w1 x1 + w2 x2 + b = 0
                    ax_fit.plot(x0, -(w1 * x0 + b) / w2, dash, color=color, label=label)
            pad = 0.5
            ax_fit.set_xlim(X[:, 0].min() - pad, X[:, 0].max() + pad)
            ax_fit.set_ylim(X[:, 1].min() - pad, X[:, 1].max() + pad)
            ax_fit.set_xlabel("x1")
            ax_fit.set_ylabel("x2")
        # One legend above both panels: inside the axes it would hide points.
        handles, labels = ax_fit.get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside upper center", ncol=len(labels), fontsize=9)
        top = 1.05
        for label, (_, losses, _), color, dash in fits:
            if losses.size and np.isfinite(losses[0]) and losses[0] > 0:
                rel = np.round(losses / losses[0], 6)
                top = max(top, min(float(np.max(rel)) * 1.05, 2.0))
                ax_loss.plot(np.arange(rel.size), rel, dash, color=color, label=label)
        ax_loss.set_ylim(0.0, top)
        ax_loss.set_xlabel("step")
        ax_loss.set_ylabel("loss / loss at step 0")
        ax_loss.set_title(f"learning rate {lr:.3g}", fontsize=10)

    def _picture(self, lr, steps, *, dpi=80):
        key = (float(lr), int(steps), dpi)
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        mine, ref = self._fits(lr, steps)
        png = _render_png(lambda fig: self._draw(fig, lr, steps, mine, ref),
                          figsize=(8.0, 3.4), dpi=dpi)
        alt = self._alt_text(lr, steps, mine, ref)
        data = base64.b64encode(png).decode("ascii")
        img = (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
               'style="max-width:100%;height:auto">')
        lines = [self._summary("Your loss", mine),
                 self._summary(f"lossutils {self.reference_name}", ref)]
        self._last = (key, (img, lines))
        return img, lines

    def update(self, change=None):
        """Re-run both descents for the current controls and redraw."""
        img, lines = self._picture(self.lr.value, self.steps.value)
        self.picture.value = img
        self.readout.value = "<br>".join(html.escape(line) for line in lines)

    # -- display ----------------------------------------------------------------------

    def static_html(self):
        """The page's fallback: the picture at the current settings, its summary and a note
        that the controls need a kernel. It contains no control."""
        img, lines = self._picture(self.lr.value, self.steps.value)
        summary = "<br>".join(html.escape(line) for line in lines)
        # Dark text on white, set here: the picture is white in both of the book's modes, and
        # the theme's dark-mode caption colour is unreadable on it.
        return (f'<figure class="lossutils-playground" style="background: #ffffff; '
                f'color: #222222; padding: 0.5em; margin: 0">{img}<figcaption style="color: #222222">'
                f"The result at learning rate {self.lr.value:.3g} and {self.steps.value} "
                f"steps.<br>{summary}"
                f"<br><em>{html.escape(_KERNEL_NOTE)}</em></figcaption></figure>")

    def _repr_mimebundle_(self, **kwargs):
        # The widget view for a live kernel, and a static fallback for every viewer that has
        # no kernel (the HTML book, an untrusted notebook in JupyterLab, a code host).
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = self.static_html()
        return bundle

    def __repr__(self):
        # Stable text form (no ids, no image bytes) so strict nbval can compare it.
        return (f"Playground(task={self.task!r}, your loss vs lossutils "
                f"{self.reference_name}, lr={self.lr.value:.3g}, steps={self.steps.value})")


def playground(loss, grad, *, task="line", reference=None, data=None, lr=0.1, steps=100,
               alt=None, **reference_options):
    r"""Gradient descent with your own loss, beside the same descent with a lossutils loss.

    A linear model (a line :math:`\hat y = w x + b`, or a linear classifier with scores
    :math:`s = w \cdot x + b`) starts at zero and follows
    :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)`, with :math:`L` your ``loss``
    and :math:`\partial L / \partial \text{prediction}` your ``grad`` (the chain rule adds
    the model's part). The picture shows the fit and the training curves for your loss and
    for ``reference``; sliders set the learning rate :math:`\eta` and the number of steps.

    Parameters
    ----------
    loss : callable
        ``loss(y_true, prediction) -> float``: the mean over examples (the signature of the
        exercises, e.g. ``mse(y_true, y_pred)`` or ``hinge(y_pm1, scores)``).
    grad : callable
        ``grad(y_true, prediction) -> array`` shaped like ``prediction``: the gradient of
        the mean, e.g. ``mse_grad``. For a loss with an option use a lambda, e.g.
        ``lambda y, p: my_huber_grad(y, p, 1.0)``.
    task : {"line", "classifier"}
        ``"line"``: a line fitted to 30 points, two of them outliers (or ``data=(x, y)``).
        ``"classifier"``: a linear classifier of two overlapping 2-D classes (or
        ``data=(X, labels)``), with labels -1/+1, or 0/1 when the reference is a
        cross-entropy.
    reference : lossutils loss, optional
        The loss to compare with: ``lossutils.mse`` for a line, ``lossutils.hinge`` for a
        classifier by default. ``**reference_options`` are passed to it (e.g. ``delta=1.0``).
    lr, steps : float, int
        The starting values of the controls.
    alt : str or callable, optional
        A text alternative for the picture (a callable receives ``lr`` and ``steps``);
        by default one that states both fits.

    Returns
    -------
    Playground
        An ipywidgets box. Its display carries the live widget (with a kernel) and a static
        ``text/html`` fallback: the picture at the starting values and a note that the
        controls run in JupyterLab or on Binder. An exception raised by your functions or a
        diverging descent is reported under the picture, never raised.

    Examples
    --------
    >>> import numpy as np
    >>> pg = playground(lambda y, p: np.mean((p - y) ** 2),
    ...                 lambda y, p: 2 * (p - y) / y.size, steps=50)
    >>> pg
    Playground(task='line', your loss vs lossutils mse, lr=0.1, steps=50)
    """
    return Playground(loss, grad, task=task, reference=reference, data=data, lr=lr,
                      steps=steps, alt=alt, **reference_options)
