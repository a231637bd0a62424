"""Figures for the atomization chapter: percolation curves, tie-formation runs, maps.

The plot functions take model results and return a Figure; none runs a model. The
explorers that draw their frames with :func:`plot_removal_frame` and
:func:`plot_ai_explorer_frame` are in :mod:`socmodels.explorers.atomization`.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from matplotlib.collections import LineCollection
from matplotlib.ticker import MaxNLocator
from scipy.sparse.csgraph import connected_components

from ..atomization import CONFIDANT_THRESHOLD
from ._style import PALETTE, figure_and_axes, fixed_layout, new_figure

__all__ = [
    "network_layout",
    "plot_ai_explorer_frame",
    "plot_ai_trajectories",
    "plot_alpha_beta_map",
    "plot_core_calibration",
    "plot_er_percolation",
    "plot_network",
    "plot_removal_frame",
    "plot_removal_strategies",
    "plot_turnover_clustering",
]

STRATEGY_LABELS = {
    "random": "random ties",
    "weak": "weakest first",
    "strong": "strongest first",
    "bridging": "bridging first (low overlap)",
}

METRIC_LABELS = {
    "mean_degree": "mean number of ties",
    "clustering": "clustering",
    "isolates_share": "share isolated",
    "giant_fraction": "giant component",
    "mean_core_size": "core discussion network size",
    "no_confidant_share": "share with no confidant",
}


def plot_er_percolation(curve, theory_mean_degree, theory_giant):
    """Giant component and isolates against the remaining mean degree, with theory.

    ``curve`` is a :class:`~socmodels.atomization.PercolationCurve` of random removal
    from an Erdős–Rényi graph; ``theory_giant`` is ``S(c)`` at ``theory_mean_degree``.
    """
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.4)
    c = np.asarray(theory_mean_degree)
    left.plot(c, theory_giant, color=PALETTE[0], lw=2, label="theory: $S = 1 - e^{-cS}$")
    left.plot(
        curve.mean_degree, curve.giant_fraction, "o", ms=3.5, color=PALETTE[1], label="simulation"
    )
    left.axvline(1.0, color="0.3", ls="--", lw=1)
    left.annotate(
        "critical point $c = 1$",
        xy=(1.0, 0.5),
        xytext=(1.6, 0.25),
        arrowprops={"arrowstyle": "->", "color": "0.3"},
        fontsize=9,
    )
    left.set(
        xlabel="mean degree $c$ (ties per person)",
        ylabel="giant component $S$",
        title="Giant component",
        ylim=(-0.02, 1.02),
    )
    left.legend(loc="lower right", fontsize=9)
    right.plot(c, np.exp(-c), color=PALETTE[0], lw=2, label="theory: $e^{-c}$")
    right.plot(
        curve.mean_degree, curve.isolates_share, "o", ms=3.5, color=PALETTE[1], label="simulation"
    )
    right.axvline(1.0, color="0.3", ls="--", lw=1)
    right.set(
        xlabel="mean degree $c$ (ties per person)",
        ylabel="share isolated",
        title="Isolates",
        ylim=(-0.02, 1.02),
    )
    right.legend(loc="upper right", fontsize=9)
    return fig


def plot_removal_strategies(curves):
    """Giant component and isolates as ties are removed, one line per strategy."""
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.4)
    styles = ["-", "--", "-.", ":"]
    for k, curve in enumerate(curves):
        label = STRATEGY_LABELS.get(curve.strategy, curve.strategy)
        style = {"color": PALETTE[k % len(PALETTE)], "ls": styles[k % 4], "lw": 2}
        left.plot(curve.removed_fraction, curve.giant_fraction, label=label, **style)
        right.plot(curve.removed_fraction, curve.isolates_share, label=label, **style)
    left.set(
        xlabel="share of ties removed",
        ylabel="giant component",
        title="Giant component",
        ylim=(-0.02, 1.02),
    )
    right.set(
        xlabel="share of ties removed",
        ylabel="share isolated",
        title="Isolates",
        ylim=(-0.02, 1.02),
    )
    left.legend(loc="lower left", fontsize=9)
    return fig


def plot_turnover_clustering(turnovers, clustering, mean_degree, n_agents):
    """Clustering against turnover, with the random-graph level ``<k>/N`` for contrast,
    and the mean degree against the tie-balance prediction ``(1 - C)/p``."""
    p = np.asarray(turnovers, dtype=float)
    clustering = np.asarray(clustering, dtype=float)
    mean_degree = np.asarray(mean_degree, dtype=float)
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.4)
    left.plot(p, clustering, "o-", color=PALETTE[0], lw=2, label="triadic closure (DEB)")
    left.plot(
        p,
        mean_degree / n_agents,
        "s--",
        color=PALETTE[1],
        lw=2,
        label="random graph, same $\\langle k\\rangle$",
    )
    left.set(
        xscale="log", yscale="log", xlabel="turnover $p$", ylabel="clustering", title="Clustering"
    )
    left.legend(loc="center left", fontsize=9)
    right.plot(p, mean_degree, "o", color=PALETTE[0], ms=6, label="simulation")
    right.plot(
        p, (1 - clustering) / p, "-", color=PALETTE[2], lw=1.5, label="tie balance $(1 - C)/p$"
    )
    right.set(
        xscale="log",
        yscale="log",
        xlabel="turnover $p$",
        ylabel="mean degree $\\langle k\\rangle$",
        title="Mean degree",
    )
    right.legend(loc="upper right", fontsize=9)
    return fig


def plot_ai_trajectories(runs, labels, *, ai_start=None):
    """Six metrics over time for several runs (e.g. different AI-attention shares)."""
    fig, axes = new_figure(ncols=3, nrows=2, width=9.0, height=5.2)
    for k, (run, label) in enumerate(zip(runs, labels, strict=True)):
        time = run.sweeps + (0.0 if ai_start is None else ai_start)
        for ax, metric in zip(axes.flat, METRIC_LABELS, strict=True):
            ax.plot(
                time, getattr(run, metric), color=PALETTE[k % len(PALETTE)], lw=1.8, label=label
            )
    for ax, metric in zip(axes.flat, METRIC_LABELS, strict=True):
        ax.set_title(METRIC_LABELS[metric], fontsize=10)
        if ai_start is not None:
            ax.axvline(ai_start, color="0.4", ls=":", lw=1)
    for ax in axes[1]:
        ax.set_xlabel("time (sweeps)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=9)
    return fig


def plot_alpha_beta_map(grid, metrics=("giant_fraction", "mean_core_size", "clustering")):
    """Heat maps of stationary metrics over AI attention α (rows) and brokerage β."""
    fig, axes = new_figure(ncols=len(metrics), width=3.2 * len(metrics), height=3.4)
    axes = np.atleast_1d(axes)
    for ax, metric in zip(axes, metrics, strict=True):
        values = grid.values[metric]
        image = ax.imshow(values, origin="lower", aspect="auto", cmap="viridis")
        for (a, b), value in np.ndenumerate(values):
            shade = "white" if value < (values.min() + values.max()) / 2 else "black"
            ax.text(b, a, f"{value:.2f}", ha="center", va="center", fontsize=7, color=shade)
        ax.set_xticks(range(grid.brokerages.size), [f"{b:.2g}" for b in grid.brokerages])
        ax.set_yticks(range(grid.ai_shares.size), [f"{a:.2g}" for a in grid.ai_shares])
        ax.set(xlabel="AI brokerage β", ylabel="AI attention share α", title=METRIC_LABELS[metric])
        ax.grid(False)
        fig.colorbar(image, ax=ax, shrink=0.85)
    return fig


def plot_core_calibration(fit):
    """The model's (mean core size, share with no confidant) against the GSS points."""
    fig, ax = new_figure(width=6.0, height=4.0)
    core = fit.baseline_core.ravel()
    alone = fit.baseline_no_confidant.ravel()
    grid = "turnover grid" if fit.threshold_grid.size == 1 else "turnover × threshold grid"
    ax.scatter(core, alone, s=14, color="0.65", label=f"no AI: {grid}")
    ax.plot(
        fit.ai_core,
        fit.ai_no_confidant,
        "o-",
        color=PALETTE[0],
        ms=4,
        lw=1.5,
        label="fitted baseline, rising AI share α",
    )
    years = sorted(fit.targets)
    for k, year in enumerate(years):
        target = fit.targets[year]
        ax.plot(
            target["mean_core_size"],
            target["no_confidant_share"],
            marker="*",
            ms=16,
            color=PALETTE[1 + k],
            ls="none",
            label=f"GSS {year}",
        )
    for k, (point, year) in enumerate(((fit.before, years[0]), (fit.after, years[1]))):
        ax.plot(
            point["mean_core_size"],
            point["no_confidant_share"],
            "D",
            color=PALETTE[1 + k],
            mfc="none",
            ms=9,
            label=f"model fit to {year}",
        )
    ax.set(
        xlabel="mean core discussion network size",
        ylabel="share with no confidant",
        title="Core discussion networks",
    )
    ax.legend(fontsize=8, loc="upper right")
    return fig


