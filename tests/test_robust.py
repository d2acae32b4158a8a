"""lossutils.robust: line fits under L2, L1 and Huber losses, against independent references.

References: numpy.polyfit and the closed form (L2); a brute-force loop over pairs and
scipy.optimize.linprog (L1); scipy.optimize.minimize (Huber); and the results of the previous
solvers (weighted-median pivoting for L1, an exact piecewise-linear root finder for Huber) on
the chapters' data sets, recorded below as literal numbers before those solvers were replaced.
"""

import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import linprog, minimize

import lossutils as lu
from lossutils import data
from lossutils.robust import (LAD_MAX_POINTS, Line, huber_line, least_absolute_deviations_line,
                              least_squares_line)


def chapter_data():
    """The data sets of book/l1_vs_l2.ipynb: outlier lines, a leverage point, explorer corners."""
    clean = data.line_with_outliers(30, shift=0.0, seed=0)
    base_x, base_y = clean.x[:-1], clean.y[:-1]
    out = {"clean": (clean.x, clean.y)}
    for shift in (30.0, 100.0):
        d = data.line_with_outliers(30, shift=shift, seed=0)
        out[f"shift{shift:.0f}"] = (d.x, d.y)
    out["base"] = (base_x, base_y)
    out["leverage"] = (np.append(base_x, 100.0), np.append(base_y, 0.0))
    out["explorer_default"] = (np.append(base_x, 10.0), np.append(base_y, 50.0))
    out["explorer_corner"] = (np.append(base_x, 0.0), np.append(base_y, -40.0))
    out["explorer_far"] = (np.append(base_x, 100.0), np.append(base_y, 80.0))
    return out


# (slope, intercept) computed with the previous lossutils.robust (git 76589ce) on chapter_data().
OLD_RESULTS = {
    "clean": {"lad": (2.021948644222458, 1.205665989512184),
        ("huber", 0.01): (2.0236484211755044, 1.1979817020609949),
        ("huber", 0.1): (2.0310255129497037, 1.1561038893829896),
        ("huber", 1.0): (2.027871047701704, 1.1623690379774982),
        ("huber", 30.0): (2.014831801512282, 1.196824208162063),
        ("huber", 100.0): (2.0148318015122837, 1.1968242081620843),
    },
    "shift30": {"lad": (2.024685593318997, 1.2045445650189899),
        ("huber", 0.01): (2.026772499422045, 1.1945928496091016),
        ("huber", 0.1): (2.0464538104807635, 1.1070634100527468),
        ("huber", 1.0): (2.0779788283632237, 1.0243592677847837),
        ("huber", 30.0): (2.475959215890945, -0.26721988057976276),
        ("huber", 100.0): (2.475959215890953, -0.26721988057981605),
    },
    "shift100": {"lad": (2.024685593318997, 1.2045445650189899),
        ("huber", 0.01): (2.026772499422045, 1.1945928496091016),
        ("huber", 0.1): (2.046453810480764, 1.107063410052745),
        ("huber", 1.0): (2.0779788283632237, 1.0243592677847837),
        ("huber", 30.0): (2.5470326959218084, -0.4928727154815924),
        ("huber", 100.0): (3.551923182774496, -3.6833227543107103),
    },
    "base": {"lad": (2.024685593318997, 1.2045445650189919),
        ("huber", 0.01): (2.0254031765752627, 1.196122664848767),
        ("huber", 0.1): (2.038445173390645, 1.1295139076032013),
        ("huber", 1.0): (2.0532623917882558, 1.094450220180558),
        ("huber", 30.0): (2.0321063942349995, 1.1419787043544218),
        ("huber", 100.0): (2.0321063942349937, 1.1419787043544574),
    },
    "leverage": {"lad": (-0.14462136189049937, 14.462136189049938),
        ("huber", 0.01): (-0.14445381574012855, 14.453243354499277),
        ("huber", 0.1): (-0.1432787275061659, 14.406562699917451),
        ("huber", 1.0): (-0.1374196246365632, 14.521169993064897),
        ("huber", 30.0): (-0.056114182046910786, 11.755279387823936),
        ("huber", 100.0): (-0.056114182046910696, 11.755279387823933),
    },
    "explorer_default": {"lad": (2.024685593318997, 1.2045445650189899),
        ("huber", 0.01): (2.0267798416581377, 1.1945578370879517),
        ("huber", 0.1): (2.046571518822775, 1.106609956271419),
        ("huber", 1.0): (2.078113915094386, 1.0236977608788285),
        ("huber", 30.0): (2.472922249674378, -0.26270819613484164),
        ("huber", 100.0): (2.4729222496743786, -0.2627081961348381),
    },
    "explorer_corner": {"lad": (2.073676903511808, 0.8199099333008188),
        ("huber", 0.01): (2.0726171105339093, 0.8251439645102874),
        ("huber", 0.1): (2.0704772153092272, 0.8745582908850368),
        ("huber", 1.0): (2.0756579667943407, 0.9367212899494433),
        ("huber", 30.0): (2.5895899784338314, -2.782451567834129),
        ("huber", 100.0): (2.7081966797640873, -3.617388671594412),
    },
    "explorer_far": {"lad": (0.7062074493306095, 9.379255066939052),
        ("huber", 0.01): (0.7063624391532428, 9.371084294102355),
        ("huber", 0.1): (0.7076102538919733, 9.312476732762596),
        ("huber", 1.0): (0.7144857156187439, 9.308714714453819),
        ("huber", 30.0): (0.761382787813452, 7.600382511747021),
        ("huber", 100.0): (0.7613827878134531, 7.600382511746986),
    },
}

