"""Explorers of the aggregation chapter: run a small model, draw it with a figure function.

``explorer(**EXPLORERS[name])`` shows one in a notebook (see :mod:`socmodels.widgets`).
Each ``render_*`` takes the controls' values and returns a figure; each ``describe_*``
builds the alt text from the same constants. Frames are computed and drawn in < 150 ms.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import aggregation
from ..plots import aggregation as figures
from .spec import Control

__all__ = [
    "render_schelling",
    "describe_schelling",
    "render_culture",
    "describe_culture",
    "render_coevolution",
    "describe_coevolution",
    "render_bias",
    "describe_bias",
    "EXPLORERS",
]

_SEED = 2024
_MARGINS = {"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.86, "wspace": 0.05}

SCHELLING_SIDE = 40
SCHELLING_TICKS = 100


@functools.lru_cache(maxsize=64)
def _schelling_run(wanted, density):
    city = aggregation.random_city(SCHELLING_SIDE, density=density, rng=_SEED)
    return city, aggregation.schelling(
        city, wanted=wanted, max_steps=SCHELLING_TICKS, rng=_SEED, n_records=1
    )


def render_schelling(wanted, density):
    """A 40 × 40 city (at most 100 ticks) before and after Schelling's households have moved."""
    city, run = _schelling_run(wanted, density)
    return figures.plot_cities(
        [city, run.final],
        [
            f"before: like neighbours {run.like_share[0]:.0%}",
            f"after {run.n_steps_run} ticks: {run.like_share[-1]:.0%}",
        ],
        width=5.6,
        height=3.0,
        margins=_MARGINS,
    )


def describe_schelling(wanted, density):
    city, run = _schelling_run(wanted, density)
    state = "everyone is content" if run.converged else "some households are still moving"
    return (
        f"Two square maps of a {SCHELLING_SIDE} by {SCHELLING_SIDE} city with "
        f"{density:.0%} (density {density}) of cells occupied by households of two "
        "colours. Left, before: "
        f"colours are mixed and {run.like_share[0]:.0%} of neighbours are alike. Right, "
        f"after {run.n_steps_run} rounds of moves by households wanting at least "
        f"{wanted:.0%} like neighbours (wanted share {wanted}): {state}, and "
        f"{run.like_share[-1]:.0%} of "
        "neighbours are alike, in single-colour patches."
    )


CULTURE_SIDE = 12
CULTURE_FEATURES = 10


@functools.lru_cache(maxsize=64)
def _culture_run(n_traits):
    traits = aggregation.random_culture(
        CULTURE_SIDE, n_features=CULTURE_FEATURES, n_traits=n_traits, rng=_SEED
    )
    return aggregation.axelrod_culture(traits, rng=_SEED, n_records=1)


