"""Stage functions of the single_neuron pipeline (called by workflow/papers/single_neuron/rules.smk)."""

from __future__ import annotations

import numpy as np

from thundeep.io import save_arrays
from thundeep.single_neuron.config import Angle, LinearConvergence
from thundeep.single_neuron.linear_convergence import local_rate, squared_distances, tail_fit
from thundeep.single_neuron.quadrature import angle_to
from thundeep.single_neuron.trajectories import angle_metrics, descend_from_starts, loss_surface
from thundeep.stage import Inputs, Outputs


def angle_stage(inputs: Inputs, outputs: Outputs, config: Angle) -> None:
    """Fig. 1: GD from the three starts with the paper's step and the rescaled one; F on a grid."""
    teacher, mean = np.asarray(config.teacher, float), np.asarray(config.mean, float)
    starts = np.asarray(config.starts, float)
    scale = config.time_scale
    trajectory = descend_from_starts(
        starts, teacher, mean, [config.lr, config.lr / scale], config.steps, config.record_every,
        config.quadrature_order,
    )
    iterates = trajectory.iterates.reshape(len(trajectory.recorded_steps), 2, len(starts), 2)
    angles = angle_to(iterates, teacher)
    distances = np.linalg.norm(trajectory.final - teacher, axis=-1).reshape(2, len(starts))
    grid = config.surface
    xs, ys = np.linspace(*grid.x, grid.points), np.linspace(*grid.y, grid.points)
    save_arrays(
        outputs["arrays"],
        steps=trajectory.recorded_steps,
        iterates=iterates,
        angles=angles,
        starts=starts,
        teacher=teacher,
        time_scale=scale,
        xs=xs,
        ys=ys,
        surface=loss_surface(teacher, mean, xs, ys, config.quadrature_order),
    )
    config.write_metrics(
        outputs["metrics"],
        angle_metrics(trajectory.recorded_steps, angles, distances, config.close_angle, config.published_landmarks),
    )


def linear_convergence_stage(inputs: Inputs, outputs: Outputs, config: LinearConvergence) -> None:
    """Thm 6.4 companion: ||w_t - v||^2 for every dimension and seed, and the tail fits."""
    seeds = list(config.seeds)
    distances = np.stack([squared_distances(d, seeds, config.lr, config.steps) for d in config.dims])
    fits = [
        tail_fit(distances[k, :, s], config.fit_upper, config.fit_floor)
        for k in range(len(config.dims))
        for s in range(len(seeds))
    ]
    rates = np.array([f.rate for f in fits])
    save_arrays(
        outputs["arrays"],
        distances=distances,
        dims=np.asarray(config.dims),
        seeds=np.asarray(seeds),
        rates=rates.reshape(len(config.dims), -1),
    )
    predicted = local_rate(config.lr)
    config.write_metrics(
        outputs["metrics"],
        {
            "rate_min": float(rates.min()),
            "rate_max": float(rates.max()),
            "rate_std": float(rates.std()),
            "rate_over_local_prediction": float(rates.mean() / predicted),
            "r_squared_min": float(min(f.r_squared for f in fits)),
            "fit_points_min": float(min(f.points for f in fits)),
            "final_distance_max": float(np.sqrt(distances[:, -1, :].max())),
        },
    )
