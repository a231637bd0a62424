"""Explorers of the chapter "Who gets the digital dividend?".

Each ``render_*_explorer`` runs a small model (sizes below, the constants the alt text
quotes) and draws one frame with a ``plot_*_frame`` of :mod:`socmodels.plots.dividends`;
each ``describe_*_explorer`` gives the frame's alt text.
"""

from __future__ import annotations

import numpy as np

from ..dividends import SHARING_RULES, dividend_economy, platform_growth, yard_sale
from ..plots import fixed_layout
from ..plots.dividends import plot_dividend_frame, plot_growth_frame, plot_wealth_frame
from .spec import EXPLORER_SEED, Control

__all__ = [
    "EXPLORERS",
    "describe_dividend_explorer",
    "describe_growth_explorer",
    "describe_wealth_explorer",
    "render_dividend_explorer",
    "render_growth_explorer",
    "render_wealth_explorer",
]

#: The yard-sale explorer: agents, rounds (steps), stake and records.
WEALTH_AGENTS, WEALTH_ROUNDS, WEALTH_TRADE_FRACTION, WEALTH_RECORDS = 100, 3000, 0.3, 30
#: The platform-growth explorer: users.
GROWTH_USERS = 20_000
#: The dividend-economy explorer: users, platforms, periods (steps).
DIVIDEND_USERS, DIVIDEND_PLATFORMS, DIVIDEND_PERIODS = 10_000, 20, 600

# Fixed margins and a few ticks: laying out and drawing text dominates a frame's budget.
_MARGINS = {"left": 0.12, "right": 0.98, "bottom": 0.13, "top": 0.78, "wspace": 0.32}


def render_wealth_explorer(redistribution, advantage, *, rng=EXPLORER_SEED):
    """The extended yard-sale model of :data:`WEALTH_AGENTS` agents over
    :data:`WEALTH_ROUNDS` rounds with stake :data:`WEALTH_TRADE_FRACTION`."""
    result = yard_sale(
        np.ones(WEALTH_AGENTS),
        n_steps=WEALTH_ROUNDS,
        trade_fraction=WEALTH_TRADE_FRACTION,
        redistribution=redistribution,
        advantage=advantage,
        n_records=WEALTH_RECORDS,
        rng=rng,
    )
    fig = plot_wealth_frame(result, title=f"χ = {redistribution}, ζ = {advantage}")
    return fixed_layout(fig, few_ticks=True, **_MARGINS)


def describe_wealth_explorer(redistribution, advantage):
    """Alt text for :func:`render_wealth_explorer`."""
    return (
        f"Lorenz curves over time, and Gini coefficient and richest agent's share against "
        f"rounds, for the yard-sale model of {WEALTH_AGENTS} agents over {WEALTH_ROUNDS} "
        f"rounds with stake {WEALTH_TRADE_FRACTION}, redistribution {redistribution} and "
        f"wealth-attained advantage {advantage}, with the final Gini, top-1 %, top-10 % and "
        f"richest-agent shares."
    )


def render_growth_explorer(gamma, entry_prob, *, rng=EXPLORER_SEED):
    """A platform market of :data:`GROWTH_USERS` users grown by nonlinear preferential
    attachment."""
    result = platform_growth(GROWTH_USERS, gamma=gamma, entry_prob=entry_prob, rng=rng)
    fig = plot_growth_frame(result, title=f"γ = {gamma}, entry probability α = {entry_prob}")
    return fixed_layout(fig, few_ticks=True, **_MARGINS)


def describe_growth_explorer(gamma, entry_prob):
    """Alt text for :func:`render_growth_explorer`."""
    return (
        f"Rank-size plot and Lorenz curve of {GROWTH_USERS:_}".replace("_", " ")
        + f" users over platforms grown with attachment exponent {gamma} and entry "
        f"probability {entry_prob}, with the number of platforms, HHI, leader share, "
        f"top-10 % share, Gini and effective number."
    )


def render_dividend_explorer(gamma, rule, *, rng=EXPLORER_SEED):
    """The dividend economy of :data:`DIVIDEND_USERS` users and :data:`DIVIDEND_PLATFORMS`
    platforms over :data:`DIVIDEND_PERIODS` periods."""
    result = dividend_economy(
        DIVIDEND_USERS, DIVIDEND_PLATFORMS, DIVIDEND_PERIODS, rule=rule, gamma=gamma, rng=rng
    )
    fig = plot_dividend_frame(result, title=f"γ = {gamma}, rule: {rule.replace('_', ' ')}")
    return fixed_layout(fig, few_ticks=True, **_MARGINS)


def describe_dividend_explorer(gamma, rule):
    """Alt text for :func:`render_dividend_explorer`."""
    return (
        f"Stacked market shares of {DIVIDEND_PLATFORMS} platforms over {DIVIDEND_PERIODS} "
        f"periods and the Lorenz curve of income over {DIVIDEND_USERS:_}".replace("_", " ")
        + f" users and the platform owners, for attachment exponent {gamma} and the sharing "
        f"rule {rule.replace('_', ' ')}, with concentration and income measures."
    )


#: Explorers of the chapter (shown with ``explorer(**EXPLORERS[name])``; timed by benchmarks).
EXPLORERS = {
    "wealth": {
        "render": render_wealth_explorer,
        "controls": {
            "redistribution": Control("Redistribution χ", [0.0, 0.02, 0.04, 0.06], default=0.04),
            "advantage": Control(
                "Wealth-attained advantage ζ", [0.0, 0.02, 0.04, 0.06], default=0.02
            ),
        },
        "alt": describe_wealth_explorer,
    },
    "growth": {
        "render": render_growth_explorer,
        "controls": {
            "gamma": Control("Attachment exponent γ", [0.5, 0.8, 1.0, 1.2, 1.5], default=1.0),
            "entry_prob": Control("Entry probability α", [0.02, 0.1, 0.3], default=0.1),
        },
        "alt": describe_growth_explorer,
    },
    "dividend": {
        "render": render_dividend_explorer,
        "controls": {
            "gamma": Control("Attachment exponent γ", [0.9, 1.0, 1.1], default=1.0),
            "rule": Control("Sharing rule", list(SHARING_RULES), default="winner_keeps"),
        },
        "alt": describe_dividend_explorer,
    },
}
