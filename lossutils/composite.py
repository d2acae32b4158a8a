r"""Losses composed with a sigmoid, and calibration checks for predicted probabilities.

A probability-space loss :math:`L(y, p)` becomes a loss of logits :math:`z` by composing it
with the sigmoid, :math:`\ell(y, z) = L(y, \sigma(z))`. The chain rule gives its gradient,

.. math::

    \frac{\partial \ell}{\partial z} = \frac{\partial L}{\partial p}\,\sigma'(z),
    \qquad \sigma'(z) = \sigma(z)\,(1 - \sigma(z)),

so the factor :math:`\sigma(z)(1 - \sigma(z))` multiplies whatever the outer loss gives.
``sigmoid_mse`` (the squared error of a probability, the Brier score) is the usual example:
its gradient vanishes when the model is confidently wrong, which is why classifiers are
trained with cross-entropy instead.

Calibration: a classifier is calibrated when, among the examples to which it gives
probability about :math:`p`, a fraction about :math:`p` are positive. ``reliability_bins``
and ``expected_calibration_error`` measure that.
"""

from typing import NamedTuple

import numpy as np

from . import _checks
from .losses import Loss, mse
from .special import sigmoid

__all__ = ["ComposedWithSigmoid", "sigmoid_mse", "Reliability", "reliability_bins",
           "expected_calibration_error"]


class ComposedWithSigmoid(Loss):
    r"""A probability-space loss applied to :math:`\sigma(z)`: :math:`\ell_i = L(y_i, \sigma(z_i))`.

    The composed loss is called as ``composed(y_true, logits, *, reduction="mean")``, with
    ``y_true`` the 0/1 labels (or soft labels in [0, 1]) and ``logits`` the scores before the
    sigmoid, of the same shape; ``reduction`` is passed to the outer loss (``"none"``: each
    :math:`\ell_i`; ``"sum"``: :math:`\sum_i \ell_i`; ``"mean"``: :math:`\frac1N\sum_i \ell_i`).

    Parameters
    ----------
    loss : lossutils elementwise loss
        The outer loss ``loss(y_true, p, *, reduction=...)`` with a ``grad`` method, e.g.
        ``lossutils.mse``.

    Notes
    -----
    Gradient with respect to the logits (chain rule):

    .. math::

        \frac{\partial \ell_i}{\partial z_i} = \frac{\partial L}{\partial p}(y_i, p_i)\,
        p_i (1 - p_i), \qquad p_i = \sigma(z_i),

    divided by :math:`N` under ``"mean"`` (the outer loss's gradient already is).

    Examples
    --------
    >>> sq = ComposedWithSigmoid(mse)
    >>> float(sq([1.0], [0.0]))          # (0.5 - 1)^2
    0.25
    >>> sq.grad([1.0], [0.0]).tolist()   # 2 (0.5 - 1) * 0.5 * 0.5
    [-0.25]
    """

    def __init__(self, loss):
        if not (callable(loss) and hasattr(loss, "grad")):
            raise ValueError(f"loss must be a lossutils loss with a grad method; got {loss!r}")
        self.loss = loss
        self.name = f"{getattr(loss, 'name', 'loss')}_of_sigmoid"

    def _prepare(self, y_true, logits, reduction):
        _checks.check_reduction(reduction)
        y = _checks.as_float_array(y_true, "y_true")
        z = _checks.as_float_array(logits, "logits")
        _checks.same_shape(y, z, "y_true", "logits")
        _checks.in_unit_interval(y, "y_true", hint=". Class labels must be 0 or 1")
        return y, z

    def __call__(self, y_true, logits, *, reduction="mean"):
        y, z = self._prepare(y_true, logits, reduction)
        return self.loss(y, sigmoid(z), reduction=reduction)

    def grad(self, y_true, logits, *, reduction="mean"):
        y, z = self._prepare(y_true, logits, reduction)
        p = sigmoid(z)
        # d/dz L(y, sigma(z)) = L'(p) * sigma'(z), with sigma'(z) = p (1 - p).
        return self.loss.grad(y, p, reduction=reduction) * (p * (1.0 - p))


