"""Tests of lossutils' losses.

The generic checks run over the whole table of ``tests/cases.py`` (every public loss, every
option set): values against the literal reference formulas, gradients against central
finite differences for every reduction (along every e_i - e_j for the losses of
probability rows), float32 and list input, 0-d input, extreme values under
``np.errstate(all="raise")``, inputs never modified, keyword-only options, and clear
ValueErrors (the case's own bad inputs plus generic ones derived from it). After them come
the reference libraries (SciPy, scikit-learn, literal formulas of PyTorch and torchvision)
and the properties of particular losses.

Tolerances: values rtol=1e-11 against the literal formulas (same maths, different code),
1e-10 against reference libraries; gradients rtol=1e-6, atol=1e-7 against finite
differences with step 1e-6 (1e-7 along the simplex).
"""

import inspect
import math
import re
import warnings

import numpy as np
import pytest
from cases import CASES, case_options, numeric_grad, option_id, simplex_directions
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

import lossutils as lu

REDUCTIONS = ("mean", "sum", "none")
CASE_OPTIONS = case_options()
CASE_OPTION_IDS = [option_id(c, o) for c, o in CASE_OPTIONS]
CASE_IDS = [c.id for c in CASES]


def reduce(terms, reduction):
    terms = np.asarray(terms, dtype=float)
    return {"none": terms, "sum": terms.sum(), "mean": terms.mean()}[reduction]


def none_shape(case, pred):
    """Shape of the "none" value: the input's for elementwise losses, one per row otherwise."""
    return np.shape(pred) if case.elementwise else np.shape(pred)[:-1]


def inputs(case, shape=None, seed=0):
    shape = case.shapes[-1] if shape is None else shape
    return case.make(np.random.default_rng(seed), shape)


# ------------------------------------------------------------------------ the table is complete

def test_every_public_loss_has_a_case():
    public = {name: getattr(lu, name) for name in lu.__all__
              if isinstance(getattr(lu, name), lu.Loss)}
    assert len(public) >= 15, sorted(public)
    covered = {id(c.loss) for c in CASES}
    missing = sorted(name for name, loss in public.items() if id(loss) not in covered)
    assert not missing, f"public losses without an entry in tests/cases.py: {missing}"
    for name, loss in public.items():
        tried = {k for c in CASES if c.loss is loss for o in c.options for k in o}
        assert tried == set(loss.options), f"{name}: options never tried: {set(loss.options) - tried}"


# ------------------------------------------------------------------------ values and gradients

@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case, options", CASE_OPTIONS, ids=CASE_OPTION_IDS)
def test_value_matches_reference_formula(case, options, reduction):
    for shape in case.shapes:
        y, pred = inputs(case, shape)
        terms = np.array(case.ref(y, pred, **options))
        got = case.loss(y, pred, reduction=reduction, **options)
        if reduction == "none":
            assert np.shape(got) == none_shape(case, pred)
        else:
            assert np.ndim(got) == 0
        assert_allclose(np.ravel(got), np.ravel(reduce(terms, reduction)), rtol=1e-11, atol=1e-14)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case, options", CASE_OPTIONS, ids=CASE_OPTION_IDS)
