"""Stage functions of the single_neuron pipeline (called by workflow/papers/single_neuron/rules.smk)."""

from __future__ import annotations

import numpy as np

from thundeep.extremes import largest, smallest
from thundeep.io import save_arrays, write_csv
from thundeep.single_neuron import initialisation_probability as lemma
from thundeep.single_neuron import stuck_coordinates as stuck
from thundeep.single_neuron.config import Angle, InitialisationProbability, LinearConvergence, StuckCoordinates
from thundeep.single_neuron.linear_convergence import convergence_metrics, descend, draw_starts
from thundeep.single_neuron.quadrature import angle_to
from thundeep.single_neuron.trajectories import angle_metrics, descend_from_starts, loss_surface
from thundeep.stage import Inputs, Outputs


def angle_stage(inputs: Inputs, outputs: Outputs, config: Angle) -> None:
    """Fig. 1: GD from the three starts with the paper's step and the rescaled one; F on a grid."""
    teacher, mean = np.asarray(config.teacher, float), np.asarray(config.mean, float)
    starts = np.asarray(config.starts, float)
    scale = config.time_scale
    trajectory = descend_from_starts(
        starts,
        teacher,
        mean,
        [config.lr, config.lr / scale],
        config.steps,
        config.record_every,
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
    """Lemma 6.2 / Thm 6.4: GD from `runs` inits at every d; angle, convergence and whole-run rates."""
    runs = [descend(draw_starts(d, config.runs, config.seed), config.lr, config.steps) for d in config.dims]
    distances, angles = [r[0] for r in runs], [r[1] for r in runs]
    metrics, ratios = convergence_metrics(
        distances, angles, config.lr, config.fit_upper, config.fit_floor, config.fast_ratio
    )
    shown = slice(0, config.shown_runs)
    save_arrays(
        outputs["arrays"],
        dims=np.asarray(config.dims),
        distances=np.stack([d[:, shown] for d in distances]),
        angles=np.stack([a[:, shown] for a in angles]),
        initial_angles=np.stack([a[0] for a in angles]),
        ratios=ratios,
        fast_ratio=config.fast_ratio,
    )
    config.write_metrics(outputs["metrics"], metrics)


STUCK_COLUMNS = ("d", "runs", "stuck_fraction", "standard_error", "exact", "printed_bound", "hoeffding_bound", "z")


def stuck_coordinates_stage(inputs: Inputs, outputs: Outputs, config: StuckCoordinates) -> None:
    """Thm 3.1: GD from `runs` symmetric inits at every d; the stuck fraction against the binomial tail."""
    summaries = []
    for dim in config.dims:
        starts, signs = draw_starts(dim, config.runs, config.seed), stuck.paper_signs(dim)
        final, lowest = stuck.descend(starts, signs, config.lr, config.steps, config.record_every)
        summaries.append(stuck.run_summary(starts, final, lowest, signs))
    dims = np.asarray(config.dims)
    fractions = np.array([s["stuck_fraction"] for s in summaries])
    exact = stuck.exact_stuck_probability(dims)
    z = stuck.simulation_z(fractions, dims, config.runs)
    rows = [
        {
            "d": int(d),
            "runs": config.runs,
            "stuck_fraction": f,
            "standard_error": np.sqrt(f * (1 - f) / config.runs),
            "exact": e,
            "printed_bound": stuck.printed_bound(d),
            "hoeffding_bound": stuck.hoeffding_bound(d),
            "z": zz,
        }
        for d, f, e, zz in zip(dims, fractions, exact, z, strict=True)
    ]
    write_csv(outputs["table"], rows, STUCK_COLUMNS)
    every = np.arange(1, dims.max() + 1)
    save_arrays(
        outputs["arrays"],
        dims=every,
        exact=stuck.exact_stuck_probability(every),
        printed=stuck.printed_bound(every),
        hoeffding=stuck.hoeffding_bound(every),
    )
    config.write_metrics(
        outputs["metrics"],
        {
            "max_z": float(z.max()),
            "dead_moved_max": max(s["dead_moved_max"] for s in summaries),
            "live_error_max": max(s["live_error_max"] for s in summaries),
            "bound_violations": sum(s["bound_violations"] for s in summaries),
            **stuck.bound_metrics(int(dims.max())),
        },
    )


LEMMA_COLUMNS = ("d", "tau", "samples", "monte_carlo", "standard_error", "exact", "printed_bound", "z")


def initialisation_probability_stage(inputs: Inputs, outputs: Outputs, config: InitialisationProbability) -> None:
    """Lemma 5.1 at tau = 1/(d sqrt 2): Monte Carlo at the chosen d, the exact value at every d up to the largest."""
    largest_dim = max(config.dims)
    exact = {d: lemma.exact_probability(d, lemma.paper_tau(d)) for d in range(2, largest_dim + 1)}
    printed = {d: lemma.printed_bound(d, lemma.paper_tau(d)) for d in exact}
    rows = []
    for dim in config.dims:
        tau = lemma.paper_tau(dim)
        estimate = lemma.monte_carlo(dim, tau, config.samples, np.random.default_rng([config.seed, dim]), config.chunk)
        error = np.sqrt(exact[dim] * (1.0 - exact[dim]) / config.samples)
        rows.append(
            {
                "d": dim,
                "tau": tau,
                "samples": config.samples,
                "monte_carlo": estimate,
                "standard_error": error,
                "exact": exact[dim],
                "printed_bound": printed[dim],
                "z": abs(estimate - exact[dim]) / error,
            }
        )
    write_csv(outputs["table"], rows, LEMMA_COLUMNS)
    all_dims = np.array(list(exact))
    violated = all_dims[np.array([exact[d] < printed[d] for d in exact])]
    save_arrays(
        outputs["arrays"],
        dims=all_dims,
        exact=np.array(list(exact.values())),
        printed=np.array(list(printed.values())),
        limit=lemma.gaussian_tail_limit(),
    )
    config.write_metrics(
        outputs["metrics"],
        {
            "max_z": largest(r["z"] for r in rows),
            "exact_min": smallest(exact.values()),
            "exact_at_largest_dim": exact[largest_dim],
            "printed_at_largest_dim": printed[largest_dim],
            "gaussian_tail_limit": lemma.gaussian_tail_limit(),
            "printed_bound_violations": float(violated.size),
            "smallest_violating_dim": float(violated.min()) if violated.size else float("nan"),
        },
    )
