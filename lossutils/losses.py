r"""The book's loss functions, each with its analytic gradient.

Every loss is a callable object::

    loss(y_true, prediction, *, <options>, reduction="mean")       # the value
    loss.grad(y_true, prediction, *, <options>, reduction="mean")  # d value / d prediction

The argument order is scikit-learn's (truth first). ``reduction`` is the only way to
aggregate, and means what it means in PyTorch: with per-example terms
:math:`\ell_1, \dots, \ell_N`,

* ``"none"``: the array of terms :math:`\ell_i` (same shape as the input for elementwise
  losses, one value per row for the cross-entropies and the KL divergence);
* ``"sum"``: :math:`\sum_i \ell_i`;
* ``"mean"``: :math:`\frac{1}{N}\sum_i \ell_i` (the default).

``grad`` returns an array shaped like the prediction: the derivative of the reduced value
(for ``"none"``, the derivative of each term with respect to its own prediction; for the
cross-entropies, the gradient of each row's term with respect to that row).

Inputs may be lists or arrays of any float or integer type; they are converted to float64
(float32 input is therefore computed in float64) and never modified. Shapes must match
exactly: ``(n,)`` against ``(n, 1)`` raises ``ValueError`` instead of broadcasting to
``(n, n)``.
"""

import numpy as np

from . import _checks
from .special import log_softmax, softmax

__all__ = [
    "Loss",
    "mse",
    "mae",
    "huber",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_with_logits",
    "hinge",
    "kl_divergence",
    "EPS",
]

#: Clipping constant for probability-space losses: machine epsilon of float64 (as scikit-learn).
EPS = float(np.finfo(np.float64).eps)


def _in_place(e):
    """``out=`` for a ufunc applied to our own temporary ``e``: ``e`` itself, which saves
    allocating a second array of the same size (costly for large n); ``None`` when ``e``
    is a numpy scalar (0-d input), which cannot be written into."""
    return e if isinstance(e, np.ndarray) else None


class Loss:
    """Base class: a loss value (``__call__``) and its gradient (``grad``).

    Subclasses validate their inputs, compute the per-example terms and the per-term
    gradients; this class applies the reduction to both.
    """

    name = "loss"

    def __repr__(self):
        return f"<lossutils loss {self.name}>"

    @staticmethod
    def _reduce(terms, reduction):
        if reduction == "none":
            return terms
        if reduction == "sum":
            return np.sum(terms)
        return np.mean(terms)

    @staticmethod
    def _reduce_grad(term_grad, reduction, n_terms):
        # d(mean)/d(pred) = d(term)/d(pred) / N;  sum and none keep the per-term derivative.
        if reduction == "mean":
            # In place: every grad passes a new array of its own, so no copy is needed.
            term_grad /= n_terms
        return term_grad


class _Elementwise(Loss):
    """A loss with one term per element: y_true and y_pred have the same shape."""

    pred_name = "y_pred"

    def _prepare(self, y_true, pred, reduction):
        _checks.check_reduction(reduction)
        y = _checks.as_float_array(y_true, "y_true")
        p = _checks.as_float_array(pred, self.pred_name)
        _checks.same_shape(y, p, "y_true", self.pred_name)
        return y, p


class MeanSquaredError(_Elementwise):
    r"""Squared error :math:`\ell_i = (\hat y_i - y_i)^2`, the L2 loss.

    Parameters
    ----------
    y_true : array-like, any shape
        Targets.
    y_pred : array-like, same shape as ``y_true``
        Predictions.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or ndarray
        ``"mean"``: :math:`\frac{1}{N}\sum_i (\hat y_i - y_i)^2` (the MSE);
        ``"sum"``: :math:`\sum_i (\hat y_i - y_i)^2`; ``"none"``: each :math:`\ell_i`.

    Notes
    -----
    Gradient: :math:`\partial \ell_i / \partial \hat y_i = 2(\hat y_i - y_i)`, divided by
    :math:`N` under ``"mean"``. The same as ``torch.nn.functional.mse_loss``.

    Examples
    --------
    >>> float(mse([4.0], [1.0]))          # predict 1 when the truth is 4
    9.0
    >>> mse.grad([4.0, 0.0], [1.0, 1.0]).tolist()
    [-3.0, 1.0]
    """

    name = "mse"

    def __call__(self, y_true, y_pred, *, reduction="mean"):
        y, p = self._prepare(y_true, y_pred, reduction)
        e = (p - y).ravel()
        if reduction == "none":
            return (e * e).reshape(p.shape)
        # The sum of squares is the dot product e . e: one pass, no second temporary array.
        total = np.dot(e, e)
        return total if reduction == "sum" else total / e.size

    def grad(self, y_true, y_pred, *, reduction="mean"):
        y, p = self._prepare(y_true, y_pred, reduction)
        return self._reduce_grad(2.0 * (p - y), reduction, p.size)