def test_grad_matches_finite_differences(case, options, reduction):
    loss = case.loss
    for shape in case.shapes:
        y, pred = inputs(case, shape)
        g = loss.grad(y, pred, reduction=reduction, **options)
        assert g.shape == np.shape(pred) and g.dtype == np.float64
        if reduction == "none" and case.elementwise:
            # Each term depends on its own prediction only, so moving every prediction at
            # once gives each term's own derivative.
            h = 1e-6
            numeric = (loss(y, pred + h, reduction="none", **options)
                       - loss(y, pred - h, reduction="none", **options)) / (2 * h)
            assert_allclose(g, numeric, rtol=1e-6, atol=1e-7)
            continue
        # For the row losses "none" holds each row's gradient: the gradient of the sum.
        r = "sum" if reduction == "none" else reduction

        def f(x):
            return loss(y, x, reduction=r, **options)

        if case.simplex:   # stay on the simplex: every direction e_i - e_j of every row
            directions = simplex_directions(np.shape(pred))
            assert len(directions) >= np.size(pred) // np.shape(pred)[-1]
            analytic = [np.sum(g * d) for d in directions]
            assert_allclose(analytic, numeric_grad(f, pred, directions, h=1e-7),
                            rtol=1e-6, atol=1e-7)
        else:
            assert_allclose(g, numeric_grad(f, pred), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("case, options", CASE_OPTIONS, ids=CASE_OPTION_IDS)
def test_reductions_agree(case, options):
    y, pred = inputs(case)
    loss = case.loss
    n = np.size(loss(y, pred, reduction="none", **options))
    assert_allclose(loss(y, pred, reduction="sum", **options),
                    n * loss(y, pred, reduction="mean", **options), rtol=1e-13)
    g_sum = loss.grad(y, pred, reduction="sum", **options)
    assert_array_equal(loss.grad(y, pred, reduction="none", **options), g_sum)
    assert_allclose(loss.grad(y, pred, **options), g_sum / n, rtol=1e-14)


# ------------------------------------------------------------------------ input handling

@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_float32_input_is_computed_in_float64(case):
    y, pred = inputs(case)
    y32 = y.astype(np.float32) if y.dtype.kind == "f" else y
    p32 = pred.astype(np.float32)
    for reduction in REDUCTIONS:
        for out in (case.loss(y32, p32, reduction=reduction),
                    case.loss.grad(y32, p32, reduction=reduction)):
            assert np.asarray(out).dtype == np.float64
    y64 = y32.astype(np.float64) if y32.dtype.kind == "f" else y32
    assert_array_equal(case.loss(y32, p32), case.loss(y64, p32.astype(np.float64)))
    assert_array_equal(case.loss.grad(y32, p32), case.loss.grad(y64, p32.astype(np.float64)))


@pytest.mark.parametrize("case", [c for c in CASES if c.elementwise],
                         ids=[c.id for c in CASES if c.elementwise])
def test_zero_d_and_python_float_input(case):
    y, pred = inputs(case, ())
    for reduction in REDUCTIONS:
        value = case.loss(float(y), float(pred), reduction=reduction)
        grad = case.loss.grad(float(y), float(pred), reduction=reduction)
        assert np.ndim(value) == 0 and np.ndim(grad) == 0
        assert_allclose(value, case.ref(y, pred)[0], rtol=1e-11)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_list_input_equals_array_input(case):
    y, pred = inputs(case)
    assert_array_equal(case.loss(y.tolist(), pred.tolist(), reduction="none"),
                       case.loss(y, pred, reduction="none"))
    assert_array_equal(case.loss.grad(y.tolist(), pred.tolist()), case.loss.grad(y, pred))


@pytest.mark.parametrize("case, options", CASE_OPTIONS, ids=CASE_OPTION_IDS)
def test_inputs_are_not_modified(case, options):
    y, pred = inputs(case)
    y0, pred0 = y.copy(), pred.copy()
    for reduction in REDUCTIONS:
        case.loss(y, pred, reduction=reduction, **options)
        case.loss.grad(y, pred, reduction=reduction, **options)
    assert_array_equal(y, y0)
    assert_array_equal(pred, pred0)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case, options", CASE_OPTIONS, ids=CASE_OPTION_IDS)
def test_extremes_are_finite_warning_free_and_untouched(case, options, reduction):
    y, pred = case.extremes()
    y0, pred0 = y.copy(), pred.copy()
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        value = case.loss(y, pred, reduction=reduction, **options)
        grad = case.loss.grad(y, pred, reduction=reduction, **options)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
    assert grad.shape == pred.shape
    assert_array_equal(y, y0)
    assert_array_equal(pred, pred0)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_options_are_keyword_only(case):
    loss = case.loss
    params = list(inspect.signature(loss).parameters.values())
    assert [p.name for p in params[:2]] == [loss.true_name, loss.pred_name]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params[:2])
    assert [p.name for p in params[2:]] == [*loss.options, "reduction"]
    assert all(p.kind is p.KEYWORD_ONLY for p in params[2:])
    y, pred = inputs(case)
    first_option = next(iter(loss.options.values()), ("mean",))[0]
    for f in (loss, loss.grad):
        with pytest.raises(TypeError, match="keyword-only"):
            f(y, pred, first_option)
        with pytest.raises(TypeError, match="unexpected keyword argument 'scale'"):
            f(y, pred, scale=2.0)
    by_name = {loss.true_name: y, loss.pred_name: pred}
    assert_array_equal(loss(**by_name, reduction="none"), loss(y, pred, reduction="none"))


