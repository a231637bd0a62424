"""Explorers of the chapter on governing the commons: render functions, controls, registry.

Each ``render_*`` runs a small model of :mod:`socmodels.commons` and draws it with a figure
of :mod:`socmodels.plots.commons`; each ``describe_*`` is its alt text, built from the same
constants the render function passes to the model. Notebooks show an explorer with
``socmodels.widgets.explorer(**EXPLORERS[name])``; ``benchmarks/run.py --only explorers``
times every entry.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import commons, networks
from ..plots.commons import plot_spatial_frame, plot_trajectories
from .spec import EXPLORER_SEED, Control

__all__ = [
    "NETWORK_TYPES",
    "SANCTION_FINES",
    "render_spatial_explorer",
    "describe_spatial_explorer",
    "render_governance_explorer",
    "describe_governance_explorer",
    "render_well_mixed_explorer",
    "describe_well_mixed_explorer",
    "EXPLORERS",
]

NETWORK_TYPES = ("square lattice", "random regular", "scale-free")
SANCTION_FINES = (0.0, 0.2, 0.6)
_PUNISH_COST = 0.1
_SIDE = 30
_N_STEPS = 200
_N_RECORDS = 50
_WELL_MIXED_AGENTS = 1000
_WELL_MIXED_STEPS = 150
_WELL_MIXED_NOISE = 0.5
_INITIAL_COOPERATORS = 0.5
_SPATIAL_MARGINS = {"left": 0.02, "right": 0.97, "bottom": 0.15, "top": 0.84, "wspace": 0.15}
_TRAJECTORY_MARGINS = {"left": 0.12, "right": 0.97, "bottom": 0.15, "top": 0.9}
_COLOURS = "defectors orange, cooperators blue, moralists green"


@functools.lru_cache(maxsize=8)
def _explorer_network(kind: str, side: int):
    """The explorer's graphs, built once: ``side²`` nodes, fixed seeds."""
    lattice = networks.square_lattice(side)
    if kind == "square lattice":
        return lattice
    if kind == "random regular":
        return commons.degree_preserving_rewire(lattice, rng=EXPLORER_SEED)
    if kind == "scale-free":
        return networks.barabasi_albert(side * side, 2, rng=EXPLORER_SEED)
    raise ValueError(f"network must be one of {NETWORK_TYPES}, got {kind!r}")


def _sanction_text(fine):
    if fine == 0:
        return "no sanctions"
    return f"peer punishment, fine {fine:g}, cost {_PUNISH_COST:g}"


def render_spatial_explorer(
    synergy, noise, fine, network, *, side=_SIDE, n_steps=_N_STEPS, rng=EXPLORER_SEED
):
    """Run the spatial public goods game on one network and draw a frame.

    ``fine > 0`` starts with defectors, cooperators and moralists in thirds (peer
    punishment with that fine and cost 0.1); ``fine = 0`` means no sanctions at all:
    cooperators and defectors in halves, no punishers. On the scale-free and random
    graphs the left panel lays the players out on a grid in order of degree (hubs top
    left), since they have no spatial position.
    """
    adjacency = _explorer_network(network, side)
    if fine < 0:
        raise ValueError(f"fine must be >= 0, got {fine}")
    if fine > 0:
        game = {
            "initial_fractions": (1 / 3, 1 / 3, 1 / 3, 0, 0),
            "fine": fine,
            "punish_cost": _PUNISH_COST,
        }
    else:
        game = {"initial_fractions": (0.5, 0.5, 0, 0, 0)}
    result = commons.graph_public_goods(
        adjacency,
        synergy=synergy,
        noise=noise,
        n_steps=n_steps,
        n_records=min(_N_RECORDS, n_steps),
        rng=rng,
        **game,
    )
    strategies = result.strategies
    if network == "square lattice":
        grid_title = "the lattice at the end"
    else:
        order = np.argsort(-networks.degrees(adjacency), kind="stable")
        strategies = strategies[order]
        grid_title = "players by degree (hubs top left)"
    title = (
        f"{network}, r = {synergy:g}, K = {noise:g}, {_sanction_text(fine)} — "
        f"{commons.contributor_fraction(result.fractions[-1]):.0%} contribute"
    )
    return plot_spatial_frame(
        strategies.reshape(side, side),
        result.times,
        result.fractions,
        title=title,
        grid_title=grid_title,
        margins=_SPATIAL_MARGINS,
    )


def describe_spatial_explorer(synergy, noise, fine, network):
    """Alt text for :func:`render_spatial_explorer`."""
    return (
        f"Left: final strategies of {_SIDE * _SIDE} players on a {network} ({_COLOURS}). "
        f"Right: the fraction of each strategy over {_N_STEPS} Monte Carlo steps, for "
        f"synergy r = {synergy}, noise K = {noise}, fine β = {fine} ({_sanction_text(fine)})."
    )


