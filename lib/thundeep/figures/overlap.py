"""Legends that cover data: which plotted lines and markers a figure's legends lie over.

A legend may sit inside an axes only where no curve runs. The check is geometric, in display
coordinates after a draw: for every legend and every axes whose plotting area it overlaps, the part
of the legend inside that area is tested against each visible line (its path, or its markers where
it has no line) and each marker collection (scatter points). Filled areas (bands) are not counted.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.path import Path
from matplotlib.transforms import Bbox

NO_LINE = ("None", "none", "", " ")


def _label(artist) -> str:
    label = artist.get_label()
    return label if label and not label.startswith("_") else type(artist).__name__


def _covered(box: Bbox, points: np.ndarray, joined: bool) -> bool:
    """Whether the polyline through `points` (or, not `joined`, any of the points) meets `box`."""
    points = points[np.isfinite(points).all(axis=1)]
    if joined and len(points) > 1:
        return bool(Path(points).intersects_bbox(box, filled=False))
    x, y = points.T if len(points) else (np.empty(0), np.empty(0))
    return bool(((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)).any())


def legend_overlaps(fig) -> list[str]:
    """One line per (legend, axes, artist) where a legend lies over plotted data; empty when none does."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]
    problems = []
    for number, legend in enumerate(legends):
        if not legend.get_visible():
            continue
        extent = legend.get_window_extent(renderer)
        for index, ax in enumerate(fig.axes):
            inside = Bbox.intersection(extent, ax.bbox)
            if inside is None or inside.width <= 0 or inside.height <= 0:
                continue
            for line in ax.get_lines():
                if not line.get_visible() or len(line.get_xydata()) == 0:
                    continue
                points = line.get_transform().transform(line.get_xydata())
                if _covered(inside, points, joined=line.get_linestyle() not in NO_LINE):
                    problems.append(f"legend {number} covers line {_label(line)!r} in axes {index}")
            for collection in ax.collections:
                if isinstance(collection, PathCollection) and collection.get_visible():
                    offsets = collection.get_offset_transform().transform(collection.get_offsets())
                    if _covered(inside, np.asarray(offsets, dtype=float), joined=False):
                        problems.append(f"legend {number} covers markers {_label(collection)!r} in axes {index}")
    return problems


def _tick_labels(axis, renderer) -> list[tuple[str, Bbox]]:
    """The visible, non-empty tick labels of one axis (major and minor) with their extents."""
    labels = [t for t in axis.get_ticklabels(which="both") if t.get_visible() and t.get_text().strip()]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in labels]


def tick_label_overlaps(fig) -> list[str]:
    """One line per pair of tick labels of one axis that overlap (say, crowded minor labels of a log axis)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    for index, ax in enumerate(fig.axes):
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = _tick_labels(axis, renderer)
            for i, (text_a, box_a) in enumerate(labels):
                for text_b, box_b in labels[i + 1 :]:
                    both = Bbox.intersection(box_a, box_b)
                    if both is not None and both.width > 0 and both.height > 0:
                        problems.append(f"{name} tick labels {text_a!r} and {text_b!r} overlap in axes {index}")
    return problems