def _outside(interval):
    """Values outside an interval written as "(0, inf)" or "[0, 1]", and non-numbers."""
    low, high = (float(v) for v in interval[1:-1].split(","))
    values = [low if interval[0] == "(" else low - 0.5, float("nan"), "0.5", True]
    if math.isfinite(high):
        values.append(high if interval[-1] == ")" else high + 0.5)
    return values


def generic_bad_inputs(case):
    """Bad input every loss must reject, derived from the case: (args, kwargs, pattern)."""
    loss = case.loss
    y, pred = inputs(case)
    t, p = loss.true_name, loss.pred_name
    bad = [((y, pred), {"reduction": "avg"},
            r"reduction must be one of 'mean', 'sum', 'none'; got 'avg'"),
           ((y, pred), {"reduction": None}, r"reduction must be one of .*got None")]
    nan_pred = np.array(pred, dtype=float)
    nan_pred.flat[-1] = np.nan
    where = re.escape(str(tuple(int(i) for i in np.unravel_index(nan_pred.size - 1, nan_pred.shape))))
    bad.append(((y, nan_pred), {}, rf"{p} contains a non-finite value \(nan\) at index {where}"))
    empty_shape = (0,) if case.elementwise else (0, np.shape(pred)[-1])
    empty_y = np.zeros(0, dtype=int) if y.dtype.kind == "i" else np.zeros(empty_shape)
    bad.append(((empty_y, np.zeros(empty_shape)), {}, rf"({t}|{p}) is empty"))
    if case.elementwise:
        y1, p1 = inputs(case, (3,))
        bad.append(((y1, p1[:, None]), {},
                    rf"{t} has shape \(3,\) but {p} has shape \(3, 1\).*{p}\.ravel\(\)"
                    r".*no broadcasting"))
    elif y.ndim == 1 and not case.simplex or case.loss is lu.cross_entropy:
        bad.append(((y[:-1], pred), {}, rf"{t} has shape \({len(y) - 1},\)"))
    for name, spec in loss.options.items():
        for value in _outside(spec[1]):
            bad.append(((y, pred), {name: value},
                        rf"{name} must be a number in {re.escape(spec[1])}.*; "
                        rf"got {re.escape(repr(value))}"))
    return bad


BAD = [(c, *b) for c in CASES for b in c.bad + generic_bad_inputs(c)]


