"""Stage functions of the separable_data pipeline: run an experiment, write its arrays, tables and metrics."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from tqdm import tqdm

from thundeep.io import load_arrays, save_arrays, write_csv
from thundeep.seed_streams import run_seeds
from thundeep.separable_data.claim_metrics import (
    construction_metrics,
    late_rises,
    mnist_metrics,
    rates_metrics,
    small_samples_metrics,
)
from thundeep.separable_data.config import Construction, Mnist, Rates, SmallSamples
from thundeep.separable_data.construction import (
    construction_trajectory,
    first_correct_iterations,
    fit_power_law,
    lemma15_bound,
)
from thundeep.separable_data.errors import direction_distance, margin_error, zero_one_error
from thundeep.separable_data.logistic import gradient_descent, log_grid
from thundeep.separable_data.max_margin import max_margin
from thundeep.separable_data.mnist47 import (
    drop_blank_pixels,
    misclassified_after_gd,
    pooled_fours_and_sevens,
    preprocess,
    random_split,
)
from thundeep.separable_data.rates import (
    loss_over_lemma8,
    margin_ball_sample,
    normalized_margins,
    thm9_excess,
    thm9_threshold,
)
from thundeep.stage import Inputs, Outputs


def run_construction(config: Construction) -> dict[str, Any]:
    """E1: t* on the (gamma, eps) grid (one GD batch) and the Fig. 1 trajectory."""
    gamma, eps = (g.ravel() for g in np.meshgrid(config.gammas, config.epss, indexing="ij"))
    t_star = first_correct_iterations(gamma, eps, config.max_steps)
    if np.any(t_star < 0):
        raise RuntimeError(f"t* not reached within max_steps={config.max_steps} at some grid point: raise max_steps")
    trajectory = construction_trajectory(config.figure_gamma, config.figure_eps, config.figure_steps)
    w = trajectory.iterates[:, 0]
    minority = -0.5 * w[:, 0] + 3.0 * config.figure_gamma * w[:, 1]
    return {
        "gamma": gamma,
        "eps": eps,
        "t_star": t_star,
        "lemma15_bound": lemma15_bound(gamma, eps),
        "trajectory_t": trajectory.steps,
        "trajectory_w": w,
        "figure_tstar": np.int64(np.argmax(minority > 0)) if np.any(minority > 0) else np.int64(-1),
        "figure_gamma": np.float64(config.figure_gamma),
        "figure_eps": np.float64(config.figure_eps),
    }


def construction_stage(inputs: Inputs, outputs: Outputs, config: Construction, **wildcards: Any) -> None:
    """E1 stage: arrays, the t* table and its power-law fit, the Fig. 1 trajectory table, the SD1 metrics."""
    run = run_construction(config)
    save_arrays(outputs["arrays"], **run)
    write_csv(
        outputs["tstar"],
        (
            {"gamma": g, "eps": e, "t_star": int(t), "lemma15_bound": b}
            for g, e, t, b in zip(run["gamma"], run["eps"], run["t_star"], run["lemma15_bound"], strict=True)
        ),
        ["gamma", "eps", "t_star", "lemma15_bound"],
    )
    write_csv(
        outputs["trajectory"],
        ({"t": int(t), "w1": w[0], "w2": w[1]} for t, w in zip(run["trajectory_t"], run["trajectory_w"], strict=True)),
        ["t", "w1", "w2"],
    )
    fit = fit_power_law(run["gamma"], run["eps"], run["t_star"])
    write_csv(
        outputs["fit"],
        [{"a": fit.a, "b": fit.b, "c": fit.c, "residual_rms": fit.residual_rms}],
        ["a", "b", "c", "residual_rms"],
    )
    config.write_metrics(
        outputs["metrics"],
        construction_metrics(run["gamma"], run["eps"], run["t_star"], int(run["figure_tstar"])),
    )


def run_rates(config: Rates) -> dict[str, np.ndarray]:
    """E2: GD on every (seed, gamma) data set in one batch; losses, margin statistics and test errors."""
    w0 = np.eye(config.dim)[0]
    runs = [(s, g) for s in run_seeds(config.seed, config.seeds) for g in range(len(config.gammas))]
    rngs = [np.random.default_rng([s, g]) for s, g in runs]
    gammas = np.array([config.gammas[g] for _, g in runs])
    train = np.stack([margin_ball_sample(config.m, config.dim, gm, w0, r) for gm, r in zip(gammas, rngs, strict=True)])
    test = [margin_ball_sample(config.n_test, config.dim, gm, w0, r) for gm, r in zip(gammas, rngs, strict=True)]
    record = log_grid(config.steps, config.per_decade)
    run = gradient_descent(train, np.full(train.shape[:2], 1.0 / config.m), config.steps, record)
    levels = np.asarray(config.levels)
    shape = (len(record), len(runs), len(levels))
    excess, thresholds, quantiles = np.empty(shape), np.empty(shape), np.empty(shape)
    test_error = np.empty((len(record), len(runs)))
    for b in range(len(runs)):
        margins = normalized_margins(train[b], run.iterates[:, b])
        test_error[:, b] = zero_one_error(test[b], run.iterates[:, b])
        for j, p in enumerate(levels):
            excess[:, b, j] = thm9_excess(margins, run.losses[:, b], gammas[b], p)
            thresholds[:, b, j] = thm9_threshold(run.losses[:, b], gammas[b], p)
            quantiles[:, b, j] = np.quantile(margins, p, axis=1)
    return {
        "steps": run.steps,
        "losses": run.losses,
        "gammas": gammas,
        "seeds": np.array([s for s, _ in runs]),
        "levels": levels,
        "thm9_excess": excess,
        "thm9_thresholds": thresholds,
        "margin_quantiles": quantiles,
        "test_error": test_error,
    }


def rates_stage(inputs: Inputs, outputs: Outputs, config: Rates, **wildcards: Any) -> None:
    """E2 stage: arrays and the SD2/SD3 metrics."""
    run = run_rates(config)
    save_arrays(outputs["arrays"], **run)
    config.write_metrics(
        outputs["metrics"],
        rates_metrics(run["steps"], run["losses"], run["gammas"], run["thm9_excess"], run["test_error"], config.n_test),
    )


SMALL_SAMPLES_COLUMNS = ("m", "gamma", "seed", "test_error_final", "test_error_best_late", "late_rise")


def prefixed_by_m(m: int, run: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One small-m run's arrays under the keys `small_samples.npz` stores them by: m<m>_<name>."""
    return {f"m{m}_{name}": value for name, value in run.items()}