class MeanAbsoluteError(_Elementwise):
    r"""Absolute error :math:`\ell_i = |\hat y_i - y_i|`, the L1 loss.

    Parameters
    ----------
    y_true : array-like, any shape
    y_pred : array-like, same shape as ``y_true``
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or ndarray
        ``"mean"``: :math:`\frac{1}{N}\sum_i |\hat y_i - y_i|` (the MAE); ``"sum"``; ``"none"``.

    Notes
    -----
    Gradient: :math:`\operatorname{sign}(\hat y_i - y_i)` (0 where the prediction is exact,
    as in PyTorch), divided by :math:`N` under ``"mean"``. Its size never exceeds 1: this
    bounded gradient is why L1 is robust to outliers. As ``torch.nn.functional.l1_loss``.

    Examples
    --------
    >>> float(mae([1.0, 2.0, 3.0], [1.0, 2.0, 9.0]))
    2.0
    """

    name = "mae"

    def __call__(self, y_true, y_pred, *, reduction="mean"):
        y, p = self._prepare(y_true, y_pred, reduction)
        e = p - y
        return self._reduce(np.abs(e, out=_in_place(e)), reduction)

    def grad(self, y_true, y_pred, *, reduction="mean"):
        y, p = self._prepare(y_true, y_pred, reduction)
        e = p - y
        # sign(e) = [e > 0] - [e < 0], written into e: numpy's np.sign in place is a slow
        # branchy loop, this is vectorised (and gives 0, not -0, at e = -0.0, as np.sign).
        g = np.subtract(e > 0, e < 0, out=_in_place(e), dtype=np.float64)
        return self._reduce_grad(g, reduction, p.size)


class Huber(_Elementwise):
    r"""Huber loss: quadratic for small errors, linear for large ones.

    .. math::

        \ell_i = \begin{cases} \tfrac12 e_i^2 & |e_i| \le \delta \\
                 \delta\,(|e_i| - \tfrac12\delta) & |e_i| > \delta \end{cases},
        \qquad e_i = \hat y_i - y_i .

    Parameters
    ----------
    y_true : array-like, any shape
    y_pred : array-like, same shape as ``y_true``
    delta : float > 0, default 1.0
        Where the quadratic part hands over to the linear part.
    reduction : {"mean", "sum", "none"}, default "mean"

    Notes
    -----
    Gradient: :math:`\operatorname{clip}(e_i, -\delta, \delta)`, divided by :math:`N` under
    ``"mean"``. As :math:`\delta \to \infty` the loss tends to half the squared error; for
    :math:`|e| \gg \delta` it is about :math:`\delta |e|`. As
    ``torch.nn.functional.huber_loss(delta=...)``. Huber (1964).

    Examples
    --------
    >>> huber([0.0, 0.0], [0.5, 3.0], reduction="none").tolist()
    [0.125, 2.5]
    """

    name = "huber"

    def _delta(self, delta):
        delta = float(delta)
        if not delta > 0 or not np.isfinite(delta):
            raise ValueError(f"delta must be a finite number > 0; got {delta!r}")
        return delta

    def __call__(self, y_true, y_pred, *, delta=1.0, reduction="mean"):
        y, p = self._prepare(y_true, y_pred, reduction)
        delta = self._delta(delta)
        a = p - y
        a = np.abs(a, out=_in_place(a))
        # One formula for both branches: with c = min(|e|, delta), c * (|e| - c/2) is
        # |e|^2/2 when |e| <= delta and delta * (|e| - delta/2) otherwise.
        c = np.minimum(a, delta)
        if reduction == "none":
            return c * (a - 0.5 * c)
        # Summed: sum c*(a - c/2) = c . a - (c . c)/2, two dot products and no temporaries.
        a, c = a.ravel(), c.ravel()
        total = np.dot(c, a) - 0.5 * np.dot(c, c)
        return total if reduction == "sum" else total / a.size

    def grad(self, y_true, y_pred, *, delta=1.0, reduction="mean"):
        y, p = self._prepare(y_true, y_pred, reduction)
        delta = self._delta(delta)
        e = p - y
        g = np.clip(e, -delta, delta, out=_in_place(e))
        return self._reduce_grad(g, reduction, p.size)


