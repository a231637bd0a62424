"""Figures of the aggregation chapter: cities, cultural maps, transitions, opinion runs.

Pure figure functions: data (arrays, results) in, a book-style :class:`Figure` out. They run
no model and know no widgets. ``margins`` (``subplots_adjust`` keywords) gives a fixed
layout instead of constrained layout, for explorer frames that must draw in < 150 ms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap

from ..measures import mean_interval  # re-exported: the chapters import it from here
from ._style import PALETTE, new_figure

__all__ = [
    "mean_interval",
    "plot_city",
    "plot_cities",
    "plot_transition",
    "plot_culture_map",
    "plot_community_sizes",
    "plot_coevolving_network",
    "plot_opinion_trajectories",
    "plot_ai_scenarios",
]

#: Empty cells white, the two kinds in the book's first two colours.
CITY_COLOURS = ListedColormap([(1.0, 1.0, 1.0), PALETTE[0], PALETTE[1]])


def _draw_city(ax, grid, title):
    ax.imshow(np.asarray(grid), cmap=CITY_COLOURS, vmin=0, vmax=2, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title:
        ax.set_title(title, fontsize=10)


def plot_city(grid, *, title=None, width=3.2, height=3.4, margins=None):
    """One Schelling city: empty cells white, the two kinds in two colours."""
    fig, ax = new_figure(width=width, height=height, margins=margins)
    _draw_city(ax, grid, title)
    return fig


def plot_cities(grids: Sequence, titles: Sequence[str], *, width=None, height=3.0, margins=None):
    """Several Schelling cities side by side (e.g. before and after)."""
    if len(grids) != len(titles) or not grids:
        raise ValueError("grids and titles must be non-empty and of equal length")
    fig, axes = new_figure(
        len(grids), width=width or 2.9 * len(grids), height=height, margins=margins
    )
    for ax, grid, title in zip(np.atleast_1d(axes), grids, titles, strict=True):
        _draw_city(ax, grid, title)
    return fig


def plot_transition(
    x,
    runs: Mapping[str, np.ndarray],
    *,
    xlabel: str,
    ylabel: str,
    references: Mapping[str, tuple] | None = None,
    logx: bool = False,
    vline: tuple[float, str] | None = None,
    width=6.4,
    height=3.8,
    margins=None,
):
    """Per-run values (dots) and their mean with a 95 % interval (line, band) against ``x``.

    ``runs`` maps a series label to an array of shape ``(len(x), n_runs)``;
    ``references`` maps a label to ``(x, y)`` points (e.g. published values), drawn as
    open diamonds; ``vline`` marks a value of ``x`` (e.g. a critical point).
    """
    x = np.asarray(x, dtype=float)
    fig, ax = new_figure(width=width, height=height, margins=margins)
    for k, (label, values) in enumerate(runs.items()):
        values = np.asarray(values, dtype=float)
        if values.shape[0] != x.size:
            raise ValueError(f"runs[{label!r}] must have one row per x, got {values.shape}")
        colour = PALETTE[k % len(PALETTE)]
        jitter = np.repeat(x[:, None], values.shape[1], axis=1)
        ax.scatter(jitter.ravel(), values.ravel(), s=8, alpha=0.3, color=colour, linewidths=0)
        mean, half = mean_interval(values)
        ax.plot(x, mean, "-o", color=colour, label=f"{label} (mean, 95 % interval)", ms=4)
        ax.fill_between(x, mean - half, mean + half, color=colour, alpha=0.25, linewidth=0)
    for k, (label, (rx, ry)) in enumerate((references or {}).items()):
        ax.plot(rx, ry, "D", mfc="none", color=PALETTE[(k + 3) % len(PALETTE)], ms=7, label=label)
    if vline is not None:
        ax.axvline(vline[0], color="0.4", ls=":", lw=1)
        ax.annotate(
            vline[1],
            (vline[0], 0.98),
            xycoords=("data", "axes fraction"),
            ha="left",
            va="top",
            fontsize=8,
            color="0.3",
        )
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="best")
    return fig


def plot_culture_map(traits, *, title=None, width=3.2, height=3.4, margins=None):
    """A cultural map: each distinct culture a colour (the largest regions in the palette)."""
    traits = np.asarray(traits)
    side = traits.shape[0]
    flat = traits.reshape(side * side, -1)
    _, labels, counts = np.unique(flat, axis=0, return_inverse=True, return_counts=True)
    labels = labels.reshape(-1)
    rank = np.empty(counts.size, dtype=int)
    rank[np.argsort(-counts, kind="stable")] = np.arange(counts.size)
    colours = np.array([PALETTE[k] for k in range(8)] + [(0.82, 0.82, 0.82)])
    image = colours[np.minimum(rank[labels], 8)].reshape(side, side, 3)
    fig, ax = new_figure(width=width, height=height, margins=margins)
    ax.imshow(image, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_community_sizes(sizes, *, exponent=None, width=5.0, height=3.6):
    """Histogram of community sizes on log–log axes (logarithmic bins), with a power law.

    ``sizes``: community sizes pooled over runs; ``exponent``: draw ``s^(−exponent)``
    through the histogram for comparison.
    """
    sizes = np.asarray(sizes, dtype=float)
    if sizes.size == 0 or sizes.min() < 1:
        raise ValueError("sizes must be a non-empty array of sizes >= 1")
    edges = np.unique(np.round(np.logspace(0, np.log10(sizes.max() + 1), 14)))
    counts, edges = np.histogram(sizes, bins=edges)
    density = counts / np.diff(edges) / sizes.size
    centres = np.sqrt(edges[:-1] * edges[1:])
    keep = density > 0
    fig, ax = new_figure(width=width, height=height)
    ax.loglog(centres[keep], density[keep], "o", color=PALETTE[0], label="simulated")
    if exponent is not None:
        anchor = np.flatnonzero(keep)[1] if keep.sum() > 1 else np.flatnonzero(keep)[0]
        line = density[anchor] * (centres / centres[anchor]) ** (-exponent)
        ax.loglog(centres, line, "--", color=PALETTE[1], label=f"slope −{exponent:g}")
    ax.set_xlabel("community size s")
    ax.set_ylabel("P(s)")
    ax.legend(fontsize=8)
    return fig


def _community_layout(n, edges):
    """Positions: each connected community a disc on a grid, largest first."""
    import scipy.sparse as sp
    import scipy.sparse.csgraph as csgraph

    graph = sp.csr_array((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = csgraph.connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    columns = int(np.ceil(np.sqrt(order.size)))
    positions = np.zeros((n, 2))
    scale = np.sqrt(sizes.max())
    for slot, community in enumerate(order):
        members = np.flatnonzero(labels == community)
        centre = np.array([slot % columns, -(slot // columns)], dtype=float) * 1.1 * scale * 0.5
        angle = np.arange(members.size) * 2.399963  # golden-angle sunflower
        radius = 0.45 * 0.5 * scale * np.sqrt((np.arange(members.size) + 0.5) / max(1, sizes.max()))
        positions[members] = centre + np.column_stack(
            [radius * np.cos(angle), radius * np.sin(angle)]
        )
    return positions, labels


def plot_coevolving_network(opinions, edges, *, title=None, width=4.4, height=4.0, margins=None):
    """The final network of a coevolving-network run, communities drawn apart.

    Each community (connected component) is a disc; the largest is coloured, the rest are
    grey with their edges.
    """
    opinions = np.asarray(opinions)
    edges = np.asarray(edges)
    positions, labels = _community_layout(opinions.size, edges)
    sizes = np.bincount(labels)
    fig, ax = new_figure(width=width, height=height, margins=margins)
    segments = positions[edges]
    ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.4, alpha=0.6))
    big = labels == np.argmax(sizes)
    ax.scatter(*positions[~big].T, s=9, color="0.55", linewidths=0, label="smaller communities")
    ax.scatter(*positions[big].T, s=9, color=PALETTE[0], linewidths=0, label="largest community")
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.legend(fontsize=7, loc="lower right", frameon=True)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_opinion_trajectories(
    runs: Mapping[str, object],
    *,
    n_agents_shown: int = 120,
    time_unit: float = 1.0,
    time_label: str = "meetings per person",
    width=None,
    height=3.4,
    margins=None,
):
    """Opinion trajectories of several runs side by side (each a panel).

    ``runs`` maps a title to a run with ``times``, ``trajectory`` and, optionally, a
    non-empty ``ai_stance`` (drawn as a thick dashed line).
    """
    if not runs:
        raise ValueError("runs must not be empty")
    fig, axes = new_figure(
        len(runs), width=width or 3.3 * len(runs), height=height, margins=margins, sharey=True
    )
    for ax, (title, run) in zip(np.atleast_1d(axes), runs.items(), strict=True):
        times = np.asarray(run.times) / time_unit
        shown = np.asarray(run.trajectory)[:, : min(n_agents_shown, run.trajectory.shape[1])]
        segments = np.stack([np.broadcast_to(times[:, None], shown.shape), shown], axis=-1)
        ax.add_collection(
            LineCollection(
                segments.transpose(1, 0, 2), colors=[PALETTE[0]], linewidths=0.5, alpha=0.5
            )
        )
        stance = np.asarray(getattr(run, "ai_stance", np.zeros(0)))
        if stance.size:
            ax.plot(times, stance, "--", color=PALETTE[3], lw=2.2, label="AI's stance")
            ax.legend(fontsize=7, loc="upper right")
        ax.set_xlim(times[0], times[-1])
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(time_label)
    np.atleast_1d(axes)[0].set_ylabel("opinion")
    return fig


def plot_ai_scenarios(
    labels: Sequence[str], metrics: Mapping[str, np.ndarray], *, width=6.4, height=3.4
):
    """Grouped bars: one group per metric, one bar per scenario, with 95 % intervals.

    ``metrics`` maps a metric's name to an array of shape ``(len(labels), n_runs)``.
    """
    fig, ax = new_figure(width=width, height=height)
    n = len(labels)
    bar = 0.8 / n
    for m, values in enumerate(metrics.values()):
        mean, half = mean_interval(values)
        for k in range(n):
            ax.bar(
                m + (k - (n - 1) / 2) * bar,
                mean[k],
                bar * 0.95,
                yerr=half[k],
                color=PALETTE[k % len(PALETTE)],
                capsize=3,
                label=labels[k] if m == 0 else None,
            )
    ax.set_xticks(range(len(metrics)))
    ax.set_xticklabels(list(metrics), fontsize=9)
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
