"""Input checks shared by every loss: strict shapes, value domains, clear messages.

Every check raises ``ValueError`` naming the argument and showing what arrived.
Nothing here repairs input: no silent broadcasting, no renormalising.
"""

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def as_float_array(x, name):
    """Return ``x`` as a new-or-same float64 array; reject empty and non-finite input."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric array-like; got {type(x).__name__}: {exc}") from None
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); a loss needs at least one value")
    # Cheap test first: any inf or nan makes the sum inf or nan, and a finite sum means every
    # value is finite. One pass and no n-sized mask; only a non-finite sum (bad input, or
    # finite values whose sum overflows) pays for the exact element-wise check.
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(arr)
    if not np.isfinite(total) and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = tuple(int(i) for i in bad) if arr.ndim else ()
        value = (arr[tuple(bad)] if arr.ndim else arr).item()
        raise ValueError(f"{name} contains a non-finite value ({value}) at index {where}; "
                         "losses are defined for finite numbers only")
    return arr


def same_shape(a, b, name_a, name_b):
    """Require identical shapes: (n,) against (n, 1) is an error, never a broadcast."""
    if a.shape != b.shape:
        hint = ""
        if a.size == b.size:
            hint = (f"; they hold the same number of values, so reshape one of them, "
                    f"e.g. {name_b}.ravel() or {name_b}.reshape({name_a}.shape)")
        raise ValueError(f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}"
                         f"{hint}. Shapes must match exactly (no broadcasting)")


def check_reduction(reduction):
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of 'mean', 'sum', 'none'; got {reduction!r}")


def scalar_option(name, value, interval, *, none_ok=False):
    """Return the option ``value`` as a float, checked against ``interval``.

    ``interval`` is written as in mathematics, e.g. ``"(0, inf)"`` or ``"[0, 1]"``: a round
    bracket leaves the end out, a square one keeps it. The one validator of every scalar
    option (``delta``, ``tau``, ``sigma``, ``gamma``, ``alpha``, ``pos_weight``,
    ``label_smoothing``); its message names the option, the allowed range and the value.
    """
    allowed = f"a number in {interval}" + (" or None" if none_ok else "")
    if value is None and none_ok:
        return None
    if isinstance(value, (bool, np.bool_, str, bytes)) or np.ndim(value) != 0:
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {allowed}; got {value!r}") from None
    low, high = (float(end) for end in interval[1:-1].split(","))
    above = x >= low if interval[0] == "[" else x > low
    below = x <= high if interval[-1] == "]" else x < high
    if not (above and below):       # also false for nan
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return x


def labels_in(arr, name, allowed, hint=""):
    """Require every value of ``arr`` to be one of ``allowed`` (e.g. (0, 1) or (-1, 1))."""
    bad = ~np.isin(arr, allowed)
    if bad.any():
        found = np.unique(arr).tolist()
        signed = "+g" if min(allowed) < 0 else "g"     # -1 and +1; 0 and 1
        shown = " and ".join(format(v, signed) for v in allowed)
        raise ValueError(f"{name} must contain only {shown}; "
                         f"got values {found[:10]}{hint}")


def in_unit_interval(arr, name, hint=""):
    """Require every value in [0, 1] (probabilities, probability targets)."""
    # Two reductions and no n-sized masks; the mask is built only to report an error.
    # fmin/fmax skip nan, as the comparisons below do.
    if np.fmin.reduce(arr, axis=None) < 0 or np.fmax.reduce(arr, axis=None) > 1:
        bad = (arr < 0) | (arr > 1)
        idx = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
        raise ValueError(f"{name} must hold probabilities in [0, 1]; got {arr[idx].item()!r} at "
                         f"index {idx} (min {arr.min().item()!r}, max {arr.max().item()!r}){hint}")


def rows_sum_to_one(arr, name, atol=1e-6):
    """Require each distribution (last axis) to sum to 1; never renormalise silently."""
    sums = arr.sum(axis=-1)
    bad = np.abs(sums - 1.0) > atol
    if np.any(bad):
        first = np.argwhere(np.atleast_1d(bad))[0][0]
        value = np.atleast_1d(sums)[first].item()
        raise ValueError(f"each row of {name} must sum to 1 (a probability distribution); "
                         f"row {int(first)} sums to {value!r}. Normalise it yourself, e.g. "
                         f"{name} / {name}.sum(axis=-1, keepdims=True), or pass logits to the "
                         "_with_logits loss")


def class_indices(y_true, n, k):
    """Return integer class labels of shape (n,) with values in [0, k)."""
    arr = np.asarray(y_true)
    if arr.shape == (n, k):
        raise ValueError(f"y_true has shape {arr.shape}, like the predictions, but this loss takes "
                         f"integer class labels of shape ({n},): use y_true.argmax(axis=1) for "
                         "one-hot rows (cross_entropy_with_logits also takes one-hot or soft "
                         "targets)")
    if arr.shape != (n,):
        raise ValueError(f"y_true has shape {arr.shape} but the predictions have shape ({n}, {k}); "
                         f"integer class labels must have shape ({n},)")
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                 or np.issubdtype(arr.dtype, np.floating)):
        raise ValueError(f"y_true must hold integer class indices; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.isfinite(arr).all() or (arr != np.round(arr)).any():
            bad = arr[~np.isfinite(arr) | (arr != np.round(arr))][0].item()
            raise ValueError(f"y_true must hold integer class indices in [0, {k}); "
                             f"got the non-integer value {bad!r}")
    out_of_range = (arr < 0) | (arr >= k)
    if out_of_range.any():
        pos = int(np.argwhere(out_of_range)[0][0])
        raise ValueError(f"y_true must hold class indices in [0, {k}) for {k} classes; "
                         f"got {arr[pos].item()!r} at position {pos}")
    return arr.astype(np.intp)


def two_d(arr, name):
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (n, k) (one row per example, one column "
                         f"per class); got shape {arr.shape}"
                         + (f". For a single example use {name}[None, :]" if arr.ndim == 1 else ""))