class BinaryCrossEntropy(_Elementwise):
    r"""Binary cross-entropy (log loss) of predicted probabilities.

    .. math::

        \ell_i = -\bigl[y_i \log \tilde p_i + (1 - y_i)\log(1 - \tilde p_i)\bigr],
        \qquad \tilde p_i = \operatorname{clip}(p_i, \varepsilon, 1 - \varepsilon)

    with :math:`\varepsilon` = :data:`EPS` (float64 machine epsilon), so the loss and its
    gradient stay finite at :math:`p = 0` and :math:`p = 1`.

    Parameters
    ----------
    y_true : array-like, values in [0, 1]
        Targets: 0/1 labels or soft labels.
    p : array-like, same shape, values in [0, 1]
        Predicted probability of class 1.
    reduction : {"mean", "sum", "none"}, default "mean"

    Notes
    -----
    Gradient (at the clipped :math:`\tilde p`):
    :math:`-y_i/\tilde p_i + (1-y_i)/(1-\tilde p_i)`, divided by :math:`N` under ``"mean"``.
    The clip bounds a confidently wrong answer at :math:`-\log\varepsilon \approx 36`
    (PyTorch's ``binary_cross_entropy`` bounds it at 100 instead). Prefer
    :data:`binary_cross_entropy_with_logits`: it needs no clipping.

    Examples
    --------
    >>> round(float(binary_cross_entropy([1.0], [0.5])), 6)
    0.693147
    >>> round(float(binary_cross_entropy([1.0], [0.0])), 4)   # finite, not inf
    36.0437
    """

    name = "binary_cross_entropy"
    pred_name = "p"

    def _prepare(self, y_true, p, reduction):
        y, p = super()._prepare(y_true, p, reduction)
        _checks.in_unit_interval(y, "y_true")
        _checks.in_unit_interval(p, "p", hint=". Did you pass logits? Use "
                                 "binary_cross_entropy_with_logits")
        return y, np.clip(p, EPS, 1.0 - EPS)

    def __call__(self, y_true, p, *, reduction="mean"):
        y, p = self._prepare(y_true, p, reduction)
        # log(1 - p) via log1p(-p): accurate when p is tiny.
        return self._reduce(-(y * np.log(p) + (1.0 - y) * np.log1p(-p)), reduction)

    def grad(self, y_true, p, *, reduction="mean"):
        y, p = self._prepare(y_true, p, reduction)
        return self._reduce_grad(-y / p + (1.0 - y) / (1.0 - p), reduction, p.size)


class BinaryCrossEntropyWithLogits(_Elementwise):
    r"""Binary cross-entropy computed from logits :math:`z` (scores before the sigmoid).

    .. math::

        \ell_i = -\bigl[y_i \log\sigma(z_i) + (1-y_i)\log(1-\sigma(z_i))\bigr]
               = \operatorname{softplus}(z_i) - y_i z_i

    Parameters
    ----------
    y_true : array-like, values in [0, 1]
    logits : array-like, same shape
    reduction : {"mean", "sum", "none"}, default "mean"

    Notes
    -----
    Uses :math:`-\log\sigma(z) = \operatorname{softplus}(-z)` and
    :math:`-\log(1-\sigma(z)) = \operatorname{softplus}(z)`, with
    :math:`\operatorname{softplus}(\pm z) = \max(\pm z, 0) + \log(1 + e^{-|z|})`, summed as
    non-negative parts (no cancellation): exact and warning-free for logits of any size
    (tested to :math:`\pm 10^4`).
    Gradient: :math:`\sigma(z_i) - y_i`, divided by :math:`N` under ``"mean"``.
    As ``torch.nn.functional.binary_cross_entropy_with_logits``.

    Examples
    --------
    >>> float(binary_cross_entropy_with_logits([1.0], [1e4]))   # naive formula: nan
    0.0
    >>> float(binary_cross_entropy_with_logits([0.0], [1e4]))
    10000.0
    """

    name = "binary_cross_entropy_with_logits"
    pred_name = "logits"

    def _prepare(self, y_true, logits, reduction):
        y, z = super()._prepare(y_true, logits, reduction)
        _checks.in_unit_interval(y, "y_true")
        return y, z

    def __call__(self, y_true, logits, *, reduction="mean"):
        y, z = self._prepare(y_true, logits, reduction)
        # -log s(z) = softplus(-z) and -log(1 - s(z)) = softplus(z), with
        # softplus(+-z) = max(+-z, 0) + log1p(exp(-|z|)). Summing these non-negative parts
        # avoids the cancellation of softplus(z) - y*z (e.g. z = 20, y = 1).
        with np.errstate(under="ignore"):
            t = np.log1p(np.exp(-np.abs(z)))
        terms = t + y * np.maximum(-z, 0.0) + (1.0 - y) * np.maximum(z, 0.0)
        return self._reduce(terms, reduction)

    def grad(self, y_true, logits, *, reduction="mean"):
        y, z = self._prepare(y_true, logits, reduction)
        # sigma(z) - y = (1 - y) sigma(z) - y sigma(-z): exact for hard labels (no 1 - 0.99999...).
        with np.errstate(under="ignore"):
            e = np.exp(-np.abs(z))
        pos = z >= 0
        g = ((1.0 - y) * np.where(pos, 1.0, e) - y * np.where(pos, e, 1.0)) / (1.0 + e)
        return self._reduce_grad(g, reduction, z.size)


