"""lossutils: the loss functions, data and tiny models shared by every chapter of the book.

Importing ``lossutils`` loads only numpy: the maths. Plotting and widgets live in
``lossutils.plotting`` and ``lossutils.widgets`` and are imported on demand.

>>> import lossutils as lu
>>> float(lu.mse([4.0], [1.0]))
9.0
"""

from .losses import (
    EPS,
    Loss,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_with_logits,
    hinge,
    huber,
    kl_divergence,
    mae,
    mse,
)
from .special import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax, softplus

__version__ = "0.1.0"

__all__ = [
    "EPS",
    "Loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_with_logits",
    "hinge",
    "huber",
    "kl_divergence",
    "mae",
    "mse",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "softmax",
    "softplus",
]
