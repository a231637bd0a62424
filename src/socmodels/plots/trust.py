"""Figures of the trust chapter: data and results in, a matplotlib figure out.

No function here runs a model: callers (notebooks, :mod:`socmodels.explorers.trust`) pass
arrays. Functions that accept ``margins`` lay the figure out with fixed subplot margins
instead of constrained layout, which keeps explorer frames within their time budget.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._style import PALETTE, new_figure

__all__ = [
    "plot_trust_experiment",
    "plot_trust_information",
    "plot_trust_run",
    "plot_reputation_dynamics",
    "plot_norm_outcomes",
    "plot_naming_runs",
    "plot_tipping",
    "plot_rare_mutation",
    "plot_strategy_run",
]

STRATEGY_COLOURS = {  # Sigmund et al.'s X, Y, Z, V, W
    "cooperator": PALETTE[0],
    "defector": PALETTE[3],
    "loner": PALETTE[8],
    "pool punisher": PALETTE[4],
    "peer punisher": PALETTE[2],
}


def _band(ax, x, runs, colour, label, *, line_kw=None):
    """Mean of ``runs`` (shape (R, T)) with a 95 % band of the mean (t ≈ 2)."""
    runs = np.atleast_2d(np.asarray(runs, dtype=float))
    mean = runs.mean(axis=0)
    if runs.shape[0] > 1:
        half = 2.0 * runs.std(axis=0, ddof=1) / np.sqrt(runs.shape[0])
        ax.fill_between(x, mean - half, mean + half, color=colour, alpha=0.25, lw=0)
    ax.plot(x, mean, color=colour, lw=2, label=label, **(line_kw or {}))


def plot_trust_experiment(sent, returned, *, endowment=10.0, multiplier=3.0, meta=None):
    """Berg et al.'s decisions: amounts sent (left) and returned against sent (right).

    The right panel's dashed line is the break-even return (the sender gets back what it
    sent: a return share of ``1 / multiplier``). ``meta`` (a dict with ``fraction_sent``
    and ``fraction_returned``) adds the meta-analysis averages as a star.
    """
    sent = np.asarray(sent, dtype=float)
    returned = np.asarray(returned, dtype=float)
    if sent.shape != returned.shape:
        raise ValueError("sent and returned must have the same shape")
    fig, (left, right) = new_figure(2, width=7.6, height=3.4)
    bins = np.arange(-0.5, endowment + 1.5)
    left.hist(sent, bins=bins, color=PALETTE[0], edgecolor="white")
    left.axvline(sent.mean(), color="0.2", ls="--", lw=1.2, label=f"mean ${sent.mean():.2f}")
    left.set_xlabel("amount sent ($)")
    left.set_ylabel("senders")
    left.set_title("Trust: what senders sent")
    left.legend(frameon=False, fontsize=9)
    right.scatter(sent, returned, color=PALETTE[1], s=28, alpha=0.8, label="one pair")
    x = np.linspace(0, endowment, 2)
    right.plot(x, x, color="0.3", ls="--", lw=1.2, label="break-even (share 1/3)")
    right.plot(x, multiplier * x, color="0.6", ls=":", lw=1, label="everything returned")
    if meta is not None:
        s_meta = meta["fraction_sent"] * endowment
        r_meta = meta["fraction_returned"] * multiplier * s_meta
        right.scatter([s_meta], [r_meta], marker="*", s=160, color=PALETTE[3], zorder=5,
                      label="meta-analysis average")  # fmt: skip
    right.set_xlabel("amount sent ($)")
    right.set_ylabel("amount returned ($)")
    right.set_title("Trustworthiness: what came back")
    right.legend(frameon=False, fontsize=8, loc="upper left")
    return fig


def plot_trust_information(
    information, trust_runs, *, threshold, curve=None, title="Trust among strangers"
):
    """Long-run share of trusting senders against the share of informed senders.

    ``trust_runs`` has shape (runs, len(information)); points are means with 95 %
    intervals. ``curve`` = ``(q_grid, values)`` adds the replicator prediction.
    """
    q = np.asarray(information, dtype=float)
    runs = np.atleast_2d(np.asarray(trust_runs, dtype=float))
    if runs.shape[1] != q.size:
        raise ValueError(f"trust_runs must have {q.size} columns, got {runs.shape}")
    fig, ax = new_figure(width=6.0, height=3.6)
    mean = runs.mean(axis=0)
    half = 2.0 * runs.std(axis=0, ddof=1) / np.sqrt(runs.shape[0]) if runs.shape[0] > 1 else 0
    if curve is not None:
        ax.plot(*curve, color="0.55", lw=1.5, label="replicator equation")
    ax.errorbar(q, mean, yerr=half, fmt="o", color=PALETTE[0], capsize=3,
                label=f"simulation, mean of {runs.shape[0]} runs (95 % CI)")  # fmt: skip
    ax.axvline(threshold, color=PALETTE[3], ls="--", lw=1.2, label=f"threshold q* = {threshold:g}")
    ax.set_xlabel("share of senders who see the receiver's past behaviour, q")
    ax.set_ylabel("share of trusting senders")
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9, loc="center right")
    return fig


def plot_trust_run(times, trust, trustworthiness, *, title=None, margins=None):
    """Shares of trusting senders and trustworthy receivers over generations."""
    fig, ax = new_figure(width=5.6, height=3.2, margins=margins)
    ax.plot(times, trust, color=PALETTE[0], lw=2, label="trusting senders")
    ax.plot(times, trustworthiness, color=PALETTE[1], lw=2, ls="--", label="trustworthy receivers")
    ax.set_xlabel("generation")
    ax.set_ylabel("share")
    ax.set_ylim(-0.03, 1.03)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, fontsize=9, loc="center right")
    return fig


def plot_reputation_dynamics(
    rounds, good_runs: Mapping[str, np.ndarray], predicted: Mapping[str, float], *,
    title="Share of good reputations", margins=None, width=6.0, height=3.6,
):  # fmt: skip
    """Good fraction over time for each norm (mean and 95 % band), predictions dashed."""
    if set(good_runs) != set(predicted):
        raise ValueError("good_runs and predicted must have the same norms")
    fig, ax = new_figure(width=width, height=height, margins=margins)
    for i, (norm, runs) in enumerate(good_runs.items()):
        colour = PALETTE[i]
        _band(ax, rounds, runs, colour, norm)
        ax.axhline(predicted[norm], color=colour, ls=":", lw=1.3)
    ax.set_xlabel("rounds (each agent donates once per round on average)")
    ax.set_ylabel("share of agents with a good reputation")
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=8, loc="center right")
    return fig


def plot_norm_outcomes(
    norms: Sequence[str], cooperation, cooperation_ci, predicted, advantages: Mapping[str, Sequence]
):
    """Cooperation by norm (left: simulated bars with 95 % CI, predicted markers) and the
    payoff advantage of rare mutants in a population of discriminators (right)."""
    norms = list(norms)
    x = np.arange(len(norms))
    fig, (left, right) = new_figure(2, width=8.0, height=3.6)
    left.bar(x, cooperation, yerr=cooperation_ci, color=PALETTE[0], capsize=4, label="simulated")
    left.scatter(x, predicted, marker="D", color=PALETTE[3], zorder=5, label="closed form")
    left.set_xticks(x, [n.replace(" ", "\n") for n in norms])
    left.set_ylabel("share of interactions with help")
    left.set_ylim(0, 1.05)
    left.set_title("Cooperation among discriminators")
    left.legend(frameon=False, fontsize=8, loc="upper right")
    width = 0.38
    for i, (label, values) in enumerate(advantages.items()):
        right.bar(x + (i - 0.5) * width, values, width, color=PALETTE[i + 1], label=label)
    right.axhline(0, color="0.3", lw=1)
    right.set_xticks(x, [n.replace(" ", "\n") for n in norms])
    right.set_ylabel("payoff advantage of a rare mutant")
    right.set_title("Who can invade?")
    right.legend(frameon=False, fontsize=8)
    return fig


def plot_naming_runs(
    runs: Mapping[float, Sequence], mean_field: Mapping[float, tuple], *, n_agents, margins=None,
    width=6.0, height=3.6,
):  # fmt: skip
    """Share of agents holding only the committed word A, over time, for several ``p``.

    ``runs[p]`` is a list of ``(times_in_N, share_A)``; ``mean_field[p]`` is
    ``(times, share_A)``, drawn dashed.
    """
    fig, ax = new_figure(width=width, height=height, margins=margins)
    for i, (p, trajectories) in enumerate(runs.items()):
        colour = PALETTE[i % len(PALETTE)]
        for j, (t, share) in enumerate(trajectories):
            ax.plot(t, share, color=colour, lw=0.8, alpha=0.5,
                    label=f"p = {p:g} ({len(trajectories)} runs)" if j == 0 else None)  # fmt: skip
        if p in mean_field:
            ax.plot(*mean_field[p], color=colour, lw=2, ls="--")
    ax.set_xlabel(f"time (units of N = {n_agents} interactions)")
    ax.set_ylabel("share holding only A")
    ax.set_ylim(-0.03, 1.03)
    ax.set_title("A committed minority holding A; dashed: mean field")
    ax.legend(frameon=False, fontsize=8, loc="center right")
    return fig


def plot_tipping(fractions, share_reached, median_time, median_ci, *, tipping_point, n_runs):
    """Share of runs reaching the committed word (left) and median time to it (right)."""
    p = np.asarray(fractions, dtype=float)
    fig, (left, right) = new_figure(2, width=8.0, height=3.4)
    left.plot(p, share_reached, "o-", color=PALETTE[0], label=f"share of {n_runs} runs")
    left.axvline(tipping_point, color=PALETTE[3], ls="--", lw=1.2,
                 label=f"mean field p_c = {tipping_point:.4f}")  # fmt: skip
    left.set_xlabel("committed fraction p")
    left.set_ylabel("runs reaching consensus on A")
    left.set_ylim(-0.03, 1.03)
    left.legend(frameon=False, fontsize=8)
    median = np.asarray(median_time, dtype=float)
    ok = np.isfinite(median)
    lower, upper = np.asarray(median_ci, dtype=float)
    error = [median[ok] - lower[ok], upper[ok] - median[ok]]
    right.errorbar(p[ok], median[ok], yerr=error, fmt="o-", color=PALETTE[1], capsize=3,
                   label="median (95 % CI)")  # fmt: skip
    right.axvline(tipping_point, color=PALETTE[3], ls="--", lw=1.2)
    right.set_xlabel("committed fraction p")
    right.set_ylabel("time to consensus (units of N)")
    right.set_yscale("log")
    right.legend(frameon=False, fontsize=8)
    return fig


def plot_rare_mutation(imitation_strengths, stationary: Mapping[str, np.ndarray], strategies,
                       simulated: Mapping[str, tuple] | None = None):  # fmt: skip
    """Long-run strategy shares against imitation strength, one panel per setting.

    ``stationary[label]`` has shape (len(s), n_strategies). ``simulated[label]`` =
    ``(s_values, means, half_widths)`` adds individual-based points with 95 % intervals.
    """
    s = np.asarray(imitation_strengths, dtype=float)
    labels = list(stationary)
    fig, axes = new_figure(len(labels), width=4.0 * len(labels), height=3.6, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, label in zip(axes, labels, strict=True):
        shares = np.asarray(stationary[label])
        for k, name in enumerate(strategies):
            colour = STRATEGY_COLOURS[name]
            ax.plot(s, shares[:, k], color=colour, lw=2, label=name)
            if simulated and label in simulated:
                sv, means, half = simulated[label]
                ax.errorbar(sv, np.asarray(means)[:, k], yerr=np.asarray(half)[:, k], fmt="o",
                            color=colour, capsize=3, ms=4)  # fmt: skip
        ax.set_xscale("log")
        ax.set_xlabel("imitation strength s")
        ax.set_title(label)
        ax.set_ylim(-0.03, 1.03)
    axes[0].set_ylabel("long-run share")
    axes[0].legend(frameon=False, fontsize=8, loc="upper left")
    return fig


def plot_strategy_run(times, trajectory, strategies, *, title=None, margins=None,
                      width=6.0, height=3.2, time_label="updates"):  # fmt: skip
    """Shares of each strategy over time (one individual-based run)."""
    trajectory = np.asarray(trajectory, dtype=float)
    fig, ax = new_figure(width=width, height=height, margins=margins)
    for k, name in enumerate(strategies):
        ax.plot(times, trajectory[:, k], color=STRATEGY_COLOURS[name], lw=1.5, label=name)
    ax.set_xlabel(time_label)
    ax.set_ylabel("share")
    ax.set_ylim(-0.03, 1.03)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, fontsize=8, loc="center right", ncols=1)
    return fig
