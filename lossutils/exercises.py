r"""Coding exercises that check themselves: you write the loss, lossutils says what is wrong.

Each exercise asks for one function (a loss, its gradient, a stable building block or a
metric). :func:`check` calls your function on a fixed set of seeded inputs, including the
edge cases where implementations usually break (a single example, all zeros, ties, logits
of :math:`\pm 1000`), compares every answer with the :mod:`lossutils` reference (relative
tolerance :math:`10^{-8}`), and reports in plain words the first input it got wrong: the
input, the expected value, your value, and the likely cause when it recognises the mistake
(a missing factor 2, a sum instead of a mean, a flipped sign, an overflow, a wrong axis...).
It checks behaviour, not code: loops, ``np.where``, ``np.logaddexp`` or any other exact
formula pass.

Usage in a notebook::

    import numpy as np
    from lossutils import exercises as ex

    def mse(y_true, y_pred):
        return np.mean((y_pred - y_true) ** 2)

    ex.check("mse", mse)       # displays "mse: correct ..." or what is wrong
    ex.hint("mse")             # a hint, as text
    ex.solution("mse")         # a solution, as Python source text
    ex.names()                 # every exercise, in reading order

Functions
---------
check(name, fn)
    Run the exercise's tests on ``fn``; return a :class:`CheckResult` with ``.passed``
    (bool) and ``.message`` (str). It never raises because of ``fn``: an exception raised
    by ``fn``, a result of the wrong shape, a NaN or infinity, or a numpy warning (such as
    "overflow encountered in exp") is a failed check with a message. An unknown exercise
    name raises ``ValueError``.
hint(name), solution(name)
    Text (``str``); in a notebook they display as Markdown (the solution as a code block).
    ``exec(solution(name))`` defines the function.
names()
    The exercise names, in the order of the book's chapters.

Notes
-----
The exercises, with the signature of the function you write (arrays in; the mean over the
n examples out unless the name says otherwise; errors :math:`e_i = \hat y_i - y_i`):

=============================================  ===========================================
``best_constant(y)``                           the constant c with the smallest MSE
``mse(y_true, y_pred)``                        mean squared error
``rmse(y_true, y_pred)``                       root mean squared error
``r2_score(y_true, y_pred)``                   coefficient of determination
``mse_grad(y_true, y_pred)``                   gradient of the MSE w.r.t. ``y_pred``
``line_grad(x, y, w, b)``                      ``(dL/dw, dL/db)`` of the MSE of ``w*x + b``
``mae_grad(y_true, y_pred)``                   (sub)gradient of the MAE; any value in
                                               [-1/n, 1/n] is accepted where e_i = 0
``huber(y_true, y_pred, delta)``               mean Huber loss
``huber_grad(y_true, y_pred, delta)``          its gradient w.r.t. ``y_pred``
``bce_with_logits(y_true, logits)``            binary cross-entropy from logits, stable
``logsumexp(z)``                               along the last axis of a 1-D or 2-D array
``softmax(z)``                                 along the last axis
``cross_entropy_with_logits(labels, logits)``  labels: integers (n,); logits (n, k)
``hinge(y_pm1, scores)``                       mean hinge loss, labels -1/+1
``hinge_grad(y_pm1, scores)``                  (sub)gradient; any value between -y_i/n and
                                               0 is accepted at margin exactly 1
=============================================  ===========================================

The printed result (``repr``) contains no memory addresses and only rounded numbers, so a
notebook cell that shows it gives the same text on every machine (strict nbval).

Examples
--------
>>> import numpy as np
>>> from lossutils import exercises as ex
>>> ex.check("mse", lambda y_true, y_pred: np.mean((y_pred - y_true) ** 2)).passed
True
>>> r = ex.check("mse", lambda y_true, y_pred: np.sum((y_pred - y_true) ** 2))
>>> r.passed, "n times too large" in r.message
(False, True)
"""

import re
import textwrap
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .special import log_softmax, logsumexp, softmax

__all__ = ["CheckResult", "check", "hint", "solution", "names"]

RTOL = 1e-8   # the tolerance of the check against the reference
ATOL = 1e-12  # for expected values of exactly 0 (a gradient at the optimum, a zero loss)
# A recognised mistake must reproduce the reader's numbers to this (looser) tolerance.
_MATCH_RTOL, _MATCH_ATOL = 1e-6, 1e-9


# --------------------------------------------------------------------------------------
# Results and text


class CheckResult:
    """The outcome of :func:`check`: ``passed`` (bool) and ``message`` (str).

    ``print(result)``, ``repr(result)`` and the notebook display all show the message;
    ``bool(result)`` is ``result.passed``.
    """

    def __init__(self, name, passed, message, markdown=None):
        self.name = name
        self.passed = bool(passed)
        self.message = message
        self._markdown = markdown if markdown is not None else message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.message

    __str__ = __repr__

    def _repr_pretty_(self, p, cycle):
        p.text(self.message)

    def _repr_markdown_(self):
        return self._markdown


class _Text(str):
    """A ``str`` that a notebook shows as Markdown (a hint) or as a code block (a solution)."""

    def __new__(cls, text, *, code=False, markdown=None):
        obj = super().__new__(cls, text)
        obj._markdown = f"```python\n{text}```" if code else (markdown or _md_escape(text))
        return obj

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))

    def _repr_markdown_(self):
        return self._markdown


def _num(x, digits=8):
    """A number for a message: ``digits`` significant digits, no ``-0``."""
    x = float(x)
    if x == 0:
        return "0"
    if not np.isfinite(x):
        return "nan" if np.isnan(x) else ("inf" if x > 0 else "-inf")
    text = f"{x:.{digits}g}"
    if "e" not in text and "." not in text and abs(x) < 1e16:
        text += ".0"
    return text


def _arr(a, digits=6, edge=3, limit=12):
    """An array or number for a message: rounded, summarised when long, one line."""
    a = np.asarray(a)
    if a.ndim == 0:
        return str(int(a)) if a.dtype.kind in "biu" else _num(a, max(digits, 8))

    def item(x):
        return str(int(x)) if a.dtype.kind in "biu" else _num(x, digits)

    def row(v):
        if v.ndim == 1:
            vals = [item(x) for x in v]
        else:
            vals = [row(r) for r in v]
        if len(vals) > limit:
            vals = vals[:edge] + ["..."] + vals[-edge:]
        return "[" + ", ".join(vals) + "]"

    return row(a)


def _clean(text):
    """Remove memory addresses from an exception message (for a stable printout)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", str(text))


# --------------------------------------------------------------------------------------
# Exercise definitions


@dataclass
class _Case:
    """One test input: ``args`` in the reader's order, and the expected answer."""

    label: str                  # in plain words: "a single example"
    args: tuple
    expected: np.ndarray
    n: int = 1                  # the number of examples (for "n times too large")
    large: bool = False         # inputs of size 1000 (overflow)
    free: object = None         # bool mask: entries where any value in [lo, hi] is right
    lo: object = None
    hi: object = None


@dataclass
class _Exercise:
    name: str
    signature: str              # "mse(y_true, y_pred)"
    task: str                   # one sentence
    chapter: str
    hint: str
    solution: str
    build: object               # () -> list of _Case
    output: str = "array"       # "scalar", "array" or "pair"
    mistakes: list = field(default_factory=list)   # (message, variant(*args) -> value)
    why: dict = field(default_factory=dict)         # explanations for scale mistakes
    unstable: str = ""          # what to say when it breaks at large inputs
    # (regex, message) tried on an exception's or a numpy warning's text
    exception_hints: list = field(default_factory=list)

    @property
    def arg_names(self):
        inside = self.signature[self.signature.index("(") + 1:-1]
        return tuple(a.strip() for a in inside.split(","))


_REGISTRY = {}


def _exercise(**kwargs):
    ex = _Exercise(**kwargs)
    ex.solution = textwrap.dedent(ex.solution).strip("\n") + "\n"
    _REGISTRY[ex.name] = ex
    return ex


def _lu():
    import lossutils as lu
    import lossutils.metrics  # noqa: F401  (lu.metrics, whatever lossutils/__init__ imports)
    return lu


def _rng(name):
    # One seeded generator per exercise: the inputs never change between runs.
    return np.random.default_rng(sum(map(ord, name)) + 14)


def _r2(a):
    return np.round(a, 2)


# Generic explanations for a result that is a constant multiple of the right one.
_WHY_DEFAULT = {
    "sign": "the sign is flipped",
    2.0: "off by a factor of 2: your values are twice the expected ones",
    0.5: "off by a factor of 2: your values are half the expected ones",
    "n": "your result is n times too large: the mean over the n examples, not the sum "
         "(divide by n, or use np.mean)",
    "1/n": "your result is n times too small: you divided by n once too often (np.mean "
           "already divides by n)",
}


