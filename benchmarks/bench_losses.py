"""Speed of every lossutils loss against the plain numpy formula, scikit-learn/SciPy and PyTorch.

    python benchmarks/bench_losses.py                # n = 1e4, 1e6, 1e7
    python benchmarks/bench_losses.py --quick        # n = 1e4, 1e6
    python benchmarks/bench_losses.py --only mse huber --json out.json

For each loss and size n (the number of prediction values: n elements, or n/10 rows of 10
classes for the row losses), the value (``reduction="mean"``) and the gradient, in float64 on
one thread pinned to CPU 0, best of several runs in this one process. Columns, milliseconds:

* ``lossutils``: the library call, input checks included.
* ``numpy``: the same formula with the same stability written as plain numpy (and
  ``scipy.special.expit`` for the sigmoid), no input checks. Target: lossutils <= 2x at
  n >= 1e6 (the probability cross-entropy is exempt: its row-sum check reads the (n, k)
  array again).
* ``library``: scikit-learn or SciPy where they have the loss (values only; neither has
  gradients). Target: lossutils <= 1.0x.
* ``torch``: ``torch.nn.functional`` (or a one-line composition of it, named in the table)
  when PyTorch is installed; the gradient is forward + ``torch.autograd.grad``. Reported.

Every implementation is checked against lossutils (rtol 1e-10) before it is timed.
"""

import os

# One thread for everyone: set before numpy or torch is imported.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy.special as sps  # noqa: E402
import scipy.stats  # noqa: E402
import sklearn.metrics as skm  # noqa: E402

import lossutils as lu  # noqa: E402

try:
    import torch  # noqa: E402
    import torch.nn.functional as F  # noqa: E402

    torch.set_num_threads(1)
except ImportError:  # PyTorch is optional
    torch = None

RTOL = 1e-10
CPU = 0
K = 10                # classes of the row losses
EPS = lu.EPS
OPTIONS = {"huber": {"delta": 1.0}, "pinball": {"tau": 0.9}, "gaussian_nll": {"sigma": 2.0},
           "focal_loss": {"gamma": 2.0, "alpha": 0.25}}


def pin():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {CPU})


