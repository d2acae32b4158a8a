"""The one table of loss cases that every generic loss test runs over (tests/test_losses.py).

A ``Case`` is one way of calling one public loss: its input maker, a literal reference for
its per-example terms (written from the docstring formula with Python's ``math`` module, one
element at a time, so it shares no code with lossutils), the option sets to try, extreme but
valid inputs, and its own bad inputs with the message each must raise. Generic bad inputs
(empty, non-finite, bad reduction, mismatched shapes, options outside their interval) are
derived from the case, not listed here. A new loss adds one entry to ``CASES``;
``test_every_public_loss_has_a_case`` fails until it does.

Predictions from ``make`` lie away from kinks (|e| >= 0.2, margins away from 1) and clip
edges, so central finite differences are accurate there.

>>> [c.id for c in CASES][:3]
['mse', 'mae', 'huber']
"""

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

import lossutils as lu

EPS = np.finfo(np.float64).eps
ELEMENTWISE_SHAPES = [(), (1,), (7,), (4, 3), (2, 3, 2)]
ROW_SHAPES = [(1, 2), (5, 3), (6, 4)]


@dataclass
class Case:
    id: str
    loss: lu.Loss
    make: Callable          # make(rng, shape) -> (y_true, prediction), in general position
    ref: Callable           # ref(y_true, prediction, **options) -> per-example terms, flat list
    extremes: Callable      # extremes() -> (y_true, prediction): extreme but valid values
    options: list = field(default_factory=lambda: [{}])
    shapes: list = None     # prediction shapes to try; default by elementwise / row loss
    bad: list = field(default_factory=list)   # (args, kwargs, message pattern)
    simplex: bool = False   # prediction rows are distributions: perturb along e_i - e_j only

    def __post_init__(self):
        if self.shapes is None:
            self.shapes = ELEMENTWISE_SHAPES if self.loss.elementwise else ROW_SHAPES

    @property
    def elementwise(self):
        return self.loss.elementwise


def numeric_grad(f, x, directions=None, h=1e-6):
    """Central finite differences of the scalar function ``f`` at ``x``.

    Without ``directions``: the gradient, shaped like ``x`` (one coordinate at a time).
    With ``directions`` (arrays shaped like ``x``): the directional derivative along each.

    >>> numeric_grad(lambda v: float(np.sum(v**2)), np.array([1.0, -2.0])).round(6).tolist()
    [2.0, -4.0]
    """
    x = np.array(x, dtype=float)
    if directions is None:
        g = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            e = np.zeros_like(x)
            e[idx] = h
            g[idx] = (f(x + e) - f(x - e)) / (2 * h)
        return g
    return np.array([(f(x + h * d) - f(x - h * d)) / (2 * h) for d in directions])


def simplex_directions(shape):
    """Every e_i - e_j (i < j) within each row: the directions that keep row sums at 1."""
    rows = [()] if len(shape) == 1 else [(r,) for r in range(shape[0])]
    k = shape[-1]
    out = []
    for row in rows:
        for i in range(k):
            for j in range(i + 1, k):
                d = np.zeros(shape)
                d[row + (i,)], d[row + (j,)] = 1.0, -1.0
                out.append(d)
    return out


# ------------------------------------------------------------------------ input makers

def _regression(rng, shape):
    y = rng.uniform(-3, 3, size=shape)
    # errors of size 0.2-2.5 (either sign): away from the kink at 0 of mae and pinball
    e = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.2, 2.5, size=shape)
    return y, y + e


def _soft_labels_and_logits(rng, shape):
    y = rng.uniform(0, 1, size=shape)
    y = np.where(rng.uniform(size=shape) < 0.5, np.round(y), y)   # some hard labels too
    return y, rng.uniform(-4, 4, size=shape)


def _hard_labels_and_logits(rng, shape):
    return rng.integers(0, 2, size=shape).astype(float), rng.uniform(-4, 4, size=shape)


def _probabilities(rng, shape):
    return rng.uniform(0, 1, size=shape), rng.uniform(0.05, 0.95, size=shape)


def _margins(rng, shape):
    y = rng.choice([-1.0, 1.0], size=shape)
    # margins y*s away from the kink at 1
    m = np.where(rng.uniform(size=shape) < 0.5, rng.uniform(-2, 0.8, size=shape),
                 rng.uniform(1.2, 3, size=shape))
    return y, y * m