_DENSE_LAYOUT_LIMIT = 500  # networkx also switches to its sparse solver at 500 nodes


def _spring_layout(ties, spacing, seed, iterations, threshold=1e-4):
    """Fruchterman–Reingold positions of a small graph (dense 0/1 matrix ``ties``).

    The same iteration, random start (``RandomState(seed)``), cooling and final rescaling
    to [-1, 1] as ``networkx.spring_layout`` below 500 nodes, with the sum of the forces
    written as a matrix product: about four times faster, which keeps explorer frames
    within their budget. Positions agree with networkx to ~1e-5.
    """
    n = ties.shape[0]
    positions = np.random.RandomState(seed).rand(n, 2)
    # The largest step, a tenth of the starting square's side, cooled linearly to zero.
    step_size = max(np.ptp(positions[:, 0]), np.ptp(positions[:, 1])) * 0.1
    cooling = step_size / (iterations + 1)
    for _ in range(iterations):
        dx = positions[:, 0:1] - positions[:, 0]
        dy = positions[:, 1:2] - positions[:, 1]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 0.01)
        # Repulsion k²/d between all pairs, attraction d²/k along ties (per unit vector).
        force = spacing * spacing / (distance * distance) - ties * (distance / spacing)
        displacement = positions * force.sum(axis=1)[:, None] - force @ positions
        length = np.maximum(np.sqrt((displacement * displacement).sum(axis=1)), 0.01)
        step = displacement * (step_size / length)[:, None]
        positions += step
        step_size -= cooling
        if np.sqrt((step * step).sum()) / n < threshold:
            break
    positions -= positions.mean(axis=0)
    largest = np.abs(positions).max()
    if largest > 0:
        positions /= largest
    return positions


