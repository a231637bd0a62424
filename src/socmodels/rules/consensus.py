"""Readable rules of the consensus chapter: one step of each opinion model, in plain Python.

Each function is the specification of one step of a model in :mod:`socmodels.consensus`,
written to be read, not to be fast: loops over agents, named variables, the formula of the
paper in the docstring. ``tests/test_rules_consensus.py`` runs each of them against the fast
path of the package (identical results for deterministic rules and for the same pair or
agent drawn; matching ensemble statistics for the stochastic ones).

Networks are given as ``neighbours``: a list whose entry ``i`` lists agent ``i``'s contacts
(``None`` means everyone can meet everyone). :func:`neighbour_lists` builds it from an
adjacency matrix.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "neighbour_lists",
    "degroot_rule",
    "friedkin_johnsen_rule",
    "hegselmann_krause_rule",
    "deffuant_rule",
    "voter_rule",
]


def neighbour_lists(adjacency) -> list[list[int]]:
    """Agent ``i``'s contacts (in increasing order), for every ``i``, from an adjacency matrix."""
    import scipy.sparse as sp

    matrix = sp.csr_array(adjacency)
    return [
        sorted(matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]].tolist())
        for i in range(matrix.shape[0])
    ]


def degroot_rule(weights, opinions):
    """DeGroot (1974): everyone takes a weighted average of the opinions they listen to.

    x_i(t+1) = sum_j W_ij x_j(t)      (each row of W sums to 1)
    """
    n_agents = len(opinions)
    new_opinions = np.zeros(n_agents)
    for i in range(n_agents):
        for j in range(n_agents):
            new_opinions[i] += weights[i][j] * opinions[j]
    return new_opinions


def friedkin_johnsen_rule(weights, opinions, initial_opinions, susceptibility):
    """Friedkin & Johnsen (1990): averaging, but each agent stays anchored to its first view.

    x_i(t+1) = lambda_i * sum_j W_ij x_j(t) + (1 - lambda_i) * x_i(0)
    """
    n_agents = len(opinions)
    new_opinions = np.zeros(n_agents)
    for i in range(n_agents):
        heard = sum(weights[i][j] * opinions[j] for j in range(n_agents))
        new_opinions[i] = susceptibility[i] * heard + (1 - susceptibility[i]) * initial_opinions[i]
    return new_opinions


def hegselmann_krause_rule(opinions, epsilon, neighbours=None):
    """Hegselmann & Krause (2002): everyone moves to the mean of the opinions close to theirs.

    x_i(t+1) = mean of { x_j(t) : j = i or j a contact of i, and |x_i(t) - x_j(t)| <= epsilon }

    All agents update at once (synchronously), from the old opinions.
    """
    n_agents = len(opinions)
    new_opinions = np.zeros(n_agents)
    for i in range(n_agents):
        candidates = range(n_agents) if neighbours is None else [i, *neighbours[i]]
        close = [opinions[j] for j in candidates if abs(opinions[j] - opinions[i]) <= epsilon]
        new_opinions[i] = sum(close) / len(close)  # never empty: i is close to itself
    return new_opinions


def deffuant_rule(opinions, epsilon, mu, rng, neighbours=None):
    """Deffuant et al. (2000): two people meet; if their views are close, both move closer.

    pick a random pair (i, j) — any two agents, or the two ends of a random tie
    if |x_i - x_j| < epsilon:
        x_i <- x_i + mu (x_j - x_i)   and   x_j <- x_j + mu (x_i - x_j)

    One meeting per call, changing ``opinions`` in place; returns the pair that met.
    (int(u * k), with u uniform on [0, 1), is a random whole number from 0 to k - 1.)
    """
    if neighbours is None:
        n_agents = len(opinions)
        i = int(rng.random() * n_agents)  # a random agent ...
        j = int(rng.random() * (n_agents - 1))  # ... and a random other one
        j = j + 1 if j >= i else j
    else:
        ties = [(a, b) for a in range(len(neighbours)) for b in neighbours[a] if a < b]
        i, j = ties[int(rng.random() * len(ties))]  # the two ends of a random tie
    difference = opinions[j] - opinions[i]
    if abs(difference) < epsilon:
        opinions[i] += mu * difference
        opinions[j] -= mu * difference
    return i, j


def voter_rule(states, rng, neighbours=None):
    """The voter model: a random person copies the opinion of a random contact.

    pick a random agent i, then a random contact j of i (anyone else, without a network)
    s_i <- s_j

    One update per call, changing ``states`` in place; returns (i, j).
    """
    n_agents = len(states)
    i = rng.integers(n_agents)
    if neighbours is None:
        j = rng.integers(n_agents - 1)
        j = j + 1 if j >= i else j  # anyone but i
    else:
        j = neighbours[i][rng.integers(len(neighbours[i]))]
    states[i] = states[j]
    return int(i), int(j)
