"""lossutils.special against scipy.special, including the edge cases SciPy documents.

Each fix of issue 10 has its test here, taken from SciPy's behaviour: ``logsumexp`` of
[inf], [-inf] and [-inf, inf] is inf, -inf, inf (no nan, no warning); ``logsumexp([0, -40])``
keeps the 4.25e-18 that a plain log(1 + 4.25e-18) rounds away; ``softmax`` of a scalar is 1.0.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import special as sp

import lossutils as lu

RNG = np.random.default_rng(2024)
Z = np.concatenate([RNG.normal(size=20) * 30, [-1e9, -1e4, -800.0, 0.0, 800.0, 1e4, 1e9]])


def test_elementwise_functions_match_scipy():
    with np.errstate(all="raise"):     # lossutils: no warning; the references may underflow
        got = lu.sigmoid(Z), lu.log_sigmoid(Z), lu.softplus(Z)
    assert_allclose(got[0], sp.expit(Z), rtol=1e-15, atol=0)
    assert_allclose(got[1], sp.log_expit(Z), rtol=1e-14)
    assert_allclose(got[2], np.logaddexp(0, Z), rtol=1e-15)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_row_functions_match_scipy(axis):
    M = np.stack([Z, Z[::-1] / 3, np.full_like(Z, 1e4)])
    with np.errstate(all="raise"):
        got = (lu.logsumexp(M, axis=axis), lu.softmax(M, axis=axis),
               lu.log_softmax(M, axis=axis))
    assert_allclose(got[0], sp.logsumexp(M, axis=axis), rtol=1e-14)
    assert_allclose(got[1], sp.softmax(M, axis=axis), rtol=1e-13, atol=1e-300)
    assert_allclose(got[2], sp.log_softmax(M, axis=axis), rtol=1e-13)


@pytest.mark.parametrize("z", [[np.inf], [-np.inf], [-np.inf, np.inf], [np.inf, 1.0, -np.inf],
                               [-np.inf, -np.inf], [np.inf, 1e308]])
def test_logsumexp_of_infinities_is_as_scipy(z):
    with np.errstate(all="raise"):
        got = lu.logsumexp(z)
    want = sp.logsumexp(z)
    assert not np.isnan(got)
    assert got == want


def test_logsumexp_of_infinite_rows_leaves_the_other_rows_alone():
    M = np.array([[np.inf, 0.0], [-np.inf, -np.inf], [1.0, 2.0]])
    with np.errstate(all="raise"):
        got = lu.logsumexp(M, axis=1)
    assert_allclose(got, sp.logsumexp(M, axis=1), rtol=1e-15)


@pytest.mark.parametrize("gap", [40.0, 100.0, 700.0])
def test_logsumexp_keeps_tiny_non_maximal_terms(gap):
    # log(e^0 + e^-gap) = log1p(e^-gap): 4.25e-18 for gap 40, not 0.0.
    z = [0.0, -gap]
    assert lu.logsumexp(z) == pytest.approx(sp.logsumexp(z), rel=1e-15, abs=0)
    assert lu.logsumexp(z) == pytest.approx(np.log1p(np.exp(-gap)), rel=1e-15, abs=0)
    # z - logsumexp(z), with SciPy's logsumexp (scipy's own log_softmax rounds it to 0).
    assert_allclose(lu.log_softmax(z), np.subtract(z, sp.logsumexp(z)), rtol=1e-15)
    assert lu.log_softmax(z)[0] < 0.0


def test_logsumexp_with_ties_at_the_maximum():
    # Only one of the tied maxima is left out of the log1p sum.
    for z in ([3.0, 3.0], [5.0, 5.0, 5.0, -1.0]):
        assert_allclose(lu.logsumexp(z), sp.logsumexp(z), rtol=1e-15)


def test_scalar_input_is_a_one_element_vector():
    assert lu.softmax(1000.0) == sp.softmax(1000.0) == 1.0
    assert lu.logsumexp(1000.0) == sp.logsumexp(1000.0) == 1000.0
    assert lu.log_softmax(-3.0) == sp.log_softmax(-3.0) == 0.0
    assert np.ndim(lu.softmax(2.0)) == 0


def test_softplus_and_log_sigmoid_identities():
    z = np.linspace(-30, 30, 61)
    assert_allclose(lu.softplus(z) - lu.softplus(-z), z, atol=1e-13)      # softplus(z) - softplus(-z) = z
    assert_allclose(lu.log_sigmoid(z), -lu.softplus(-z), rtol=0)
    assert_allclose(lu.sigmoid(z) + lu.sigmoid(-z), 1.0, rtol=1e-15)
