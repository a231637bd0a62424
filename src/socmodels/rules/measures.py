"""Readable rules of the measures chapter: the book's key measures as short plain Python.

Each function is the definition of a measure in :mod:`socmodels.measures`, written to be
read, not to be fast: the formula of the paper, computed the obvious way.
``tests/test_rules_measures.py`` checks that the package's fast versions give the same
numbers.
"""

from __future__ import annotations

import math

__all__ = ["gini_rule", "lorenz_rule", "effective_number_rule"]


def gini_rule(values):
    """Gini (1912): the mean absolute difference between two people, over twice the mean.

    G = sum_i sum_j |x_i - x_j| / (2 n sum_i x_i)     (0: all equal; (n-1)/n: one has all)
    """
    n = len(values)
    total_difference = 0.0
    for x_i in values:
        for x_j in values:
            total_difference += abs(x_i - x_j)
    return total_difference / (2 * n * sum(values))


def lorenz_rule(values):
    """Lorenz (1905): line people up from poorest to richest; the poorest share p of the
    people hold the share L(p) of the total.

    returns the points (p, L(p)) for p = 0, 1/n, 2/n, ..., 1
    """
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    points, held = [(0.0, 0.0)], 0.0
    for k, x in enumerate(ordered, start=1):
        held += x
        points.append((k / n, held / total))
    return points


def effective_number_rule(sizes):
    """Effective number of players (Hill 1973): exp of the Shannon entropy of the shares.

    s_i = size_i / sum of sizes;   H = - sum_i s_i ln s_i  (0 ln 0 = 0);   N_eff = e^H
    (N equal players give N; a monopoly gives 1)
    """
    total = sum(sizes)
    entropy = 0.0
    for size in sizes:
        share = size / total
        if share > 0:
            entropy -= share * math.log(share)
    return math.exp(entropy)
