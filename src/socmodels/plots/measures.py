"""Figures for the chapter "How we measure a society"."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import measures
from ._style import PALETTE, new_figure

__all__ = [
    "degree_distribution_figure",
    "giant_component_figure",
    "lorenz_figure",
    "pareto_lorenz_frame",
]


def lorenz_figure(distributions: Mapping[str, np.ndarray], *, width=None, height=None):
    """Lorenz curves of several distributions, with their Gini coefficients in the legend."""
    fig, ax = new_figure(width=width, height=height)
    ax.plot([0, 1], [0, 1], color="0.4", lw=1, ls="--", label="perfect equality (G = 0)")
    for colour, (label, values) in zip(PALETTE, distributions.items(), strict=False):
        population, share = measures.lorenz_curve(values)
        ax.plot(
            population,
            share,
            color=colour,
            lw=2,
            label=f"{label} (G = {measures.gini(values):.2f})",
        )
    ax.set(
        xlabel="share of population, poorest first",
        ylabel="share of the total held",
        xlim=(0, 1),
        ylim=(0, 1),
        aspect="equal",
    )
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return fig


def pareto_lorenz_frame(alpha: float, sample: np.ndarray):
    """One explorer frame: a Pareto sample's Lorenz curve against the analytic curve."""
    fig, ax = new_figure(width=4.6, height=3.2)
    p = np.linspace(0, 1, 201)
    population, share = measures.lorenz_curve(sample)
    ax.plot([0, 1], [0, 1], color="0.4", lw=1, ls="--")
    ax.fill_between(p, p, measures.pareto_lorenz_curve(p, alpha=alpha), color=PALETTE[0], alpha=0.2)
    ax.plot(
        p,
        measures.pareto_lorenz_curve(p, alpha=alpha),
        color=PALETTE[0],
        lw=2,
        label=f"theory, G = 1/(2α−1) = {1 / (2 * alpha - 1):.2f}",
    )
    ax.plot(
        population,
        share,
        color=PALETTE[1],
        lw=1.5,
        ls=":",
        label=f"sample of {sample.size}, G = {measures.gini(sample):.2f}",
    )
    ax.set(
        xlabel="share of population",
        ylabel="share of wealth",
        xlim=(0, 1),
        ylim=(0, 1),
        title=f"Pareto tail exponent α = {alpha:g}",
    )
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return fig


def degree_distribution_figure(
    graphs: Mapping[str, object], theory: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None
):
    """Degree distributions on log–log axes, with optional theoretical curves per graph."""
    fig, ax = new_figure()
    theory = theory or {}
    for colour, (label, adjacency) in zip(PALETTE, graphs.items(), strict=False):
        k, p = measures.degree_distribution(adjacency)
        keep = k > 0
        ax.scatter(k[keep], p[keep], s=14, color=colour, label=f"{label} (simulated)")
        if label in theory:
            tk, tp = theory[label]
            ax.plot(tk, tp, color=colour, lw=1.5, label=f"{label} (theory)")
    ax.set(xscale="log", yscale="log", xlabel="degree k", ylabel="share of nodes P(k)")
    ax.legend(fontsize="small", frameon=False)
    return fig


def giant_component_figure(mean_degrees: np.ndarray, simulated: np.ndarray):
    """Simulated giant-component fractions against the analytic Erdős–Rényi curve."""
    fig, ax = new_figure()
    c = np.linspace(0, max(4.0, float(np.max(mean_degrees))), 400)
    ax.plot(
        c, measures.er_giant_component(c), color=PALETTE[0], lw=2, label="theory: S = 1 − exp(−cS)"
    )
    ax.scatter(mean_degrees, simulated, color=PALETTE[1], zorder=3, s=22, label="simulated")
    ax.axvline(1.0, color="0.4", lw=1, ls="--")
    ax.annotate("critical point c = 1", xy=(1.0, 0.9), xytext=(1.15, 0.9), fontsize="small")
    ax.set(xlabel="mean degree c", ylabel="giant component S", ylim=(-0.02, 1.02))
    ax.legend(loc="lower right", frameon=False)
    return fig
