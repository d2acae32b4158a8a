r"""Penalised least squares: ridge (L2 penalty), lasso (L1) and the elastic net (both).

A *regulariser* is a penalty on the model's weights :math:`w`, added to the loss on the data.
It is not a loss on the residuals: the L1 and L2 *losses* of :mod:`lossutils.robust` measure
errors, the L1 and L2 *penalties* here measure weights. Every function fits
:math:`\hat y = X w + b` with an unpenalised intercept :math:`b`, and uses scikit-learn's
scaling, so that ``lam`` here is ``alpha`` there:

* :func:`ridge` (Hoerl and Kennard 1970), as ``sklearn.linear_model.Ridge(alpha=lam)``:

  .. math:: \min_{w, b}\; \lVert Xw + b - y \rVert_2^2 + \lambda \lVert w \rVert_2^2

* :func:`lasso` (Tibshirani 1996), as ``sklearn.linear_model.Lasso(alpha=lam)``:

  .. math:: \min_{w, b}\; \frac{1}{2n}\lVert Xw + b - y \rVert_2^2 + \lambda \lVert w \rVert_1

* :func:`elastic_net` (Zou and Hastie 2005), as
  ``sklearn.linear_model.ElasticNet(alpha=lam, l1_ratio=rho)``:

  .. math:: \min_{w, b}\; \frac{1}{2n}\lVert Xw + b - y \rVert_2^2
            + \lambda \rho \lVert w \rVert_1 + \frac{\lambda (1 - \rho)}{2} \lVert w \rVert_2^2

The ridge loss is a *sum* of squares and the lasso's a *mean* (halved), so **the two
lambdas are not comparable**: ridge with :math:`\lambda` is the elastic net with
:math:`\rho = 0` and :math:`\lambda / n` (the elastic net's L2 term is halved and its loss is
divided by :math:`2n`). Compare penalties only within one function.

The intercept is removed by centring: with :math:`\bar x`, :math:`\bar y` the column and
target means, the problems are solved for :math:`X - \bar x` and :math:`y - \bar y`, and
:math:`b = \bar y - \bar x^\top w`.

Ridge has a closed form. The lasso and the elastic net are solved by *proximal gradient
descent* (ISTA, the iterative shrinkage-thresholding algorithm): split the objective into a
smooth part (the squared error, and the L2 term) and the L1 term; take an ordinary gradient
step on the smooth part; then apply the L1 term's *proximal operator*, which for
:math:`t \lVert w \rVert_1` is :func:`soft_threshold`: every weight moves :math:`t`
towards 0, and weights within :math:`t` of 0 become exactly 0. Repeat until the weights stop
moving. Only numpy is used.
"""

from typing import NamedTuple

import numpy as np

from . import _checks

__all__ = ["RegularizedFit", "ridge", "lasso", "elastic_net", "soft_threshold", "ridge_path",
           "lasso_path"]


class RegularizedFit(NamedTuple):
    """Weights ``w`` (d,), intercept ``b``, and ``n_iter`` (0 for the closed-form ridge)."""

    w: np.ndarray
    b: float
    n_iter: int = 0

    def predict(self, X):
        """Predictions ``X @ w + b``."""
        return np.asarray(X, dtype=np.float64) @ self.w + self.b


