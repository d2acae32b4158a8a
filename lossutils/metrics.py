r"""Metrics: numbers that *report* how good a model is, beside the losses that *train* it.

A metric is computed on the whole data set like a loss, but it is chosen to be read by
people (units of the target, a share of correct answers, a fraction of variance, an area
under a curve), not to be differentiated. Every function takes ``(y_true, prediction)`` in
scikit-learn's order, checks shapes strictly ((n,) against (n, 1) raises ``ValueError``) and
refuses values outside their domain, with a message that names the argument.

* regression: :func:`rmse`, :func:`r2_score`;
* class labels: :func:`accuracy`, :func:`confusion_matrix`;
* scores of a binary classifier (any real number, larger means "more likely class 1"):
  :func:`roc_curve`, :func:`roc_auc`;
* predicted probabilities ``probs`` of class 1: :func:`brier_score`, and the calibration
  checks :func:`reliability_bins` and :func:`expected_calibration_error`. A classifier is
  calibrated when, among the examples to which it gives probability about :math:`q`, a
  fraction about :math:`q` are positive.

>>> from lossutils.metrics import accuracy, r2_score, rmse
>>> rmse([0.0, 0.0, 0.0, 0.0], [3.0, -3.0, 3.0, -3.0])   # in the units of y
3.0
"""

from typing import NamedTuple

import numpy as np

from . import _checks

__all__ = ["accuracy", "rmse", "r2_score", "confusion_matrix", "brier_score", "roc_curve",
           "roc_auc", "Reliability", "reliability_bins", "expected_calibration_error"]


def _paired(y, values, name):
    """``values`` as a float array of exactly the shape of the checked ``y_true`` array ``y``."""
    v = _checks.as_float_array(values, name)
    _checks.same_shape(y, v, "y_true", name)
    return v


def _regression_inputs(y_true, y_pred):
    y = _checks.as_float_array(y_true, "y_true")
    return y, _paired(y, y_pred, "y_pred")


