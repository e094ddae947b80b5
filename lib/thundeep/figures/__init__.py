"""Figure style and byte-stable saving shared by every paper's plots."""

from thundeep.figures.style import (
    apply_style,
    legend_below,
    method_color,
    new_figure,
    readable_log_ticks,
    save_figure,
)

__all__ = ["apply_style", "legend_below", "method_color", "new_figure", "readable_log_ticks", "save_figure"]
