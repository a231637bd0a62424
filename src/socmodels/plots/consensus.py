"""Figures for the consensus chapter (opinion dynamics).

Every ``plot_*`` function takes model results (from :mod:`socmodels.consensus`) and
returns a :class:`matplotlib.figure.Figure`; none runs a model. The chapter's explorers
(which run a model and call these figures) are in :mod:`socmodels.explorers.consensus`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.collections import LineCollection

from ._style import PALETTE, check_result, draw_curves, figure_and_axes, new_figure

__all__ = [
    "plot_opinion_run",
    "plot_wisdom_scaling",
    "plot_bifurcation",
    "plot_consensus_probability",
    "plot_disagreement",
    "plot_voter_statistics",
    "plot_voter_density",
]


def _check_run(run):
    for attribute in ("times", "trajectory", "final"):
        if not hasattr(run, attribute):
            raise TypeError(f"run must be an OpinionRun, got {type(run).__name__}")


def plot_opinion_run(
    run,
    *,
    highlight=None,
    highlight_label: str = "stubborn elite",
    title: str | None = None,
    time_label: str = "step",
    max_lines: int = 400,
    bins: int = 40,
    references: Mapping[str, float] | None = None,
    margins: Mapping[str, float] | None = None,
):
    """Opinion trajectories (left) and the final distribution of opinions (right).

    Parameters
    ----------
    run : OpinionRun or ElitePublicRun
        From :func:`~socmodels.consensus.hegselmann_krause`, :func:`~socmodels.consensus.
        deffuant`, :func:`~socmodels.consensus.degroot`, :func:`~socmodels.consensus.
        friedkin_johnsen` or :func:`~socmodels.consensus.elite_public_scenario` (with a
        recorded trajectory).
    highlight : array of bool, shape (N,), optional
        Agents drawn in a contrasting colour (e.g. the stubborn elite).
    highlight_label : str
        Legend entry for the highlighted agents.
    title : str, optional
    time_label : str
        Name of the time unit on the x axis.
    max_lines : int
        At most this many non-highlighted trajectories are drawn (evenly spaced agents).
    bins : int
        Histogram bins for the final opinions.
    references : mapping of str to float, optional
        Horizontal reference lines (label → opinion), e.g. a true state or a predicted
        consensus.
    margins : mapping of str to float, optional
        Fixed ``subplots_adjust`` margins instead of constrained layout (faster to draw:
        the explorers use it).

    Returns
    -------
    matplotlib.figure.Figure
    """
    _check_run(run)
    trajectory = np.asarray(run.trajectory)
    times = np.asarray(run.times)
    n = trajectory.shape[1]
    mask = np.zeros(n, dtype=bool) if highlight is None else np.asarray(highlight, dtype=bool)
    if mask.shape != (n,):
        raise ValueError(f"highlight must have one entry per agent ({n}), got {mask.shape}")
    fig, (ax, hist_ax) = new_figure(
        2,
        width=7.0,
        height=3.6,
        margins=margins,
        gridspec_kw={"width_ratios": [3, 1]},
        sharey=True,
    )
    ordinary = np.flatnonzero(~mask)
    if ordinary.size > max_lines:
        ordinary = ordinary[np.linspace(0, ordinary.size - 1, max_lines).astype(int)]

    def segments(agents):
        return np.stack(
            [np.broadcast_to(times[:, None], (times.size, agents.size)), trajectory[:, agents]],
            axis=-1,
        ).transpose(1, 0, 2)

    ax.add_collection(LineCollection(segments(ordinary), colors=[PALETTE[0]], lw=0.6, alpha=0.35))
    if mask.any():
        ax.add_collection(
            LineCollection(
                segments(np.flatnonzero(mask)), colors=[PALETTE[3]], lw=1.4, label=highlight_label
            )
        )
    styles = ("--", ":", "-.")
    for k, (label, value) in enumerate((references or {}).items()):
        ax.axhline(value, color="0.15", ls=styles[k % 3], lw=1.2, label=label)
    if mask.any() or references:
        ax.legend(loc="upper right", fontsize="small", frameon=True)
    low, high = float(trajectory.min()), float(trajectory.max())
    pad = 0.02 * max(high - low, 1e-9)
    ax.set_xlim(times[0], max(times[-1], times[0] + 1))
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel(time_label)
    ax.set_ylabel("opinion")
    # One filled step outline rather than a bar patch per bin: a third of the drawing time.
    counts, edges = np.histogram(np.asarray(run.final), bins=bins, range=(low - pad, high + pad))
    hist_ax.stairs(counts, edges, orientation="horizontal", fill=True, color=PALETTE[0])
    hist_ax.set_xlabel("agents")
    hist_ax.set_title("final", fontsize="medium")
    if title:
        ax.set_title(title)
    return fig


def plot_wisdom_scaling(sizes: Sequence[int], results: Mapping[str, Sequence]):
    """Largest influence and consensus error against society size, per network.

    Parameters
    ----------
    sizes : sequence of int
        Society sizes N.
    results : mapping of str to sequence of WisdomResult
        For each network family, one :func:`~socmodels.consensus.wisdom_of_crowds`
        result per size.

    Returns
    -------
    matplotlib.figure.Figure
        Left: :math:`\\max_i \\pi_i` against N. Right: simulated RMSE of the consensus
        (markers) and the exact :math:`\\sigma\\lVert\\pi\\rVert_2` (lines), with the
        :math:`N^{-1/2}` of an equal-weight crowd as a dashed reference.
    """
    sizes = np.asarray(sizes, dtype=float)
    if not results:
        raise ValueError("results must hold at least one network family")
    fig, (ax_inf, ax_err) = new_figure(2, width=7.6, height=3.4)
    markers = "osD^v"
    for k, (label, series) in enumerate(results.items()):
        if len(series) != sizes.size:
            raise ValueError(f"results[{label!r}] must have one result per size ({sizes.size})")
        colour = PALETTE[k % len(PALETTE)]
        marker = markers[k % len(markers)]
        ax_inf.plot(
            sizes, [r.max_influence for r in series], marker=marker, color=colour, label=label
        )
        ax_err.plot(sizes, [r.predicted_rmse for r in series], color=colour, lw=1.2)
        ax_err.plot(
            sizes, [r.rmse for r in series], marker=marker, ls="none", color=colour, label=label
        )
    ax_err.plot(sizes, sizes**-0.5, ls="--", color="0.4", label=r"$N^{-1/2}$")
    for ax in (ax_inf, ax_err):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("society size N")
    ax_inf.set_ylabel(r"largest influence $\max_i \pi_i$")
    ax_err.set_ylabel("consensus error (RMSE, σ = 1)")
    ax_err.legend(fontsize="small")
    return fig


def plot_bifurcation(sweep, *, title: str | None = None, ax=None):
    """Final opinion clusters against the confidence bound ε (a bifurcation diagram).

    Parameters
    ----------
    sweep : SweepResult
        From :func:`~socmodels.consensus.bounded_confidence_sweep`.
    title : str, optional
    ax : matplotlib Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One dot per cluster and run; dot area proportional to the cluster's share of
        agents.
    """
    check_result(
        "sweep", sweep, "SweepResult", ("epsilons", "cluster_positions", "cluster_fractions")
    )
    fig, ax = figure_and_axes(ax, width=6.4, height=3.8)
    xs, ys, areas = [], [], []
    for e, epsilon in enumerate(sweep.epsilons):
        for positions, fractions in zip(
            sweep.cluster_positions[e], sweep.cluster_fractions[e], strict=True
        ):
            xs.append(np.full(positions.size, epsilon))
            ys.append(positions)
            areas.append(fractions)
    areas = np.concatenate(areas)
    ax.scatter(
        np.concatenate(xs),
        np.concatenate(ys),
        s=2 + 80 * areas,
        color=PALETTE[0],
        alpha=0.35,
        linewidths=0,
    )
    ax.set_xlabel("confidence bound ε (trust)")
    ax.set_ylabel("final cluster opinion")
    ax.set_ylim(-0.02, 1.02)
    if title:
        ax.set_title(title)
    return fig


def plot_consensus_probability(
    epsilons,
    curves: Mapping[str, Sequence[float]],
    *,
    threshold: float | None = None,
    title: str | None = None,
    n_runs: int | None = None,
):
    """Probability of consensus against ε, one curve per setting.

    Parameters
    ----------
    epsilons : array of float
    curves : mapping of str to array
        Label → fraction of runs reaching consensus at each ε.
    threshold : float, optional
        Draw a vertical reference line (e.g. a published threshold).
    title : str, optional
    n_runs : int, optional
        Runs behind each fraction; if given, each curve gets a shaded 95 % Wilson
        interval, :math:`(\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n
        + z^2/4n^2}) / (1 + z^2/n)` with z = 1.96.

    Returns
    -------
    matplotlib.figure.Figure
    """
    epsilons = np.asarray(epsilons, dtype=float)
    fig, ax = new_figure(width=6.4, height=3.6)
    draw_curves(ax, epsilons, curves)
    if n_runs is not None:
        if isinstance(n_runs, bool) or int(n_runs) != n_runs or n_runs < 1:
            raise ValueError(f"n_runs must be a whole number >= 1, got {n_runs!r}")
        z2 = 1.96**2 / n_runs
        for k, values in enumerate(curves.values()):
            p = np.asarray(values, dtype=float)
            centre = (p + z2 / 2) / (1 + z2)
            half = np.sqrt(z2 * (p * (1 - p) + z2 / 4)) / (1 + z2)
            color = PALETTE[k % len(PALETTE)]
            ax.fill_between(epsilons, centre - half, centre + half, color=color, alpha=0.15, lw=0)
    if threshold is not None:
        ax.axvline(threshold, color="0.4", ls="--", lw=1)
    ax.set_xlabel("confidence bound ε (trust)")
    ax.set_ylabel("probability of consensus")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    return fig


def plot_disagreement(
    stubbornness,
    curves: Mapping[str, Sequence[float]],
    *,
    ylabel: str = "spread of equilibrium opinions",
    xlabel: str = "stubbornness 1 − λ",
):
    """A summary of equilibrium opinions against stubbornness, one curve per setting.

    Parameters
    ----------
    stubbornness : array of float
    curves : mapping of str to array
        Label → value at each stubbornness level.
    ylabel, xlabel : str
        Axis labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    stubbornness = np.asarray(stubbornness, dtype=float)
    fig, ax = new_figure(width=6.0, height=3.5)
    draw_curves(ax, stubbornness, curves)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small")
    return fig


