"""lossutils.exercises: solutions pass, typical mistakes fail with a message naming them,
other correct formulations pass, and a broken function fails cleanly (never a traceback)."""

import math
import re

import numpy as np
import pytest

from lossutils import exercises as ex

EXPECTED_NAMES = [
    "best_constant", "mse", "rmse", "r2_score", "mse_grad", "line_grad", "bce_with_logits",
    "logsumexp", "softmax", "cross_entropy_with_logits", "mae_grad", "huber", "huber_grad",
    "hinge", "hinge_grad",
]


def _solution(name):
    ns = {}
    exec(ex.solution(name), ns)
    return ns[name]


def _lse(z):
    m = np.max(z, axis=-1, keepdims=True)
    return np.squeeze(m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)), axis=-1)


def test_names_lists_every_exercise_in_chapter_order():
    assert ex.names() == EXPECTED_NAMES


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_the_solution_passes(name):
    result = ex.check(name, _solution(name))
    assert result.passed, result.message
    assert result.message.startswith(f"{name}: correct.")


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_hint_and_solution_are_text_naming_the_signature(name):
    h, s = ex.hint(name), ex.solution(name)
    assert isinstance(h, str) and isinstance(s, str)
    assert h.startswith(name + "(") and "Hint:" in h
    assert f"def {name}(" in s
    assert s._repr_markdown_().startswith("```python\n") and s._repr_markdown_().endswith("```")


# ---- typical wrong answers: (exercise, wrong function, words the message must contain) ----

def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _e(y, p):
    return p - y