def runs_by_m(arrays: dict[str, np.ndarray]) -> dict[int, dict[str, np.ndarray]]:
    """`small_samples.npz`'s arrays back as one run per m (the inverse of `prefixed_by_m`), by increasing m."""
    runs: dict[int, dict[str, np.ndarray]] = {}
    for key, value in arrays.items():
        m, name = key[1:].split("_", 1)
        runs.setdefault(int(m), {})[name] = value
    return dict(sorted(runs.items()))


def small_samples_stage(inputs: Inputs, outputs: Outputs, config: SmallSamples, **wildcards: Any) -> None:
    """E2 at every small m: arrays (keys prefixed m<m>_), a table of each run's final and best late test
    error with SD3's late-rise excess, and the SD2/SD3 metrics."""
    arrays: dict[str, np.ndarray] = {}
    rows, per_m, finals = [], [], []
    for m in tqdm(config.ms, desc="E2 small samples, per m", file=sys.stderr, mininterval=5.0):
        run = run_rates(config.rates(m))
        arrays |= prefixed_by_m(m, run)
        steps, test_error = run["steps"], run["test_error"]
        late = steps >= steps[-1] / 100
        rises = late_rises(steps, test_error, config.n_test)
        rows += [
            {
                "m": m,
                "gamma": float(run["gammas"][b]),
                "seed": int(run["seeds"][b]),
                "test_error_final": float(test_error[-1, b]),
                "test_error_best_late": float(test_error[late, b].min()),
                "late_rise": float(rises[b]),
            }
            for b in range(test_error.shape[1])
        ]
        per_m.append(rates_metrics(steps, run["losses"], run["gammas"], run["thm9_excess"], test_error, config.n_test))
        finals.append(test_error[-1])
    save_arrays(outputs["arrays"], **arrays)
    write_csv(outputs["table"], rows, SMALL_SAMPLES_COLUMNS)
    config.write_metrics(outputs["metrics"], small_samples_metrics(per_m, np.concatenate(finals)))


LEMMA8_COLUMNS = ("experiment", "m", "gamma", "seed", "ratio_max", "t_at_max", "ratio_final")


def lemma8_rows(experiment: str, m: int, run: dict[str, np.ndarray]) -> list[dict]:
    """One row per E2 run: the largest ratio loss / Lemma 8's bound over the recorded T >= 2, where it
    occurs, and the ratio at the last T (how loose the bound is; SD2 needs every ratio <= 1)."""
    steps, ratio = loss_over_lemma8(run["steps"], run["losses"], run["gammas"])
    worst = np.argmax(ratio, axis=0)
    return [
        {
            "experiment": experiment,
            "m": m,
            "gamma": float(run["gammas"][b]),
            "seed": int(run["seeds"][b]),
            "ratio_max": float(ratio[worst[b], b]),
            "t_at_max": int(steps[worst[b]]),
            "ratio_final": float(ratio[-1, b]),
        }
        for b in range(ratio.shape[1])
    ]