def _labels_and_logits(rng, shape):
    n, k = shape
    return rng.integers(0, k, size=n), rng.normal(scale=3.0, size=shape)


def _targets_and_logits(rng, shape):
    n, k = shape
    return rng.dirichlet(np.ones(k), size=n), rng.normal(scale=3.0, size=shape)


def _labels_and_probs(rng, shape):
    n, k = shape
    return rng.integers(0, k, size=n), rng.dirichlet(np.full(k, 3.0), size=n)


def _labels_and_scores(rng, shape):
    n, k = shape
    labels = rng.integers(0, k, size=n)
    s = rng.normal(size=shape)
    rows = np.arange(n)
    other = np.where(np.arange(k) == labels[:, None], -np.inf, s).max(axis=1)
    near_kink = np.abs(1 + other - s[rows, labels]) < 0.2
    s[rows, labels] += np.where(near_kink, 0.5, 0.0)   # margins away from 1
    return labels, s


def _two_distributions(rng, shape):
    k = shape[-1]
    p = rng.dirichlet(np.full(k, 3.0), size=shape[:-1] or None)
    q = rng.dirichlet(np.full(k, 3.0), size=shape[:-1] or None)
    if p.ndim == 2 and k > 2:
        p[0, 0] = 0.0                       # a zero of p: its term counts as 0
        p[0] /= p[0].sum()
    return p, q


# ------------------------------------------------------------------------ literal references

def _pairs(y, pred):
    return zip(np.ravel(y).tolist(), np.ravel(pred).tolist())


def _sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


def ref_mse(y, p):
    return [(pi - yi) ** 2 for yi, pi in _pairs(y, p)]


def ref_mae(y, p):
    return [abs(pi - yi) for yi, pi in _pairs(y, p)]


def ref_huber(y, p, delta=1.0):
    out = []
    for yi, pi in _pairs(y, p):
        e = pi - yi
        out.append(0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta))
    return out


def ref_pinball(y, p, tau=0.5):
    return [tau * (yi - pi) if pi <= yi else (1 - tau) * (pi - yi) for yi, pi in _pairs(y, p)]


def ref_gaussian_nll(y, p, sigma=1.0):
    return [0.5 * math.log(2 * math.pi * sigma**2) + (pi - yi) ** 2 / (2 * sigma**2)
            for yi, pi in _pairs(y, p)]


def ref_bce(y, q):
    out = []
    for yi, qi in _pairs(y, q):
        qi = min(max(qi, EPS), 1 - EPS)
        out.append(-(yi * math.log(qi) + (1 - yi) * math.log(1 - qi)))
    return out


def ref_bce_logits(y, z, pos_weight=1.0):
    out = []
    for yi, zi in _pairs(y, z):
        log_s = -math.log1p(math.exp(-zi))           # log sigma(z) = -log(1 + e^-z)
        log_1ms = -math.log1p(math.exp(zi))          # log(1 - sigma(z)) = -log(1 + e^z)
        out.append(-(pos_weight * yi * log_s + (1 - yi) * log_1ms))
    return out


def ref_sigmoid_mse(y, z):
    return [(_sigma(zi) - yi) ** 2 for yi, zi in _pairs(y, z)]


def ref_focal(y, z, gamma=2.0, alpha=None):
    out = []
    for yi, zi in _pairs(y, z):
        p = _sigma(zi)
        p_t = p if yi == 1 else 1 - p
        a_t = 1.0 if alpha is None else (alpha if yi == 1 else 1 - alpha)
        out.append(-a_t * (1 - p_t) ** gamma * math.log(p_t))
    return out


def ref_hinge(y, s):
    return [max(0.0, 1 - yi * si) for yi, si in _pairs(y, s)]


def ref_squared_hinge(y, s):
    return [max(0.0, 1 - yi * si) ** 2 for yi, si in _pairs(y, s)]


def ref_cross_entropy(labels, q):
    return [-math.log(min(max(row[c], EPS), 1 - EPS)) for c, row in zip(labels, q.tolist())]


