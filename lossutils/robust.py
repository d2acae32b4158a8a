r"""Fitting a straight line :math:`\hat y = a x + b` under the L2, L1 and Huber losses.

* :func:`least_squares_line` minimises :math:`\sum_i (y_i - a x_i - b)^2` (closed form);
* :func:`least_absolute_deviations_line` minimises :math:`\sum_i |y_i - a x_i - b|`;
* :func:`huber_line` minimises :math:`\sum_i \rho_\delta(y_i - a x_i - b)`, the Huber loss.

The last two have no closed form. Both start with iteratively reweighted least squares
(IRLS): each step solves a *weighted* least-squares problem whose weights
:math:`w_i = \psi(r_i) / r_i` come from the current residuals :math:`r_i` and the loss's
derivative :math:`\psi`. A point with a large residual gets a small weight, which is how the
L1 and Huber fits ignore outliers. Each step is a weighted mean and a weighted slope, so it
is fast; but IRLS only creeps towards an L1-like answer, so each fit finishes exactly: the L1
fit with weighted medians, the Huber fit by solving the piecewise-linear equation for its
slope. A fit of a few hundred points takes about a millisecond.

Only numpy is used.
"""

from typing import NamedTuple

import numpy as np

__all__ = ["Line", "least_squares_line", "least_absolute_deviations_line", "huber_line",
           "sum_abs_residuals"]


class Line(NamedTuple):
    """A fitted line ``y = slope * x + intercept`` and the number of iterations it took.

    ``n_iter`` is 0 for the closed-form least-squares fit. Call the line to predict:
    ``line(x)`` returns ``slope * x + intercept``.
    """

    slope: float
    intercept: float
    n_iter: int = 0

    def __call__(self, x):
        return self.slope * np.asarray(x, dtype=np.float64) + self.intercept


def _xy(x, y):
    """Validate a 1-D data set for a line fit; return float64 copies."""
    out = []
    for arr, name in ((x, "x"), (y, "y")):
        try:
            a = np.asarray(arr, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numeric array-like; got {type(arr).__name__}: "
                             f"{exc}") from None
        if a.ndim != 1:
            hint = f"; use {name}.ravel()" if a.ndim == 2 and 1 in a.shape else ""
            raise ValueError(f"{name} must be 1-D with shape (n,); got shape {a.shape}{hint}")
        if not np.isfinite(a).all():
            raise ValueError(f"{name} contains a non-finite value; a line fit needs finite data")
        out.append(a)
    x, y = out
    if x.shape != y.shape:
        raise ValueError(f"x has shape {x.shape} but y has shape {y.shape}; "
                         "they need one y per x")
    if x.size < 2 or np.ptp(x) == 0:
        raise ValueError("a line fit needs at least two distinct x values; got "
                         f"{x.size} point(s) with {np.unique(x).size} distinct x value(s)")
    return x, y


def _weighted_line(x, y, w):
    """Minimise sum_i w_i (y_i - a x_i - b)^2: the weighted normal equations, solved directly."""
    sw = w.sum()
    xm, ym = (w @ x) / sw, (w @ y) / sw          # weighted means
    dx = x - xm
    slope = (w * dx) @ (y - ym) / ((w * dx) @ dx)
    return slope, ym - slope * xm


def least_squares_line(x, y):
    r"""Ordinary least squares line (the L2 fit), in closed form.

    .. math::

        (\hat a, \hat b) = \arg\min_{a, b} \sum_{i=1}^n (y_i - a x_i - b)^2, \qquad
        \hat a = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}{\sum_i (x_i - \bar x)^2}, \quad
        \hat b = \bar y - \hat a \bar x .

    Parameters
    ----------
    x, y : array-like, shape (n,)
        Inputs and targets; at least two distinct ``x`` values.

    Returns
    -------
    Line
        ``slope``, ``intercept`` and ``n_iter=0``.

    Examples
    --------
    >>> fit = least_squares_line([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> round(fit.slope, 6), round(fit.intercept, 6)
    (2.0, 1.0)
    """
    x, y = _xy(x, y)
    slope, intercept = _weighted_line(x, y, np.ones_like(x))
    return Line(float(slope), float(intercept), 0)


def _irls(x, y, weights, max_iter, tol):
    """Iteratively reweighted least squares, started from the least-squares line."""
    if int(max_iter) < 1:
        raise ValueError(f"max_iter must be >= 1; got {max_iter}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0; got {tol}")
    slope, intercept = _weighted_line(x, y, np.ones_like(x))
    scale = np.abs(y).max() + np.abs(x).max() + 1.0
    for it in range(1, int(max_iter) + 1):
        r = y - slope * x - intercept
        new_slope, new_intercept = _weighted_line(x, y, weights(r))
        step = max(abs(new_slope - slope), abs(new_intercept - intercept))
        slope, intercept = new_slope, new_intercept
        if step <= tol * scale:
            break
    return Line(float(slope), float(intercept), it)


