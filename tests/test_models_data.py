"""Tests of lossutils.data (seeded, shapes) and lossutils.models (gradient descent is right)."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import lossutils as lu
from lossutils import data, models


def test_data_is_seeded_and_reproducible():
    a, b = data.noisy_line(20, seed=3), data.noisy_line(20, seed=3)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.y, data.noisy_line(20, seed=4).y)
    c1, c2 = data.blobs(10, k=3, seed=1), data.blobs(10, k=3, seed=1)
    assert np.array_equal(c1.X, c2.X) and np.array_equal(c1.y, c2.y)


def test_line_with_outliers_moves_only_the_marked_points():
    clean = data.noisy_line(30, seed=0)
    d = data.line_with_outliers(30, n_outliers=2, shift=25.0, seed=0)
    assert d.outlier.sum() == 2 and d.outlier[-2:].all()
    assert_allclose(d.y - clean.y, 25.0 * d.outlier)
    with pytest.raises(ValueError, match=r"n_outliers must be in \[0, n=5\]; got 6"):
        data.line_with_outliers(5, n_outliers=6)


def test_blobs_shapes_and_classes():
    d = data.blobs(25, k=3, seed=0)
    assert d.X.shape == (75, 2) and d.y.shape == (75,)
    assert np.bincount(d.y).tolist() == [25, 25, 25]
    with pytest.raises(ValueError, match="k must be >= 2"):
        data.blobs(5, k=1)


def test_train_val_split_partitions_rows():
    x = np.arange(20)
    tr, va, ytr, yva = data.train_val_split(x, x * 10, val_fraction=0.25, seed=0)
    assert len(va) == 5 and len(tr) == 15
    assert sorted(np.concatenate([tr, va]).tolist()) == list(range(20))
    assert np.array_equal(ytr, tr * 10)
    with pytest.raises(ValueError, match="same length"):
        data.train_val_split(x, x[:3])


def test_square_targets():
    assert data.square_targets([2.0]).tolist() == [4.0]


def test_fit_linear_matches_least_squares():
    d = data.noisy_line(50, seed=1)
    fit = models.fit_linear(d.x, d.y, lr=0.025, steps=6000)
    A = np.column_stack([d.x, np.ones_like(d.x)])
    (m, b), *_ = np.linalg.lstsq(A, d.y, rcond=None)
    assert_allclose([fit.w[0], fit.b], [m, b], atol=1e-6)
    assert fit.history.shape == (6001,) and fit.path.shape == (6001, 2)
    assert np.all(np.diff(fit.history) <= 1e-12)        # small steps: the loss never rises
    assert_allclose(fit.history[-1], lu.mse(d.y, fit.scores(d.x)))


def test_fit_linear_gradient_is_the_chain_rule():
    """One step of fit_linear equals w - lr * X^T dL/dscores, checked by finite differences."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=8)
    w0, b0, lr = rng.normal(size=3), 0.3, 0.05
    step = models.fit_linear(X, y, loss=lu.huber, delta=0.5, lr=lr, steps=1, w0=w0, b0=b0)

    def objective(theta):
        return lu.huber(y, X @ theta[:3] + theta[3], delta=0.5)

    theta = np.append(w0, b0)
    h = 1e-6
    numeric = np.array([(objective(theta + h * e) - objective(theta - h * e)) / (2 * h)
                        for e in np.eye(4)])
    assert_allclose(np.append(step.w, step.b), theta - lr * numeric, atol=1e-9)


def test_logistic_and_softmax_regression_learn_separable_blobs():
    d2 = data.blobs(40, k=2, distance=3.0, spread=0.7, seed=0)
    f2 = models.fit_logistic(d2.X, d2.y, steps=300)
    acc2 = np.mean((models.predict_proba(f2, d2.X) > 0.5) == d2.y)
    assert acc2 > 0.95 and f2.history[-1] < f2.history[0] / 5

    d3 = data.blobs(40, k=3, distance=3.0, spread=0.7, seed=0)
    f3 = models.fit_softmax(d3.X, d3.y, steps=300)
    proba = models.predict_proba(f3, d3.X)
    assert proba.shape == (120, 3) and np.allclose(proba.sum(axis=1), 1)
    assert np.mean(proba.argmax(axis=1) == d3.y) > 0.95


def test_validation_history_and_sgd():
    d = data.noisy_line(60, seed=2)
    xtr, xva, ytr, yva = data.train_val_split(d.x, d.y, seed=0)
    fit = models.fit_linear(xtr, ytr, X_val=xva, y_val=yva, lr=0.005, steps=300, batch_size=8)
    assert fit.val_history.shape == fit.history.shape
    assert fit.history[-1] < fit.history[0] / 10 and fit.val_history[-1] < fit.val_history[0] / 10
    again = models.fit_linear(xtr, ytr, X_val=xva, y_val=yva, lr=0.005, steps=300, batch_size=8)
    assert np.array_equal(fit.history, again.history)     # seeded mini-batches


def test_gradient_descent_trace():
    tr = models.gradient_descent(lambda t: (np.sum((t - 1) ** 2), 2 * (t - 1)), [0.0, 3.0],
                                 lr=0.1, steps=50)
    assert tr.theta.shape == (51, 2) and tr.loss.shape == (51,)
    assert np.all(np.diff(tr.loss) < 0)
    with pytest.raises(ValueError, match="lr must be > 0"):
        models.gradient_descent(lambda t: (t, 1), 0.0, lr=0)


def test_polynomial_features():
    assert models.polynomial_features(np.array([2.0]), 3).tolist() == [[2.0, 4.0, 8.0]]
    with pytest.raises(ValueError, match="x must be 1-D"):
        models.polynomial_features(np.zeros((2, 2)), 2)
