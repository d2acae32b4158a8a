"""lossutils.regularization: ridge, lasso and the elastic net against scikit-learn, closed forms
and optimality conditions."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from lossutils.regularization import (RegularizedFit, elastic_net, lasso, lasso_path, ridge,
                                      ridge_path, soft_threshold)


def make_data(seed=0, n=60, d=6, sparse=True):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.normal(size=d)       # non-centred columns
    w = np.zeros(d)
    w[: (3 if sparse else d)] = rng.normal(size=3 if sparse else d) * 3
    y = X @ w + 5.0 + rng.normal(size=n)
    return X, y


# ---------------------------------------------------------------- ridge

@pytest.mark.parametrize("lam", [0.0, 0.1, 1.0, 10.0, 1000.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_matches_sklearn(lam, fit_intercept):
    X, y = make_data(1)
    ours = ridge(X, y, lam, fit_intercept=fit_intercept)
    ref = Ridge(alpha=lam, fit_intercept=fit_intercept, solver="cholesky").fit(X, y)
    assert_allclose(ours.w, ref.coef_, rtol=1e-9, atol=1e-10)
    assert_allclose(ours.b, ref.intercept_, rtol=1e-9, atol=1e-10)
    assert ours.n_iter == 0


def test_ridge_literal_closed_form_and_optimality():
    X, y = make_data(2)
    lam = 3.0
    fit = ridge(X, y, lam)
    # literal: augment with an unpenalised column of ones, penalise only the weights
    A = np.hstack([X, np.ones((len(y), 1))])
    P = np.diag([lam] * X.shape[1] + [0.0])
    theta = np.linalg.solve(A.T @ A + P, A.T @ y)
    assert_allclose(np.r_[fit.w, fit.b], theta, rtol=1e-9)
    # gradient of ||y - Xw - b||^2 + lam ||w||^2 vanishes
    r = y - fit.predict(X)
    assert_allclose(-2 * X.T @ r + 2 * lam * fit.w, 0.0, atol=1e-8)
    assert_allclose(r.sum(), 0.0, atol=1e-8)


def test_ridge_zero_penalty_is_least_squares():
    X, y = make_data(3)
    A = np.hstack([X, np.ones((len(y), 1))])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    fit = ridge(X, y, 0.0)
    assert_allclose(np.r_[fit.w, fit.b], theta, rtol=1e-9)


def test_ridge_tames_collinear_columns():
    rng = np.random.default_rng(0)
    x1 = rng.normal(size=50)
    X = np.column_stack([x1, x1 + 1e-3 * rng.normal(size=50)])
    y = x1 + x1 + 0.5 * rng.normal(size=50)
    ols, rid = ridge(X, y, 0.0), ridge(X, y, 1.0)
    assert np.abs(ols.w).max() > 10                         # least squares blows up
    assert_allclose(rid.w, [1.0, 1.0], atol=0.1)              # ridge shares the weight
    assert np.linalg.norm(rid.w) < np.linalg.norm(ols.w)


def test_ridge_singular_without_penalty_raises():
    X = np.column_stack([np.arange(5.0), 2 * np.arange(5.0)])
    with pytest.raises(ValueError, match="singular .* use lam > 0"):
        ridge(X, np.arange(5.0), 0.0)
    assert np.isfinite(ridge(X, np.arange(5.0), 0.1).w).all()


def test_ridge_path_rows_and_shrinkage():
    X, y = make_data(4)
    lams = np.array([100.0, 0.0, 1.0, 10.0])
    path = ridge_path(X, y, lams)
    assert path.shape == (4, X.shape[1])
    for k, lam in enumerate(lams):
        assert_allclose(path[k], ridge(X, y, lam).w)
    norms = np.linalg.norm(path[np.argsort(lams)], axis=1)
    assert np.all(np.diff(norms) < 0)                         # more penalty, smaller weights
    assert np.all(path != 0)                                  # but never exactly zero


# ---------------------------------------------------------------- lasso

def test_soft_threshold_literal():
    z = np.array([-3.0, -1.0, -0.5, 0.0, 0.2, 1.0, 2.5])
    expected = [np.sign(v) * max(abs(v) - 1.0, 0.0) for v in z]
    out = soft_threshold(z, 1.0)
    assert_allclose(out, expected)
    assert not np.signbit(out[out == 0]).any()                # no negative zeros
    assert_allclose(soft_threshold(z, 0.0), z)


@pytest.mark.parametrize("lam", [0.001, 0.05, 0.3, 1.0, 3.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lasso_matches_sklearn(lam, fit_intercept):
    X, y = make_data(5)
    ours = lasso(X, y, lam, fit_intercept=fit_intercept)
    ref = Lasso(alpha=lam, fit_intercept=fit_intercept, tol=1e-14, max_iter=1_000_000).fit(X, y)
    assert_allclose(ours.w, ref.coef_, rtol=1e-6, atol=1e-8)
    assert_allclose(ours.b, ref.intercept_, rtol=1e-6, atol=1e-7)
    assert np.array_equal(ours.w == 0, ref.coef_ == 0)       # the same exact zeros


def test_lasso_optimality_conditions():
    """KKT: (1/n) X_c^T r = lam sign(w) where w != 0, and |(1/n) X_c^T r| <= lam where w == 0."""
    X, y = make_data(6, n=80, d=10)
    lam = 0.2
    fit = lasso(X, y, lam)
    r = y - fit.predict(X)
    corr = (X - X.mean(axis=0)).T @ r / len(y)
    nz = fit.w != 0
    assert nz.any() and (~nz).any()
    assert_allclose(corr[nz], lam * np.sign(fit.w[nz]), atol=1e-7)
    assert np.all(np.abs(corr[~nz]) <= lam + 1e-9)
    assert_allclose(r.sum(), 0.0, atol=1e-8)


def test_lasso_sets_irrelevant_weights_exactly_to_zero():
    X, y = make_data(7, n=200, d=8)                            # only the first 3 matter
    fit = lasso(X, y, 0.3)
    assert np.all(fit.w[3:] == 0.0) and np.all(fit.w[:3] != 0.0)


def test_lasso_large_penalty_gives_all_zeros():
    X, y = make_data(8)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    lam_max = np.abs(Xc.T @ yc).max() / len(y)
    assert np.all(lasso(X, y, lam_max * 1.0001).w == 0.0)
    assert np.any(lasso(X, y, lam_max * 0.99).w != 0.0)
    assert lasso(X, y, lam_max * 2).b == pytest.approx(y.mean())


def test_lasso_zero_penalty_is_least_squares():
    X, y = make_data(9, sparse=False)
    assert_allclose(lasso(X, y, 0.0).w, ridge(X, y, 0.0).w, rtol=1e-6)


def test_lasso_path_matches_single_fits_in_any_order():
    X, y = make_data(10)
    lams = np.array([0.01, 1.0, 0.1, 3.0])
    path = lasso_path(X, y, lams)
    assert path.shape == (4, X.shape[1])
    for k, lam in enumerate(lams):
        assert_allclose(path[k], lasso(X, y, lam).w, rtol=1e-6, atol=1e-8)
    zeros = (path[np.argsort(lams)] == 0).sum(axis=1)
    assert np.all(np.diff(zeros) >= 0)                         # more penalty, more zeros here


# ---------------------------------------------------------------- elastic net

@pytest.mark.parametrize("lam", [0.001, 0.05, 0.3, 1.0, 3.0])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.2, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_elastic_net_matches_sklearn(lam, l1_ratio, fit_intercept):
    X, y = make_data(13)
    ours = elastic_net(X, y, lam, l1_ratio=l1_ratio, fit_intercept=fit_intercept)
    ref = ElasticNet(alpha=lam, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-15,
                     max_iter=1_000_000).fit(X, y)
    assert_allclose(ours.w, ref.coef_, rtol=0, atol=1e-8)
    assert_allclose(ours.b, ref.intercept_, rtol=0, atol=1e-8)
    assert np.array_equal(ours.w == 0, ref.coef_ == 0)


def test_elastic_net_optimality_conditions():
    """KKT of the literal objective: (1/n) X_c^T r - lam (1 - rho) w = lam rho sign(w) where
    w != 0, and its size is at most lam rho where w == 0."""
    X, y = make_data(14, n=80, d=10)
    lam, rho = 0.4, 0.7
    fit = elastic_net(X, y, lam, l1_ratio=rho)
    r = y - fit.predict(X)
    g = (X - X.mean(axis=0)).T @ r / len(y) - lam * (1 - rho) * fit.w
    nz = fit.w != 0
    assert nz.any() and (~nz).any()
    assert_allclose(g[nz], lam * rho * np.sign(fit.w[nz]), atol=1e-10)
    assert np.all(np.abs(g[~nz]) <= lam * rho + 1e-12)
    assert_allclose(r.sum(), 0.0, atol=1e-9)


def test_elastic_net_ends_are_lasso_and_ridge():
    X, y = make_data(15)
    n = len(y)
    assert_allclose(elastic_net(X, y, 0.3, l1_ratio=1.0).w, lasso(X, y, 0.3).w, atol=1e-8)
    # l1_ratio = 0: (1/2n)||r||^2 + (lam/2)||w||^2 is ridge's ||r||^2 + n lam ||w||^2, halved / n
    assert_allclose(elastic_net(X, y, 0.3, l1_ratio=0.0).w, ridge(X, y, n * 0.3).w, atol=1e-10)


def test_elastic_net_orthonormal_closed_form():
    """With (1/n) X_c^T X_c = I: w_j = S(c_j, lam rho) / (1 + lam (1 - rho)), c = X_c^T y_c / n."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(50, 4))
    Q, _ = np.linalg.qr(A - A.mean(axis=0))                   # centred orthonormal columns
    X = Q * np.sqrt(50)
    y = X @ np.array([2.0, -0.3, 0.05, 1.0]) + rng.normal(size=50)
    lam, rho = 0.5, 0.6
    c = (X - X.mean(axis=0)).T @ (y - y.mean()) / 50
    expected = soft_threshold(c, lam * rho) / (1 + lam * (1 - rho))
    assert_allclose(elastic_net(X, y, lam, l1_ratio=rho).w, expected, atol=1e-12)
    assert (expected == 0).any() and (expected != 0).any()