def plot_voter_statistics(
    densities, exit_probability, standard_error, mean_time, *, prediction, n_agents: int
):
    """Voter model on the complete graph: exit probability and consensus time.

    Parameters
    ----------
    densities : array
        Initial densities of state 1.
    exit_probability, standard_error : array
        Measured probability of ending in state 1, and its standard error.
    mean_time : array
        Measured mean consensus time (sweeps).
    prediction : tuple of arrays
        ``(rho, time)``: :func:`~socmodels.consensus.voter_mean_consensus_time` on a fine
        grid of densities, drawn as a curve.
    n_agents : int
        Population size (for the axis label).

    Returns
    -------
    matplotlib.figure.Figure
    """
    densities = np.asarray(densities, dtype=float)
    rho_fine, time_fine = (np.asarray(a, dtype=float) for a in prediction)
    if rho_fine.shape != time_fine.shape:
        raise ValueError("prediction must be two arrays of equal length (rho, time)")
    fig, (ax_p, ax_t) = new_figure(2, width=7.6, height=3.4)
    ax_p.plot([0, 1], [0, 1], ls="--", color="0.4", label="prediction: ρ")
    ax_p.errorbar(
        densities,
        exit_probability,
        yerr=3 * np.asarray(standard_error),
        fmt="o",
        color=PALETTE[0],
        label="simulation (±3 s.e.)",
    )
    ax_p.set_xlabel("initial share ρ of opinion 1")
    ax_p.set_ylabel("probability that 1 wins")
    ax_p.legend(fontsize="small")
    ax_t.plot(
        rho_fine, time_fine, ls="--", color="0.4", label=r"$-N[\rho\ln\rho+(1-\rho)\ln(1-\rho)]$"
    )
    ax_t.plot(densities, mean_time, "o", color=PALETTE[1], label="simulation")
    ax_t.set_xlabel("initial share ρ of opinion 1")
    ax_t.set_ylabel(f"mean consensus time (sweeps), N = {n_agents}")
    ax_t.legend(fontsize="small", loc="lower center")
    return fig


