"""The legend-over-data check that every saved figure goes through."""

from __future__ import annotations

import numpy as np

from thundeep.figures import legend_below, new_figure
from thundeep.figures.overlap import legend_overlaps

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
