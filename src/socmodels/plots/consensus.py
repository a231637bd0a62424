"""Figures for the consensus chapter (opinion dynamics).

Every ``plot_*`` function takes model results (from :mod:`socmodels.consensus`) and
returns a :class:`matplotlib.figure.Figure`; none runs a model. The explorer frames at the
bottom (``render_*``, registered in :data:`EXPLORERS` for the notebooks and the benchmark)
each run a small model and draw it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.collections import LineCollection

from ..widgets import Control
from ._style import PALETTE, BookFigure, new_figure

__all__ = [
    "plot_opinion_run",
    "plot_wisdom_scaling",
    "plot_bifurcation",
    "plot_consensus_probability",
    "plot_disagreement",
    "plot_voter_statistics",
    "plot_voter_density",
    "render_friedkin_johnsen_explorer",
    "describe_friedkin_johnsen_explorer",
    "render_bounded_confidence_explorer",
    "describe_bounded_confidence_explorer",
    "VOTER_NETWORKS",
    "render_voter_explorer",
    "describe_voter_explorer",
    "EXPLORERS",
]


def _figure(ncols, *, width, height, margins=None, **subplot_kw):
    """:func:`new_figure`, or with ``margins`` a figure with fixed subplot margins.

    Constrained layout costs a layout pass per draw; explorer frames must draw in
    < 150 ms, so they pass fixed margins (``subplots_adjust`` keywords) instead.
    """
    if margins is None:
        return new_figure(ncols, width=width, height=height, **subplot_kw)
    fig = BookFigure(figsize=(width, height), layout=None)
    axes = fig.subplots(1, ncols, **subplot_kw)
    fig.subplots_adjust(**margins)
    return fig, axes


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
    run : OpinionRun
        From :func:`~socmodels.consensus.hegselmann_krause`, :func:`~socmodels.consensus.
        deffuant`, :func:`~socmodels.consensus.degroot` or :func:`~socmodels.consensus.
        friedkin_johnsen` (with a recorded trajectory).
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
    fig, (ax, hist_ax) = _figure(
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
    for attribute in ("epsilons", "cluster_positions", "cluster_fractions"):
        if not hasattr(sweep, attribute):
            raise TypeError(f"sweep must be a SweepResult, got {type(sweep).__name__}")
    if ax is None:
        fig, ax = new_figure(width=6.4, height=3.8)
    else:
        fig = ax.figure
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

    Returns
    -------
    matplotlib.figure.Figure
    """
    epsilons = np.asarray(epsilons, dtype=float)
    if not curves:
        raise ValueError("curves must hold at least one curve")
    fig, ax = new_figure(width=6.4, height=3.6)
    markers = "osD^v"
    for k, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != epsilons.shape:
            raise ValueError(f"curves[{label!r}] must have one value per epsilon")
        ax.plot(
            epsilons, values, marker=markers[k % 5], color=PALETTE[k % len(PALETTE)], label=label
        )
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
    if not curves:
        raise ValueError("curves must hold at least one curve")
    fig, ax = new_figure(width=6.0, height=3.5)
    markers = "osD^v"
    for k, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != stubbornness.shape:
            raise ValueError(f"curves[{label!r}] must have one value per stubbornness level")
        ax.plot(
            stubbornness,
            values,
            marker=markers[k % 5],
            color=PALETTE[k % len(PALETTE)],
            label=label,
        )
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
    fig, axes = _figure(len(runs), width=3.6 * len(runs), height=3.2, margins=margins, sharey=True)
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


# --------------------------------------------------------------------------------------------
# Explorer frames: each runs a small model and draws it (used with socmodels.widgets.explorer)
# --------------------------------------------------------------------------------------------
_EXPLORER_SEED = 2024
_OPINION_RUN_MARGINS = {"left": 0.09, "right": 0.98, "bottom": 0.14, "top": 0.9, "wspace": 0.08}
_VOTER_MARGINS = {"left": 0.17, "right": 0.96, "bottom": 0.15, "top": 0.9}


def render_friedkin_johnsen_explorer(network, stubbornness, *, seed=_EXPLORER_SEED):
    """Friedkin–Johnsen run of the stubborn-elite scenario (40 steps), drawn with its elite."""
    from .. import consensus

    scenario = consensus.stubborn_elite_scenario(network, elite_stubbornness=stubbornness, rng=seed)
    run = consensus.friedkin_johnsen(
        scenario.weights,
        scenario.initial_opinions,
        scenario.susceptibility,
        steps=40,
        tol=0.0,
    )
    start = float(scenario.initial_opinions[~scenario.elite].mean())
    return plot_opinion_run(
        run,
        highlight=scenario.elite,
        highlight_label="elite",
        references={"public's initial mean": start},
        title=f"{network} network, elite stubbornness {stubbornness}",
        margins=_OPINION_RUN_MARGINS,
    )


