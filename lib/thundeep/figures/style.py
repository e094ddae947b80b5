"""One seaborn style for all papers, and a saver that writes identical bytes on every run."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter  # noqa: E402

from thundeep.figures.overlap import legend_overlaps, tick_label_overlaps  # noqa: E402

PALETTE = sns.color_palette("colorblind")
"""Colour-blind-safe palette (seaborn's `colorblind`)."""

METHOD_COLORS: dict[str, tuple[float, float, float]] = {}
"""Colours keyed by method name, filled on first use so a method keeps its colour across figures."""


def method_color(name: str) -> tuple[float, float, float]:
    """The palette colour assigned to method `name` (stable within one process)."""
    if name not in METHOD_COLORS:
        METHOD_COLORS[name] = PALETTE[len(METHOD_COLORS) % len(PALETTE)]
    return METHOD_COLORS[name]


def readable_log_ticks(axis: Axis, low: float, high: float) -> None:
    """Label a log axis spanning [low, high] at 1, 2, 5 x 10^k (up to two decades, else at decades only),
    in plain numbers, with no minor labels: over about one decade matplotlib's default labels the minor
    ticks (3x10^1, 4x10^1) on top of each other."""
    subs = (1.0, 2.0, 5.0) if np.log10(high / low) <= 2 else (1.0,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(ScalarFormatter())
    axis.set_minor_formatter(NullFormatter())


def apply_style() -> None:
    """Apply the shared seaborn theme (paper context, white grid, colour-blind palette)."""
    sns.set_theme(context="paper", style="whitegrid", palette=PALETTE, font_scale=1.1)
    plt.rcParams.update(
        {
            "svg.hashsalt": "thundeep",
            "pdf.compression": 6,
            "figure.dpi": 100,
            "savefig.bbox": "tight",
        }
    )


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 4.2, height: float = 3.4, **kw):
    """Create a styled figure with an nrows x ncols grid of axes of the given size each (inches)."""
    apply_style()
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), **kw)
    return fig, axes


def legend_below(
    fig, handles: list | None = None, labels: list[str] | None = None, *, ncol: int = 3, fontsize: float = 8
) -> None:
    """One legend for the whole figure, under all its axes and their labels, so it covers no data.

    Without `handles` it gathers the labelled artists of every axes, each label once.
    """
    if handles is None:
        entries: dict[str, object] = {}
        for ax in fig.axes:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                entries.setdefault(label, handle)
        handles, labels = list(entries.values()), list(entries)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bottom = min(ax.get_tightbbox(renderer).y0 for ax in fig.axes)
    top = fig.transFigure.inverted().transform((0.0, bottom))[1]
    fig.legend(
        handles, labels, loc="upper center", bbox_to_anchor=(0.5, top), ncol=ncol, fontsize=fontsize, frameon=False
    )


def save_figure(fig, pdf: str | Path, png: str | Path, dpi: int = 150) -> None:
    """Save `fig` as PDF and PNG with pinned metadata (no dates), then close it.

    A legend that lies over plotted data, and overlapping tick labels, are reported on stderr (the
    job's log), one line each.
    """
    for problem in legend_overlaps(fig) + tick_label_overlaps(fig):
        print(f"[thundeep] figure overlap: {problem}", file=sys.stderr)
    pdf_metadata = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": "thundeep"}
    fig.savefig(pdf, format="pdf", metadata=pdf_metadata)
    fig.savefig(png, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
