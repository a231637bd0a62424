"""The book's figure style: one colour-blind-safe palette, one size, one font scale."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: Okabe–Ito colours (via seaborn's "colorblind" palette), safe for the common colour-vision
#: deficiencies; use PALETTE[i] rather than named colours so every chapter matches.
PALETTE = sns.color_palette("colorblind")

#: Default figure size in inches (≈ 640 × 400 px at dpi 100 on the page).
FIGSIZE = (6.4, 4.0)


class BookFigure(Figure):
    """A matplotlib figure that shows itself as a PNG in notebooks, without pyplot.

    Not registering figures with pyplot means a notebook cell displays the returned
    figure exactly once (no second copy from the inline backend), and figures are freed
    as soon as they are no longer referenced.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def use_book_style() -> None:
    """Apply the book's seaborn theme (called once on import of :mod:`socmodels.plots`)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    plt.rcParams.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            # Stable SVG/PNG output: no date stamps or random ids in saved files.
            "svg.hashsalt": "socmodels",
            "path.simplify": True,
        }
    )


def new_figure(
    ncols: int = 1,
    nrows: int = 1,
    *,
    width: float | None = None,
    height: float | None = None,
    margins: dict | None = None,
    **subplot_kw,
):
    """Return ``(fig, axes)`` in book style; ``width``/``height`` in inches.

    The figure is not registered with pyplot, so a notebook shows it exactly once (as
    the cell's value) and it is freed when no longer referenced; no ``plt.close`` needed.

    ``margins`` (``subplots_adjust`` keywords such as ``left``, ``top``, ``wspace``) fixes
    the layout instead of constrained layout, which costs a layout pass per draw: explorer
    frames, which must draw in < 150 ms, pass it.
    """
    w = FIGSIZE[0] if width is None else width
    h = FIGSIZE[1] if height is None else height
    fig = BookFigure(figsize=(w, h), layout="constrained" if margins is None else None)
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    if margins is not None:
        fig.subplots_adjust(**margins)
    return fig, axes


def figure_and_axes(ax=None, *, width: float | None = None, height: float | None = None):
    """``(fig, ax)``: the figure of a given ``ax`` to draw into, or a new book figure."""
    if ax is None:
        return new_figure(width=width, height=height)
    return ax.figure, ax


def check_result(name: str, value, kind: str, attributes) -> None:
    """Refuse, with a TypeError naming ``name``, a ``value`` that lacks the fields of ``kind``."""
    if not all(hasattr(value, attribute) for attribute in attributes):
        raise TypeError(f"{name} must be a {kind}, got {type(value).__name__}")


def fixed_layout(fig, *, few_ticks: bool = False, **margins):
    """Fixed margins instead of constrained layout, for explorer frames; returns ``fig``.

    A frame is redrawn on every slider move and must draw in 150 ms: the
    constrained-layout solver is the slowest part of drawing a small figure. ``margins``
    go to :meth:`matplotlib.figure.Figure.subplots_adjust`. With ``few_ticks`` titles sit
    at a fixed height and linear axes get at most four ticks (laying out text dominates
    frames with many labels).
    """
    fig.set_layout_engine(None)
    fig.subplots_adjust(**margins)
    if few_ticks:
        for ax in fig.axes:
            ax.set_title(ax.get_title(), y=1.0, pad=4)
            for axis in (ax.xaxis, ax.yaxis):
                if axis.get_scale() == "linear":
                    axis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
    return fig


def draw_curves(ax, x, curves, *, name="curves", markers="osD^v", **style):
    """Draw each labelled curve of ``curves`` (label → values) against ``x``.

    Curve ``k`` gets marker ``markers[k]`` and palette colour ``k``; ``style`` goes to
    every ``ax.plot``. Raises ValueError naming ``name`` when there is no curve, and
    ``name[label]`` for a curve whose length differs from ``x``.
    """
    x = np.asarray(x, dtype=float)
    if not curves:
        raise ValueError(f"{name} must hold at least one curve")
    for k, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != x.shape:
            raise ValueError(
                f"{name}[{label!r}] must have one value per point ({x.shape}), "
                f"got shape {values.shape}"
            )
        color = PALETTE[k % len(PALETTE)]
        ax.plot(x, values, marker=markers[k % len(markers)], color=color, label=label, **style)