@pytest.mark.parametrize("case, args, kwargs, match", BAD,
                         ids=[f"{b[0].id}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_raises_clear_value_error(case, args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        case.loss(*args, **kwargs)
    with pytest.raises(ValueError, match=match):
        case.loss.grad(*args, **kwargs)


def test_repr_names_the_loss():
    assert repr(lu.mse) == "<lossutils loss mse>"


# ------------------------------------------------------------------------ reference libraries

RNG = np.random.default_rng(12345)


def test_regression_losses_match_sklearn_and_scipy():
    from scipy.stats import norm
    from sklearn.metrics import mean_absolute_error, mean_pinball_loss, mean_squared_error

    y, p = RNG.normal(size=200), RNG.normal(size=200)
    assert_allclose(lu.mse(y, p), mean_squared_error(y, p), rtol=1e-10)
    assert_allclose(lu.mae(y, p), mean_absolute_error(y, p), rtol=1e-10)
    for tau in (0.1, 0.5, 0.9):
        assert_allclose(lu.pinball(y, p, tau=tau), mean_pinball_loss(y, p, alpha=tau), rtol=1e-10)
    for sigma in (0.2, 1.0, 3.0):
        assert_allclose(lu.gaussian_nll(y, p, sigma=sigma, reduction="none"),
                        -norm.logpdf(y, loc=p, scale=sigma), rtol=1e-10)


def test_binary_losses_match_sklearn():
    from scipy.special import expit
    from sklearn.metrics import brier_score_loss, hinge_loss, log_loss

    y = RNG.integers(0, 2, size=300)
    z = RNG.normal(scale=3.0, size=300)
    q = expit(z)
    assert_allclose(lu.binary_cross_entropy(y, q), log_loss(y, q), rtol=1e-10)
    assert_allclose(lu.binary_cross_entropy_with_logits(y, z), log_loss(y, q), rtol=1e-10)
    assert_allclose(lu.sigmoid_mse(y, z), brier_score_loss(y, q), rtol=1e-10)
    ypm = 2 * y - 1
    assert_allclose(lu.hinge(ypm, z), hinge_loss(ypm, z), rtol=1e-10)


def test_bce_with_logits_pos_weight_matches_pytorch_formula():
    # torch.nn.BCEWithLogitsLoss docs: l = -[p y log sigma(x) + (1 - y) log(1 - sigma(x))].
    from scipy.special import log_expit

    y, z = RNG.uniform(size=50), RNG.normal(scale=5, size=50)
    for w in (0.3, 1.0, 4.0):
        expected = -(w * y * log_expit(z) + (1 - y) * log_expit(-z))
        assert_allclose(lu.binary_cross_entropy_with_logits(y, z, pos_weight=w, reduction="none"),
                        expected, rtol=1e-10)


def test_focal_loss_matches_torchvision_formula():
    # torchvision.ops.sigmoid_focal_loss, written out: ce * (1 - p_t)^gamma, times alpha_t.
    # Its 1 - p_t rounds where p_t is near 1 (lossutils uses sigma(-t)): hence the atol.
    from scipy.special import expit, log_expit

    y = RNG.integers(0, 2, size=100).astype(float)
    z = RNG.normal(scale=4, size=100)
    p = expit(z)
    ce = -(y * log_expit(z) + (1 - y) * log_expit(-z))
    p_t = p * y + (1 - p) * (1 - y)
    for gamma in (0.0, 1.0, 2.0, 5.0):
        for alpha in (None, 0.25, 0.75):
            a_t = 1.0 if alpha is None else alpha * y + (1 - alpha) * (1 - y)
            assert_allclose(lu.focal_loss(y, z, gamma=gamma, alpha=alpha, reduction="none"),
                            a_t * ce * (1 - p_t) ** gamma, rtol=1e-10, atol=1e-15)


def test_multiclass_losses_match_sklearn_and_scipy():
    from scipy.special import log_softmax
    from sklearn.metrics import hinge_loss, log_loss

    n, k = 40, 5
    labels = RNG.integers(0, k, size=n)
    z = RNG.normal(scale=2, size=(n, k))
    probs = np.exp(log_softmax(z, axis=1))
    assert_allclose(lu.cross_entropy(labels, probs), log_loss(labels, probs, labels=range(k)),
                    rtol=1e-10)
    assert_allclose(lu.cross_entropy_with_logits(labels, z, reduction="none"),
                    -log_softmax(z, axis=1)[np.arange(n), labels], rtol=1e-10)
    assert_allclose(lu.multiclass_hinge(labels, z), hinge_loss(labels, z, labels=range(k)),
                    rtol=1e-10)


def test_kl_divergence_matches_scipy():
    from scipy.special import rel_entr
    from scipy.stats import entropy

    p = RNG.dirichlet(np.ones(5), size=6)
    q = RNG.dirichlet(np.ones(5), size=6)
    p[0, :2] = 0.0
    p[0] /= p[0].sum()
    assert_allclose(lu.kl_divergence(p, q, reduction="none"), entropy(p, q, axis=1), rtol=1e-10)
    assert_allclose(lu.kl_divergence(p, q, reduction="sum"), rel_entr(p, q).sum(), rtol=1e-10)
    for r in REDUCTIONS:   # one (k,) distribution: a single value whatever the reduction
        assert_allclose(lu.kl_divergence(p[1], q[1], reduction=r), entropy(p[1], q[1]), rtol=1e-10)


# ------------------------------------------------------------------------ properties

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 6))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 20), elements=finite), st.data())
def test_mse_nonnegative_and_zero_only_at_equality(y, data):
    p = data.draw(hnp.arrays(np.float64, y.shape, elements=finite))
    value = lu.mse(y, p)
    assert value >= 0
    assert (value == 0) == bool(np.all(y == p))


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 30), elements=finite), st.data())
def test_sum_is_n_times_mean(y, data):
    p = data.draw(hnp.arrays(np.float64, y.shape, elements=finite))
    for loss in (lu.mse, lu.mae, lu.huber, lu.pinball, lu.gaussian_nll):
        assert_allclose(loss(y, p, reduction="sum"), y.size * loss(y, p), rtol=1e-12, atol=1e-300)
    y01 = (y > 0).astype(float)
    for loss in (lu.binary_cross_entropy_with_logits, lu.focal_loss, lu.sigmoid_mse):
        assert_allclose(loss(y01, p, reduction="sum"), y.size * loss(y01, p), rtol=1e-12,
                        atol=1e-300)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(2, 5), st.floats(-1e4, 1e4), st.data())
