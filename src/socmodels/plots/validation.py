"""Figures for the validation appendix: the curves that are themselves published results.

Each function takes a tidy table from :mod:`socmodels.validation` (one row per run of a
sweep) and returns a figure; none runs a model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._style import PALETTE, new_figure

__all__ = ["plot_bounded_confidence", "plot_cooperation_curve", "plot_giant_component"]


def _check_table(table, columns, name):
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{name} must have the columns {columns}, missing {missing}")
    if table.empty:
        raise ValueError(f"{name} must hold at least one row, got none")


def _mean_and_error(table, x, y):
    grouped = table.groupby(x)[y]
    means = grouped.mean()
    # Standard error of the mean over seeds (0 for a single seed).
    errors = grouped.std(ddof=1).fillna(0.0) / np.sqrt(grouped.count())
    return means.index.to_numpy(float), means.to_numpy(float), errors.to_numpy(float)


def plot_giant_component(curve, theory_mean_degree, theory_giant):
    """Simulated giant component against mean degree c, over the analytic S(c).

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`socmodels.validation.giant_component_curve` (``mean_degree``,
        ``giant_fraction``, one row per run).
    theory_mean_degree, theory_giant : array_like
        The analytic curve ``S = 1 - exp(-c S)`` on a fine grid.
    """
    _check_table(curve, ["mean_degree", "giant_fraction"], "curve")
    c = np.asarray(theory_mean_degree, dtype=float)
    s = np.asarray(theory_giant, dtype=float)
    if c.shape != s.shape or c.ndim != 1:
        raise ValueError(
            "theory_mean_degree and theory_giant must be 1-D arrays of the same length, "
            f"got shapes {c.shape} and {s.shape}"
        )
    fig, ax = new_figure(width=6.0, height=3.8)
    ax.plot(c, s, color=PALETTE[0], lw=2, label="theory: $S = 1 - e^{-cS}$ (Erdős–Rényi)")
    x, mean, error = _mean_and_error(curve, "mean_degree", "giant_fraction")
    ax.errorbar(x, mean, yerr=error, fmt="o", ms=6, color=PALETTE[1], capsize=3, label="our code")
    ax.axvline(1.0, color="0.4", ls="--", lw=1)
    ax.text(1.05, 0.9, "critical point c = 1", color="0.3", fontsize=9)
    ax.set(
        xlabel="mean degree c",
        ylabel="giant component fraction S",
        ylim=(-0.02, 1.0),
        title="Giant component against mean degree",
    )
    ax.legend(loc="lower right", fontsize=9)
    return fig


def plot_bounded_confidence(deffuant_curve, hk_curve):
    """Opinion clusters against the confidence bound ε: Deffuant (left), HK (right).

    Left: mean number of major clusters (≥ 10 % of agents) with the ⌊1/(2ε)⌋ rule.
    Right: share of Hegselmann–Krause runs ending in consensus, with ε_c ≈ 0.2.

    Parameters
    ----------
    deffuant_curve, hk_curve : pandas.DataFrame
        :func:`socmodels.validation.bounded_confidence_curve` tables (``epsilon``,
        ``major_clusters``, ``consensus``).
    """
    _check_table(deffuant_curve, ["epsilon", "major_clusters"], "deffuant_curve")
    _check_table(hk_curve, ["epsilon", "consensus"], "hk_curve")
    fig, (left, right) = new_figure(ncols=2, width=8.4, height=3.6)
    fine = np.linspace(0.08, 0.6, 600)
    left.plot(
        fine,
        np.maximum(np.floor(1 / (2 * fine)), 1),
        color=PALETTE[0],
        lw=2,
        label="⌊1/(2ε)⌋ (Deffuant et al.)",
    )
    x, mean, error = _mean_and_error(deffuant_curve, "epsilon", "major_clusters")
    left.errorbar(x, mean, yerr=error, fmt="o", ms=6, color=PALETTE[1], capsize=3, label="our code")
    left.set(
        xlabel="confidence bound ε",
        ylabel="major opinion clusters",
        title="Deffuant: clusters against ε",
    )
    left.legend(fontsize=9)

    consensus = hk_curve.assign(consensus=hk_curve["consensus"].astype(float))
    x, mean, error = _mean_and_error(consensus, "epsilon", "consensus")
    right.axvline(0.2, color=PALETTE[0], lw=2, label="ε_c ≈ 0.2 (Fortunato 2005)")
    right.errorbar(
        x, mean, yerr=error, fmt="o-", ms=6, color=PALETTE[1], capsize=3, label="our code"
    )
    right.set(
        xlabel="confidence bound ε",
        ylabel="share of runs reaching consensus",
        ylim=(-0.05, 1.05),
        title="Hegselmann–Krause: consensus threshold",
    )
    right.legend(fontsize=9, loc="upper left")
    return fig


def plot_cooperation_curve(curve, *, lower_threshold=3.74, upper_threshold=5.49):
    """Cooperator fraction on the lattice against the synergy factor r.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`socmodels.validation.cooperation_curve` (``synergy``, ``late_cooperation``).
    lower_threshold, upper_threshold : float
        The published thresholds (Szolnoki, Perc & Szabó 2009): cooperators die out
        below the first, defectors above the second.
    """
    _check_table(curve, ["synergy", "late_cooperation"], "curve")
    if not lower_threshold < upper_threshold:
        raise ValueError(
            "lower_threshold must be below upper_threshold, got "
            f"{lower_threshold} and {upper_threshold}"
        )
    fig, ax = new_figure(width=6.0, height=3.8)
    ax.axvspan(
        lower_threshold,
        upper_threshold,
        color=PALETTE[0],
        alpha=0.12,
        label="published coexistence window",
    )
    for r in (lower_threshold, upper_threshold):
        ax.axvline(r, color=PALETTE[0], lw=1.5)
        ax.text(r + 0.03, 0.04, f"r = {r}", ha="left", fontsize=9, color=PALETTE[0])
    x, mean, _ = _mean_and_error(curve, "synergy", "late_cooperation")
    ax.plot(x, mean, "o-", ms=6, color=PALETTE[1], label="our code")
    ax.set(
        xlabel="synergy factor r",
        ylabel="share of cooperators",
        ylim=(-0.03, 1.1),
        title="Spatial public goods game (G = 5, K = 0.5)",
    )
    ax.legend(fontsize=9, loc="upper left")
    return fig