def sum_abs_residuals(x, y, slope, intercept):
    r"""The L1 objective of a line, :math:`\sum_i |y_i - a x_i - b|`.

    >>> sum_abs_residuals([0.0, 1.0], [1.0, 5.0], 2.0, 1.0)
    2.0
    """
    x, y = _xy(x, y)
    return float(np.abs(y - slope * x - intercept).sum())


def _weighted_median(values, weights):
    """Smallest v among ``values`` with sum(weights[values <= v]) >= half the total weight."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    k = int(np.searchsorted(cum, 0.5 * cum[-1]))
    return order[k]


def _lad_pivot(x, y, i, max_iter):
    """Exact LAD by pivoting: the best line through point i has a weighted-median slope.

    Among lines through (x_i, y_i), sum_j |y_j - y_i - a (x_j - x_i)| = sum_j |x_j - x_i| |s_j - a|
    with s_j the slope from point i to point j: it is minimised by the median of the s_j
    weighted by |x_j - x_i|. That line also passes through the median point j; pivot to j and
    repeat until the objective stops falling.
    """
    best = np.inf
    slope = intercept = None
    for it in range(1, max_iter + 1):
        dx = x - x[i]
        others = np.flatnonzero(dx != 0)
        s = (y[others] - y[i]) / dx[others]
        j = others[_weighted_median(s, np.abs(dx[others]))]
        a = (y[j] - y[i]) / (x[j] - x[i])
        b = y[i] - a * x[i]
        obj = np.abs(y - a * x - b).sum()
        if obj >= best * (1 - 1e-15):
            break
        best, slope, intercept, i = obj, a, b, j
    return slope, intercept, it


def least_absolute_deviations_line(x, y, *, max_iter=100, eps=1e-9):
    r"""Least absolute deviations (LAD) line, the L1 fit: IRLS, then an exact finish.

    .. math::

        (\hat a, \hat b) = \arg\min_{a, b} \sum_{i=1}^n |y_i - a x_i - b| .

    Stage 1, iteratively reweighted least squares (IRLS): each step solves the weighted
    least-squares problem with weights :math:`w_i = 1 / \max(|r_i|, \varepsilon)`, so that
    :math:`w_i r_i^2 = |r_i|` at the current residuals :math:`r_i = y_i - a x_i - b`. It gets
    close fast but creeps to the exact answer slowly, so it stops after about ten steps.

    Stage 2, an exact finish. A LAD line passes through (at least) two data points, and among
    the lines through a point :math:`(x_k, y_k)` the best slope is the *weighted median* of the
    slopes :math:`(y_j - y_k)/(x_j - x_k)` with weights :math:`|x_j - x_k|` (the L1 objective
    is then :math:`\sum_j |x_j - x_k|\,|s_j - a|`). Starting from the point closest to the
    IRLS line, the fit pivots to the other point on the line until the objective stops falling.

    Parameters
    ----------
    x, y : array-like, shape (n,)
        Inputs and targets; at least two distinct ``x`` values.
    max_iter : int, default 100
        Maximum number of pivoting steps (it usually needs two or three).
    eps : float, default 1e-9
        Smallest residual size used in an IRLS weight, relative to the data scale
        ``max|y| + max|x| + 1``.

    Returns
    -------
    Line
        ``slope``, ``intercept`` and ``n_iter``, the number of IRLS plus pivoting steps.

    Notes
    -----
    The minimiser need not be unique (then one of them is returned). The objective is
    :func:`sum_abs_residuals`; the L1 loss is :data:`lossutils.mae` (times n). The cost is
    :math:`O(n \log n)` per step.

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> y = [1.0, 3.0, 5.0, 7.0, 100.0]          # four points on y = 2x + 1, one outlier
    >>> fit = least_absolute_deviations_line(x, y)
    >>> round(fit.slope, 6), round(fit.intercept, 6)
    (2.0, 1.0)
    """
    x, y = _xy(x, y)
    if not eps > 0:
        raise ValueError(f"eps must be > 0; got {eps}")
    if int(max_iter) < 1:
        raise ValueError(f"max_iter must be >= 1; got {max_iter}")
    floor = eps * (np.abs(y).max() + np.abs(x).max() + 1.0)
    start = _irls(x, y, lambda r: 1.0 / np.maximum(np.abs(r), floor), 10, 1e-12)
    k = int(np.argmin(np.abs(y - start(x))))
    slope, intercept, steps = _lad_pivot(x, y, k, int(max_iter))
    return Line(float(slope), float(intercept), start.n_iter + steps)


def _huber_location(u, delta):
    """The b minimising sum_i rho(u_i - b): the root of phi(b) = sum_i clip(u_i - b, -delta, delta).

    phi falls from n*delta to -n*delta and is linear between the knots u_i -+ delta, so the
    root is found exactly by evaluating phi at the knots and interpolating in one interval.
    """
    knots = np.sort(np.concatenate([u - delta, u + delta]))
    phi = np.clip(u[None, :] - knots[:, None], -delta, delta).sum(axis=1)
    k = int(np.argmax(phi <= 0))                     # first knot where phi is <= 0 (k >= 1)
    k0, k1, p0, p1 = knots[k - 1], knots[k], phi[k - 1], phi[k]
    return k0 + p0 * (k1 - k0) / (p0 - p1)


def huber_line(x, y, *, delta=1.0, max_iter=200, tol=1e-13):
    r"""Line that minimises the Huber loss of its residuals (Huber 1964).

    .. math::

        (\hat a, \hat b) = \arg\min_{a, b} \sum_{i=1}^n \rho_\delta(y_i - a x_i - b), \qquad
        \rho_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
                         \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}

    Stage 1, IRLS with weights :math:`w_i = \min(1, \delta / |r_i|)`: least squares for points
    within :math:`\delta` of the line, down-weighted points beyond it. Ten steps give a good
    starting slope (IRLS alone is slow when :math:`\delta` is small).

    Stage 2, exact: for a fixed slope :math:`a` the best intercept :math:`b(a)` solves
    :math:`\sum_i \psi(y_i - a x_i - b) = 0` with :math:`\psi(r) = \operatorname{clip}(r,
    -\delta, \delta)`, a piecewise-linear equation solved exactly; then the slope solves
    :math:`g(a) = \sum_i \psi(y_i - a x_i - b(a))\, x_i = 0` (minus the derivative of the
    profile objective, a non-increasing piecewise-linear function of :math:`a`) by bracketing
    and the Illinois variant of regula falsi, which is exact once it reaches the right piece.

    Parameters
    ----------
    x, y : array-like, shape (n,)
        Inputs and targets; at least two distinct ``x`` values.
    delta : float > 0, default 1.0
        Residual size (in the units of ``y``) where the loss turns from quadratic to linear.
        Large ``delta`` gives the least-squares line; small ``delta`` approaches the LAD line.
    max_iter : int, default 200
        Maximum number of evaluations of :math:`g` (usually a few dozen).
    tol : float, default 1e-13
        Stop when the bracket on the slope is narrower than ``tol`` times ``1 + |a|``.

    Returns
    -------
    Line
        ``slope``, ``intercept``, and ``n_iter`` (IRLS steps plus evaluations of :math:`g`).

    Notes
    -----
    :math:`\rho_\delta` is :data:`lossutils.huber` with ``reduction="none"``. Each evaluation
    of :math:`g` costs :math:`O(n^2)` operations (fine up to a few thousand points).

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> fit = huber_line(x, [1.0, 3.0, 5.0, 7.0, 9.0], delta=1.0)     # no outlier: exact
    >>> round(fit.slope, 6), round(fit.intercept, 6)
    (2.0, 1.0)
    """
    x, y = _xy(x, y)
    delta = float(delta)
    if not (delta > 0 and np.isfinite(delta)):
        raise ValueError(f"delta must be a finite number > 0; got {delta!r}")
    if int(max_iter) < 1:
        raise ValueError(f"max_iter must be >= 1; got {max_iter}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0; got {tol}")

    def weights(r):
        a = np.abs(r)
        return np.where(a <= delta, 1.0, delta / np.maximum(a, delta))

    start = _irls(x, y, weights, 10, 1e-12)
    evals = 0

    def g(a):                                         # -d/da of min_b sum rho(y - a x - b)
        nonlocal evals
        evals += 1
        b = _huber_location(y - a * x, delta)
        return np.clip(y - a * x - b, -delta, delta) @ x, b

    # Bracket the root of the non-increasing g: step away from the IRLS slope until g changes sign.
    a0 = start.slope
    g0, b0 = g(a0)
    if g0 == 0:
        return Line(float(a0), float(b0), start.n_iter + evals)
    step = (1.0 + abs(a0)) * 1e-3 * (1.0 if g0 > 0 else -1.0)
    a1, (g1, b1) = a0 + step, g(a0 + step)
    while np.sign(g1) == np.sign(g0) and evals < max_iter:
        step *= 4.0
        a0, g0 = a1, g1
        a1 = a1 + step
        g1, b1 = g(a1)
    # Illinois regula falsi on [a0, a1], g(a0) and g(a1) of opposite signs.
    side = 0
    a, ga, b = a1, g1, b1
    while evals < max_iter and ga != 0 and abs(a1 - a0) > tol * (1.0 + abs(a)):
        a = a1 - g1 * (a1 - a0) / (g1 - g0)
        ga, b = g(a)
        if np.sign(ga) == np.sign(g1):
            a1, g1 = a, ga
            if side == -1:
                g0 *= 0.5                              # Illinois: halve the stale end
            side = -1
        else:
            a0, g0 = a1, g1
            a1, g1 = a, ga
            side = +1
    return Line(float(a), float(b), start.n_iter + evals)
