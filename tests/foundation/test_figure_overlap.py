"""The legend-over-data and tick-label checks that every saved figure goes through."""

from __future__ import annotations

import numpy as np

from thundeep.figures import legend_below, new_figure
from thundeep.figures.overlap import legend_overlaps, tick_label_overlaps
from thundeep.nonsmooth_stationarity.figures import plot_gd_iterations

X = np.linspace(0.0, 1.0, 50)


def test_a_legend_over_a_curve_a_reference_line_or_markers_is_found() -> None:
    fig, ax = new_figure()
    ax.plot(X, np.full_like(X, 0.9), label="high")
    ax.plot(X, np.full_like(X, 0.1), label="low")
    ax.axhline(0.95, color="black", label="reference")
    ax.scatter([0.9], [0.97], label="points")
    ax.set(xlim=(0, 1), ylim=(0, 1))
    ax.legend(loc="upper right")
    found = legend_overlaps(fig)
    assert "legend 0 covers line 'high' in axes 0" in found
    assert "legend 0 covers line 'reference' in axes 0" in found
    assert "legend 0 covers markers 'points' in axes 0" in found
    assert not any("'low'" in problem for problem in found)


def test_a_legend_where_no_curve_runs_or_below_the_axes_is_clean() -> None:
    fig, ax = new_figure()
    ax.plot(X, np.full_like(X, 0.1), label="low")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper right")
    assert legend_overlaps(fig) == []
    fig, axes = new_figure(ncols=2)
    for ax in axes:
        ax.plot(X, X, label="diagonal")
    legend_below(fig)
    assert legend_overlaps(fig) == []


def test_overlapping_tick_labels_are_found() -> None:
    fig, ax = new_figure(width=2.0, height=2.0)
    ax.set_xticks([1.0, 1.05], labels=["a long label", "another long one"])
    assert tick_label_overlaps(fig) == ["x tick labels 'a long label' and 'another long one' overlap in axes 0"]
    fig, ax = new_figure()
    ax.plot(X, X)
    assert tick_label_overlaps(fig) == []


def gd_rows(dims: list[int]) -> list[dict[str, str]]:
    """A gd_iterations table of the real columns over `dims` (values from T = sqrt(d)/eps)."""
    return [{"d": str(d), "eps": str(eps), "iterations": str(np.sqrt(d) / eps)} for d in dims for eps in (0.2, 0.1)]


def test_the_gd_iterations_figure_has_no_overlapping_tick_labels_at_smoke_or_default() -> None:
    metrics = {"ns2_d_exponent": 0.5, "ns2_eps_exponent": -1.0}
    smoke = plot_gd_iterations(gd_rows([16, 64, 256]), metrics)  # the smoke dims of paper.yaml
    assert tick_label_overlaps(smoke) == []
    default = plot_gd_iterations(gd_rows([16 * 2**i for i in range(10)]), metrics)  # default: 16 .. 8192
    assert tick_label_overlaps(default) == []
