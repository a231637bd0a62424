"""Explorers of the atomization chapter: removing ties, and AI companions.

Each ``render_*`` runs a small model (sizes and seed below, the same constants the alt
text quotes) and draws it with a figure of :mod:`socmodels.plots.atomization`.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import atomization
from ..contract import Options
from ..plots.atomization import network_layout, plot_ai_explorer_frame, plot_removal_frame
from .spec import EXPLORER_SEED, Control

__all__ = [
    "EXPLORERS",
    "describe_ai_explorer",
    "describe_removal_explorer",
    "render_ai_explorer",
    "render_removal_explorer",
]

#: Turnover of both explorers' societies.
TURNOVER = 0.05
#: People in the percolation explorer's society.
REMOVAL_PEOPLE = 150
#: Length of the AI-companion explorer's runs, in sweeps.
AI_SWEEPS = 100

_STRATEGY = Options(*atomization.REMOVAL_STRATEGIES)


@functools.lru_cache(maxsize=1)
def _removal_society():
    """The percolation explorer's small society (fixed seed), its layout, and for every
    removal order the order of the ties and the percolation curve: built once."""
    small = atomization.davidsen_ebel_bornholdt(
        REMOVAL_PEOPLE, turnover=TURNOVER, rng=EXPLORER_SEED
    )
    positions = network_layout(small.adjacency, seed=EXPLORER_SEED)
    orders, curves = {}, {}
    for strategy in atomization.REMOVAL_STRATEGIES:
        orders[strategy] = atomization.tie_removal_order(
            small.adjacency, strategy=strategy, tie_strength=small.tie_strength, rng=EXPLORER_SEED
        )
        curves[strategy] = atomization.percolation_curve(
            small.adjacency, strategy=strategy, tie_strength=small.tie_strength, rng=EXPLORER_SEED
        )
    return small, positions, orders, curves


def removal_curve(strategy: str):
    """The percolation curve the removal explorer shows for ``strategy``."""
    return _removal_society()[3][_STRATEGY.check("strategy", strategy)]


def render_removal_explorer(strategy, removed):
    """Percolation explorer: the :data:`REMOVAL_PEOPLE`-person tie-formation network with a
    share ``removed`` of its ties taken away in the order ``strategy``."""
    strategy = _STRATEGY.check("strategy", strategy)
    small, positions, orders, curves = _removal_society()
    return plot_removal_frame(
        small.tie_strength, positions, orders[strategy], removed, curves[strategy]
    )


def describe_removal_explorer(strategy, removed):
    """Alt text for :func:`render_removal_explorer`."""
    curve = removal_curve(strategy)
    k = int(np.argmin(np.abs(curve.removed_fraction - removed)))
    return (
        f"Left: the {REMOVAL_PEOPLE}-person network with {removed:.0%} of its ties removed, "
        f"{strategy} order; {curve.giant_fraction[k]:.0%} of people remain in the largest "
        f"connected group and {curve.isolates_share[k]:.0%} are isolated. Right: the giant "
        f"component and isolated share against the share of ties removed, this point marked."
    )


@functools.lru_cache(maxsize=64)
def _ai_run(ai_share, brokerage, n_agents):
    # The frame and its alt text describe the same run: simulate once per setting
    # (a few milliseconds; the cache holds the whole 36-frame grid).
    return atomization.ai_companion_network(
        n_agents,
        turnover=TURNOVER,
        ai_share=ai_share,
        brokerage=brokerage,
        n_steps=AI_SWEEPS * n_agents,
        rng=EXPLORER_SEED,
    )


def render_ai_explorer(ai_share, brokerage, n_agents):
    """AI-companion explorer: ``n_agents`` people forming ties for :data:`AI_SWEEPS` sweeps
    while a share ``ai_share`` of their attention goes to AI companions that broker new
    human ties at rate ``brokerage``; the final network and the metrics over time."""
    run = _ai_run(ai_share, brokerage, n_agents)
    return plot_ai_explorer_frame(run, network_layout(run.adjacency, seed=EXPLORER_SEED))


def describe_ai_explorer(ai_share, brokerage, n_agents):
    """Alt text for :func:`render_ai_explorer`."""
    run = _ai_run(ai_share, brokerage, n_agents)
    return (
        f"Left: a network of {n_agents} people after {AI_SWEEPS} sweeps with AI attention "
        f"share {ai_share} and brokerage rate {brokerage}: {run.giant_fraction[-1]:.0%} are in "
        f"the largest connected group, {run.isolates_share[-1]:.0%} are isolated. Right: the "
        f"giant component, isolated share and share without a confidant over time."
    )


#: Explorers of the chapter (shown with ``explorer(**EXPLORERS[name])``; timed by benchmarks).
EXPLORERS = {
    "removal": {
        "render": render_removal_explorer,
        "controls": {
            "strategy": Control("Removal order", atomization.REMOVAL_STRATEGIES, default="random"),
            "removed": Control(
                "Share of ties removed",
                (0.0, 0.2, 0.4, 0.6, 0.8, 0.9),
                default=0.6,
                format="{:.0%}",
            ),
        },
        "alt": describe_removal_explorer,
        "dpi": 64,
    },
    "ai_companions": {
        "render": render_ai_explorer,
        "controls": {
            "ai_share": Control("AI attention share α", (0.0, 0.3, 0.6, 0.8), default=0.3),
            "brokerage": Control("AI brokerage rate β", (0.0, 0.5, 1.0), default=0.0),
            "n_agents": Control("People N", (100, 200, 300), default=200),
        },
        "alt": describe_ai_explorer,
        "dpi": 64,
    },
}
