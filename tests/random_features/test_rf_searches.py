"""N_eps searches and fitted exponents: the grid, the first success, gamma on exact power laws."""

import math

import numpy as np

from thundeep.experiment import build
from thundeep.io import read_csv
from thundeep.random_features.config import PopulationFeatures
from thundeep.random_features.n_eps import fitted_exponent, n_eps, width_grid
from thundeep.random_features.stages import population_stage


def test_width_grid_is_rounded_quarter_octaves() -> None:
    assert width_grid(16, 4) == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 16]
    assert width_grid(4096, 4)[-3:] == [2896, 3444, 4096]


def test_n_eps_is_the_first_width_below_eps_for_the_mean_and_each_seed() -> None:
    widths = [1, 2, 4, 8]
    errors = np.array([[0.9, 0.8], [0.3, 0.05], [0.12, 0.07], [0.01, 0.02]])
    mean, per_seed = n_eps(widths, errors, 0.1)
    assert mean == 4.0 and per_seed == [8.0, 2.0]
    assert math.isnan(n_eps(widths, errors, 0.001)[0])


def test_fitted_exponent_recovers_power_laws_and_their_spread() -> None:
    dims = [4, 8, 16]
    mean = {d: 3.0 * d**2 for d in dims}
    seeds = {d: [2.0 * d**1.5, 5.0 * d**2.5] for d in dims}
    gamma, spread = fitted_exponent(dims, mean, seeds)
    assert abs(gamma - 2.0) < 1e-12 and abs(spread - np.std([1.5, 2.5], ddof=1)) < 1e-12


def test_a_search_only_dimension_stops_at_the_first_width_where_every_seed_succeeds(tmp_path) -> None:
    config = build(
        PopulationFeatures,
        {
            "curve_dims": [4, 8],
            "max_width": 256,
            "per_octave": 4,
            "seeds": 2,
            "seed": 0,
            "cutoff": 1e-12,
            "coarse": {"eps": 0.1, "dims": [6, 8]},
            "fine": {"eps": 0.05, "dims": [4, 5]},
            "ratio_width": 64,
            "floor_dims": [8],
            "floor_width": 256,
            "sample": {"cells": [[4, 8]], "samples_per_feature": 40, "test_points": 1000},
            "rf1_cells": [[4, 8]],
        },
    )
    population_stage({}, {"rows": tmp_path / "d5.csv"}, config, d="5")
    rows = read_csv(tmp_path / "d5.csv")
    widths = sorted({int(r["N"]) for r in rows})
    last = [float(r["exact_relative_error"]) for r in rows if int(r["N"]) == widths[-1]]
    before = [float(r["exact_relative_error"]) for r in rows if int(r["N"]) == widths[-2]]
    assert max(last) <= 0.05 < max(before) and widths[-1] < 256
