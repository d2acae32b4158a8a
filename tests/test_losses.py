"""Tests of lossutils' losses: each against a literal reference written from its docstring
formula, each gradient against central finite differences, reference libraries (SciPy,
scikit-learn), properties, extreme inputs, and every kind of bad input.

Tolerances: values rtol=1e-12 against the literal formulas (same arithmetic, different code),
1e-10 against reference libraries; gradients atol=1e-7 against finite differences with step 1e-6.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose

import lossutils as lu

RNG = np.random.default_rng(12345)
REDUCTIONS = ("mean", "sum", "none")


def reduce(terms, reduction):
    terms = np.asarray(terms, dtype=float)
    return {"none": terms, "sum": terms.sum(), "mean": terms.mean()}[reduction]


# ---------------------------------------------------------------- literal references
# Written from the docstring formulas with Python's math module, one element at a time.

def ref_mse(y, p):
    return [(pi - yi) ** 2 for yi, pi in zip(y.ravel(), p.ravel())]


def ref_mae(y, p):
    return [abs(pi - yi) for yi, pi in zip(y.ravel(), p.ravel())]


def ref_huber(y, p, delta):
    out = []
    for yi, pi in zip(y.ravel(), p.ravel()):
        e = pi - yi
        out.append(0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta))
    return out


def ref_bce(y, p):
    eps = np.finfo(float).eps
    out = []
    for yi, pi in zip(y.ravel(), p.ravel()):
        pi = min(max(pi, eps), 1 - eps)
        out.append(-(yi * math.log(pi) + (1 - yi) * math.log(1 - pi)))
    return out


def ref_bce_logits(y, z):
    out = []
    for yi, zi in zip(y.ravel(), z.ravel()):
        log_s = -math.log1p(math.exp(-zi))           # log sigma(z)
        log_1ms = -math.log1p(math.exp(zi))          # log(1 - sigma(z))
        out.append(-(yi * log_s + (1 - yi) * log_1ms))
    return out


def ref_hinge(y, s):
    return [max(0.0, 1 - yi * si) for yi, si in zip(y.ravel(), s.ravel())]


def ref_ce_logits(q, z):
    out = []
    for qi, zi in zip(q, z):
        lse = math.log(sum(math.exp(v) for v in zi))
        out.append(-sum(qc * (zc - lse) for qc, zc in zip(qi, zi)))
    return out


def ref_kl(p, q):
    return sum(pc * math.log(pc / qc) for pc, qc in zip(p, q) if pc > 0)


def shaped(shape, low=-3, high=3):
    return RNG.uniform(low, high, size=shape)


SHAPES = [(1,), (7,), (4, 3), (2, 3, 2)]


# ---------------------------------------------------------------- values vs the formulas

@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_regression_losses_match_formulas(shape, reduction):
    y, p = shaped(shape), shaped(shape)
    for loss, ref in [(lu.mse, ref_mse), (lu.mae, ref_mae)]:
        expected = reduce(ref(y, p), reduction)
        got = loss(y, p, reduction=reduction)
        assert_allclose(got, np.reshape(expected, got.shape) if reduction == "none" else expected,
                        rtol=1e-12)
    for delta in (0.3, 1.0, 5.0):
        expected = reduce(ref_huber(y, p, delta), reduction)
        got = lu.huber(y, p, delta=delta, reduction=reduction)
        assert_allclose(np.ravel(got), np.ravel(expected), rtol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_losses_match_formulas(shape, reduction):
    y01 = RNG.integers(0, 2, size=shape).astype(float)
    soft = RNG.uniform(0, 1, size=shape)
    p = RNG.uniform(0.01, 0.99, size=shape)
    z = shaped(shape, -20, 20)
    for y in (y01, soft):
        assert_allclose(np.ravel(lu.binary_cross_entropy(y, p, reduction=reduction)),
                        np.ravel(reduce(ref_bce(y, p), reduction)), rtol=1e-12)
        assert_allclose(np.ravel(lu.binary_cross_entropy_with_logits(y, z, reduction=reduction)),
                        np.ravel(reduce(ref_bce_logits(y, z), reduction)), rtol=1e-10)
    ypm = 2 * y01 - 1
    assert_allclose(np.ravel(lu.hinge(ypm, z / 10, reduction=reduction)),
                    np.ravel(reduce(ref_hinge(ypm, z / 10), reduction)), rtol=1e-12)


@pytest.mark.parametrize("n,k", [(1, 2), (5, 3), (20, 7)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.1, 1.0])
def test_cross_entropy_with_logits_matches_formula(n, k, reduction, smoothing):
    z = shaped((n, k), -10, 10)
    labels = RNG.integers(0, k, size=n)
    onehot = np.eye(k)[labels]
    q = (1 - smoothing) * onehot + smoothing / k
    expected = reduce(ref_ce_logits(q, z), reduction)
    assert_allclose(lu.cross_entropy_with_logits(labels, z, label_smoothing=smoothing,
                                                 reduction=reduction), expected, rtol=1e-10)
    # Probability targets: one-hot targets give the same value as integer labels.
    assert_allclose(lu.cross_entropy_with_logits(onehot, z, label_smoothing=smoothing,
                                                 reduction=reduction), expected, rtol=1e-10)
    soft = RNG.dirichlet(np.ones(k), size=n)
    qs = (1 - smoothing) * soft + smoothing / k
    assert_allclose(lu.cross_entropy_with_logits(soft, z, label_smoothing=smoothing,
                                                 reduction=reduction),
                    reduce(ref_ce_logits(qs, z), reduction), rtol=1e-10)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_of_probabilities_matches_formula_and_sklearn(reduction):
    from sklearn.metrics import log_loss

    n, k = 12, 4
    probs = RNG.dirichlet(np.ones(k), size=n)
    probs[0] = [1.0, 0.0, 0.0, 0.0]          # exercises the clipping at 0 and 1
    labels = RNG.integers(0, k, size=n)
    labels[0] = 1
    eps = np.finfo(float).eps
    terms = [-math.log(min(max(probs[i, labels[i]], eps), 1 - eps)) for i in range(n)]
    assert_allclose(lu.cross_entropy(labels, probs, reduction=reduction),
                    reduce(terms, reduction), rtol=1e-12)
    assert_allclose(lu.cross_entropy(labels, probs), log_loss(labels, probs, labels=range(k)),
                    rtol=1e-10)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_kl_divergence_matches_formula_and_scipy(reduction):
    from scipy.stats import entropy

    p = RNG.dirichlet(np.ones(5), size=6)
    q = RNG.dirichlet(np.ones(5), size=6)
    p[0, :2] = [0.0, 0.0]
    p[0] /= p[0].sum()
    terms = [ref_kl(pi, qi) for pi, qi in zip(p, q)]
    assert_allclose(lu.kl_divergence(p, q, reduction=reduction), reduce(terms, reduction),
                    rtol=1e-12)
    assert_allclose(lu.kl_divergence(p, q, reduction="none"), entropy(p, q, axis=1), rtol=1e-10)
    # One distribution of shape (k,): a single value whatever the reduction.
    for r in REDUCTIONS:
        assert_allclose(lu.kl_divergence(p[1], q[1], reduction=r), entropy(p[1], q[1]),
                        rtol=1e-10)


def test_kl_divergence_zero_and_infinite_cases():
    assert lu.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0          # 0 log(0/0) counts as 0
    assert lu.kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lu.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf     # true value, no warning


def test_hinge_matches_sklearn():
    from sklearn.metrics import hinge_loss

    y = np.where(RNG.uniform(size=30) > 0.5, 1, -1)
    s = RNG.normal(size=30) * 2
    assert_allclose(lu.hinge(y, s), hinge_loss(y, s), rtol=1e-12)


def test_special_functions_match_scipy():
    from scipy import special

    z = np.concatenate([RNG.normal(size=20) * 30, [-1e4, -800.0, 0.0, 800.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_allclose(lu.sigmoid(z), special.expit(z), rtol=1e-15, atol=0)
        Z = np.stack([z, z[::-1] / 3, np.full_like(z, 1e4)])
        for axis in (0, 1, -1):
            assert_allclose(lu.logsumexp(Z, axis=axis), special.logsumexp(Z, axis=axis),
                            rtol=1e-14)
            assert_allclose(lu.softmax(Z, axis=axis), special.softmax(Z, axis=axis),
                            rtol=1e-13, atol=1e-300)
            assert_allclose(lu.log_softmax(Z, axis=axis), special.log_softmax(Z, axis=axis),
                            rtol=1e-13)
        assert_allclose(lu.softplus(z), np.logaddexp(0, z), rtol=1e-15)
        assert_allclose(lu.log_sigmoid(z), special.log_expit(z), rtol=1e-14)


# ---------------------------------------------------------------- gradients

def numeric_grad(f, x, h=1e-6):
    """Central finite differences of a scalar function f at x."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def cases():
    """(name, loss, y_true, prediction, options): predictions away from kinks and clip edges."""
    y = shaped((3, 2))
    p = y + RNG.choice([-1, 1], size=y.shape) * RNG.uniform(0.2, 2.5, size=y.shape)
    y01 = RNG.integers(0, 2, size=(5,)).astype(float)
    z = RNG.uniform(-4, 4, size=(5,))
    ypm = 2 * y01 - 1
    scores = ypm * np.array([0.5, -0.3, 2.0, 0.1, -1.5])   # margins away from 1
    labels = RNG.integers(0, 4, size=6)
    Z = RNG.normal(size=(6, 4)) * 3
    soft = RNG.dirichlet(np.ones(4), size=6)
    P = RNG.dirichlet(np.ones(4) * 3, size=6)
    Q = RNG.dirichlet(np.ones(4) * 3, size=6)
    return [
        ("mse", lu.mse, y, p, {}),
        ("mae", lu.mae, y, p, {}),
        ("huber", lu.huber, y, p, {"delta": 1.0}),
        ("huber-small-delta", lu.huber, y, p, {"delta": 0.1}),
        ("bce", lu.binary_cross_entropy, RNG.uniform(size=5), RNG.uniform(0.05, 0.95, 5), {}),
        ("bce-logits", lu.binary_cross_entropy_with_logits, y01, z, {}),
        ("hinge", lu.hinge, ypm, scores, {}),
        ("ce-probs", lu.cross_entropy, labels, P, {}),
        ("ce-logits", lu.cross_entropy_with_logits, labels, Z, {}),
        ("ce-logits-smooth", lu.cross_entropy_with_logits, labels, Z, {"label_smoothing": 0.2}),
        ("ce-logits-soft", lu.cross_entropy_with_logits, soft, Z, {}),
        ("kl", lu.kl_divergence, P, Q, {}),
    ]