WRONG = [
    # best_constant
    ("best_constant", lambda y: np.median(y), "that is the median: the best constant for the "
                                              "absolute error"),
    ("best_constant", lambda y: (y.max() + y.min()) / 2, "midrange"),
    ("best_constant", lambda y: np.sum(y), "n times too large"),
    ("best_constant", lambda y: y, "one value per example"),
    # mse
    ("mse", lambda y, p: np.sum((p - y) ** 2), "n times too large: the mean over the n "
                                               "examples, not the sum"),
    ("mse", lambda y, p: 0.5 * np.mean((p - y) ** 2), "half the MSE"),
    ("mse", lambda y, p: np.sqrt(np.mean((p - y) ** 2)), "that is the RMSE"),
    ("mse", lambda y, p: np.mean(np.abs(p - y)), "that is the mean absolute error"),
    ("mse", lambda y, p: (p - y) ** 2, "you returned one value per example"),
    ("mse", lambda y, p: np.mean(p - y) ** 2, "you squared the mean error"),
    ("mse", lambda y, p: np.var(p - y), "np.var(e) subtracts the mean error"),
    ("mse", lambda y, p: np.sum((p - y) ** 2) / (len(y) - 1), "divided by n - 1"),
    # rmse
    ("rmse", lambda y, p: np.mean((p - y) ** 2), "no square root: that is the MSE"),
    ("rmse", lambda y, p: np.sqrt(np.sum((p - y) ** 2)), "sqrt(n) times too large"),
    ("rmse", lambda y, p: np.mean(np.sqrt((p - y) ** 2)), "that is the mean absolute error"),
    ("rmse", lambda y, p: np.std(p - y), "np.std(e) subtracts the mean error"),
    # r2_score
    ("r2_score", lambda y, p: np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2),
     "share of the variance left unexplained"),
    ("r2_score", lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum((p - p.mean()) ** 2),
     "the arguments are swapped"),
    ("r2_score", lambda y, p: np.corrcoef(y, p)[0, 1] ** 2, "squared correlation"),
    ("r2_score", lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum((y - p.mean()) ** 2),
     "mean of the predictions"),
    ("r2_score", lambda y, p: 1 - np.mean((y - p) ** 2) / np.sum((y - y.mean()) ** 2),
     "divided a mean by a sum"),
    # mse_grad
    ("mse_grad", lambda y, p: (p - y) / len(y), "did you differentiate the square? "
                                               "d(e^2)/de = 2e"),
    ("mse_grad", lambda y, p: 2 * (p - y), "n times too large"),
    ("mse_grad", lambda y, p: 2 * (y - p) / len(y), "the sign is flipped"),
    ("mse_grad", lambda y, p: np.mean(2 * (p - y)), "expected one value per prediction"),
    ("mse_grad", lambda y, p: np.sign(p - y) / len(y), "gradient of the mean absolute error"),
    ("mse_grad", lambda y, p: -(p - y), "flips it); and off by a factor of 2: did you "
                                        "differentiate the square? d(e^2)/de = 2e; and your "
                                        "result is n times too large"),
    # line_grad
    ("line_grad", lambda x, y, w, b: (np.mean((w * x + b - y) * x), np.mean(w * x + b - y)),
     "did you differentiate the square"),
    ("line_grad", lambda x, y, w, b: (2 * np.mean((y - w * x - b) * x),
                                      2 * np.mean(y - w * x - b)), "the sign is flipped"),
    ("line_grad", lambda x, y, w, b: (2 * np.sum((w * x + b - y) * x),
                                      2 * np.sum(w * x + b - y)), "n times too large"),
    ("line_grad", lambda x, y, w, b: (2 * np.mean(w * x + b - y),
                                      2 * np.mean((w * x + b - y) * x)), "swapped"),
    ("line_grad", lambda x, y, w, b: (2 * np.mean(w * x + b - y), 2 * np.mean(w * x + b - y)),
     "missing the factor x_i"),
    ("line_grad", lambda x, y, w, b: (2 * (w * x + b - y) * x / len(x),
                                      2 * (w * x + b - y) / len(x)), "did you forget to sum"),
    # bce_with_logits
    ("bce_with_logits", lambda y, z: -np.mean(y * np.log(_naive_sigmoid(z))
                                              + (1 - y) * np.log(1 - _naive_sigmoid(z))),
     "compute from the logit, never through sigmoid(z)"),
    ("bce_with_logits", lambda y, z: -np.mean(
        y * np.log(np.clip(_naive_sigmoid(z), 1e-7, 1 - 1e-7))
        + (1 - y) * np.log(np.clip(1 - _naive_sigmoid(z), 1e-7, 1 - 1e-7))),
     "clipping the probability gives a finite but wrong value"),
    ("bce_with_logits", lambda y, z: np.mean(np.log1p(np.exp(z)) - y * z),
     "np.logaddexp(0, z)"),
    ("bce_with_logits", lambda y, z: np.mean(np.logaddexp(0, z) - (1 - y) * z),
     "swapped the labels"),
    ("bce_with_logits", lambda y, z: np.mean(np.logaddexp(0, z) - y * z) / np.log(2), "base 2"),
    ("bce_with_logits", lambda y, z: np.sum(np.logaddexp(0, z) - y * z), "n times too large"),
    ("bce_with_logits", lambda y, z: -np.mean(np.logaddexp(0, z) - y * z), "sign is flipped"),
    ("bce_with_logits", lambda y, z: np.mean(y * np.logaddexp(0, -z)), "dropped the (1 - y)"),
    # logsumexp
    ("logsumexp", lambda z: np.log(np.sum(np.exp(z), axis=-1)), "subtract the maximum first"),
    ("logsumexp", lambda z: np.log(np.sum(np.exp(z - np.max(z)), axis=-1)) + np.max(z),
     "each row's own"),
    ("logsumexp", lambda z: _lse(z.T) if z.ndim == 2 else _lse(z), "wrong axis"),
    ("logsumexp", lambda z: np.max(z, axis=-1), "you returned the maximum"),
    ("logsumexp", lambda z: _lse(z) - np.max(z, axis=-1), "did not add it back"),
    ("logsumexp", lambda z: _lse(z.ravel()), "reduced the whole array"),
    ("logsumexp", lambda z: _lse(z) - np.log(z.shape[-1]), "averaged the exponentials"),
    ("logsumexp", lambda z: np.max(z, axis=-1) + np.log(np.sum(np.exp(z - np.max(z, axis=-1)),
                                                                axis=-1)), "keepdims=True"),
    # softmax
    ("softmax", lambda z: np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True),
     "Subtract each row's maximum first"),
    ("softmax", lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0),
     "your columns sum to 1"),
    ("softmax", lambda z: np.exp(z - z.max()) / np.sum(np.exp(z - z.max())), "whole array"),
    ("softmax", lambda z: np.exp(z - z.max(axis=-1, keepdims=True))
     / np.exp(z - z.max(axis=-1, keepdims=True)).sum(axis=-1), "keepdims=True"),
    ("softmax", lambda z: z / np.sum(z, axis=-1, keepdims=True), "exponentiate first"),
    ("softmax", lambda z: z - _lse(z)[..., None], "log-softmax"),
    # cross_entropy_with_logits
    ("cross_entropy_with_logits", lambda lab, z: -np.mean(np.log(
        (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))[np.arange(len(lab)), lab])),
     "Never form the probabilities"),
    ("cross_entropy_with_logits", lambda lab, z: np.mean(_lse(z)[:, None] - z[:, lab]),
     "logits[:, labels] picks every label"),
    ("cross_entropy_with_logits",
     lambda lab, z: np.mean(_lse(z) - z[np.arange(len(lab)), lab]) / z.shape[1],
     "averaged over the k classes"),
    ("cross_entropy_with_logits", lambda lab, z: np.mean(-z[np.arange(len(lab)), lab]),
     "log-sum-exp is missing"),
    ("cross_entropy_with_logits", lambda lab, z: np.sum(_lse(z) - z[np.arange(len(lab)), lab]),
     "n times too large"),
    ("cross_entropy_with_logits", lambda lab, z: _lse(z) - z[np.arange(len(lab)), lab],
     "one value per example"),
    ("cross_entropy_with_logits",
     lambda lab, z: np.mean(z[np.arange(len(lab)), lab] - _lse(z)), "sign is flipped"),
    # mae_grad
    ("mae_grad", lambda y, p: np.sign(p - y), "n times too large"),
    ("mae_grad", lambda y, p: np.sign(y - p) / len(y), "sign is flipped"),
    ("mae_grad", lambda y, p: 2 * (p - y) / len(y), "that is the gradient of the MSE"),
    ("mae_grad", lambda y, p: (p - y) / len(y), "gradient of half the MSE"),
    ("mae_grad", lambda y, p: (p - y) / np.abs(p - y) / len(y), "divides 0 by 0"),
    # huber
    ("huber", lambda y, p, d: np.mean(np.where(np.abs(p - y) <= d, 0.5 * (p - y) ** 2,
                                               d * np.abs(p - y) - d ** 2)),
     "it is delta^2/2, i.e. delta*(|e| - delta/2)"),
    ("huber", lambda y, p, d: np.mean(np.where(np.abs(p - y) <= d, 0.5 * (p - y) ** 2,
                                               d * np.abs(p - y))), "has no constant"),
    ("huber", lambda y, p, d: np.mean(np.where(np.abs(p - y) <= d, (p - y) ** 2,
                                               d * (np.abs(p - y) - d / 2))),
     "the quadratic part is e^2, not e^2/2"),
    ("huber", lambda y, p, d: np.mean(np.where(np.abs(p - y) <= d, 0.5 * (p - y) ** 2,
                                               d * ((p - y) - d / 2))),
     "absolute value is missing"),
    ("huber", lambda y, p, d: np.mean(np.where(p - y <= d, 0.5 * (p - y) ** 2,
                                               d * (np.abs(p - y) - d / 2))), "|e| <= delta"),
    ("huber", lambda y, p, d: np.mean(np.where(np.abs(p - y) <= 1.0, 0.5 * (p - y) ** 2,
                                               np.abs(p - y) - 0.5)), "you ignored delta"),
    ("huber", lambda y, p, d: np.sum(np.where(np.abs(p - y) <= d, 0.5 * (p - y) ** 2,
                                              d * (np.abs(p - y) - d / 2))), "n times too large"),
    ("huber", lambda y, p, d: np.mean(np.where(np.abs(p - y) <= d, (p - y) ** 2,
                                               2 * d * np.abs(p - y) - d ** 2)),
     "twice the book's Huber loss"),
    # huber_grad
    ("huber_grad", lambda y, p, d: (p - y) / len(y), "gradient of half the MSE"),
    ("huber_grad", lambda y, p, d: d * np.sign(p - y) / len(y), "delta*sign(e)/n everywhere"),
    ("huber_grad", lambda y, p, d: np.where(np.abs(p - y) <= d, p - y, d) / len(y),
     "the sign is missing in the linear part"),
    ("huber_grad", lambda y, p, d: np.where(np.abs(p - y) <= d, 2 * (p - y),
                                            d * np.sign(p - y)) / len(y),
     "2e in the quadratic part"),
    ("huber_grad", lambda y, p, d: np.clip(p - y, -d, d), "n times too large"),
    ("huber_grad", lambda y, p, d: np.clip(y - p, -d, d) / len(y), "sign is flipped"),
    ("huber_grad", lambda y, p, d: np.clip(p - y, -1, 1) / len(y), "you ignored delta"),
    # hinge
    ("hinge", lambda y, s: np.mean(1 - y * s), "no max(0, ...)"),
    ("hinge", lambda y, s: np.mean(np.maximum(0, -y * s)), "the 1 is missing"),
    ("hinge", lambda y, s: np.mean(np.maximum(0, 1 + y * s)), "the sign of the margin"),
    ("hinge", lambda y, s: np.mean(np.maximum(0, 1 - y * s) ** 2), "squared hinge"),
    ("hinge", lambda y, s: np.mean(np.max(0, 1 - y * s)), "use np.maximum(0, x)"),
    ("hinge", lambda y, s: np.sum(np.maximum(0, 1 - y * s)), "n times too large"),
    # hinge_grad
    ("hinge_grad", lambda y, s: -y / len(y), "the hinge is flat"),
    ("hinge_grad", lambda y, s: np.where(y * s < 0, -y, 0.0) / len(y), "stopped at margin 0"),
    ("hinge_grad", lambda y, s: np.where(y * s < 1, -1.0, 0.0) / len(y), "factor y is missing"),
    ("hinge_grad", lambda y, s: np.where(y * s > 1, -y, 0.0) / len(y), "wrong way round"),
    ("hinge_grad", lambda y, s: np.where(y * s < 1, -y, 0.0), "n times too large"),
    ("hinge_grad", lambda y, s: np.where(y * s < 1, y, 0.0) / len(y), "sign is flipped"),
]