def test_softmax_cross_entropy_unchanged_by_shifting_a_row(n, k, shift, data):
    z = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-50, 50)))
    labels = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    shifted = z.copy()
    shifted[0] += shift
    for loss in (lu.cross_entropy_with_logits, lu.multiclass_hinge):
        assert_allclose(loss(labels, shifted, reduction="none"), loss(labels, z, reduction="none"),
                        rtol=1e-9, atol=1e-9)


def test_huber_tends_to_half_mse_and_to_delta_abs():
    y, p = RNG.normal(size=50), RNG.normal(size=50)
    assert_allclose(lu.huber(y, p, delta=1e6), lu.mse(y, p) / 2, rtol=1e-12)
    e = np.array([1e3, -1e4, 1e6])
    ratio = lu.huber(np.zeros(3), e, delta=0.5, reduction="none") / (0.5 * np.abs(e))
    assert_allclose(ratio, 1.0, rtol=1e-3)


def test_pinball_is_half_mae_at_the_median_and_its_minimiser_is_the_quantile():
    y, p = RNG.normal(size=9), RNG.normal(size=9)
    assert_allclose(lu.pinball(y, p, tau=0.5), 0.5 * lu.mae(y, p), rtol=1e-12)
    assert_allclose(lu.pinball.grad(y, p, tau=0.5), 0.5 * lu.mae.grad(y, p), rtol=1e-12)
    y = np.random.default_rng(1).exponential(size=101)
    grid = np.sort(y)   # the minimum over constants is attained at a data point
    values = [lu.pinball(y, np.full_like(y, c), tau=0.9) for c in grid]
    assert grid[int(np.argmin(values))] == pytest.approx(np.quantile(y, 0.9))


