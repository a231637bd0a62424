"""Figure functions for the book (matplotlib + seaborn).

One module per theme (``plots.measures``, ``plots.consensus``, …) over a shared style
(:mod:`socmodels.plots._style`). Every function returns a :class:`matplotlib.figure.Figure`
and takes model *results* (arrays, dataclasses), never runs a model itself. Models never
import this package.
"""

from ._style import FIGSIZE, PALETTE, new_figure, use_book_style

use_book_style()

__all__ = ["FIGSIZE", "PALETTE", "new_figure", "use_book_style"]
