r"""Fitting a straight line :math:`\hat y = a x + b` under the L2, L1 and Huber losses.

* :func:`least_squares_line` minimises :math:`\sum_i (a x_i + b - y_i)^2` (closed form);
* :func:`least_absolute_deviations_line` minimises :math:`\sum_i |a x_i + b - y_i|`: it
  tries every line through two data points and keeps the best (an L1 line is one of them);
* :func:`huber_line` minimises :math:`\sum_i \rho_\delta(a x_i + b - y_i)`, the Huber loss,
  by iteratively reweighted least squares.

Each solver is a few lines of numpy that follow the maths. On the chapters' data (30 points)
the L1 search evaluates 435 lines, and the Huber IRLS takes 1 to about 175 steps (the most for
small ``delta``); each fit takes a few milliseconds at most.
"""

from typing import NamedTuple

import numpy as np

from . import _checks

__all__ = ["Line", "least_squares_line", "least_absolute_deviations_line", "huber_line"]

#: Largest data set :func:`least_absolute_deviations_line` accepts: it evaluates all
#: n (n - 1) / 2 candidate lines on all n points, about n**3 / 2 numbers (4e6 at n = 200).
LAD_MAX_POINTS = 200


class Line(NamedTuple):
    """A fitted line ``y = slope * x + intercept`` and the number of iterations it took.

    ``n_iter`` is 0 for the direct least-squares and L1 fits. Call the line to predict:
    ``line(x)`` returns ``slope * x + intercept``.
    """

    slope: float
    intercept: float
    n_iter: int = 0

    def __call__(self, x):
        return self.slope * np.asarray(x, dtype=np.float64) + self.intercept


def _xy(x, y):
    """Validate a 1-D data set for a line fit; return float64 arrays."""
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
    """Minimise sum_i w_i (a x_i + b - y_i)^2: the weighted normal equations, solved directly."""
    xm, ym = (w @ x) / w.sum(), (w @ y) / w.sum()     # weighted means
    dx = x - xm
    slope = (w * dx) @ (y - ym) / ((w * dx) @ dx)
    return slope, ym - slope * xm


