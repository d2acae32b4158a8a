"""Tests of lossutils.metrics: each metric against a literal reference written from its
docstring formula, against scikit-learn, its properties, and every kind of bad input.

Tolerances: rtol=1e-12 against the literal formulas, 1e-10 against scikit-learn; integer
results (confusion matrices, ROC counts) exactly.
"""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve

import lossutils as lu
from lossutils.metrics import (Reliability, accuracy, brier_score, confusion_matrix,
                               expected_calibration_error, r2_score, reliability_bins, rmse,
                               roc_auc, roc_curve)

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
    assert_allclose(y, y0, rtol=0)
    assert_allclose(p, p0, rtol=0)


# ---------------------------------------------------------------- confusion matrix

def ref_confusion(y, p, labels):
    return [[sum(1 for yi, pi in zip(y, p) if yi == r and pi == c) for c in labels]
            for r in labels]


@pytest.mark.parametrize("k", [2, 3, 5])
def test_confusion_matrix_matches_formula_and_sklearn(k):
    y = RNG.integers(0, k, size=80)
    p = RNG.integers(0, k, size=80)
    cm = confusion_matrix(y, p)
    assert cm.shape == (k, k)
    assert cm.tolist() == ref_confusion(y.tolist(), p.tolist(), list(range(k)))
    assert np.array_equal(cm, skm.confusion_matrix(y, p))
    assert np.trace(cm) / y.size == accuracy(y, p)
    assert np.array_equal(cm.sum(axis=1), np.bincount(y, minlength=k))   # rows: true class


def test_confusion_matrix_binary_layout_and_label_sets():
    assert confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]).tolist() == [[1, 1], [1, 2]]
    # labels -1/+1, unsorted labels, and labels that never occur, as scikit-learn
    y, p = np.array([-1, 1, 1, -1]), np.array([1, 1, -1, -1])
    assert np.array_equal(confusion_matrix(y, p), skm.confusion_matrix(y, p))
    assert np.array_equal(confusion_matrix(y, p, labels=[1, -1]),
                          skm.confusion_matrix(y, p, labels=[1, -1]))
    assert confusion_matrix([0, 2], [0, 2], labels=[0, 1, 2]).tolist() == [[1, 0, 0], [0, 0, 0],
                                                                           [0, 0, 1]]
    assert confusion_matrix([0, 2], [0, 2]).tolist() == [[1, 0], [0, 1]]


def test_confusion_matrix_refuses_bad_input():
    with pytest.raises(ValueError, match=r"y_pred must hold class labels.*0\.7"):
        confusion_matrix([1, 0], [0.7, 0.2])
    with pytest.raises(ValueError, match=r"y_true has shape \(3,\) but y_pred has shape \(3, 1\)"):
        confusion_matrix([0, 1, 1], np.array([[0], [1], [1]]))
    with pytest.raises(ValueError, match=r"1-D labels.*got shape \(2, 2\)"):
        confusion_matrix(np.eye(2, dtype=int), np.eye(2, dtype=int))
    with pytest.raises(ValueError, match=r"y_true holds the label 2, which is not in labels"):
        confusion_matrix([0, 2], [0, 1], labels=[0, 1])
    with pytest.raises(ValueError, match="distinct classes"):
        confusion_matrix([0, 1], [0, 1], labels=[0, 1, 1])


# ---------------------------------------------------------------- Brier score

def test_brier_score_matches_formula_and_sklearn():
    q = RNG.uniform(size=60)
    y = (RNG.uniform(size=60) < q).astype(int)
    value = brier_score(y, q)
    assert isinstance(value, float)
    assert_allclose(value, sum((qi - yi) ** 2 for yi, qi in zip(y, q)) / 60, rtol=1e-12)
    assert_allclose(value, skm.brier_score_loss(y, q), rtol=1e-10)
    assert_allclose(value, lu.mse(y.astype(float), q), rtol=1e-12)


def test_brier_score_literal_values_and_properness():
    assert brier_score([1, 0, 1, 0], [1.0, 0.0, 0.5, 0.5]) == 0.125
    assert brier_score([1, 0], [0.0, 1.0]) == 1.0            # bounded: worst case is 1
    # Proper: for outcomes with frequency 0.3, the expected score is smallest at q = 0.3.
    y = np.array([1] * 3 + [0] * 7)
    grid = np.linspace(0, 1, 101)
    scores = [brier_score(y, np.full(10, q)) for q in grid]
    assert grid[int(np.argmin(scores))] == pytest.approx(0.3)


