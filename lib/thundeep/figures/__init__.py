"""Figure style and byte-stable saving shared by every paper's plots."""

from thundeep.figures.style import apply_style, legend_below, method_color, new_figure, save_figure

__all__ = ["apply_style", "legend_below", "method_color", "new_figure", "save_figure"]
