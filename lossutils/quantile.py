r"""The pinball (quantile) loss: regression that predicts a quantile instead of the mean.

Minimising the mean squared error predicts the conditional *mean*, the mean absolute error
the *median*. The pinball loss with level :math:`\tau \in (0, 1)` predicts the
:math:`\tau`-quantile: a prediction that lies below the truth costs :math:`\tau` per unit,
one above it costs :math:`1 - \tau` per unit, so at the minimum a fraction :math:`\tau` of the
targets lies below the prediction.

Only numpy is used.
"""

import numpy as np

from . import _checks
from .losses import Loss

__all__ = ["Pinball", "pinball"]


class Pinball(Loss):
    r"""Pinball (quantile) loss at level :math:`\tau`.

    With the error :math:`e_i = \hat y_i - y_i`:

    .. math::

        \ell_i = \begin{cases} \tau\,(y_i - \hat y_i) & \hat y_i \le y_i
                 \quad\text{(under-prediction)} \\
                 (1 - \tau)\,(\hat y_i - y_i) & \hat y_i > y_i
                 \quad\text{(over-prediction)} \end{cases}
               \;=\; \max\bigl(-\tau e_i,\; (1 - \tau) e_i\bigr).

    Parameters
    ----------
    y_true : array-like, any shape
        Targets.
    y_pred : array-like, same shape as ``y_true``
        Predictions of the :math:`\tau`-quantile.
    tau : float in (0, 1), default 0.5
        The quantile level. ``tau=0.5`` gives half the absolute error.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"``: :math:`\frac1N\sum_i \ell_i`; ``"sum"``: :math:`\sum_i \ell_i`;
        ``"none"``: each :math:`\ell_i`.

    Returns
    -------
    float or ndarray

    Notes
    -----
    (Sub)gradient with respect to :math:`\hat y_i`: :math:`-\tau` where
    :math:`\hat y_i < y_i`, :math:`1 - \tau` where :math:`\hat y_i > y_i` and 0 where they are
    equal (as ``mae.grad``), divided by :math:`N` under ``"mean"``. The mean equals
    ``sklearn.metrics.mean_pinball_loss(y_true, y_pred, alpha=tau)``. Koenker and Bassett,
    "Regression Quantiles", Econometrica 46(1), 1978.

    Examples
    --------
    >>> pinball([10.0, 10.0], [8.0, 12.0], tau=0.9, reduction="none").round(6).tolist()
    [1.8, 0.2]
    """

    name = "pinball"

    def _prepare(self, y_true, y_pred, tau, reduction):
        _checks.check_reduction(reduction)
        y = _checks.as_float_array(y_true, "y_true")
        p = _checks.as_float_array(y_pred, "y_pred")
        _checks.same_shape(y, p, "y_true", "y_pred")
        try:
            tau = float(tau)
        except (TypeError, ValueError):
            raise ValueError(f"tau must be a number in (0, 1); got {tau!r}") from None
        if not 0.0 < tau < 1.0:
            raise ValueError(f"tau must be in (0, 1) (the quantile level); got {tau!r}")
        return y, p, tau

    def __call__(self, y_true, y_pred, *, tau=0.5, reduction="mean"):
        y, p, tau = self._prepare(y_true, y_pred, tau, reduction)
        e = p - y
        return self._reduce(np.maximum(-tau * e, (1.0 - tau) * e), reduction)

    def grad(self, y_true, y_pred, *, tau=0.5, reduction="mean"):
        y, p, tau = self._prepare(y_true, y_pred, tau, reduction)
        g = np.where(p < y, -tau, np.where(p > y, 1.0 - tau, 0.0))
        return self._reduce_grad(g, reduction, p.size)


pinball = Pinball()
