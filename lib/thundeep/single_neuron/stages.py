"""Stage functions of the single_neuron pipeline (called by workflow/papers/single_neuron/rules.smk)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from thundeep.figures import save_figure
from thundeep.io import load_arrays, save_arrays, write_json
from thundeep.single_neuron.figures import plot_angle_figure, plot_linear_convergence
from thundeep.single_neuron.linear_convergence import local_rate, squared_distances, tail_fit
from thundeep.single_neuron.quadrature import angle_to
from thundeep.single_neuron.trajectories import angle_metrics, descend_from_starts, loss_surface


def angle_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Fig. 1: GD from the three starts with the paper's step and the rescaled one; F on a grid."""
    teacher, mean = np.asarray(params["teacher"], float), np.asarray(params["mean"], float)
    starts = np.asarray(params["starts"], float)
    scale = float(params["time_scale"])
    trajectory = descend_from_starts(
        starts,
        teacher,
        mean,
        [params["lr"], params["lr"] / scale],
        params["steps"],
        params["record_every"],
        params["quadrature_order"],
    )
    iterates = trajectory.iterates.reshape(len(trajectory.recorded_steps), 2, len(starts), 2)
    angles = angle_to(iterates, teacher)
    distances = np.linalg.norm(trajectory.final - teacher, axis=-1).reshape(2, len(starts))
    grid = params["surface"]
    xs, ys = np.linspace(*grid["x"], grid["points"]), np.linspace(*grid["y"], grid["points"])
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
        surface=loss_surface(teacher, mean, xs, ys, params["quadrature_order"]),
    )
    write_json(
        outputs["metrics"],
        angle_metrics(
            trajectory.recorded_steps, angles, distances, params["close_angle"], params["published_landmarks"]
        ),
    )


def angle_figure_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Draw Fig. 1 from the saved trajectories."""
    fig = plot_angle_figure(load_arrays(inputs["arrays"]), params["published_landmarks"])
    save_figure(fig, outputs["pdf"], outputs["png"])


def linear_convergence_stage(inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]) -> None:
    """Thm 6.4 companion: ||w_t - v||^2 for every dimension and seed, and the tail fits."""
    distances = np.stack([squared_distances(d, params["seeds"], params["lr"], params["steps"]) for d in params["dims"]])
    fits = [
        tail_fit(distances[k, :, s], params["fit_upper"], params["fit_floor"])
        for k in range(len(params["dims"]))
        for s in range(len(params["seeds"]))
    ]
    rates = np.array([f.rate for f in fits])
    save_arrays(
        outputs["arrays"],
        distances=distances,
        dims=np.asarray(params["dims"]),
        seeds=np.asarray(params["seeds"]),
        rates=rates.reshape(len(params["dims"]), -1),
    )
    predicted = local_rate(params["lr"])
    write_json(
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


def linear_convergence_figure_stage(
    inputs: Mapping[str, Any], outputs: Mapping[str, Path], params: Mapping[str, Any]
) -> None:
    """Draw the linear-convergence plot from the saved distances."""
    fig = plot_linear_convergence(load_arrays(inputs["arrays"]), local_rate(params["lr"]))
    save_figure(fig, outputs["pdf"], outputs["png"])