def rmse(y_true, y_pred):
    r"""Root mean squared error, in the units of the target.

    .. math::

        \mathrm{RMSE} = \sqrt{\frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2}

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
        \qquad \bar y = \frac{1}{n}\sum_i y_i

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
    :math:`n` times the variance of the targets, :math:`R^2 = 1 - \mathrm{MSE} / \mathrm{Var}(y)`.

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
        raise ValueError(f"{name} is empty (shape {arr.shape}); a metric needs at least one label")
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

        \mathrm{accuracy} = \frac{1}{n}\sum_{i=1}^{n} \mathbf{1}[\hat y_i = y_i]

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


def confusion_matrix(y_true, y_pred, *, labels=None):
    r"""Counts of (true class, predicted class) pairs: row = true class, column = predicted.

    .. math::

        C_{rc} = \sum_{i=1}^{n} \mathbf{1}[y_i = \ell_r]\,\mathbf{1}[\hat y_i = \ell_c],
        \qquad r, c = 0, \dots, k - 1

    for the class labels :math:`\ell_0 < \ell_1 < \dots < \ell_{k-1}`.

    Parameters
    ----------
    y_true : array-like of class labels (int, bool or whole-number floats), shape (n,)
    y_pred : array-like of predicted labels, shape (n,)
        Labels, not probabilities or scores: threshold them first.
    labels : array-like of shape (k,), optional
        The classes, in the order of the rows and columns. Default: the sorted labels that
        occur in ``y_true`` or ``y_pred``. Give it to include a class that never occurs.

    Returns
    -------
    ndarray of int, shape (k, k)
        The diagonal counts the correct answers, so ``np.trace(C) / n`` is the
        :func:`accuracy`. For two classes 0 and 1: ``[[TN, FP], [FN, TP]]``.

    Raises
    ------
    ValueError
        If the shapes differ, the input is not 1-D, a value is not a whole number, or a label
        is missing from ``labels``.

    Notes
    -----
    Equals ``sklearn.metrics.confusion_matrix(y_true, y_pred, labels=labels)``.

    Examples
    --------
    >>> confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]).tolist()   # [[TN, FP], [FN, TP]]
    [[1, 1], [1, 2]]
    """
    y = _labels(y_true, "y_true")
    p = _labels(y_pred, "y_pred")
    _checks.same_shape(y, p, "y_true", "y_pred")
    if y.ndim != 1:
        raise ValueError(f"confusion_matrix expects 1-D labels of shape (n,); got shape {y.shape}")
    if labels is None:
        classes = np.union1d(y, p)
    else:
        classes = _labels(labels, "labels")
        if classes.ndim != 1 or np.unique(classes).size != classes.size:
            raise ValueError(f"labels must be a 1-D list of distinct classes; got {classes!r}")
        for arr, name in ((y, "y_true"), (p, "y_pred")):
            missing = np.setdiff1d(arr, classes)
            if missing.size:
                raise ValueError(f"{name} holds the label {missing[0].item()!r}, which is not in "
                                 f"labels={classes.tolist()}")
    k = classes.size
    order = np.argsort(classes, kind="stable")
    # Index of each label in `classes`: position in the sorted classes, mapped back.
    row = order[np.searchsorted(classes, y, sorter=order)]
    col = order[np.searchsorted(classes, p, sorter=order)]
    return np.bincount(row * k + col, minlength=k * k).reshape(k, k)


def _binary_labels(y_true, n_needed=1):
    """Labels 0/1 of shape (n,) as float64; ``n_needed=2`` requires both classes to occur."""
    y = _checks.as_float_array(y_true, "y_true")
    if y.ndim != 1:
        raise ValueError(f"y_true must be 1-D (one label per example); got shape {y.shape}")
    if ((y != 0.0) & (y != 1.0)).any():
        raise ValueError(f"y_true must contain only 0 and 1; got values "
                         f"{np.unique(y)[:10].tolist()}. For labels -1/+1 pass (y == 1)")
    if n_needed == 2 and (y.min() == y.max()):
        raise ValueError(f"y_true holds only the class {int(y[0])}; the ROC curve and its area "
                         "need at least one example of each class")
    return y


def _probs(probs, y):
    q = _paired(y, probs, "probs")
    if q.min() < 0 or q.max() > 1:
        bad = int(np.argmax((q < 0) | (q > 1)))
        raise ValueError(f"probs must hold probabilities in [0, 1]; got {q[bad].item()!r} at "
                         f"index {bad}. Pass probabilities, e.g. lossutils.sigmoid(logits)")
    return q


def brier_score(y_true, probs):
    r"""Brier score: the mean squared error of predicted probabilities against 0/1 outcomes.

    .. math::

        \mathrm{BS} = \frac{1}{n}\sum_{i=1}^{n} (q_i - y_i)^2

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    probs : array-like, shape (n,), values in [0, 1]
        Predicted probability :math:`q_i` of class 1.

    Returns
    -------
    float
        In [0, 1]; 0 for certain and correct predictions, 0.25 for always answering 0.5.

    Notes
    -----
    A strictly proper scoring rule, like the log loss (cross-entropy): its expected value is
    smallest when :math:`q` is the true probability (Gneiting and Raftery 2007). Unlike the
    log loss it is bounded, so one confidently wrong answer costs at most 1. Equals
    ``sklearn.metrics.brier_score_loss``. It is ``lossutils.mse(y_true, probs)`` with the
    checks of a probability metric.

    References
    ----------
    Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
    *Monthly Weather Review* 78(1), 1-3.
    Gneiting, T. and Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
    estimation. *Journal of the American Statistical Association* 102(477), 359-378.

    Examples
    --------
    >>> brier_score([1, 0, 1, 0], [1.0, 0.0, 0.5, 0.5])   # (0 + 0 + 0.25 + 0.25) / 4
    0.125
    """
    y = _binary_labels(y_true)
    q = _probs(probs, y)
    return float(np.mean((q - y) ** 2))


def roc_curve(y_true, scores):
    r"""Receiver operating characteristic: true- and false-positive rates at every threshold.

    Predicting class 1 when :math:`s_i \ge t`, for a threshold :math:`t`:

    .. math::

        \mathrm{TPR}(t) = \frac{\#\{i : y_i = 1,\ s_i \ge t\}}{\#\{i : y_i = 1\}}, \qquad
        \mathrm{FPR}(t) = \frac{\#\{i : y_i = 0,\ s_i \ge t\}}{\#\{i : y_i = 0\}} .

    The thresholds are :math:`+\infty` (nothing predicted positive: the point (0, 0)) and
    then every distinct score, from the largest to the smallest (the last gives (1, 1)).

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
        Both classes must occur.
    scores : array-like, shape (n,)
        Any real scores (logits, probabilities, margins); only their order matters.

    Returns
    -------
    fpr, tpr : ndarray, shape (m + 1,)
        Non-decreasing rates, from 0 to 1, for ``m`` distinct scores.
    thresholds : ndarray, shape (m + 1,)
        Decreasing; ``thresholds[0]`` is ``inf``.

    Notes
    -----
    Equals ``sklearn.metrics.roc_curve(y_true, scores, drop_intermediate=False)``
    (scikit-learn's default ``drop_intermediate=True`` also drops points on straight pieces
    of the curve). Tied scores move the curve diagonally in one step.

    References
    ----------
    Fawcett, T. (2006). An introduction to ROC analysis. *Pattern Recognition Letters* 27(8),
    861-874.

    Examples
    --------
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist(), thresholds.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0], [inf, 0.8, 0.4, 0.35, 0.1])
    """
    y = _binary_labels(y_true, n_needed=2)
    s = _paired(y, scores, "scores")
    order = np.argsort(-s, kind="stable")               # largest score first
    s, y = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s)), s.size - 1]  # last index of each distinct score
    tp = np.cumsum(y)[last]                             # positives with score >= threshold
    fp = (last + 1) - tp                                # negatives with score >= threshold
    fpr = np.r_[0.0, fp / fp[-1]]
    tpr = np.r_[0.0, tp / tp[-1]]
    return fpr, tpr, np.r_[np.inf, s[last]]


def roc_auc(y_true, scores):
    r"""Area under the ROC curve: the chance that a random positive outscores a random negative.

    With :math:`P` positives and :math:`n` negatives (the Mann-Whitney form, ties count half):

    .. math::

        \mathrm{AUC} = \frac{1}{P N} \sum_{i : y_i = 1}\ \sum_{j : y_j = 0}
        \Bigl(\mathbf{1}[s_i > s_j] + \tfrac12 \mathbf{1}[s_i = s_j]\Bigr)
        = \frac{R_+ - P(P + 1)/2}{P N},

    where :math:`R_+` is the sum of the ranks of the positives' scores among all :math:`n`
    scores (rank 1 = smallest; tied scores share their average rank). Computed with the
    ranks, in :math:`O(n \log n)`.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
        Both classes must occur.
    scores : array-like, shape (n,)
        Any real scores; only their order matters.

    Returns
    -------
    float
        In [0, 1]: 1 when every positive scores above every negative, 0.5 for scores that
        carry no information (or all equal), 0 when the order is exactly reversed.

    Notes
    -----
    Equals ``sklearn.metrics.roc_auc_score`` for binary labels, and the trapezoidal area
    under :func:`roc_curve` (a tie gives a diagonal piece, whose trapezoid counts half).

    References
    ----------
    Hanley, J. A. and McNeil, B. J. (1982). The meaning and use of the area under a receiver
    operating characteristic (ROC) curve. *Radiology* 143(1), 29-36.

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])   # 3 of the 4 (positive, negative) pairs
    0.75
    >>> roc_auc([0, 1], [0.5, 0.5])                     # a tie counts half
    0.5
    """
    y = _binary_labels(y_true, n_needed=2)
    s = _paired(y, scores, "scores")
    order = np.argsort(s, kind="stable")
    _, first, counts = np.unique(s[order], return_index=True, return_counts=True)
    ranks = np.empty(s.size)
    ranks[order] = np.repeat(first + (counts + 1) / 2, counts)   # average rank of each tie
    n_pos = y.sum()
    n_neg = y.size - n_pos
    return float((ranks @ y - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


class Reliability(NamedTuple):
    """Per-bin calibration summary: bin ``edges`` (n_bins + 1,), and for each bin the
    ``mean_predicted`` probability, the ``observed`` fraction of positives and the ``count``
    (bins with no examples hold ``nan`` means and count 0)."""

    edges: np.ndarray
    mean_predicted: np.ndarray
    observed: np.ndarray
    count: np.ndarray


def _n_bins(n_bins):
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be an integer >= 1; got {n_bins!r}")
    return int(n_bins)


def reliability_bins(y_true, probs, *, n_bins=10):
    r"""Group predictions into equal-width probability bins and compare with outcomes.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    probs : array-like, shape (n,), values in [0, 1]
        Predicted probability :math:`q_i` of class 1.
    n_bins : int >= 1, default 10
        Bins :math:`[0, \frac1B), [\frac1B, \frac2B), \dots, [\frac{B-1}B, 1]`.

    Returns
    -------
    Reliability
        For bin :math:`b` with index set :math:`S_b`: ``mean_predicted``
        :math:`\frac{1}{|S_b|}\sum_{i\in S_b} q_i`, ``observed``
        :math:`\frac{1}{|S_b|}\sum_{i\in S_b} y_i` and ``count`` :math:`|S_b|`.
        A calibrated model has ``observed`` close to ``mean_predicted`` in every bin; plotting
        one against the other gives the reliability diagram.

    Notes
    -----
    ``observed`` and ``mean_predicted`` of the non-empty bins are ``prob_true`` and
    ``prob_pred`` of ``sklearn.calibration.calibration_curve(y_true, probs, n_bins=n_bins)``.

    References
    ----------
    DeGroot, M. H. and Fienberg, S. E. (1983). The comparison and evaluation of forecasters.
    *Journal of the Royal Statistical Society D* 32(1/2), 12-22.

    Examples
    --------
    >>> r = reliability_bins([0, 1, 1, 1], [0.1, 0.2, 0.9, 0.95], n_bins=2)
    >>> r.count.tolist(), r.observed.tolist()
    ([2, 2], [0.5, 1.0])
    """
    y = _binary_labels(y_true)
    q = _probs(probs, y)
    n_bins = _n_bins(n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # Bin b holds edges[b] <= q < edges[b+1]; q = 1 goes into the last bin.
    idx = np.searchsorted(edges[1:-1], q, side="right")
    count = np.bincount(idx, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(idx, weights=q, minlength=n_bins) / count
        observed = np.bincount(idx, weights=y, minlength=n_bins) / count
    return Reliability(edges, mean_predicted, observed, count)


def expected_calibration_error(y_true, probs, *, n_bins=10):
    r"""Expected calibration error: the count-weighted gap between confidence and frequency.

    .. math::

        \mathrm{ECE} = \sum_{b=1}^{B} \frac{|S_b|}{n}\,
        \Bigl|\,\frac{1}{|S_b|}\sum_{i\in S_b} y_i - \frac{1}{|S_b|}\sum_{i\in S_b} q_i\Bigr|

    with the bins of :func:`reliability_bins` (empty bins contribute 0).

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    probs : array-like, shape (n,), values in [0, 1]
        Predicted probability :math:`q_i` of class 1.
    n_bins : int >= 1, default 10

    Returns
    -------
    float
        0 for a perfectly calibrated model (on these bins); at most 1. It depends on the
        binning, and a model that always predicts the base rate has ECE 0 without
        discriminating at all: report it beside a proper score such as :func:`brier_score`.

    References
    ----------
    Naeini, M. P., Cooper, G. F. and Hauskrecht, M. (2015). Obtaining well calibrated
    probabilities using Bayesian binning. *AAAI* 29, 2901-2907.
    Guo, C., Pleiss, G., Sun, Y. and Weinberger, K. Q. (2017). On calibration of modern
    neural networks. *ICML*, 1321-1330.

    Examples
    --------
    >>> round(expected_calibration_error([0, 1, 1, 1], [0.1, 0.2, 0.9, 0.95], n_bins=2), 4)
    0.2125
    """
    r = reliability_bins(y_true, probs, n_bins=n_bins)
    full = r.count > 0
    gaps = np.abs(r.observed[full] - r.mean_predicted[full])
    return float(np.sum(r.count[full] * gaps) / np.sum(r.count))
