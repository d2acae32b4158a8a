"""lossutils.robust: line fits under L2, L1 and Huber losses, against independent references."""

import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import linprog, minimize

import lossutils as lu
from lossutils import data
from lossutils.robust import (Line, huber_line, least_absolute_deviations_line,
                              least_squares_line, sum_abs_residuals)


def random_data(seed, n=None):
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(2, 40))
    x = rng.normal(size=n) * rng.uniform(0.1, 10)
    y = 2 * x - 1 + 3 * rng.standard_t(1, size=n)        # heavy tails: many outliers
    return x, y


def brute_force_lad(x, y):
    """Literal reference: the best of all lines through two data points (a LAD line is one)."""
    best = (np.inf, None, None)
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        a = (y[j] - y[i]) / (x[j] - x[i])
        b = y[i] - a * x[i]
        s = np.abs(y - a * x - b).sum()
        if s < best[0]:
            best = (s, a, b)
    return best


def linprog_lad(x, y):
    """LAD as a linear programme: min sum(u + v) s.t. a x_i + b + u_i - v_i = y_i, u, v >= 0."""
    n = len(x)
    c = np.r_[0.0, 0.0, np.ones(2 * n)]
    A = np.hstack([x[:, None], np.ones((n, 1)), np.eye(n), -np.eye(n)])
    bounds = [(None, None)] * 2 + [(0, None)] * (2 * n)
    res = linprog(c, A_eq=A, b_eq=y, bounds=bounds, method="highs")
    assert res.status == 0
    return res.fun, res.x[0], res.x[1]


# ---------------------------------------------------------------- least squares (L2)

