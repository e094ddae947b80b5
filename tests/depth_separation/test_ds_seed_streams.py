"""Seed streams reach every draw of depth_separation: stream 0 draws from the seeds it always used, and
stream k from those seeds shifted by k * STREAM_OFFSET, so no draw of stream k repeats one of stream 0.

Each test runs the real stage functions on tiny configs and records the (seed, stream) of every random
generator they create (`thundeep.nn.seeded.stream_generator` is the only source of randomness here).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from thundeep.depth_separation.config import BallTraining, ExplicitDepthThree, RandomFeatureWidths
from thundeep.depth_separation.stages import (
    depth3_stage,
    random_features_chunk_stage,
    random_features_stage,
    train_net_stage,
)
from thundeep.experiment import build
from thundeep.io import load_arrays
from thundeep.nn import seeded
from thundeep.seed_streams import STREAM_OFFSET, shift_seeds

BALL = dict(
    dim=4,
    nets=["2L-3"],
    input_law="uniform_radius",
    target="l1_ball",  # the L1 ball draws its radius from a reference sample
    batches=2,
    batch_size=5,
    lr=1e-3,
    seeds=2,
    validation_points=10,
    evaluations=1,
    final_window=1,
)
RF = dict(dims=[4], frequencies=[1.0], max_features=4, samples_per_feature=2, test_points=10, seeds=3)
DEPTH3 = dict(dims=[4], frequencies=[1.0], inner_pieces=[2], outer_pieces=[4], test_points=10)


@pytest.fixture
def draws(monkeypatch) -> list[tuple[int, int]]:
    """Every (seed, stream) passed to `stream_generator` while the test runs, from any module that uses it."""
    recorded: list[tuple[int, int]] = []
    original = seeded.stream_generator

    def recording(seed: int, stream: int):
        recorded.append((int(seed), int(stream)))
        return original(seed, stream)

    for module in [m for name, m in sys.modules.items() if name.startswith("thundeep")]:
        if getattr(module, "stream_generator", None) is original:
            monkeypatch.setattr(module, "stream_generator", recording)
    return recorded


def run_ball(config: BallTraining, out: Path) -> None:
    train_net_stage({}, {"curves": out}, config, net="2L-3")


def run_random_features(config: RandomFeatureWidths, out: Path) -> None:
    random_features_stage({}, {"errors": out}, config, d="4")


def run_random_features_part(config: RandomFeatureWidths, out: Path) -> None:
    random_features_chunk_stage({}, {"errors": out}, config, d="4", chunk="1", chunks=2)


def run_depth3(config: ExplicitDepthThree, out: Path) -> None:
    depth3_stage({}, {"arrays": out, "metrics": out.with_suffix(".json")}, config)


CASES = {
    "ball": (BallTraining, BALL, run_ball, {0, 1, 1000}),  # runs 0, 1; validation seed; L1 radius from seed 0
    "random_features": (RandomFeatureWidths, RF, run_random_features, {0, 1, 2}),
    "random_features_part": (RandomFeatureWidths, RF, run_random_features_part, {2}),  # part 1 of 2: seed 2
    "depth3": (ExplicitDepthThree, DEPTH3, run_depth3, {0}),  # the Monte Carlo sample's seed
}


@pytest.mark.parametrize("case", CASES)
def test_stream_zero_keeps_its_seeds_and_stream_two_shifts_every_draw(case, draws, tmp_path) -> None:
    cls, params, run, stream_zero_seeds = CASES[case]
    config = build(cls, params)
    recorded = {}
    for stream in (0, 2):
        draws.clear()
        run(shift_seeds(config, stream), tmp_path / f"stream{stream}.npz")
        recorded[stream] = sorted(set(draws))
    assert {seed for seed, _ in recorded[0]} == stream_zero_seeds
    assert recorded[2] == sorted((seed + 2 * STREAM_OFFSET, stream) for seed, stream in recorded[0])
    assert not {seed for seed, _ in recorded[2]} & {seed for seed, _ in recorded[0]}
    first = load_arrays(tmp_path / "stream0.npz")
    second = load_arrays(tmp_path / "stream2.npz")
    name = {"ball": "rmse", "depth3": "errors"}.get(case, "errors")
    assert not np.array_equal(first[name], second[name])  # new draws, new numbers