# ---- essence_of_loss ------------------------------------------------------------------

def _cases_regression(name, *, n_random=7, n_big=40, spread=1.5):
    rng = _rng(name)
    y = _r2(rng.normal(0.0, 2.0, n_random))
    p = _r2(y + rng.normal(0.0, spread, n_random))
    yb = _r2(rng.normal(1.0, 3.0, n_big))
    pb = _r2(yb + rng.normal(0.0, 2.0, n_big))
    return [
        ("random targets and predictions (n = 7)", y, p),
        ("a single example", np.array([2.5]), np.array([1.0])),
        ("all zeros (n = 4)", np.zeros(4), np.zeros(4)),
        ("exact predictions except one (n = 5), with ties",
         np.array([1.0, 2.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.0, 2.0, 3.0, 7.0])),
        ("a larger data set (n = 40)", yb, pb),
    ]


def _build_best_constant():
    rng = _rng("best_constant")
    raw = [
        ("targets with an outlier (n = 5)", np.array([1.0, 2.0, 2.0, 3.0, 50.0])),
        ("random targets (n = 6)", _r2(rng.exponential(3.0, 6))),
        ("a single example", np.array([4.2])),
        ("all zeros (n = 3)", np.zeros(3)),
        ("ties (n = 4)", np.array([-1.0, -1.0, 3.0, 3.0])),
        ("a larger data set (n = 25)", _r2(rng.normal(5.0, 2.0, 25) ** 2)),
    ]
    return [_Case(label, (y,), np.asarray(float(np.mean(y))), n=y.size) for label, y in raw]


_exercise(
    name="best_constant", signature="best_constant(y)", chapter="essence_of_loss",
    task="Return the constant c that minimises the mean squared error of predicting c for "
         "every target in y.",
    hint="Write the MSE of a constant, (1/n) sum_i (c - y_i)^2, differentiate with respect "
         "to c and set the derivative to 0: (2/n) sum_i (c - y_i) = 0.",
    solution="""
        import numpy as np

        def best_constant(y):
            # d/dc (1/n) sum (c - y_i)^2 = (2/n) sum (c - y_i) = 0  gives  c = mean(y)
            return np.mean(y)
    """,
    build=_build_best_constant, output="scalar",
    mistakes=[
        ("that is the median: the best constant for the absolute error (MAE). For the "
         "squared error the best constant is the mean",
         lambda y: np.median(y)),
        ("that is the midrange (max + min) / 2: the best constant for the largest error. "
         "For the squared error the best constant is the mean",
         lambda y: (np.max(y) + np.min(y)) / 2),
    ],
    why={"n": "your result is n times too large: the mean divides the sum by n"},
)


def _build_mse():
    lu = _lu()
    return [_Case(label, (y, p), np.asarray(float(lu.mse(y, p))), n=y.size)
            for label, y, p in _cases_regression("mse")]


_exercise(
    name="mse", signature="mse(y_true, y_pred)", chapter="essence_of_loss",
    task="Return the mean squared error (1/n) sum_i (y_pred_i - y_true_i)^2.",
    hint="Compute the errors e = y_pred - y_true, square each one, then average: np.mean.",
    solution="""
        import numpy as np

        def mse(y_true, y_pred):
            e = y_pred - y_true            # one error per example
            return np.mean(e ** 2)         # square, then average
    """,
    build=_build_mse, output="scalar",
    mistakes=[
        ("you took the square root: that is the RMSE (in the units of y). The MSE is the "
         "mean of the squared errors, without the root",
         lambda y, p: np.sqrt(np.mean((p - y) ** 2))),
        ("that is the mean absolute error: square each error instead of taking its "
         "absolute value",
         lambda y, p: np.mean(np.abs(p - y))),
        ("you squared the mean error: square each error first, then average",
         lambda y, p: np.mean(p - y) ** 2),
        ("you averaged the errors without squaring them (positive and negative errors "
         "cancel): square each error first",
         lambda y, p: np.mean(p - y)),
        ("np.var(e) subtracts the mean error first; it equals the MSE only when the mean "
         "error is 0. Use np.mean(e ** 2)",
         lambda y, p: np.var(p - y)),
        ("you divided by n - 1: the MSE is the mean, divide by n",
         lambda y, p: np.sum((p - y) ** 2) / (y.size - 1) if y.size > 1 else None),
    ],
    why={0.5: "your values are half the MSE: the 1/2 in front (a convention that makes "
              "the derivative simpler) is not part of the MSE",
         2.0: "your values are twice the MSE: there is no factor 2 in the loss itself"},
)


# ---- error_vs_loss --------------------------------------------------------------------

def _build_rmse():
    lu = _lu()
    return [_Case(label, (y, p), np.asarray(float(lu.metrics.rmse(y, p))), n=y.size)
            for label, y, p in _cases_regression("rmse")]


_exercise(
    name="rmse", signature="rmse(y_true, y_pred)", chapter="error_vs_loss",
    task="Return the root mean squared error, in the units of the target.",
    hint="RMSE = sqrt(MSE): average the squared errors, then take the square root of the "
         "average (not the average of roots).",
    solution="""
        import numpy as np

        def rmse(y_true, y_pred):
            e = y_pred - y_true
            return np.sqrt(np.mean(e ** 2))   # the root of the mean of the squares
    """,
    build=_build_rmse, output="scalar",
    mistakes=[
        ("no square root: that is the MSE. RMSE = sqrt(MSE), in the units of y",
         lambda y, p: np.mean((p - y) ** 2)),
        ("that is the mean absolute error (the mean of sqrt(e^2) = |e|): take the root "
         "after averaging the squares, not before",
         lambda y, p: np.mean(np.abs(p - y))),
        ("your result is sqrt(n) times too large: you took the root of the sum; take the "
         "root of the mean",
         lambda y, p: np.sqrt(np.sum((p - y) ** 2))),
        ("your result is sqrt(n) times too small: sqrt(sum) / n divides by n after the "
         "root; the n goes inside: sqrt(sum / n)",
         lambda y, p: np.sqrt(np.sum((p - y) ** 2)) / y.size),
        ("np.std(e) subtracts the mean error first; it equals the RMSE only when the mean "
         "error is 0. Use np.sqrt(np.mean(e ** 2))",
         lambda y, p: np.std(p - y)),
    ],
)


def _build_r2():
    lu = _lu()
    rng = _rng("r2_score")
    y = _r2(rng.normal(3.0, 2.0, 8))
    good = _r2(y + rng.normal(0.0, 0.8, 8))
    yb = _r2(rng.normal(0.0, 1.0, 30))
    pb = _r2(0.5 * yb + rng.normal(0.0, 0.5, 30))
    raw = [
        ("good predictions (n = 8)", y, good),
        ("predictions worse than the mean (n = 5)", np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
         np.array([5.0, 4.0, 3.0, 2.0, 1.0])),
        ("perfect predictions (n = 4)", np.array([0.5, 1.5, -2.0, 3.0]),
         np.array([0.5, 1.5, -2.0, 3.0])),
        ("predicting the mean of the targets (n = 4)", np.array([1.0, 3.0, 5.0, 7.0]),
         np.full(4, 4.0)),
        ("the smallest data set: two examples", np.array([0.0, 2.0]), np.array([0.5, 1.0])),
        ("all predictions zero (n = 6)", np.array([1.0, -1.0, 2.0, 0.0, 3.0, 1.0]),
         np.zeros(6)),
        ("a larger data set (n = 30)", yb, pb),
    ]
    return [_Case(label, (y, p), np.asarray(float(lu.metrics.r2_score(y, p))), n=y.size)
            for label, y, p in raw]


def _corr2(y, p):
    return np.corrcoef(y, p)[0, 1] ** 2


