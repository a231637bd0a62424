"""Explorers of the consensus chapter: render functions, their controls, one registry.

Each ``render_*`` runs a small model of :mod:`socmodels.consensus` and draws it with a
figure of :mod:`socmodels.plots.consensus`; each ``describe_*`` is its alt text, built from
the same constants the render function passes to the model. Notebooks show an explorer with
``socmodels.widgets.explorer(**EXPLORERS[name])``; ``benchmarks/run.py --only explorers``
times every entry.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import consensus, networks
from ..contract import spawn_generators
from ..plots.consensus import plot_opinion_run, plot_voter_density
from .spec import EXPLORER_SEED, Control

__all__ = [
    "VOTER_NETWORKS",
    "render_friedkin_johnsen_explorer",
    "describe_friedkin_johnsen_explorer",
    "render_bounded_confidence_explorer",
    "describe_bounded_confidence_explorer",
    "render_voter_explorer",
    "describe_voter_explorer",
    "EXPLORERS",
]

_OPINION_RUN_MARGINS = {"left": 0.09, "right": 0.98, "bottom": 0.14, "top": 0.9, "wspace": 0.08}
_VOTER_MARGINS = {"left": 0.17, "right": 0.96, "bottom": 0.15, "top": 0.9}

# The Friedkin–Johnsen explorer's scenario (stubborn_elite_scenario) and run length.
_FJ_AGENTS = 200
_FJ_ELITE = 10
_FJ_ELITE_OPINION = 0.9
_FJ_STEPS = 40

# The bounded-confidence explorer's scenario (elite_public_scenario).
_BC_AGENTS = 300
_BC_ELITE = 15
_BC_STEPS = 40

VOTER_NETWORKS = ("complete graph", "10 × 10 lattice", "Barabási–Albert (m = 2)")
_VOTER_AGENTS = 100
_VOTER_RUNS = 20


def render_friedkin_johnsen_explorer(network, stubbornness, *, rng=EXPLORER_SEED):
    """Friedkin–Johnsen run of the stubborn-elite scenario, drawn with its elite."""
    scenario = consensus.stubborn_elite_scenario(
        network,
        elite_stubbornness=stubbornness,
        elite_opinion=_FJ_ELITE_OPINION,
        n_agents=_FJ_AGENTS,
        elite_size=_FJ_ELITE,
        rng=rng,
    )
    run = consensus.friedkin_johnsen(
        scenario.weights,
        scenario.initial_opinions,
        scenario.susceptibility,
        max_steps=_FJ_STEPS,
        tol=0.0,
        n_records=_FJ_STEPS,
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
    """Alt text for :func:`render_friedkin_johnsen_explorer`."""
    return (
        f"Friedkin–Johnsen opinion trajectories of {_FJ_AGENTS} agents over {_FJ_STEPS} "
        f"steps on the {network} network, with {_FJ_ELITE} elite accounts starting at "
        f"{_FJ_ELITE_OPINION} and stubbornness {stubbornness}, and the histogram of final "
        "opinions."
    )


def render_bounded_confidence_explorer(network, epsilon, stubbornness, *, rng=EXPLORER_SEED):
    """Hegselmann–Krause run of the elite/public scenario, the elite agents highlighted."""
    run = consensus.elite_public_scenario(
        network,
        epsilon=epsilon,
        stubbornness=stubbornness,
        n_agents=_BC_AGENTS,
        elite_size=_BC_ELITE,
        n_steps=_BC_STEPS,
        rng=rng,
    )
    label = f"stubborn {_BC_ELITE}" if stubbornness > 0 else f"the {_BC_ELITE} (not stubborn)"
    return plot_opinion_run(
        run,
        highlight=run.elite,
        highlight_label=label,
        max_lines=150,
        title=f"{network}, ε = {epsilon}, stubbornness {stubbornness}",
        margins=_OPINION_RUN_MARGINS,
    )


def describe_bounded_confidence_explorer(network, epsilon, stubbornness, **_):
    """Alt text for :func:`render_bounded_confidence_explorer`."""
    return (
        f"Hegselmann–Krause opinion trajectories of {_BC_AGENTS} agents over {_BC_STEPS} "
        f"steps on the {network} network with confidence bound {epsilon}; {_BC_ELITE} "
        f"highlighted agents have stubbornness {stubbornness}. Right: histogram of final "
        "opinions."
    )


@functools.lru_cache(maxsize=4)
def _voter_network(network: str):
    """The voter explorer's graphs (``None``: complete graph), built once."""
    if network == "complete graph":
        return None
    if network == "10 × 10 lattice":
        return networks.square_lattice(10)
    if network == "Barabási–Albert (m = 2)":
        return networks.barabasi_albert(_VOTER_AGENTS, 2, rng=EXPLORER_SEED)
    raise ValueError(f"network must be one of {VOTER_NETWORKS}, got {network!r}")


def render_voter_explorer(network, density, *, rng=EXPLORER_SEED):
    """Voter-model runs; the initial 1s go to the best-connected agents."""
    adjacency = _voter_network(network)
    if adjacency is None:
        order = np.arange(_VOTER_AGENTS)
    else:
        order = np.argsort(-networks.degrees(adjacency))
    state = np.zeros(_VOTER_AGENTS)
    state[order[: int(round(density * _VOTER_AGENTS))]] = 1
    runs = [
        consensus.voter_model(state, adjacency=adjacency, rng=generator)
        for generator in spawn_generators(rng, _VOTER_RUNS)
    ]
    return plot_voter_density({f"{network}, initial share {density}": runs}, margins=_VOTER_MARGINS)


def describe_voter_explorer(network, density, **_):
    """Alt text for :func:`render_voter_explorer`."""
    return (
        f"Share of opinion 1 over time in {_VOTER_RUNS} voter-model runs of {_VOTER_AGENTS} "
        f"agents on the {network} with initial share {density}; each line wanders until it "
        "reaches 0 or 1."
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
        "dpi": 80,
    },
    "bounded_confidence": {
        "render": render_bounded_confidence_explorer,
        "controls": {
            "network": Control("Network", ["egalitarian", "elite"], default="elite"),
            "epsilon": Control("Trust ε", [0.1, 0.2, 0.3, 0.5], default=0.2),
            "stubbornness": Control(
                f"Stubbornness of the {_BC_ELITE}", [0.0, 0.5, 0.9], default=0.0
            ),
        },
        "alt": describe_bounded_confidence_explorer,
        "dpi": 80,
    },
    "voter": {
        "render": render_voter_explorer,
        "controls": {
            "network": Control("Network", list(VOTER_NETWORKS), default="complete graph"),
            "density": Control("Initial share of opinion 1", [0.1, 0.3, 0.5], default=0.3),
        },
        "alt": describe_voter_explorer,
        "dpi": 80,
    },
}
