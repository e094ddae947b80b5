"""Yehudai & Shamir (2020) Sec. 6.2, Fig. 1: GD on F for x ~ N(mu, I_2) and the angle theta(w_t, v)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from thundeep.extremes import largest
from thundeep.relu_neuron.descent import Trajectory, gradient_descent
from thundeep.single_neuron.config import Landmarks
from thundeep.single_neuron.quadrature import population_loss_and_gradient


def descend_from_starts(
    starts: np.ndarray,
    teacher: np.ndarray,
    mean: np.ndarray,
    lrs: Sequence[float],
    steps: int,
    record_every: int,
    order: int,
) -> Trajectory:
    """GD on F from every start with every step size at once: runs ordered (lr, start), lr-major."""
    batch = np.concatenate([starts] * len(lrs))
    run_lrs = np.repeat(np.asarray(lrs, dtype=np.float64), len(starts))
    return gradient_descent(
        lambda w: population_loss_and_gradient(w, teacher, mean, order),
        batch,
        run_lrs,
        steps,
        record_every=record_every,
        desc="single neuron GD",
    )


def angle_events(steps: np.ndarray, angles: np.ndarray, close: float) -> dict[str, float]:
    """Landmarks of one angle curve theta(w_t, v) recorded at `steps`.

    peak: the step of the largest angle; first_close: the first step with angle < `close`
    (nan if never); rise: largest angle minus the starting angle.
    """
    below = np.flatnonzero(angles < close)
    return {
        "peak": float(steps[np.argmax(angles)]),
        "first_close": float(steps[below[0]]) if below.size else float("nan"),
        "rise": float(angles.max() - angles[0]),
    }


def settled_step(steps: np.ndarray, angles: np.ndarray, close: float) -> float:
    """First recorded step after which every curve (columns of `angles`) stays below `close`."""
    above = np.flatnonzero(np.any(angles >= close, axis=1))
    if above.size == 0:
        return float(steps[0])
    return float(steps[above[-1] + 1]) if above[-1] + 1 < len(steps) else float("nan")


def loss_surface(teacher: np.ndarray, mean: np.ndarray, xs: np.ndarray, ys: np.ndarray, order: int) -> np.ndarray:
    """F on the grid xs x ys, shaped (len(ys), len(xs)) for contour plots."""
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    loss, _ = population_loss_and_gradient(grid, teacher, mean, order)
    return loss.reshape(len(ys), len(xs))


def angle_metrics(
    steps: np.ndarray,
    angles: np.ndarray,
    distances: np.ndarray,
    close: float,
    published: Landmarks,
) -> dict[str, float]:
    """Metrics of Fig. 1 from the angles (R, 2, S) and final distances |w_T - v| (2, S).

    Axis 1 is the normalisation: 0 = F as stated with the paper's step, 1 = the rescaled run. The
    landmarks "climb_*" follow the first start, (-1, 1) in the paper; `published` holds the landmarks
    read off the paper's plot, and the ratios published/ours estimate the time scale between the two.
    SN2 reads the first two starts (stated step): each one's rise above its starting angle, the room
    pi - theta_0 it had, how far its peak stays below pi, and how many steps after the peak the angle
    first comes close to 0 (negative or nan: it never rose before falling).
    """
    metrics: dict[str, float] = {}
    for index, suffix in enumerate(("", "_rescaled")):
        curves = angles[:, index, :]
        climb = angle_events(steps, curves[:, 0], close)
        metrics[f"final_distance_max{suffix}"] = float(distances[index].max())
        metrics[f"climb_peak_step{suffix}"] = climb["peak"]
        metrics[f"climb_first_close_step{suffix}"] = climb["first_close"]
        metrics[f"settled_step{suffix}"] = settled_step(steps, curves, close)
    rising = [angle_events(steps, angles[:, 0, s], close) for s in (0, 1)]
    metrics["rise_first_start"] = rising[0]["rise"]
    metrics["rise_second_start"] = rising[1]["rise"]
    metrics["room_second_start"] = float(np.pi - angles[0, 0, 1])
    metrics["peak_gap_max"] = largest(np.pi - angles[:, 0, s].max() for s in (0, 1))
    metrics["fall_after_peak_min"] = float(np.min([r["first_close"] - r["peak"] for r in rising]))
    ours = {"peak": metrics["climb_peak_step"], "first_close": metrics["climb_first_close_step"]}
    for name, step in ours.items():  # nan when our curve has no such landmark (peak at the start)
        metrics[f"time_scale_{name}"] = getattr(published, name) / step if step > 0 else float("nan")
    return metrics