def test_brier_score_refuses_bad_input():
    with pytest.raises(ValueError, match=r"probs must hold probabilities in \[0, 1\]; got 1.5"):
        brier_score([0, 1], [0.2, 1.5])
    with pytest.raises(ValueError, match="only 0 and 1.*y == 1"):
        brier_score([-1, 1], [0.2, 0.5])
    with pytest.raises(ValueError, match=r"y_true has shape \(2,\) but probs has shape \(2, 1\)"):
        brier_score([0, 1], [[0.2], [0.5]])
    with pytest.raises(ValueError, match="probs contains a non-finite value"):
        brier_score([0, 1], [0.2, np.nan])


# ---------------------------------------------------------------- ROC curve and AUC

def ref_auc(y, s):
    """Mann-Whitney, literally: over all (positive, negative) pairs, 1 if ordered, 1/2 if tied."""
    pos = [si for yi, si in zip(y, s) if yi == 1]
    neg = [si for yi, si in zip(y, s) if yi == 0]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def ref_roc(y, s):
    """Rates at t = inf and at every distinct score, counted from the definition."""
    ts = [np.inf] + sorted(set(s), reverse=True)
    P, N = sum(y), len(y) - sum(y)
    tpr = [sum(1 for yi, si in zip(y, s) if yi == 1 and si >= t) / P for t in ts]
    fpr = [sum(1 for yi, si in zip(y, s) if yi == 0 and si >= t) / N for t in ts]
    return fpr, tpr, ts


def random_scores(seed, n=60, ties=False):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    y[:2] = [0, 1]                                     # both classes occur
    s = y + rng.normal(size=n)
    return y, (np.round(s, 1) if ties else s)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_roc_curve_matches_definition_and_sklearn(seed, ties):
    y, s = random_scores(seed, ties=ties)
    fpr, tpr, thresholds = roc_curve(y, s)
    r_fpr, r_tpr, r_t = ref_roc(y.tolist(), s.tolist())
    assert_allclose(fpr, r_fpr, rtol=1e-12)
    assert_allclose(tpr, r_tpr, rtol=1e-12)
    assert_allclose(thresholds, r_t)
    k_fpr, k_tpr, k_t = skm.roc_curve(y, s, drop_intermediate=False)
    assert_allclose(fpr, k_fpr, rtol=1e-12)
    assert_allclose(tpr, k_tpr, rtol=1e-12)
    assert_allclose(thresholds, k_t)
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_roc_auc_matches_mann_whitney_sklearn_and_the_curve(seed, ties):
    y, s = random_scores(seed, ties=ties)
    auc = roc_auc(y, s)
    assert isinstance(auc, float)
    assert_allclose(auc, ref_auc(y.tolist(), s.tolist()), rtol=1e-12)
    assert_allclose(auc, skm.roc_auc_score(y, s), rtol=1e-10)
    fpr, tpr, _ = roc_curve(y, s)
    assert_allclose(auc, np.trapezoid(tpr, fpr), rtol=1e-12)


def test_roc_literal_values():
    fpr, tpr, t = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    assert fpr.tolist() == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert tpr.tolist() == [0.0, 0.5, 0.5, 1.0, 1.0]
    assert t.tolist() == [np.inf, 0.8, 0.4, 0.35, 0.1]
    assert roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert roc_auc([0, 1, 0, 1], [1.0, 2.0, 3.0, 4.0]) == 0.75
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5                 # a tie counts half
    assert roc_auc([0, 0, 1], [7.0, 7.0, 7.0]) == 0.5
    assert roc_auc([0, 1], [0.0, 1.0]) == 1.0
    assert roc_auc([0, 1], [1.0, 0.0]) == 0.0


def test_roc_auc_depends_only_on_the_order_of_the_scores():
    y, s = random_scores(9)
    auc = roc_auc(y, s)
    assert roc_auc(y, 1 / (1 + np.exp(-s))) == pytest.approx(auc, abs=1e-15)   # probabilities
    assert roc_auc(y, 3 * s - 7) == pytest.approx(auc, abs=1e-15)
    assert roc_auc(y, -s) == pytest.approx(1 - auc, abs=1e-15)


