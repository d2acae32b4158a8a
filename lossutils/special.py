r"""Numerically stable building blocks: sigmoid, softplus, log-sigmoid, log-sum-exp, softmax.

Every stability identity of the package is written here once, with the identity in a
comment, and the losses are built from these functions. Each equals its ``scipy.special``
counterpart (``expit``, ``log_expit``, ``logsumexp``, ``softmax``, ``log_softmax``) and
stays finite and warning-free for inputs as large as :math:`|z| = 10^9`: the exponents are
shifted to be at most 0, except in ``sigmoid``, where an overflow to ``inf`` gives the
correct limit 0. Underflow to 0 (``exp(-1e4)``) is the correct answer and is not reported.
"""

import numpy as np

__all__ = ["sigmoid", "log_sigmoid", "softplus", "logsumexp", "softmax", "log_softmax"]


def _float(z):
    return np.asarray(z, dtype=np.float64)


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, elementwise.

    Parameters
    ----------
    z : array-like
        Logits.

    Returns
    -------
    ndarray
        :math:`\sigma(z)`, same shape, in [0, 1].

    Notes
    -----
    Computed as written, :math:`1/(1 + e^{-z})`: for :math:`z < -709`, :math:`e^{-z}`
    overflows to ``inf`` and :math:`1/(1 + \infty) = 0` is the correct limit (no nan can
    arise, so that overflow is silenced); elsewhere the relative error is a few ulp. About
    2.8x faster than the branch-free form with :math:`e^{-|z|}` and ``np.where`` (3.8 ms
    against 10.9 ms at n = 1e6, this machine). :math:`1 - \sigma(z) = \sigma(-z)`, so
    ``sigmoid(-z)`` is the accurate way to get it.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-1e4, 1e4]).tolist()   # no overflow warning
    [0.0, 1.0]
    """
    with np.errstate(over="ignore", under="ignore"):   # e^{-z} = inf: 1 / (1 + inf) = 0
        return 1.0 / (1.0 + np.exp(-_float(z)))


def softplus(z):
    r"""Softplus :math:`\log(1 + e^{z})`, elementwise.

    Parameters
    ----------
    z : array-like

    Returns
    -------
    ndarray
        :math:`\operatorname{softplus}(z) > 0`, same shape.

    Notes
    -----
    Identity: :math:`\log(1 + e^{z}) = \max(z, 0) + \log(1 + e^{-|z|})`; the exponent is
    never positive and ``log1p`` keeps the small tail exact. Faster than the equivalent
    ``np.logaddexp(0, z)``: 7.7 ms against 17.1 ms at n = 1e6 on this machine (2.2x; 3x in
    the measurement of issue 10).

    Examples
    --------
    >>> softplus([0.0, 1e4]).tolist()
    [0.6931471805599453, 10000.0]
    """
    z = _float(z)
    with np.errstate(under="ignore"):
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def log_sigmoid(z):
    r""":math:`\log \sigma(z)`, elementwise, exact for large negative :math:`z`.

    Parameters
    ----------
    z : array-like

    Returns
    -------
    ndarray
        :math:`\log\sigma(z) \le 0`, same shape.

    Notes
    -----
    Identity: :math:`\log\sigma(z) = -\log(1 + e^{-z}) = -\operatorname{softplus}(-z)`, and
    :math:`\log(1 - \sigma(z)) = \log\sigma(-z)`.

    Examples
    --------
    >>> log_sigmoid([-1e4, 0.0]).tolist()
    [-10000.0, -0.6931471805599453]
    """
    return -softplus(-_float(z))


def _shift_and_log1p_rest(z, axis):
    r"""The two parts of :math:`\log\sum_j e^{z_j} = m + \log(1 + r)` along ``axis``.

    Returns ``(m, z - m, log1p_r)`` with :math:`m = \max_j z_j` and
    :math:`r = \sum_{j \ne j^*} e^{z_j - m}`, the sum without one maximal term (the one
    at :math:`j^* = \operatorname{argmax}`, whose term is exactly :math:`e^0 = 1`), all with
    ``keepdims``. Leaving that 1 out and adding it back with ``log1p`` keeps an ``r`` of
    4e-18 that ``log(1 + r)`` would round to 0 (as SciPy does). A row whose maximum is
    :math:`\pm\infty` gets ``log1p_r = 0``, so the log-sum-exp is that maximum (SciPy's
    answer: inf for [inf] or [-inf, inf], -inf for [-inf]), with no nan and no warning.
    """
    m = np.max(z, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    shifted = z - np.where(finite, m, 0.0)
    if not finite.all():
        shifted = np.where(finite, shifted, -np.inf)   # infinite rows: every term 0
    with np.errstate(under="ignore"):
        terms = np.exp(shifted)
    # Leave out one maximal term (it is exactly e^0 = 1): log1p adds it back.
    np.put_along_axis(terms, np.argmax(z, axis=axis, keepdims=True), 0.0, axis=axis)
    return m, shifted, np.log1p(np.sum(terms, axis=axis, keepdims=True))


def _at_least_1d(function):
    """Apply ``function(z, axis)`` to 0-d input as a one-element vector (as SciPy)."""
    def wrapped(z, axis=-1):
        z = _float(z)
        if z.ndim == 0:
            return np.reshape(function(z.reshape(1), 0), ())[()]
        return function(z, axis)
    wrapped.__name__, wrapped.__doc__ = function.__name__, function.__doc__
    wrapped.__module__, wrapped.__qualname__ = function.__module__, function.__qualname__
    return wrapped


@_at_least_1d
def logsumexp(z, axis=-1):
    r""":math:`\log \sum_j e^{z_j}` along ``axis``, without overflow or loss of precision.

    Parameters
    ----------
    z : array-like
        A scalar is treated as a one-element vector.
    axis : int, default -1

    Returns
    -------
    float or ndarray
        ``z`` with ``axis`` removed.

    Notes
    -----
    Identity: with :math:`m = \max_j z_j`,
    :math:`\log\sum_j e^{z_j} = m + \log\bigl(1 + \sum_{j \ne j^*} e^{z_j - m}\bigr)`:
    every exponent is at most 0, and ``log1p`` of the non-maximal terms keeps their sum
    when it is far below the float64 spacing of 1. A maximum of :math:`\pm\infty` gives
    that maximum, as ``scipy.special.logsumexp``.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))   # naive np.log(np.sum(np.exp(...))) gives inf
    1000.6931471805599
    >>> float(logsumexp([0.0, -40.0]))       # log(1 + e^-40), not 0.0
    4.248354255291589e-18
    >>> logsumexp([[np.inf], [-np.inf]], axis=1).tolist()
    [inf, -inf]
    """
    m, _, log1p_rest = _shift_and_log1p_rest(z, axis)
    return np.squeeze(m + log1p_rest, axis=axis)


@_at_least_1d
def log_softmax(z, axis=-1):
    r""":math:`\log \operatorname{softmax}(z)_j = z_j - \log\sum_i e^{z_i}` along ``axis``.

    Parameters
    ----------
    z : array-like
        A scalar is treated as a one-element vector.
    axis : int, default -1

    Returns
    -------
    ndarray
        Same shape as ``z``; each slice along ``axis`` has ``logsumexp`` 0.

    Notes
    -----
    Written :math:`(z_j - m) - \log\bigl(1 + \sum_{i \ne i^*} e^{z_i - m}\bigr)` (see
    :func:`logsumexp`): subtracting :math:`m` first keeps small differences exact, where
    :math:`z_j - (m + \dots)` would round them at the scale of :math:`m`.

    Examples
    --------
    >>> log_softmax([0.0, 1e4]).tolist()
    [-10000.0, 0.0]
    >>> float(-log_softmax([40.0, 0.0])[0])   # the cost of a confident right answer
    4.248354255291589e-18
    """
    _, shifted, log1p_rest = _shift_and_log1p_rest(z, axis)
    return shifted - log1p_rest


@_at_least_1d
def softmax(z, axis=-1):
    r""":math:`\operatorname{softmax}(z)_j = e^{z_j - m} / \sum_i e^{z_i - m}`, :math:`m = \max z`.

    Parameters
    ----------
    z : array-like
        A scalar is treated as a one-element vector (its softmax is 1.0).
    axis : int, default -1

    Returns
    -------
    ndarray
        Same shape as ``z``; each slice along ``axis`` sums to 1.

    Notes
    -----
    Identity: :math:`e^{z_j} / \sum_i e^{z_i} = e^{z_j - m} / \sum_i e^{z_i - m}`, with
    every exponent at most 0.

    Examples
    --------
    >>> softmax([1000.0, 1000.0]).tolist()
    [0.5, 0.5]
    >>> float(softmax(1000.0))
    1.0
    """
    with np.errstate(under="ignore"):
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
