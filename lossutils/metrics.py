r"""Metrics: numbers that *report* how good a model is, beside the losses that *train* it.

A metric is computed on the whole data set like a loss, but it is chosen to be read by
people (units of the target, a share of correct answers, a fraction of variance), not to be
differentiated. Every function takes ``(y_true, y_pred)`` in scikit-learn's order, checks
shapes strictly ((n,) against (n, 1) raises ``ValueError``) and returns a Python ``float``.

>>> from lossutils.metrics import accuracy, r2_score, rmse
>>> rmse([0.0, 0.0, 0.0, 0.0], [3.0, -3.0, 3.0, -3.0])   # in the units of y
3.0
"""

import numpy as np

from . import _checks

__all__ = ["accuracy", "rmse", "r2_score"]


def _regression_inputs(y_true, y_pred):
    y = _checks.as_float_array(y_true, "y_true")
    p = _checks.as_float_array(y_pred, "y_pred")
    _checks.same_shape(y, p, "y_true", "y_pred")
    return y, p


def rmse(y_true, y_pred):
    r"""Root mean squared error, in the units of the target.

    .. math::

        \mathrm{RMSE} = \sqrt{\frac{1}{N}\sum_{i=1}^{N} (\hat y_i - y_i)^2}

    Parameters
    ----------
    y_true : array-like, any shape
        Targets.
    y_pred : array-like, same shape as ``y_true``
        Predictions.

    Returns
    -------
    float
        The square root of ``lossutils.mse(y_true, y_pred)``. It is never smaller than the
        mean absolute error, and equals it only when every error has the same size.

    Notes
    -----
    The same as ``sklearn.metrics.root_mean_squared_error`` for one output.

    Examples
    --------
    >>> rmse([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 8.0])
    2.0
    """
    y, p = _regression_inputs(y_true, y_pred)
    return float(np.sqrt(np.mean((p - y) ** 2)))


def r2_score(y_true, y_pred):
    r"""Coefficient of determination :math:`R^2`: the share of the targets' variance explained.

    .. math::

        R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2},
        \qquad \bar y = \frac{1}{N}\sum_i y_i

    Parameters
    ----------
    y_true : array-like, shape (n,)
        Targets; at least two different values.
    y_pred : array-like, shape (n,)
        Predictions.

    Returns
    -------
    float
        1 for perfect predictions, 0 for predicting the mean :math:`\bar y` everywhere, and
        negative for predictions worse than that constant. It has no lower bound.

    Raises
    ------
    ValueError
        If the shapes differ, the input is not 1-D, or ``y_true`` is constant (then the
        denominator is 0 and :math:`R^2` is undefined; scikit-learn returns 0 or 1 instead).

    Notes
    -----
    Equals ``sklearn.metrics.r2_score`` for one output. Because the denominator is
    :math:`N` times the variance of the targets, :math:`R^2 = 1 - \mathrm{MSE} / \mathrm{Var}(y)`.

    Examples
    --------
    >>> r2_score([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])       # the mean of the targets
    0.0
    >>> r2_score([1.0, 2.0, 3.0], [3.0, 2.0, 1.0])       # worse than the mean
    -3.0
    """
    y, p = _regression_inputs(y_true, y_pred)
    if y.ndim != 1:
        raise ValueError(f"r2_score expects 1-D arrays of shape (n,); got shape {y.shape}. "
                         "For one output use y_true.ravel() and y_pred.ravel()")
    ss_tot = np.sum((y - y.mean()) ** 2)
    if ss_tot == 0:
        raise ValueError(f"R^2 is undefined when y_true is constant (all {y.size} values equal "
                         f"{y[0]!r}): its variance, the denominator, is 0")
    ss_res = np.sum((y - p) ** 2)
    return float(1.0 - ss_res / ss_tot)


def _labels(x, name):
    arr = np.asarray(x)
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); accuracy needs at least one label")
    if not (arr.dtype == bool or np.issubdtype(arr.dtype, np.integer)
            or np.issubdtype(arr.dtype, np.floating)):
        raise ValueError(f"{name} must hold numeric class labels; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating):
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
            raise ValueError(
                f"{name} must hold class labels (whole numbers); got {arr[idx]!r} at index {idx}. "
                "Accuracy counts exactly equal labels, which is meaningless for continuous "
                "targets: report mae, rmse or r2_score instead. For probabilities, threshold "
                "them first, e.g. (p >= 0.5).astype(int)")
    return arr


def accuracy(y_true, y_pred):
    r"""Share of predicted class labels equal to the true labels.

    .. math::

        \mathrm{accuracy} = \frac{1}{N}\sum_{i=1}^{N} \mathbf{1}[\hat y_i = y_i]

    Parameters
    ----------
    y_true : array-like of class labels (int, bool or whole-number floats), any shape
    y_pred : array-like of predicted labels, same shape as ``y_true``
        Labels, not probabilities or scores: threshold them first.

    Returns
    -------
    float
        A number in [0, 1] (multiply by 100 for a percentage).

    Raises
    ------
    ValueError
        If the shapes differ, or a value is not a whole number (a probability, a score or a
        continuous regression target), since equality of real numbers is not a useful test.

    Notes
    -----
    Equals ``sklearn.metrics.accuracy_score``. It is piecewise constant in the model's
    parameters, so its gradient is 0 almost everywhere: it reports, it cannot train.

    Examples
    --------
    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    y = _labels(y_true, "y_true")
    p = _labels(y_pred, "y_pred")
    _checks.same_shape(y, p, "y_true", "y_pred")
    return float(np.mean(y == p))
