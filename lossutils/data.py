"""Seeded synthetic data sets used by the chapters. No downloads: everything is generated.

Every function takes a ``seed`` and returns the same arrays on every machine for that seed
(numpy's ``default_rng``, PCG64).
"""

from typing import NamedTuple

import numpy as np

__all__ = ["Regression", "Classification", "square_targets", "noisy_line", "line_with_outliers",
           "noisy_curve", "blobs", "train_val_split"]


class Regression(NamedTuple):
    """Inputs ``x`` (n,), targets ``y`` (n,), and a boolean mask ``outlier`` (n,)."""

    x: np.ndarray
    y: np.ndarray
    outlier: np.ndarray


class Classification(NamedTuple):
    """Features ``X`` (n, 2) and integer class labels ``y`` (n,) in [0, k)."""

    X: np.ndarray
    y: np.ndarray


def square_targets(x):
    """The first chapter's learning task: targets ``y = x**2`` for inputs ``x``.

    >>> square_targets([1, 2, 3]).tolist()
    [1.0, 4.0, 9.0]
    """
    x = np.asarray(x, dtype=np.float64)
    return x**2


def noisy_line(n=50, *, slope=2.0, intercept=1.0, noise=1.0, x_range=(0.0, 10.0), seed=0):
    r"""Points on the line :math:`y = \text{slope}\,x + \text{intercept} + \varepsilon`, Gaussian noise.

    ``x`` is sorted and uniform on ``x_range``; ``noise`` is the standard deviation of
    :math:`\varepsilon`. Returns a :class:`Regression` with no outliers.

    >>> d = noisy_line(5, seed=1)
    >>> d.x.shape, d.y.shape, int(d.outlier.sum())
    ((5,), (5,), 0)
    """
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(*x_range, size=n))
    y = slope * x + intercept + noise * rng.standard_normal(n)
    return Regression(x, y, np.zeros(n, dtype=bool))


def line_with_outliers(n=30, *, n_outliers=1, shift=30.0, slope=2.0, intercept=1.0, noise=1.0,
                       x_range=(0.0, 10.0), seed=0):
    """A noisy line whose last ``n_outliers`` points (largest x) are moved up by ``shift``.

    Moving the outliers to the right end gives them the most leverage on a fitted slope.
    ``shift`` can be negative. Returns a :class:`Regression`; ``outlier`` marks the moved points.

    >>> d = line_with_outliers(10, n_outliers=2, shift=50.0, seed=0)
    >>> d.outlier.tolist()[-3:]
    [False, True, True]
    """
    if not 0 <= n_outliers <= n:
        raise ValueError(f"n_outliers must be in [0, n={n}]; got {n_outliers}")
    x, y, outlier = noisy_line(n, slope=slope, intercept=intercept, noise=noise,
                               x_range=x_range, seed=seed)
    if n_outliers:
        outlier[-n_outliers:] = True
        y = y + shift * outlier
    return Regression(x, y, outlier)


def noisy_curve(n=30, *, noise=0.2, x_range=(0.0, 1.0), seed=0):
    r"""Samples of :math:`y = \sin(2\pi x) + \varepsilon`: a curve that polynomials can under- or overfit.

    >>> d = noisy_curve(4, seed=0)
    >>> d.x.shape
    (4,)
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(*x_range, size=n))
    y = np.sin(2 * np.pi * x) + noise * rng.standard_normal(n)
    return Regression(x, y, np.zeros(n, dtype=bool))


def blobs(n_per_class=50, *, k=2, spread=1.0, distance=3.0, seed=0):
    """``k`` Gaussian clusters in the plane, centres evenly spaced on a circle.

    ``distance`` is the radius of that circle: small values make the classes overlap.
    Returns a :class:`Classification` with ``n_per_class * k`` rows, shuffled.

    >>> d = blobs(10, k=3, seed=0)
    >>> d.X.shape, sorted(set(d.y.tolist()))
    ((30, 2), [0, 1, 2])
    """
    if k < 2:
        raise ValueError(f"k must be >= 2 classes; got {k}")
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(k) / k
    centres = distance * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(k), n_per_class)
    X = centres[y] + spread * rng.standard_normal((y.size, 2))
    order = rng.permutation(y.size)
    return Classification(X[order], y[order])


def train_val_split(*arrays, val_fraction=0.3, seed=0):
    """Shuffle the rows of each array the same way and split them into train and validation.

    Returns ``train_0, val_0, train_1, val_1, ...`` (as ``sklearn.model_selection.train_test_split``).

    >>> a_tr, a_val = train_val_split(np.arange(10), val_fraction=0.3)
    >>> len(a_tr), len(a_val)
    (7, 3)
    """
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError(f"all arrays need the same length; got {[len(a) for a in arrays]}")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be in (0, 1); got {val_fraction}")
    order = np.random.default_rng(seed).permutation(n)
    n_val = int(round(n * val_fraction))
    val, train = order[:n_val], order[n_val:]
    out = []
    for a in arrays:
        a = np.asarray(a)
        out += [a[train], a[val]]
    return tuple(out)