@pytest.mark.parametrize("name, fn, words", WRONG, ids=[
    f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_a_typical_mistake_fails_with_a_message_naming_it(name, fn, words):
    result = ex.check(name, fn)
    assert not result.passed
    assert words in result.message, result.message
    assert result.message.startswith(f"{name}: not yet correct.")
    assert "input:" in result.message and "Traceback" not in result.message


def test_every_exercise_has_at_least_three_recognised_mistakes():
    counts = {name: sum(1 for w in WRONG if w[0] == name) for name in EXPECTED_NAMES}
    assert min(counts.values()) >= 3, counts


def test_a_failure_says_which_input_what_was_expected_and_what_came_back():
    msg = ex.check("mse", lambda y, p: np.sum((p - y) ** 2)).message
    lines = msg.splitlines()
    assert lines[0] == ("mse: not yet correct. It fails 3 of 5 test inputs; the first is "
                        "random targets and predictions (n = 7).")
    assert lines[1].startswith("  input:  y_true = [") and "y_pred = [" in lines[1]
    assert re.fullmatch(r"  expected [\d.]+, got [\d.]+", lines[2]), lines[2]
    assert lines[3].startswith("  Likely cause: your result is n times too large")


# ---- correct answers written differently pass ----

def _bce_loop(y, z):
    total = 0.0
    for yi, zi in zip(y, z):
        # log(1 + e^z) without overflow, then - y z
        total += max(zi, 0.0) + math.log1p(math.exp(-abs(zi))) - yi * zi
    return total / len(y)


def _lse_loop(z):
    def one(row):
        m = max(row)
        return m + math.log(sum(math.exp(v - m) for v in row))
    return np.array([one(r) for r in z]) if np.ndim(z) == 2 else one(z)


def _softmax_loop(z):
    def one(row):
        m = max(row)
        e = [math.exp(v - m) for v in row]
        return [v / sum(e) for v in e]
    return [one(r) for r in z] if np.ndim(z) == 2 else one(z)


def _huber_loop(y, p, d):
    out = []
    for yi, pi in zip(y, p):
        a = abs(pi - yi)
        out.append(0.5 * a * a if a <= d else d * (a - 0.5 * d))
    return sum(out) / len(out)


def _ce_logaddexp(lab, z):
    lse = np.logaddexp.reduce(z, axis=1)
    return np.mean(lse - z[np.arange(len(lab)), lab])


def _line_grad_sums(x, y, w, b):
    n = len(x)
    sx, sxx, sy, sxy = x.sum(), (x * x).sum(), y.sum(), (x * y).sum()
    return (2 / n) * (w * sxx + b * sx - sxy), (2 / n) * (w * sx + n * b - sy)


RIGHT = [
    ("best_constant", lambda y: sum(y) / len(y)),
    ("mse", lambda y, p: sum((pi - yi) ** 2 for yi, pi in zip(y, p)) / len(y)),
    ("mse", lambda y, p: np.dot(p - y, p - y) / len(y)),
    ("rmse", lambda y, p: np.linalg.norm(p - y) / np.sqrt(len(y))),
    ("r2_score", lambda y, p: 1 - np.mean((p - y) ** 2) / np.var(y)),
    ("mse_grad", lambda y, p: 2 * (p - y) / len(y)),
    ("line_grad", _line_grad_sums),
    ("line_grad", lambda x, y, w, b: np.array([2 * np.mean((w * x + b - y) * x),
                                               2 * np.mean(w * x + b - y)])),
    ("bce_with_logits", _bce_loop),
    ("bce_with_logits", lambda y, z: np.mean(np.where(y == 1, np.logaddexp(0, -z),
                                                      np.logaddexp(0, z)))),
    ("bce_with_logits", lambda y, z: np.mean(np.maximum(z, 0) - y * z
                                             + np.log1p(np.exp(-np.abs(z))))),
    ("logsumexp", lambda z: np.logaddexp.reduce(z, axis=-1)),
    ("logsumexp", _lse_loop),
    ("softmax", lambda z: np.exp(z - np.logaddexp.reduce(z, axis=-1, keepdims=True))),
    ("softmax", _softmax_loop),
    ("cross_entropy_with_logits", _ce_logaddexp),
    ("mae_grad", lambda y, p: np.where(p - y >= 0, 1.0, -1.0) / len(y)),   # +1/n at ties
    ("mae_grad", lambda y, p: np.sign(p - y) / len(y)),
    ("huber", _huber_loop),
    ("huber", lambda y, p, d: np.mean(np.minimum(np.abs(p - y), d)
                                      * (np.abs(p - y) - 0.5 * np.minimum(np.abs(p - y), d)))),
    ("huber_grad", lambda y, p, d: np.where(np.abs(p - y) <= d, p - y,
                                            d * np.sign(p - y)) / len(y)),
    ("hinge", lambda y, s: np.mean(np.clip(1 - y * s, 0, None))),
    ("hinge", lambda y, s: sum(max(0.0, 1 - yi * si) for yi, si in zip(y, s)) / len(y)),
    ("hinge_grad", lambda y, s: np.where(y * s <= 1, -y, 0.0) / len(y)),   # -y/n at margin 1
    ("hinge_grad", lambda y, s: -y * (y * s < 1) / len(y)),
    ("hinge_grad", lambda y, s: np.where(y * s == 1, -y / 2, np.where(y * s < 1, -y, 0.0))
     / len(y)),
]


@pytest.mark.parametrize("name, fn", RIGHT, ids=[f"{r[0]}-{i}" for i, r in enumerate(RIGHT)])
def test_a_correct_answer_written_differently_passes(name, fn):
    result = ex.check(name, fn)
    assert result.passed, result.message


def test_a_subgradient_outside_the_allowed_range_fails():
    # At e = 0 the MAE's subgradients are [-1/n, 1/n]; 2/n is not one of them.
    result = ex.check("mae_grad", lambda y, p: np.where(p == y, 2.0, np.sign(p - y)) / len(y))
    assert not result.passed and "all zeros" in result.message


# ---- a broken function fails cleanly ----

def test_an_exception_is_a_failed_check_with_its_message():
    def broken(y_true, y_pred):
        return y_true / 0 + undefined_name  # noqa: F821

    result = ex.check("mse", broken)
    assert not result.passed
    assert "your function raised NameError: name 'undefined_name' is not defined" in result.message


def test_a_function_with_the_wrong_arguments():
    result = ex.check("huber", lambda y_true, y_pred: 0.0)
    assert not result.passed
    assert "calls your function as huber(y_true, y_pred, delta)" in result.message


def test_a_warning_that_is_not_numpys_is_named():
    import warnings

    def deprecated(y_true, y_pred):
        warnings.warn("old API", DeprecationWarning)
        return np.mean((y_pred - y_true) ** 2)

    result = ex.check("mse", deprecated)
    assert not result.passed
    assert "a warning was raised: DeprecationWarning: old API" in result.message


def test_a_stub_that_is_not_written_yet():
    def stub(y_true, y_pred):
        raise NotImplementedError

    result = ex.check("mse", stub)
    assert not result.passed and "not written yet" in result.message


def test_a_missing_return():
    result = ex.check("mse", lambda y, p: None)
    assert not result.passed and "did you forget the `return`?" in result.message


def test_a_wrong_shape_is_reported_with_both_shapes():
    result = ex.check("softmax", lambda z: np.ones(3))
    assert not result.passed
    assert "expected shape (5,), got shape (3,)" in result.message


def test_right_numbers_in_the_wrong_shape():
    def keepdims(z):
        m = np.max(z, axis=-1, keepdims=True)
        return m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))

    result = ex.check("logsumexp", keepdims)
    assert not result.passed
    assert "the numbers are right but the shape is not: expected (), got (1,)" in result.message