@pytest.mark.parametrize("name,loss,y,pred,opts", cases(), ids=[c[0] for c in cases()])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_grad_matches_finite_differences(name, loss, y, pred, opts, reduction):
    if name in ("ce-probs", "kl"):
        # The probabilities must stay on the simplex, so perturb only along directions that
        # keep each row's sum: compare directional derivatives along (e_i - e_j).
        g = loss.grad(y, pred, reduction=reduction, **opts)
        h = 1e-7
        for row in range(pred.shape[0]):
            d = np.zeros_like(pred)
            d[row, 0], d[row, 1] = 1.0, -1.0
            numeric = (loss(y, pred + h * d, reduction=reduction, **opts)
                       - loss(y, pred - h * d, reduction=reduction, **opts)) / (2 * h)
            assert_allclose(np.sum(g * d), numeric, rtol=1e-6, atol=1e-7)
        return
    analytic = loss.grad(y, pred, reduction=reduction, **opts)
    numeric = numeric_grad(lambda x: loss(y, x, reduction=reduction, **opts), pred)
    assert analytic.shape == np.shape(pred)
    assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name,loss,y,pred,opts", cases(), ids=[c[0] for c in cases()])
def test_grad_none_is_per_term_and_mean_is_sum_over_n(name, loss, y, pred, opts):
    g_none = loss.grad(y, pred, reduction="none", **opts)
    g_sum = loss.grad(y, pred, reduction="sum", **opts)
    g_mean = loss.grad(y, pred, reduction="mean", **opts)
    n = loss(y, pred, reduction="none", **opts).size
    assert_allclose(g_none, g_sum)
    assert_allclose(g_mean, g_sum / n, rtol=1e-14)
    assert g_mean.shape == np.shape(pred)
    if name in ("mse", "mae", "huber", "bce-logits", "hinge"):
        # Elementwise: the "none" gradient of term i is the derivative of term i alone.
        for idx in np.ndindex(np.shape(pred)):
            e = np.zeros(np.shape(pred))
            e[idx] = 1e-6
            terms_plus = loss(y, pred + e, reduction="none", **opts)[idx]
            terms_minus = loss(y, pred - e, reduction="none", **opts)[idx]
            assert_allclose(g_none[idx], (terms_plus - terms_minus) / 2e-6, atol=1e-7)