_exercise(
    name="r2_score", signature="r2_score(y_true, y_pred)", chapter="error_vs_loss",
    task="Return R^2 = 1 - SS_res / SS_tot: the share of the variance of y_true explained.",
    hint="SS_res = sum of (y_true - y_pred)^2; SS_tot = sum of (y_true - mean(y_true))^2. "
         "R^2 can be negative: it has no lower bound.",
    solution="""
        import numpy as np

        def r2_score(y_true, y_pred):
            ss_res = np.sum((y_true - y_pred) ** 2)            # what the model leaves
            ss_tot = np.sum((y_true - np.mean(y_true)) ** 2)   # what the mean leaves
            return 1.0 - ss_res / ss_tot
    """,
    build=_build_r2, output="scalar",
    mistakes=[
        ("you returned SS_res / SS_tot, the share of the variance left unexplained: "
         "R^2 = 1 - SS_res / SS_tot",
         lambda y, p: np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2)),
        ("the arguments are swapped: SS_tot is the spread of y_true around its own mean, "
         "not of y_pred",
         lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum((p - p.mean()) ** 2)),
        ("SS_tot uses the mean of the predictions; it must use the mean of the targets",
         lambda y, p: 1 - np.sum((y - p) ** 2) / np.sum((y - p.mean()) ** 2)),
        ("that is the squared correlation of y_true and y_pred. It equals R^2 only for a "
         "least-squares fit with an intercept; R^2 = 1 - SS_res / SS_tot judges any "
         "predictions and can be negative",
         _corr2),
        ("you divided a mean by a sum (or a sum by a mean): use two sums, or the MSE over "
         "the variance, 1 - mean(e^2) / var(y)",
         lambda y, p: 1 - np.mean((y - p) ** 2) / np.sum((y - y.mean()) ** 2)),
        ("the variance with ddof=1 divides by n - 1 while the MSE divides by n: use "
         "np.var(y_true) (ddof=0), or two sums",
         lambda y, p: 1 - np.mean((y - p) ** 2) / np.var(y, ddof=1)),
    ],
    why={"sign": "the sign is flipped"},
)


# ---- mean_squared_error ---------------------------------------------------------------

def _build_mse_grad():
    lu = _lu()
    return [_Case(label, (y, p), np.asarray(lu.mse.grad(y, p)), n=y.size)
            for label, y, p in _cases_regression("mse_grad")]


_exercise(
    name="mse_grad", signature="mse_grad(y_true, y_pred)", chapter="mean_squared_error",
    task="Return the gradient of the MSE with respect to y_pred: one number per prediction.",
    hint="The MSE is (1/n) sum_i e_i^2 with e_i = y_pred_i - y_true_i. Only the i-th term "
         "depends on y_pred_i, and d(e_i^2)/d(y_pred_i) = 2 e_i.",
    solution="""
        import numpy as np

        def mse_grad(y_true, y_pred):
            e = y_pred - y_true
            return 2.0 * e / e.size    # d/dy_pred_i of (1/n) sum e^2 = 2 e_i / n
    """,
    build=_build_mse_grad, output="array",
    mistakes=[
        ("that is the gradient of the mean absolute error, sign(e) / n: the squared "
         "error's derivative grows with the error, 2 e / n",
         lambda y, p: np.sign(p - y) / y.size),
    ],
    why={"sign": "the sign is flipped: with e = y_pred - y_true the derivative with "
                 "respect to y_pred is +2e/n (writing y_true - y_pred and forgetting the "
                 "chain rule's minus flips it)",
         0.5: "off by a factor of 2: did you differentiate the square? d(e^2)/de = 2e",
         2.0: "off by a factor of 2: your values are twice the expected ones",
         "n": "your result is n times too large: the gradient of the mean keeps the mean's "
              "1/n"},
)


def _build_line_grad():
    lu = _lu()
    rng = _rng("line_grad")
    x = _r2(rng.uniform(-2.0, 3.0, 8))
    y = _r2(1.5 * x - 0.5 + rng.normal(0.0, 0.7, 8))
    xb = _r2(rng.uniform(0.0, 10.0, 30))
    yb = _r2(-0.8 * xb + 4.0 + rng.normal(0.0, 1.0, 30))
    raw = [
        ("random data (n = 8), w = 0.5, b = -1", x, y, 0.5, -1.0),
        ("a single example, w = 2, b = 0", np.array([3.0]), np.array([1.0]), 2.0, 0.0),
        ("all zeros (n = 4), w = 0, b = 0", np.zeros(4), np.zeros(4), 0.0, 0.0),
        ("at the optimum: y = 2x + 1 exactly, w = 2, b = 1", np.array([0.0, 1.0, 2.0, 3.0]),
         np.array([1.0, 3.0, 5.0, 7.0]), 2.0, 1.0),
        ("a larger data set (n = 30), w = 1, b = 2", xb, yb, 1.0, 2.0),
    ]
    cases = []
    for label, x, y, w, b in raw:
        g = lu.mse.grad(y, w * x + b)          # dL/d(prediction_i)
        expected = np.array([np.sum(g * x), np.sum(g)])   # chain rule: x_i, 1
        cases.append(_Case(label, (x, y, w, b), expected, n=x.size))
    return cases


def _line_e(x, y, w, b):
    return w * x + b - y


_exercise(
    name="line_grad", signature="line_grad(x, y, w, b)", chapter="mean_squared_error",
    task="Return (dL/dw, dL/db), two numbers, for L = (1/n) sum_i (w x_i + b - y_i)^2.",
    hint="With e_i = w x_i + b - y_i, the chain rule gives dL/dw = (2/n) sum_i e_i x_i and "
         "dL/db = (2/n) sum_i e_i.",
    solution="""
        import numpy as np

        def line_grad(x, y, w, b):
            e = w * x + b - y                  # errors of the line
            dw = 2.0 * np.mean(e * x)          # d e_i / d w = x_i
            db = 2.0 * np.mean(e)              # d e_i / d b = 1
            return dw, db
    """,
    build=_build_line_grad, output="pair",
    mistakes=[
        ("the two results are swapped: return (dL/dw, dL/db) in that order",
         lambda x, y, w, b: [2 * np.mean(_line_e(x, y, w, b)),
                             2 * np.mean(_line_e(x, y, w, b) * x)]),
        ("dL/dw is missing the factor x_i: by the chain rule, d(w x_i + b)/dw = x_i",
         lambda x, y, w, b: [2 * np.mean(_line_e(x, y, w, b)),
                             2 * np.mean(_line_e(x, y, w, b))]),
        ("dL/db has a factor x_i: d(w x_i + b)/db = 1, so dL/db = (2/n) sum_i e_i",
         lambda x, y, w, b: [2 * np.mean(_line_e(x, y, w, b) * x),
                             2 * np.mean(_line_e(x, y, w, b) * x)]),
    ],
    why={"sign": "the sign is flipped: with e_i = w x_i + b - y_i (prediction minus "
                 "target), dL/dw = (2/n) sum_i e_i x_i; y_i - (w x_i + b) flips it",
         0.5: "off by a factor of 2: did you differentiate the square? d(e^2)/de = 2e",
         2.0: "off by a factor of 2: your values are twice the expected ones",
         "n": "your results are n times too large: the mean, not the sum (the 1/n of the "
              "MSE stays in the gradient)"},
)


# ---- cross_entropy --------------------------------------------------------------------

def _build_bce():
    lu = _lu()
    rng = _rng("bce_with_logits")
    y = rng.integers(0, 2, 8).astype(float)
    z = _r2(rng.normal(0.0, 2.5, 8))
    yb = rng.integers(0, 2, 30).astype(float)
    zb = _r2(rng.normal(0.0, 4.0, 30))
    raw = [
        ("random labels and logits (n = 8)", y, z, False),
        ("a single example", np.array([1.0]), np.array([-0.7]), False),
        ("logits all zero (n = 4)", np.array([0.0, 1.0, 1.0, 0.0]), np.zeros(4), False),
        ("large logits of +-1000, right and wrong (n = 4)", np.array([1.0, 0.0, 0.0, 1.0]),
         np.array([1000.0, -1000.0, 1000.0, -1000.0]), True),
        ("logits of +-30 and +-40 (n = 4)", np.array([1.0, 0.0, 1.0, 0.0]),
         np.array([30.0, -40.0, -30.0, 40.0]), False),
        ("a larger data set (n = 30)", yb, zb, False),
    ]
    return [_Case(label, (y, z), np.asarray(float(lu.binary_cross_entropy_with_logits(y, z))),
                  n=y.size, large=large) for label, y, z, large in raw]


def _softplus(z):
    return np.logaddexp(0.0, z)


