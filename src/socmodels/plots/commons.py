"""Figures for the chapter on governing the commons (public goods games).

Every function takes model results (arrays from :mod:`socmodels.commons`) and returns a
:class:`matplotlib.figure.Figure`; none runs a model. The chapter's explorers are in
:mod:`socmodels.explorers.commons`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from ._style import PALETTE, draw_curves, new_figure

__all__ = [
    "STRATEGY_COLOURS",
    "STRATEGY_LABELS",
    "plot_payoff_gap",
    "plot_trajectories",
    "plot_strategy_fractions",
    "plot_snapshots",
    "plot_phase_diagram",
    "plot_curves",
    "plot_diversity_curves",
    "plot_spatial_frame",
    "plot_cpr_learning",
]

#: One colour per strategy code (defector, cooperator, moralist, immoralist, conditional).
STRATEGY_COLOURS = (PALETTE[1], PALETTE[0], PALETTE[2], PALETTE[8], PALETTE[4])
STRATEGY_LABELS = (
    "defector",
    "cooperator",
    "moralist (punishing cooperator)",
    "immoralist (punishing defector)",
    "conditional cooperator",
)
_CMAP = ListedColormap(STRATEGY_COLOURS)
_NORM = BoundaryNorm(np.arange(-0.5, 5.5), _CMAP.N)


def _check_grid(grid) -> np.ndarray:
    grid = np.asarray(grid)
    if grid.ndim != 2 or grid.shape[0] != grid.shape[1]:
        raise ValueError(f"grid must be a square 2-D array of strategy codes, got {grid.shape}")
    return grid


def _draw_grid(ax, grid, title=None):
    ax.imshow(grid, cmap=_CMAP, norm=_NORM, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title:
        ax.set_title(title, fontsize=10)


def _legend_handles(codes):
    return [Patch(color=STRATEGY_COLOURS[c], label=STRATEGY_LABELS[c]) for c in codes]


def plot_payoff_gap(cooperator_fraction, payoffs, *, group_size, synergy):
    """Expected payoffs of cooperators and defectors against the cooperator fraction.

    Parameters
    ----------
    cooperator_fraction : array_like, shape (n,)
    payoffs : array_like, shape (n, 5)
        Rows of :func:`socmodels.commons.expected_payoffs`.
    group_size, synergy : int, float
        Shown in the title and used to label the gap ``1 − r/G``.
    """
    x = np.asarray(cooperator_fraction, dtype=float)
    payoffs = np.asarray(payoffs, dtype=float)
    if payoffs.shape != (x.size, 5):
        raise ValueError(f"payoffs must have shape ({x.size}, 5), got {payoffs.shape}")
    fig, ax = new_figure(width=6.0, height=3.6)
    ax.plot(x, payoffs[:, 0], color=STRATEGY_COLOURS[0], lw=2.5, label="defector")
    ax.plot(x, payoffs[:, 1], color=STRATEGY_COLOURS[1], lw=2.5, ls="--", label="cooperator")
    mid = x.size // 2
    ax.annotate(
        "",
        xy=(x[mid], payoffs[mid, 1]),
        xytext=(x[mid], payoffs[mid, 0]),
        arrowprops={"arrowstyle": "<->", "color": "0.3"},
    )
    ax.text(x[mid] + 0.02, payoffs[mid, :2].mean(), f"gap 1 − r/G = {1 - synergy / group_size:.2f}")
    ax.set_xlabel("fraction of cooperators in the population, x")
    ax.set_ylabel("expected payoff per game")
    ax.set_title(f"Free-riding always pays more (G = {group_size}, r = {synergy:g})")
    ax.legend(frameon=False)
    return fig


def plot_trajectories(
    times,
    series: Mapping[str, Sequence[float]],
    *,
    ylabel,
    title,
    xlabel="time",
    logx=False,
    styles: Mapping[str, dict] | None = None,
    margins: Mapping[str, float] | None = None,
):
    """Several labelled curves over a common time axis (e.g. cooperation for several r).

    ``margins`` fixes the layout (``subplots_adjust`` keywords) instead of constrained
    layout: faster to draw, for explorer frames.
    """
    times = np.asarray(times, dtype=float)
    if not series:
        raise ValueError("series must hold at least one curve")
    fig, ax = new_figure(width=6.0, height=3.6, margins=margins)
    for i, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != times.shape:
            raise ValueError(f"series {label!r} has shape {values.shape}, times {times.shape}")
        style = {"color": PALETTE[i % len(PALETTE)], "lw": 2}
        style.update((styles or {}).get(label, {}))
        ax.plot(times, values, label=label, **style)
    if logx:
        ax.set_xscale("symlog", linthresh=1)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9)
    return fig


def plot_strategy_fractions(times, fractions, *, title, xlabel="Monte Carlo steps", logx=True):
    """Fraction of each strategy present over time (one line per strategy used)."""
    times = np.asarray(times, dtype=float)
    fractions = np.asarray(fractions, dtype=float)
    if fractions.shape != (times.size, 5):
        raise ValueError(f"fractions must have shape ({times.size}, 5), got {fractions.shape}")
    fig, ax = new_figure(width=6.0, height=3.6)
    for s in range(5):
        if fractions[:, s].max() > 0:
            ax.plot(
                times, fractions[:, s], color=STRATEGY_COLOURS[s], lw=2, label=STRATEGY_LABELS[s]
            )
    if logx:
        ax.set_xscale("symlog", linthresh=1)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("fraction of players")
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9)
    return fig


def plot_snapshots(snapshots, times, *, title=None):
    """A row of lattice configurations (strategy codes), one per time."""
    snapshots = np.asarray(snapshots)
    if snapshots.ndim != 3 or len(times) != snapshots.shape[0] or snapshots.shape[0] == 0:
        raise ValueError("snapshots must have shape (k, L, L) with one time per snapshot")
    k = snapshots.shape[0]
    fig, axes = new_figure(ncols=k, width=1.9 * k + 0.4, height=2.6)
    axes = np.atleast_1d(axes)
    for ax, grid, t in zip(axes, snapshots, times, strict=True):
        _draw_grid(ax, _check_grid(grid), f"{int(t)} MCS")
    present = sorted(set(np.unique(snapshots).tolist()))
    fig.legend(
        handles=_legend_handles(present),
        loc="outside lower center",
        ncols=len(present),
        frameon=False,
        fontsize=9,
    )
    if title:
        fig.suptitle(title)
    return fig


def plot_phase_diagram(
    synergy_over_group_size,
    cooperation,
    *,
    thresholds=None,
    labels=None,
    title="Cooperation on the square lattice (K = 0.5)",
):
    """Stationary cooperator fraction against the normalised synergy ``r / G``.

    Parameters
    ----------
    synergy_over_group_size : array_like, shape (n,)
    cooperation : array_like, shape (n,) or (m, n)
        One curve, or ``m`` curves (e.g. one per lattice size).
    thresholds : sequence of float, optional
        Published transition points (in ``r / G``), drawn as dotted lines.
    labels : sequence of str, optional
        One label per curve.
    """
    eta = np.asarray(synergy_over_group_size, dtype=float)
    curves = np.atleast_2d(np.asarray(cooperation, dtype=float))
    if curves.shape[1] != eta.size:
        raise ValueError(f"cooperation must have {eta.size} columns, got {curves.shape}")
    labels = list(labels) if labels is not None else [None] * curves.shape[0]
    fig, ax = new_figure(width=6.0, height=3.6)
    markers = "os^D"
    for i, (curve, label) in enumerate(zip(curves, labels, strict=True)):
        ax.plot(eta, curve, marker=markers[i % 4], color=PALETTE[i], lw=1.8, label=label)
    for j, t in enumerate(thresholds or ()):
        ax.axvline(
            t, color="0.35", ls=":", lw=1.5, label="published thresholds" if j == 0 else None
        )
    ax.axvline(1.0, color="0.6", ls="-", lw=1, label="well-mixed threshold r = G")
    ax.set_xlabel("normalised synergy r / G")
    ax.set_ylabel("fraction of cooperators")
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    return fig


def plot_curves(
    x,
    curves: Mapping[str, Sequence[float]],
    *,
    xlabel,
    title,
    ylabel="fraction of cooperators",
    reference=None,
):
    """Several labelled sweep curves (markers and lines) over a common parameter axis.

    ``reference`` draws a vertical grey line (e.g. ``η = 1``, the well-mixed threshold).
    """
    x = np.asarray(x, dtype=float)
    fig, ax = new_figure(width=6.0, height=3.6)
    draw_curves(ax, x, curves, markers="os^Dv", lw=1.8)
    if reference is not None:
        ax.axvline(reference, color="0.6", lw=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9)
    return fig


def plot_diversity_curves(
    eta, curves: Mapping[str, Sequence[float]], *, title="Public goods on heterogeneous networks"
):
    """Cooperation against ``η = r / (⟨k⟩ + 1)`` for several network / cost variants."""
    return plot_curves(
        eta, curves, xlabel="normalised synergy η = r / (⟨k⟩ + 1)", title=title, reference=1.0
    )


def plot_spatial_frame(
    grid, times, fractions, *, title, grid_title="strategies at the end", margins=None
):
    """Explorer frame: a strategy grid (left) and the strategy fractions over time (right).

    ``margins`` fixes the layout (``subplots_adjust`` keywords) instead of constrained
    layout: faster to draw, for explorer frames.
    """
    grid = _check_grid(grid)
    times = np.asarray(times, dtype=float)
    fractions = np.asarray(fractions, dtype=float)
    if fractions.shape != (times.size, 5):
        raise ValueError(f"fractions must have shape ({times.size}, 5), got {fractions.shape}")
    fig, (left, right) = new_figure(ncols=2, width=7.2, height=3.3, margins=margins)
    _draw_grid(left, grid, grid_title)
    for s in range(5):
        if fractions[:, s].max() > 0:
            right.plot(
                times,
                fractions[:, s],
                color=STRATEGY_COLOURS[s],
                lw=2,
                label=STRATEGY_LABELS[s].split(" (")[0],
            )
    right.set_ylim(-0.03, 1.03)
    right.set_xlabel("Monte Carlo steps")
    right.set_ylabel("fraction of players")
    right.legend(frameon=False, fontsize=8, loc="best")
    fig.suptitle(title, fontsize=11)
    return fig


def plot_cpr_learning(
    periods,
    bands: Mapping[str, tuple],
    benchmarks: Mapping[str, float],
    group_sizes,
    rent_kept,
    *,
    n_runs,
):
    """The common-pool resource game: learning runs (left) and the rent kept at Nash (right).

    Parameters
    ----------
    periods : array_like, shape (T,)
    bands : mapping label -> (mean, low, high), each shape (T,)
        Mean total investment over ``n_runs`` runs and its 95 % interval.
    benchmarks : mapping label -> float
        Horizontal reference totals (optimum, Nash, open access).
    group_sizes, rent_kept : array_like, shape (k,)
        ``n`` and the share of the maximum rent kept at the Nash equilibrium.
    n_runs : int
        Shown in the left panel's title.
    """
    periods = np.asarray(periods, dtype=float)
    fig, (left, right) = new_figure(2, 1, width=9.0, height=3.6)
    for i, (label, (mean, low, high)) in enumerate(bands.items()):
        mean, low, high = (np.asarray(v, dtype=float) for v in (mean, low, high))
        if not mean.shape == low.shape == high.shape == periods.shape:
            raise ValueError(f"band {label!r} must have the shape of periods {periods.shape}")
        colour = PALETTE[i % len(PALETTE)]
        left.fill_between(periods, low, high, color=colour, alpha=0.3, lw=0)
        left.plot(periods, mean, color=colour, lw=2, label=label)
    for j, (label, level) in enumerate(benchmarks.items()):
        left.axhline(level, color="0.35", ls=(0, (4, 2 + 2 * j)), lw=1)
        left.text(periods[-1], level, f" {label}", va="center", ha="left", fontsize=8)
    left.set_xlabel("period")
    left.set_ylabel("group investment X (tokens)")
    left.set_title(f"Learning in the CPR game (mean of {n_runs} runs, 95 % band)", fontsize=10)
    left.legend(frameon=False, fontsize=8, loc="center right")
    n = np.asarray(group_sizes, dtype=float)
    right.plot(n, np.asarray(rent_kept, dtype=float), "o-", color=PALETTE[2], lw=2)
    right.set_ylim(0, 1.05)
    right.set_xscale("log")
    right.set_xlabel("number of appropriators n")
    right.set_ylabel("share of the maximum rent kept")
    right.set_title("At the Nash equilibrium: 4n / (n + 1)²", fontsize=10)
    return fig
