"""Tests of lossutils.metrics: each metric against a literal reference written from its
docstring formula, against scikit-learn, its properties, and every kind of bad input.

Tolerances: rtol=1e-12 against the literal formulas, 1e-10 against scikit-learn.
"""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import metrics as skm

import lossutils as lu
from lossutils.metrics import accuracy, r2_score, rmse

RNG = np.random.default_rng(2024)


# ---------------------------------------------------------------- literal references

def ref_rmse(y, p):
    return math.sqrt(sum((pi - yi) ** 2 for yi, pi in zip(y, p)) / len(y))


def ref_r2(y, p):
    mean = sum(y) / len(y)
    ss_res = sum((yi - pi) ** 2 for yi, pi in zip(y, p))
    ss_tot = sum((yi - mean) ** 2 for yi in y)
    return 1 - ss_res / ss_tot


def ref_accuracy(y, p):
    return sum(1 for yi, pi in zip(y, p) if yi == pi) / len(y)


# ---------------------------------------------------------------- values

@pytest.mark.parametrize("n", [2, 5, 40])
def test_rmse_matches_formula_mse_and_sklearn(n):
    y, p = RNG.normal(size=n), RNG.normal(size=n)
    value = rmse(y, p)
    assert isinstance(value, float)
    assert_allclose(value, ref_rmse(y.tolist(), p.tolist()), rtol=1e-12)
    assert_allclose(value ** 2, lu.mse(y, p), rtol=1e-12)
    assert_allclose(value, skm.root_mean_squared_error(y, p), rtol=1e-10)


def test_rmse_literal_values_and_units():
    assert rmse([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 8.0]) == 2.0
    assert rmse([5.0], [5.0]) == 0.0
    # Same units as y: rescaling targets and predictions rescales the RMSE by the same factor.
    y, p = RNG.normal(size=10), RNG.normal(size=10)
    assert_allclose(rmse(100 * y, 100 * p), 100 * rmse(y, p), rtol=1e-12)


def test_rmse_is_at_least_mae_with_equality_for_equal_error_sizes():
    y, p = RNG.normal(size=30), RNG.normal(size=30)
    assert rmse(y, p) >= lu.mae(y, p)
    y = np.zeros(4)
    p = np.array([2.0, -2.0, 2.0, -2.0])
    assert rmse(y, p) == lu.mae(y, p) == 2.0


@pytest.mark.parametrize("n", [2, 7, 50])
def test_r2_matches_formula_and_sklearn(n):
    y, p = RNG.normal(size=n), RNG.normal(size=n)
    value = r2_score(y, p)
    assert isinstance(value, float)
    assert_allclose(value, ref_r2(y.tolist(), p.tolist()), rtol=1e-12)
    assert_allclose(value, skm.r2_score(y, p), rtol=1e-10)


def test_r2_literal_values():
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert r2_score(y, y) == 1.0
    assert r2_score(y, np.full(5, 3.0)) == 0.0          # predicting the mean
    assert r2_score(y, y[::-1]) == -3.0                 # 1 - 40/10
    assert r2_score([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == -3.0


def test_r2_equals_one_minus_mse_over_variance():
    y, p = RNG.normal(size=25), RNG.normal(size=25)
    assert_allclose(r2_score(y, p), 1 - lu.mse(y, p) / np.var(y), rtol=1e-12)


def test_r2_accepts_lists_and_integers():
    assert r2_score([1, 2, 3], [1, 2, 3]) == 1.0


def test_accuracy_matches_formula_and_sklearn():
    y = RNG.integers(0, 3, size=50)
    p = RNG.integers(0, 3, size=50)
    value = accuracy(y, p)
    assert isinstance(value, float)
    assert value == ref_accuracy(y.tolist(), p.tolist())
    assert_allclose(value, skm.accuracy_score(y, p), rtol=1e-12)


def test_accuracy_literal_values_and_label_types():
    assert accuracy([0, 1, 1, 0], [0, 1, 0, 0]) == 0.75
    assert accuracy([True, False], [True, True]) == 0.5
    assert accuracy([1.0, 0.0, 2.0], [1, 0, 2]) == 1.0    # whole-number floats are labels
    assert accuracy(np.array([[0, 1], [1, 1]]), np.array([[0, 0], [1, 1]])) == 0.75


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("metric", [rmse, r2_score])
def test_regression_metrics_refuse_column_against_row(metric):
    y = np.arange(4.0)
    with pytest.raises(ValueError, match=r"shape \(4,\) but y_pred has shape \(4, 1\).*ravel"):
        metric(y, y.reshape(-1, 1))


@pytest.mark.parametrize("metric", [rmse, r2_score])
def test_regression_metrics_refuse_different_lengths(metric):
    with pytest.raises(ValueError, match=r"shape \(3,\) but y_pred has shape \(2,\)"):
        metric([1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("metric", [rmse, r2_score])
def test_regression_metrics_refuse_empty_and_non_finite(metric):
    with pytest.raises(ValueError, match="y_true is empty"):
        metric([], [])
    with pytest.raises(ValueError, match="y_pred contains a non-finite value"):
        metric([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(ValueError, match="must be numeric"):
        metric(["a", "b"], [1.0, 2.0])


def test_r2_refuses_constant_targets():
    with pytest.raises(ValueError, match="undefined when y_true is constant"):
        r2_score([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="undefined when y_true is constant"):
        r2_score([2.0], [2.0])


def test_r2_refuses_two_dimensional_input():
    y = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match=r"1-D arrays of shape \(n,\); got shape \(3, 2\)"):
        r2_score(y, y)


def test_accuracy_refuses_continuous_values():
    with pytest.raises(ValueError, match=r"y_pred must hold class labels.*0\.7.*r2_score"):
        accuracy([1, 0], [0.7, 0.2])
    with pytest.raises(ValueError, match=r"y_true must hold class labels.*continuous"):
        accuracy([1.5, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="y_true must hold class labels"):
        accuracy([np.nan, 1.0], [1.0, 1.0])


def test_accuracy_refuses_bad_shapes_and_types():
    with pytest.raises(ValueError, match=r"y_true has shape \(3,\) but y_pred has shape \(3, 1\)"):
        accuracy([0, 1, 1], np.array([[0], [1], [1]]))
    with pytest.raises(ValueError, match="y_true is empty"):
        accuracy([], [])
    with pytest.raises(ValueError, match="numeric class labels"):
        accuracy(["cat", "dog"], ["cat", "cat"])


def test_inputs_are_not_modified():
    y = np.array([1.0, 2.0, 3.0])
    p = np.array([1.5, 2.0, 2.0])
    y0, p0 = y.copy(), p.copy()
    rmse(y, p), r2_score(y, p)
    assert (y == y0).all() and (p == p0).all()