def least_squares_line(x, y):
    r"""Ordinary least squares line (the L2 fit), in closed form.

    .. math::

        (\hat a, \hat b) = \arg\min_{a, b} \sum_{i=1}^n (a x_i + b - y_i)^2, \qquad
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


def least_absolute_deviations_line(x, y):
    r"""Least absolute deviations (LAD) line, the L1 fit: the best line through two data points.

    .. math::

        (\hat a, \hat b) = \arg\min_{a, b} \sum_{i=1}^n |a x_i + b - y_i| .

    The objective is convex and piecewise linear in :math:`(a, b)`, so a minimum is attained
    at a corner of its pieces, where two residuals are 0: **some LAD line passes through two
    data points**. This function evaluates the objective of every line through two points
    :math:`i < j` with :math:`x_i \ne x_j`,

    .. math::

        a_{ij} = \frac{y_j - y_i}{x_j - x_i}, \qquad b_{ij} = y_i - a_{ij} x_i,

    all at once (an array of shape (pairs, n)), and returns the best one.

    Parameters
    ----------
    x, y : array-like, shape (n,)
        Inputs and targets; at least two distinct ``x`` values and at most
        ``LAD_MAX_POINTS`` (200) points.

    Returns
    -------
    Line
        ``slope``, ``intercept`` and ``n_iter=0``.

    Raises
    ------
    ValueError
        For bad input, or more than 200 points (the search needs about :math:`n^3/2` numbers:
        use a linear-programming solver such as ``scipy.optimize.linprog`` for large n).

    Notes
    -----
    The minimiser need not be unique; then the first best pair (in the order of
    ``np.triu_indices``) is returned. The objective is ``n * lossutils.mae(y, line(x))``.
    Cost: :math:`O(n^3)` time and memory (435 lines of 30 residuals each at n = 30).

    References
    ----------
    Bloomfield, P. and Steiger, W. L. (1983). *Least Absolute Deviations: Theory,
    Applications and Algorithms*. Birkhauser. (Chapter 1: an L1 fit interpolates
    as many points as it has parameters.)

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> y = [1.0, 3.0, 5.0, 7.0, 100.0]          # four points on y = 2x + 1, one outlier
    >>> fit = least_absolute_deviations_line(x, y)
    >>> round(fit.slope, 6), round(fit.intercept, 6)
    (2.0, 1.0)
    """
    x, y = _xy(x, y)
    if x.size > LAD_MAX_POINTS:
        raise ValueError(f"least_absolute_deviations_line tries all pairs of points and accepts "
                         f"at most {LAD_MAX_POINTS} points; got {x.size}. For more, solve the "
                         "linear programme with scipy.optimize.linprog")
    i, j = np.triu_indices(x.size, k=1)
    keep = x[i] != x[j]                                # a vertical pair defines no line
    i, j = i[keep], j[keep]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    intercepts = y[i] - slopes * x[i]
    # objective[p] = sum_k |y_k - a_p x_k - b_p| for candidate line p
    objective = np.abs(y - slopes[:, None] * x - intercepts[:, None]).sum(axis=1)
    best = int(np.argmin(objective))
    return Line(float(slopes[best]), float(intercepts[best]), 0)


def huber_line(x, y, *, delta=1.0, tol=1e-13, max_iter=10_000):
    r"""Line that minimises the Huber loss of its residuals (Huber 1964), by IRLS.

    .. math::

        (\hat a, \hat b) = \arg\min_{a, b} \sum_{i=1}^n \rho_\delta(a x_i + b - y_i), \qquad
        \rho_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
                         \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}

    Iteratively reweighted least squares (IRLS): start from the least-squares line; then
    repeatedly compute the residuals :math:`e_i = a x_i + b - y_i` of the current line and refit by weighted
    least squares with

    .. math::

        w_i = \min\!\left(1, \frac{\delta}{|e_i|}\right),

    so points within :math:`\delta` of the line count fully and a point beyond it counts
    :math:`\delta / |e_i|`. The weights are chosen so that :math:`w_i e_i = \psi(e_i)`, the
    derivative of :math:`\rho_\delta`: a fixed point of the iteration is where the gradient of
    the Huber objective vanishes. Each step never raises the objective (it minimises a
    quadratic that lies above :math:`\rho_\delta` and touches it at the current residuals).

    Parameters
    ----------
    x, y : array-like, shape (n,)
        Inputs and targets; at least two distinct ``x`` values.
    delta : float > 0, default 1.0
        Residual size (in the units of ``y``) where the loss turns from quadratic to linear.
        Large ``delta`` gives the least-squares line; small ``delta`` approaches the LAD line.
    tol : float > 0, default 1e-13
        Stop when no fitted value moves by more than ``tol * max(1, max|y|)`` in a step.
    max_iter : int >= 1, default 10000
        Maximum number of reweighting steps.

    Returns
    -------
    Line
        ``slope``, ``intercept`` and ``n_iter``, the number of reweighting steps.

    Raises
    ------
    ValueError
        For bad input or options.
    RuntimeError
        If the fitted values still move by more than the tolerance after ``max_iter`` steps.

    Notes
    -----
    :math:`\rho_\delta` is ``lossutils.huber(..., reduction="none")``. IRLS converges
    linearly: on the chapters' data it takes 1 to about 175 steps, the most for small
    ``delta``, when the fit is nearly an L1 fit.

    References
    ----------
    Huber, P. J. (1964). Robust estimation of a location parameter. *Annals of Mathematical
    Statistics* 35(1), 73-101.
    Holland, P. W. and Welsch, R. E. (1977). Robust regression using iteratively reweighted
    least-squares. *Communications in Statistics - Theory and Methods* 6(9), 813-827.

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0]
    >>> fit = huber_line(x, [1.0, 3.0, 5.0, 7.0, 9.0], delta=1.0)     # no outlier: exact
    >>> round(fit.slope, 6), round(fit.intercept, 6), fit.n_iter
    (2.0, 1.0, 1)
    """
    x, y = _xy(x, y)
    delta = _checks.scalar_option("delta", delta, "(0, inf)")
    tol = _checks.scalar_option("tol", tol, "(0, inf)")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be an integer >= 1; got {max_iter!r}")
    slope, intercept = _weighted_line(x, y, np.ones_like(x))
    fitted = slope * x + intercept
    threshold = tol * max(1.0, np.abs(y).max())
    for it in range(1, max_iter + 1):
        w = delta / np.maximum(np.abs(y - fitted), delta)      # = min(1, delta / |r|)
        slope, intercept = _weighted_line(x, y, w)
        new = slope * x + intercept
        moved = np.abs(new - fitted).max()
        fitted = new
        if moved <= threshold:
            return Line(float(slope), float(intercept), it)
    raise RuntimeError(f"huber_line did not converge in max_iter={max_iter} steps (the fitted "
                       f"values still moved by {moved:.3g}); raise max_iter or tol")