_exercise(
    name="bce_with_logits", signature="bce_with_logits(y_true, logits)",
    chapter="cross_entropy",
    task="Return the mean binary cross-entropy of labels y in {0, 1} and logits z "
         "(probabilities sigmoid(z)), finite and exact for logits of +-1000.",
    hint="-log(sigmoid(z)) = softplus(-z) and -log(1 - sigmoid(z)) = softplus(z), with "
         "softplus(z) = log(1 + e^z) = np.logaddexp(0, z). So each term is "
         "softplus(z) - y*z, and no exp of a large number is ever taken.",
    solution="""
        import numpy as np

        def bce_with_logits(y_true, logits):
            # -[y log s(z) + (1 - y) log(1 - s(z))] = softplus(z) - y z,
            # softplus(z) = log(1 + e^z) = np.logaddexp(0, z): no overflow.
            return np.mean(np.logaddexp(0.0, logits) - y_true * logits)
    """,
    build=_build_bce, output="scalar",
    mistakes=[
        ("you swapped the labels: for y = 1 the term is -log(sigmoid(z)), for y = 0 it is "
         "-log(1 - sigmoid(z))",
         lambda y, z: np.mean(_softplus(z) - (1 - y) * z)),
        ("you used logarithms to base 2 (bits); the book uses natural logarithms (nats): "
         "np.log, not np.log2",
         lambda y, z: np.mean(_softplus(z) - y * z) / np.log(2)),
        ("you dropped the (1 - y) log(1 - sigmoid(z)) term: examples with y = 0 add "
         "nothing to your loss",
         lambda y, z: np.mean(y * _softplus(-z))),
    ],
    why={"sign": "the sign is flipped: the loss is -[y log q + (1 - y) log(1 - q)]; the "
                 "minus makes it positive"},
    unstable="At logits of +-1000 compute from the logit, never through sigmoid(z): "
             "sigmoid(1000) rounds to 1.0 so log(1 - sigmoid(z)) = log(0), exp(1000) "
             "overflows, and clipping the probability gives a finite but wrong value. Use "
             "softplus(z) - y*z with softplus(z) = np.logaddexp(0, z)",
)


def _build_logsumexp():
    lu = _lu()
    rng = _rng("logsumexp")
    raw = [
        ("a random vector (k = 6)", _r2(rng.normal(0.0, 2.0, 6)), False),
        ("a random 3 x 5 array (one value per row)", _r2(rng.normal(0.0, 2.0, (3, 5))), False),
        ("a random 4 x 4 array (one value per row)", _r2(rng.normal(1.0, 2.0, (4, 4))), False),
        ("a single value", np.array([0.3]), False),
        ("zeros (k = 4)", np.zeros(4), False),
        ("large values with a tie: [1000, 1000, 990]", np.array([1000.0, 1000.0, 990.0]), True),
        ("large negative values: [-1000, -1000]", np.array([-1000.0, -1000.0]), True),
        ("rows of very different size, 2 x 3",
         np.array([[1000.0, 999.0, 998.0], [-1000.0, 0.0, 1.0]]), True),
    ]
    return [_Case(label, (z,), np.asarray(lu.logsumexp(z)), n=z.shape[0] if z.ndim == 2 else 1,
                  large=large) for label, z, large in raw]


_exercise(
    name="logsumexp", signature="logsumexp(z)", chapter="cross_entropy",
    task="Return log(sum_j exp(z_j)) along the last axis (one value for a 1-D z, one per "
         "row for a 2-D z), finite for values of +-1000.",
    hint="Subtract each row's maximum m first: log sum_j e^{z_j} = m + log sum_j "
         "e^{z_j - m}. Every exponent is then <= 0, so nothing overflows. For a 2-D array "
         "use axis=-1 and keepdims=True.",
    solution="""
        import numpy as np

        def logsumexp(z):
            m = np.max(z, axis=-1, keepdims=True)            # each row's maximum
            s = np.sum(np.exp(z - m), axis=-1, keepdims=True)  # exponents <= 0
            return np.squeeze(m + np.log(s), axis=-1)          # add m back
    """,
    build=_build_logsumexp, output="array",
    mistakes=[
        ("you returned the maximum: log-sum-exp is a smooth maximum, m + log(sum(exp(z - "
         "m))), larger than the maximum by up to log(k)",
         lambda z: np.max(z, axis=-1)),
        ("you subtracted the maximum but did not add it back: the result is m + "
         "log(sum(exp(z - m)))",
         lambda z: logsumexp(z) - np.max(z, axis=-1)),
        ("wrong axis: that is one value per column (axis=0); the log-sum-exp runs along "
         "the last axis, one value per row (axis=-1)",
         lambda z: logsumexp(z, axis=0)),
        ("you reduced the whole array to one number: for a 2-D array return one value per "
         "row (axis=-1)",
         lambda z: logsumexp(z.ravel(), axis=0)),
        ("you averaged the exponentials (log of the mean): log-sum-exp sums them, which is "
         "log(k) more",
         lambda z: logsumexp(z) - np.log(z.shape[-1])),
    ],
    unstable="At values of +-1000, exp(1000) overflows to inf and exp(-1000) underflows to "
             "0 (then log(0) = -inf): subtract the maximum first, each row's own, "
             "m = z.max(axis=-1, keepdims=True), and return m + log(sum(exp(z - m)))",
    exception_hints=[(r"broadcast", "a broadcasting error: keep the reduced axis with "
                      "keepdims=True, so that shape (n, 1) lines up with shape (n, k)")],
)


def _build_softmax():
    lu = _lu()
    rng = _rng("softmax")
    raw = [
        ("a random vector (k = 5)", _r2(rng.normal(0.0, 2.0, 5)), False),
        ("a random 3 x 4 array (each row a distribution)", _r2(rng.normal(0.0, 2.0, (3, 4))),
         False),
        ("a random 4 x 4 array (each row a distribution)", _r2(rng.normal(0.0, 2.0, (4, 4))),
         False),
        ("a single value", np.array([2.0]), False),
        ("zeros (k = 4): ties everywhere", np.zeros(4), False),
        ("large values with a tie: [1000, 1000, 990]", np.array([1000.0, 1000.0, 990.0]), True),
        ("large negative values: [-1000, -999]", np.array([-1000.0, -999.0]), True),
        ("rows of very different size, 2 x 3",
         np.array([[1000.0, 999.0, 998.0], [-1000.0, 0.0, 1.0]]), True),
    ]
    return [_Case(label, (z,), np.asarray(lu.softmax(z)), n=z.shape[0] if z.ndim == 2 else 1,
                  large=large) for label, z, large in raw]


def _sm_no_keepdims(z):
    if z.ndim != 2 or z.shape[0] != z.shape[1]:
        return softmax(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)          # divides column j by row j's sum


def _sm_shift_no_keepdims(z):
    if z.ndim != 2 or z.shape[0] != z.shape[1]:
        return softmax(z)
    e = np.exp(z - np.max(z, axis=-1))     # subtracts row j's max from column j
    return e / np.sum(e, axis=-1, keepdims=True)


_exercise(
    name="softmax", signature="softmax(z)", chapter="cross_entropy",
    task="Return softmax(z) along the last axis: each row turned into probabilities "
         "exp(z_j) / sum_i exp(z_i), finite for values of +-1000.",
    hint="Subtract each row's maximum first (softmax does not change when you add a "
         "constant to a row), exponentiate, and divide by the row sums. Keep the reduced "
         "axis: np.max(z, axis=-1, keepdims=True).",
    solution="""
        import numpy as np

        def softmax(z):
            e = np.exp(z - np.max(z, axis=-1, keepdims=True))   # exponents <= 0
            return e / np.sum(e, axis=-1, keepdims=True)         # each row sums to 1
    """,
    build=_build_softmax, output="array",
    mistakes=[
        ("wrong axis: your columns sum to 1, not the rows. Normalise along the last axis "
         "(axis=-1, keepdims=True)",
         lambda z: softmax(z, axis=0)),
        ("you normalised by the sum over the whole array: each row must sum to 1 on its "
         "own (axis=-1, keepdims=True)",
         lambda z: np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))),
        ("a broadcasting slip: without keepdims=True the row sums (shape (n,)) divide the "
         "columns, so column j is divided by row j's sum. Use np.sum(e, axis=-1, "
         "keepdims=True)",
         _sm_no_keepdims),
        ("a broadcasting slip: without keepdims=True the row maxima (shape (n,)) are "
         "subtracted from the columns. Use np.max(z, axis=-1, keepdims=True)",
         _sm_shift_no_keepdims),
        ("you normalised the raw values, z / sum(z): exponentiate first",
         lambda z: z / np.sum(z, axis=-1, keepdims=True)),
        ("that is the log-softmax, z - logsumexp(z): softmax is its exponential",
         lambda z: log_softmax(z)),
    ],
    unstable="At values of +-1000, exp(1000) overflows to inf and inf / inf is nan; "
             "exp(-1000) underflows to 0 and 0 / 0 is nan. Subtract each row's maximum "
             "first: e = np.exp(z - z.max(axis=-1, keepdims=True)); the result does not "
             "change, and the largest exponent is 0",
    exception_hints=[(r"broadcast", "a broadcasting error: keep the reduced axis with "
                      "keepdims=True, so that shape (n, 1) lines up with shape (n, k)")],
)


