"""Explorers of the trust chapter: each runs a small model and draws it.

``explorer(**EXPLORERS[name])`` in the notebooks. Alt text is built from the same
constants the render functions pass to the models.
"""

from __future__ import annotations

import numpy as np

from .. import trust as tr
from ..plots import trust as plots
from .spec import Control

__all__ = [
    "render_trust_explorer",
    "describe_trust_explorer",
    "render_reputation_explorer",
    "describe_reputation_explorer",
    "render_minority_explorer",
    "describe_minority_explorer",
    "render_institutions_explorer",
    "describe_institutions_explorer",
    "EXPLORERS",
]

MARGINS = dict(left=0.11, right=0.97, bottom=0.16, top=0.9)

# ---------------------------------------------------------------------------- trust game
TRUST_AGENTS, TRUST_GENERATIONS, TRUST_ROUNDS, TRUST_SEED = 150, 150, 5, 11


def _trust_run(information, return_share):
    return tr.trust_among_strangers(
        TRUST_AGENTS,
        information=information,
        return_share=return_share,
        games_per_generation=TRUST_ROUNDS,
        n_steps=TRUST_GENERATIONS,
        n_records=75,
        rng=TRUST_SEED,
    )


def render_trust_explorer(information, return_share):
    run = _trust_run(information, return_share)
    title = f"q = {information:g}, return share k = {return_share:g}"
    return plots.plot_trust_run(run.times, run.trust, run.trustworthiness, title=title,
                                margins=MARGINS)  # fmt: skip


def describe_trust_explorer(information, return_share):
    run = _trust_run(information, return_share)
    fate = "is sustained" if run.trust[-1] > 0.5 else "collapses"
    return (
        f"Shares of trusting senders and trustworthy receivers over {TRUST_GENERATIONS} "
        f"generations among {TRUST_AGENTS} strangers, when {information:.0%} of senders see "
        f"the receiver's past behaviour and trustworthy receivers return {return_share:.0%}. "
        f"Trust {fate}: it ends at {run.trust[-1]:.0%} (threshold q* = {return_share:g})."
    )


# ---------------------------------------------------------------------------- reputation
REPUTATION_AGENTS, REPUTATION_ROUNDS, REPUTATION_SEED = 300, 120, 5


def _reputation_run(norm, assessment_error, execution_error):
    return tr.indirect_reciprocity(
        np.full(REPUTATION_AGENTS, tr.DISC),
        norm=norm,
        assessment_error=assessment_error,
        execution_error=execution_error,
        n_steps=REPUTATION_ROUNDS * REPUTATION_AGENTS,
        n_records=60,
        rng=REPUTATION_SEED,
    )


def render_reputation_explorer(norm, assessment_error, execution_error):
    run = _reputation_run(norm, assessment_error, execution_error)
    eq = tr.reputation_equilibrium(
        [0, 0, 1], norm=norm, assessment_error=assessment_error, execution_error=execution_error
    )
    return plots.plot_reputation_dynamics(
        run.times / REPUTATION_AGENTS,
        {norm: run.good[None, :]},
        {norm: eq.good},
        title=f"{norm}: e = {execution_error:g}, μ = {assessment_error:g}",
        margins=MARGINS,
        width=5.6,
        height=3.2,
    )


def describe_reputation_explorer(norm, assessment_error, execution_error):
    eq = tr.reputation_equilibrium(
        [0, 0, 1], norm=norm, assessment_error=assessment_error, execution_error=execution_error
    )
    return (
        f"Share of good reputations over {REPUTATION_ROUNDS} rounds among "
        f"{REPUTATION_AGENTS} discriminators judged by {norm}, execution error "
        f"{execution_error:g} and assessment error {assessment_error:g}, starting from "
        f"everyone good. It settles near the closed form {eq.good:.2f} (dotted line); "
        f"cooperation is then {eq.cooperation:.0%} of interactions."
    )


# ---------------------------------------------------------------------------- minority
MINORITY_AGENTS, MINORITY_RUNS, MINORITY_HORIZON = 500, 5, 100


def _minority_runs(committed_fraction):
    k = int(round(committed_fraction * MINORITY_AGENTS))
    states = np.full(MINORITY_AGENTS, tr.WORD_B)
    states[:k] = tr.WORD_A
    mask = (states == tr.WORD_A).astype(int)
    out = []
    for seed in range(MINORITY_RUNS):
        run = tr.naming_game(
            states,
            committed=mask,
            max_steps=MINORITY_HORIZON * MINORITY_AGENTS,
            n_records=50,
            rng=seed,
        )
        out.append((run.times / MINORITY_AGENTS, run.trajectory[:, tr.WORD_A]))
    return out


