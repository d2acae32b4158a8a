"""Tests of lossutils.data (seeded, shapes) and lossutils.models (gradient descent is right)."""

import numpy as np
import pytest
from cases import numeric_grad
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
    numeric = numeric_grad(objective, theta)
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


# ---------------------------------------------------------------- weight decay

def test_weight_decay_converges_to_ridge():
    """mean((Xw + b - y)^2) + wd ||w||^2 is ridge's ||y - Xw - b||^2 + (n wd) ||w||^2, over n."""
    from sklearn.linear_model import Ridge

    from lossutils.regularization import ridge

    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 3.0 + 0.3 * rng.normal(size=40)
    wd = 0.2
    fit = models.fit_linear(X, y, lr=0.1, steps=3000, weight_decay=wd)
    ref = ridge(X, y, 40 * wd)
    assert_allclose(fit.w, ref.w, rtol=0, atol=1e-10)
    assert_allclose(fit.b, ref.b, rtol=0, atol=1e-10)
    sk = Ridge(alpha=40 * wd).fit(X, y)
    assert_allclose(fit.w, sk.coef_, rtol=0, atol=1e-10)
    # history is the objective J = loss + wd ||w||^2
    assert_allclose(fit.history[-1], lu.mse(y, fit.scores(X)) + wd * fit.w @ fit.w, rtol=1e-12)
    assert np.linalg.norm(fit.w) < np.linalg.norm(models.fit_linear(X, y, steps=3000).w)


def test_weight_decay_step_is_the_gradient_of_the_objective():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=8)
    w0, b0, lr, wd = rng.normal(size=3), 0.3, 0.05, 0.7
    step = models.fit_linear(X, y, lr=lr, steps=1, w0=w0, b0=b0, weight_decay=wd)

    def objective(theta):                                # the intercept is not penalised
        return lu.mse(y, X @ theta[:3] + theta[3]) + wd * theta[:3] @ theta[:3]

    theta = np.append(w0, b0)
    numeric = numeric_grad(objective, theta)
    assert_allclose(np.append(step.w, step.b), theta - lr * numeric, atol=1e-9)
    assert_allclose(step.history[0], objective(theta), rtol=1e-12)


def test_weight_decay_zero_is_the_plain_fit_and_bad_values_raise():
    d = data.noisy_line(20, seed=4)
    a = models.fit_linear(d.x, d.y, lr=0.01, steps=50)
    b = models.fit_linear(d.x, d.y, lr=0.01, steps=50, weight_decay=0.0)
    assert np.array_equal(a.path, b.path)
    with pytest.raises(ValueError, match=r"weight_decay must be a number in \[0, inf\); got -1"):
        models.fit_linear(d.x, d.y, weight_decay=-1)


# ---------------------------------------------------------------- Fit.at

def test_fit_at_reads_the_path():
    d = data.noisy_line(30, seed=5)
    fit = models.fit_linear(d.x, d.y, lr=0.01, steps=40)
    for step in (0, 7, 40, -1, -41):
        f = fit.at(step)
        row = fit.path[step]
        assert_allclose(np.append(f.w, f.b), row, rtol=0, atol=0)
        assert_allclose(f.scores(d.x), d.x * row[0] + row[1], rtol=1e-15)
    assert fit.at(7).history.shape == (8,) and fit.at(7).history[-1] == fit.history[7]
    assert fit.at(0).w.tolist() == [0.0] and fit.at(0).b == 0.0
    assert_allclose(fit.at(-1).scores(d.x), fit.scores(d.x), rtol=0, atol=0)


def test_fit_at_refuses_bad_steps_and_softmax():
    fit = models.fit_linear([0.0, 1.0], [0.0, 1.0], steps=5)
    for bad in (6, -7, 2.0, True):
        with pytest.raises(ValueError, match=r"step must be an integer in \[-6, 5\]"):
            fit.at(bad)
    d3 = data.blobs(5, k=3, seed=0)
    with pytest.raises(ValueError, match="no path"):
        models.fit_softmax(d3.X, d3.y, steps=2).at(1)


# ---------------------------------------------------------------- fit_polynomial