def best_ms(fn, repeats):
    """Best wall time of ``repeats`` calls, in milliseconds (one warm-up call first)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


# --- inputs ------------------------------------------------------------------------------

def make_data(name, n, rng):
    if name in ("cross_entropy", "cross_entropy_with_logits", "multiclass_hinge"):
        rows = n // K
        labels = rng.integers(0, K, size=rows)
        z = rng.normal(scale=3.0, size=(rows, K))
        return labels, (sps.softmax(z, axis=1) if name == "cross_entropy" else z)
    if name == "kl_divergence":
        rows = n // K
        return rng.dirichlet(np.ones(K), size=rows), rng.dirichlet(np.ones(K), size=rows)
    if name in ("hinge", "squared_hinge"):
        return rng.choice([-1.0, 1.0], size=n), rng.normal(scale=2.0, size=n)
    if name == "binary_cross_entropy":
        return (rng.random(n) < 0.5).astype(np.float64), rng.uniform(0.001, 0.999, size=n)
    if name in ("binary_cross_entropy_with_logits", "sigmoid_mse", "focal_loss"):
        return (rng.random(n) < 0.5).astype(np.float64), rng.normal(scale=3.0, size=n)
    return rng.normal(size=n), rng.normal(size=n)


# --- the plain numpy formulas (same stability, no checks): (value, grad) -----------------

def _softplus(z):
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _np_focal(y, z, gamma=2.0, alpha=0.25):
    t = (2 * y - 1) * z
    a_t = alpha * y + (1 - alpha) * (1 - y)
    return np.mean(a_t * sps.expit(-t) ** gamma * _softplus(-t))


def _np_focal_grad(y, z, gamma=2.0, alpha=0.25):
    s = 2 * y - 1
    t = s * z
    a_t = alpha * y + (1 - alpha) * (1 - y)
    q = sps.expit(-t)
    return -s * a_t * q**gamma * (gamma * (1 - q) * _softplus(-t) + q) / z.size


def _np_log_softmax(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def _np_mc_hinge(c, s):
    r = np.arange(len(c))
    others = s.copy()
    others[r, c] = -np.inf
    return np.maximum(0.0, 1.0 + others.max(axis=1) - s[r, c]), others.argmax(axis=1)


def _np_mc_hinge_grad(c, s):
    terms, j = _np_mc_hinge(c, s)
    g = np.zeros_like(s)
    r = np.arange(len(c))
    active = terms > 0
    g[r[active], j[active]] = 1.0
    g[r[active], c[active]] = -1.0
    return g / len(c)


def _np_ce_probs_grad(c, q):
    g = np.zeros_like(q)
    r = np.arange(len(c))
    g[r, c] = -1.0 / np.clip(q[r, c], EPS, 1 - EPS)
    return g / len(c)


def _np_ce_logits_grad(c, z):
    g = np.exp(_np_log_softmax(z))
    g[np.arange(len(c)), c] -= 1.0
    return g / len(c)


def _np_kl(p, q):
    pos = p > 0
    return np.mean(np.sum(np.where(pos, p * np.log(np.where(pos, p / q, 1.0)), 0.0), axis=1))


NUMPY = {
    "mse": (lambda y, p: np.mean((p - y) ** 2), lambda y, p: 2.0 * (p - y) / p.size),
    "mae": (lambda y, p: np.mean(np.abs(p - y)), lambda y, p: np.sign(p - y) / p.size),
    "huber": (lambda y, p, delta: np.mean(np.where(np.abs(p - y) <= delta, 0.5 * (p - y) ** 2,
                                                   delta * (np.abs(p - y) - 0.5 * delta))),
              lambda y, p, delta: np.clip(p - y, -delta, delta) / p.size),
    "pinball": (lambda y, p, tau: np.mean(np.maximum(-tau * (p - y), (1 - tau) * (p - y))),
                lambda y, p, tau: np.where(p < y, -tau, np.where(p > y, 1 - tau, 0.0)) / p.size),
    "gaussian_nll": (lambda y, p, sigma: np.mean(0.5 * np.log(2 * np.pi * sigma**2)
                                                 + (p - y) ** 2 / (2 * sigma**2)),
                     lambda y, p, sigma: (p - y) / sigma**2 / p.size),
    "binary_cross_entropy": (
        lambda y, q: -np.mean(y * np.log(np.clip(q, EPS, 1 - EPS))
                              + (1 - y) * np.log1p(-np.clip(q, EPS, 1 - EPS))),
        lambda y, q: (-y / np.clip(q, EPS, 1 - EPS) + (1 - y) / (1 - np.clip(q, EPS, 1 - EPS)))
        / q.size),
    "binary_cross_entropy_with_logits": (
        lambda y, z: np.mean(y * _softplus(-z) + (1 - y) * _softplus(z)),
        lambda y, z: (sps.expit(z) - y) / z.size),
    "sigmoid_mse": (lambda y, z: np.mean((sps.expit(z) - y) ** 2),
                    lambda y, z: 2 * (sps.expit(z) - y) * sps.expit(z) * sps.expit(-z) / z.size),
    "focal_loss": (_np_focal, _np_focal_grad),
    "hinge": (lambda y, s: np.mean(np.maximum(0.0, 1 - y * s)),
              lambda y, s: np.where(y * s < 1, -y, 0.0) / s.size),
    "squared_hinge": (lambda y, s: np.mean(np.maximum(0.0, 1 - y * s) ** 2),
                      lambda y, s: -2 * y * np.maximum(0.0, 1 - y * s) / s.size),
    "cross_entropy": (
        lambda c, q: -np.mean(np.log(np.clip(q[np.arange(len(c)), c], EPS, 1 - EPS))),
        _np_ce_probs_grad),
    "cross_entropy_with_logits": (
        lambda c, z: -np.mean(_np_log_softmax(z)[np.arange(len(c)), c]), _np_ce_logits_grad),
    "multiclass_hinge": (lambda c, s: np.mean(_np_mc_hinge(c, s)[0]), _np_mc_hinge_grad),
    "kl_divergence": (_np_kl, lambda p, q: np.where(p > 0, -p / q, 0.0) / len(p)),
}


# --- scikit-learn / SciPy: (label, value function) ---------------------------------------

LIBRARY = {
    "mse": ("sklearn mean_squared_error", lambda y, p: skm.mean_squared_error(y, p)),
    "mae": ("sklearn mean_absolute_error", lambda y, p: skm.mean_absolute_error(y, p)),
    "huber": ("scipy.special.huber", lambda y, p, delta: np.mean(sps.huber(delta, p - y))),
    "pinball": ("sklearn mean_pinball_loss",
                lambda y, p, tau: skm.mean_pinball_loss(y, p, alpha=tau)),
    "gaussian_nll": ("scipy.stats.norm.logpdf",
                     lambda y, p, sigma: -np.mean(scipy.stats.norm.logpdf(y, loc=p, scale=sigma))),
    "binary_cross_entropy": ("sklearn log_loss", lambda y, q: skm.log_loss(y, q)),
    "sigmoid_mse": ("sklearn brier_score_loss(expit)",
                    lambda y, z: skm.brier_score_loss(y, sps.expit(z))),
    "hinge": ("sklearn hinge_loss", lambda y, s: skm.hinge_loss(y, s)),
    "cross_entropy": ("sklearn log_loss", lambda c, q: skm.log_loss(c, q, labels=range(K))),
    "cross_entropy_with_logits": (
        "scipy.special.log_softmax",
        lambda c, z: -np.mean(sps.log_softmax(z, axis=1)[np.arange(len(c)), c])),
    "multiclass_hinge": ("sklearn hinge_loss",
                         lambda c, s: skm.hinge_loss(c, s, labels=range(K))),
    "kl_divergence": ("scipy.special.rel_entr",
                      lambda p, q: np.mean(np.sum(sps.rel_entr(p, q), axis=1))),
}


# --- PyTorch: (label, forward on tensors) ------------------------------------------------

def torch_forward(name):
    if torch is None:
        return None
    return {
        "mse": ("F.mse_loss", lambda y, p: F.mse_loss(p, y)),
        "mae": ("F.l1_loss", lambda y, p: F.l1_loss(p, y)),
        "huber": ("F.huber_loss", lambda y, p, delta: F.huber_loss(p, y, delta=delta)),
        "gaussian_nll": ("F.gaussian_nll_loss(full)", lambda y, p, sigma: F.gaussian_nll_loss(
            p, y, torch.full_like(p, sigma**2), full=True)),
        "binary_cross_entropy": ("F.binary_cross_entropy",
                                 lambda y, q: F.binary_cross_entropy(q, y)),
        "binary_cross_entropy_with_logits": (
            "F.binary_cross_entropy_with_logits",
            lambda y, z: F.binary_cross_entropy_with_logits(z, y)),
        "sigmoid_mse": ("F.mse_loss(sigmoid)", lambda y, z: F.mse_loss(torch.sigmoid(z), y)),
        "hinge": ("relu(1 - y s).mean()", lambda y, s: F.relu(1 - y * s).mean()),
        "squared_hinge": ("relu(1 - y s)^2.mean()", lambda y, s: (F.relu(1 - y * s) ** 2).mean()),
        "cross_entropy_with_logits": ("F.cross_entropy", lambda c, z: F.cross_entropy(z, c)),
        "kl_divergence": ("F.kl_div(batchmean)",
                          lambda p, q: F.kl_div(torch.log(q), p, reduction="batchmean")),
    }.get(name)


def torch_grad(forward):
    def grad(y, p, **opts):
        p = p.detach().requires_grad_(True)
        return torch.autograd.grad(forward(y, p, **opts), p)[0]
    return grad


def check_close(what, got, want):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    # A gradient entry can be an exact 0 in one and 1e-17 in the other: atol at that scale.
    atol = 1e-12 * float(np.max(np.abs(want))) if want.ndim else 0.0
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=what)


def names():
    return [n for n in lu.__all__ if isinstance(getattr(lu, n), lu.Loss)]


def run(sizes, only=None, repeats=None):
    rng = np.random.default_rng(0)
    rows = []
    for name in names():
        if only and name not in only:
            continue
        loss, opts = getattr(lu, name), OPTIONS.get(name, {})
        np_value, np_grad = NUMPY[name]
        lib = LIBRARY.get(name)
        tfwd = torch_forward(name)
        for n in sizes:
            reps = repeats or (3 if n >= 10**7 else 10 if n >= 10**6 else 50)
            y, pred = make_data(name, n, rng)
            value, grad = loss(y, pred, **opts), loss.grad(y, pred, **opts)
            check_close(f"{name} numpy value", np_value(y, pred, **opts), value)
            check_close(f"{name} numpy grad", np_grad(y, pred, **opts), grad)
            if lib:
                check_close(f"{name} {lib[0]}", lib[1](y, pred, **opts), value)
            if tfwd:
                ty, tp = torch.from_numpy(y), torch.from_numpy(pred)
                tgrad = torch_grad(tfwd[1])
                check_close(f"{name} torch value", float(tfwd[1](ty, tp, **opts)), value)
                check_close(f"{name} torch grad", tgrad(ty, tp, **opts).numpy(), grad)
            for kind, lu_fn, np_fn in (("value", loss, np_value), ("grad", loss.grad, np_grad)):
                lu_ms = best_ms(lambda: lu_fn(y, pred, **opts), reps)
                np_ms = best_ms(lambda: np_fn(y, pred, **opts), reps)
                lib_ms = (best_ms(lambda: lib[1](y, pred, **opts), reps)
                          if lib and kind == "value" else None)
                t_fn = tfwd and (tfwd[1] if kind == "value" else tgrad)
                t_ms = best_ms(lambda: t_fn(ty, tp, **opts), reps) if t_fn else None
                rows.append({
                    "loss": name, "n": n, "what": kind, "lossutils_ms": lu_ms,
                    "numpy_ms": np_ms, "lu_over_numpy": lu_ms / np_ms,
                    "library": lib[0] if lib and kind == "value" else None, "library_ms": lib_ms,
                    "lu_over_library": lu_ms / lib_ms if lib_ms else None,
                    "torch": tfwd[0] if tfwd else None, "torch_ms": t_ms,
                    "lu_over_torch": lu_ms / t_ms if t_ms else None,
                })
                print(format_row(rows[-1]), flush=True)
    return {"rows": rows, "torch": torch.__version__ if torch is not None else None,
            "numpy": np.__version__, "threads": 1}


HEADER = ("| loss | n | what | lossutils ms | numpy ms | lu/numpy | library | library ms "
          "| lu/library | torch ms | lu/torch |\n"
          "|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|")


def fmt(x, spec=".2f"):
    return "" if x is None else format(x, spec)


def format_row(r):
    return (f"| {r['loss']} | {r['n']:.0e} | {r['what']} | {fmt(r['lossutils_ms'])} "
            f"| {fmt(r['numpy_ms'])} | {fmt(r['lu_over_numpy'])} | {r['library'] or ''} "
            f"| {fmt(r['library_ms'])} | {fmt(r['lu_over_library'])} | {fmt(r['torch_ms'])} "
            f"| {fmt(r['lu_over_torch'])} |")


def summary(rows):
    """How many measurements meet the issue's targets."""
    big = [r for r in rows if r["n"] >= 10**6 and r["loss"] != "cross_entropy"]
    numpy_ok = sum(r["lu_over_numpy"] <= 2.0 for r in big)
    lib = [r for r in rows if r["lu_over_library"] is not None]
    lib_ok = sum(r["lu_over_library"] <= 1.0 for r in lib)
    timed = [r for r in rows if r["lu_over_torch"] is not None]
    worst = max(big, key=lambda r: r["lu_over_numpy"], default=None)
    text = (f"lossutils/numpy <= 2 at n >= 1e6 in {numpy_ok} of {len(big)} (worst "
            f"{worst['lu_over_numpy']:.2f}, {worst['loss']} {worst['what']} n={worst['n']:.0e}); "
            f"lossutils/library <= 1 in {lib_ok} of {len(lib)}"
            if worst else "no rows")
    if timed:
        text += (f"; lossutils/torch <= 1 in {sum(r['lu_over_torch'] <= 1.0 for r in timed)} "
                 f"of {len(timed)}")
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 1e4 and 1e6 only")
    parser.add_argument("--only", nargs="*", help="these losses only")
    parser.add_argument("--repeats", type=int, help="runs per measurement (best is kept)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    pin()
    if torch is None:
        print("PyTorch is not importable: torch columns skipped "
              "(pip install torch==2.13.0 to compare)")
    print(HEADER, flush=True)
    sizes = [10**4, 10**6] if args.quick else [10**4, 10**6, 10**7]
    result = run(sizes, args.only, args.repeats)
    result["summary"] = summary(result["rows"])
    print(result["summary"])
    if args.json:
        result["markdown"] = "\n".join([HEADER] + [format_row(r) for r in result["rows"]])
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
