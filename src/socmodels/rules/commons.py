"""Readable rules of the commons chapter: one step of each model, in plain Python.

Each function is the specification of one step of a model in :mod:`socmodels.commons`,
written to be read, not to be fast. ``tests/test_rules_commons.py`` runs each of them
against the fast path of the package (identical payoffs; the identical run for the same seed
for the lattice game; the same trajectory for the replicator equation and for both learning rules
of the common-pool resource game).

Strategies are integer codes, named here as in :mod:`socmodels.commons`.
Networks are given as ``neighbours``: a list whose entry ``i`` lists player ``i``'s
contacts (:func:`socmodels.rules.consensus.neighbour_lists` builds it from a matrix).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "DEFECTOR",
    "COOPERATOR",
    "MORALIST",
    "IMMORALIST",
    "CONDITIONAL",
    "public_goods_payoff_rule",
    "fermi_imitation_rule",
    "replicator_rule",
    "cpr_payoff_rule",
    "imitate_the_best_rule",
    "best_response_rule",
]

# The strategy codes (the same numbers as socmodels.commons.Strategy).
DEFECTOR, COOPERATOR, MORALIST, IMMORALIST, CONDITIONAL = 0, 1, 2, 3, 4


def public_goods_payoff_rule(
    strategy, group, synergy, fine=0.0, punish_cost=0.0, trust_threshold=0
):
    """Payoff of one member playing ``strategy`` in a group (a list of strategy codes).

    willing = cooperators + moralists + conditionals;  a conditional gives iff willing - 1 >= θ
    payoff  = r · (contributions) / size − (1 if I contribute)
              − fine · (punishers other than me) / (size − 1)        if I defect
              − punish_cost · (defectors other than me) / (size − 1)  if I punish
    """
    size = len(group)
    others = max(size - 1, 1)
    willing = sum(s in (COOPERATOR, MORALIST, CONDITIONAL) for s in group)
    conditional_gives = willing - 1 >= trust_threshold

    def contributes(s):
        return s in (COOPERATOR, MORALIST) or (s == CONDITIONAL and conditional_gives)

    pot = sum(contributes(s) for s in group)
    payoff = synergy * pot / size - (1.0 if contributes(strategy) else 0.0)
    punishers = sum(s in (MORALIST, IMMORALIST) for s in group) - (strategy == IMMORALIST)
    defectors = sum(s in (DEFECTOR, IMMORALIST) for s in group) - (strategy == IMMORALIST)
    if strategy in (DEFECTOR, IMMORALIST):
        payoff -= fine * punishers / others
    if strategy in (MORALIST, IMMORALIST):
        payoff -= punish_cost * defectors / others
    return payoff


def fermi_imitation_rule(
    strategies, neighbours, synergy, noise, rng, fine=0.0, punish_cost=0.0, trust_threshold=0
):
    """One elementary step of the spatial game (Szolnoki, Perc & Szabó 2009).

    pick a random player x and a random neighbour y of x
    P = sum of the payoffs in the groups centred on the player and on each of its neighbours
    x copies y's strategy with probability  W = 1 / (1 + exp((P_x − P_y) / K))

    Changes ``strategies`` in place; returns (x, y).
    """
    x = rng.integers(0, len(strategies))
    y = neighbours[x][rng.integers(0, len(neighbours[x]))]
    if strategies[x] == strategies[y]:
        return int(x), int(y)  # copying one's own strategy changes nothing

    def total_payoff(player):
        game = (synergy, fine, punish_cost, trust_threshold)
        centres = [player, *neighbours[player]]
        groups = [[strategies[z], *(strategies[m] for m in neighbours[z])] for z in centres]
        return sum(public_goods_payoff_rule(strategies[player], g, *game) for g in groups)

    p_x, p_y = total_payoff(x), total_payoff(y)
    if rng.random() * (1.0 + np.exp((p_x - p_y) / noise)) < 1.0:  # probability W
        strategies[x] = strategies[y]
    return int(x), int(y)


def replicator_rule(fractions, payoffs, dt):
    """One Euler step of the replicator equation (Taylor & Jonker 1978).

    dx_s/dt = x_s · (P_s − P̄),   P̄ = Σ_u x_u P_u   (strategies above average spread)
    """
    average = sum(x * p for x, p in zip(fractions, payoffs, strict=True))
    return np.array([x + dt * x * (p - average) for x, p in zip(fractions, payoffs, strict=True)])


def cpr_payoff_rule(investments, endowment, return_rate, crowding, outside_return):
    """Earnings of each appropriator in one round of the common-pool resource game.

    X = total investment,  F(X) = a·X − b·X²  (the resource's yield)
    π_i = w · (e − x_i)  +  (x_i / X) · F(X)     (tokens kept outside + share of the yield)
    """
    total = sum(investments)
    harvest = return_rate * total - crowding * total**2
    payoffs = []
    for x in investments:
        share = x / total if total > 0 else 0.0
        payoffs.append(outside_return * (endowment - x) + share * harvest)
    return np.array(payoffs)


def imitate_the_best_rule(
    investments, rng, endowment, return_rate, crowding, outside_return, revision, experimentation
):
    """One period of imitation of the most successful, with experiments (Vega-Redondo 1997).

    everyone sees last period's earnings π; with probability `revision` an appropriator
    copies the investment of one of those who earned most; then, with probability ε
    (`experimentation`), it tries a random whole number of tokens 0, 1, …, e instead.
    """
    n = len(investments)
    game = (endowment, return_rate, crowding, outside_return)
    payoffs = cpr_payoff_rule(investments, *game)
    best = [j for j in range(n) if payoffs[j] == max(payoffs)]
    revise = rng.random(n) < revision  # who revises this period
    model = rng.integers(0, len(best), size=n)  # whom of the best each would copy
    experiment = rng.random(n) < experimentation
    trial = rng.integers(0, endowment + 1, size=n)
    new = []
    for i in range(n):
        if experiment[i]:
            new.append(float(trial[i]))
        elif revise[i]:
            new.append(investments[best[model[i]]])
        else:
            new.append(investments[i])
    return np.array(new)


def best_response_rule(
    investments, rng, endowment, return_rate, crowding, outside_return, revision, experimentation
):
    """One period of asynchronous best reply (Monderer & Shapley 1996).

    one random appropriator i chooses the x_i that maximises w·(e − x_i) + x_i·(a − b·X):
    x_i = (a − w − b·X_others) / (2b), kept between 0 and e.  (revision, ε: unused)
    """
    i = rng.integers(0, len(investments))
    others = sum(investments) - investments[i]
    best = (return_rate - outside_return - crowding * others) / (2 * crowding)
    new = np.array(investments, dtype=float)
    new[i] = min(max(best, 0.0), float(endowment))
    return new