def network_layout(adjacency, *, seed=0, iterations=25):
    """Positions (an ``(n, 2)`` array) for drawing a network: a spring layout of the
    people who have ties, with the isolated ones on a ring around it (a spring layout
    would fling them far away and shrink everything else to a dot)."""
    matrix = sp.csr_array(adjacency)
    n = matrix.shape[0]
    connected = np.flatnonzero(np.diff(matrix.indptr) > 0)
    isolated = np.setdiff1d(np.arange(n), connected)
    positions = np.zeros((n, 2))
    if connected.size:
        ties = matrix[connected][:, connected]
        spacing = 2.0 / np.sqrt(connected.size)
        if connected.size < _DENSE_LAYOUT_LIMIT:
            positions[connected] = _spring_layout(ties.toarray(), spacing, seed, iterations)
        else:
            graph = nx.from_scipy_sparse_array(ties)
            spring = nx.spring_layout(graph, seed=seed, iterations=iterations, k=spacing)
            positions[connected] = np.array([spring[i] for i in range(connected.size)])
    if isolated.size:
        angle = np.linspace(0.0, 2 * np.pi, isolated.size, endpoint=False)
        positions[isolated] = 1.2 * np.column_stack([np.cos(angle), np.sin(angle)])
    return positions


#: Margins of the two-panel explorer frames (network left, curves right).
_FRAME_MARGINS = {"left": 0.01, "right": 0.98, "bottom": 0.14, "top": 0.9, "wspace": 0.18}


def _frame_title(ax, text):
    # Plain text instead of ax.set_title: title placement checks every tick label's
    # extent and was a third of the drawing time of an explorer frame.
    ax.text(
        0.5,
        1.03,
        text,
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=10,
        fontweight="bold",
    )


