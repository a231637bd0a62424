"""Figure functions for the book (matplotlib + seaborn).

One module per theme (``plots.measures``, ``plots.consensus``, …) over a shared style
(:mod:`socmodels.plots._style`). Every function takes model *results* (arrays,
dataclasses) and returns a :class:`matplotlib.figure.Figure` with the book's style; none
runs a model or imports ipywidgets. The explorers that run small models and draw them
with these figures live in :mod:`socmodels.explorers`. Models never import this package.
"""

from ._style import FIGSIZE, PALETTE, fixed_layout, new_figure, use_book_style

use_book_style()

__all__ = ["FIGSIZE", "PALETTE", "fixed_layout", "new_figure", "use_book_style"]
