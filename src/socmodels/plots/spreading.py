"""Figures for the spreading chapter: outbreaks, cascades, complex contagion, rumours.

Every function takes results (arrays, the dataclasses of :mod:`socmodels.spreading`) and
returns a :class:`matplotlib.figure.Figure`; none runs a model. The ``*_frame`` functions
draw explorer frames with fixed margins (no layout pass), for the 150 ms budget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.collections import LineCollection

from ._style import PALETTE, BookFigure, check_result, figure_and_axes, new_figure

__all__ = [
    "plot_outbreak_sizes",
    "plot_outbreak_curves",
    "plot_cascade_frequency",
    "plot_lattice_contagion",
    "plot_rumour_run",
    "plot_never_heard",
    "plot_correction",
    "radial_layout",
    "ring_layout",
    "plot_network_cascade_frame",
    "plot_outbreak_frame",
    "plot_rumour_frame",
]

#: Colours of the states: not reached, reached/adopted (a sequence over time), etc.
_GREY = "#d9d9d9"
_FRAME_MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.15, "top": 0.88}
_RUMOUR_COLOURS = (PALETTE[7], PALETTE[3], PALETTE[1], PALETTE[2], PALETTE[0])


def _as_1d(name, values, size=None) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a non-empty 1-d array of finite numbers")
    if size is not None and array.size != size:
        raise ValueError(f"{name} must have {size} entries, got {array.size}")
    return array


def _error_bars(ax, x, estimate, low, high, **kwargs):
    estimate = np.asarray(estimate, dtype=float)
    yerr = np.vstack([estimate - np.asarray(low), np.asarray(high) - estimate])
    return ax.errorbar(x, estimate, yerr=np.clip(yerr, 0, None), capsize=3, **kwargs)


# ============================================================================ simple contagion


def plot_outbreak_sizes(sizes, *, theory: float, transmissibility: float, bins: int = 40):
    """Histogram of outbreak sizes from single seeds, with the predicted large-outbreak size.

    Parameters
    ----------
    sizes : array_like of float
        Share of the network reached in each run (:class:`~socmodels.spreading.OutbreakSizes`).
    theory : float
        The predicted share :math:`S` of a large outbreak.
    transmissibility : float
        :math:`T`, for the title.
    bins : int
        Histogram bins over [0, 1].

    Returns
    -------
    matplotlib.figure.Figure
    """
    sizes = _as_1d("sizes", sizes)
    fig, ax = new_figure(width=6.0, height=3.4)
    ax.hist(sizes, bins=np.linspace(0, 1, bins + 1), color=PALETTE[0], alpha=0.85)
    ax.axvline(theory, color=PALETTE[3], ls="--", lw=1.5, label=f"theory S = {theory:.3f}")
    ax.set_yscale("log")
    ax.set_xlabel("share of the network ever infected")
    ax.set_ylabel("runs")
    ax.set_title(f"{sizes.size} outbreaks from one random seed, T = {transmissibility:g}")
    ax.legend(loc="upper center", frameon=False)
    return fig


def _tri(intervals):
    """(estimate, low, high) arrays from a list of intervals (None: not drawn)."""
    rows = [(i.estimate, i.low, i.high) if i is not None else (np.nan,) * 3 for i in intervals]
    return tuple(np.array(column) for column in zip(*rows, strict=True))


def _draw_intervals(ax, x, intervals, **style):
    estimate, low, high = _tri(intervals)
    ok = np.isfinite(estimate)
    if ok.any():
        _error_bars(ax, np.asarray(x, dtype=float)[ok], estimate[ok], low[ok], high[ok], **style)


def plot_outbreak_curves(
    curves: Mapping[str, Sequence],
    *,
    theory_transmissibility,
    theory_size,
    thresholds: Mapping[str, float] | None = None,
):
    """Probability and size of large outbreaks against the transmissibility, per network.

    Parameters
    ----------
    curves : mapping of str to sequence of OutbreakSizes
        Network label → outbreaks at several transmissibilities
        (:func:`socmodels.spreading.outbreak_sizes`).
    theory_transmissibility, theory_size : array_like of float
        The Erdős–Rényi prediction :math:`S(T)` (also the probability of a large outbreak).
    thresholds : mapping of str to float, optional
        Network label → epidemic threshold :math:`T_c`, drawn as dotted lines.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not curves:
        raise ValueError("curves must hold at least one network")
    fig, axes = new_figure(2, width=8.6, height=3.5, sharey=True)
    for ax in axes:
        ax.plot(theory_transmissibility, theory_size, color="0.3", lw=1.3, label="theory (ER)")
    for k, (label, series) in enumerate(curves.items()):
        x = [result.params["transmissibility"] for result in series]
        style = {"color": PALETTE[k], "marker": "os^"[k % 3], "ms": 4, "ls": "none"}
        _draw_intervals(axes[0], x, [r.large_share() for r in series], label=label, **style)
        _draw_intervals(axes[1], x, [r.large_size() for r in series], **style)
        if thresholds and label in thresholds:
            for ax in axes:
                ax.axvline(thresholds[label], color=PALETTE[k], ls=":", lw=1.2)
    titles = ("probability of a large outbreak", "size of a large outbreak")
    for ax, title in zip(axes, titles, strict=True):
        ax.set_title(title, fontsize="medium")
        ax.set_xlabel("transmissibility T")
        ax.set_ylim(-0.02, 1.02)
    axes[0].set_ylabel("share (95 % interval)")
    axes[0].legend(loc="upper left", frameon=False, fontsize="small")
    return fig


