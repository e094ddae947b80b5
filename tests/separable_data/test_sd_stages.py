"""Stages at a tiny size: the tables' exact columns, the metrics' names, determinism, the figures, seed streams."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

from thundeep.data.registry import Split
from thundeep.experiment import ConfigError, build, to_json
from thundeep.io import load_arrays, read_csv, read_json
from thundeep.seed_streams import STREAM_OFFSET, shift_seeds
from thundeep.separable_data import figures, mnist47, stages
from thundeep.separable_data.config import Construction, Mnist, Rates, SmallSamples

CONSTRUCTION = Construction(
    gammas=(1 / 8, 1 / 16), epss=(1 / 8, 1 / 16), max_steps=20_000, figure_gamma=0.2, figure_eps=0.1, figure_steps=120
)
RATES = Rates(dim=5, gammas=(0.1, 0.2), m=60, n_test=200, steps=300, seeds=2, per_decade=5, levels=(0.05, 0.2))
MNIST = Mnist(
    dataset="mnist_5k",
    pool_train=40,
    pool_test=20,
    max_points=None,
    phase1_steps=200,
    n_train=None,
    train_fraction=0.7,
    split_seeds=(0, 1),
    steps=300,
    per_decade=5,
    reference_step=100,
)


@pytest.fixture(autouse=True)
def one_torch_thread() -> Iterator[None]:
    """One torch thread: these small batched products run slower on two threads of a shared CPU."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def fake_digits(name: str, n_train: int, n_test: int, seed: int) -> Split:
    """60 made-up 'images' of 6 pixels: 4s and 7s that a direction separates, plus other digits."""
    rng = np.random.default_rng(7)
    digits = np.resize([4, 7, 1], 60)
    images = rng.random((60, 6)) + np.where(digits == 4, 0.8, 0.0)[:, None] * np.array([1, 1, 0, 0, 0, 0])
    return Split(images[:40], digits[:40], images[40:], digits[40:], "made up")


SUFFIX = {"arrays": ".npz", "metrics": ".json", "tstar": ".csv", "fit": ".csv", "trajectory": ".csv", "curves": ".csv"}


def outputs(tmp_path: Path, *names: str) -> dict[str, Path]:
    return {name: tmp_path / f"{name}{SUFFIX[name]}" for name in names}


def test_construction_stage_writes_the_tables_with_exact_columns(tmp_path: Path) -> None:
    out = outputs(tmp_path, "arrays", "tstar", "fit", "trajectory", "metrics")
    stages.construction_stage({}, out, CONSTRUCTION)
    tstar = read_csv(out["tstar"])
    assert list(tstar[0]) == ["gamma", "eps", "t_star", "lemma15_bound"] and len(tstar) == 4
    assert all(int(r["t_star"]) >= float(r["lemma15_bound"]) for r in tstar)
    trajectory = read_csv(out["trajectory"])
    assert list(trajectory[0]) == ["t", "w1", "w2"] and len(trajectory) == 121
    assert float(trajectory[0]["w1"]) == 0.0 and trajectory[1]["t"] == "1"
    metrics = read_json(out["metrics"])
    assert set(metrics) == set(Construction.metrics)
    assert float(read_csv(out["fit"])[0]["a"]) == metrics["exponent_gamma"]
    figures.construction_figure_stage(
        {"arrays": out["arrays"]}, {"pdf": tmp_path / "f.pdf", "png": tmp_path / "f.png"}, CONSTRUCTION
    )
    assert (tmp_path / "f.png").stat().st_size > 0


def test_rates_stage_is_deterministic_and_declares_its_metrics(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        stages.rates_stage({}, outputs(folder, "arrays", "metrics"), RATES)
    assert (first / "metrics.json").read_bytes() == (second / "metrics.json").read_bytes()
    a, b = load_arrays(first / "arrays.npz"), load_arrays(second / "arrays.npz")
    np.testing.assert_array_equal(a["losses"], b["losses"])
    assert set(read_json(first / "metrics.json")) == set(Rates.metrics)
    figures.rates_figure_stage(
        {"arrays": first / "arrays.npz"}, {"pdf": tmp_path / "f.pdf", "png": tmp_path / "f.png"}, RATES
    )


def test_mnist_stage_on_made_up_digits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mnist47, "load_dataset", fake_digits)
    out = outputs(tmp_path, "arrays", "curves", "metrics")
    stages.mnist_stage({}, out, MNIST)
    metrics = read_json(out["metrics"])
    assert set(metrics) == set(Mnist.metrics)
    assert metrics["points"] == 40 and metrics["gamma"] > 0
    curves = read_csv(out["curves"])
    assert list(curves[0]) == ["t", "split", "train_error", "margin_error", "test_error", "distance"]
    figures.mnist_figure_stage({"arrays": out["arrays"]}, {"pdf": tmp_path / "f.pdf", "png": tmp_path / "f.png"}, MNIST)


