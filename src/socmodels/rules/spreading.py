"""Readable rules of the spreading chapter: one step of each model, in plain NumPy.

Each function is the specification of one step of a model of :mod:`socmodels.spreading`;
the tests check that the fast paths give the same runs (same seed, same result). A model's
``step=`` argument runs an edited copy of one of these.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "SUSCEPTIBLE",
    "INFECTED",
    "RECOVERED",
    "IGNORANT",
    "SPREADER",
    "STIFLER",
    "CORRECTOR",
    "CORRECTED",
    "independent_cascade_step",
    "fractional_threshold_step",
    "count_threshold_step",
    "rumour_step",
    "daley_kendall_step",
]

SUSCEPTIBLE, INFECTED, RECOVERED = 0, 1, 2
IGNORANT, SPREADER, STIFLER, CORRECTOR, CORRECTED = 0, 1, 2, 3, 4


def independent_cascade_step(state, adjacency, transmissibility, rng):
    """One generation of simple contagion (the independent cascade, Newman 2002).

    Every infected person i tries each tie once: P(i infects susceptible j) = T.
    Then i recovers and never transmits again.
    """
    new_state = state.copy()
    for i in np.flatnonzero(state == INFECTED):
        contacts = adjacency.indices[adjacency.indptr[i] : adjacency.indptr[i + 1]]
        transmits = rng.random(contacts.size) < transmissibility
        for j in contacts[transmits]:
            if state[j] == SUSCEPTIBLE:
                new_state[j] = INFECTED
        new_state[i] = RECOVERED
    return new_state


def fractional_threshold_step(adopted, adjacency, threshold):
    """One round of Watts's (2002) cascade model, all people at once.

    i adopts when (adopting contacts of i) / (contacts of i) >= phi, and stays adopted.
    """
    degree = np.diff(adjacency.indptr)
    adopting_contacts = adjacency @ adopted.astype(float)
    share = np.divide(adopting_contacts, degree, out=np.zeros(degree.size), where=degree > 0)
    return adopted | ((degree > 0) & (share >= threshold))


def count_threshold_step(adopted, adjacency, threshold):
    """One round of complex contagion (Centola & Macy 2007), all people at once.

    i adopts when at least m of its contacts have adopted, and stays adopted.
    """
    adopting_contacts = adjacency @ adopted.astype(float)
    return adopted | (adopting_contacts >= threshold)


def rumour_step(state, rng, acceptance=1.0):
    """One contact of the Maki-Thompson rumour (1973), with the book's correction.

    A random spreader i (of the rumour or of the correction) tells a random other person j.
    Rumour:     j ignorant -> j spreads it; j knows anything already -> i stops (stifler).
    Correction: j knows it already -> i stops; otherwise j spreads it (if j heard the
                rumour: only with probability `acceptance`).
    """
    u_spreader, u_contact, u_accept = rng.random(3)
    spreaders = np.flatnonzero((state == SPREADER) | (state == CORRECTOR))
    i = spreaders[int(u_spreader * spreaders.size)]
    j = int(u_contact * (state.size - 1))
    j = j + 1 if j >= i else j  # anyone but i
    if state[i] == SPREADER:
        if state[j] == IGNORANT:
            state[j] = SPREADER
        else:
            state[i] = STIFLER
    elif state[j] in (CORRECTOR, CORRECTED):
        state[i] = CORRECTED
    elif state[j] == IGNORANT or u_accept < acceptance:
        state[j] = CORRECTOR
    return state


def daley_kendall_step(counts, rng):
    """One meeting of Daley & Kendall's (1964) rumour, everyone meeting everyone.

    counts = (ignorants, spreaders, stiflers). Every pair of people meets at the same rate;
    only pairs with a spreader change anything, so the next meeting that matters is a
    uniformly random one of those pairs:
      spreader meets ignorant:  spreaders * ignorants pairs          -> both spread it;
      spreader meets spreader:  spreaders * (spreaders - 1) / 2 pairs -> both stop;
      spreader meets stifler:   spreaders * stiflers pairs           -> the spreader stops.
    (Each pair of spreaders is one pair: counting it from both sides is the classic slip.)
    """
    ignorant, spreader, stifler = counts
    with_ignorant = spreader * ignorant
    two_spreaders = spreader * (spreader - 1) / 2
    with_stifler = spreader * stifler
    u = rng.random() * (with_ignorant + two_spreaders + with_stifler)
    if u < with_ignorant:
        return np.array([ignorant - 1, spreader + 1, stifler])
    if u < with_ignorant + two_spreaders:
        return np.array([ignorant, spreader - 2, stifler + 2])
    return np.array([ignorant, spreader - 1, stifler + 1])