# ============================================================================ global cascades


def plot_cascade_frequency(
    stats: Sequence, *, theory_mean_degree, theory_probability, window: tuple[float, float]
):
    """Watts's (2002) Fig. 1: how often, and how far, single seeds cascade, against z.

    Parameters
    ----------
    stats : sequence of CascadeStatistics
        One per mean degree (:func:`socmodels.spreading.cascade_frequency`).
    theory_mean_degree, theory_probability : array_like of float
        The generating-function prediction.
    window : (low, high)
        The analytic cascade window, shaded.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not stats:
        raise ValueError("stats must hold at least one mean degree")
    z = [s.params["mean_degree"] for s in stats]
    sizes = {s.params["n_agents"] for s in stats}
    fig, axes = new_figure(2, width=8.6, height=3.5, sharey=True, sharex=True)
    for ax in axes:
        ax.axvspan(*window, color=PALETTE[2], alpha=0.12, lw=0, label="cascade window")
        ax.set_xlabel("mean degree z")
        ax.set_ylim(-0.02, 1.02)
    axes[0].plot(theory_mean_degree, theory_probability, color="0.3", lw=1.3, label="theory")
    label = "simulation, N = " + ", ".join(f"{n:,}" for n in sorted(sizes))
    _draw_intervals(axes[0], z, [s.frequency for s in stats], color=PALETTE[0], marker="o",
                    ms=4, ls="none", label=label)  # fmt: skip
    _draw_intervals(axes[1], z, [s.cascade_size for s in stats], color=PALETTE[1], marker="s",
                    ms=4, ls="none")  # fmt: skip
    axes[0].set_title("share of seeds that trigger a global cascade", fontsize="medium")
    axes[1].set_title("size of a global cascade", fontsize="medium")
    axes[0].set_ylabel("share (95 % interval)")
    axes[0].legend(loc="lower center", frameon=False, fontsize="small")
    return fig


# ============================================================================ complex contagion


def plot_lattice_contagion(curves: Mapping[str, Sequence]):
    """Reach and speed of simple and complex contagions against the rewiring probability.

    Parameters
    ----------
    curves : mapping of str to sequence of LatticeContagionStatistics
        Label (e.g. "threshold 2") → runs at several rewiring probabilities
        (:func:`socmodels.spreading.rewired_lattice_contagion`); p = 0 is drawn at the left
        edge of the logarithmic axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not curves:
        raise ValueError("curves must hold at least one contagion")
    first = next(iter(curves.values()))[0].params
    fig, axes = new_figure(2, width=8.6, height=3.5)
    for j, (label, series) in enumerate(curves.items()):
        p = np.array([s.params["rewire_prob"] for s in series], dtype=float)
        positive = p[p > 0]
        shown = np.where(p > 0, p, positive.min() / 3 if positive.size else 1e-3)
        style = {"color": PALETTE[j], "marker": "os^"[j % 3], "ms": 4, "lw": 1.2}
        _draw_intervals(axes[0], shown, [s.reach for s in series], label=label, **style)
        _draw_intervals(axes[1], shown, [s.time for s in series], **style)
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel("rewiring probability p (leftmost point: p = 0)")
    axes[0].set_ylim(-0.02, 1.05)
    axes[0].set_ylabel("share adopting (95 % interval)")
    axes[1].set_ylabel("rounds until the last adoption")
    axes[0].set_title(f"reach, ring of {first['n_agents']:,}, k = {first['k']}", fontsize="medium")
    axes[1].set_title("time to spread", fontsize="medium")
    axes[0].legend(loc="lower left", frameon=False, fontsize="small")
    return fig