def test_known_gradients():
    assert_allclose(lu.mse.grad([1.0, 2.0], [3.0, 2.0]), [2.0, 0.0])       # 2 e / n
    assert_allclose(lu.mae.grad([0.0, 0.0, 0.0], [1.0, -1.0, 0.0]), [1 / 3, -1 / 3, 0.0])
    assert_allclose(lu.huber.grad([0.0, 0.0], [0.5, 3.0], delta=1.0, reduction="sum"), [0.5, 1.0])
    assert_allclose(lu.binary_cross_entropy_with_logits.grad([1.0], [0.0]), [-0.5])
    assert_allclose(lu.hinge.grad([1, -1], [0.5, -2.0], reduction="sum"), [-1.0, 0.0])
    g = lu.cross_entropy_with_logits.grad([0], [[0.0, 0.0]])
    assert_allclose(g, [[-0.5, 0.5]])


def test_bce_finite_with_finite_gradient_at_0_and_1():
    y = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.0, 1.0, 1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = lu.binary_cross_entropy(y, p, reduction="none")
        grad = lu.binary_cross_entropy.grad(y, p, reduction="none")
    eps = np.finfo(float).eps
    assert_allclose(value[:2], -math.log(eps))
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
    assert value[2] < 1e-15 and value[3] < 1e-15