def _build_ce():
    lu = _lu()
    rng = _rng("cross_entropy_with_logits")
    z = _r2(rng.normal(0.0, 2.0, (6, 4)))
    labels = np.array([0, 1, 2, 3, 1, 2])
    zb = _r2(rng.normal(0.0, 3.0, (25, 3)))
    lb = rng.integers(0, 3, 25)
    raw = [
        ("random logits, 6 examples and 4 classes", labels, z, False),
        ("a single example, 3 classes", np.array([2]), np.array([[0.5, -1.0, 1.5]]), False),
        ("logits all zero (3 examples, 5 classes): ties", np.array([0, 4, 2]),
         np.zeros((3, 5)), False),
        ("large logits of 1000, right and wrong (3 examples)", np.array([0, 1, 2]),
         np.array([[1000.0, 0.0, -1000.0], [1000.0, 0.0, 0.0], [0.0, 1000.0, 1000.0]]), True),
        ("large negative logits (2 examples)", np.array([0, 1]),
         np.array([[-1000.0, -1001.0], [-1000.0, -1000.0]]), True),
        ("a larger data set (25 examples, 3 classes)", lb, zb, False),
    ]
    return [_Case(label, (lab, zz),
                  np.asarray(float(lu.cross_entropy_with_logits(lab, zz))), n=lab.size,
                  large=large) for label, lab, zz, large in raw]


def _picked(a, labels):
    return a[np.arange(len(labels)), labels]


_exercise(
    name="cross_entropy_with_logits", signature="cross_entropy_with_logits(labels, logits)",
    chapter="cross_entropy",
    task="Return the mean over examples of -log softmax(z_i)[y_i], for integer labels "
         "(n,) and logits (n, k), finite for logits of +-1000.",
    hint="-log softmax(z_i)[y_i] = logsumexp(z_i) - z_i[y_i]. Compute the log-sum-exp of "
         "each row with its maximum subtracted, and pick each row's own label with "
         "logits[np.arange(n), labels].",
    solution="""
        import numpy as np

        def cross_entropy_with_logits(labels, logits):
            n = logits.shape[0]
            m = np.max(logits, axis=1, keepdims=True)
            lse = m[:, 0] + np.log(np.sum(np.exp(logits - m), axis=1))   # stable
            picked = logits[np.arange(n), labels]          # each row's own label
            return np.mean(lse - picked)                    # -log softmax, averaged
    """,
    build=_build_ce, output="scalar",
    mistakes=[
        ("logits[:, labels] picks every label for every row (an n x n array): pick each "
         "row's own label with logits[np.arange(n), labels]",
         lambda lab, z: np.mean((logsumexp(z)[:, None] - z[:, lab]))),
        ("you averaged over the k classes as well: sum over the classes, average over the "
         "examples only",
         lambda lab, z: np.mean(logsumexp(z) - _picked(z, lab)) / z.shape[1]),
        ("you returned the mean of -z[y]: the loss is logsumexp(z_i) - z_i[y_i], the "
         "log-sum-exp is missing",
         lambda lab, z: np.mean(-_picked(z, lab))),
        ("wrong axis: you normalised the columns (axis=0); softmax runs over the classes "
         "of each example, the last axis",
         lambda lab, z: np.mean(-_picked(log_softmax(z, axis=0), lab))),
        ("you used the maximum instead of the log-sum-exp: max(z_i) - z_i[y_i] is 0 for a "
         "correct top class, but the cross-entropy is not",
         lambda lab, z: np.mean(np.max(z, axis=1) - _picked(z, lab))),
        ("you used logarithms to base 2 (bits); the book uses natural logarithms (nats)",
         lambda lab, z: np.mean(logsumexp(z) - _picked(z, lab)) / np.log(2)),
    ],
    why={"sign": "the sign is flipped: the loss is -log of a probability, so it is >= 0"},
    unstable="At logits of 1000, exp(1000) overflows (inf / inf = nan), and for a "
             "confidently wrong row softmax underflows to 0 and log(0) = -inf. Never form "
             "the probabilities: -log softmax(z_i)[y_i] = logsumexp(z_i) - z_i[y_i], with "
             "each row's maximum subtracted inside the log-sum-exp",
    exception_hints=[(r"broadcast", "a broadcasting error: keep the reduced axis with "
                      "keepdims=True, so that shape (n, 1) lines up with shape (n, k)"),
                     (r"only integers|indices must be", "index the logits with integers: "
                      "logits[np.arange(n), labels]")],
)


# ---- l1_vs_l2 -------------------------------------------------------------------------

def _build_mae_grad():
    lu = _lu()
    cases = []
    for label, y, p in _cases_regression("mae_grad"):
        g = np.asarray(lu.mae.grad(y, p))
        free = p == y
        cases.append(_Case(label, (y, p), g, n=y.size, free=free,
                           lo=np.full(y.shape, -1.0 / y.size), hi=np.full(y.shape, 1.0 / y.size)))
    return cases


_exercise(
    name="mae_grad", signature="mae_grad(y_true, y_pred)", chapter="l1_vs_l2",
    task="Return the (sub)gradient of the mean absolute error with respect to y_pred; "
         "where y_pred == y_true any value in [-1/n, 1/n] is accepted.",
    hint="d|e|/de is +1 for e > 0 and -1 for e < 0: np.sign(e) (0 at e = 0, a valid "
         "subgradient). Then the mean's 1/n.",
    solution="""
        import numpy as np

        def mae_grad(y_true, y_pred):
            e = y_pred - y_true
            return np.sign(e) / e.size     # d|e|/de = sign(e); 0 where e = 0
    """,
    build=_build_mae_grad, output="array",
    mistakes=[
        ("that is the gradient of the MSE, 2 e / n: the absolute error's derivative is "
         "sign(e) / n, the same size for every error",
         lambda y, p: 2 * (p - y) / y.size),
        ("that is the gradient of half the MSE, e / n: the absolute error's derivative is "
         "sign(e) / n, the same size for every error",
         lambda y, p: (p - y) / y.size),
    ],
    why={"sign": "the sign is flipped: with e = y_pred - y_true, d|e|/dy_pred = "
                 "+sign(e) (y_true - y_pred flips it)",
         "n": "your result is n times too large: the gradient of the mean keeps the mean's "
              "1/n, sign(e) / n"},
    exception_hints=[(r"divi", "e / |e| divides 0 by 0 where the prediction is exact: use "
                      "np.sign(e), which is 0 there (any value in [-1/n, 1/n] would do)")],
)


def _cases_huber():
    rng = _rng("huber")
    y = _r2(rng.normal(0.0, 1.0, 8))
    e = np.array([-3.0, -1.2, -0.4, 0.0, 0.3, 0.9, 1.7, 4.0])
    yb = _r2(rng.normal(0.0, 2.0, 30))
    pb = _r2(yb + rng.standard_t(2, 30))
    return [
        ("errors on both sides of delta = 1 (n = 8)", y, _r2(y + e), 1.0),
        ("errors on both sides of delta = 0.5, some negative (n = 8)", y, _r2(y - 0.7 * e), 0.5),
        ("a single example with a large error, delta = 2", np.array([1.0]), np.array([-4.5]),
         2.0),
        ("all zeros (n = 4), delta = 1", np.zeros(4), np.zeros(4), 1.0),
        ("errors exactly at +-delta (delta = 1.5)", np.zeros(4),
         np.array([1.5, -1.5, 0.0, 3.0]), 1.5),
        ("a larger data set with outliers (n = 30), delta = 1.35", yb, pb, 1.35),
    ]


def _huber_terms(y, p, delta, *, quad=0.5, const=0.5, abs_=True, cond="abs"):
    e = p - y
    a = np.abs(e)
    small = a <= delta if cond == "abs" else e <= delta
    lin = delta * ((a if abs_ else e) - const * delta)
    return np.where(small, quad * e ** 2, lin)


def _build_huber():
    lu = _lu()
    return [_Case(label, (y, p, d), np.asarray(float(lu.huber(y, p, delta=d))), n=y.size)
            for label, y, p, d in _cases_huber()]