# ============================================================================ rumours


def plot_rumour_run(run, *, ax=None, title: str | None = None, legend: bool = True):
    """Shares of ignorants, spreaders, stiflers (and the correction) over one rumour run.

    Parameters
    ----------
    run : RumourRun
        From :func:`socmodels.spreading.maki_thompson`.
    ax : matplotlib Axes, optional
        Draw into this axes; default: a new figure.
    title : str, optional
        Axes title.
    legend : bool
        Draw a legend.

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_result("run", run, "RumourRun", ("times", "trajectory", "states"))
    fig, ax = figure_and_axes(ax, width=6.0, height=3.4)
    n = run.final.size
    x = run.times / n
    used = [c for c in range(len(run.states)) if run.trajectory[:, c].max() > 0]
    for c in used:
        ax.plot(x, run.trajectory[:, c], color=_RUMOUR_COLOURS[c], lw=1.6, label=run.states[c])
    if run.correction_start >= 0:
        ax.axvline(run.correction_start / n, color="0.4", ls=":", lw=1)
    ax.set_xlabel("contacts per person (t / N)")
    ax.set_ylabel("share of the population")
    ax.set_ylim(-0.02, 1.02)
    if title:
        ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(loc="upper right", frameon=False, fontsize="x-small", ncol=2)
    return fig


def plot_never_heard(stats: Sequence, *, limit: float, slip: float | None = None):
    """Share who never hear the rumour against the population size, with Sudbury's limit.

    Parameters
    ----------
    stats : sequence of RumourStatistics
        One per population size (:func:`socmodels.spreading.rumour_statistics`).
    limit : float
        The limit :math:`\\theta`.
    slip : float, optional
        The limit of the common coding slip, drawn for comparison.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not stats:
        raise ValueError("stats must hold at least one population size")
    fig, ax = new_figure(width=6.0, height=3.4)
    ax.axhline(limit, color="0.3", lw=1.3, label=f"limit θ = {limit:.4f}")
    if slip is not None:
        ax.axhline(slip, color=PALETTE[3], lw=1.2, ls="--", label=f"coding slip → {slip:.3f}")
    n = [s.params["n_agents"] for s in stats]
    _draw_intervals(ax, n, [s.interval("never_heard") for s in stats], color=PALETTE[0],
                    marker="o", ms=4, ls="none", label="simulation")  # fmt: skip
    ax.set_xscale("log")
    ax.set_xlabel("population N")
    ax.set_ylabel("share who never hear it")
    ax.legend(loc="upper right", frameon=False, fontsize="small")
    return fig


