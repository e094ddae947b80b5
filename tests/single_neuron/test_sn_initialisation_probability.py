"""Lemma 5.1's probability: the 1-D closed form against direct numerical integration and its large-d limit."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import chi2, norm

from thundeep.single_neuron import initialisation_probability as lemma


@pytest.mark.parametrize("dim", [2, 5, 40])
def test_closed_form_matches_the_integral_over_the_other_variable(dim):
    # given Z = z the event is Q <= 2 z / tau - z^2 - 2 d: integrate the chi^2 cdf against phi(z) instead
    tau = lemma.paper_tau(dim)
    value, _ = quad(
        lambda z: norm.pdf(z) * chi2(dim - 1).cdf(2 * z / tau - z**2 - 2 * dim), 0, 2 / tau, epsabs=1e-13, limit=200
    )
    assert lemma.exact_probability(dim, tau) == pytest.approx(value, abs=1e-9)


def test_large_d_tends_to_the_gaussian_tail():
    assert lemma.exact_probability(5000, lemma.paper_tau(5000)) == pytest.approx(lemma.gaussian_tail_limit(), abs=2e-3)
    assert lemma.gaussian_tail_limit() == pytest.approx(1 - norm.cdf(3 / (2 * np.sqrt(2))), rel=1e-14)


def test_monte_carlo_is_reproducible_and_chunked_alike():
    tau = lemma.paper_tau(6)
    one = lemma.monte_carlo(6, tau, 5000, np.random.default_rng(1), 5000)
    again = lemma.monte_carlo(6, tau, 5000, np.random.default_rng(1), 5000)
    assert one == again
    assert 0 < one < 1


def test_printed_bound():
    assert lemma.printed_bound(10, 0.1) == pytest.approx(0.5 - 0.25 - 1.2**-10)
