"""Explorers of the chapter "How we measure a society" (and of the chapter template).

``pareto_lorenz``: a Pareto sample's Lorenz curve. ``giant_component``: one simulated
Erdős–Rényi network on the analytic giant-component curve (the template's running example).
"""

from __future__ import annotations

import numpy as np

from .. import measures, networks
from ..plots.measures import giant_component_figure, pareto_lorenz_frame
from .spec import EXPLORER_SEED, Control

__all__ = [
    "EXPLORERS",
    "describe_giant_component_explorer",
    "describe_pareto_explorer",
    "render_giant_component_explorer",
    "render_pareto_explorer",
]

#: Sample size and seed of the Pareto explorer: the same sample family at every exponent.
PARETO_SAMPLE_SIZE = 5_000
PARETO_SEED = 7


def render_pareto_explorer(alpha: float):
    """Explorer frame: a Pareto sample with tail exponent ``alpha`` and its Lorenz curve."""
    sample = np.random.default_rng(PARETO_SEED).pareto(alpha, size=PARETO_SAMPLE_SIZE) + 1.0
    return pareto_lorenz_frame(alpha, sample)


def describe_pareto_explorer(alpha: float) -> str:
    """Alt text of a Pareto explorer frame."""
    return (
        f"Lorenz curve for a Pareto distribution with tail exponent {alpha} and a sample of "
        f"{PARETO_SAMPLE_SIZE} people: theoretical Gini {1 / (2 * alpha - 1):.2f}; the curve "
        "sags further below the diagonal as the exponent falls."
    )


#: People in the giant-component explorer's network.
GIANT_PEOPLE = 2_000


def render_giant_component_explorer(mean_degree: float, *, rng=EXPLORER_SEED):
    """One Erdős–Rényi network of :data:`GIANT_PEOPLE` people with ``mean_degree``, its
    giant component drawn on the analytic curve."""
    graph = networks.erdos_renyi(GIANT_PEOPLE, mean_degree=mean_degree, rng=rng)
    share = measures.giant_component_fraction(graph)
    return giant_component_figure(np.array([mean_degree]), np.array([share]))


def describe_giant_component_explorer(mean_degree: float) -> str:
    """Alt text of a giant-component explorer frame."""
    return (
        f"The analytic giant-component curve with one simulated network of {GIANT_PEOPLE} "
        f"people at mean degree {mean_degree:g}, where theory gives a share of "
        f"{measures.er_giant_component(mean_degree):.2f}."
    )


#: Explorers of the chapter (shown with ``explorer(**EXPLORERS[name])``; timed by benchmarks).
EXPLORERS = {
    "pareto_lorenz": {
        "render": render_pareto_explorer,
        "controls": {
            "alpha": Control(
                "Tail exponent α", [1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0], default=2.0, format="{:g}"
            )
        },
        "alt": describe_pareto_explorer,
    },
    "giant_component": {
        "render": render_giant_component_explorer,
        "controls": {
            "mean_degree": Control(
                "Mean degree c", [0.5, 1.0, 1.5, 2.0, 3.0], default=1.5, format="{:g}"
            )
        },
        "alt": describe_giant_component_explorer,
    },
}