@pytest.mark.parametrize("seed", range(5))
def test_least_squares_matches_polyfit_and_formula(seed):
    x, y = random_data(seed, n=25)
    fit = least_squares_line(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert_allclose([fit.slope, fit.intercept], [slope, intercept], rtol=1e-10, atol=1e-10)
    # the docstring formula, written out
    a = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    assert_allclose(fit.slope, a, rtol=1e-12)
    assert_allclose(fit.intercept, y.mean() - a * x.mean(), rtol=1e-10, atol=1e-12)
    assert fit.n_iter == 0


def test_least_squares_minimises_mse():
    x, y = random_data(1, n=20)
    fit = least_squares_line(x, y)
    best = lu.mse(y, fit(x))
    for da, db in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert lu.mse(y, (fit.slope + da) * x + fit.intercept + db) > best


# ---------------------------------------------------------------- least absolute deviations (L1)

@pytest.mark.parametrize("seed", range(40))
def test_lad_matches_brute_force(seed):
    x, y = random_data(seed)
    fit = least_absolute_deviations_line(x, y)
    best, _, _ = brute_force_lad(x, y)
    assert_allclose(sum_abs_residuals(x, y, fit.slope, fit.intercept), best, rtol=1e-12,
                    atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_lad_matches_linear_programme(seed):
    x, y = random_data(100 + seed, n=30)
    fit = least_absolute_deviations_line(x, y)
    obj, a, b = linprog_lad(x, y)
    assert_allclose(sum_abs_residuals(x, y, fit.slope, fit.intercept), obj, rtol=1e-8)
    assert_allclose([fit.slope, fit.intercept], [a, b], rtol=1e-6, atol=1e-6)


def test_lad_objective_is_n_times_mae():
    x, y = random_data(3, n=15)
    fit = least_absolute_deviations_line(x, y)
    assert_allclose(sum_abs_residuals(x, y, fit.slope, fit.intercept),
                    len(x) * lu.mae(y, fit(x)), rtol=1e-12)


def test_lad_ignores_a_vertical_outlier_and_ls_does_not():
    d0 = data.line_with_outliers(30, shift=0.0, seed=0)
    d1 = data.line_with_outliers(30, shift=100.0, seed=0)
    d2 = data.line_with_outliers(30, shift=1000.0, seed=0)
    lad = [least_absolute_deviations_line(d.x, d.y).slope for d in (d0, d1, d2)]
    ls = [least_squares_line(d.x, d.y).slope for d in (d0, d1, d2)]
    assert lad[1] == pytest.approx(lad[2], abs=1e-12)    # beyond some shift: no change at all
    assert abs(lad[2] - lad[0]) < 0.1
    assert ls[2] - ls[1] > 10 * (ls[1] - ls[0]) * 0.8    # least squares: linear in the shift


def test_lad_exact_on_collinear_points_with_outlier():
    x = np.arange(6.0)
    y = 2 * x + 1
    y[-1] += 1e6
    fit = least_absolute_deviations_line(x, y)
    assert_allclose([fit.slope, fit.intercept], [2.0, 1.0], atol=1e-9)


def test_lad_two_points_is_the_line_through_them():
    fit = least_absolute_deviations_line([1.0, 3.0], [2.0, 8.0])
    assert_allclose([fit.slope, fit.intercept], [3.0, -1.0])


# ---------------------------------------------------------------- Huber

def huber_objective(theta, x, y, delta):
    return lu.huber(y, theta[0] * x + theta[1], delta=delta, reduction="sum")


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("delta", [0.3, 1.0, 5.0])
def test_huber_matches_scipy_minimize(seed, delta):
    x, y = random_data(seed, n=30)
    fit = huber_line(x, y, delta=delta)

    def grad(theta, x, y, delta):
        g = lu.huber.grad(y, theta[0] * x + theta[1], delta=delta, reduction="none")
        return np.array([g @ x, g.sum()])

    ls = least_squares_line(x, y)
    res = minimize(huber_objective, [ls.slope, ls.intercept], args=(x, y, delta), jac=grad,
                   method="BFGS", options={"gtol": 1e-10, "maxiter": 10_000})
    ours = huber_objective([fit.slope, fit.intercept], x, y, delta)
    assert ours <= res.fun * (1 + 1e-10) + 1e-12
    assert_allclose([fit.slope, fit.intercept], res.x, rtol=1e-5, atol=1e-5)


def test_huber_large_delta_is_least_squares():
    x, y = random_data(7, n=20)
    delta = 10 * np.abs(y - least_squares_line(x, y)(x)).max()
    h, ls = huber_line(x, y, delta=delta), least_squares_line(x, y)
    assert_allclose([h.slope, h.intercept], [ls.slope, ls.intercept], rtol=1e-12)


def test_huber_small_delta_approaches_lad():
    x, y = random_data(8, n=25)
    lad = least_absolute_deviations_line(x, y)
    h = huber_line(x, y, delta=1e-6)
    assert h.n_iter < 200
    best = sum_abs_residuals(x, y, lad.slope, lad.intercept)
    assert sum_abs_residuals(x, y, h.slope, h.intercept) == pytest.approx(best, rel=1e-5)


# ---------------------------------------------------------------- the Line object and errors

def test_line_predicts():
    line = Line(2.0, 1.0)
    assert_allclose(line([0.0, 1.5]), [1.0, 4.0])
    assert line.n_iter == 0


@pytest.mark.parametrize("fit", [least_squares_line, least_absolute_deviations_line, huber_line])
def test_bad_input_raises(fit):
    with pytest.raises(ValueError, match=r"x has shape \(3,\) but y has shape \(2,\)"):
        fit([0.0, 1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"x must be 1-D .* got shape \(3, 1\); use x.ravel"):
        fit(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="at least two distinct x values"):
        fit([1.0, 1.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="at least two distinct x values"):
        fit([1.0], [0.0])
    with pytest.raises(ValueError, match="y contains a non-finite value"):
        fit([0.0, 1.0], [0.0, np.nan])
    with pytest.raises(ValueError, match="x must be numeric"):
        fit(["a", "b"], [0.0, 1.0])


def test_bad_options_raise():
    x, y = [0.0, 1.0, 2.0], [0.0, 1.0, 5.0]
    with pytest.raises(ValueError, match=r"delta must be a finite number > 0; got -1.0"):
        huber_line(x, y, delta=-1.0)
    with pytest.raises(ValueError, match="delta must be a finite number > 0"):
        huber_line(x, y, delta=np.inf)
    with pytest.raises(ValueError, match="max_iter must be >= 1"):
        huber_line(x, y, max_iter=0)
    with pytest.raises(ValueError, match="max_iter must be >= 1"):
        least_absolute_deviations_line(x, y, max_iter=0)
    with pytest.raises(ValueError, match="eps must be > 0"):
        least_absolute_deviations_line(x, y, eps=0.0)