def _frame_axes(ax, xlabel):
    ax.set(xlabel=xlabel, ylabel="share of people", ylim=(-0.02, 1.02), yticks=[0, 0.5, 1])
    ax.xaxis.set_major_locator(MaxNLocator(4))


def _node_colours(adjacency):
    _, labels = connected_components(adjacency, directed=False)
    sizes = np.bincount(labels)
    degree = np.diff(sp.csr_array(adjacency).indptr)
    in_giant = labels == np.argmax(sizes)
    return in_giant, degree == 0


def plot_network(
    tie_strength, positions, *, strong_tie_threshold=CONFIDANT_THRESHOLD, ax=None, title=None
):
    """Draw a network: strong ties dark and thick, weak ties light; people in the giant
    component filled, others outlined, isolates marked in orange."""
    fig, ax = figure_and_axes(ax, width=4.0, height=4.0)
    strength = sp.csr_array(tie_strength)
    upper = sp.triu(strength, k=1).tocoo()
    strong = upper.data >= strong_tie_threshold
    segments = np.stack([positions[upper.row], positions[upper.col]], axis=1)
    ax.add_collection(LineCollection(segments[~strong], colors="0.75", linewidths=0.5))
    ax.add_collection(LineCollection(segments[strong], colors=PALETTE[0], linewidths=1.3))
    in_giant, isolated = _node_colours(strength)
    others = ~in_giant & ~isolated
    ax.scatter(*positions[in_giant].T, s=12, color=PALETTE[0], zorder=3)
    ax.scatter(*positions[others].T, s=12, facecolor="white", edgecolor=PALETTE[0], zorder=3)
    ax.scatter(*positions[isolated].T, s=14, color=PALETTE[1], marker="x", zorder=3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        _frame_title(ax, title)
    return fig


def plot_ai_explorer_frame(run, positions):
    """Explorer frame: the final network (left) and the metrics over time (right)."""
    fig, (left, right) = new_figure(ncols=2, width=8.4, height=3.8)
    fixed_layout(fig, **_FRAME_MARGINS)
    threshold = run.params.get("strong_tie_threshold", CONFIDANT_THRESHOLD)
    plot_network(
        run.tie_strength,
        positions,
        strong_tie_threshold=threshold,
        ax=left,
        title=f"{run.params['n_agents']} people after {run.sweeps[-1]:.0f} sweeps",
    )
    for k, metric in enumerate(("giant_fraction", "isolates_share", "no_confidant_share")):
        right.plot(
            run.sweeps, getattr(run, metric), color=PALETTE[k], lw=1.8, label=METRIC_LABELS[metric]
        )
    _frame_axes(right, "time (sweeps)")
    _frame_title(
        right, f"mean ties {run.mean_degree[-1]:.1f}, core size {run.mean_core_size[-1]:.2f}"
    )
    right.legend(fontsize=8, loc="center right")
    return fig


def plot_removal_frame(tie_strength, positions, order, removed_fraction, curve):
    """Percolation explorer frame: the network with a share of ties removed (left) and
    where that puts it on the giant-component curve (right)."""
    strength = sp.csr_array(tie_strength)
    n = strength.shape[0]
    i, j = order
    keep = slice(int(round(removed_fraction * i.size)), None)
    remaining = sp.coo_array(
        (np.asarray(strength[i[keep], j[keep]]).ravel(), (i[keep], j[keep])), shape=(n, n)
    ).tocsr()
    remaining = remaining + remaining.T
    fig, (left, right) = new_figure(ncols=2, width=8.4, height=3.8)
    fixed_layout(fig, **_FRAME_MARGINS)
    plot_network(
        remaining,
        positions,
        ax=left,
        title=f"{removed_fraction:.0%} of ties removed ({curve.strategy})",
    )
    right.plot(
        curve.removed_fraction,
        curve.giant_fraction,
        color=PALETTE[0],
        lw=2,
        label="giant component",
    )
    right.plot(
        curve.removed_fraction,
        curve.isolates_share,
        color=PALETTE[1],
        lw=2,
        ls="--",
        label="share isolated",
    )
    right.axvline(removed_fraction, color="0.3", ls=":", lw=1.2)
    _frame_axes(right, "share of ties removed")
    _frame_title(right, "Where this network is")
    right.legend(fontsize=8, loc="center left")
    return fig