_exercise(
    name="huber", signature="huber(y_true, y_pred, delta)", chapter="l1_vs_l2",
    task="Return the mean Huber loss: e^2/2 where |e| <= delta, delta*(|e| - delta/2) "
         "beyond.",
    hint="Work on a = |e| and pick the branch with np.where(a <= delta, 0.5 * e**2, "
         "delta * (a - 0.5 * delta)). The two pieces meet at |e| = delta with the same "
         "value and the same slope.",
    solution="""
        import numpy as np

        def huber(y_true, y_pred, delta):
            a = np.abs(y_pred - y_true)
            quadratic = 0.5 * a ** 2                   # small errors
            linear = delta * (a - 0.5 * delta)         # large errors
            return np.mean(np.where(a <= delta, quadratic, linear))
    """,
    build=_build_huber, output="scalar",
    mistakes=[
        ("the constant of the linear part: you wrote delta*|e| - delta^2; it is "
         "delta^2/2, i.e. delta*(|e| - delta/2), so that the two pieces meet at |e| = delta",
         lambda y, p, d: np.mean(_huber_terms(y, p, d, const=1.0))),
        ("the linear part has no constant: delta*|e| jumps at |e| = delta; subtract "
         "delta^2/2, i.e. delta*(|e| - delta/2)",
         lambda y, p, d: np.mean(_huber_terms(y, p, d, const=0.0))),
        ("the quadratic part is e^2, not e^2/2: with e^2 the pieces do not meet at "
         "|e| = delta",
         lambda y, p, d: np.mean(_huber_terms(y, p, d, quad=1.0))),
        ("the absolute value is missing in the linear part: delta*(e - delta/2) is "
         "negative for large negative errors; use |e|",
         lambda y, p, d: np.mean(_huber_terms(y, p, d, abs_=False))),
        ("the test e <= delta lets large negative errors into the quadratic part: compare "
         "|e| <= delta",
         lambda y, p, d: np.mean(_huber_terms(y, p, d, cond="signed"))),
        ("the branches are swapped: quadratic for small errors (|e| <= delta), linear for "
         "large ones",
         lambda y, p, d: np.mean(np.where(np.abs(p - y) <= d,
                                          d * (np.abs(p - y) - d / 2), (p - y) ** 2 / 2))),
        ("you ignored delta (this is Huber with delta = 1): use the delta argument",
         lambda y, p, d: np.mean(_huber_terms(y, p, 1.0))),
    ],
    why={2.0: "your values are twice the book's Huber loss: that is the convention e^2 and "
              "2 delta |e| - delta^2; the book uses e^2/2 and delta*(|e| - delta/2)",
         0.5: "off by a factor of 2: your values are half the expected ones"},
)


def _build_huber_grad():
    lu = _lu()
    return [_Case(label, (y, p, d), np.asarray(lu.huber.grad(y, p, delta=d)), n=y.size)
            for label, y, p, d in _cases_huber()]


_exercise(
    name="huber_grad", signature="huber_grad(y_true, y_pred, delta)", chapter="l1_vs_l2",
    task="Return the gradient of the mean Huber loss with respect to y_pred.",
    hint="Differentiate each piece: e in the quadratic part, delta*sign(e) in the linear "
         "part; together that is np.clip(e, -delta, delta). Then the mean's 1/n.",
    solution="""
        import numpy as np

        def huber_grad(y_true, y_pred, delta):
            e = y_pred - y_true
            return np.clip(e, -delta, delta) / e.size   # e inside, +-delta outside
    """,
    build=_build_huber_grad, output="array",
    mistakes=[
        ("your gradient is e/n everywhere: that is the gradient of half the MSE. Beyond "
         "|e| = delta the Huber loss is linear, with slope delta*sign(e)",
         lambda y, p, d: (p - y) / y.size),
        ("your gradient is delta*sign(e)/n everywhere: that is right only for |e| > delta; "
         "inside, the quadratic part's slope is e",
         lambda y, p, d: d * np.sign(p - y) / y.size),
        ("the sign is missing in the linear part: for e < -delta the slope is -delta, not "
         "+delta (np.clip(e, -delta, delta))",
         lambda y, p, d: np.where(np.abs(p - y) <= d, p - y, d) / y.size),
        ("2e in the quadratic part: the derivative of e^2/2 is e",
         lambda y, p, d: np.where(np.abs(p - y) <= d, 2 * (p - y),
                                  d * np.sign(p - y)) / y.size),
        ("you ignored delta (this is the gradient for delta = 1): use the delta argument",
         lambda y, p, d: np.clip(p - y, -1.0, 1.0) / y.size),
    ],
    why={"sign": "the sign is flipped: with e = y_pred - y_true the derivative with "
                 "respect to y_pred is +clip(e, -delta, delta) / n",
         "n": "your result is n times too large: the gradient of the mean keeps the mean's "
              "1/n"},
)


# ---- hinge_and_choosing ---------------------------------------------------------------

def _cases_hinge():
    rng = _rng("hinge")
    y = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    s = _r2(rng.normal(0.0, 1.5, 8))
    s[0], s[1] = 0.4, -0.3          # margins between 0 and 1
    yb = np.where(rng.random(30) < 0.5, -1.0, 1.0)
    sb = _r2(yb * 0.8 + rng.normal(0.0, 1.2, 30))
    return [
        ("random scores (n = 8)", y, s),
        ("margins exactly 1 and around it (n = 6)", np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0]),
         np.array([1.0, -1.0, 0.5, -2.0, 3.0, 0.25])),
        ("a single misclassified example", np.array([-1.0]), np.array([0.8])),
        ("scores all zero (n = 4)", np.array([1.0, -1.0, -1.0, 1.0]), np.zeros(4)),
        ("a larger data set (n = 30)", yb, sb),
    ]


def _build_hinge():
    lu = _lu()
    return [_Case(label, (y, s), np.asarray(float(lu.hinge(y, s))), n=y.size)
            for label, y, s in _cases_hinge()]


_exercise(
    name="hinge", signature="hinge(y_pm1, scores)", chapter="hinge_and_choosing",
    task="Return the mean hinge loss max(0, 1 - y*s) for labels y in {-1, +1} and scores s.",
    hint="The margin is m = y*s; each term is 0 once m >= 1 and 1 - m before. np.maximum "
         "(elementwise), not np.max (which reduces an array).",
    solution="""
        import numpy as np

        def hinge(y_pm1, scores):
            margin = y_pm1 * scores
            return np.mean(np.maximum(0.0, 1.0 - margin))
    """,
    build=_build_hinge, output="scalar",
    mistakes=[
        ("no max(0, ...): examples beyond the margin give negative terms; clip at 0 with "
         "np.maximum(0, 1 - y*s)",
         lambda y, s: np.mean(1 - y * s)),
        ("the 1 is missing: max(0, -y*s) is the perceptron loss; the hinge also punishes "
         "correct answers with a margin below 1",
         lambda y, s: np.mean(np.maximum(0, -y * s))),
        ("the sign of the margin: the loss is max(0, 1 - y*s), zero when y*s >= 1",
         lambda y, s: np.mean(np.maximum(0, 1 + y * s))),
        ("you squared the terms: that is the squared hinge loss; the hinge is max(0, 1 - y*s)",
         lambda y, s: np.mean(np.maximum(0, 1 - y * s) ** 2)),
    ],
    exception_hints=[(r"integer scalar arrays|cannot be interpreted as an integer|axis",
                      "np.max(0, x) reads x as an axis: use np.maximum(0, x), which works "
                      "element by element")],
)


def _build_hinge_grad():
    lu = _lu()
    cases = []
    for label, y, s in _cases_hinge():
        n = y.size
        free = np.isclose(y * s, 1.0, rtol=0, atol=1e-12)
        lo = np.minimum(0.0, -y / n)
        hi = np.maximum(0.0, -y / n)
        cases.append(_Case(label, (y, s), np.asarray(lu.hinge.grad(y, s)), n=n, free=free,
                           lo=lo, hi=hi))
    return cases


_exercise(
    name="hinge_grad", signature="hinge_grad(y_pm1, scores)", chapter="hinge_and_choosing",
    task="Return a subgradient of the mean hinge loss with respect to the scores; at a "
         "margin of exactly 1 any value between -y_i/n and 0 is accepted.",
    hint="Where the margin y*s is below 1 the term is 1 - y*s, whose derivative with "
         "respect to s is -y; beyond it the term is 0, and so is its derivative. Then the "
         "mean's 1/n.",
    solution="""
        import numpy as np

        def hinge_grad(y_pm1, scores):
            margin = y_pm1 * scores
            return np.where(margin < 1.0, -y_pm1, 0.0) / len(scores)
    """,
    build=_build_hinge_grad, output="array",
    mistakes=[
        ("you return -y/n everywhere: the hinge is flat (gradient 0) once the margin y*s "
         "reaches 1",
         lambda y, s: -y / y.size),
        ("you stopped at margin 0: the loss is positive up to a margin of 1, so the "
         "gradient is -y/n wherever y*s < 1, correct answers included",
         lambda y, s: np.where(y * s < 0, -y, 0.0) / y.size),
        ("the factor y is missing: d(1 - y*s)/ds = -y, not -1",
         lambda y, s: np.where(y * s < 1, -1.0, 0.0) / y.size),
        ("the test is the wrong way round: the gradient is -y/n where the margin is "
         "below 1 and 0 where it is above",
         lambda y, s: np.where(y * s > 1, -y, 0.0) / y.size),
    ],
    why={"sign": "the sign is flipped: d(1 - y*s)/ds = -y",
         "n": "your result is n times too large: the gradient of the mean keeps the mean's "
              "1/n"},
)


