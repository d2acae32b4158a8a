"""The pinball (quantile) loss: formula, gradient, reductions, its minimiser, bad input."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import lossutils as lu
from lossutils.quantile import pinball

RNG = np.random.default_rng(0)
Y = RNG.normal(size=7)
P = RNG.normal(size=7)


def reference(y, p, tau):
    """Literal two-branch formula from the docstring."""
    return np.array([tau * (yi - pi) if pi <= yi else (1 - tau) * (pi - yi)
                     for yi, pi in zip(y, p)])


@pytest.mark.parametrize("tau", [0.1, 0.5, 0.9])
def test_matches_reference_formula(tau):
    assert_allclose(pinball(Y, P, tau=tau, reduction="none"), reference(Y, P, tau), rtol=1e-12)
    assert_allclose(pinball(Y, P, tau=tau), reference(Y, P, tau).mean(), rtol=1e-12)


def test_literal_values():
    assert pinball([10.0], [8.0], tau=0.9) == pytest.approx(1.8)
    assert pinball([10.0], [12.0], tau=0.9) == pytest.approx(0.2)
    assert pinball([3.0], [3.0], tau=0.3) == 0.0


def test_half_mae_at_median():
    assert_allclose(pinball(Y, P, tau=0.5), 0.5 * lu.mae(Y, P), rtol=1e-12)
    assert_allclose(pinball.grad(Y, P, tau=0.5), 0.5 * lu.mae.grad(Y, P), rtol=1e-12)


def test_sum_is_n_times_mean():
    assert_allclose(pinball(Y, P, tau=0.2, reduction="sum"), 7 * pinball(Y, P, tau=0.2),
                    rtol=1e-12)
    assert_allclose(pinball.grad(Y, P, tau=0.2, reduction="sum"),
                    7 * pinball.grad(Y, P, tau=0.2), rtol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("tau", [0.25, 0.8])
def test_gradient_matches_finite_differences(tau, reduction):
    h = 1e-6
    numeric = np.array([(pinball(Y, P + h * e, tau=tau, reduction=reduction)
                         - pinball(Y, P - h * e, tau=tau, reduction=reduction)) / (2 * h)
                        for e in np.eye(P.size)])
    assert_allclose(pinball.grad(Y, P, tau=tau, reduction=reduction), numeric, atol=1e-6)


def test_none_gradient_is_per_term():
    g = pinball.grad([0.0, 0.0, 0.0], [-1.0, 0.0, 2.0], tau=0.9, reduction="none")
    assert_allclose(g, [-0.9, 0.0, 0.1], rtol=1e-12)


def test_constant_minimiser_is_the_quantile():
    y = np.random.default_rng(1).exponential(size=101)
    grid = np.sort(y)   # the minimum over constants is attained at a data point
    values = [pinball(y, np.full_like(y, c), tau=0.9) for c in grid]
    assert grid[int(np.argmin(values))] == pytest.approx(np.quantile(y, 0.9))


def test_inputs_not_modified_and_lists_accepted():
    y, p = Y.copy(), P.copy()
    pinball(y, p, tau=0.3)
    assert_allclose(y, Y) and assert_allclose(p, P)
    assert pinball([1, 2], [1, 2]) == 0.0


@pytest.mark.parametrize("tau", [0.0, 1.0, -0.1, 1.5, "a"])
def test_bad_tau_raises(tau):
    with pytest.raises(ValueError, match="tau must"):
        pinball([1.0], [2.0], tau=tau)


def test_shape_mismatch_raises():
    with pytest.raises(ValueError, match=r"shape \(3,\) but y_pred has shape \(3, 1\)"):
        pinball(np.zeros(3), np.zeros((3, 1)))


def test_bad_reduction_and_non_finite_raise():
    with pytest.raises(ValueError, match="reduction must be one of"):
        pinball([1.0], [1.0], reduction="avg")
    with pytest.raises(ValueError, match="non-finite"):
        pinball([np.nan], [1.0])
    with pytest.raises(ValueError, match="empty"):
        pinball([], [])