def ref_ce_logits(y, z, label_smoothing=0.0):
    z = z.tolist()
    k = len(z[0])
    out = []
    for i, zi in enumerate(z):
        p = [1.0 if c == y[i] else 0.0 for c in range(k)] if np.ndim(y) == 1 else list(y[i])
        p = [(1 - label_smoothing) * pc + label_smoothing / k for pc in p]
        lse = math.log(sum(math.exp(v) for v in zi))
        out.append(-sum(pc * (zc - lse) for pc, zc in zip(p, zi)))
    return out


def ref_multiclass_hinge(labels, s):
    return [max(0.0, 1 + max(v for j, v in enumerate(row) if j != c) - row[c])
            for c, row in zip(labels, s.tolist())]


def ref_kl(p, q):
    rows = zip(np.atleast_2d(p).tolist(), np.atleast_2d(q).tolist())
    return [sum(pc * math.log(pc / qc) for pc, qc in zip(pr, qr) if pc > 0) for pr, qr in rows]


# ------------------------------------------------------------------------ extremes

BIG = np.array([1e4, -1e4, 1e9, -1e9, 30.0, -30.0, 0.0, 1e-3])
HARD = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
SOFT = np.array([0.25, 1.0, 0.5, 0.0, 0.75, 1.0, 0.5, 0.0])
ZBIG = np.array([[1e4, -1e4, 0.0], [-1e9, -1e9, 1e9], [0.0, 0.0, 0.0], [30.0, -30.0, 1e-300],
                 [40.0, 0.0, 0.0]])
ZLABELS = np.array([0, 1, 2, 1, 0])


def _regression_extremes():
    return np.zeros(8), BIG / 1e5 * 1e4       # errors up to 1e8


# ------------------------------------------------------------------------ the table