def render_minority_explorer(committed_fraction):
    t, shares = tr.naming_game_mean_field(committed_fraction, t_max=MINORITY_HORIZON)
    return plots.plot_naming_runs(
        {committed_fraction: _minority_runs(committed_fraction)},
        {committed_fraction: (t, shares[:, 0])},
        n_agents=MINORITY_AGENTS,
        margins=MARGINS,
        width=5.6,
        height=3.2,
    )


def describe_minority_explorer(committed_fraction):
    runs = _minority_runs(committed_fraction)
    won = sum(share[-1] > 0.999 for _, share in runs)
    side = "above" if committed_fraction > tr.naming_game_tipping_point() else "below"
    return (
        f"Share of {MINORITY_AGENTS} agents holding only the committed word A over "
        f"{MINORITY_HORIZON} N interactions, with a committed fraction {committed_fraction:g} "
        f"({side} the mean-field tipping point 0.098). {won} of {MINORITY_RUNS} runs reach "
        f"consensus on A; the dashed line is the mean-field prediction."
    )


# ---------------------------------------------------------------------------- institutions
SANCTION_AGENTS, SANCTION_STEPS, SANCTION_SEED = 50, 100_000, 3


def _sanction_run(imitation_strength, second_order):
    return tr.sanctioning_institutions(
        [0, 0, SANCTION_AGENTS, 0, 0],
        imitation_strength=imitation_strength,
        exploration=0.001,
        second_order=second_order,
        n_steps=SANCTION_STEPS,
        n_records=100,
        rng=SANCTION_SEED,
    )


def render_institutions_explorer(imitation_strength, second_order):
    run = _sanction_run(imitation_strength, second_order)
    order = "with" if second_order else "without"
    return plots.plot_strategy_run(
        run.times / SANCTION_AGENTS,
        run.trajectory,
        tr.SANCTION_STRATEGIES,
        title=f"s = {imitation_strength:g}, {order} second-order punishment",
        margins=dict(left=0.1, right=0.72, bottom=0.16, top=0.9),
        width=6.4,
        height=3.2,
        time_label="generations (M updates)",
    )


def describe_institutions_explorer(imitation_strength, second_order):
    run = _sanction_run(imitation_strength, second_order)
    leader = tr.SANCTION_STRATEGIES[int(run.time_average.argmax())]
    order = "with" if second_order else "without"
    return (
        f"Shares of cooperators, defectors, loners, pool punishers and peer punishers in "
        f"{SANCTION_AGENTS} players over {SANCTION_STEPS // SANCTION_AGENTS} generations of "
        f"social learning (imitation strength {imitation_strength:g}, exploration 0.001), "
        f"{order} second-order punishment, starting from loners. Most common over the run: "
        f"{leader} ({run.time_average.max():.0%} of the time)."
    )


#: The chapter's explorers: ``explorer(**EXPLORERS[name])`` in the notebooks.
EXPLORERS = {
    "trust": {
        "render": render_trust_explorer,
        "controls": {
            "information": Control(
                "Share of informed senders q", [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], default=0.6
            ),
            "return_share": Control("Return share k", [0.4, 0.5, 0.7], default=0.5),
        },
        "alt": describe_trust_explorer,
        "dpi": 64,
    },
    "reputation": {
        "render": render_reputation_explorer,
        "controls": {
            "norm": Control("Norm", list(tr.NORMS), default="stern judging"),
            "assessment_error": Control("Assessment error μ", [0.0, 0.01, 0.05], default=0.01),
            "execution_error": Control("Execution error e", [0.02, 0.1], default=0.02),
        },
        "alt": describe_reputation_explorer,
        "dpi": 64,
    },
    "committed_minority": {
        "render": render_minority_explorer,
        "controls": {
            "committed_fraction": Control(
                "Committed fraction p",
                [0.02, 0.05, 0.08, 0.09, 0.1, 0.11, 0.12, 0.16, 0.25],
                default=0.1,
            ),
        },
        "alt": describe_minority_explorer,
        "dpi": 64,
    },
    "institutions": {
        "render": render_institutions_explorer,
        "controls": {
            "imitation_strength": Control("Imitation strength s", [0.1, 1.0, 10.0], default=1.0),
            "second_order": Control("Second-order punishment", [False, True], default=True),
        },
        "alt": describe_institutions_explorer,
        "dpi": 64,
    },
}