class Hinge(_Elementwise):
    r"""Hinge loss :math:`\ell_i = \max(0, 1 - y_i s_i)` for labels :math:`y_i \in \{-1, +1\}`.

    Parameters
    ----------
    y_true : array-like of -1 and +1
    scores : array-like, same shape
        Real-valued classifier scores :math:`s_i = f(x_i)`; the margin is :math:`y_i s_i`.
    reduction : {"mean", "sum", "none"}, default "mean"

    Notes
    -----
    Zero once the margin reaches 1. (Sub)gradient: :math:`-y_i` where
    :math:`y_i s_i < 1`, else 0, divided by :math:`N` under ``"mean"``. The mean equals
    ``sklearn.metrics.hinge_loss`` for binary labels.

    Examples
    --------
    >>> hinge([1, -1, 1], [2.0, 0.5, -1.0], reduction="none").tolist()
    [0.0, 1.5, 2.0]
    """

    name = "hinge"
    pred_name = "scores"

    def _prepare(self, y_true, scores, reduction):
        y, s = super()._prepare(y_true, scores, reduction)
        bad = (y != 1.0) & (y != -1.0)
        if bad.any():
            found = np.unique(y).tolist()
            raise ValueError("y_true must contain only -1 and +1 for the hinge loss; got values "
                             f"{found[:10]}. For 0/1 labels y, pass 2*y - 1")
        return y, s

    def __call__(self, y_true, scores, *, reduction="mean"):
        y, s = self._prepare(y_true, scores, reduction)
        return self._reduce(np.maximum(0.0, 1.0 - y * s), reduction)

    def grad(self, y_true, scores, *, reduction="mean"):
        y, s = self._prepare(y_true, scores, reduction)
        return self._reduce_grad(np.where(y * s < 1.0, -y, 0.0), reduction, s.size)


class CrossEntropy(Loss):
    r"""Multiclass cross-entropy (log loss) of predicted class probabilities.

    .. math::

        \ell_i = -\log \tilde p_{i, y_i}, \qquad
        \tilde p = \operatorname{clip}(p, \varepsilon, 1 - \varepsilon)

    Parameters
    ----------
    y_true : array-like of int, shape (n,)
        Class indices in [0, k).
    probs : array-like, shape (n, k)
        Each row a probability distribution over the k classes (sums to 1 within 1e-6;
        rows are never renormalised for you).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"none"`` returns the n per-example terms.

    Notes
    -----
    The mean equals ``sklearn.metrics.log_loss(y_true, probs, labels=range(k))``, which
    clips with the same :math:`\varepsilon` = :data:`EPS`. Gradient: row :math:`i` is
    :math:`-1/\tilde p_{i,y_i}` in column :math:`y_i` and 0 elsewhere (divided by
    :math:`n` under ``"mean"``). Prefer :data:`cross_entropy_with_logits`.

    Examples
    --------
    >>> p = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    >>> cross_entropy([0, 2], p, reduction="none").round(4).tolist()
    [0.3567, 0.2231]
    """

    name = "cross_entropy"

    def _prepare(self, y_true, probs, reduction):
        _checks.check_reduction(reduction)
        p = _checks.as_float_array(probs, "probs")
        _checks.two_d(p, "probs")
        n, k = p.shape
        labels = _checks.class_indices(y_true, n, k)
        _checks.in_unit_interval(p, "probs", hint=". Did you pass logits? Use "
                                 "cross_entropy_with_logits")
        _checks.rows_sum_to_one(p, "probs")
        return labels, p

    def __call__(self, y_true, probs, *, reduction="mean"):
        labels, p = self._prepare(y_true, probs, reduction)
        picked = np.clip(p[np.arange(len(labels)), labels], EPS, 1.0 - EPS)
        return self._reduce(-np.log(picked), reduction)

    def grad(self, y_true, probs, *, reduction="mean"):
        labels, p = self._prepare(y_true, probs, reduction)
        rows = np.arange(len(labels))
        g = np.zeros_like(p)
        g[rows, labels] = -1.0 / np.clip(p[rows, labels], EPS, 1.0 - EPS)
        return self._reduce_grad(g, reduction, len(labels))


