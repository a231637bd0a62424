"""Figures for the chapter "Who gets the digital dividend?".

Every ``plot_*`` function takes model results (from :mod:`socmodels.dividends`) or arrays
and returns a :class:`matplotlib.figure.Figure`; none runs a model. Single Lorenz-curve
figures use :func:`socmodels.plots.measures.lorenz_figure`. The chapter's explorers, which
draw their frames with the ``plot_*_frame`` functions, are in
:mod:`socmodels.explorers.dividends`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .. import measures
from ._style import PALETTE, new_figure

__all__ = [
    "plot_dividend_frame",
    "plot_exchange_distributions",
    "plot_gini_over_time",
    "plot_growth_frame",
    "plot_leader_share",
    "plot_oligarchy",
    "plot_polya",
    "plot_sharing_comparison",
    "plot_size_distribution",
    "plot_sweep",
    "plot_wealth_frame",
]

_RULE_LABELS = {
    "winner_keeps": "winner keeps",
    "proportional": "proportional",
    "flat": "flat share to users",
    "tax_redistribute": "tax and redistribute",
}


def _lorenz_on(ax, values, label, color, linestyle="-"):
    population, value = measures.lorenz_curve(values)
    ax.plot(population, value, color=color, linestyle=linestyle, label=label)


def _lorenz_axes(ax):
    ax.plot([0, 1], [0, 1], color="0.6", linewidth=0.8, linestyle=":", label="equality")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("share of population (poorest first)")
    ax.set_ylabel("share of total")


def plot_size_distribution(observed: Mapping[str, tuple], theory: Mapping[str, tuple]):
    """Share of platforms of each size, observed (markers) against theory (lines), log-log.

    Parameters
    ----------
    observed : mapping label -> (k, share)
        Empirical distributions, e.g. from :func:`socmodels.dividends.size_distribution`.
    theory : mapping label -> (k, share)
        The matching formulas (same labels).
    """
    fig, ax = new_figure()
    for i, (label, (k, share)) in enumerate(observed.items()):
        mask = share > 0
        ax.loglog(k[mask], share[mask], "o", markersize=3, color=PALETTE[i], label=label, alpha=0.8)
        if label in theory:
            tk, tshare = theory[label]
            ax.loglog(tk, tshare, "-", color=PALETTE[i], linewidth=1.2)
    ax.set_xlabel("platform size k (users)")
    ax.set_ylabel("share of platforms with size k")
    ax.legend(
        title="markers: simulation, lines: Simon's formula",
        fontsize="small",
        title_fontsize="small",
    )
    return fig


def plot_leader_share(results: Mapping[str, object]):
    """Share of users on the largest platform as the market grows, one line per result.

    Parameters
    ----------
    results : mapping label -> PlatformGrowthResult
    """
    fig, ax = new_figure()
    for i, (label, result) in enumerate(results.items()):
        ax.semilogx(result.times, result.leader_share, color=PALETTE[i], label=label)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("users who have joined")
    ax.set_ylabel("share of users on the largest platform")
    ax.legend(fontsize="small")
    return fig


def plot_polya(result, *, n_paths=30):
    """Pólya urn: a few paths of colour 0's share, and the histogram of final shares.

    Parameters
    ----------
    result : PolyaUrnResult
    n_paths : int
        Number of individual runs drawn on the left.
    """
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.6)
    for run in range(min(n_paths, result.first_share.shape[0])):
        left.plot(
            result.times, result.first_share[run], color=PALETTE[run % 3], alpha=0.5, linewidth=0.8
        )
    left.set_ylim(0, 1)
    left.set_xlabel("draws")
    left.set_ylabel("share of colour A")
    left.set_title("Each urn locks in")
    right.hist(
        result.shares[:, 0],
        bins=20,
        range=(0, 1),
        density=True,
        color=PALETTE[0],
        alpha=0.8,
        label="simulated urns",
    )
    right.axhline(1.0, color=PALETTE[3], linestyle="--", label="uniform density")
    right.set_xlabel("final share of colour A")
    right.set_ylabel("density")
    right.set_title("…at a random share")
    right.legend(fontsize="small", loc="lower center")
    return fig


def plot_gini_over_time(results: Mapping[str, object], *, time_label="rounds"):
    """Gini coefficient against time for several exchange results.

    Parameters
    ----------
    results : mapping label -> ExchangeResult or BoltzmannWealthResult
    time_label : str
        Label of the horizontal axis.
    """
    fig, ax = new_figure()
    for i, (label, result) in enumerate(results.items()):
        ax.plot(result.times, result.gini, color=PALETTE[i], label=label, marker="o", markersize=3)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(time_label)
    ax.set_ylabel("Gini coefficient")
    ax.legend(fontsize="small")
    return fig


def plot_exchange_distributions(wealths: Mapping[str, np.ndarray], *, exponential=True):
    """Histograms of wealth in units of the mean, with the exponential law e^{-x}.

    Parameters
    ----------
    wealths : mapping label -> wealth array
    exponential : bool
        Draw the Boltzmann–Gibbs density for reference.
    """
    fig, ax = new_figure()
    top = 6.0
    for i, (label, w) in enumerate(wealths.items()):
        w = np.asarray(w)
        mean = w.mean()
        x = w / mean
        if np.issubdtype(w.dtype, np.integer):
            bins = (np.arange(0, top * mean + 1) - 0.5) / mean  # one bar per unit of money
        else:
            bins = np.linspace(0, top, 31)
        ax.hist(
            x,
            bins=bins,
            density=True,
            histtype="step",
            linewidth=1.6,
            color=PALETTE[i],
            label=f"{label} (Gini {measures.gini(w):.2f})",
        )
    if exponential:
        grid = np.linspace(0, top, 200)
        ax.semilogy(
            grid, np.exp(-grid), color="0.3", linestyle="--", label="exponential law (Gini 0.50)"
        )
    ax.set_yscale("log")
    ax.set_xlim(-0.5, top)
    ax.set_xlabel("wealth / mean wealth")
    ax.set_ylabel("density")
    ax.legend(fontsize="small")
    return fig


def plot_oligarchy(ratio, largest_share, *, theory_ratio=None, theory_share=None):
    """Share of the richest agent against zeta/chi, with the theory 1 - chi/zeta.

    Parameters
    ----------
    ratio : array
        zeta / chi of each simulation.
    largest_share : array
        Time-averaged stationary share of the richest agent in each simulation.
    theory_ratio, theory_share : array, optional
        The theoretical curve.
    """
    fig, ax = new_figure()
    if theory_ratio is not None:
        ax.plot(
            theory_ratio,
            theory_share,
            color=PALETTE[3],
            linestyle="--",
            label=r"theory: $\max(0, 1 - \chi/\zeta)$",
        )
    ax.plot(ratio, largest_share, "o", color=PALETTE[0], label="simulation")
    ax.axvline(1.0, color="0.6", linewidth=0.8, linestyle=":")
    ax.set_xlabel(r"wealth-attained advantage / redistribution, $\zeta/\chi$")
    ax.set_ylabel("share of wealth held by the richest agent")
    ax.set_ylim(0, 1)
    ax.legend(fontsize="small")
    return fig


def _headline(fig, title, numbers):
    """Title above the panels: the parameters, then the measures on one line, so that the
    numbers never hide a curve."""
    line = "    ".join(f"{name} {value}" for name, value in numbers)
    fig.suptitle(f"{title}\n{line}" if title else line, fontsize="medium")


def plot_wealth_frame(result, *, title=None):
    """Explorer frame for the yard-sale model: Lorenz curves over time and the numbers.

    Parameters
    ----------
    result : ExchangeResult
    title : str, optional
    """
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.8)
    _lorenz_axes(left)
    picks = np.unique(np.linspace(1, len(result.times) - 1, 4).round().astype(int))
    for i, idx in enumerate(picks):
        _lorenz_on(left, result.wealth_history[idx], f"round {result.times[idx]}", PALETTE[i])
    left.legend(fontsize="x-small", loc="upper left")
    left.set_title("Lorenz curve over time")
    right.plot(result.times, result.gini, color=PALETTE[0], label="Gini")
    right.plot(result.times, result.largest_share, color=PALETTE[3], label="richest agent")
    right.set_ylim(0, 1.02)
    right.set_xlabel("rounds")
    right.set_ylabel("share / coefficient")
    right.legend(fontsize="x-small", loc="best")
    w = result.wealth
    _headline(
        fig,
        title,
        [
            ("Gini", f"{measures.gini(w):.2f}"),
            ("top 1 %", f"{measures.top_share(w, fraction=0.01):.2f}"),
            ("top 10 %", f"{measures.top_share(w, fraction=0.1):.2f}"),
            ("richest agent", f"{result.largest_share[-1]:.2f}"),
        ],
    )
    return fig


def plot_growth_frame(result, *, title=None):
    """Explorer frame for platform growth: rank-size plot, Lorenz curve and the numbers.

    Parameters
    ----------
    result : PlatformGrowthResult
    title : str, optional
    """
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.8)
    sizes = np.sort(result.sizes)[::-1]
    left.loglog(np.arange(1, sizes.size + 1), sizes, color=PALETTE[0])
    # No minor ticks and plain-text labels: log-axis tick layout (mathtext) would otherwise
    # dominate the frame's drawing time.
    for axis in (left.xaxis, left.yaxis):
        axis.set_major_locator(LogLocator(numticks=5))
        axis.set_minor_locator(NullLocator())
        axis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    left.set_xlabel("platform rank")
    left.set_ylabel("users")
    left.set_title("Rank-size plot")
    _lorenz_axes(right)
    _lorenz_on(right, result.sizes, "platforms", PALETTE[0])
    right.set_title("Lorenz curve of users")
    _headline(
        fig,
        title,
        [
            ("platforms", f"{result.sizes.size}"),
            ("HHI", f"{measures.hhi(result.sizes):.3f}"),
            ("leader", f"{sizes[0] / sizes.sum():.2f}"),
            ("top 10 %", f"{measures.top_share(result.sizes, fraction=0.1):.2f}"),
            ("Gini", f"{measures.gini(result.sizes):.2f}"),
            ("effective number", f"{measures.effective_number(result.sizes):.1f}"),
        ],
    )
    return fig


def plot_dividend_frame(result, *, title=None):
    """Explorer frame for the dividend economy: platform shares over time, Lorenz curve of
    income over all persons, and the numbers.

    Parameters
    ----------
    result : DividendEconomyResult
    title : str, optional
    """
    fig, (left, right) = new_figure(ncols=2, width=8.0, height=3.8)
    shares = result.platform_users / result.platform_users[0].sum()
    order = np.argsort(shares[-1])[::-1]
    periods = np.arange(shares.shape[0])
    colors = [PALETTE[i % len(PALETTE)] for i in range(shares.shape[1])]
    # A stacked area plot drawn as one collection of polygons (one band per platform):
    # the same picture as Axes.stackplot, which would make one artist per platform.
    tops = np.cumsum(shares[:, order], axis=1)
    bottoms = tops - shares[:, order]
    bands = [
        np.column_stack(
            [np.concatenate([periods, periods[::-1]]), np.concatenate([top, bottom[::-1]])]
        )
        for top, bottom in zip(tops.T, bottoms.T, strict=True)
    ]
    left.add_collection(
        PolyCollection(bands, facecolors=colors, edgecolors="white", linewidths=0.2)
    )
    left.set_xlim(0, periods[-1])
    left.set_ylim(0, 1)
    left.grid(False)  # the bands cover the whole panel and would hide it anyway
    left.set_xlabel("period")
    left.set_ylabel("share of users")
    left.set_title("Platforms' market shares")
    _lorenz_axes(right)
    incomes = result.incomes()
    _lorenz_on(right, incomes, "income", PALETTE[0])
    right.set_title("Lorenz curve of income")
    _headline(
        fig,
        title,
        [
            ("leader", f"{result.leader_share[-1]:.2f}"),
            ("HHI", f"{result.hhi[-1]:.2f}"),
            ("effective platforms", f"{result.effective_platforms[-1]:.1f}"),
            ("paid to users", f"{result.users_share_of_dividend:.2f}"),
            ("Gini of income", f"{measures.gini(incomes):.2f}"),
        ],
    )
    return fig


def plot_sharing_comparison(table, *, errors=None, per_row=3):
    """Bar charts comparing sharing rules on several measures.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per rule (index: rule name), one column per measure; each column gets a
        panel.
    errors : pandas.DataFrame, optional
        Half-widths of 95 % intervals, same shape as ``table`` (drawn as error bars).
    per_row : int
        Panels per row.
    """
    columns = list(table.columns)
    ncols = min(per_row, len(columns))
    nrows = -(-len(columns) // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=2.6 * ncols, height=2.9 * nrows)
    axes = np.atleast_1d(axes).ravel()
    labels = [_RULE_LABELS.get(rule, rule) for rule in table.index]
    for ax, column in zip(axes, columns, strict=False):
        ax.bar(
            range(len(labels)),
            table[column].to_numpy(),
            yerr=None if errors is None else errors[column].to_numpy(),
            capsize=3,
            color=[PALETTE[i] for i in range(len(labels))],
        )
        ax.set_xticks(range(len(labels)), labels, rotation=40, ha="right", fontsize="small")
        ax.set_title(column, fontsize="small")
    for ax in axes[len(columns) :]:
        ax.set_visible(False)
    return fig


def plot_sweep(x, panels: Mapping[str, Mapping[str, np.ndarray]], *, xlabel, errors=None, logy=()):
    """Side-by-side line panels over one swept parameter.

    Parameters
    ----------
    x : array
        Values of the swept parameter.
    panels : mapping panel title -> (mapping line label -> y values)
        One panel per entry, one line per inner entry.
    xlabel : str
        Label of the swept parameter.
    errors : mapping panel title -> (mapping line label -> (low, high)), optional
        A 95 % interval for a line, drawn as a band.
    logy : collection of str
        Titles of panels drawn with a logarithmic y axis.
    """
    fig, axes = new_figure(ncols=len(panels), width=3.0 * len(panels), height=3.4)
    axes = np.atleast_1d(axes)
    for ax, (title, lines) in zip(axes, panels.items(), strict=True):
        for i, (label, y) in enumerate(lines.items()):
            ax.plot(x, y, marker="o", color=PALETTE[i], label=label)
            band = (errors or {}).get(title, {}).get(label)
            if band is not None:
                ax.fill_between(x, band[0], band[1], color=PALETTE[i], alpha=0.25, lw=0)
        if title in logy:
            ax.set_yscale("log")
        ax.set_title(title, fontsize="medium")
        ax.set_xlabel(xlabel)
        if len(lines) > 1:
            ax.legend(fontsize="small")
    return fig