def lemma8_table_stage(inputs: Inputs, outputs: Outputs, config: Rates, **wildcards: Any) -> None:
    """Table of Lemma 8's looseness on every E2 run (m = config.m) and every small-m run, from their arrays."""
    rows = lemma8_rows("rates", config.m, load_arrays(inputs["rates"]))
    for m, run in runs_by_m(load_arrays(inputs["small_samples"])).items():
        rows += lemma8_rows("small_samples", m, run)
    write_csv(outputs["table"], rows, LEMMA8_COLUMNS)


def run_mnist(config: Mnist) -> dict[str, Any]:
    """E3: pool and preprocess the 4s and 7s, phase 1 cleaning, max-margin directions, phase 2 GD."""
    digits = pooled_fours_and_sevens(
        config.dataset, config.pool_train, config.pool_test, config.max_points, config.pool_seed
    )
    x = drop_blank_pixels(preprocess(digits.images, digits.labels))
    cleaning = misclassified_after_gd(x, config.phase1_steps, config.per_decade)
    clean = np.delete(x, cleaning.removed, axis=0)
    gamma = max_margin(clean).gamma
    n_train = config.n_train if config.n_train is not None else int(round(config.train_fraction * len(clean)))
    splits = [random_split(len(clean), n_train, seed) for seed in config.split_seeds]
    train = np.stack([clean[tr] for tr, _ in splits])
    targets = [max_margin(t) for t in train]
    record = np.union1d(log_grid(config.steps, config.per_decade), [config.reference_step])
    run = gradient_descent(train, np.full(train.shape[:2], 1.0 / n_train), config.steps, record)
    curves = {name: np.empty((len(record), len(splits))) for name in ("train", "margin", "test", "distance")}
    for s, ((_, te), target) in enumerate(zip(splits, targets, strict=True)):
        w = run.iterates[:, s]
        curves["train"][:, s] = zero_one_error(train[s], w)
        curves["margin"][:, s] = margin_error(train[s], w, target.gamma / 2.0)
        curves["test"][:, s] = zero_one_error(clean[te], w)
        curves["distance"][:, s] = direction_distance(w, target.w)
    return {
        "steps": run.steps,
        "losses": run.losses,
        "train_error": curves["train"],
        "margin_error": curves["margin"],
        "test_error": curves["test"],
        "distance": curves["distance"],
        "split_seeds": np.asarray(config.split_seeds),
        "gamma_train": np.array([t.gamma for t in targets]),
        "gamma": np.float64(gamma),
        "points": np.int64(len(x)),
        "fours": np.int64(int((digits.labels > 0).sum())),
        "n_train": np.int64(n_train),
        "n_test": np.int64(len(clean) - n_train),
        "phase1_steps": cleaning.steps,
        "phase1_misclassified": cleaning.misclassified,
        "source": np.array(digits.source),
    }


def mnist_stage(inputs: Inputs, outputs: Outputs, config: Mnist, **wildcards: Any) -> None:
    """E3 stage: arrays, the error-curve table and the SD3/SD4 metrics (with the data's counts and gamma)."""
    run = run_mnist(config)
    save_arrays(outputs["arrays"], **run)
    write_csv(
        outputs["curves"],
        (
            {
                "t": int(t),
                "split": int(seed),
                "train_error": run["train_error"][k, s],
                "margin_error": run["margin_error"][k, s],
                "test_error": run["test_error"][k, s],
                "distance": run["distance"][k, s],
            }
            for s, seed in enumerate(run["split_seeds"])
            for k, t in enumerate(run["steps"])
        ),
        ["t", "split", "train_error", "margin_error", "test_error", "distance"],
    )
    counts = run["phase1_misclassified"]
    half = int(np.flatnonzero(run["phase1_steps"] <= config.phase1_steps / 2)[-1])
    config.write_metrics(
        outputs["metrics"],
        {
            "points": int(run["points"]),
            "fours": int(run["fours"]),
            "phase1_misclassified": int(counts[-1]),
            "phase1_misclassified_at_half": int(counts[half]),
            "gamma": float(run["gamma"]),
            "gamma_train_min": float(run["gamma_train"].min()),
            **mnist_metrics(
                run["steps"],
                run["train_error"],
                run["margin_error"],
                run["test_error"],
                run["distance"],
                int(run["n_test"]),
                config.reference_step,
            ),
        },
    )