# --------------------------------------------------------------------------------------
# Running a check


@dataclass
class _Run:
    """What the reader's function did on one case."""

    value: object = None        # ndarray (float) when it returned something usable
    raw: object = None
    error: str = ""             # an exception, "ExcType: message"
    exc_type: str = ""
    warned: list = field(default_factory=list)
    mutated: str = ""           # the name of an argument changed in place
    problem: str = ""           # a value we could not use (None, text, ragged)
    ok: bool = False            # passed this case
    close: object = None        # elementwise pass mask (same shape as expected)


@lru_cache(maxsize=None)
def _cases(name):
    return tuple(_REGISTRY[name].build())


def _copy_args(args):
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)


def _to_array(ex, raw):
    """The reader's return value as a float array, or an explanation of why not."""
    if raw is None:
        return None, "your function returned None: did you forget the `return`?"
    if ex.output == "pair":
        if not isinstance(raw, (tuple, list, np.ndarray)):
            return None, (f"expected two numbers (dL/dw, dL/db); got a single "
                          f"{type(raw).__name__}")
        try:
            parts = [np.asarray(v) for v in raw]
            if any(p.dtype.kind not in "biuf" for p in parts):
                raise TypeError("not numbers")
            parts = [p.astype(np.float64) for p in parts]
        except (TypeError, ValueError):
            return None, "expected two numbers (dL/dw, dL/db); could not read them as numbers"
        if len(parts) != 2:
            return None, f"expected two numbers (dL/dw, dL/db); got {len(parts)} values"
        shapes = [p.shape for p in parts]
        if any(s not in ((), (1,)) for s in shapes):
            return None, (f"expected two numbers (dL/dw, dL/db); got arrays of shapes "
                          f"{shapes[0]} and {shapes[1]}: did you forget to sum (or average) "
                          "over the examples?")
        return np.array([float(p.reshape(())) if p.shape == () else float(p[0])
                         for p in parts]), ""
    try:
        arr = np.asarray(raw)
        if arr.dtype.kind not in "biuf":
            raise TypeError(arr.dtype)
        arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        return None, (f"your function returned a {type(raw).__name__} that is not a number "
                      "or an array of numbers")
    return arr, ""


def _call(ex, case, fn):
    run = _Run()
    args = _copy_args(case.args)
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            raw = fn(*args)
        except Exception as exc:  # noqa: BLE001  (the reader's code may raise anything)
            run.exc_type = type(exc).__name__
            text = _clean(exc).strip()
            run.error = f"{type(exc).__name__}: {text}" if text else run.exc_type
            raw = None
    run.warned = []
    for w in caught:
        text = _clean(w.message)
        if not issubclass(w.category, RuntimeWarning):   # numpy's are RuntimeWarnings
            text = f"{w.category.__name__}: {text}"
        if text not in run.warned:
            run.warned.append(text)
    for a, original, arg_name in zip(args, case.args, ex.arg_names):
        if isinstance(original, np.ndarray) and (a.shape != original.shape or not np.array_equal(
                a, original, equal_nan=True)):
            run.mutated = arg_name
            break
    if run.error:
        return run
    run.raw = raw
    run.value, run.problem = _to_array(ex, raw)
    if run.value is None:
        return run
    exp = case.expected
    if run.value.shape != exp.shape:
        return run
    with np.errstate(all="ignore"):
        close = np.isclose(run.value, exp, rtol=RTOL, atol=ATOL)
        if case.free is not None:
            tol = RTOL * np.abs(case.hi - case.lo) + ATOL
            inside = (run.value >= case.lo - tol) & (run.value <= case.hi + tol)
            close = np.where(case.free, inside, close)
    run.close = close
    run.ok = bool(np.all(close)) and np.all(np.isfinite(run.value)) and not run.warned \
        and not run.mutated
    return run


def _usable(run, case, *, same_shape=True):
    """A run whose numbers can be compared with a candidate mistake."""
    return (not run.error and run.value is not None and not run.warned
            and (not same_shape or run.value.shape == case.expected.shape)
            and bool(np.all(np.isfinite(run.value))))


def _matches(got, predicted, mask=None):
    if predicted is None:
        return None
    predicted = np.asarray(predicted, dtype=np.float64)
    if predicted.shape != got.shape:
        return False
    with np.errstate(all="ignore"):
        ok = np.isclose(got, predicted, rtol=_MATCH_RTOL, atol=_MATCH_ATOL, equal_nan=True)
    if mask is not None:
        ok = ok | mask
    return bool(np.all(ok))


def _variant_value(variant, case):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return variant(*_copy_args(case.args))
        except Exception:  # noqa: BLE001  a variant that does not apply to this input
            return None


def _recognise(ex, cases, runs, first):
    """The explanation of a known mistake that reproduces every usable answer, or ''."""
    usable = [i for i, (c, r) in enumerate(zip(cases, runs))
              if _usable(r, c, same_shape=False)]
    if first not in usable:
        return ""
    # 1. Mistakes written out for this exercise (a variant may differ in shape: an axis slip).
    for message, variant in ex.mistakes:
        verdicts = []
        for i in usable:
            case = cases[i]
            got = runs[i].value
            pred = _variant_value(variant, case)
            free = case.free if got.shape == case.expected.shape else None
            verdicts.append(_matches(got, pred, free))
        if verdicts and all(v is not False for v in verdicts) and verdicts[usable.index(first)]:
            return message
    # 2. A constant multiple of the right answer: sign, factor 2, n.
    usable = [i for i in usable if runs[i].value.shape == cases[i].expected.shape]
    if first not in usable:
        return ""
    for sign in (1.0, -1.0):
        for f in (1.0, 2.0, 0.5):
            for p in (0, 1, -1):
                if (sign, f, p) == (1.0, 1.0, 0):
                    continue
                ok = True
                for i in usable:
                    case = cases[i]
                    pred = sign * f * float(case.n) ** p * case.expected
                    if not _matches(runs[i].value, pred, case.free):
                        ok = False
                        break
                # A factor of n shows only if some case has n > 1; the sign only if some
                # expected value is nonzero: otherwise the evidence is empty.
                if ok and p != 0 and not any(cases[i].n > 1 for i in usable):
                    ok = False
                if ok:
                    return _explain_scale(ex, sign, f, p)
    return ""


def _explain_scale(ex, sign, f, p):
    why = dict(_WHY_DEFAULT)
    why.update(ex.why)
    parts = []
    if sign < 0:
        parts.append(why["sign"])
    if f != 1.0:
        parts.append(why[f])
    if p == 1:
        parts.append(why["n"])
    elif p == -1:
        parts.append(why["1/n"])
    return "; and ".join(parts)


def _describe_input(ex, case):
    parts = []
    for arg_name, value in zip(ex.arg_names, case.args):
        if isinstance(value, np.ndarray):
            text = _arr(value, digits=6)
            if value.ndim == 2:
                text += f" (shape {value.shape[0]} x {value.shape[1]})"
        else:
            text = _num(value)
        parts.append(f"{arg_name} = {text}")
    return parts


def _first_mismatch(got, expected, close):
    if got.ndim == 0 or got.size == 1:
        return ""
    bad = np.argwhere(~close)
    if not bad.size:
        return ""
    idx = tuple(int(i) for i in bad[0])
    where = idx[0] if len(idx) == 1 else idx
    return (f"first difference at index {where}: expected {_num(expected[idx])}, "
            f"got {_num(got[idx])}")


def _shape_cause(ex, case, got):
    exp_shape, got_shape = case.expected.shape, got.shape
    if got.size == case.expected.size and got.size:
        with np.errstate(all="ignore"):
            same = np.allclose(got.reshape(exp_shape), case.expected, rtol=RTOL, atol=ATOL)
        if same:
            return (f"the numbers are right but the shape is not: expected {exp_shape}, got "
                    f"{got_shape}. Did you keep a reduced axis (keepdims=True)? Use np.squeeze "
                    "or reduce without keepdims")
    if exp_shape == () and got_shape == (case.n,) and case.n > 1:
        return "you returned one value per example: take the mean over the examples (np.mean)"
    if exp_shape == () and len(got_shape) >= 1:
        return "expected a single number: did you forget the mean (or the sum over classes)?"
    if exp_shape != () and got_shape == ():
        return ("expected one value per prediction, shape "
                f"{exp_shape}: a gradient has the shape of what it differentiates")
    if len(exp_shape) == 1 and len(got_shape) == 2:
        return "expected one value per row: reduce along the last axis (axis=-1)"
    return ""