def _Xy(X, y):
    """Validate a design matrix (n, d) and targets (n,); return float64 arrays."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        hint = "; for a single feature use X[:, None]" if X.ndim == 1 else ""
        raise ValueError(f"X must be 2-D with shape (n, d); got shape {X.shape}{hint}")
    if y.ndim != 1:
        hint = "; use y.ravel()" if y.ndim == 2 and 1 in y.shape else ""
        raise ValueError(f"y must be 1-D with shape (n,); got shape {y.shape}{hint}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows (shape {X.shape}) but y has {y.shape[0]} "
                         "values; they need one target per row")
    if X.shape[0] < 2 or X.shape[1] < 1:
        raise ValueError(f"need at least 2 rows and 1 column; got X of shape {X.shape}")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must contain finite numbers only")
    return X, y


def _lam(lam):
    return _checks.scalar_option("lam", lam, "[0, inf)")


def _centre(X, y, fit_intercept):
    if not fit_intercept:
        return X, y, np.zeros(X.shape[1]), 0.0
    x_mean, y_mean = X.mean(axis=0), y.mean()
    return X - x_mean, y - y_mean, x_mean, float(y_mean)


def ridge(X, y, lam, *, fit_intercept=True):
    r"""Ridge regression (L2-penalised least squares) in closed form.

    .. math::

        \hat w = \arg\min_w \lVert Xw + b - y \rVert_2^2 + \lambda \lVert w \rVert_2^2
               = (X_c^\top X_c + \lambda I)^{-1} X_c^\top y_c

    with :math:`X_c`, :math:`y_c` the centred data (the intercept is not penalised).

    Parameters
    ----------
    X : array-like, shape (n, d)
    y : array-like, shape (n,)
    lam : float >= 0
        Penalty weight :math:`\lambda`; ``alpha`` of ``sklearn.linear_model.Ridge``.
        ``lam=0`` is ordinary least squares (it needs :math:`X_c^\top X_c` invertible).
    fit_intercept : bool, default True

    Returns
    -------
    RegularizedFit
        ``w`` (d,), ``b`` and ``n_iter=0``.

    Notes
    -----
    Every weight shrinks smoothly towards 0 as :math:`\lambda` grows, but none becomes
    exactly 0. Adding :math:`\lambda I` makes the system well conditioned even when columns
    are nearly identical (Hoerl and Kennard 1970).

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0]]; y = [0.0, 1.0, 2.0]
    >>> round(float(ridge(X, y, 0.0).w[0]), 6), round(float(ridge(X, y, 2.0).w[0]), 6)
    (1.0, 0.5)
    """
    X, y = _Xy(X, y)
    lam = _lam(lam)
    Xc, yc, x_mean, y_mean = _centre(X, y, fit_intercept)
    A = Xc.T @ Xc + lam * np.eye(X.shape[1])
    try:
        w = np.linalg.solve(A, Xc.T @ yc)
    except np.linalg.LinAlgError:
        raise ValueError("X^T X + lam I is singular (columns of X are linearly dependent); "
                         "use lam > 0") from None
    return RegularizedFit(w, float(y_mean - x_mean @ w), 0)


def soft_threshold(z, t):
    r"""Soft-thresholding, the proximal operator of :math:`t \lVert \cdot \rVert_1`.

    .. math:: S_t(z) = \operatorname{sign}(z)\,\max(|z| - t, 0)

    Values within :math:`t` of zero become exactly 0; the others move :math:`t` towards 0.

    >>> soft_threshold([-3.0, -0.5, 0.2, 2.0], 1.0).tolist()
    [-2.0, 0.0, 0.0, 1.0]
    """
    t = float(t)
    if not t >= 0:
        raise ValueError(f"the threshold t must be >= 0; got {t!r}")
    z = np.asarray(z, dtype=np.float64)
    # np.where, not sign(z) * max(|z| - t, 0): that gives -0.0 for small negative z.
    return np.where(np.abs(z) > t, z - np.sign(z) * t, 0.0)


def _proximal_gradient(X, y, l1, l2, *, fit_intercept, max_iter, tol, w0):
    r"""Minimise (1/2n)||y_c - X_c w||^2 + l1 ||w||_1 + (l2/2) ||w||^2 by ISTA."""
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be an integer >= 1; got {max_iter!r}")
    tol = _checks.scalar_option("tol", tol, "(0, inf)")
    n, d = X.shape
    Xc, yc, x_mean, y_mean = _centre(X, y, fit_intercept)
    if w0 is None:
        w = np.zeros(d)
    else:
        w = np.array(w0, dtype=np.float64)
        if w.shape != (d,):
            raise ValueError(f"w0 must have shape ({d},) (one weight per column of X); "
                             f"got shape {w.shape}")
    G, c = Xc.T @ Xc / n, Xc.T @ yc / n           # gradient of the squared error: G w - c
    L = np.linalg.eigvalsh(G)[-1] + l2            # Lipschitz constant of the smooth gradient
    if L <= 0:                                    # every column constant and l2 = 0: only b
        return RegularizedFit(np.zeros(d), y_mean, 0)
    step = 1.0 / L
    for it in range(1, max_iter + 1):
        w_new = soft_threshold(w - step * (G @ w - c + l2 * w), step * l1)
        moved = np.abs(w_new - w).max()
        w = w_new
        if moved <= tol * (1.0 + np.abs(w).max()):
            break
    return RegularizedFit(w, float(y_mean - x_mean @ w), it)


def lasso(X, y, lam, *, fit_intercept=True, max_iter=100_000, tol=1e-10, w0=None):
    r"""Lasso (L1-penalised least squares) by proximal gradient descent (ISTA).

    .. math::

        \hat w = \arg\min_w \frac{1}{2n}\lVert Xw + b - y \rVert_2^2 + \lambda \lVert w \rVert_1

    Each step is a gradient step on the smooth squared-error part followed by
    soft-thresholding (:func:`soft_threshold`), which sets small weights to exactly 0:

    .. math::

        w \leftarrow S_{\eta\lambda}\!\left(w - \eta\, \tfrac1n X_c^\top (X_c w - y_c)\right),
        \qquad \eta = 1 / L, \quad L = \lambda_{\max}(X_c^\top X_c / n) .

    Parameters
    ----------
    X : array-like, shape (n, d)
    y : array-like, shape (n,)
    lam : float >= 0
        Penalty weight :math:`\lambda`; ``alpha`` of ``sklearn.linear_model.Lasso``.
    fit_intercept : bool, default True
    max_iter : int, default 100000
        Maximum number of ISTA steps.
    tol : float, default 1e-10
        Stop when no weight moves by more than ``tol`` times ``1 + max|w|`` in a step.
    w0 : array-like, shape (d,), optional
        Starting weights (warm start), zeros by default.

    Returns
    -------
    RegularizedFit
        ``w`` (d,), ``b`` and ``n_iter``, the number of steps taken.

    Notes
    -----
    ISTA is the simplest lasso solver (Daubechies, Defrise and De Mol 2004); its error falls
    like :math:`1/k`, more slowly on strongly correlated columns. With
    :math:`\lambda \ge \lVert X_c^\top y_c \rVert_\infty / n` every weight is 0. The lasso is
    :func:`elastic_net` with ``l1_ratio=1``.

    References
    ----------
    Tibshirani, R. (1996). Regression shrinkage and selection via the lasso. *Journal of the
    Royal Statistical Society B* 58(1), 267-288.
    Daubechies, I., Defrise, M. and De Mol, C. (2004). An iterative thresholding algorithm
    for linear inverse problems with a sparsity constraint. *Communications on Pure and
    Applied Mathematics* 57(11), 1413-1457.

    Examples
    --------
    >>> X = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]
    >>> y = [2.0, 0.1, -2.0, -0.1]
    >>> np.round(lasso(X, y, 0.1).w, 6).tolist()     # the small weight is exactly 0
    [1.8, 0.0]
    """
    X, y = _Xy(X, y)
    return _proximal_gradient(X, y, _lam(lam), 0.0, fit_intercept=fit_intercept,
                              max_iter=max_iter, tol=tol, w0=w0)


def elastic_net(X, y, lam, *, l1_ratio=0.5, fit_intercept=True, max_iter=100_000, tol=1e-12,
                w0=None):
    r"""Elastic net: least squares with both an L1 and an L2 penalty, by ISTA.

    .. math::

        \hat w = \arg\min_w \frac{1}{2n}\lVert Xw + b - y \rVert_2^2
                 + \lambda \rho \lVert w \rVert_1
                 + \frac{\lambda (1 - \rho)}{2} \lVert w \rVert_2^2,
        \qquad \rho = \texttt{l1\_ratio} .

    The L1 part sets weights exactly to 0 (as the lasso); the L2 part shares weight among
    correlated columns (as ridge) where the lasso would pick one of them. Proximal gradient
    descent: a gradient step on the smooth part (squared error and L2 term), then
    soft-thresholding by :math:`\eta\lambda\rho`:

    .. math::

        w \leftarrow S_{\eta\lambda\rho}\!\left(w - \eta \bigl(\tfrac1n X_c^\top (X_c w - y_c)
        + \lambda (1 - \rho) w\bigr)\right), \qquad
        \eta = \frac{1}{\lambda_{\max}(X_c^\top X_c / n) + \lambda (1 - \rho)} .

    Parameters
    ----------
    X : array-like, shape (n, d)
    y : array-like, shape (n,)
    lam : float >= 0
        Overall penalty weight :math:`\lambda`; ``alpha`` of
        ``sklearn.linear_model.ElasticNet``.
    l1_ratio : float in [0, 1], default 0.5
        Share :math:`\rho` of the L1 penalty; ``l1_ratio`` of scikit-learn. 1 is the
        :func:`lasso`; 0 is ridge with penalty :math:`n\lambda` in :func:`ridge`'s scaling.
    fit_intercept : bool, default True
    max_iter : int, default 100000
        Maximum number of ISTA steps.
    tol : float, default 1e-12
        Stop when no weight moves by more than ``tol`` times ``1 + max|w|`` in a step (with
        :math:`\rho < 1` the objective is strongly convex and ISTA converges linearly).
    w0 : array-like, shape (d,), optional
        Starting weights, zeros by default.

    Returns
    -------
    RegularizedFit
        ``w`` (d,), ``b`` and ``n_iter``.

    References
    ----------
    Zou, H. and Hastie, T. (2005). Regularization and variable selection via the elastic
    net. *Journal of the Royal Statistical Society B* 67(2), 301-320.

    Examples
    --------
    Orthogonal columns with :math:`\frac1n \lVert x_j \rVert^2 = 1`: each weight is the
    least-squares weight :math:`c_j`, soft-thresholded by :math:`\lambda\rho` and divided by
    :math:`1 + \lambda(1 - \rho)`; here :math:`c = (1.05, 0.95)`, so
    :math:`w = (0.95, 0.85) / 1.1`:

    >>> X = [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]]
    >>> y = [2.0, -2.0, 0.1, -0.1]
    >>> np.round(elastic_net(X, y, 0.2, l1_ratio=0.5).w, 6).tolist()
    [0.863636, 0.772727]
    """
    X, y = _Xy(X, y)
    lam = _lam(lam)
    rho = _checks.scalar_option("l1_ratio", l1_ratio, "[0, 1]")
    return _proximal_gradient(X, y, lam * rho, lam * (1 - rho), fit_intercept=fit_intercept,
                              max_iter=max_iter, tol=tol, w0=w0)


def _lams(lams):
    lams = np.asarray(lams, dtype=np.float64)
    if lams.ndim != 1 or lams.size == 0:
        raise ValueError(f"lams must be a non-empty 1-D array of penalty weights; "
                         f"got shape {lams.shape}")
    if not (np.isfinite(lams).all() and (lams >= 0).all()):
        raise ValueError(f"every lam must be a finite number >= 0; got min {lams.min()!r}")
    return lams


def ridge_path(X, y, lams, *, fit_intercept=True):
    r"""Ridge weights for each penalty in ``lams``: the regularisation path.

    Parameters
    ----------
    X : array-like, shape (n, d)
    y : array-like, shape (n,)
    lams : array-like, shape (m,)
        Penalty weights :math:`\lambda \ge 0`, in any order.

    Returns
    -------
    ndarray, shape (m, d)
        Row :math:`k` is :func:`ridge` ``(X, y, lams[k]).w``.

    >>> ridge_path([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0], [0.0, 2.0]).round(6).tolist()
    [[1.0], [0.5]]
    """
    lams = _lams(lams)
    return np.array([ridge(X, y, lam, fit_intercept=fit_intercept).w for lam in lams])


def lasso_path(X, y, lams, *, fit_intercept=True, max_iter=100_000, tol=1e-10):
    r"""Lasso weights for each penalty in ``lams``, warm-started along the path.

    The penalties are solved from the largest to the smallest (where most weights are 0 and
    ISTA is fast), each starting from the previous solution; the rows are returned in the
    order of ``lams``.

    Parameters
    ----------
    X : array-like, shape (n, d)
    y : array-like, shape (m,)
    lams : array-like, shape (m,)
        Penalty weights :math:`\lambda \ge 0`.
    max_iter, tol : as in :func:`lasso`.

    Returns
    -------
    ndarray, shape (m, d)
        Row :math:`k` is :func:`lasso` ``(X, y, lams[k]).w``.
    """
    lams = _lams(lams)
    X, y = _Xy(X, y)
    out = np.empty((lams.size, X.shape[1]))
    w = None
    for k in np.argsort(-lams, kind="stable"):
        w = lasso(X, y, lams[k], fit_intercept=fit_intercept, max_iter=max_iter, tol=tol,
                  w0=w).w
        out[k] = w
    return out