def plot_voter_density(
    runs: Mapping[str, Sequence],
    *,
    max_runs: int = 30,
    margins: Mapping[str, float] | None = None,
):
    """Density of opinion 1 against time in voter-model runs, one panel per setting.

    Parameters
    ----------
    runs : mapping of str to sequence of VoterRun
        Label → runs from :func:`~socmodels.consensus.voter_model`.
    max_runs : int
        Draw at most this many runs per panel.
    margins : mapping of str to float, optional
        Fixed ``subplots_adjust`` margins instead of constrained layout (explorer frames).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not runs:
        raise ValueError("runs must hold at least one setting")
    fig, axes = new_figure(
        len(runs), width=3.6 * len(runs), height=3.2, margins=margins, sharey=True
    )
    axes = np.atleast_1d(axes)
    for k, (ax, (label, series)) in enumerate(zip(axes, runs.items(), strict=True)):
        for run in list(series)[:max_runs]:
            density = np.asarray(run.density)
            ax.plot(
                np.arange(density.size), density, color=PALETTE[k % len(PALETTE)], lw=0.8, alpha=0.6
            )
        ax.set_title(label, fontsize="medium")
        ax.set_xlabel("time (sweeps)")
        ax.set_ylim(-0.02, 1.02)
    axes[0].set_ylabel("share holding opinion 1")
    return fig