def test_gaussian_nll_is_shifted_scaled_mse_and_can_be_negative():
    y, p = RNG.normal(size=20), RNG.normal(size=20)
    sigma = 0.7
    assert_allclose(lu.gaussian_nll(y, p, sigma=sigma),
                    0.5 * math.log(2 * math.pi * sigma**2) + lu.mse(y, p) / (2 * sigma**2),
                    rtol=1e-12)
    assert lu.gaussian_nll([0.0], [0.0], sigma=0.1) < 0


def test_focal_loss_with_gamma_0_is_cross_entropy_and_down_weights_easy_examples():
    y = RNG.integers(0, 2, size=30).astype(float)
    z = RNG.normal(scale=3, size=30)
    assert_allclose(lu.focal_loss(y, z, gamma=0.0, reduction="none"),
                    lu.binary_cross_entropy_with_logits(y, z, reduction="none"), rtol=1e-12)
    assert_allclose(lu.focal_loss.grad(y, z, gamma=0.0),
                    lu.binary_cross_entropy_with_logits.grad(y, z), rtol=1e-12)
    easy, hard = lu.focal_loss([1.0, 1.0], [4.0, -4.0], reduction="none")
    ce_easy, ce_hard = lu.binary_cross_entropy_with_logits([1.0, 1.0], [4.0, -4.0], reduction="none")
    assert easy / ce_easy < 1e-3 < 0.9 < hard / ce_hard


def test_squared_hinge_is_the_square_of_the_hinge():
    y = RNG.choice([-1.0, 1.0], size=40)
    s = RNG.normal(scale=2, size=40)
    assert_allclose(lu.squared_hinge(y, s, reduction="none"), lu.hinge(y, s, reduction="none") ** 2,
                    rtol=1e-14)


def test_multiclass_hinge_with_two_classes_is_the_binary_hinge():
    s = RNG.normal(scale=2, size=25)
    labels = RNG.integers(0, 2, size=25)
    scores = np.stack([np.zeros(25), s], axis=1)       # class 1 scores s, class 0 scores 0
    assert_allclose(lu.multiclass_hinge(labels, scores, reduction="none"),
                    lu.hinge(2 * labels - 1, s, reduction="none"), rtol=1e-14)


def test_sigmoid_mse_gradient_vanishes_when_confidently_wrong():
    # Cross-entropy's logit gradient stays near -1; the squared error's goes to 0.
    assert abs(lu.sigmoid_mse.grad([1.0], [-20.0], reduction="sum")[0]) < 1e-8
    assert_allclose(lu.binary_cross_entropy_with_logits.grad([1.0], [-20.0], reduction="sum"),
                    [-1.0], atol=1e-8)


def test_class_indices_and_one_hot_targets_agree():
    Z = RNG.normal(scale=5.0, size=(50, 4))
    labels = RNG.integers(0, 4, size=50)
    onehot = np.eye(4)[labels]
    f = lu.cross_entropy_with_logits
    for alpha in (0.0, 0.2, 1.0):
        for reduction in REDUCTIONS:
            assert_allclose(f(labels, Z, label_smoothing=alpha, reduction=reduction),
                            f(onehot, Z, label_smoothing=alpha, reduction=reduction), rtol=1e-14)
            assert_allclose(f.grad(labels, Z, label_smoothing=alpha, reduction=reduction),
                            f.grad(onehot, Z, label_smoothing=alpha, reduction=reduction),
                            rtol=1e-14)


