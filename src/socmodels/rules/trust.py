"""Readable rules of the trust chapter: one step of each model family, in plain NumPy.

Each function is the specification of a fast path in :mod:`socmodels.trust`; the tests run
both and compare (identical results for the same seed where the random numbers are drawn
in the same order, ensemble statistics otherwise). Pass an edited copy as ``step=`` to the
model to try another rule.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "trust_generation",
    "reputation_step",
    "naming_game_step",
    "sanction_group_payoff",
    "social_learning_step",
]


def trust_generation(
    trusting, trustworthy, last_returned, rng, *,
    information, return_share, multiplier, selection_strength, mutation, games_per_generation,
):  # fmt: skip
    """One generation of trust among strangers (``trust_among_strangers``).

    Rounds: every sender i meets a random other receiver j; it sends 1 if it trusts,
    unless it is informed (probability q) and j's last act as a receiver was to keep
    everything. Sender gets k*m - 1 if j returns, -1 if not; j gets m(1-k) or m.
    Learning: copy a random other agent's strategy in each role with probability
    1 / (1 + exp(-s (payoff_other - payoff_own))); then flip each with prob. mutation.
    """
    n = trusting.size
    sender_payoff, receiver_payoff = np.zeros(n), np.zeros(n)
    for _ in range(games_per_generation):
        receiver = (np.arange(n) + 1 + rng.integers(n - 1, size=n)) % n
        informed = rng.random(n) < information
        sends = trusting & ~(informed & ~last_returned[receiver])
        returns = sends & trustworthy[receiver]
        sender_payoff += np.where(returns, return_share * multiplier - 1, np.where(sends, -1.0, 0))
        kept = np.where(returns, multiplier * (1 - return_share), np.where(sends, multiplier, 0))
        np.add.at(receiver_payoff, receiver, kept)
        last_returned[receiver[sends]] = returns[sends]
    sender_payoff = sender_payoff / games_per_generation
    receiver_payoff = receiver_payoff / games_per_generation
    model = (np.arange(n) + 1 + rng.integers(n - 1, size=n)) % n
    gap = selection_strength * (sender_payoff[model] - sender_payoff)
    copy_sender = rng.random(n) < 1 / (1 + np.exp(-gap))
    gap = selection_strength * (receiver_payoff[model] - receiver_payoff)
    copy_receiver = rng.random(n) < 1 / (1 + np.exp(-gap))
    new_trusting = np.where(copy_sender, trusting[model], trusting) ^ (rng.random(n) < mutation)
    new_trustworthy = np.where(copy_receiver, trustworthy[model], trustworthy)
    new_trustworthy ^= rng.random(n) < mutation
    trusting[:], trustworthy[:] = new_trusting, new_trustworthy
    return trusting, trustworthy, last_returned


def reputation_step(strategies, reputations, payoff, norm, rng, *, e, mu, b, c):
    """One interaction of indirect reciprocity (``indirect_reciprocity``).

    Donor i meets recipient j != i. ALLC (1) intends to help, ALLD (0) not, DISC (2)
    helps iff j is good; an intended help fails with probability e. The observer sets
    r_i = norm[action][r_j], flipped with probability mu; everyone sees it.
    Returns 1 if the donor helped.
    """
    n = strategies.size
    u = rng.random(4)
    donor = int(u[0] * n)
    recipient = int(u[1] * (n - 1))
    recipient += recipient >= donor  # anyone but the donor
    intends = strategies[donor] == 1 or (strategies[donor] == 2 and reputations[recipient] == 1)
    action = int(intends and u[2] >= e)  # execution error
    verdict = norm[action][reputations[recipient]]
    reputations[donor] = 1 - verdict if u[3] < mu else verdict  # assessment error
    payoff[donor] -= c * action
    payoff[recipient] += b * action
    return action


def naming_game_step(states, committed, rng, *, adjacency=None):
    """One speaker-listener interaction of the naming game (``naming_game``).

    States: 0 = A, 1 = B, 2 = both. The speaker says its word (a random one of two);
    if the listener has it, both keep only that word; else the listener adds it.
    Committed agents never change.
    """
    n = states.size
    u = rng.random(3)
    speaker = int(u[0] * n)
    if adjacency is None:
        listener = int(u[1] * (n - 1))
        listener += listener >= speaker
    else:
        neighbours = adjacency.indices[adjacency.indptr[speaker] : adjacency.indptr[speaker + 1]]
        if neighbours.size == 0:
            return states
        listener = neighbours[int(u[1] * neighbours.size)]
    word = states[speaker] if states[speaker] != 2 else (0 if u[2] < 0.5 else 1)
    if states[listener] in (word, 2):  # agreement: both collapse onto the word
        for agent in (listener, speaker):
            if not committed[agent]:
                states[agent] = word
    elif not committed[listener]:  # the listener learns the new word
        states[listener] = 2
    return states


def sanction_group_payoff(focal, others, *, r, c, sigma, G, B, gamma, beta, second_order):
    """Payoff of `focal` (0 X, 1 Y, 2 Z, 3 V, 4 W) with co-player counts `others[s]`.

    Participants S share r*c per contribution among the other S-1; loners (and a lone
    participant) get sigma; pool punishers pay G and fine each defector B each; peer
    punishers fine each defector beta at cost gamma each. Second order: the pool fines
    X and W too; W punish X when a defector reveals them.
    """
    x, y, z, v, w = others
    participants = 1 + x + y + v + w
    if focal == 2 or participants == 1:
        return sigma
    share = r * c * (x + v + w) / (participants - 1)
    if focal == 1:
        return share - B * v - beta * w
    payoff = share - c - (G if focal == 3 else 0) - (gamma * y if focal == 4 else 0)
    if second_order and focal in (0, 4):
        payoff -= B * v
        if y > 0:
            payoff -= beta * w if focal == 0 else gamma * x
    return payoff


def social_learning_step(players, payoff, rng, *, imitation_strength, exploration, allowed):
    """One update of social learning (``sanctioning_institutions``).

    With probability mu a random player explores another allowed strategy; otherwise a
    random player i copies a random other player j with probability
    1 / (1 + exp(-s (P_j - P_i))), P = payoff(counts of each strategy).
    """
    i, j = rng.choice(players.size, size=2, replace=False)
    if rng.random() < exploration:
        players[i] = rng.choice(allowed[allowed != players[i]])
        return players
    p = payoff(np.bincount(players, minlength=5))
    if rng.random() < 1 / (1 + np.exp(-imitation_strength * (p[players[j]] - p[players[i]]))):
        players[i] = players[j]
    return players