def render_culture(n_traits):
    """The absorbing cultural map of Axelrod's model on a 12 × 12 lattice, F = 10."""
    run = _culture_run(n_traits)
    return figures.plot_culture_map(
        run.final,
        title=f"q = {n_traits}: largest region {run.largest_region[-1]:.0%}, "
        f"{run.n_regions[-1]} regions",
        width=3.6,
        height=3.8,
        margins={"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.9},
    )


def describe_culture(n_traits):
    run = _culture_run(n_traits)
    return (
        f"A {CULTURE_SIDE} by {CULTURE_SIDE} map of cultures after Axelrod's model has "
        f"stopped, with {CULTURE_FEATURES} features of {n_traits} traits each. The largest "
        f"cultural region, in one colour, covers {run.largest_region[-1]:.0%} of the map; "
        f"there are {run.n_regions[-1]} regions in all."
    )


COEVOLUTION_AGENTS = 150


@functools.lru_cache(maxsize=64)
def _coevolution_run(phi):
    opinions = np.random.default_rng(_SEED).integers(
        0, COEVOLUTION_AGENTS // 10, COEVOLUTION_AGENTS
    )
    return aggregation.holme_newman(opinions, phi=phi, rng=_SEED, n_records=1)


def render_coevolution(phi):
    """The network of 150 people when Holme & Newman's dynamics reach consensus."""
    run = _coevolution_run(phi)
    return figures.plot_coevolving_network(
        run.final,
        run.edges,
        title=f"φ = {phi:g}: largest community {run.largest_community:.0%}",
        width=4.0,
        height=4.0,
        margins={"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.92},
    )


def describe_coevolution(phi):
    run = _coevolution_run(phi)
    return (
        f"The network of {COEVOLUTION_AGENTS} people, ten per opinion at the start, after "
        f"they rewired ties to like-minded people with probability {phi:g} and otherwise "
        f"copied a contact's opinion, until every community agreed: "
        f"{run.community_sizes.size} communities, the largest (coloured) with "
        f"{run.largest_community:.0%} of the people."
    )


BIAS_AGENTS = 100
BIAS_SWEEPS = 100
AI_TRAINING = ("no AI", "AI learns from everyone", "AI learns from x < 0.3")


@functools.lru_cache(maxsize=64)
def _bias_run(gamma, ai):
    x0 = np.random.default_rng(_SEED).random(BIAS_AGENTS)
    learns = (x0 < 0.3).astype(int) if ai == AI_TRAINING[2] else None
    return aggregation.learning_ai_public(
        x0,
        learns_from=learns,
        ai_rate=0.0 if ai == AI_TRAINING[0] else 0.1,
        gamma=gamma,
        n_steps=BIAS_SWEEPS * BIAS_AGENTS,
        n_records=20,
        rng=_SEED,
    )


def _groups(run):
    sizes = aggregation.opinion_groups(run.final, gap=0.01)
    return int((sizes >= 0.01 * BIAS_AGENTS).sum())


def render_bias(gamma, ai):
    """Opinion trajectories of 100 users under a biased recommender, with or without an AI."""
    run = _bias_run(gamma, ai)
    if ai == AI_TRAINING[0]:
        run = aggregation.OpinionGroupsRun(
            run.times,
            run.trajectory,
            run.final,
            np.zeros(0),
            run.n_agents,
            run.n_steps_run,
            run.converged,
            run.params,
        )
    return figures.plot_opinion_trajectories(
        {f"γ = {gamma:g}, {ai}: {_groups(run)} groups": run},
        time_unit=BIAS_AGENTS,
        n_agents_shown=60,
        width=5.2,
        height=3.4,
        margins={"left": 0.12, "right": 0.97, "bottom": 0.15, "top": 0.9},
    )


def describe_bias(gamma, ai):
    run = _bias_run(gamma, ai)
    text = (
        f"Opinion lines of {BIAS_AGENTS} users over {BIAS_SWEEPS} meetings per person, "
        f"with a recommender of bias γ = {gamma} and confidence bound 0.2; {ai}. "
        f"The lines end in {_groups(run)} groups of at least 1 % of the users."
    )
    if ai != AI_TRAINING[0]:
        text += f" A dashed line, the AI's stance, ends at {run.ai_stance[-1]:.2f}."
    return text


#: The chapter's explorers, for ``explorer(**EXPLORERS[name])``.
EXPLORERS = {
    "schelling": {
        "render": render_schelling,
        "controls": {
            "wanted": Control(
                "Wanted share of like neighbours",
                [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
                default=0.3,
                format="{:.0%}",
            ),
            "density": Control("Share of cells occupied", [0.7, 0.9], default=0.9, format="{:.0%}"),
        },
        "alt": describe_schelling,
        "dpi": 64,
    },
    "culture": {
        "render": render_culture,
        "controls": {
            "n_traits": Control(
                "Traits per feature q", [2, 5, 10, 20, 30, 40, 50, 70, 100], default=30
            ),
        },
        "alt": describe_culture,
        "dpi": 64,
    },
    "coevolution": {
        "render": render_coevolution,
        "controls": {
            "phi": Control(
                "Rewiring probability φ",
                [0.05, 0.2, 0.35, 0.46, 0.6, 0.8],
                default=0.46,
                format="{:g}",
            ),
        },
        "alt": describe_coevolution,
        "dpi": 64,
    },
    "bias": {
        "render": render_bias,
        "controls": {
            "gamma": Control(
                "Recommender bias γ", [0.0, 0.5, 1.0, 1.5], default=0.0, format="{:g}"
            ),
            "ai": Control("AI", list(AI_TRAINING), default=AI_TRAINING[0]),
        },
        "alt": describe_bias,
        "dpi": 64,
    },
}