def render_governance_explorer(
    synergy, fine, punish_cost, *, side=_SIDE, n_steps=_N_STEPS, rng=EXPLORER_SEED
):
    """Peer punishment on the lattice: defectors, cooperators and moralists in thirds."""
    result = commons.lattice_public_goods(
        side,
        synergy=synergy,
        n_steps=n_steps,
        n_records=min(_N_RECORDS, n_steps),
        rng=rng,
        initial_fractions=(1 / 3, 1 / 3, 1 / 3, 0, 0),
        fine=fine,
        punish_cost=punish_cost,
    )
    share = commons.contributor_fraction(result.fractions[-1])
    title = f"r = {synergy:g}, fine β = {fine:g}, cost γ = {punish_cost:g} — {share:.0%} contribute"
    return plot_spatial_frame(
        result.strategies,
        result.times,
        result.fractions,
        title=title,
        grid_title="the lattice at the end",
        margins=_SPATIAL_MARGINS,
    )


def describe_governance_explorer(synergy, fine, punish_cost):
    """Alt text for :func:`render_governance_explorer`."""
    return (
        f"Left: final strategies on a {_SIDE} by {_SIDE} lattice ({_COLOURS}). Right: "
        f"fractions of defectors, cooperators and moralists over {_N_STEPS} Monte Carlo "
        f"steps for r = {synergy}, fine {fine} and punishment cost {punish_cost}."
    )


def render_well_mixed_explorer(synergy, group_size, *, rng=EXPLORER_SEED):
    """Replicator dynamics (exact) and one finite well-mixed population, same r and G."""
    times = np.arange(_WELL_MIXED_STEPS + 1)
    exact = commons.replicator_cooperation_closed_form(
        _INITIAL_COOPERATORS, group_size=group_size, synergy=synergy, times=times
    )
    n_agents = _WELL_MIXED_AGENTS - _WELL_MIXED_AGENTS % group_size
    simulated = commons.well_mixed_public_goods(
        n_agents,
        group_size=group_size,
        synergy=synergy,
        n_steps=_WELL_MIXED_STEPS,
        noise=_WELL_MIXED_NOISE,
        initial_fractions=(1 - _INITIAL_COOPERATORS, _INITIAL_COOPERATORS, 0, 0, 0),
        rng=rng,
    )
    label = f"simulation, N = {n_agents}, K = {_WELL_MIXED_NOISE:g}"
    return plot_trajectories(
        times,
        {"replicator equation (infinite population)": exact, label: simulated.fractions[:, 1]},
        ylabel="fraction of cooperators",
        xlabel="time (replicator units) or generations (simulation)",
        title=f"Well mixed: G = {group_size}, r = {synergy:g} (r/G = {synergy / group_size:.2f})",
        styles={label: {"ls": "--"}},
        margins=_TRAJECTORY_MARGINS,
    )


def describe_well_mixed_explorer(synergy, group_size):
    """Alt text for :func:`render_well_mixed_explorer`."""
    trend = (
        "falls to zero"
        if synergy < group_size
        else ("stays at one half" if synergy == group_size else "rises to one")
    )
    return (
        f"Fraction of cooperators over {_WELL_MIXED_STEPS} generations for group size "
        f"{group_size} and synergy {synergy}: the replicator equation (solid) and a simulated "
        f"population (dashed); since r/G = {synergy / group_size:.2f}, cooperation {trend}."
    )


#: Explorers of the chapter (shown with ``explorer(**EXPLORERS[name])``; timed by benchmarks).
EXPLORERS = {
    "well_mixed": {
        "render": render_well_mixed_explorer,
        "controls": {
            "synergy": Control("Synergy r", [2.0, 3.0, 4.0, 4.5, 5.0, 5.5, 6.0], default=4.0),
            "group_size": Control("Group size G", [3, 5, 10], default=5),
        },
        "alt": describe_well_mixed_explorer,
        "dpi": 80,
    },
    "spatial": {
        "render": render_spatial_explorer,
        "controls": {
            "synergy": Control("Synergy r", [3.5, 4.5], default=4.5),
            "noise": Control("Noise K", [0.5, 2.0], default=0.5),
            "fine": Control("Sanction: fine β", list(SANCTION_FINES), default=0.0),
            "network": Control("Network", list(NETWORK_TYPES), default="square lattice"),
        },
        "alt": describe_spatial_explorer,
        "dpi": 80,
    },
    "governance": {
        "render": render_governance_explorer,
        "controls": {
            "synergy": Control("Synergy r", [3.0, 3.5], default=3.5),
            "fine": Control("Fine β", [0.0, 0.1, 0.2, 0.4, 0.8], default=0.4),
            "punish_cost": Control("Punishment cost γ", [0.05, 0.15, 0.3], default=0.05),
        },
        "alt": describe_governance_explorer,
        "dpi": 80,
    },
}