@pytest.mark.parametrize("degree", [1, 3, 9])
def test_fit_polynomial_lstsq_matches_numpy_polynomial_fit(degree):
    from numpy.polynomial import Polynomial

    train = data.noisy_curve(10, noise=0.2, seed=0)      # the essence chapter's data
    test = data.noisy_curve(200, noise=0.2, seed=1)
    poly = models.fit_polynomial(train.x, train.y, degree)
    ref = Polynomial.fit(train.x, train.y, degree)
    assert_allclose(poly(test.x), ref(test.x), rtol=1e-10, atol=1e-10 * np.abs(ref(test.x)).max())
    assert_allclose(poly.fit.history, [lu.mse(train.y, ref(train.x))], rtol=1e-8, atol=1e-20)
    assert poly.domain == (train.x.min(), train.x.max())


def test_fit_polynomial_gd_is_the_chapter_recipe():
    """error_vs_loss.ipynb by hand: u = 2x - 1, powers, standardised with training statistics."""
    curve = data.noisy_curve(30, noise=0.2, seed=6)
    x_tr, x_val, y_tr, y_val = data.train_val_split(curve.x, curve.y, val_fraction=0.5, seed=6)
    degree, steps = 4, 300
    F_tr = models.polynomial_features(2 * x_tr - 1, degree)
    F_val = models.polynomial_features(2 * x_val - 1, degree)
    mu, sd = F_tr.mean(axis=0), F_tr.std(axis=0)
    by_hand = models.fit_linear((F_tr - mu) / sd, y_tr, lr=0.5 / degree, steps=steps,
                                X_val=(F_val - mu) / sd, y_val=y_val)
    poly = models.fit_polynomial(x_tr, y_tr, degree, method="gd", steps=steps, domain=(0, 1),
                                 x_val=x_val, y_val=y_val)
    assert_allclose(poly.mean, mu, rtol=1e-14)
    assert_allclose(poly.std, sd, rtol=1e-14)
    assert_allclose(poly.fit.history, by_hand.history, rtol=1e-12)
    assert_allclose(poly.fit.val_history, by_hand.val_history, rtol=1e-12)
    x = np.linspace(0, 1, 7)
    Z = (models.polynomial_features(2 * x - 1, degree) - mu) / sd
    assert_allclose(poly(x), by_hand.scores(Z), rtol=1e-12)
    assert_allclose(poly(x, step=10), Z @ by_hand.path[10, :-1] + by_hand.path[10, -1],
                    rtol=1e-12)


def test_fit_polynomial_gd_approaches_lstsq():
    curve = data.noisy_curve(30, noise=0.2, seed=2)
    exact = models.fit_polynomial(curve.x, curve.y, 2)
    gd = models.fit_polynomial(curve.x, curve.y, 2, method="gd", steps=5000, lr=0.5)
    assert_allclose(gd(curve.x), exact(curve.x), atol=1e-8)


def test_fit_polynomial_refuses_bad_input():
    x = np.linspace(0, 1, 5)
    with pytest.raises(ValueError, match="degree must be an integer >= 1; got 0"):
        models.fit_polynomial(x, x, 0)
    with pytest.raises(ValueError, match="method must be 'lstsq' or 'gd'"):
        models.fit_polynomial(x, x, 2, method="newton")
    with pytest.raises(ValueError, match=r"same shape \(n,\); got shapes \(5,\) and \(4,\)"):
        models.fit_polynomial(x, x[:4], 2)
    with pytest.raises(ValueError, match="degree 5 needs at least 6 distinct x values; got 5"):
        models.fit_polynomial(x, x, 5)
    with pytest.raises(ValueError, match="lo < hi"):
        models.fit_polynomial(x, x, 2, domain=(1, 1))
    with pytest.raises(ValueError, match="method='gd' only"):
        models.fit_polynomial(x, x, 2, x_val=x, y_val=x)
    with pytest.raises(ValueError, match="y contains a non-finite value"):
        models.fit_polynomial(x, np.r_[x[:4], np.nan], 2)


# ---------------------------------------------------------------- fit_linear_svm

def chapter_svm_data():
    d = data.blobs(50, k=2, distance=1.5, seed=0)       # hinge_and_choosing.ipynb
    return d.X, 2 * d.y - 1


def svm_objective(X, y, w, b, lam):
    return np.maximum(0.0, 1.0 - y * (X @ w + b)).mean() + lam * w @ w


