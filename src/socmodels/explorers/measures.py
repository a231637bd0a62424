"""Explorer of the chapter "How we measure a society": a Pareto sample's Lorenz curve."""

from __future__ import annotations

import numpy as np

from ..plots.measures import pareto_lorenz_frame
from .spec import Control

__all__ = ["EXPLORERS", "describe_pareto_explorer", "render_pareto_explorer"]

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
}
