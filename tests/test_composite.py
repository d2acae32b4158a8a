"""Tests for lossutils.composite: losses of sigmoid outputs and calibration checks."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import lossutils as lu
from lossutils.composite import (ComposedWithSigmoid, expected_calibration_error,
                                 reliability_bins, sigmoid_mse)

Y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
Z = np.array([-2.0, 0.3, -4.0, 5.0, 1.5])


def reference_sigmoid_mse(y, z):
    """(1 / (1 + e^{-z}) - y)^2, written from the docstring formula."""
    p = 1.0 / (1.0 + np.exp(-z))
    return (p - y) ** 2


def numeric_grad(f, z, h=1e-6):
    return np.array([(f(z + h * e) - f(z - h * e)) / (2 * h) for e in np.eye(z.size)])


def test_is_a_loss():
    assert isinstance(sigmoid_mse, lu.Loss)
    assert sigmoid_mse.name == "mse_of_sigmoid"


def test_value_matches_reference():
    assert_allclose(sigmoid_mse(Y, Z, reduction="none"), reference_sigmoid_mse(Y, Z),
                    rtol=1e-12, atol=0)
    assert_allclose(sigmoid_mse(Y, Z), reference_sigmoid_mse(Y, Z).mean(), rtol=1e-12)


def test_literal_values():
    # sigma(0) = 0.5: (0.5 - 1)^2 = 0.25; gradient 2 * (-0.5) * 0.25 = -0.25.
    assert sigmoid_mse([1.0], [0.0], reduction="sum") == 0.25
    assert sigmoid_mse.grad([1.0], [0.0], reduction="sum").tolist() == [-0.25]


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_grad_matches_finite_differences(reduction):
    g = sigmoid_mse.grad(Y, Z, reduction=reduction)
    numeric = numeric_grad(lambda z: sigmoid_mse(Y, z, reduction=reduction), Z)
    assert_allclose(g, numeric, rtol=1e-6, atol=1e-9)


def test_grad_none_is_per_term():
    g = sigmoid_mse.grad(Y, Z, reduction="none")
    p = 1.0 / (1.0 + np.exp(-Z))
    assert_allclose(g, 2 * (p - Y) * p * (1 - p), rtol=1e-12)


def test_sum_is_n_times_mean():
    assert_allclose(sigmoid_mse(Y, Z, reduction="sum"), Y.size * sigmoid_mse(Y, Z), rtol=1e-12)


def test_gradient_vanishes_when_confidently_wrong():
    # Cross-entropy's logit gradient stays near -1; the squared error's goes to 0.
    g_mse = sigmoid_mse.grad([1.0], [-20.0], reduction="sum")[0]
    g_ce = lu.binary_cross_entropy_with_logits.grad([1.0], [-20.0], reduction="sum")[0]
    assert abs(g_mse) < 1e-8
    assert_allclose(g_ce, -1.0, atol=1e-8)


def test_extreme_logits_are_finite_and_warning_free():
    z = np.array([-1e4, 1e4, -1e9, 1e9])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    assert_allclose(sigmoid_mse(y, z, reduction="none"), [1.0, 1.0, 0.0, 0.0])
    assert_allclose(sigmoid_mse.grad(y, z, reduction="none"), [0.0, 0.0, 0.0, 0.0])


def test_composition_with_binary_cross_entropy_matches_logit_form():
    composed = ComposedWithSigmoid(lu.binary_cross_entropy)
    z = np.array([-3.0, 0.5, 2.0])
    y = np.array([1.0, 0.0, 1.0])
    assert_allclose(composed(y, z), lu.binary_cross_entropy_with_logits(y, z), rtol=1e-12)
    assert_allclose(composed.grad(y, z), lu.binary_cross_entropy_with_logits.grad(y, z),
                    rtol=1e-10)


def test_shape_mismatch_raises():
    with pytest.raises(ValueError, match=r"shape \(5,\).*shape \(5, 1\)"):
        sigmoid_mse(Y, Z.reshape(-1, 1))


def test_labels_outside_unit_interval_raise():
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\].*labels must be 0 or 1"):
        sigmoid_mse([2.0], [0.0])


def test_non_finite_logits_raise():
    with pytest.raises(ValueError, match="non-finite"):
        sigmoid_mse([1.0], [np.nan])


def test_bad_reduction_raises():
    with pytest.raises(ValueError, match="reduction must be one of"):
        sigmoid_mse(Y, Z, reduction="batchmean")


def test_bad_outer_loss_raises():
    with pytest.raises(ValueError, match="grad method"):
        ComposedWithSigmoid(np.mean)


# Calibration ------------------------------------------------------------------------------

def test_reliability_bins_literal():
    r = reliability_bins([0, 1, 1, 1, 0], [0.1, 0.2, 0.9, 1.0, 0.55], n_bins=2)
    assert_allclose(r.edges, [0.0, 0.5, 1.0])
    assert r.count.tolist() == [2, 3]
    assert_allclose(r.mean_predicted, [0.15, (0.9 + 1.0 + 0.55) / 3])
    assert_allclose(r.observed, [0.5, 2 / 3])


def test_empty_bins_are_nan_and_ignored_by_ece():
    r = reliability_bins([1, 1], [0.95, 0.85], n_bins=4)
    assert r.count.tolist() == [0, 0, 0, 2]
    assert np.isnan(r.observed[:3]).all()
    assert_allclose(expected_calibration_error([1, 1], [0.95, 0.85], n_bins=4), 0.1)


def test_ece_matches_reference_formula():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=200)
    y = (rng.uniform(size=200) < p ** 2).astype(float)
    edges = np.linspace(0, 1, 11)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if m.any():
            total += m.sum() * abs(y[m].mean() - p[m].mean())
    assert_allclose(expected_calibration_error(y, p), total / p.size, rtol=1e-12)


def test_ece_of_calibrated_predictions_is_small():
    rng = np.random.default_rng(1)
    p = rng.uniform(size=100_000)
    y = (rng.uniform(size=p.size) < p).astype(float)
    assert expected_calibration_error(y, p) < 0.01
    assert expected_calibration_error(y, np.round(p)) > 0.2   # overconfident 0/1 answers


def test_calibration_input_checks():
    with pytest.raises(ValueError, match="only 0 and 1"):
        expected_calibration_error([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\].*sigmoid"):
        reliability_bins([0, 1], [-1.0, 3.0])
    with pytest.raises(ValueError, match="n_bins must be an integer >= 1"):
        reliability_bins([0, 1], [0.1, 0.2], n_bins=0)
    with pytest.raises(ValueError, match="1-D"):
        reliability_bins([[0, 1]], [[0.1, 0.2]])
    with pytest.raises(ValueError, match=r"shape \(2,\).*shape \(3,\)"):
        reliability_bins([0, 1], [0.1, 0.2, 0.3])