class CrossEntropyWithLogits(Loss):
    r"""Softmax cross-entropy computed from logits, as ``torch.nn.functional.cross_entropy``.

    With target distribution :math:`q_i` (one-hot for an integer label) and label
    smoothing :math:`\alpha`, :math:`q_i^{\alpha} = (1 - \alpha)\, q_i + \alpha / k`:

    .. math::

        \ell_i = -\sum_{c=1}^{k} q^{\alpha}_{ic} \log\operatorname{softmax}(z_i)_c,
        \qquad \log\operatorname{softmax}(z_i)_c = z_{ic} - \log\sum_j e^{z_{ij}}

    Parameters
    ----------
    y_true : array-like
        Integer class indices in [0, k), shape (n,); or probability targets in [0, 1],
        shape (n, k).
    logits : array-like, shape (n, k)
        Unnormalised scores, one row per example.
    label_smoothing : float in [0, 1], default 0.0
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"none"`` returns the n per-example terms; ``"mean"`` divides their sum by n.

    Notes
    -----
    The log-sum-exp is shifted by the row maximum, so logits of any size (tested to
    :math:`\pm 10^4`) give exact, warning-free results; adding a constant to a row of
    logits does not change the loss. Gradient of row :math:`i`:
    :math:`(\sum_c q^{\alpha}_{ic})\operatorname{softmax}(z_i) - q^{\alpha}_i`, i.e.
    :math:`\operatorname{softmax}(z_i) - q^{\alpha}_i` for proper distributions (divided by
    :math:`n` under ``"mean"``).

    Examples
    --------
    >>> z = [[1000.0, 0.0], [0.0, 0.0]]
    >>> cross_entropy_with_logits([0, 1], z, reduction="none").round(4).tolist()
    [0.0, 0.6931]
    """

    name = "cross_entropy_with_logits"

    def _prepare(self, y_true, logits, label_smoothing, reduction):
        _checks.check_reduction(reduction)
        z = _checks.as_float_array(logits, "logits")
        _checks.two_d(z, "logits")
        n, k = z.shape
        alpha = float(label_smoothing)
        if not 0.0 <= alpha <= 1.0:
            raise ValueError(f"label_smoothing must be in [0, 1]; got {label_smoothing!r}")
        y = np.asarray(y_true)
        if y.ndim == 2:
            q = _checks.as_float_array(y, "y_true")
            _checks.same_shape(q, z, "y_true", "logits")
            _checks.in_unit_interval(q, "y_true")
            if alpha > 0.0:
                q = (1.0 - alpha) * q + alpha / k
            return None, q, alpha, z
        # Class indices: the one-hot q (an n-by-k array of zeros) is never built; the loss
        # and the gradient use the label column directly.
        return _checks.class_indices(y, n, k), None, alpha, z

    def __call__(self, y_true, logits, *, label_smoothing=0.0, reduction="mean"):
        labels, q, alpha, z = self._prepare(y_true, logits, label_smoothing, reduction)
        if q is not None:
            # log softmax = z - logsumexp(z), max-shifted: no overflow for huge logits.
            return self._reduce(np.sum(q * -log_softmax(z), axis=1), reduction)
        # Class indices need only the label's log-probability, so the (n, k) log-softmax is
        # never formed: -log softmax(z)_y = log sum_c exp(z_c - m) - (z_y - m), m = max_c z_c
        # (exponents <= 0: no overflow; subtracting m first keeps small differences exact).
        n, k = z.shape
        shifted = z - z.max(axis=1, keepdims=True)
        picked = shifted[np.arange(n), labels]
        row_sum = shifted.sum(axis=1) if alpha > 0.0 else None
        with np.errstate(under="ignore"):
            log_s = np.log(np.sum(np.exp(shifted, out=shifted), axis=1))
        terms = log_s - picked
        if alpha > 0.0:
            # Smoothed one-hot q: (1 - alpha) at the label plus alpha/k in every column, so
            # add (alpha/k) sum_c -log p_c = alpha log_s - (alpha/k) sum_c (z_c - m).
            terms = (1.0 - alpha) * terms + (alpha * log_s - (alpha / k) * row_sum)
        return self._reduce(terms, reduction)

    def grad(self, y_true, logits, *, label_smoothing=0.0, reduction="mean"):
        labels, q, alpha, z = self._prepare(y_true, logits, label_smoothing, reduction)
        g = softmax(z)
        if q is not None:
            g *= q.sum(axis=1, keepdims=True)
            g -= q
        else:  # softmax(z) - q for the smoothed one-hot q, which sums to 1
            g[np.arange(len(labels)), labels] -= 1.0 - alpha
            if alpha > 0.0:
                g -= alpha / z.shape[1]
        return self._reduce_grad(g, reduction, z.shape[0])