@pytest.mark.parametrize("lam", [1e-3, 1e-2, 0.1, 1.0])
def test_linear_svm_matches_sklearn_svc(lam):
    from sklearn.svm import SVC

    X, y = chapter_svm_data()
    n = len(y)
    svm = models.fit_linear_svm(X, y, lam=lam)
    ref = SVC(kernel="linear", C=1 / (2 * n * lam), tol=1e-12).fit(X, y)
    # libsvm stops at its own KKT tolerance; our fit is at least as good and within 1e-6
    assert_allclose(svm.w, ref.coef_[0], rtol=0, atol=1e-6)
    assert_allclose(svm.b, ref.intercept_[0], rtol=0, atol=1e-6)
    assert svm.objective <= svm_objective(X, y, ref.coef_[0], ref.intercept_[0], lam) + 1e-12
    assert_allclose(svm.objective, svm_objective(X, y, svm.w, svm.b, lam), rtol=1e-14)
    dual = np.zeros(n)
    dual[ref.support_] = np.abs(ref.dual_coef_[0])
    assert_allclose(svm.alpha, dual, rtol=0, atol=1e-4 / (n * lam))


@pytest.mark.parametrize("lam", [1e-3, 1e-2, 1.0])        # each has points on the margin
def test_linear_svm_optimality_conditions(lam):
    """KKT: w = sum alpha y x, sum alpha y = 0, alpha = 0 where m > 1, alpha = C where m < 1,
    m = 1 where 0 < alpha < C; and a duality gap below tol certifies the objective."""
    X, y = chapter_svm_data()
    n = len(y)
    C = 1 / (2 * n * lam)
    svm = models.fit_linear_svm(X, y, lam=lam)
    m, a = svm.margins, svm.alpha
    assert_allclose(svm.w, (a * y) @ X, rtol=0, atol=1e-12)
    assert_allclose(a @ y, 0.0, atol=1e-12 * C)
    assert_allclose(m, y * svm.scores(X), rtol=1e-14)
    assert np.all((a >= 0) & (a <= C))
    assert np.all(a[m > 1 + 1e-9] == 0)
    assert np.all(a[m < 1 - 1e-9] == C)
    free = (a > 0) & (a < C)
    assert free.any()
    assert_allclose(m[free], 1.0, atol=1e-9)
    assert -1e-15 <= svm.gap <= 1e-12
    dual = 2 * lam * (a.sum() - 0.5 * svm.w @ svm.w)
    assert_allclose(svm.objective - dual, svm.gap, atol=1e-15)


def test_linear_svm_removing_points_beyond_the_margin_changes_nothing():
    X, y = chapter_svm_data()
    lam = 0.01
    svm = models.fit_linear_svm(X, y, lam=lam)
    keep = svm.margins <= 1 + 1e-6
    assert 0 < (~keep).sum() < len(y) - 10                   # many points removed, some kept
    # same C = 1 / (2 n lam) on the subset: lam' = lam n / n'
    sub = models.fit_linear_svm(X[keep], y[keep], lam=lam * len(y) / keep.sum())
    assert_allclose(sub.w, svm.w, rtol=0, atol=1e-9)
    assert_allclose(sub.b, svm.b, rtol=0, atol=1e-9)


def test_linear_svm_on_a_separable_pair_is_the_max_margin_line():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    svm = models.fit_linear_svm(X, np.array([-1, -1, 1, 1]), lam=0.01)
    assert_allclose([svm.w[0], svm.b], [1.0, 0.0], atol=1e-12)
    assert_allclose(svm.alpha, [0.0, 0.5, 0.5, 0.0], atol=1e-12)


def test_linear_svm_refuses_bad_input():
    X, y = chapter_svm_data()
    with pytest.raises(ValueError, match=r"only -1 and \+1; got values \[0.0, 1.0\]. .*2 \* y - 1"):
        models.fit_linear_svm(X, (y + 1) // 2, lam=0.1)
    with pytest.raises(ValueError, match="only the class 1; an SVM needs both classes"):
        models.fit_linear_svm(X, np.ones(len(y)), lam=0.1)
    with pytest.raises(ValueError, match=r"lam must be a number in \(0, inf\); got 0"):
        models.fit_linear_svm(X, y, lam=0)
    with pytest.raises(ValueError, match=r"y must have shape \(100,\)"):
        models.fit_linear_svm(X, y[:-1], lam=0.1)
    with pytest.raises(RuntimeError, match="did not reach a duality gap"):
        models.fit_linear_svm(X, y, lam=1e-3, max_iter=3)
