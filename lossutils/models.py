r"""Tiny models trained by plain gradient descent, small enough to read line by line.

A linear model computes scores :math:`S = XW + b`. Any lossutils loss whose prediction
argument is those scores can train it: ``mse``/``mae``/``huber`` give linear regression,
``binary_cross_entropy_with_logits`` gives logistic regression, ``hinge`` a linear SVM,
``cross_entropy_with_logits`` softmax regression. By the chain rule, with
:math:`G = \partial L / \partial S` from ``loss.grad``:

.. math::

    \frac{\partial L}{\partial W} = X^\top G, \qquad \frac{\partial L}{\partial b} = \sum_i G_i .
"""

from dataclasses import dataclass, field

import numpy as np

from . import _checks
from .losses import binary_cross_entropy_with_logits, cross_entropy_with_logits, mse
from .special import sigmoid, softmax

__all__ = ["Fit", "Trace", "fit_linear", "fit_logistic", "fit_softmax", "gradient_descent",
           "polynomial_features", "predict_proba", "PolynomialFit", "fit_polynomial",
           "LinearSVM", "fit_linear_svm"]


@dataclass
class Fit:
    """A trained linear model and how training went.

    Attributes
    ----------
    w : ndarray, shape (d,) or (d, k)
        Weights (one column per output for softmax regression).
    b : float or ndarray of shape (k,)
        Intercept(s).
    history : ndarray, shape (steps + 1,)
        Training objective before the first step and after every step: the loss, plus
        ``weight_decay * ||w||^2`` when ``fit_linear`` was given a weight decay.
    val_history : ndarray or None
        The loss (no penalty) on the validation data at the same steps, when it was given.
    path : ndarray, shape (steps + 1, d + 1)
        Parameters ``(w..., b)`` before the first step and after each step, for
        single-output models (for plots of the descent path); ``None`` for softmax
        regression. ``fit.at(step)`` reads one row as a model.
    """

    w: np.ndarray
    b: object
    history: np.ndarray
    val_history: object = None
    path: object = field(default=None, repr=False)

    def scores(self, X):
        """Raw model output :math:`XW + b` (predictions for regression, logits for classifiers)."""
        return _as_2d(X) @ self.w + self.b

    def at(self, step):
        """The model after ``step`` updates (0: the start; negative counts from the end).

        Returns a ``Fit`` with that row of :attr:`path` as ``w`` and ``b``, and the history up
        to that step, so ``fit.at(step).scores(X)`` is the model's output at that step.

        >>> f = fit_linear([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], lr=0.1, steps=3)
        >>> f.at(0).w.tolist(), f.at(0).b, f.at(-1).b == f.b
        ([0.0], 0.0, True)
        """
        if self.path is None:
            raise ValueError("this Fit has no path (softmax regression keeps none); "
                             "only single-output models can be read at a step")
        steps = self.path.shape[0] - 1
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not (
                -steps - 1 <= step <= steps):
            raise ValueError(f"step must be an integer in [{-steps - 1}, {steps}] (this fit "
                             f"took {steps} steps); got {step!r}")
        step = int(step) % (steps + 1)
        row = self.path[step]
        cut = slice(0, step + 1)
        return Fit(row[:-1].copy(), float(row[-1]), self.history[cut],
                   None if self.val_history is None else self.val_history[cut],
                   self.path[cut])


@dataclass
class Trace:
    """Where gradient descent went: ``theta`` (steps + 1, ...) and ``loss`` (steps + 1,)."""

    theta: np.ndarray
    loss: np.ndarray


def _as_2d(X):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        return X[:, None]
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n,) or (n, d); got shape {X.shape}")
    return X