@pytest.mark.parametrize("metric", [roc_curve, roc_auc])
def test_roc_refuses_bad_input(metric):
    with pytest.raises(ValueError, match="only the class 1.*each class"):
        metric([1, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match="only 0 and 1.*y == 1"):
        metric([-1, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match=r"y_true has shape \(2,\) but scores has shape \(1, 2\)"):
        metric([0, 1], [[0.2, 0.3]])
    with pytest.raises(ValueError, match="scores contains a non-finite value"):
        metric([0, 1], [0.2, np.inf])
    with pytest.raises(ValueError, match="y_true must be 1-D"):
        metric([[0, 1]], [[0.2, 0.3]])


# ---------------------------------------------------------------- calibration

def test_reliability_bins_literal():
    r = reliability_bins([0, 1, 1, 1, 0], [0.1, 0.2, 0.9, 1.0, 0.55], n_bins=2)
    assert isinstance(r, Reliability)
    assert_allclose(r.edges, [0.0, 0.5, 1.0])
    assert r.count.tolist() == [2, 3]
    assert_allclose(r.mean_predicted, [0.15, (0.9 + 1.0 + 0.55) / 3])
    assert_allclose(r.observed, [0.5, 2 / 3])


def test_reliability_bins_match_sklearn_calibration_curve():
    q = RNG.uniform(size=500)
    y = (RNG.uniform(size=500) < q ** 2).astype(int)
    r = reliability_bins(y, q, n_bins=7)
    prob_true, prob_pred = calibration_curve(y, q, n_bins=7)
    full = r.count > 0
    assert_allclose(r.observed[full], prob_true, rtol=1e-12)
    assert_allclose(r.mean_predicted[full], prob_pred, rtol=1e-12)


def test_values_on_a_bin_edge_go_into_the_upper_bin():
    edges = np.linspace(0.0, 1.0, 11)
    r = reliability_bins([0, 1, 1], edges[[3, 5, 10]], n_bins=10)   # 1.0: the last bin
    assert np.array_equal(r.edges, edges)
    assert np.flatnonzero(r.count).tolist() == [3, 5, 9]


def test_empty_bins_are_nan_and_ignored_by_ece():
    r = reliability_bins([1, 1], [0.95, 0.85], n_bins=4)
    assert r.count.tolist() == [0, 0, 0, 2]
    assert np.isnan(r.observed[:3]).all()
    assert_allclose(expected_calibration_error([1, 1], [0.95, 0.85], n_bins=4), 0.1)


def test_ece_matches_reference_formula():
    rng = np.random.default_rng(0)
    q = rng.uniform(size=200)
    y = (rng.uniform(size=200) < q ** 2).astype(float)
    edges = np.linspace(0, 1, 11)
    total, seen = 0.0, 0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (q >= lo) & ((q < hi) if hi < 1 else (q <= hi))
        seen += m.sum()
        if m.any():
            total += m.sum() * abs(y[m].mean() - q[m].mean())
    assert seen == q.size                                  # the bins cover every example
    assert_allclose(expected_calibration_error(y, q), total / q.size, rtol=1e-12)


def test_ece_of_calibrated_predictions_is_small():
    rng = np.random.default_rng(1)
    q = rng.uniform(size=100_000)
    y = (rng.uniform(size=q.size) < q).astype(float)
    assert expected_calibration_error(y, q) < 0.01
    assert expected_calibration_error(y, np.round(q)) > 0.2   # overconfident 0/1 answers


def test_calibration_input_checks():
    with pytest.raises(ValueError, match="only 0 and 1"):
        expected_calibration_error([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\].*sigmoid"):
        reliability_bins([0, 1], [-1.0, 3.0])
    for bad in (0, 2.5, True, "10"):
        with pytest.raises(ValueError, match="n_bins must be an integer >= 1"):
            reliability_bins([0, 1], [0.1, 0.2], n_bins=bad)
    with pytest.raises(ValueError, match="1-D"):
        reliability_bins([[0, 1]], [[0.1, 0.2]])
    with pytest.raises(ValueError, match=r"shape \(2,\).*shape \(3,\)"):
        reliability_bins([0, 1], [0.1, 0.2, 0.3])


def test_probability_metrics_do_not_modify_inputs():
    y, q = np.array([0.0, 1.0, 1.0]), np.array([0.2, 0.7, 0.9])
    y0, q0 = y.copy(), q.copy()
    brier_score(y, q), roc_auc(y, q), roc_curve(y, q), expected_calibration_error(y, q)
    assert_allclose(y, y0, rtol=0)
    assert_allclose(q, q0, rtol=0)
