"""Numerically stable building blocks: sigmoid, softplus, log-sum-exp, softmax.

Each function equals its ``scipy.special`` counterpart (``expit``, ``logsumexp``,
``softmax``, ``log_softmax``) and stays finite and warning-free for inputs as
large as |z| = 1e4 or more, because no ``exp`` is ever taken of a large positive
number. Underflow to 0 (``exp(-1e4)``) is the correct answer and is not reported.
"""

import numpy as np

__all__ = ["sigmoid", "log_sigmoid", "softplus", "logsumexp", "softmax", "log_softmax"]


def _float(z):
    return np.asarray(z, dtype=np.float64)


def sigmoid(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, elementwise.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-1e4, 1e4]).tolist()   # no overflow warning
    [0.0, 1.0]
    """
    z = _float(z)
    # exp(-|z|) never overflows; sigma(z) = 1/(1+e^{-z}) for z >= 0, e^{z}/(1+e^{z}) for z < 0.
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def softplus(z):
    r"""Softplus :math:`\log(1 + e^{z})`, elementwise, via ``np.logaddexp(0, z)``.

    Examples
    --------
    >>> softplus([0.0, 1e4]).tolist()
    [0.6931471805599453, 10000.0]
    """
    # log(1 + e^z) = logaddexp(0, z) = max(z, 0) + log1p(exp(-|z|)): no overflow.
    with np.errstate(under="ignore"):
        return np.logaddexp(0.0, _float(z))


def log_sigmoid(z):
    r""":math:`\log \sigma(z) = -\operatorname{softplus}(-z)`, exact for large negative z.

    Examples
    --------
    >>> log_sigmoid([-1e4, 0.0]).tolist()
    [-10000.0, -0.6931471805599453]
    """
    return -softplus(-_float(z))


def logsumexp(z, axis=-1):
    r""":math:`\log \sum_j e^{z_j}` along ``axis``, shifted by the maximum to avoid overflow.

    Uses :math:`\log\sum_j e^{z_j} = m + \log\sum_j e^{z_j - m}` with :math:`m = \max_j z_j`,
    so every exponent is at most 0.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))   # naive np.log(np.sum(np.exp(...))) gives inf
    1000.6931471805599
    """
    z = _float(z)
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(under="ignore"):
        s = np.sum(np.exp(z - m), axis=axis, keepdims=True)
    return np.squeeze(m + np.log(s), axis=axis)


def log_softmax(z, axis=-1):
    r""":math:`\log \operatorname{softmax}(z)_j = z_j - \log\sum_i e^{z_i}` along ``axis``.

    Examples
    --------
    >>> log_softmax([0.0, 1e4]).tolist()
    [-10000.0, 0.0]
    """
    z = _float(z)
    # Subtract the maximum first: (z - m) - log(sum(exp(z - m))) keeps the small differences
    # exact, where z - (m + log(...)) would round them at the scale of m.
    shifted = z - np.max(z, axis=axis, keepdims=True)
    with np.errstate(under="ignore"):
        # In place (-=): shifted is our own new array; this saves an array the size of z.
        shifted -= np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return shifted


def softmax(z, axis=-1):
    r""":math:`\operatorname{softmax}(z)_j = e^{z_j - m} / \sum_i e^{z_i - m}`, :math:`m = \max z`.

    Examples
    --------
    >>> softmax([1000.0, 1000.0]).tolist()
    [0.5, 0.5]
    """
    z = _float(z)
    e = z - np.max(z, axis=axis, keepdims=True)
    # exp and the division write into e (out=, /=): one array the size of z, not three.
    with np.errstate(under="ignore"):
        np.exp(e, out=e)
    e /= np.sum(e, axis=axis, keepdims=True)
    return e