CHAPTER = chapter_data()


def test_the_recorded_table_covers_every_chapter_data_set():
    assert sorted(OLD_RESULTS) == sorted(CHAPTER)


@pytest.mark.parametrize("name", sorted(OLD_RESULTS))
def test_lad_matches_the_previous_solver_on_chapter_data(name):
    x, y = CHAPTER[name]
    fit = least_absolute_deviations_line(x, y)
    assert_allclose([fit.slope, fit.intercept], OLD_RESULTS[name]["lad"], rtol=0, atol=1e-10)


@pytest.mark.parametrize("delta", [0.01, 0.1, 1.0, 30.0, 100.0])
@pytest.mark.parametrize("name", sorted(OLD_RESULTS))
def test_huber_matches_the_previous_solver_on_chapter_data(name, delta):
    x, y = CHAPTER[name]
    fit = huber_line(x, y, delta=delta)
    assert_allclose([fit.slope, fit.intercept], OLD_RESULTS[name][("huber", delta)], rtol=0,
                    atol=1e-10)


def test_chapter_numbers():
    """The slopes book/l1_vs_l2.ipynb prints and asserts."""
    x, y = CHAPTER["shift30"]
    assert round(least_absolute_deviations_line(x, y).slope, 3) == 2.025
    assert round(least_squares_line(x, y).slope, 3) == 2.476
    assert round(huber_line(x, y, delta=1.0).slope, 3) == 2.078
    assert round(least_absolute_deviations_line(*CHAPTER["leverage"]).slope, 3) == -0.145


def random_data(seed, n=None):
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(2, 40))
    x = rng.normal(size=n) * rng.uniform(0.1, 10)
    y = 2 * x - 1 + 3 * rng.standard_t(1, size=n)        # heavy tails: many outliers
    return x, y


def brute_force_lad(x, y):
    """Literal reference: the best of all lines through two data points, one pair at a time."""
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


def sum_abs(x, y, line):
    return float(np.abs(y - line.slope * x - line.intercept).sum())


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
    assert_allclose(sum_abs(x, y, fit), best, rtol=1e-12, atol=1e-12)
    assert fit.n_iter == 0


@pytest.mark.parametrize("seed", range(5))
def test_lad_matches_linear_programme(seed):
    x, y = random_data(100 + seed, n=30)
    fit = least_absolute_deviations_line(x, y)
    obj, a, b = linprog_lad(x, y)
    assert_allclose(sum_abs(x, y, fit), obj, rtol=1e-8)
    assert_allclose([fit.slope, fit.intercept], [a, b], rtol=1e-6, atol=1e-6)


