"""Robustness of every loss (issue 7): no numpy warning on valid input, even at extreme
logits; float32 and 0-d input computed in float64; inputs never modified (the losses
work in place on their own temporaries, never on the caller's arrays); the cheap input
checks catch exactly what the exact ones did."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

import lossutils as lu

BIG = [1e4, -1e4, 30.0, -30.0, 0.0, 1e-3]
REDUCTIONS = ["mean", "sum", "none"]


def cases():
    """(name, loss, y_true, prediction, options) with extreme but valid values."""
    e = np.array(BIG)
    hard = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    soft = np.array([0.25, 1.0, 0.5, 0.0, 0.75, 1.0])
    p = np.array([0.0, 1.0, 1e-300, 1.0 - 1e-16, 0.5, 0.3])
    Z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [0.0, 0.0, 0.0], [30.0, -30.0, 1e-300]])
    labels = np.array([0, 1, 2, 1])
    P = np.array([[1.0, 0.0, 0.0], [0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])
    Q = np.array([[1.0 - 1e-12, 1e-12, 0.0], [0.1, 0.1, 0.8], [0.5, 0.5, 0.0]])
    return [
        ("mse", lu.mse, np.zeros(6), e, {}),
        ("mae", lu.mae, e[::-1].copy(), e, {}),
        ("huber", lu.huber, np.zeros(6), e, {"delta": 0.5}),
        ("bce", lu.binary_cross_entropy, hard, p, {}),
        ("bce_soft", lu.binary_cross_entropy, soft, p, {}),
        ("bce_logits", lu.binary_cross_entropy_with_logits, hard, e, {}),
        ("bce_logits_soft", lu.binary_cross_entropy_with_logits, soft, e, {}),
        ("hinge", lu.hinge, 2 * hard - 1, e, {}),
        ("ce", lu.cross_entropy, np.array([0, 2, 1]), P, {}),
        ("ce_logits", lu.cross_entropy_with_logits, labels, Z, {}),
        ("ce_logits_smooth", lu.cross_entropy_with_logits, labels, Z, {"label_smoothing": 0.1}),
        ("ce_logits_soft", lu.cross_entropy_with_logits, np.full((4, 3), 1 / 3), Z, {}),
        ("kl", lu.kl_divergence, P[1:], Q[1:], {}),
    ]


CASES = cases()
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name, loss, y, pred, opts", CASES, ids=IDS)
def test_no_numpy_warning_and_inputs_untouched(name, loss, y, pred, opts, reduction):
    y0, pred0 = y.copy(), pred.copy()
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        value = loss(y, pred, reduction=reduction, **opts)
        grad = loss.grad(y, pred, reduction=reduction, **opts)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
    assert np.asarray(grad).shape == pred.shape
    assert np.array_equal(y, y0) and np.array_equal(pred, pred0)


@pytest.mark.parametrize("name, loss, y, pred, opts", CASES, ids=IDS)
def test_float32_input_is_computed_in_float64(name, loss, y, pred, opts):
    y32 = y.astype(np.float32) if y.dtype.kind == "f" else y
    p32 = pred.astype(np.float32)
    for reduction in REDUCTIONS:
        for out in (loss(y32, p32, reduction=reduction, **opts),
                    loss.grad(y32, p32, reduction=reduction, **opts)):
            assert np.asarray(out).dtype == np.float64
    # Same answer as the float64 computation on the float32 values.
    y64 = y32.astype(np.float64) if y32.dtype.kind == "f" else y32
    assert_allclose(loss(y32, p32, **opts), loss(y64, p32.astype(np.float64), **opts),
                    rtol=1e-15)


@pytest.mark.parametrize("loss", [lu.mse, lu.mae, lu.huber, lu.hinge,
                                  lu.binary_cross_entropy_with_logits])
def test_zero_d_input(loss):
    y = 1.0
    for reduction in REDUCTIONS:
        value = loss(y, 3.0, reduction=reduction)
        grad = loss.grad(y, 3.0, reduction=reduction)
        assert np.ndim(value) == 0 and np.ndim(grad) == 0
        assert np.isfinite(value) and np.isfinite(grad)


def test_class_indices_and_one_hot_targets_agree():
    # Integer labels take a path that never builds the one-hot matrix; probability targets
    # build it. Both must give the same loss and gradient, with and without smoothing.
    rng = np.random.default_rng(7)
    Z = rng.normal(scale=5.0, size=(50, 4))
    labels = rng.integers(0, 4, size=50)
    onehot = np.eye(4)[labels]
    f = lu.cross_entropy_with_logits
    for alpha in (0.0, 0.2, 1.0):
        for reduction in REDUCTIONS:
            assert_allclose(f(labels, Z, label_smoothing=alpha, reduction=reduction),
                            f(onehot, Z, label_smoothing=alpha, reduction=reduction),
                            rtol=1e-13, atol=1e-15)
            assert_allclose(f.grad(labels, Z, label_smoothing=alpha, reduction=reduction),
                            f.grad(onehot, Z, label_smoothing=alpha, reduction=reduction),
                            rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_reported_with_its_index(bad):
    x = np.zeros(1000)
    x[123] = bad
    with pytest.raises(ValueError, match=r"y_pred contains a non-finite value .* \(123,\)"):
        lu.mse(np.zeros(1000), x)
    with pytest.raises(ValueError, match=r"non-finite value .* \(1, 2\)"):
        lu.cross_entropy_with_logits([0, 0], [[0.0, 0.0, 0.0], [0.0, 0.0, bad]])


def test_finite_values_whose_sum_overflows_are_accepted():
    # The finite check first sums the values; an overflowing sum must fall back to the
    # exact element-wise check instead of rejecting valid input.
    big = np.array([1e308, 1e308, -1e308])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        assert lu.mae(big, big) == 0.0
        assert np.array_equal(lu.huber.grad(big, big, reduction="none"), np.zeros(3))


@pytest.mark.parametrize("bad, where", [(-0.1, 7), (1.5, 0), (1.0 + 1e-15, 999)])
def test_unit_interval_check_names_the_first_bad_value(bad, where):
    y = np.full(1000, 0.5)
    y[where] = bad
    with pytest.raises(ValueError, match=rf"y_true must hold probabilities in \[0, 1\]; "
                                         rf"got {bad!r} at index \({where},\)"):
        lu.binary_cross_entropy_with_logits(y, np.zeros(1000))