#: Squared error of the sigmoid probability, :math:`(\sigma(z) - y)^2` (the Brier score);
#: gradient :math:`2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))`.
sigmoid_mse = ComposedWithSigmoid(mse)


class Reliability(NamedTuple):
    """Per-bin calibration summary: bin ``edges`` (n_bins + 1,), and for each bin the
    ``mean_predicted`` probability, the ``observed`` fraction of positives and the ``count``
    (bins with no examples hold ``nan`` means and count 0)."""

    edges: np.ndarray
    mean_predicted: np.ndarray
    observed: np.ndarray
    count: np.ndarray


def _labels_and_probs(y_true, p):
    y = _checks.as_float_array(y_true, "y_true")
    p = _checks.as_float_array(p, "p")
    _checks.same_shape(y, p, "y_true", "p")
    if y.ndim != 1:
        raise ValueError(f"y_true and p must be 1-D (one value per example); got shape {y.shape}")
    if ((y != 0.0) & (y != 1.0)).any():
        raise ValueError(f"y_true must contain only 0 and 1; got values {np.unique(y)[:10].tolist()}")
    _checks.in_unit_interval(p, "p", hint=". Pass probabilities, e.g. lossutils.sigmoid(logits)")
    return y, p


def reliability_bins(y_true, p, *, n_bins=10):
    r"""Group predictions into equal-width probability bins and compare with outcomes.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    p : array-like, shape (n,), values in [0, 1]
        Predicted probability of class 1.
    n_bins : int >= 1, default 10
        Bins :math:`[0, \frac1B), [\frac1B, \frac2B), \dots, [\frac{B-1}B, 1]`.

    Returns
    -------
    Reliability
        For bin :math:`b` with index set :math:`S_b`: ``mean_predicted``
        :math:`\frac{1}{|S_b|}\sum_{i\in S_b} p_i`, ``observed``
        :math:`\frac{1}{|S_b|}\sum_{i\in S_b} y_i` and ``count`` :math:`|S_b|`.
        A calibrated model has ``observed`` close to ``mean_predicted`` in every bin.

    Examples
    --------
    >>> r = reliability_bins([0, 1, 1, 1], [0.1, 0.2, 0.9, 0.95], n_bins=2)
    >>> r.count.tolist(), r.observed.tolist()
    ([2, 2], [0.5, 1.0])
    """
    y, p = _labels_and_probs(y_true, p)
    if not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be an integer >= 1; got {n_bins!r}")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # Bin b holds edges[b] <= p < edges[b+1]; p = 1 goes into the last bin.
    idx = np.minimum((p * n_bins).astype(np.intp), n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(idx, weights=p, minlength=n_bins) / count
        observed = np.bincount(idx, weights=y, minlength=n_bins) / count
    return Reliability(edges, mean_predicted, observed, count)


def expected_calibration_error(y_true, p, *, n_bins=10):
    r"""Expected calibration error: the count-weighted gap between confidence and frequency.

    .. math::

        \mathrm{ECE} = \sum_{b=1}^{B} \frac{|S_b|}{n}\,
        \Bigl|\,\frac{1}{|S_b|}\sum_{i\in S_b} y_i - \frac{1}{|S_b|}\sum_{i\in S_b} p_i\Bigr|

    with the bins of :func:`reliability_bins` (empty bins contribute 0).

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    p : array-like, shape (n,), values in [0, 1]
    n_bins : int >= 1, default 10

    Returns
    -------
    float
        0 for a perfectly calibrated model (on these bins); at most 1.

    Examples
    --------
    >>> round(expected_calibration_error([0, 1, 1, 1], [0.1, 0.2, 0.9, 0.95], n_bins=2), 4)
    0.2125
    """
    r = reliability_bins(y_true, p, n_bins=n_bins)
    full = r.count > 0
    gaps = np.abs(r.observed[full] - r.mean_predicted[full])
    return float(np.sum(r.count[full] * gaps) / np.sum(r.count))