# ---------------------------------------------------------------- properties

# Rounded to 6 decimals: differences are 0 or >= 1e-6, so squares never underflow to 0.
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 6))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=finite), st.data())
def test_mse_nonnegative_and_zero_only_at_equality(y, data):
    p = data.draw(hnp.arrays(np.float64, y.shape, elements=finite))
    value = lu.mse(y, p)
    assert value >= 0
    assert (value == 0) == bool(np.all(y == p))
    assert lu.mse(y, y) == 0


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 30), elements=finite), st.data())
def test_sum_is_n_times_mean(y, data):
    p = data.draw(hnp.arrays(np.float64, y.shape, elements=finite))
    for loss in (lu.mse, lu.mae, lu.huber):
        assert_allclose(loss(y, p, reduction="sum"), y.size * loss(y, p), rtol=1e-12, atol=1e-300)
    y01 = (y > 0).astype(float)
    assert_allclose(lu.binary_cross_entropy_with_logits(y01, p, reduction="sum"),
                    y.size * lu.binary_cross_entropy_with_logits(y01, p), rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(2, 5), st.floats(-1e4, 1e4), st.data())
def test_softmax_cross_entropy_unchanged_by_shifting_a_row(n, k, shift, data):
    z = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-50, 50)))
    labels = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    shifted = z.copy()
    shifted[0] += shift
    assert_allclose(lu.cross_entropy_with_logits(labels, shifted, reduction="none"),
                    lu.cross_entropy_with_logits(labels, z, reduction="none"),
                    rtol=1e-9, atol=1e-9)


def test_huber_tends_to_half_mse_and_to_delta_abs():
    y, p = shaped(50), shaped(50)
    assert_allclose(lu.huber(y, p, delta=1e6), lu.mse(y, p) / 2, rtol=1e-12)
    # For |e| >> delta: huber = delta * (|e| - delta/2), so huber / (delta |e|) -> 1.
    e = np.array([1e3, -1e4, 1e6])
    ratio = lu.huber(np.zeros(3), e, delta=0.5, reduction="none") / (0.5 * np.abs(e))
    assert_allclose(ratio, 1.0, rtol=1e-3)


