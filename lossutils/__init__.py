"""lossutils: the loss functions, data and tiny models shared by every chapter of the book.

Importing ``lossutils`` loads only numpy: the maths. ``lossutils.__all__`` is the losses'
and the stable functions' ``__all__`` (``lossutils.losses``, ``lossutils.special``); the
other modules are reachable as attributes (``lu.data``, ``lu.metrics``, ``lu.models``,
``lu.robust``, ``lu.regularization``). Plotting, charts and widgets need extra packages and
are imported on demand (``from lossutils import plotting``).

>>> import lossutils as lu
>>> float(lu.mse([4.0], [1.0]))
9.0
>>> lu.models.__name__
'lossutils.models'
"""

from . import data, losses, metrics, models, regularization, robust, special
from .losses import *  # noqa: F401,F403  (the names in losses.__all__)
from .special import *  # noqa: F401,F403  (the names in special.__all__)

__version__ = "0.1.0"

__all__ = losses.__all__ + special.__all__