CASES = [
    Case("mse", lu.mse, _regression, ref_mse, _regression_extremes,
         bad=[((np.zeros(5), np.zeros((5, 1))), {},
               r"y_true has shape \(5,\) but y_pred has shape \(5, 1\).*ravel")]),
    Case("mae", lu.mae, _regression, ref_mae, lambda: (BIG[::-1].copy(), BIG)),
    Case("huber", lu.huber, _regression, ref_huber, _regression_extremes,
         options=[{}, {"delta": 0.3}, {"delta": 5.0}]),
    Case("pinball", lu.pinball, _regression, ref_pinball, _regression_extremes,
         options=[{}, {"tau": 0.1}, {"tau": 0.9}]),
    Case("gaussian_nll", lu.gaussian_nll, _regression, ref_gaussian_nll,
         lambda: (np.zeros(8), BIG / 1e5),
         options=[{}, {"sigma": 0.3}, {"sigma": 2.5}]),
    Case("binary_cross_entropy", lu.binary_cross_entropy, _probabilities, ref_bce,
         lambda: (HARD, np.array([0.0, 1.0, 1e-300, 1 - 1e-16, 0.5, 0.3, 1.0, 0.0])),
         bad=[(([1.0, 0.0], [1.2, 0.5]), {}, r"probs must hold probabilities in \[0, 1\]; got 1.2"
               r".*binary_cross_entropy_with_logits"),
              (([2.0, 0.0], [0.2, 0.5]), {}, r"y_true must hold probabilities in \[0, 1\]; got 2.0"),
              (([1.0], [-0.1]), {}, r"probs must hold probabilities")]),
    Case("binary_cross_entropy_with_logits", lu.binary_cross_entropy_with_logits,
         _soft_labels_and_logits, ref_bce_logits, lambda: (SOFT, BIG),
         options=[{}, {"pos_weight": 3.0}, {"pos_weight": 0.25}],
         bad=[(([1.0, -1.0], [0.2, 0.5]), {},
               r"y_true must hold probabilities in \[0, 1\]; got -1.0")]),
    Case("sigmoid_mse", lu.sigmoid_mse, _soft_labels_and_logits, ref_sigmoid_mse,
         lambda: (SOFT, BIG),
         bad=[(([2.0], [0.0]), {}, r"probabilities in \[0, 1\].*labels must be 0 or 1")]),
    Case("focal_loss", lu.focal_loss, _hard_labels_and_logits, ref_focal, lambda: (HARD, BIG),
         options=[{}, {"gamma": 0.0}, {"gamma": 0.5, "alpha": 0.25},
                  {"gamma": 3.0, "alpha": 0.9}],
         bad=[(([0.0, 0.5], [1.0, 2.0]), {}, r"y_true must contain only 0 and 1; got values "
               r"\[0.0, 0.5\]")]),
    Case("hinge", lu.hinge, _margins, ref_hinge, lambda: (2 * HARD - 1, BIG),
         bad=[(([0, 1, 1], [0.2, 0.5, 1.0]), {},
               r"-1 and \+1; got values \[0.0, 1.0\].*2\*y - 1")]),
    Case("squared_hinge", lu.squared_hinge, _margins, ref_squared_hinge,
         lambda: (2 * HARD - 1, BIG / 1e5),
         bad=[(([0, 1], [0.2, 0.5]), {}, r"-1 and \+1.*2\*y - 1")]),
    Case("cross_entropy", lu.cross_entropy, _labels_and_probs, ref_cross_entropy,
         lambda: (np.array([0, 2, 1]),
                  np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])),
         simplex=True,
         bad=[(([0, 3], [[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]), {}, r"class indices in \[0, 3\).*got 3"),
              (([0, -1], [[0.5, 0.5], [0.2, 0.8]]), {}, r"class indices in \[0, 2\).*got -1"),
              (([0.5, 1], [[0.5, 0.5], [0.2, 0.8]]), {}, r"integer class indices.*0.5"),
              (([0, 1], [[1.5, -0.5], [0.2, 0.8]]), {}, r"probs must hold probabilities"),
              (([0, 1], [[0.5, 0.6], [0.2, 0.8]]), {}, r"each row of probs must sum to 1"),
              (([0], [0.5, 0.5]), {}, r"probs must be 2-D.*probs\[None, :\]")]),
    Case("cross_entropy_with_logits", lu.cross_entropy_with_logits, _labels_and_logits,
         ref_ce_logits, lambda: (ZLABELS, ZBIG),
         options=[{}, {"label_smoothing": 0.1}, {"label_smoothing": 1.0}],
         bad=[(([0, 2], np.zeros((2, 2))), {}, r"class indices in \[0, 2\).*got 2"),
              (([0.0, 1.5], np.zeros((2, 2))), {}, r"integer class indices"),
              (([0], np.zeros(3)), {}, r"logits must be 2-D.*shape \(3,\)")]),
    Case("cross_entropy_with_logits-targets", lu.cross_entropy_with_logits,
         _targets_and_logits, ref_ce_logits, lambda: (np.full((5, 3), 1 / 3), ZBIG),
         options=[{}, {"label_smoothing": 0.1}],
         bad=[((np.array([[0.5, 0.5], [1.2, -0.2]]), np.zeros((2, 2))), {},
               r"y_true must hold probabilities in \[0, 1\]"),
              ((np.array([[0.5, 0.5]]), np.zeros((1, 3))), {},
               r"y_true has shape \(1, 2\) but logits has shape \(1, 3\)")]),
    Case("multiclass_hinge", lu.multiclass_hinge, _labels_and_scores, ref_multiclass_hinge,
         lambda: (ZLABELS, ZBIG),
         bad=[(([0, 1], np.zeros((2, 1))), {}, r"class indices in \[0, 1\).*got 1"),
              (([0], np.zeros((1, 1))), {}, r"scores must have at least 2 columns"),
              (([0, 1, 1], np.zeros((2, 3))), {}, r"y_true has shape \(3,\).*\(2,\)")]),
    Case("kl_divergence", lu.kl_divergence, _two_distributions, ref_kl,
         lambda: (np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.5]]),
                  np.array([[1.0 - 1e-12, 1e-12, 0.0], [0.1, 0.1, 0.8]])),
         shapes=[(3,), (1, 2), (5, 3), (6, 4)], simplex=True,
         bad=[(([0.5, 0.5], [0.5, 0.5, 0.0]), {}, r"p has shape \(2,\) but q has shape \(3,\)"),
              (([0.5, 0.5], [1.5, -0.5]), {}, r"q must hold probabilities"),
              (([0.5, 0.6], [0.5, 0.5]), {}, r"each row of p must sum to 1"),
              ((np.full((1, 1, 2), 0.5), np.full((1, 1, 2), 0.5)), {}, r"shape \(k,\) or \(n, k\)")]),
]


def case_options():
    """(case, options) pairs: every case with each of its option sets."""
    return [(c, o) for c in CASES for o in c.options]


def option_id(case, options):
    return case.id + "".join(f"-{k}={v}" for k, v in options.items())