@pytest.mark.parametrize("big", [1e2, 1e3, 1e4, 1e9])
def test_finite_and_warning_free_at_extreme_logits(big):
    z = np.array([-big, big, 0.0, big, -big])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    Z = np.array([[big, -big, 0.0], [-big, -big, big], [0.0, 0.0, 0.0]])
    labels = np.array([0, 1, 2])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        terms = lu.binary_cross_entropy_with_logits(y, z, reduction="none")
        grad = lu.binary_cross_entropy_with_logits.grad(y, z, reduction="none")
        ce = lu.cross_entropy_with_logits(labels, Z, reduction="none")
        ce_grad = lu.cross_entropy_with_logits.grad(labels, Z)
        ce_smooth = lu.cross_entropy_with_logits(labels, Z, label_smoothing=0.1)
        for f in (lu.sigmoid, lu.softplus, lu.log_sigmoid):
            assert np.all(np.isfinite(f(z)))
        for f in (lu.softmax, lu.log_softmax, lu.logsumexp):
            assert np.all(np.isfinite(f(Z)))
    # Exact values: correct confident predictions cost 0, wrong ones cost |z|.
    t = math.log1p(math.exp(-big))      # the exact cost of a correct confident prediction
    assert_allclose(terms, [t, t, math.log(2), big + t, big + t], rtol=1e-15)
    s = math.exp(-big) / (1 + math.exp(-big))   # sigma(-big), 0 once it underflows
    assert_allclose(grad, [s, -s, -0.5, 1.0 - s, -(1.0 - s)], rtol=1e-15)
    assert_allclose(ce, [0.0, 2 * big, math.log(3)], rtol=1e-15)
    assert np.all(np.isfinite(ce_grad)) and np.isfinite(ce_smooth)


# ---------------------------------------------------------------- input handling

def test_inputs_are_not_modified_and_results_are_float64():
    y = np.array([0.0, 1.0, 1.0], dtype=np.float32)
    z = np.array([2.0, -1.0, 0.5], dtype=np.float32)
    y0, z0 = y.copy(), z.copy()
    for f in (lu.mse, lu.binary_cross_entropy_with_logits):
        for out in (f(y, z), f(y, z, reduction="none"), f.grad(y, z)):
            assert np.asarray(out).dtype == np.float64
    assert_allclose(lu.mse([1, 2, 3], [1, 2, 5]), 4 / 3)    # plain lists of ints work
    assert np.array_equal(y, y0) and np.array_equal(z, z0)
    Z = np.array([[1.0, 2.0], [3.0, -1.0]])
    Z0 = Z.copy()
    lu.cross_entropy_with_logits([0, 1], Z, label_smoothing=0.3)
    lu.cross_entropy_with_logits.grad([0, 1], Z)
    assert np.array_equal(Z, Z0)


def test_scalar_inputs():
    assert lu.mse(4.0, 1.0) == 9.0
    assert lu.mse.grad(4.0, 1.0) == -6.0


