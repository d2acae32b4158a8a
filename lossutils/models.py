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

from .losses import binary_cross_entropy_with_logits, cross_entropy_with_logits, mse
from .special import sigmoid, softmax

__all__ = ["Fit", "Trace", "fit_linear", "fit_logistic", "fit_softmax", "gradient_descent",
           "polynomial_features", "predict_proba"]


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
        Training loss before the first step and after every step.
    val_history : ndarray or None
        The same on the validation data, when it was given.
    path : ndarray, shape (steps + 1, d + 1)
        Parameters ``(w..., b)`` after each step, for single-output models (for plots of
        the descent path); ``None`` for softmax regression.
    """

    w: np.ndarray
    b: object
    history: np.ndarray
    val_history: object = None
    path: object = field(default=None, repr=False)

    def scores(self, X):
        """Raw model output :math:`XW + b` (predictions for regression, logits for classifiers)."""
        return _as_2d(X) @ self.w + self.b


@dataclass
class Trace:
    """Where gradient descent went: parameters ``theta`` (steps + 1, ...) and ``loss`` (steps + 1,)."""

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
    r"""Minimise a function by plain gradient descent :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)`.

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


def fit_linear(X, y, *, loss=mse, lr=0.1, steps=200, n_outputs=None, w0=None, b0=None,
               X_val=None, y_val=None, batch_size=None, seed=0, **loss_options):
    """Train scores ``X @ w + b`` to minimise ``loss(y, scores)`` by gradient descent.

    Parameters
    ----------
    X : array-like, shape (n,) or (n, d)
    y : array-like
        Targets in the form ``loss`` expects.
    loss : lossutils loss, default ``mse``
        Any loss whose prediction argument is the model's raw output.
    lr, steps : float, int
        Step size and number of updates.
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

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = 2 * x + 1
    >>> f = fit_linear(x, y, lr=0.1, steps=2000)
    >>> np.round(f.w, 4).tolist(), round(float(f.b), 4)
    ([2.0], 1.0)
    """
    X = _as_2d(X)
    n, d = X.shape
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

    history = [total_loss(X, y_arr)]
    val_history = [total_loss(X_val, y_val)] if has_val else None
    path = [np.append(w, b)] if n_outputs is None else None
    for _ in range(steps):
        rows = slice(None) if batch_size is None else rng.choice(n, size=batch_size, replace=False)
        Xb, yb = X[rows], y_arr[rows]
        G = loss.grad(yb, Xb @ w + b, **loss_options)   # dL/dscores
        w = w - lr * (Xb.T @ G)                          # dL/dw = X^T G
        b = b - lr * G.sum(axis=0)                       # dL/db = sum of G over rows
        history.append(total_loss(X, y_arr))
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