def test_elastic_net_shares_weight_between_twin_columns_where_lasso_picks_one():
    rng = np.random.default_rng(0)
    x1 = rng.normal(size=50)
    X = np.column_stack([x1, x1 + 0.01 * rng.normal(size=50)])
    y = X.sum(axis=1) + rng.normal(size=50)
    w_lasso = lasso(X, y, 0.1).w
    w_enet = elastic_net(X, y, 0.1, l1_ratio=0.1).w
    assert (w_lasso == 0).sum() == 1
    assert np.all(w_enet > 0.5)


def test_predict_and_fields():
    fit = RegularizedFit(np.array([2.0, -1.0]), 0.5)
    assert_allclose(fit.predict([[1.0, 1.0], [0.0, 2.0]]), [1.5, -1.5])
    assert fit.n_iter == 0


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("solver", [ridge, lasso, elastic_net])
def test_bad_input_raises(solver):
    X, y = make_data(11)
    with pytest.raises(ValueError, match=r"lam must be a number in \[0, inf\); got -0.1"):
        solver(X, y, -0.1)
    with pytest.raises(ValueError, match=r"lam must be a number in \[0, inf\); got nan"):
        solver(X, y, np.nan)
    with pytest.raises(ValueError, match=r"lam must be a number in \[0, inf\); got 'big'"):
        solver(X, y, "big")
    with pytest.raises(ValueError, match=r"X must be 2-D .* got shape \(60,\); .*X\[:, None\]"):
        solver(X[:, 0], y, 1.0)
    with pytest.raises(ValueError, match=r"y must be 1-D .* got shape \(60, 1\); use y.ravel"):
        solver(X, y[:, None], 1.0)
    with pytest.raises(ValueError, match=r"X has 60 rows .* but y has 59 values"):
        solver(X, y[:-1], 1.0)
    X_bad = X.copy()
    X_bad[0, 0] = np.inf
    with pytest.raises(ValueError, match="finite numbers only"):
        solver(X_bad, y, 1.0)


def test_bad_options_raise():
    X, y = make_data(12)
    with pytest.raises(ValueError, match=r"w0 must have shape \(6,\)"):
        lasso(X, y, 0.1, w0=np.zeros(5))
    with pytest.raises(ValueError, match="max_iter must be an integer >= 1; got 0"):
        lasso(X, y, 0.1, max_iter=0)
    with pytest.raises(ValueError, match=r"l1_ratio must be a number in \[0, 1\]; got 1.5"):
        elastic_net(X, y, 0.1, l1_ratio=1.5)
    with pytest.raises(ValueError, match=r"tol must be a number in \(0, inf\); got 0"):
        elastic_net(X, y, 0.1, tol=0)
    with pytest.raises(ValueError, match=r"w0 must have shape \(6,\)"):
        elastic_net(X, y, 0.1, w0=np.zeros(2))
    with pytest.raises(ValueError, match="threshold t must be >= 0"):
        soft_threshold([1.0], -1.0)
    for path in (ridge_path, lasso_path):
        with pytest.raises(ValueError, match="every lam must be a finite number >= 0"):
            path(X, y, [1.0, -1.0])
        with pytest.raises(ValueError, match="non-empty 1-D array"):
            path(X, y, [])