def describe_friedkin_johnsen_explorer(network, stubbornness, **_):
    return (
        f"Friedkin–Johnsen opinion trajectories of 200 agents over 40 steps on the {network} "
        f"network, with 10 elite accounts starting at 0.9 and stubbornness {stubbornness}, "
        f"and the histogram of final opinions."
    )


def render_bounded_confidence_explorer(network, epsilon, stubbornness, *, seed=_EXPLORER_SEED):
    """Hegselmann–Krause run of the elite/public scenario, the 15 elite agents highlighted."""
    from .. import consensus

    run, elite = consensus.elite_public_scenario(
        network, epsilon=epsilon, stubbornness=stubbornness, rng=seed
    )
    return plot_opinion_run(
        run,
        highlight=elite,
        highlight_label="stubborn 15" if stubbornness > 0 else "the 15 (not stubborn)",
        max_lines=150,
        title=f"{network}, ε = {epsilon}, stubbornness {stubbornness}",
        margins=_OPINION_RUN_MARGINS,
    )


def describe_bounded_confidence_explorer(network, epsilon, stubbornness, **_):
    return (
        f"Hegselmann–Krause opinion trajectories of 300 agents over 40 steps on the "
        f"{network} network with confidence bound {epsilon}; 15 highlighted agents have "
        f"stubbornness {stubbornness}. Right: histogram of final opinions."
    )


VOTER_NETWORKS = ("complete graph", "10 × 10 lattice", "Barabási–Albert (m = 2)")
_VOTER_AGENTS = 100
_VOTER_RUNS = 20


@functools.lru_cache(maxsize=4)
def _voter_network(network: str):
    """The voter explorer's 100-node graphs (``None``: complete graph), built once."""
    from .. import networks

    if network == "complete graph":
        return None
    if network == "10 × 10 lattice":
        return networks.square_lattice(10)
    if network == "Barabási–Albert (m = 2)":
        return networks.barabasi_albert(_VOTER_AGENTS, 2, rng=_EXPLORER_SEED)
    raise ValueError(f"network must be one of {VOTER_NETWORKS}, got {network!r}")


def render_voter_explorer(network, density, *, seed=_EXPLORER_SEED):
    """20 voter-model runs of 100 agents; the initial 1s go to the best-connected agents."""
    from .. import consensus, networks

    adjacency = _voter_network(network)
    if adjacency is None:
        order = np.arange(_VOTER_AGENTS)
    else:
        order = np.argsort(-networks.degrees(adjacency))
    state = np.zeros(_VOTER_AGENTS)
    state[order[: int(round(density * _VOTER_AGENTS))]] = 1
    runs = [
        consensus.voter_model(state, adjacency=adjacency, rng=seed + k) for k in range(_VOTER_RUNS)
    ]
    return plot_voter_density({f"{network}, initial share {density}": runs}, margins=_VOTER_MARGINS)


def describe_voter_explorer(network, density, **_):
    return (
        f"Share of opinion 1 over time in 20 voter-model runs of 100 agents on the {network} "
        f"with initial share {density}; each line wanders until it reaches 0 or 1."
    )


#: The chapter's explorers: ``explorer(**EXPLORERS[name])`` in the notebooks; timed by
#: ``benchmarks/run.py --only explorers``.
EXPLORERS = {
    "friedkin_johnsen": {
        "render": render_friedkin_johnsen_explorer,
        "controls": {
            "network": Control("Network", ["egalitarian", "elite"], default="elite"),
            "stubbornness": Control("Elite stubbornness", [0.0, 0.25, 0.5, 0.75, 1.0], default=0.5),
        },
        "alt": describe_friedkin_johnsen_explorer,
    },
    "bounded_confidence": {
        "render": render_bounded_confidence_explorer,
        "controls": {
            "network": Control("Network", ["egalitarian", "elite"], default="elite"),
            "epsilon": Control("Trust ε", [0.1, 0.2, 0.3, 0.5], default=0.2),
            "stubbornness": Control("Stubbornness of the 15", [0.0, 0.5, 0.9], default=0.0),
        },
        "alt": describe_bounded_confidence_explorer,
    },
    "voter": {
        "render": render_voter_explorer,
        "controls": {
            "network": Control("Network", list(VOTER_NETWORKS), default="complete graph"),
            "density": Control("Initial share of opinion 1", [0.1, 0.3, 0.5], default=0.3),
        },
        "alt": describe_voter_explorer,
    },
}