def test_nan_is_reported():
    result = ex.check("hinge", lambda y, s: float("nan"))
    assert not result.passed and "nan or inf" in result.message


def test_a_numpy_warning_fails_even_when_the_numbers_are_right():
    def warns(y_true, logits):
        # Correct values, but np.where evaluates both branches: exp(1000) overflows.
        z = logits
        sp = np.where(z > 30, z, np.log1p(np.exp(z)))
        return np.mean(sp - y_true * z)

    result = ex.check("bce_with_logits", warns)
    assert not result.passed
    assert "numpy warned: overflow encountered in exp" in result.message
    assert "your numbers are right, but numpy warned" in result.message


def test_changing_the_input_in_place_fails():
    def in_place(z):
        z -= np.max(z, axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    result = ex.check("softmax", in_place)
    assert not result.passed and "changed its input `z` in place" in result.message


def test_text_that_is_not_a_number():
    result = ex.check("mse", lambda y, p: "0.79")
    assert not result.passed and "not a number" in result.message


def test_not_a_function_and_an_unknown_exercise():
    result = ex.check("mse", 0.79)
    assert not result.passed and "needs your function itself" in result.message
    with pytest.raises(ValueError, match="unknown exercise 'msee'; the exercises are: "
                                         "best_constant, mse"):
        ex.check("msee", lambda y, p: 0.0)
    with pytest.raises(ValueError, match="unknown exercise"):
        ex.hint("nope")


# ---- display ----

def test_the_result_displays_its_message_with_no_addresses_and_rounded_numbers():
    result = ex.check("mse_grad", lambda y, p: (p - y) / len(y))
    assert repr(result) == str(result) == result.message
    assert " at 0x" not in result.message
    numbers = re.findall(r"-?\d+\.\d+", result.message)
    assert numbers and max(len(n.split(".")[1]) for n in numbers) <= 8
    md = result._repr_markdown_()
    assert md.startswith("**mse_grad: not yet correct.**")
    assert "- **Likely cause:** off by a factor of 2" in md
    assert bool(result) is False
    ok = ex.check("mse", _solution("mse"))
    assert ok._repr_markdown_().startswith("**mse: correct.**") and bool(ok) is True


def test_the_message_is_the_same_on_every_call():
    fn = lambda y, p: np.sum((p - y) ** 2)  # noqa: E731
    assert ex.check("mse", fn).message == ex.check("mse", fn).message


def test_an_exception_message_with_an_address_is_cleaned():
    class Thing:
        pass

    def raises(y, p):
        raise TypeError(f"cannot use {object.__repr__(Thing())}")

    assert " at 0x" not in ex.check("mse", raises).message
