"""Speed of lossutils against PyTorch and plain numpy, and against the memory-bandwidth floor.

    python benchmarks/bench_losses.py                # print the table
    python benchmarks/bench_losses.py --quick        # n = 1e6 / (1e5, 10) only
    python benchmarks/bench_losses.py --json out.json

For each loss and size: the loss value (reduction="mean") and its gradient, in float64 on
one thread pinned to CPU 0, best of several runs in this one process. Columns:

* ``lossutils``, ``numpy``, ``torch``: milliseconds. ``numpy`` is the loss written as the
  shortest plain numpy expression, with no input checks (what validation costs is the gap
  to it). ``torch`` is ``torch.nn.functional``; its gradient is forward + backward
  (``torch.autograd.grad``), since PyTorch cannot produce it without the forward pass.
* ``lu/torch``: lossutils time / torch time (target <= 1.0).
* ``floor``: bytes the loss must read (its inputs) / the measured ``np.copyto`` bandwidth
  for an array of that many bytes, i.e. the time one streaming pass over the inputs takes.
* ``lu/floor``: lossutils time / floor (target <= 3).

The values and gradients are checked against PyTorch (rtol 1e-10) before timing; without
PyTorch (``pip install torch==2.13.0``) the torch columns are skipped and the check uses
the plain numpy versions.
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

import lossutils as lu  # noqa: E402

try:
    import torch  # noqa: E402
    import torch.nn.functional as F  # noqa: E402

    torch.set_num_threads(1)
except ImportError:  # PyTorch is optional
    torch = None

RTOL = 1e-10
DELTA = 1.0  # Huber's delta
CPU = 0      # pinned, as the other benchmarks


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


def copy_bandwidth(nbytes, repeats):
    """Bytes per second that ``np.copyto`` moves for a float64 array of ``nbytes`` bytes."""
    src = np.random.default_rng(1).normal(size=nbytes // 8)
    dst = np.empty_like(src)
    return src.nbytes / (best_ms(lambda: np.copyto(dst, src), repeats) / 1e3)


# --- plain numpy: the formula, no checks -------------------------------------------------

def np_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def np_log_softmax(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


NUMPY = {
    "mse": (lambda y, p: np.mean((p - y) ** 2),
            lambda y, p: 2.0 * (p - y) / p.size),
    "mae": (lambda y, p: np.mean(np.abs(p - y)),
            lambda y, p: np.sign(p - y) / p.size),
    "huber": (lambda y, p: np.mean(np.where(np.abs(p - y) <= DELTA, 0.5 * (p - y) ** 2,
                                            DELTA * (np.abs(p - y) - 0.5 * DELTA))),
              lambda y, p: np.clip(p - y, -DELTA, DELTA) / p.size),
    "binary_cross_entropy_with_logits": (
        lambda y, z: np.mean(np.logaddexp(0.0, z) - y * z),
        lambda y, z: (np_sigmoid(z) - y) / z.size),
    "cross_entropy_with_logits": (
        lambda c, z: -np.mean(np_log_softmax(z)[np.arange(len(c)), c]),
        lambda c, z: (np.exp(np_log_softmax(z)) - np.eye(z.shape[1])[c]) / len(c)),
}


def torch_fns(name):
    """(value, grad) callables on torch tensors, or None without PyTorch."""
    if torch is None:
        return None
    fwd = {
        "mse": lambda y, p: F.mse_loss(p, y),
        "mae": lambda y, p: F.l1_loss(p, y),
        "huber": lambda y, p: F.huber_loss(p, y, delta=DELTA),
        "binary_cross_entropy_with_logits":
            lambda y, z: F.binary_cross_entropy_with_logits(z, y),
        "cross_entropy_with_logits": lambda c, z: F.cross_entropy(z, c),
    }[name]

    def grad(y, p):
        p = p.detach().requires_grad_(True)
        return torch.autograd.grad(fwd(y, p), p)[0]

    return fwd, grad


def make_data(name, size, rng):
    """(y_true, prediction) as numpy arrays for one benchmark case."""
    if name == "cross_entropy_with_logits":
        n, k = size
        return rng.integers(0, k, size=n), rng.normal(scale=3.0, size=(n, k))
    if name == "binary_cross_entropy_with_logits":
        return (rng.random(size) < 0.5).astype(np.float64), rng.normal(scale=3.0, size=size)
    return rng.normal(size=size), rng.normal(size=size)


def check_close(what, got, want):
    got, want = np.asarray(got), np.asarray(want)
    # A gradient entry can be an exact 0 in one and 1e-17 in the other: atol at that scale.
    atol = 1e-12 * float(np.max(np.abs(want))) if want.ndim else 0.0
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=atol, err_msg=what)


def cases(quick):
    ns = [10**6] if quick else [10**6, 10**7]
    nks = [(10**5, 10)] if quick else [(10**5, 10), (10**6, 10)]
    for name in ("mse", "mae", "huber", "binary_cross_entropy_with_logits"):
        for n in ns:
            yield name, n
    for nk in nks:
        yield "cross_entropy_with_logits", nk


def run(quick=False, repeats=None):
    rng = np.random.default_rng(0)
    rows = []
    bandwidth = {}
    for name, size in cases(quick):
        big = (size if isinstance(size, int) else size[0] * size[1]) >= 10**7
        reps = repeats or (5 if big else 15)
        y, pred = make_data(name, size, rng)
        nbytes = y.nbytes + pred.nbytes
        if nbytes not in bandwidth:
            bandwidth[nbytes] = copy_bandwidth(nbytes, reps)
        floor_ms = 1e3 * nbytes / bandwidth[nbytes]
        loss = getattr(lu, name)
        np_value, np_grad = NUMPY[name]
        tfns = torch_fns(name)
        if tfns is not None:
            ty, tp = torch.from_numpy(y), torch.from_numpy(pred)
            ref_value, ref_grad = float(tfns[0](ty, tp)), tfns[1](ty, tp).numpy()
            check_close(f"{name} value vs torch", np_value(y, pred), ref_value)
        else:
            ref_value, ref_grad = np_value(y, pred), np_grad(y, pred)
        check_close(f"{name} value", loss(y, pred), ref_value)
        check_close(f"{name} grad", loss.grad(y, pred), ref_grad)
        for kind, lu_fn, np_fn, t_fn in (
                ("value", loss, np_value, tfns and tfns[0]),
                ("grad", loss.grad, np_grad, tfns and tfns[1])):
            lu_ms = best_ms(lambda: lu_fn(y, pred), reps)
            np_ms = best_ms(lambda: np_fn(y, pred), reps)
            t_ms = best_ms(lambda: t_fn(ty, tp), reps) if t_fn else None
            rows.append({
                "loss": name, "size": str(size).replace(" ", ""), "what": kind,
                "lossutils_ms": lu_ms, "numpy_ms": np_ms, "torch_ms": t_ms,
                "lu_over_torch": lu_ms / t_ms if t_ms else None,
                "floor_ms": floor_ms, "lu_over_floor": lu_ms / floor_ms,
            })
            print(format_row(rows[-1]), flush=True)
    return {
        "rows": rows,
        "bandwidth_GBps": {str(k): v / 1e9 for k, v in bandwidth.items()},
        "torch": torch.__version__ if torch is not None else None,
        "numpy": np.__version__,
        "threads": 1,
    }


HEADER = ("| loss | size | what | lossutils ms | numpy ms | torch ms | lu/torch | floor ms "
          "| lu/floor |\n|---|---|---|---:|---:|---:|---:|---:|---:|")


def fmt(x, spec=".2f"):
    return "n/a" if x is None else format(x, spec)


def format_row(r):
    return (f"| {r['loss']} | {r['size']} | {r['what']} | {fmt(r['lossutils_ms'])} "
            f"| {fmt(r['numpy_ms'])} | {fmt(r['torch_ms'])} | {fmt(r['lu_over_torch'])} "
            f"| {fmt(r['floor_ms'])} | {fmt(r['lu_over_floor'], '.1f')} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the smaller sizes")
    parser.add_argument("--repeats", type=int, help="runs per measurement (best is kept)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    pin()
    if torch is None:
        print("PyTorch is not importable: torch columns skipped "
              "(pip install torch==2.13.0 to compare)")
    print(HEADER, flush=True)
    result = run(args.quick, args.repeats)
    for size, bw in result["bandwidth_GBps"].items():
        print(f"np.copyto bandwidth for {int(size) / 1e6:.0f} MB: {bw:.1f} GB/s")
    if args.json:
        bw = "; ".join(f"{int(size) / 1e6:.0f} MB: {v:.1f} GB/s"
                       for size, v in result["bandwidth_GBps"].items())
        result["markdown"] = "\n".join(
            [HEADER] + [format_row(r) for r in result["rows"]]
            + ["", f"Measured `np.copyto` bandwidth (bytes copied per second): {bw}."])
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