def _verdict_text(ex, case, run):
    """'expected ..., got ...' for one failing case, as (lines, first-mismatch)."""
    exp = case.expected
    lines = []
    if run.error:
        lines.append(f"your function raised {run.error}")
        return lines
    if run.problem:
        lines.append(run.problem)
        return lines
    got = run.value
    lines.append(f"expected {_arr(exp)}, got {_arr(got)}")
    if got.shape != exp.shape:
        lines.append(f"expected shape {exp.shape}, got shape {got.shape}")
    elif run.close is not None:
        mism = _first_mismatch(got, exp, run.close)
        if mism:
            lines.append(mism)
    return lines


def _cause(ex, cases, runs, first):
    case, run = cases[first], runs[first]
    exp = case.expected
    notes = []
    if run.mutated:
        notes.append(f"your function changed its input `{run.mutated}` in place (for example "
                     f"with -= or an assignment into it): the caller's array must not "
                     "change. Work on a copy, e.g. z = z - m")
    if run.error:
        if run.exc_type == "NotImplementedError":
            return ["not written yet: replace `raise NotImplementedError` with your code"]
        if run.exc_type == "TypeError" and re.search(r"positional argument|unexpected keyword",
                                                     run.error):
            notes.append(f"the checker calls your function as {ex.signature}: it must take "
                         f"exactly these {len(ex.arg_names)} arguments, in this order")
            return notes
        for pattern, message in ex.exception_hints:
            if re.search(pattern, run.error, flags=re.IGNORECASE):
                notes.append(message)
                break
        if case.large and run.exc_type in ("OverflowError", "FloatingPointError") \
                and ex.unstable:
            notes.append(ex.unstable)
        return notes
    if run.problem:
        return notes
    recognised = _recognise(ex, cases, runs, first)
    if not recognised and run.warned:
        warned = "; ".join(run.warned)
        for pattern, message in ex.exception_hints:
            if re.search(pattern, warned, flags=re.IGNORECASE):
                recognised = message
                break
    if recognised:
        notes.append(recognised)
    elif run.value.shape != exp.shape:
        shape_note = _shape_cause(ex, case, run.value)
        if shape_note:
            notes.append(shape_note)
    finite = bool(np.all(np.isfinite(run.value)))
    values_right = run.close is not None and bool(np.all(run.close)) and finite
    if run.warned and values_right:
        notes.append("your numbers are right, but numpy warned. np.where computes both "
                     "branches for every element, so an overflow in the branch you do not "
                     "use still happens: transform the input so that neither branch can "
                     "overflow")
    if case.large and ex.unstable and (run.warned or not finite or not recognised):
        notes.append(ex.unstable)
    elif not finite and not recognised:
        notes.append("your result contains nan or inf: look for a division by zero, the "
                     "log of 0, or an exp of a large number")
    return notes


def _also_unstable(ex, cases, runs, first, notes):
    """If the first failure is not about large inputs but a large input also broke."""
    if not ex.unstable or ex.unstable in notes:
        return ""
    for case, run in zip(cases, runs):
        if case.large and not run.ok and (run.error or run.warned or (
                run.value is not None and not np.all(np.isfinite(run.value)))):
            return f"Also, on {case.label}: " + ex.unstable[0].lower() + ex.unstable[1:]
    return ""


def check(name, fn):
    """Check the function ``fn`` written for exercise ``name``; return a :class:`CheckResult`.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    fn : callable
        The reader's function, with the exercise's signature.

    Returns
    -------
    CheckResult
        ``passed`` is True when ``fn`` matched the reference on every test input (relative
        tolerance 1e-8), without exceptions, numpy warnings, non-finite numbers or changes
        to its inputs. ``message`` says, on failure, the first input it got wrong, what was
        expected and what came back, and the likely cause when the mistake is a known one.

    Raises
    ------
    ValueError
        If ``name`` is not an exercise.
    """
    ex = _get(name)
    if not callable(fn):
        msg = (f"{name}: not checked. check({name!r}, fn) needs your function itself as fn "
               f"(without calling it); got a {type(fn).__name__}.")
        return CheckResult(name, False, msg, msg)
    cases = _cases(name)
    runs = [_call(ex, case, fn) for case in cases]
    failing = [i for i, r in enumerate(runs) if not r.ok]
    if not failing:
        labels = "; ".join(c.label for c in cases)
        text = f"{name}: correct. It passed all {len(cases)} test inputs ({labels})."
        md = f"**{name}: correct.** It passed all {len(cases)} test inputs ({labels})."
        return CheckResult(name, True, text, md)
    first = failing[0]
    case, run = cases[first], runs[first]
    inputs = _describe_input(ex, case)
    verdict = _verdict_text(ex, case, run)
    notes = _cause(ex, cases, runs, first)
    if run.warned:
        verdict.append(("numpy warned: " if all(": " not in w for w in run.warned)
                        else "a warning was raised: ") + "; ".join(run.warned))
    also = _also_unstable(ex, cases, runs, first, notes)
    head = (f"{name}: not yet correct. It fails {len(failing)} of {len(cases)} test inputs; "
            f"the first is {case.label}.")
    text_lines = [head, "  input:  " + ", ".join(inputs)]
    text_lines += ["  " + v for v in verdict]
    for note in notes:
        text_lines.append("  Likely cause: " + _lower_first(note) + ".")
    if also:
        text_lines.append("  " + also + ".")
    if not notes:
        text_lines.append(f"  Compare with the formula; hint({name!r}) may help.")
    md_lines = [f"**{name}: not yet correct.** It fails {len(failing)} of {len(cases)} test "
                f"inputs; the first is *{case.label}*.", ""]
    md_lines.append("- input: " + ", ".join(f"`{p}`" for p in inputs))
    md_lines += ["- " + _md_code(v) for v in verdict]
    for note in notes:
        md_lines.append(f"- **Likely cause:** {_md_escape(_lower_first(note))}.")
    if also:
        md_lines.append(f"- {_md_escape(also)}.")
    if not notes:
        md_lines.append(f"- Compare with the formula; `hint({name!r})` may help.")
    return CheckResult(name, False, "\n".join(text_lines), "\n".join(md_lines))


def _lower_first(text):
    """'At values ...' -> 'at values ...' after 'Likely cause:'; 'SS_tot' stays."""
    return text[0].lower() + text[1:] if re.match(r"[A-Z][a-z ]", text) else text


def _md_escape(text):
    # Keep * and _ literal (they appear in formulas such as y*s or y_true).
    return re.sub(r"([*_\[\]])", r"\\\1", text)


def _md_code(line):
    """Put the arrays and numbers of an 'expected ..., got ...' line in code spans."""
    m = re.match(r"expected (.+), got (.+)$", line)
    if m and line.startswith("expected ") and "shape" not in line:
        return f"expected `{m.group(1)}`, got `{m.group(2)}`"
    return _md_escape(line)


# --------------------------------------------------------------------------------------
# Hints, solutions, names


def _get(name):
    if name not in _REGISTRY:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: "
                         + ", ".join(names()))
    return _REGISTRY[name]


def names():
    """The exercise names, in the order of the book's chapters.

    >>> names()[:2]
    ['best_constant', 'mse']
    """
    return list(_REGISTRY)


def hint(name):
    """A hint for exercise ``name`` (text; a notebook shows it as Markdown).

    >>> print(hint("mse"))
    mse(y_true, y_pred): Return the mean squared error (1/n) sum_i (y_pred_i - y_true_i)^2.
    Hint: Compute the errors e = y_pred - y_true, square each one, then average: np.mean.
    """
    ex = _get(name)
    return _Text(f"{ex.signature}: {ex.task}\nHint: {ex.hint}",
                 markdown=f"`{ex.signature}`: {_md_escape(ex.task)}\n\n"
                          f"**Hint:** {_md_escape(ex.hint)}")


def solution(name):
    """A solution for exercise ``name``, as Python source (``exec`` it to define the function).

    >>> ns = {}
    >>> exec(solution("mse"), ns)
    >>> check("mse", ns["mse"]).passed
    True
    """
    return _Text(_get(name).solution, code=True)


def _chapters():
    """{chapter: [exercise names]} (for the book's authors)."""
    out = {}
    for ex in _REGISTRY.values():
        out.setdefault(ex.chapter, []).append(ex.name)
    return out

