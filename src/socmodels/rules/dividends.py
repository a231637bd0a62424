"""Readable rules of the dividends chapter: one step of each model, in plain Python/NumPy.

Each function is the specification of one step of a model in :mod:`socmodels.dividends`,
written to be read, not to be fast. ``tests/test_rules_dividends.py`` runs each of them
against the fast path of the package: the same run for the same seed where the random
numbers are drawn in the same order (growth, the dividend economy), the same trades for the
same matching and coins (exchange), and the same statistics otherwise.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "attachment_rule",
    "random_exchange_rule",
    "yard_sale_rule",
    "yard_sale_round_rule",
    "unit_transfer_rule",
    "dividend_period_rule",
]


def attachment_rule(sizes, gamma, entry_prob, rng):
    """One arriving user in a growing platform market (Krapivsky, Redner & Leyvraz 2000).

    with probability α:  found a new platform of size 1                      (Simon 1955)
    otherwise:           join platform k with probability  s_k^γ / Σ_j s_j^γ

    ``sizes`` is a list of platform sizes; it is changed in place. Returns the platform joined.
    """
    if rng.random() < entry_prob:
        sizes.append(1)
        return len(sizes) - 1
    weights = np.array(sizes, dtype=float) ** gamma
    k = int(np.searchsorted(np.cumsum(weights), rng.random() * weights.sum(), side="right"))
    k = min(k, len(sizes) - 1)
    sizes[k] += 1
    return k


def random_exchange_rule(w_i, w_j, epsilon):
    """One trade of random exchange (Drăgulescu & Yakovenko 2000).

    the pair pools its wealth and splits it at a random point ε ~ U(0, 1):
    w_i' = ε (w_i + w_j),   w_j' = (1 − ε)(w_i + w_j)
    """
    pool = w_i + w_j
    share_i = epsilon * pool
    return share_i, pool - share_i  # the second is (1 − ε)(w_i + w_j)


def yard_sale_rule(w_i, w_j, coin, beta, advantage=0.0, mean_wealth=1.0):
    """One trade of the yard-sale model (Chakraborti 2002; Boghosian et al. 2017).

    stake      Δw = β · min(w_i, w_j)                 (what the poorer party can lose)
    bias       η  = ζ · β · (w_i − w_j) / mean wealth  (wealth-attained advantage; √Δt = β)
    i wins Δw with probability (1 + η) / 2, else j wins it   (``coin`` ~ U(0, 1))
    """
    stake = beta * min(w_i, w_j)
    eta = (advantage * beta / mean_wealth) * (w_i - w_j)
    i_wins = coin < 0.5 * (1.0 + eta)
    if i_wins:
        return w_i + stake, w_j - stake
    return w_i - stake, w_j + stake


def yard_sale_round_rule(wealth, order, coins, beta, redistribution=0.0, advantage=0.0):
    """One round of the yard sale on a random perfect matching, then redistribution.

    agent order[p] trades with agent order[half + p], using coins[p]   (everyone trades once)
    redistribution:  w_i ← w_i + χ Δt (mean wealth − w_i),   Δt = β²   (a wealth tax paid back)
    """
    half = len(order) // 2
    mean_wealth = wealth.mean()
    for p in range(half):
        i, j = order[p], order[half + p]
        wealth[i], wealth[j] = yard_sale_rule(
            wealth[i], wealth[j], coins[p], beta, advantage, mean_wealth
        )
    relax = redistribution * beta**2
    if relax > 0:
        wealth[:] = wealth * (1.0 - relax) + relax * mean_wealth
    return wealth


def unit_transfer_rule(wealth, order, receivers):
    """One random-sequential step of the Boltzmann wealth model (Mesa's tutorial).

    agents act one after another in the order ``order``; each agent that has a unit
    gives one unit to its receiver (any agent, possibly itself) at once.
    """
    for agent, receiver in zip(order, receivers, strict=True):
        if wealth[agent] >= 1:
            wealth[agent] -= 1
            wealth[receiver] += 1
    return wealth


def dividend_period_rule(users, rule, tax_rate, gamma, switch_rate, network_exponent, rng):
    """One period of the dividend economy (a model composed for this book).

    value        v_k = s_k · (s_k / N)^(a − 1)         (a = 2: Metcalfe's law, s_k² / N)
    income       p_k = v_k (winner keeps), (1 − τ) v_k (tax), D s_k / N (proportional), 0 (flat)
    pull         A_k = (s_k + p_k)^γ            (a dead platform, s_k = p_k = 0, has A_k = 0)
    each user reconsiders with probability r and joins k with probability A_k / Σ_j A_j
    """
    n_users = users.sum()
    # platform by platform, adding up in order: the compiled period does the same
    # arithmetic in the same order, so both give the same run for the same seed
    value = [s * (s / n_users) ** (network_exponent - 1.0) for s in users]
    dividend = sum(value)
    if rule == "winner_keeps":
        income = value
    elif rule == "tax_redistribute":
        income = [v * (1.0 - tax_rate) for v in value]
    elif rule == "proportional":
        income = [dividend * s / n_users for s in users]
    else:  # "flat": the whole dividend goes to the users
        income = [0.0] * len(users)
    pull = [s + p for s, p in zip(users, income, strict=True)]
    attractiveness = np.array([a**gamma if a > 0 else 0.0 for a in pull])
    movers = rng.binomial(users, switch_rate)  # who reconsiders, platform by platform
    users = users - movers
    users += rng.multinomial(movers.sum(), attractiveness / sum(attractiveness))
    return users