BAD_INPUTS = [
    # (callable, args, kwargs, message pattern)
    (lu.mse, (np.zeros(5), np.zeros((5, 1))), {},
     r"y_true has shape \(5,\) but y_pred has shape \(5, 1\).*ravel"),
    (lu.mae, (np.zeros((5, 1)), np.zeros(5)), {}, r"y_true has shape \(5, 1\) but y_pred has shape \(5,\)"),
    (lu.huber, (np.zeros(3), np.zeros(4)), {}, r"y_true has shape \(3,\) but y_pred has shape \(4,\)"),
    (lu.mse, ([], []), {}, r"y_true is empty"),
    (lu.cross_entropy_with_logits, (np.zeros(0, dtype=int), np.zeros((0, 3))), {}, r"logits is empty"),
    (lu.mse, ([1.0], [1.0]), {"reduction": "avg"}, r"reduction must be one of 'mean', 'sum', 'none'; got 'avg'"),
    (lu.mse, ([1.0], [np.nan]), {}, r"y_pred contains a non-finite value"),
    (lu.huber, ([1.0], [1.0]), {"delta": 0.0}, r"delta must be a finite number > 0; got 0.0"),
    (lu.huber, ([1.0], [1.0]), {"delta": -1}, r"delta must be a finite number > 0"),
    (lu.binary_cross_entropy, ([1.0, 0.0], [1.2, 0.5]), {}, r"p must hold probabilities in \[0, 1\]; got 1.2"),
    (lu.binary_cross_entropy, ([2.0, 0.0], [0.2, 0.5]), {}, r"y_true must hold probabilities in \[0, 1\]; got 2.0"),
    (lu.binary_cross_entropy, ([1.0], [-0.1]), {}, r"p must hold probabilities"),
    (lu.binary_cross_entropy_with_logits, ([1.0, -1.0], [0.2, 0.5]), {},
     r"y_true must hold probabilities in \[0, 1\]; got -1.0"),
    (lu.binary_cross_entropy_with_logits, (np.zeros(3), np.zeros((3, 1))), {},
     r"y_true has shape \(3,\) but logits has shape \(3, 1\)"),
    (lu.cross_entropy, ([0, 3], [[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]), {},
     r"class indices in \[0, 3\).*got 3"),
    (lu.cross_entropy, ([0, -1], [[0.5, 0.5], [0.2, 0.8]]), {}, r"class indices in \[0, 2\).*got -1"),
    (lu.cross_entropy, ([0.5, 1], [[0.5, 0.5], [0.2, 0.8]]), {}, r"integer class indices.*0.5"),
    (lu.cross_entropy, ([0, 1], [[1.5, -0.5], [0.2, 0.8]]), {}, r"probs must hold probabilities"),
    (lu.cross_entropy, ([0, 1], [[0.5, 0.6], [0.2, 0.8]]), {}, r"each row of probs must sum to 1"),
    (lu.cross_entropy, ([0, 1, 1], [[0.5, 0.5], [0.2, 0.8]]), {}, r"y_true has shape \(3,\)"),
    (lu.cross_entropy_with_logits, ([0, 2], np.zeros((2, 2))), {}, r"class indices in \[0, 2\).*got 2"),
    (lu.cross_entropy_with_logits, ([0.0, 1.5], np.zeros((2, 2))), {}, r"integer class indices"),
    (lu.cross_entropy_with_logits, (np.array([[0.5, 0.5], [1.2, -0.2]]), np.zeros((2, 2))), {},
     r"y_true must hold probabilities in \[0, 1\]"),
    (lu.cross_entropy_with_logits, (np.array([[0.5, 0.5]]), np.zeros((1, 3))), {},
     r"y_true has shape \(1, 2\) but logits has shape \(1, 3\)"),
    (lu.cross_entropy_with_logits, ([0], np.zeros(3)), {}, r"logits must be 2-D.*shape \(3,\)"),
    (lu.cross_entropy_with_logits, ([0, 1], np.zeros((2, 2))), {"label_smoothing": 1.5},
     r"label_smoothing must be in \[0, 1\]; got 1.5"),
    (lu.cross_entropy_with_logits, ([0, 1], np.zeros((2, 2))), {"label_smoothing": -0.1},
     r"label_smoothing must be in \[0, 1\]"),
    (lu.hinge, ([0, 1, 1], [0.2, 0.5, 1.0]), {}, r"-1 and \+1.*got values \[0.0, 1.0\].*2\*y - 1"),
    (lu.kl_divergence, ([0.5, 0.5], [0.5, 0.5, 0.0]), {}, r"p has shape \(2,\) but q has shape \(3,\)"),
    (lu.kl_divergence, ([0.5, 0.5], [1.5, -0.5]), {}, r"q must hold probabilities"),
    (lu.kl_divergence, ([0.5, 0.6], [0.5, 0.5]), {}, r"each row of p must sum to 1"),
]


@pytest.mark.parametrize("func,args,kwargs,match", BAD_INPUTS,
                         ids=[f"{b[0].name}-{i}" for i, b in enumerate(BAD_INPUTS)])
def test_bad_input_raises_clear_value_error(func, args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        func(*args, **kwargs)
    with pytest.raises(ValueError, match=match):
        func.grad(*args, **kwargs)


def test_never_broadcasts_silently():
    y = np.arange(4.0)
    for loss in (lu.mse, lu.mae, lu.huber):
        with pytest.raises(ValueError, match="no broadcasting"):
            loss(y, y[:, None])


def test_repr_names_the_loss():
    assert repr(lu.mse) == "<lossutils loss mse>"