def plot_correction(delays, curves: Mapping[str, Sequence], *, limit: float):
    """What a correction started after a delay achieves: who is protected, who stays misinformed.

    Parameters
    ----------
    delays : sequence of float
        x positions: the delays in contacts per person (the last may stand for "after the
        rumour died"; relabel the ticks of the returned axes).
    curves : mapping of str to sequence of RumourStatistics
        Label (e.g. "acceptance 1") → runs at each delay.
    limit : float
        :math:`\\theta`, the share who never hear a rumour without a correction.

    Returns
    -------
    matplotlib.figure.Figure
    """
    d = _as_1d("delays", delays)
    fig, axes = new_figure(2, width=8.6, height=3.5, sharey=True)
    for j, (label, series) in enumerate(curves.items()):
        if len(series) != d.size:
            raise ValueError(f"curves[{label!r}] must hold one entry per delay")
        style = {"color": PALETTE[j], "marker": "os^"[j % 3], "ms": 4, "lw": 1.2}
        never = [s.interval("never_heard") for s in series]
        _draw_intervals(axes[0], d, never, label=label, **style)
        _draw_intervals(axes[1], d, [s.interval("misinformed") for s in series], **style)
    axes[0].axhline(limit, color="0.3", lw=1, ls="--", label="θ (no correction)")
    axes[0].set_title("never heard the rumour", fontsize="medium")
    axes[1].set_title("heard the rumour, never corrected", fontsize="medium")
    for ax in axes:
        ax.set_xlabel("delay of the correction (contacts per person)")
        ax.set_ylim(-0.02, 1.02)
    axes[0].set_ylabel("share of the population (95 % interval)")
    axes[0].legend(loc="upper right", frameon=False, fontsize="small")
    return fig


# ============================================================================ explorer frames


def radial_layout(adjacency, root: int) -> np.ndarray:
    """Positions in rings by distance (in ties) from ``root``, the root at the centre.

    Rings are placed so that the area inside each is proportional to the nodes within it
    (farther rings hold more nodes and get more room). Nodes of one ring are spread evenly,
    in the angular order of the node that reached them first, so a cascade from ``root``
    radiates outward; nodes out of reach sit on an outer ring. Returns an ``(n, 2)`` array.
    """
    indptr, indices = adjacency.indptr, adjacency.indices
    n = indptr.size - 1
    distance = np.full(n, -1)
    distance[root] = 0
    order = [np.array([root])]
    while True:
        layer = order[-1]
        starts, stops = indptr[layer], indptr[layer + 1]
        reached = [indices[a:b] for a, b in zip(starts, stops, strict=True)]
        if not reached:
            break
        flat = np.concatenate(reached)
        fresh = flat[distance[flat] < 0]
        fresh = fresh[np.sort(np.unique(fresh, return_index=True)[1])]
        if fresh.size == 0:
            break
        distance[fresh] = len(order)
        order.append(fresh)
    unreached = np.flatnonzero(distance < 0)
    if unreached.size:
        order.append(unreached)
    positions = np.zeros((n, 2))
    before = 0
    for layer in order:
        # Area-proportional rings: a ring's radius grows with the nodes inside it, so large
        # rings are not crowded.
        radius = np.sqrt(before + 0.5 * layer.size) if before else 0.0
        before += layer.size
        angles = 2 * np.pi * (np.arange(layer.size) + 0.5) / layer.size
        positions[layer, 0] = radius * np.cos(angles)
        positions[layer, 1] = radius * np.sin(angles)
    return positions


def ring_layout(n: int) -> np.ndarray:
    """``n`` positions evenly on the unit circle, node 0 at the top, clockwise."""
    angles = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    return np.column_stack([np.cos(angles), np.sin(angles)])


