"""Part B: depth-2 against depth-3 ReLU nets trained online on a ball indicator (Safran & Shamir 2017, Sec. 5).

Every seed of one architecture is trained in one seed-stacked model (`thundeep.nn.trainer`): same
networks as separate runs, one pass. The measured quantity is the validation RMSE against the
number of batches processed; a net's final RMSE is the mean of its last few evaluations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np
import torch

from thundeep.depth_separation.nets import Architecture, BallNorm, InputLaw, parse_net  # noqa: F401 (parse_net: re-exported)
from thundeep.depth_separation.radial_inputs import ball_indicator, gaussian_shell_inputs, uniform_radius_inputs
from thundeep.extremes import largest, smallest
from thundeep.nn.seeded import stream_generator
from thundeep.nn.subnetworks import DenseMLP
from thundeep.nn.trainer import OnlineAdam, Sampler, fresh_batches, seedwise_rmse, train_seeds_online

VALIDATION_STREAM = 10
"""Random stream (of the validation seed) of the fixed validation set."""
RADIUS_STREAM = 11
"""Random stream of the reference sample whose median ||x||_1 is the L1 ball's radius."""


def draw_inputs(law: InputLaw, n: int, d: int, radius_max: float, gen: torch.Generator) -> torch.Tensor:
    """n inputs of the named law: `uniform_radius` (r ~ U[0, radius_max]) or `gaussian_shell` (N(0, I/d))."""
    if law == "uniform_radius":
        return uniform_radius_inputs(n, d, radius_max, gen)
    return gaussian_shell_inputs(n, d, gen)


def ball_radius(
    target: BallNorm, law: InputLaw, d: int, radius_max: float, seed: int = 0, reference: int = 100_000
) -> float:
    """The ball's radius: 1 for the unit L2 ball; for the L1 ball the median ||x||_1 of a reference sample
    (stream RADIUS_STREAM of `seed`)."""
    if target == "l2_ball":
        return 1.0
    x = draw_inputs(law, reference, d, radius_max, stream_generator(seed, RADIUS_STREAM)).double()
    return float(x.abs().sum(dim=1).median())


def _ball_samples(
    n: int, gen: torch.Generator, law: InputLaw, d: int, radius_max: float, norm: int, radius: float
) -> tuple[torch.Tensor, torch.Tensor]:
    x = draw_inputs(law, n, d, radius_max, gen)
    return x, ball_indicator(x, radius, norm)


def ball_sampler(law: InputLaw, target: BallNorm, d: int, radius_max: float, seed: int = 0) -> Sampler:
    """Draws (x, 1{x in the ball}) from the input law; the ball is the unit L2 ball or the median L1 ball
    (its radius from a reference sample of `seed`)."""
    norm = 2 if target == "l2_ball" else 1
    return partial(
        _ball_samples,
        law=law,
        d=d,
        radius_max=radius_max,
        norm=norm,
        radius=ball_radius(target, law, d, radius_max, seed),
    )


def validation_set(sampler: Sampler, n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The fixed validation set: n samples from stream VALIDATION_STREAM of `seed`."""
    return sampler(n, stream_generator(seed, VALIDATION_STREAM))


def train_architecture(
    architecture: Architecture,
    seeds: Sequence[int],
    sampler: Sampler,
    schedule: OnlineAdam,
    validation: tuple[torch.Tensor, torch.Tensor],
    evaluations: int,
    device: torch.device | str = "cpu",
    progress: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Train every seed of `architecture` at once; returns the evaluated steps (E,) and RMSEs (E, S).

    He-normal weights and zero biases (per seed, stream 0 of the seed); validation RMSE at step 0 and
    every steps/evaluations batches.
    """
    model = DenseMLP(architecture.sizes, seeds, bias=True).to(device)
    x_val, y_val = (t.to(device) for t in validation)
    steps, rmse = train_seeds_online(
        model,
        fresh_batches(sampler, seeds, schedule.batch_size, device),
        schedule,
        lambda m: seedwise_rmse(m, x_val, y_val),
        every=schedule.steps // evaluations,
        progress=progress,
    )
    return np.asarray(steps), rmse.cpu().numpy()


def final_rmse(rmse: np.ndarray, window: int) -> np.ndarray:
    """Each seed's final RMSE: the mean of its last `window` evaluations; rmse (E, S) -> (S,)."""
    return rmse[-window:].mean(axis=0)


def depth_metrics(finals: Mapping[str, np.ndarray], depths: Mapping[str, int]) -> dict[str, float]:
    """Claims DS1-DS3 from each net's per-seed final RMSEs (NaN where a net they read is absent).

    - `depth3_margin` (DS1): best depth-2 seed-mean minus the worse depth-3 seed-mean.
    - `width_ratio` (DS2): seed-mean RMSE of 2L-800 over that of 2L-100.
    - `wide_minus_narrow_depth3` (DS3): 3L-100-100 minus 3L-100-20 in seed-mean RMSE.
    - `seed_spread`: the largest standard deviation over seeds of any net's final RMSE.
    """
    means = {name: float(np.mean(v)) for name, v in finals.items()}
    shallow = [m for name, m in means.items() if depths[name] == 2]
    deep = [m for name, m in means.items() if depths[name] == 3]
    nan = float("nan")
    return {  # NaN-propagating reductions: a diverged net must reach the verdict
        "depth3_margin": smallest(shallow) - largest(deep) if shallow and deep else nan,
        "width_ratio": means["2L-800"] / means["2L-100"] if {"2L-800", "2L-100"} <= means.keys() else nan,
        "wide_minus_narrow_depth3": (
            means["3L-100-100"] - means["3L-100-20"] if {"3L-100-100", "3L-100-20"} <= means.keys() else nan
        ),
        "best_depth2_rmse": smallest(shallow) if shallow else nan,
        "best_depth3_rmse": smallest(deep) if deep else nan,
        "seed_spread": largest(float(np.std(v)) for v in finals.values()),
    }