def test_lad_passes_through_two_data_points():
    x, y = random_data(5, n=30)
    fit = least_absolute_deviations_line(x, y)
    assert np.sum(np.abs(y - fit(x)) <= 1e-9 * np.abs(y).max()) >= 2


def test_lad_objective_is_n_times_mae():
    x, y = random_data(3, n=15)
    fit = least_absolute_deviations_line(x, y)
    assert_allclose(sum_abs(x, y, fit), len(x) * lu.mae(y, fit(x)), rtol=1e-12)


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


def test_lad_skips_vertical_pairs():
    # x = 1 twice: that pair defines no line, the others do.
    fit = least_absolute_deviations_line([1.0, 1.0, 2.0, 3.0], [0.0, 5.0, 1.0, 2.0])
    assert_allclose([fit.slope, fit.intercept], [1.0, -1.0], atol=1e-12)


def test_lad_refuses_too_many_points():
    x = np.arange(LAD_MAX_POINTS + 1.0)
    with pytest.raises(ValueError, match=r"at most 200 points; got 201.*linprog"):
        least_absolute_deviations_line(x, x)
    assert least_absolute_deviations_line(x[:-1], 2 * x[:-1]).slope == pytest.approx(2.0)


# ---------------------------------------------------------------- Huber

def huber_objective(theta, x, y, delta):
    return lu.huber(y, theta[0] * x + theta[1], delta=delta, reduction="sum")


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("delta", [1e-3, 0.3, 1.0, 5.0])
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


@pytest.mark.parametrize("seed", range(4))
def test_huber_gradient_vanishes_at_the_fit(seed):
    """Optimality: sum_i psi(r_i) x_i = 0 and sum_i psi(r_i) = 0, psi = clip(r, -delta, delta)."""
    x, y = random_data(seed, n=30)
    fit = huber_line(x, y, delta=0.5)
    psi = np.clip(y - fit(x), -0.5, 0.5)
    assert_allclose([psi @ x, psi.sum()], [0.0, 0.0], atol=1e-9 * (1 + np.abs(x).max()))


def test_huber_large_delta_is_least_squares():
    x, y = random_data(7, n=20)
    delta = 10 * np.abs(y - least_squares_line(x, y)(x)).max()
    h, ls = huber_line(x, y, delta=delta), least_squares_line(x, y)
    assert_allclose([h.slope, h.intercept], [ls.slope, ls.intercept], rtol=1e-12)
    assert h.n_iter == 1                                 # every weight is 1: one step


def test_huber_small_delta_approaches_lad():
    x, y = random_data(8, n=25)
    lad = least_absolute_deviations_line(x, y)
    h = huber_line(x, y, delta=1e-6)
    assert sum_abs(x, y, h) == pytest.approx(sum_abs(x, y, lad), rel=1e-5)


def test_huber_reports_non_convergence():
    x, y = CHAPTER["shift30"]
    assert huber_line(x, y, delta=0.1).n_iter > 2
    with pytest.raises(RuntimeError, match=r"did not converge in max_iter=2 steps"):
        huber_line(x, y, delta=0.1, max_iter=2)


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
    with pytest.raises(ValueError, match=r"delta must be a number in \(0, inf\); got -1.0"):
        huber_line(x, y, delta=-1.0)
    with pytest.raises(ValueError, match=r"delta must be a number in \(0, inf\); got inf"):
        huber_line(x, y, delta=np.inf)
    with pytest.raises(ValueError, match=r"max_iter must be an integer >= 1; got 0"):
        huber_line(x, y, max_iter=0)
    with pytest.raises(ValueError, match=r"max_iter must be an integer >= 1; got 2.5"):
        huber_line(x, y, max_iter=2.5)
    with pytest.raises(ValueError, match=r"tol must be a number in \(0, inf\); got 0.0"):
        huber_line(x, y, tol=0.0)
