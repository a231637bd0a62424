"""Readable rules of the aggregation chapter: one step of each model, in plain NumPy.

Each function is the specification of one step of a model of :mod:`socmodels.aggregation`
(the tests run it against the compiled fast path: the same seed gives the same run). The
chapter shows their source with :func:`socmodels.rules.show`; a student may edit a copy
and pass it to the model as ``step=``.

* :func:`schelling_tick` — one tick of Schelling's segregation model (the NetLogo rule);
* :func:`schelling_network_tick` — one tick of its network version (unfriending);
* :func:`axelrod_interaction` — one interaction of Axelrod's culture model;
* :func:`holme_newman_update` — one update of Holme & Newman's coevolving network;
* :func:`biased_meeting` — one meeting of bounded confidence with a biased recommender;
* :func:`ai_conversation` — one conversation of a user with a learning AI (the book's own).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "schelling_tick",
    "schelling_network_tick",
    "axelrod_interaction",
    "holme_newman_update",
    "biased_meeting",
    "ai_conversation",
]


def schelling_tick(grid, wanted, rng):
    """One tick: every unhappy household moves (NetLogo's Segregation rule).

    Household i (kind 1 or 2; 0 = empty cell) is happy if
    like_i >= wanted * occupied_i among its 8 neighbours (a torus).
    Each unhappy one, in random order, walks: turn to a random heading,
    step a random distance in [0, 10), repeat until on an empty cell.
    """
    side = grid.shape[0]
    like = np.zeros(grid.shape)
    occupied = np.zeros(grid.shape)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr or dc:
                neighbour = np.roll(grid, (dr, dc), axis=(0, 1))
                like += (neighbour == grid) & (grid > 0)
                occupied += neighbour > 0
    unhappy = np.flatnonzero((grid > 0) & (like < wanted * occupied))
    grid = grid.copy()
    for cell in unhappy[np.argsort(rng.random(unhappy.size), kind="stable")]:
        kind, (row, col) = grid.flat[cell], divmod(cell, side)
        grid.flat[cell] = 0  # leaving: its own cell counts as free
        y, x = float(row), float(col)
        while True:
            heading, distance = 2 * math.pi * rng.random(), 10 * rng.random()
            y, x = (
                (y + distance * math.cos(heading)) % side,
                (x + distance * math.sin(heading)) % side,
            )
            row, col = int(math.floor(y + 0.5)) % side, int(math.floor(x + 0.5)) % side
            if grid[row, col] == 0:
                grid[row, col] = kind
                break
    return grid


def schelling_network_tick(adjacency, kinds, wanted, rng):
    """One tick of the network version: unhappy people swap an unlike contact for a new one.

    Person i is happy if like_i >= wanted * degree_i. Each unhappy one, in random order,
    drops a uniformly random unlike contact j and befriends a uniformly random
    non-contact l (ties are mutual: j loses, l gains a contact).
    """
    adjacency = adjacency.copy()
    same = kinds[:, None] == kinds[None, :]
    like, degree = (adjacency & same).sum(axis=1), adjacency.sum(axis=1)
    unhappy = np.flatnonzero(like < wanted * degree)
    for i in unhappy[np.argsort(rng.random(unhappy.size), kind="stable")]:
        unlike = np.flatnonzero(adjacency[i] & ~same[i])
        strangers = np.flatnonzero(~adjacency[i])
        strangers = strangers[strangers != i]
        if unlike.size == 0 or strangers.size == 0:
            continue  # others already dropped i's unlike contacts
        j = unlike[int(rng.random() * unlike.size)]
        new = strangers[int(rng.random() * strangers.size)]
        adjacency[i, j] = adjacency[j, i] = False
        adjacency[i, new] = adjacency[new, i] = True
    return adjacency


def axelrod_interaction(traits, neighbours, rng, media=None, media_strength=0.0):
    """One interaction of Axelrod's model of the dissemination of culture.

    traits: (N, F) integers; neighbours: (N, k) indices, -1 where there is none.
    A random agent i meets a random neighbour j (or, with probability media_strength,
    the mass-media vector). With probability overlap / F, where 0 < overlap < F,
    i copies one random feature on which they differ.
    """
    n_agents, n_features = traits.shape
    i = int(rng.random() * n_agents)
    if media_strength > 0 and rng.random() < media_strength:
        other = media
    else:
        candidates = neighbours[i][neighbours[i] >= 0]
        other = traits[candidates[int(rng.random() * candidates.size)]]
    differ = np.flatnonzero(traits[i] != other)
    overlap = n_features - differ.size
    if 0 < overlap < n_features and rng.random() < overlap / n_features:
        feature = differ[int(rng.random() * differ.size)]
        traits[i, feature] = other[feature]
    return traits


def holme_newman_update(opinions, edges, phi, rng):
    """One update of Holme & Newman's coevolving network (edges: (M, 2) endpoints).

    A random person i with at least one tie picks one of its ties at random (in the
    order of the edge list). With probability phi it moves the far end of that tie to a
    random other person holding i's opinion; otherwise i adopts the opinion at the far end.
    """
    n_agents = opinions.size
    i = int(rng.random() * n_agents)
    mine = np.flatnonzero((edges[:, 0] == i) | (edges[:, 1] == i))
    if mine.size == 0:
        return opinions, edges
    if rng.random() < phi:
        if np.count_nonzero(opinions == opinions[i]) > 1:
            tie = mine[int(rng.random() * mine.size)]
            while True:  # a uniformly random other holder of i's opinion
                new = int(rng.random() * n_agents)
                if new != i and opinions[new] == opinions[i]:
                    break
            edges[tie] = (i, new)
    else:
        tie = mine[int(rng.random() * mine.size)]
        far = edges[tie, 1] if edges[tie, 0] == i else edges[tie, 0]
        opinions[i] = opinions[far]
    return opinions, edges


def biased_meeting(opinions, epsilon, mu, gamma, rng, min_distance=1e-5):
    """One meeting of bounded confidence with algorithmic bias (Sîrbu et al. 2019).

    A random user i is shown partner j with probability
    p(j) ∝ max(|x_i − x_j|, min_distance) ** −gamma  (j ≠ i);
    if |x_i − x_j| < epsilon both move: x_i += mu (x_j − x_i), x_j += mu (x_i − x_j).
    """
    i = int(rng.random() * opinions.size)
    weights = np.maximum(np.abs(opinions - opinions[i]), min_distance) ** -gamma
    weights[i] = 0.0
    cumulative = np.cumsum(weights)
    j = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))
    difference = opinions[j] - opinions[i]
    if abs(difference) < epsilon:
        opinions[i] += mu * difference
        opinions[j] -= mu * difference
    return opinions


def ai_conversation(opinions, stance, learns_from, epsilon, mu, learning_rate, rng):
    """One conversation of a random user with an AI that learns its stance from users.

    The book's own construction. The user listens if |x_i − a| < epsilon:
    x_i += mu (a − x_i). The AI learns from users in its training set:
    a += learning_rate (x_i − a) if learns_from[i]. Both use the values before the talk.
    """
    i = int(rng.random() * opinions.size)
    user = opinions[i]
    if abs(stance - user) < epsilon:
        opinions[i] = user + mu * (stance - user)
    if learns_from[i]:
        stance = stance + learning_rate * (user - stance)
    return opinions, stance