def _network_axes(ax, positions, adjacency, adoption_times, *, max_round):
    rows, cols = adjacency.nonzero()
    keep = rows < cols
    segments = np.stack([positions[rows[keep]], positions[cols[keep]]], axis=1)
    ax.add_collection(LineCollection(segments, colors="0.55", linewidths=0.4, alpha=0.35))
    reached = adoption_times >= 0
    ax.scatter(*positions[~reached].T, s=10, color=_GREY, edgecolors="none")
    points = ax.scatter(
        *positions[reached].T, s=14, c=adoption_times[reached], cmap="viridis", vmin=0,
        vmax=max(max_round, 1), edgecolors="none",
    )  # fmt: skip
    pad = 0.05 * np.ptp(positions, axis=0).max()
    ax.set_xlim(positions[:, 0].min() - pad, positions[:, 0].max() + pad)
    ax.set_ylim(positions[:, 1].min() - pad, positions[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return points


def plot_network_cascade_frame(
    adjacency,
    positions,
    adoption_times,
    curves: Sequence[tuple[np.ndarray, np.ndarray]],
    *,
    title: str,
    curve_title: str,
    time_label: str = "round",
    share_label: str = "share adopted",
):
    """An explorer frame: one spreading run drawn on its network, and adoption curves.

    Parameters
    ----------
    adjacency : sparse matrix
        The network drawn.
    positions : ndarray, shape (n, 2)
        Node positions (:func:`radial_layout`, :func:`ring_layout`).
    adoption_times : ndarray of int, shape (n,)
        Round at which each node adopted (−1 never), coloured dark (early) to light (late).
    curves : sequence of (times, share)
        Adoption curves of several runs; the first is the run drawn on the left.
    title, curve_title : str
        Panel titles.
    time_label : str
        Unit of time on the curves' axis.
    share_label : str
        Label of the curves' vertical axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    adoption_times = np.asarray(adoption_times)
    fig = BookFigure(figsize=(8.4, 3.9), layout=None)
    ax_net = fig.add_axes((0.0, 0.06, 0.46, 0.82))
    ax_curve = fig.add_axes((0.57, 0.15, 0.4, 0.73))
    max_round = max(int(adoption_times.max()), max(int(t[-1]) for t, _ in curves))
    _network_axes(ax_net, positions, adjacency, adoption_times, max_round=max_round)
    ax_net.set_title(title, fontsize="medium")
    ax_net.text(0.5, -0.02, f"colour: {time_label} of adoption, dark (early) to yellow (late); "
                "grey: never", transform=ax_net.transAxes, ha="center", va="top",
                fontsize="x-small")  # fmt: skip
    for k, (times, share) in enumerate(curves):
        ax_curve.plot(times, share, color=PALETTE[0] if k else PALETTE[3],
                      lw=1.8 if k == 0 else 0.9, alpha=1.0 if k == 0 else 0.5)  # fmt: skip
    ax_curve.set_ylim(-0.02, 1.02)
    ax_curve.set_xlim(0, max(max_round, 1))
    ax_curve.set_xlabel(time_label)
    ax_curve.set_ylabel(share_label)
    ax_curve.set_title(curve_title, fontsize="medium")
    return fig


def plot_outbreak_frame(sizes, *, theory: float, threshold: float, transmissibility: float,
                        network: str):  # fmt: skip
    """An explorer frame: outbreak sizes from single seeds, with the theory and threshold."""
    sizes = _as_1d("sizes", sizes)
    fig, ax = new_figure(1, width=6.4, height=3.4, margins=_FRAME_MARGINS)
    ax.hist(sizes, bins=np.linspace(0, 1, 26), color=PALETTE[0], alpha=0.85)
    if theory > 0:
        ax.axvline(theory, color=PALETTE[3], ls="--", lw=1.5, label=f"ER theory S = {theory:.2f}")
        ax.legend(loc="upper center", frameon=False, fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, sizes.size)
    ax.set_xlabel("share of the network ever infected")
    ax.set_ylabel("runs")
    side = "above" if transmissibility > threshold else "below"
    ax.set_title(
        f"{network}: T = {transmissibility:g}, {side} its threshold T_c = {threshold:.3f}",
        fontsize="medium",
    )
    return fig


def plot_rumour_frame(run, *, title: str):
    """An explorer frame: one rumour run with its correction."""
    fig, ax = new_figure(1, width=6.4, height=3.4, margins=_FRAME_MARGINS)
    plot_rumour_run(run, ax=ax, title=title)
    return fig