class KLDivergence(Loss):
    r"""Kullback-Leibler divergence :math:`D_{KL}(p \,\|\, q) = \sum_c p_c \log(p_c / q_c)`.

    Parameters
    ----------
    p : array-like, shape (k,) or (n, k)
        The reference distribution(s) (the "truth"), rows summing to 1.
    q : array-like, same shape as ``p``
        The approximating distribution(s) (the prediction), rows summing to 1.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"none"``: one value per row (a single value for one (k,) distribution);
        ``"sum"``: their sum; ``"mean"``: their mean over rows (PyTorch's ``"batchmean"``).

    Notes
    -----
    Terms with :math:`p_c = 0` contribute 0 (the limit of :math:`x\log x`), whatever
    :math:`q_c`. Where :math:`p_c > 0` and :math:`q_c = 0` the divergence is :math:`+\infty`.
    Gradient with respect to :math:`q`: :math:`-p_c / q_c` (0 where :math:`p_c = 0`),
    divided by :math:`n` under ``"mean"``. Equals ``scipy.stats.entropy(p, q)`` row by row.
    Cross-entropy = entropy + KL: :math:`H(p, q) = H(p) + D_{KL}(p\,\|\,q)`.

    Examples
    --------
    >>> round(float(kl_divergence([0.5, 0.5], [0.9, 0.1])), 4)
    0.5108
    >>> float(kl_divergence([1.0, 0.0], [1.0, 0.0]))   # 0 log 0 counts as 0
    0.0
    """

    name = "kl_divergence"

    def _prepare(self, p, q, reduction):
        _checks.check_reduction(reduction)
        p = _checks.as_float_array(p, "p")
        q = _checks.as_float_array(q, "q")
        _checks.same_shape(p, q, "p", "q")
        if p.ndim not in (1, 2):
            raise ValueError(f"p must have shape (k,) or (n, k); got shape {p.shape}")
        for arr, name in ((p, "p"), (q, "q")):
            _checks.in_unit_interval(arr, name)
            _checks.rows_sum_to_one(arr, name)
        return p, q

    def __call__(self, p, q, *, reduction="mean"):
        p, q = self._prepare(p, q, reduction)
        pos = p > 0
        # 0 * log(0 / q) = 0: evaluate the log only where p > 0 (elsewhere log(1/1) = 0).
        p_safe, q_safe = np.where(pos, p, 1.0), np.where(pos, q, 1.0)
        with np.errstate(divide="ignore"):  # q = 0 under p > 0 is a true +inf
            terms = p * (np.log(p_safe) - np.log(q_safe))
        return self._reduce(np.sum(terms, axis=-1), reduction)

    def grad(self, p, q, *, reduction="mean"):
        p, q = self._prepare(p, q, reduction)
        with np.errstate(divide="ignore"):
            g = np.where(p > 0, -p / np.where(p > 0, q, 1.0), 0.0)
        n = 1 if p.ndim == 1 else p.shape[0]
        return self._reduce_grad(g, reduction, n)


mse = MeanSquaredError()
mae = MeanAbsoluteError()
huber = Huber()
binary_cross_entropy = BinaryCrossEntropy()
binary_cross_entropy_with_logits = BinaryCrossEntropyWithLogits()
cross_entropy = CrossEntropy()
cross_entropy_with_logits = CrossEntropyWithLogits()
hinge = Hinge()
kl_divergence = KLDivergence()
