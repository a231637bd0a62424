"""Readable rules of the atomization chapter: one step of each model, in plain Python.

Each function is the specification of one step of a model in :mod:`socmodels.atomization`,
written to be read, not to be fast. ``tests/test_rules_atomization.py`` runs each of them
against the fast path: the same giant component and isolates, tie for tie, for the removal
of ties (:func:`socmodels.atomization.percolation_curve`); matching ensemble statistics for
the two stochastic network models, whose fast path draws its random numbers in batches.

A network is ``friends``: a list whose entry ``i`` lists person ``i``'s contacts
(:func:`socmodels.rules.consensus.neighbour_lists` builds it from a matrix). Tie strengths
are a dict ``strength[(i, j)]`` (with ``i < j``): how many times the tie has been used.
"""

from __future__ import annotations

__all__ = [
    "largest_group",
    "remove_tie_rule",
    "introduce",
    "triadic_closure_rule",
    "ai_companion_rule",
    "meet",
    "random_stranger",
    "apply_turnover",
]


def largest_group(friends) -> int:
    """Size of the largest connected group: start from each person not yet reached and
    follow ties to friends, friends of friends, and so on."""
    reached = [False] * len(friends)
    largest = 0
    for start in range(len(friends)):
        if reached[start]:
            continue
        reached[start] = True
        to_visit, size = [start], 0
        while to_visit:
            person = to_visit.pop()
            size += 1
            for friend in friends[person]:
                if not reached[friend]:
                    reached[friend] = True
                    to_visit.append(friend)
        largest = max(largest, size)
    return largest


def remove_tie_rule(friends, i, j):
    """Percolation, one step: the tie i–j is removed, then what is left is measured.

    giant    = share of people in the largest connected group
    isolates = share of people with no tie left

    Changes ``friends`` in place; returns (giant, isolates).
    """
    friends[i].remove(j)
    friends[j].remove(i)
    n_people = len(friends)
    isolated = sum(len(contacts) == 0 for contacts in friends)
    return largest_group(friends) / n_people, isolated / n_people


def _pair(a, b):
    return (a, b) if a < b else (b, a)


def _meet(friends, strength, a, b):
    """a and b meet: a new tie of strength 1, or one more use of the tie they have."""
    if b in friends[a]:
        strength[_pair(a, b)] += 1
    else:
        friends[a].append(b)
        friends[b].append(a)
        strength[_pair(a, b)] = 1


def _stranger(n_people, i, rng):
    """A uniformly random person other than ``i``."""
    other = int(rng.integers(n_people - 1))
    return other + 1 if other >= i else other


def introduce(friends, strength, i, rng):
    """Person i's social occasion (Davidsen, Ebel & Bornholdt 2002, step 1).

    i has two or more friends:  two of them, j and k, are introduced (tie j–k made or used
    again), and i uses its ties to both
    otherwise:                  i meets a random stranger r (tie i–r made or used again)
    """
    if len(friends[i]) >= 2:
        j, k = (int(x) for x in rng.choice(friends[i], size=2, replace=False))
        _meet(friends, strength, j, k)
        strength[_pair(i, j)] += 1
        strength[_pair(i, k)] += 1
    else:
        _meet(friends, strength, i, _stranger(len(friends), i, rng))


def _turnover(friends, strength, turnover, rng):
    """With probability p = turnover, a random person leaves and a newcomer with no ties
    takes the place (step 2)."""
    if rng.random() < turnover:
        leaver = int(rng.integers(len(friends)))
        for friend in friends[leaver]:
            friends[friend].remove(leaver)
            del strength[_pair(leaver, friend)]
        friends[leaver] = []


def triadic_closure_rule(friends, strength, turnover, rng):
    """Davidsen, Ebel & Bornholdt (2002), one step of the acquaintance network.

    1. a random person i introduces two of its friends to each other
       (or, with fewer than two friends, meets a random stranger)
    2. with probability p = turnover, a random person is replaced by a newcomer

    Changes ``friends`` and ``strength`` in place.
    """
    i = int(rng.integers(len(friends)))
    introduce(friends, strength, i, rng)
    _turnover(friends, strength, turnover, rng)


def ai_companion_rule(friends, strength, turnover, ai_share, brokerage, stranger_share, rng):
    """The book's AI companion added to one Davidsen–Ebel–Bornholdt step.

    a random person i; with probability α = ai_share the occasion goes to the AI:
        with probability β = brokerage, the AI brokers: i meets a friend of a friend
            (a stranger with probability stranger_share, or if i has no friend of a friend)
        otherwise a random tie of i is neglected: its strength falls by 1; at 0 it is gone
    otherwise the occasion is spent with people, as in triadic_closure_rule
    then turnover, as in triadic_closure_rule
    """
    i = int(rng.integers(len(friends)))
    if rng.random() < ai_share:
        if rng.random() < brokerage:
            met = None
            if friends[i] and rng.random() >= stranger_share:
                j = friends[i][rng.integers(len(friends[i]))]
                others = [f for f in friends[j] if f != i]
                met = others[rng.integers(len(others))] if others else None
            _meet(friends, strength, i, _stranger(len(friends), i, rng) if met is None else met)
        elif friends[i]:
            j = friends[i][rng.integers(len(friends[i]))]
            strength[_pair(i, j)] -= 1
            if strength[_pair(i, j)] == 0:
                friends[i].remove(j)
                friends[j].remove(i)
                del strength[_pair(i, j)]
    else:
        introduce(friends, strength, i, rng)
    _turnover(friends, strength, turnover, rng)


# The pieces the steps above are made of, public so that a variant of a rule (a reader's
# own, or the tests' deliberately wrong one) is built from the same parts.
meet = _meet
random_stranger = _stranger
apply_turnover = _turnover