def test_configs_reject_bad_values() -> None:
    with pytest.raises(ConfigError, match="gammas"):
        build(Construction, {**to_json(CONSTRUCTION), "gammas": [0.3, 0.1]})
    with pytest.raises(ConfigError, match="train_fraction"):
        build(Mnist, {**to_json(MNIST), "train_fraction": 1.0})
    with pytest.raises(ConfigError, match="dataset"):
        build(Mnist, {**to_json(MNIST), "dataset": "cifar"})
    assert build(Rates, to_json(RATES)) == RATES


def test_rates_stream_zero_keeps_its_seeds_and_a_stream_draws_new_data() -> None:
    zero, one = stages.run_rates(RATES), stages.run_rates(shift_seeds(RATES, 1))
    np.testing.assert_array_equal(zero["seeds"], [0, 0, 1, 1])  # seeds 0..seeds-1, as before streams
    np.testing.assert_array_equal(one["seeds"], [STREAM_OFFSET] * 2 + [STREAM_OFFSET + 1] * 2)
    for name in ("losses", "test_error", "margin_quantiles"):
        assert not np.array_equal(zero[name], one[name]), name


def test_small_samples_runs_are_shifted_with_their_first_seed() -> None:
    small = SmallSamples(
        dim=5, gammas=(0.1,), ms=(20, 40), n_test=50, steps=10, seeds=2, per_decade=5, levels=(0.2,), seed=0
    )
    shifted = shift_seeds(small, 2)
    assert [shifted.rates(m).seed for m in small.ms] == [2 * STREAM_OFFSET] * 2
    assert shifted.rates(20).seeds == small.rates(20).seeds == 2  # the count of runs stays


def test_mnist_stream_draws_a_new_pool_and_new_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[int] = []

    def recording_digits(name: str, n_train: int, n_test: int, seed: int):
        drawn.append(seed)
        return fake_digits(name, n_train, n_test, seed)

    monkeypatch.setattr(mnist47, "load_dataset", recording_digits)
    shifted = shift_seeds(MNIST, 1)
    assert shifted.split_seeds == (STREAM_OFFSET, STREAM_OFFSET + 1)
    zero, one = stages.run_mnist(MNIST), stages.run_mnist(shifted)
    assert drawn == [0, STREAM_OFFSET]  # the pool's draw is shifted too
    assert not np.array_equal(zero["losses"], one["losses"])  # other splits: other training sets


def test_lemma8_table_reads_every_e2_run_and_agrees_with_the_sd2_metric(tmp_path: Path) -> None:
    small = SmallSamples(
        dim=5, gammas=(0.1, 0.2), ms=(20, 40), n_test=50, steps=300, seeds=2, per_decade=5, levels=(0.2,)
    )
    rates = {"arrays": tmp_path / "rates.npz", "metrics": tmp_path / "rates.json"}
    few = {"arrays": tmp_path / "small.npz", "table": tmp_path / "small.csv", "metrics": tmp_path / "small.json"}
    stages.rates_stage({}, rates, RATES)
    stages.small_samples_stage({}, few, small)
    table = tmp_path / "lemma8.csv"
    stages.lemma8_table_stage({"rates": rates["arrays"], "small_samples": few["arrays"]}, {"table": table}, RATES)
    rows = read_csv(table)
    assert list(rows[0]) == list(stages.LEMMA8_COLUMNS) and len(rows) == 4 + 8
    assert {(r["experiment"], r["m"]) for r in rows} == {
        ("rates", "60"),
        ("small_samples", "20"),
        ("small_samples", "40"),
    }
    for experiment, metrics in (("rates", rates["metrics"]), ("small_samples", few["metrics"])):
        worst = max(float(r["ratio_max"]) for r in rows if r["experiment"] == experiment)
        assert worst == read_json(metrics)["loss_over_lemma8_max"]
