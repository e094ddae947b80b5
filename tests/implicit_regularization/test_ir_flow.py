"""Exact gradient flow of the single neuron (Thm 3) against the matrix exponential and against GD."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from thundeep.implicit_regularization.data import dataset, global_minimum
from thundeep.implicit_regularization.experiments import balancedness, hidden_neuron_runs, single_neuron_limits
from thundeep.implicit_regularization.flow import exact_flow, flow_path, linear_phase
from thundeep.relu_neuron.neuron import neuron_loss_and_gradient


def test_linear_phase_is_the_matrix_exponential():
    inputs, targets = dataset(5.0)
    start = np.array([0.3, -0.2, 0.1])
    phase = linear_phase(inputs, targets, np.ones(3, bool), start, 0.0)
    a = np.linalg.solve(inputs, targets)  # all examples active: w_eq = X^-1 y = (5, -1, 1)
    np.testing.assert_allclose(a, [5.0, -1.0, 1.0])
    for t in (0.0, 0.01, 0.3, 2.0):
        expected = a + expm(-t * inputs.T @ inputs) @ (start - a)
        np.testing.assert_allclose(phase.at(np.array([t]))[0], expected, atol=1e-12)


@pytest.mark.parametrize("gamma", [1.0, 2.0, 5.0, 20.0])
def test_flow_has_two_phases_and_fits_the_data(gamma):
    inputs, targets = dataset(gamma)
    phases = exact_flow(inputs, targets, np.zeros(3))
    assert len(phases) == 2
    assert phases[0].active.all() and phases[1].active.tolist() == [True, True, False]
    exit_point = phases[1].start
    assert inputs[2] @ exit_point == pytest.approx(0.0, abs=1e-12)
    limit = phases[1].equilibrium
    assert limit[2] == pytest.approx(exit_point[2], abs=1e-15)  # w_3 frozen after t_1
    np.testing.assert_allclose(limit, global_minimum(1.0, limit[2]), atol=1e-12)
    loss, _ = neuron_loss_and_gradient(limit[None], inputs, targets)
    assert loss[0] < 1e-20
    # the phase assumptions hold along the whole path: x_1, x_2 active, x_3 inactive after t_1
    times = np.concatenate([np.geomspace(1e-6, 50, 2000)])
    pre = flow_path(phases, times) @ inputs.T
    assert pre[:, :2].min() > 0
    assert np.all(pre[times > phases[0].end_time, 2] <= 1e-12)


def test_gamma_zero_gives_the_minimum_norm_solution():
    inputs, targets = dataset(0.0)
    phases = exact_flow(inputs, targets, np.zeros(3))
    assert len(phases) == 1
    np.testing.assert_allclose(phases[0].equilibrium, [5.0, -1.0, 0.0], atol=1e-12)


def test_gd_approaches_the_flow_linearly_in_the_step():
    gaps = []
    for lr in (4e-3, 1e-3):
        limits = single_neuron_limits([5.0], [1.0], lr, 1e-12, 10**6, 10**6)
        gaps.append(abs(limits.gd.final[0, 2] - limits.flow_limits[0, 2]))
    assert gaps[1] < gaps[0] / 3  # first order: four times smaller step, about four times smaller gap


def test_limit_scales_with_alpha():
    limits = single_neuron_limits([2.0], [0.3, 1.0, 3.0], 1e-3, 1e-14, 10**6, 10**6)
    np.testing.assert_allclose(limits.flow_limits / limits.alphas[:, None], limits.flow_limits[[1, 1, 1]], atol=1e-13)
    np.testing.assert_allclose(limits.gd.final[:, 2] / limits.alphas, limits.gd.final[[1, 1, 1], 2], atol=1e-12)


def test_hidden_neuron_stays_balanced_up_to_first_order_in_the_step():
    """v^2 - |w|^2 is conserved by the flow; GD's drift at the end shrinks in proportion to the step."""
    drifts = []
    for lr in (1e-3, 2.5e-4):
        run = hidden_neuron_runs([5.0, 5.0], [0.5, 0.01], lr, 1e-12, 10**6, 10**6)
        drifts.append(np.abs(balancedness(run.final) - np.array([0.5, 0.01]) ** 2))
        assert run.final_loss.max() < 1e-12
    ratio = drifts[0] / drifts[1]
    assert np.all((ratio > 3.5) & (ratio < 4.5))
    assert drifts[1].max() < 0.05
