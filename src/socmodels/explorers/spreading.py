"""Explorers of the spreading chapter: render functions, alt texts and their registry.

``explorer(**EXPLORERS[name])`` (:func:`socmodels.widgets.explorer`) shows one in a
notebook. Each ``render_*`` runs a small model of :mod:`socmodels.spreading` and draws it
with :mod:`socmodels.plots.spreading`; each ``describe_*`` builds the frame's alt text from
the same constants.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import networks, spreading
from ..plots import spreading as plots
from .spec import Control

__all__ = [
    "OUTBREAK_NETWORKS",
    "render_outbreak_explorer",
    "describe_outbreak_explorer",
    "render_cascade_explorer",
    "describe_cascade_explorer",
    "render_lattice_explorer",
    "describe_lattice_explorer",
    "render_rumour_explorer",
    "describe_rumour_explorer",
    "EXPLORERS",
]

_SEED = 2024

# ---------------------------------------------------------------- outbreaks (simple contagion)

_OUTBREAK_AGENTS = 2000
_OUTBREAK_DEGREE = 4
_OUTBREAK_RUNS = 40
#: The two networks of the outbreak explorer, with the same mean degree 4.
OUTBREAK_NETWORKS = ("Erdős–Rényi", "Barabási–Albert")


@functools.lru_cache(maxsize=2)
def _outbreak_network(network):
    if network == OUTBREAK_NETWORKS[0]:
        return networks.erdos_renyi(_OUTBREAK_AGENTS, mean_degree=_OUTBREAK_DEGREE, rng=_SEED)
    if network == OUTBREAK_NETWORKS[1]:
        return networks.barabasi_albert(_OUTBREAK_AGENTS, _OUTBREAK_DEGREE // 2, rng=_SEED)
    raise ValueError(f"network must be one of {OUTBREAK_NETWORKS}, got {network!r}")


def render_outbreak_explorer(network, transmissibility):
    """40 outbreaks from single seeds on a 2 000-node network, as a histogram of sizes."""
    adjacency = _outbreak_network(network)
    sizes = spreading.outbreak_sizes(
        adjacency, transmissibility=transmissibility, n_runs=_OUTBREAK_RUNS, rng=_SEED
    )
    return plots.plot_outbreak_frame(
        sizes.sizes,
        theory=spreading.er_outbreak_size(_OUTBREAK_DEGREE, transmissibility=transmissibility),
        threshold=spreading.epidemic_threshold(networks.degrees(adjacency)),
        transmissibility=transmissibility,
        network=network,
    )


def describe_outbreak_explorer(network, transmissibility):
    threshold = spreading.epidemic_threshold(networks.degrees(_outbreak_network(network)))
    theory = spreading.er_outbreak_size(_OUTBREAK_DEGREE, transmissibility=transmissibility)
    side = "above" if transmissibility > threshold else "below"
    return (
        f"Histogram of the sizes of {_OUTBREAK_RUNS} outbreaks, each from one random seed, on "
        f"a {network} network of {_OUTBREAK_AGENTS} people with mean degree "
        f"{_OUTBREAK_DEGREE}, transmissibility {transmissibility}, {side} the network's "
        f"epidemic threshold {threshold:.3f}; the Erdős–Rényi theory predicts large "
        f"outbreaks reaching {theory:.2f} of the network."
    )


# ---------------------------------------------------------------- global cascades (Watts)

_CASCADE_AGENTS = 400
_CASCADE_RUNS = 10


@functools.lru_cache(maxsize=32)
def _cascade_runs(mean_degree, threshold):
    adjacency = networks.erdos_renyi(_CASCADE_AGENTS, mean_degree=mean_degree, rng=_SEED)
    runs = [
        spreading.watts_cascade(adjacency, threshold=threshold, n_records=50, rng=_SEED + k)
        for k in range(_CASCADE_RUNS)
    ]
    return adjacency, runs


def render_cascade_explorer(mean_degree, threshold):
    """One cascade on a 400-node Erdős–Rényi graph, drawn by distance from its seed."""
    adjacency, runs = _cascade_runs(mean_degree, threshold)
    first = runs[0]
    root = int(np.flatnonzero(first.adoption_times == 0)[0])
    cascades = sum(run.final_share > 0.1 for run in runs)
    return plots.plot_network_cascade_frame(
        adjacency,
        plots.radial_layout(adjacency, root),
        first.adoption_times,
        [(run.times, run.trajectory[:, 1]) for run in runs],
        title=f"z = {mean_degree:g}, φ = {threshold:g}: reached {first.final_share:.0%}",
        curve_title=f"{cascades} of {_CASCADE_RUNS} seeds cascade (> 10 %)",
    )


def describe_cascade_explorer(mean_degree, threshold):
    _, runs = _cascade_runs(mean_degree, threshold)
    cascades = sum(run.final_share > 0.1 for run in runs)
    return (
        f"Left: an Erdős–Rényi network of {_CASCADE_AGENTS} people with mean degree "
        f"{mean_degree}, drawn in rings by distance from one seed; with threshold {threshold}, "
        f"the cascade from that seed reached {runs[0].final_share:.0%} of the network, "
        f"coloured by the round of adoption. Right: the share adopted over time for "
        f"{_CASCADE_RUNS} different seeds, {cascades} of which trigger a global cascade."
    )


# ---------------------------------------------------------------- complex contagion (rings)

_RING_AGENTS = 200
_RING_K = 8
_RING_RUNS = 10


@functools.lru_cache(maxsize=32)
def _lattice_runs(rewire_prob, threshold):
    out = []
    for k in range(_RING_RUNS):
        adjacency = networks.watts_strogatz(_RING_AGENTS, _RING_K, rewire_prob, rng=_SEED + k)
        run = spreading.complex_contagion(
            adjacency,
            threshold=threshold,
            initial_adopters=spreading.neighbourhood(adjacency, 0),
            n_records=100,
        )
        out.append((adjacency, run))
    return out


def render_lattice_explorer(rewire_prob, threshold):
    """A contagion from one seeded neighbourhood on a rewired ring of 200 people."""
    runs = _lattice_runs(rewire_prob, threshold)
    adjacency, first = runs[0]
    kind = "simple" if threshold == 1 else "complex"
    reach = np.mean([run.final_share for _, run in runs])
    return plots.plot_network_cascade_frame(
        adjacency,
        plots.ring_layout(_RING_AGENTS),
        first.adoption_times,
        [(run.times, run.trajectory[:, 1]) for _, run in runs],
        title=f"p = {rewire_prob:g}, threshold {threshold} ({kind})",
        curve_title=f"{_RING_RUNS} rings: mean reach {reach:.0%}",
    )


def describe_lattice_explorer(rewire_prob, threshold):
    runs = _lattice_runs(rewire_prob, threshold)
    first = runs[0][1]
    reach = np.mean([run.final_share for _, run in runs])
    return (
        f"Left: a ring of {_RING_AGENTS} people, each tied to the {_RING_K} nearest, with "
        f"rewiring probability {rewire_prob}; a contagion with threshold {threshold} "
        f"starts from one person and their contacts and reaches {first.final_share:.0%} "
        f"in {first.duration} rounds, coloured by round of adoption. Right: the share "
        f"adopted over time on {_RING_RUNS} such rings, reaching {reach:.0%} on average."
    )


# ---------------------------------------------------------------- rumours and corrections

_RUMOUR_AGENTS = 2000
#: Delay of the correction in contacts per person; "none" means no correction.
_NO_CORRECTION = "none"


def _rumour_run(delay, acceptance):
    correction_delay = None if delay == _NO_CORRECTION else int(delay * _RUMOUR_AGENTS)
    return spreading.maki_thompson(
        _RUMOUR_AGENTS,
        correction_delay=correction_delay,
        acceptance=acceptance,
        n_records=200,
        rng=_SEED,
    )


def render_rumour_explorer(delay, acceptance):
    """One rumour among 2 000 people, with a correction started after ``delay`` t/N."""
    run = _rumour_run(delay, acceptance)
    if delay == _NO_CORRECTION:
        title = f"no correction: {run.never_heard:.0%} never hear it"
    else:
        title = f"correction at t/N = {delay}: {run.misinformed:.0%} stay misinformed"
    return plots.plot_rumour_frame(run, title=title)


def describe_rumour_explorer(delay, acceptance):
    run = _rumour_run(delay, acceptance)
    start = (
        f"without a correction (correction setting {delay})"
        if delay == _NO_CORRECTION
        else (
            f"with a correction starting after {delay} contacts per person that people who "
            f"heard the rumour accept with probability {acceptance}"
        )
    )
    return (
        f"Shares of ignorants, spreaders, stiflers, correction spreaders and corrected "
        f"people over time in one rumour among {_RUMOUR_AGENTS} people {start} (acceptance "
        f"setting {acceptance}). {run.never_heard:.0%} never hear the rumour, "
        f"{run.corrected_at_rumour_end:.0%} are corrected when it dies, and "
        f"{run.misinformed:.0%} heard it and are never corrected."
    )


#: The chapter's explorers: ``explorer(**EXPLORERS[name])`` in the notebooks.
EXPLORERS = {
    "outbreaks": {
        "render": render_outbreak_explorer,
        "controls": {
            "network": Control("Network", list(OUTBREAK_NETWORKS), default="Erdős–Rényi"),
            "transmissibility": Control(
                "Transmissibility T", [0.05, 0.1, 0.2, 0.3, 0.4, 0.5], default=0.2
            ),
        },
        "alt": describe_outbreak_explorer,
        "dpi": 64,
    },
    "global_cascade": {
        "render": render_cascade_explorer,
        "controls": {
            "mean_degree": Control("Mean degree z", [1, 2, 3, 4, 5, 6, 7], default=4),
            "threshold": Control("Threshold φ", [0.1, 0.18, 0.25], default=0.18),
        },
        "alt": describe_cascade_explorer,
        "dpi": 64,
    },
    "complex_contagion": {
        "render": render_lattice_explorer,
        "controls": {
            "rewire_prob": Control(
                "Rewiring p", [0.0, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0], default=0.05
            ),
            "threshold": Control("Contacts needed", [1, 2], default=2),
        },
        "alt": describe_lattice_explorer,
        "dpi": 64,
    },
    "rumour": {
        "render": render_rumour_explorer,
        "controls": {
            "delay": Control(
                "Correction after (t/N)", [0.0, 0.25, 0.5, 1.0, _NO_CORRECTION], default=0.25
            ),
            "acceptance": Control("Acceptance", [1.0, 0.5, 0.2], default=1.0),
        },
        "alt": describe_rumour_explorer,
        "dpi": 64,
    },
}