def gradient_descent(value_and_grad, theta0, *, lr=0.1, steps=100):
    r"""Minimise a function by gradient descent: :math:`\theta \leftarrow \theta - \eta \nabla L`.

    Parameters
    ----------
    value_and_grad : callable
        ``value_and_grad(theta) -> (loss, gradient)``, the gradient shaped like ``theta``.
    theta0 : float or array-like
        Starting point.
    lr : float
        Step size :math:`\eta`.
    steps : int
        Number of updates.

    Returns
    -------
    Trace
        ``theta`` and ``loss`` at the start and after every step.

    Examples
    --------
    >>> tr = gradient_descent(lambda t: ((t - 3.0) ** 2, 2 * (t - 3.0)), 0.0, lr=0.25, steps=40)
    >>> round(float(tr.theta[-1]), 6), bool(tr.loss[-1] < tr.loss[0])
    (3.0, True)
    """
    if lr <= 0:
        raise ValueError(f"lr must be > 0; got {lr}")
    theta = np.array(theta0, dtype=np.float64)
    thetas, losses = [], []
    for _ in range(steps):
        value, grad = value_and_grad(theta)
        thetas.append(theta.copy())
        losses.append(float(value))
        theta = theta - lr * np.asarray(grad, dtype=np.float64)
    thetas.append(theta.copy())
    losses.append(float(value_and_grad(theta)[0]))
    return Trace(np.array(thetas), np.array(losses))


def fit_linear(X, y, *, loss=mse, lr=0.1, steps=200, weight_decay=0.0, n_outputs=None, w0=None,
               b0=None, X_val=None, y_val=None, batch_size=None, seed=0, **loss_options):
    r"""Train scores ``X @ w + b`` to minimise ``loss(y, scores)`` by gradient descent.

    The objective is the loss on the training data plus an optional L2 penalty on the
    weights (the intercept is not penalised):

    .. math::

        J(w, b) = L(y, Xw + b) + \lambda \lVert w \rVert_2^2, \qquad
        w \leftarrow w - \eta \left(X^\top G + 2 \lambda w\right), \quad
        b \leftarrow b - \eta \textstyle\sum_i G_i,

    with :math:`\lambda` = ``weight_decay``, :math:`\eta` = ``lr`` and
    :math:`G = \partial L / \partial S` from ``loss.grad``. With plain gradient descent, an
    L2 penalty and "weight decay" (shrinking :math:`w` by the factor
    :math:`1 - 2\eta\lambda` each step) are the same update; under Adam they differ (AdamW).

    Parameters
    ----------
    X : array-like, shape (n,) or (n, d)
    y : array-like
        Targets in the form ``loss`` expects.
    loss : lossutils loss, default ``mse``
        Any loss whose prediction argument is the model's raw output.
    lr, steps : float, int
        Step size and number of updates.
    weight_decay : float >= 0, default 0.0
        Penalty weight :math:`\lambda` of :math:`\lambda \lVert w \rVert_2^2`.
    n_outputs : int or None
        Number of score columns (k for softmax regression); ``None`` for one output.
    w0, b0 : optional starting weights and intercept (default zeros).
    X_val, y_val : optional validation data, whose loss is recorded at every step.
    batch_size : int or None
        ``None`` uses all rows every step (gradient descent); an integer draws a random
        mini-batch of that size each step (stochastic gradient descent, seeded by ``seed``).
    **loss_options
        Passed to the loss, e.g. ``delta=`` for Huber, ``label_smoothing=``.

    Returns
    -------
    Fit
        ``history`` holds the training objective :math:`J` (the loss when
        ``weight_decay=0``), ``val_history`` the validation loss :math:`L` without penalty.

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = 2 * x + 1
    >>> f = fit_linear(x, y, lr=0.1, steps=2000)
    >>> np.round(f.w, 4).tolist(), round(float(f.b), 4)
    ([2.0], 1.0)
    >>> g = fit_linear(x, y, lr=0.1, steps=2000, weight_decay=0.5)   # a smaller slope
    >>> bool(0 < g.w[0] < f.w[0])
    True
    """
    X = _as_2d(X)
    n, d = X.shape
    weight_decay = _checks.scalar_option("weight_decay", weight_decay, "[0, inf)")
    shape_w = (d,) if n_outputs is None else (d, n_outputs)
    w = np.zeros(shape_w) if w0 is None else np.array(w0, dtype=np.float64).reshape(shape_w)
    b = (0.0 if n_outputs is None else np.zeros(n_outputs)) if b0 is None else np.array(
        b0, dtype=np.float64)
    y_arr = np.asarray(y)
    has_val = X_val is not None
    if has_val:
        X_val = _as_2d(X_val)
    rng = np.random.default_rng(seed)

    def total_loss(Xs, ys):
        return float(loss(ys, Xs @ w + b, **loss_options))

    def objective():
        return total_loss(X, y_arr) + weight_decay * float(np.sum(w * w))

    history = [objective()]
    val_history = [total_loss(X_val, y_val)] if has_val else None
    path = [np.append(w, b)] if n_outputs is None else None
    for _ in range(steps):
        rows = slice(None) if batch_size is None else rng.choice(n, size=batch_size, replace=False)
        Xb, yb = X[rows], y_arr[rows]
        G = loss.grad(yb, Xb @ w + b, **loss_options)   # dL/dscores
        w = w - lr * (Xb.T @ G + 2 * weight_decay * w)   # dJ/dw = X^T G + 2 lambda w
        b = b - lr * G.sum(axis=0)                       # dJ/db = sum of G over rows
        history.append(objective())
        if has_val:
            val_history.append(total_loss(X_val, y_val))
        if path is not None:
            path.append(np.append(w, b))
    return Fit(w, b if n_outputs is not None else float(b), np.array(history),
               None if not has_val else np.array(val_history),
               None if path is None else np.array(path))