@pytest.mark.parametrize("big", [1e2, 1e3, 1e4, 1e9])
def test_exact_values_at_extreme_logits(big):
    z = np.array([-big, big, 0.0, big, -big])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    terms = lu.binary_cross_entropy_with_logits(y, z, reduction="none")
    grad = lu.binary_cross_entropy_with_logits.grad(y, z, reduction="none")
    t = math.log1p(math.exp(-big))      # the exact cost of a correct confident prediction
    assert_allclose(terms, [t, t, math.log(2), big + t, big + t], rtol=1e-15)
    s = math.exp(-big) / (1 + math.exp(-big))   # sigma(-big), 0 once it underflows
    assert_allclose(grad, [s, -s, -0.5, 1.0 - s, -(1.0 - s)], rtol=1e-15)
    Z = np.array([[big, -big, 0.0], [-big, -big, big], [0.0, 0.0, 0.0]])
    ce = lu.cross_entropy_with_logits([0, 1, 2], Z, reduction="none")
    assert_allclose(ce, [math.log1p(math.exp(-big) + math.exp(-2 * big)), 2 * big, math.log(3)],
                    rtol=1e-15)


def test_confident_softmax_cross_entropy_keeps_its_tiny_cost():
    # Issue 10: log(1 + e^-40) = 4.25e-18 must survive, as in the binary loss (it was 0.0).
    binary = lu.binary_cross_entropy_with_logits([1.0], [40.0])
    assert binary == pytest.approx(4.248354255291589e-18, rel=1e-15)
    assert lu.cross_entropy_with_logits([0], [[40.0, 0.0]]) == pytest.approx(binary, rel=1e-15)


def test_known_gradients():
    assert_allclose(lu.mse.grad([1.0, 2.0], [3.0, 2.0]), [2.0, 0.0])       # 2 e / n
    assert_allclose(lu.mae.grad([0.0, 0.0, 0.0], [1.0, -1.0, 0.0]), [1 / 3, -1 / 3, 0.0])
    assert_allclose(lu.hinge.grad([1, -1], [0.5, -2.0], reduction="sum"), [-1.0, 0.0])
    assert_allclose(lu.hinge.grad([1], [1.0], reduction="sum"), [0.0])     # 0 at margin 1
    assert_allclose(lu.pinball.grad([0.0, 0.0, 0.0], [-1.0, 0.0, 2.0], tau=0.9, reduction="none"),
                    [-0.9, 0.0, 0.1])
    assert_allclose(lu.multiclass_hinge.grad([0], [[0.0, 0.5, 0.2]], reduction="sum"),
                    [[-1.0, 1.0, 0.0]])
    assert_allclose(lu.multiclass_hinge.grad([0], [[1.0, 0.0, 0.0]], reduction="sum"),
                    [[0.0, 0.0, 0.0]])                                        # margin exactly 1
    assert_allclose(lu.cross_entropy_with_logits.grad([0], [[0.0, 0.0]]), [[-0.5, 0.5]])


def test_bce_finite_with_finite_gradient_at_0_and_1():
    y = np.array([1.0, 0.0, 1.0, 0.0])
    q = np.array([0.0, 1.0, 1.0, 0.0])
    value = lu.binary_cross_entropy(y, q, reduction="none")
    grad = lu.binary_cross_entropy.grad(y, q, reduction="none")
    assert_allclose(value[:2], -math.log(np.finfo(float).eps))
    assert np.all(np.isfinite(grad))
    assert value[2] < 1e-15 and value[3] < 1e-15


def test_kl_divergence_zero_and_infinite_cases():
    assert lu.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0          # 0 log(0/0) counts as 0
    assert lu.kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0.0
    with np.errstate(all="raise"):
        assert lu.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf     # true value, no warning


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
    with np.errstate(all="raise"):
        assert lu.mae(big, big) == 0.0
        assert_array_equal(lu.huber.grad(big, big, reduction="none"), np.zeros(3))


@pytest.mark.parametrize("bad, where", [(-0.1, 7), (1.5, 0), (1.0 + 1e-15, 999)])
def test_unit_interval_check_names_the_first_bad_value(bad, where):
    y = np.full(1000, 0.5)
    y[where] = bad
    with pytest.raises(ValueError, match=rf"y_true must hold probabilities in \[0, 1\]; "
                                         rf"got {bad!r} at index \({where},\)"):
        lu.binary_cross_entropy_with_logits(y, np.zeros(1000))