def fit_logistic(X, y, *, lr=0.5, steps=500, **kwargs):
    """Logistic regression: ``fit_linear`` with ``binary_cross_entropy_with_logits``; y in {0, 1}.

    ``sigmoid(fit.scores(X))`` is the predicted probability of class 1.

    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
    >>> f = fit_logistic(X, y, steps=200)
    >>> (predict_proba(f, X) > 0.5).astype(int).tolist()
    [0, 0, 1, 1]
    """
    return fit_linear(X, y, loss=binary_cross_entropy_with_logits, lr=lr, steps=steps, **kwargs)


def fit_softmax(X, y, *, k=None, lr=0.5, steps=500, **kwargs):
    """Softmax (multinomial logistic) regression with ``cross_entropy_with_logits``.

    ``y`` holds integer classes (n,) or probability targets (n, k); ``k`` defaults to
    ``max(y) + 1`` for integer classes.
    """
    y_arr = np.asarray(y)
    if k is None:
        k = y_arr.shape[1] if y_arr.ndim == 2 else int(y_arr.max()) + 1
    return fit_linear(X, y, loss=cross_entropy_with_logits, lr=lr, steps=steps, n_outputs=k,
                      **kwargs)


def predict_proba(fit, X):
    """Class probabilities of a fitted logistic (shape (n,)) or softmax (shape (n, k)) model."""
    s = fit.scores(X)
    return softmax(s) if s.ndim == 2 and np.ndim(fit.b) == 1 else sigmoid(s)


def polynomial_features(x, degree):
    """Columns ``x, x**2, ..., x**degree`` of a 1-D input (the intercept is the model's ``b``).

    >>> polynomial_features([1.0, 2.0], 3).tolist()
    [[1.0, 1.0, 1.0], [2.0, 4.0, 8.0]]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D; got shape {x.shape}")
    if degree < 1:
        raise ValueError(f"degree must be >= 1; got {degree}")
    return x[:, None] ** np.arange(1, degree + 1)


@dataclass
class PolynomialFit:
    r"""A polynomial in standardised features, returned by :func:`fit_polynomial`.

    The input :math:`x` is mapped from ``domain`` to :math:`u \in [-1, 1]`, expanded into
    :math:`u, u^2, \dots, u^p`, and each column is standardised with the training mean and
    standard deviation; ``fit`` is the linear model on those columns. Call it to predict:
    ``poly(x)`` after training, ``poly(x, step=k)`` after ``k`` gradient-descent steps.
    """

    degree: int
    domain: tuple
    mean: np.ndarray
    std: np.ndarray
    fit: Fit

    def features(self, x):
        """The standardised columns the linear model sees, shape (n, degree)."""
        return (_powers(x, self.degree, self.domain) - self.mean) / self.std

    def __call__(self, x, step=None):
        fit = self.fit if step is None else self.fit.at(step)
        return fit.scores(self.features(x))


def _powers(x, degree, domain):
    """Columns u, u^2, ..., u^degree of u = 2 (x - lo) / (hi - lo) - 1 (domain -> [-1, 1])."""
    lo, hi = domain
    return polynomial_features(2 * (np.asarray(x, dtype=np.float64) - lo) / (hi - lo) - 1, degree)


def fit_polynomial(x, y, degree, *, method="lstsq", lr=None, steps=1000, domain=None,
                   x_val=None, y_val=None, **fit_options):
    r"""Fit a polynomial of ``degree`` to 1-D data, in well-scaled features.

    Raw powers :math:`x, x^2, \dots` have very different sizes, which makes least squares
    ill-conditioned and gradient descent crawl. So the input is first mapped to
    :math:`u = 2 (x - x_{lo}) / (x_{hi} - x_{lo}) - 1 \in [-1, 1]` (``domain`` =
    :math:`(x_{lo}, x_{hi})`), and each power :math:`u^j` is standardised with its training
    mean and standard deviation. The model is :math:`\hat y = b + \sum_j w_j z_j` with
    :math:`z_j = (u^j - \mu_j) / s_j`, fitted to the mean squared error.

    Parameters
    ----------
    x, y : array-like, shape (n,)
        Training inputs and targets.
    degree : int >= 1
    method : {"lstsq", "gd"}, default "lstsq"
        ``"lstsq"``: the exact least-squares polynomial (``np.linalg.lstsq``; the same curve
        as ``numpy.polynomial.Polynomial.fit(x, y, degree)``). ``"gd"``: ``steps`` steps of
        gradient descent with :func:`fit_linear` from zero weights, which records the loss
        curves and the path.
    lr : float, optional
        Learning rate for ``"gd"``; default ``0.5 / degree`` (the standardised columns are
        correlated, and the largest curvature grows with the degree).
    steps : int, default 1000
        Number of gradient-descent steps for ``"gd"``.
    domain : (float, float), optional
        The interval mapped to [-1, 1]; default ``(min(x), max(x))``.
    x_val, y_val : array-like, optional
        Validation data (``"gd"`` only), whose loss is recorded at every step.
    **fit_options
        Passed to :func:`fit_linear` for ``"gd"`` (e.g. ``weight_decay``, ``loss``).

    Returns
    -------
    PolynomialFit
        Callable: ``poly(x)``, or ``poly(x, step=k)`` for the curve after ``k`` steps
        (``"gd"``); ``poly.fit`` is the :class:`Fit` (``history``, ``val_history``, ``path``;
        for ``"lstsq"`` the history holds the one final training MSE).

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = x ** 2
    >>> poly = fit_polynomial(x, y, 2)
    >>> np.round(poly([4.0, 5.0]), 8).tolist()
    [16.0, 25.0]
    >>> gd = fit_polynomial(x, y, 2, method="gd", steps=2000)
    >>> round(float(gd([4.0])[0]), 4), gd.fit.history.shape
    (16.0, (2001,))
    """
    x = _checks.as_float_array(x, "x")
    y = _checks.as_float_array(y, "y")
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"x and y must be 1-D of the same shape (n,); got shapes {x.shape} "
                         f"and {y.shape}")
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 1:
        raise ValueError(f"degree must be an integer >= 1; got {degree!r}")
    if method not in ("lstsq", "gd"):
        raise ValueError(f"method must be 'lstsq' or 'gd'; got {method!r}")
    lo, hi = (float(x.min()), float(x.max())) if domain is None else map(float, domain)
    if not hi > lo:
        raise ValueError(f"domain must be an interval (lo, hi) with lo < hi; got ({lo}, {hi})")
    n_distinct = np.unique(x).size
    if method == "lstsq":
        if x_val is not None or fit_options:
            raise ValueError("x_val, y_val and fit options apply to method='gd' only")
        if n_distinct < degree + 1:
            raise ValueError(f"degree {degree} needs at least {degree + 1} distinct x values; "
                             f"got {n_distinct}")
    F = _powers(x, degree, (lo, hi))
    mean, std = F.mean(axis=0), F.std(axis=0)
    if (std == 0).any():
        raise ValueError(f"a power of x is constant on the training data (x has {n_distinct} "
                         "distinct values); use a lower degree")
    poly = PolynomialFit(int(degree), (lo, hi), mean, std, None)
    Z = poly.features(x)
    if method == "lstsq":
        theta = np.linalg.lstsq(np.column_stack([Z, np.ones_like(x)]), y, rcond=None)[0]
        w, b = theta[:-1], float(theta[-1])
        poly.fit = Fit(w, b, np.array([float(mse(y, Z @ w + b))]), None,
                       np.append(w, b)[None, :])
        return poly
    Z_val = None if x_val is None else poly.features(x_val)
    poly.fit = fit_linear(Z, y, lr=0.5 / degree if lr is None else lr, steps=steps,
                          X_val=Z_val, y_val=y_val, **fit_options)
    return poly


@dataclass
class LinearSVM:
    r"""A linear SVM from :func:`fit_linear_svm`: scores :math:`s = Xw + b`.

    Attributes
    ----------
    w : ndarray, shape (d,)
    b : float
    margins : ndarray, shape (n,)
        :math:`m_i = y_i (x_i^\top w + b)` on the training data. Points with :math:`m_i < 1`
        pay a hinge loss; points with :math:`m_i > 1` could be removed without changing the fit.
    alpha : ndarray, shape (n,)
        Dual coefficients :math:`\alpha_i \in [0, \frac{1}{2 n \lambda}]`, with
        :math:`w = \sum_i \alpha_i y_i x_i`; the support vectors are the points with
        :math:`\alpha_i > 0`.
    objective : float
        :math:`J(w, b)`, the mean hinge loss plus :math:`\lambda \lVert w \rVert^2`.
    gap : float
        Duality gap: an upper bound on :math:`J(w, b) - \min J`.
    n_iter : int
        Number of SMO steps.
    """

    w: np.ndarray
    b: float
    margins: np.ndarray
    alpha: np.ndarray
    objective: float
    gap: float
    n_iter: int

    def scores(self, X):
        """Scores :math:`Xw + b`; predict the class ``np.sign(scores)``."""
        return _as_2d(X) @ self.w + self.b


def fit_linear_svm(X, y, *, lam, tol=1e-12, max_iter=1_000_000):
    r"""Linear SVM: minimise the mean hinge loss plus an L2 penalty, to a certified tolerance.

    .. math::

        J(w, b) = \frac1n \sum_{i=1}^n \max\bigl(0,\ 1 - y_i (x_i^\top w + b)\bigr)
                  + \lambda \lVert w \rVert_2^2, \qquad y_i \in \{-1, +1\},

    with the intercept :math:`b` not penalised. Multiplying :math:`J` by
    :math:`1 / (2\lambda)` gives the textbook soft-margin SVM
    :math:`\frac12 \lVert w \rVert^2 + C \sum_i \xi_i` with :math:`C = 1 / (2 n \lambda)`.

    Solved in the dual, by sequential minimal optimisation (SMO; Platt 1998): maximise

    .. math::

        D(\alpha) = \sum_i \alpha_i - \tfrac12 \Bigl\lVert \sum_i \alpha_i y_i x_i \Bigr\rVert^2
        \quad\text{subject to}\quad 0 \le \alpha_i \le C,\ \ \sum_i \alpha_i y_i = 0 .

    Each step picks the pair of coefficients that violates the optimality conditions most
    (Keerthi et al. 2001; the choice LIBSVM makes), moves them along the constraint
    :math:`\sum_i \alpha_i y_i = 0` to the best feasible point, and updates
    :math:`w = \sum_i \alpha_i y_i x_i`. It stops when the duality gap
    :math:`J(w, b) - 2\lambda D(\alpha)`, which bounds the distance to the optimum from
    above, is at most ``tol``.

    Parameters
    ----------
    X : array-like, shape (n, d) or (n,)
    y : array-like, shape (n,)
        Labels -1 and +1, both present (for 0/1 labels pass ``2 * y - 1``).
    lam : float > 0
        Penalty weight :math:`\lambda`.
    tol : float > 0, default 1e-12
        Largest accepted duality gap, in the units of :math:`J` (rounding can make the
        computed gap slightly negative at the exact optimum).
    max_iter : int, default 1000000
        Maximum number of SMO steps.

    Returns
    -------
    LinearSVM
        ``w``, ``b``, the training ``margins``, the dual ``alpha``, ``objective``, ``gap``
        and ``n_iter``.

    Raises
    ------
    ValueError
        For bad input or options.
    RuntimeError
        If the duality gap is still above ``tol`` after ``max_iter`` steps.

    Notes
    -----
    The same problem as ``sklearn.svm.SVC(kernel="linear", C=1 / (2 * n * lam))``. Since
    :math:`C` contains :math:`n`, refitting on a subset of :math:`n'` points with the same
    :math:`C` needs :math:`\lambda' = \lambda n / n'`. Each step costs :math:`O(n d)`; the
    chapter's 100 points take a few milliseconds.

    References
    ----------
    Platt, J. C. (1998). Sequential minimal optimization: a fast algorithm for training
    support vector machines. Microsoft Research Technical Report MSR-TR-98-14.
    Keerthi, S. S., Shevade, S. K., Bhattacharyya, C. and Murthy, K. R. K. (2001).
    Improvements to Platt's SMO algorithm for SVM classifier design. *Neural Computation*
    13(3), 637-649.
    Fan, R.-E., Chen, P.-H. and Lin, C.-J. (2005). Working set selection using second order
    information for training support vector machines. *JMLR* 6, 1889-1918.

    Examples
    --------
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([-1, -1, 1, 1])
    >>> svm = fit_linear_svm(X, y, lam=0.01)
    >>> round(float(svm.w[0]), 6), round(svm.b, 6), np.round(svm.margins, 6).tolist()
    (1.0, 0.0, [2.0, 1.0, 1.0, 2.0])
    """
    X = _as_2d(X)
    n = X.shape[0]
    y = _checks.as_float_array(y, "y")
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of X; got {y.shape}")
    if not np.isfinite(X).all():
        raise ValueError("X contains a non-finite value; the SVM needs finite features")
    if ((y != 1) & (y != -1)).any():
        raise ValueError(f"y must contain only -1 and +1; got values {np.unique(y)[:10].tolist()}"
                         ". For 0/1 labels pass 2 * y - 1")
    if abs(y.sum()) == n:
        raise ValueError(f"y holds only the class {int(y[0])}; an SVM needs both classes")
    lam = _checks.scalar_option("lam", lam, "(0, inf)")
    tol = _checks.scalar_option("tol", tol, "(0, inf)")
    C = 1.0 / (2 * n * lam)
    alpha = np.zeros(n)
    w = np.zeros(X.shape[1])
    # G = gradient of the dual, written as a minimisation f = |w|^2 / 2 - sum(alpha):
    # G_i = y_i x_i.w - 1; the optimality conditions compare -y_i G_i across two index sets.
    G = -np.ones(n)
    pos = y > 0
    for it in range(1, max_iter + 1):
        v = -y * G
        up = np.where(pos, alpha < C, alpha > 0)       # alpha_i can move in the direction y_i
        low = np.where(pos, alpha > 0, alpha < C)      # ... in the direction -y_i
        i = np.flatnonzero(up)[np.argmax(v[up])]
        j = np.flatnonzero(low)[np.argmin(v[low])]
        # Intercept from the optimality conditions: -y_i G_i = b for 0 < alpha_i < C.
        free = (alpha > 0) & (alpha < C)
        b = float(v[free].mean()) if free.any() else 0.5 * (v[i] + v[j])
        margins = y * (X @ w + b)
        objective = float(np.maximum(0.0, 1.0 - margins).mean() + lam * (w @ w))
        dual = 2 * lam * (alpha.sum() - 0.5 * (w @ w))  # D(alpha) in the units of J
        gap = objective - dual
        if gap <= tol:
            return LinearSVM(w, b, margins, alpha, objective, float(gap), it - 1)
        # Move alpha_i by y_i t and alpha_j by -y_j t: sum(alpha * y) stays 0.
        dx = X[i] - X[j]
        t = (v[i] - v[j]) / max(dx @ dx, 1e-12)        # the best step along that line
        t = min(t, C - alpha[i] if pos[i] else alpha[i], alpha[j] if pos[j] else C - alpha[j])
        alpha[i] += y[i] * t
        alpha[j] -= y[j] * t
        w = w + t * dx                                  # w = sum_i alpha_i y_i x_i
        G = G + t * y * (X @ dx)
    raise RuntimeError(f"fit_linear_svm did not reach a duality gap of {tol:g} in "
                       f"max_iter={max_iter} steps (gap {gap:.3g}); raise max_iter or tol")
