"""Atomization: how social networks fall apart, and what AI companions might do to them.

Two model families.

**Percolation.** Remove ties from a network (at random, weakest first, strongest first,
or the most "bridging" first) and follow the giant component, the share of isolates and
the mean degree. For Erdős–Rényi graphs the giant component is known exactly:
``S = 1 - exp(-c S)`` with a critical point at mean degree ``c = 1``
(:func:`er_giant_component`). Curves are computed for every number of removed ties at
once with the Newman–Ziff union–find algorithm (:func:`percolation_curve`).

**Triadic closure with turnover.** The Davidsen–Ebel–Bornholdt (2002) acquaintance
network (:func:`davidsen_ebel_bornholdt`): friends introduce friends, people without
friends meet strangers, and people leave and are replaced. The book's extension
(:func:`ai_companion_network`) adds an AI companion that takes a share ``ai_share`` of
each person's social time (fewer human introductions; neglected ties weaken) and
spends a share ``brokerage`` of that time introducing its user to people. The
"core discussion network" is the set of ties used at least ``strong_tie_threshold``
times (by default :data:`CONFIDANT_THRESHOLD`, the book's one definition of a
confidant); :func:`calibrate_core_network` finds parameters that reproduce the General
Social Survey figures of :data:`GSS_CORE_NETWORK`.
"""

from __future__ import annotations

import copy
import functools
import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numba import njit
from scipy.sparse.csgraph import connected_components

from .contract import (
    MAX_ELEMENTS,
    MAX_RECORDS,
    MAX_RUNS,
    MAX_STEPS,
    MAX_WORK,
    Adjacency,
    Array,
    Constraint,
    Function,
    Integer,
    Optional,
    Options,
    Probability,
    Real,
    Seed,
    check_budget,
    constrained,
    record_times,
    spawn_generators,
)
from .measures import er_giant_component  # re-exported: the percolation curves' theory
from .networks import _upper_edges

__all__ = [
    "CONFIDANT_THRESHOLD",
    "GSS_CORE_NETWORK",
    "REMOVAL_STRATEGIES",
    "AlphaBetaMap",
    "CoreNetworkFit",
    "PercolationCurve",
    "TieNetworkRun",
    "ai_companion_network",
    "alpha_beta_map",
    "calibrate_core_network",
    "davidsen_ebel_bornholdt",
    "er_giant_component",
    "neighbourhood_overlap",
    "percolation_curve",
    "tie_removal_order",
]

#: US General Social Survey, "core discussion network" (people with whom the respondent
#: discussed important matters in the last six months), as reported by McPherson,
#: Smith-Lovin & Brashears (2006): mean number of confidants and share with none.
#: The zero shares are the rounded "about 10 %" and "about a quarter" of the paper.
GSS_CORE_NETWORK = {
    1985: {"mean_core_size": 2.94, "no_confidant_share": 0.10},
    2004: {"mean_core_size": 2.08, "no_confidant_share": 0.25},
}

#: The book's definition of a confidant: a tie used at least this many times is "strong" and
#: belongs to the core discussion network. The default ``strong_tie_threshold`` of every
#: function here (the calibration included) and of the plots and explorers.
CONFIDANT_THRESHOLD = 3

#: Orders in which :func:`tie_removal_order` removes ties (also the explorer's options).
REMOVAL_STRATEGIES = ("random", "weak", "strong", "bridging")

# Steps simulated per batch of pre-drawn random numbers (≈ 3 MB of draws per batch).
_CHUNK = 1 << 16


# --------------------------------------------------------------------------------------
# Percolation
# --------------------------------------------------------------------------------------


@njit(cache=True)
def _overlap_kernel(indptr, indices, src, dst):
    out = np.empty(src.size)
    for e in range(src.size):
        i = src[e]
        j = dst[e]
        a, a_end = indptr[i], indptr[i + 1]
        b, b_end = indptr[j], indptr[j + 1]
        common = 0
        while a < a_end and b < b_end:
            if indices[a] == indices[b]:
                common += 1
                a += 1
                b += 1
            elif indices[a] < indices[b]:
                a += 1
            else:
                b += 1
        denominator = (a_end - indptr[i] - 1) + (b_end - indptr[j] - 1) - common
        out[e] = common / denominator if denominator > 0 else 0.0
    return out


@constrained(adjacency=Adjacency())
def neighbourhood_overlap(adjacency):
    """Neighbourhood overlap of every tie, a cheap local measure of "bridging".

    .. math:: O_{ij} = \\frac{n_{ij}}{(k_i - 1) + (k_j - 1) - n_{ij}}

    with ``n_ij`` the number of common neighbours. ``O = 0`` marks a tie whose ends
    share no friend (a local bridge); ``O = 1`` a tie inside a closed group. A tie
    between two agents with no other ties gets ``O = 0``.

    Parameters
    ----------
    adjacency : array_like or sparse matrix
        Symmetric 0/1 adjacency matrix.

    Returns
    -------
    (i, j, overlap) : tuple of numpy.ndarray
        The ties as ``i < j`` (in :func:`socmodels.networks.edge_list` order) and their
        overlap in ``[0, 1]``.

    References
    ----------
    Onnela, J.-P., Saramäki, J., Hyvönen, J., Szabó, G., Lazer, D., Kaski, K., Kertész, J.
    & Barabási, A.-L. (2007). Structure and tie strengths in mobile communication networks.
    *Proceedings of the National Academy of Sciences* 104, 7332–7336.
    https://doi.org/10.1073/pnas.0610245104

    Examples
    --------
    >>> triangle_with_tail = [[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]]
    >>> i, j, overlap = neighbourhood_overlap(triangle_with_tail)
    >>> [(int(a), int(b), round(float(o), 2)) for a, b, o in zip(i, j, overlap)]
    [(0, 1, 1.0), (0, 2, 0.5), (1, 2, 0.5), (2, 3, 0.0)]
    """
    return _overlap(adjacency)


def _overlap(matrix: sp.csr_array):
    matrix.sort_indices()
    i, j = _upper_edges(matrix)
    overlap = _overlap_kernel(matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), i, j)
    return i, j, overlap


# A network given as weights (e.g. tie strengths) is checked as such — NaN, inf, negative
# or asymmetric entries are errors, sparse or dense — and then read as "tie where nonzero".
_TIES = Adjacency(weighted=True)


def _ties_of(matrix: sp.csr_array) -> sp.csr_array:
    ties = matrix.copy()
    ties.setdiag(0)
    ties.eliminate_zeros()
    ties.data = np.ones_like(ties.data)
    return ties


@constrained(
    adjacency=_TIES,
    strategy=Options(*REMOVAL_STRATEGIES),
    tie_strength=Optional(Adjacency(weighted=True)),
    rng=Seed(),
)
def tie_removal_order(adjacency, *, strategy="random", tie_strength=None, rng=None):
    """The order in which ties are removed under a removal ``strategy``.

    ``"random"``: uniformly random order. ``"weak"``: weakest ties first (ascending
    ``tie_strength``). ``"strong"``: strongest first. ``"bridging"``: lowest
    :func:`neighbourhood_overlap` first (a cheap proxy for edge betweenness). Ties
    with equal keys are removed in random order.

    Parameters
    ----------
    adjacency : array_like or sparse matrix
        Symmetric non-negative matrix with at least one tie; every nonzero entry off the
        diagonal is a tie.
    strategy : {"random", "weak", "strong", "bridging"}
        Which ties go first.
    tie_strength : sparse matrix, optional
        Symmetric non-negative weights on the ties of ``adjacency`` (e.g.
        :attr:`TieNetworkRun.tie_strength`); required for ``"weak"`` and ``"strong"``.
    rng : numpy.random.Generator, int or None
        Breaks ties between equal keys (and orders ``"random"``).

    Returns
    -------
    (i, j) : tuple of numpy.ndarray
        End points of the ties, first-removed first.

    References
    ----------
    Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile communication
    networks. *Proceedings of the National Academy of Sciences* 104, 7332–7336.
    https://doi.org/10.1073/pnas.0610245104 (removing weak ties first breaks the network
    apart; removing strong ties first does not).

    Examples
    --------
    >>> strength = sp.csr_array([[0, 5, 1], [5, 0, 2], [1, 2, 0]])
    >>> i, j = tie_removal_order(strength, strategy="weak", tie_strength=strength, rng=0)
    >>> [(int(a), int(b)) for a, b in zip(i, j)]
    [(0, 2), (1, 2), (0, 1)]
    """
    return _removal_order(_ties_of(adjacency), strategy, tie_strength, rng)


def _removal_order(matrix, strategy, tie_strength, rng):
    """:func:`tie_removal_order` on checked arguments (``matrix``: 0/1 ties)."""
    if matrix.nnz == 0:
        raise ValueError("adjacency must have at least one tie to remove, got none")
    if strategy == "bridging":
        i, j, key = _overlap(matrix)
    else:
        i, j = _upper_edges(matrix)
        if strategy == "random":
            key = np.zeros(i.size)
        else:
            if tie_strength is None:
                raise TypeError(f"tie_strength is required for strategy {strategy!r}")
            weights = tie_strength
            if weights.shape != matrix.shape:
                raise ValueError(
                    f"tie_strength must have shape {matrix.shape}, got {weights.shape}"
                )
            key = np.asarray(weights[i, j]).ravel()
            if np.any(key <= 0):
                raise ValueError("tie_strength must be positive on every tie of adjacency")
            if strategy == "strong":
                key = -key
    order = np.lexsort((rng.random(i.size), key))
    return i[order], j[order]


@njit(cache=True)
def _root(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@njit(cache=True)
def _newman_ziff(n, src, dst):
    """Add ties one by one; giant size and isolate count after each addition."""
    parent = np.arange(n)
    size = np.ones(n, dtype=np.int64)
    degree = np.zeros(n, dtype=np.int64)
    giant = np.empty(src.size + 1, dtype=np.int64)
    isolates = np.empty(src.size + 1, dtype=np.int64)
    largest = 1 if n > 0 else 0
    alone = n
    giant[0] = largest
    isolates[0] = alone
    for e in range(src.size):
        a = src[e]
        b = dst[e]
        if degree[a] == 0:
            alone -= 1
        if degree[b] == 0:
            alone -= 1
        degree[a] += 1
        degree[b] += 1
        ra = _root(parent, a)
        rb = _root(parent, b)
        if ra != rb:
            if size[ra] < size[rb]:
                ra, rb = rb, ra
            parent[rb] = ra
            size[ra] += size[rb]
            if size[ra] > largest:
                largest = size[ra]
        giant[e + 1] = largest
        isolates[e + 1] = alone
    return giant, isolates


@dataclass(frozen=True)
class PercolationCurve:
    """Network measures as ties are removed, one entry per recorded point.

    Attributes
    ----------
    times : ndarray of int
        Ties removed at each record (a step is one removal; 0 first, all ties last).
    removed_fraction : ndarray
        ``times`` as a share of all ties.
    mean_degree, giant_fraction, isolates_share : ndarray
        Measures of the remaining network.
    strategy : str
        The removal order.
    params : dict
        ``n_agents``, ``n_ties``, ``strategy`` and ``n_records``.
    """

    times: np.ndarray
    removed_fraction: np.ndarray
    mean_degree: np.ndarray
    giant_fraction: np.ndarray
    isolates_share: np.ndarray
    strategy: str
    params: dict = field(default_factory=dict)

    @property
    def critical_fraction(self) -> float:
        """Removed fraction at which the giant component shrinks fastest (a finite-size
        estimate of the collapse point)."""
        drop = -np.diff(self.giant_fraction) / np.diff(self.removed_fraction)
        k = int(np.argmax(drop))
        return float(0.5 * (self.removed_fraction[k] + self.removed_fraction[k + 1]))


@constrained(
    adjacency=_TIES,
    strategy=Options(*REMOVAL_STRATEGIES),
    tie_strength=Optional(Adjacency(weighted=True)),
    n_records=Integer(1, MAX_RECORDS),
    step=Optional(Function()),
    rng=Seed(),
)
def percolation_curve(
    adjacency, *, strategy="random", tie_strength=None, n_records=100, step=None, rng=None
) -> PercolationCurve:
    """Giant component, isolates and mean degree as ties are removed.

    Ties are removed one at a time in the order of :func:`tie_removal_order`. All
    ``m + 1`` states (0 … m ties removed) are computed in one pass by adding the ties
    back in reverse order with a union–find structure (Newman & Ziff 2000), then
    reported at ``n_records + 1`` evenly spaced numbers of removed ties
    (:func:`socmodels.contract.record_times`).

    For random removal from an Erdős–Rényi graph of mean degree ``c0``, removing a
    fraction ``f`` leaves an Erdős–Rényi graph of mean degree ``c = c0 (1 - f)``, so
    the giant component follows :func:`er_giant_component` and vanishes at
    ``f_c = 1 - 1/c0``.

    Parameters
    ----------
    adjacency : array_like or sparse matrix
        Symmetric non-negative matrix with at least one tie (nonzero entries are ties).
    strategy : {"random", "weak", "strong", "bridging"}
        Removal order, see :func:`tie_removal_order`.
    tie_strength : sparse matrix, optional
        Tie weights, required for ``"weak"`` and ``"strong"``.
    n_records : int
        Records after the start: ``n_records + 1`` points, none removed and all removed
        included.
    step : callable, optional
        A custom removal step, called once per removed tie, in the removal order, as
        ``step(friends, i, j)``, where ``friends[k]`` lists person ``k``'s contacts (it is
        changed in place); it returns ``(giant, isolates)``, the shares of people in the
        largest connected group and without ties once the tie ``i–j`` is gone. The default
        is the fast union–find pass; :func:`socmodels.rules.atomization.remove_tie_rule`
        is the same step in plain Python and gives the same curve, point for point, for
        the same seed (the tests check it). A step is plain Python: keep networks small.
    rng : numpy.random.Generator, int or None
        Source of randomness for the removal order.

    Returns
    -------
    PercolationCurve

    References
    ----------
    Newman, M. E. J. & Ziff, R. M. (2000). Efficient Monte Carlo algorithm and
    high-precision results for percolation. *Physical Review Letters* 85, 4104–4107.
    https://doi.org/10.1103/PhysRevLett.85.4104
    Callaway, D. S., Newman, M. E. J., Strogatz, S. H. & Watts, D. J. (2000). Network
    robustness and fragility: percolation on random graphs. *Physical Review Letters* 85,
    5468–5471. https://doi.org/10.1103/PhysRevLett.85.5468

    Examples
    --------
    >>> from socmodels.networks import erdos_renyi
    >>> curve = percolation_curve(erdos_renyi(2000, mean_degree=4.0, rng=1), n_records=4, rng=2)
    >>> curve.removed_fraction
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    >>> bool(curve.giant_fraction[0] > 0.9 and curve.giant_fraction[-1] < 0.01)
    True
    """
    matrix = _ties_of(adjacency)
    i, j = _removal_order(matrix, strategy, tie_strength, rng)
    n = matrix.shape[0]
    m = i.size
    removed = record_times(m, n_records)
    remaining = m - removed
    if step is None:
        giant, isolates = _newman_ziff(n, i[::-1].copy(), j[::-1].copy())
        giant_fraction, isolates_share = giant[remaining] / n, isolates[remaining] / n
    else:
        giant_fraction, isolates_share = _custom_removals(matrix, i, j, removed, step)
    return PercolationCurve(
        times=removed,
        removed_fraction=removed / m,
        mean_degree=2.0 * remaining / n,
        giant_fraction=giant_fraction,
        isolates_share=isolates_share,
        strategy=strategy,
        params={"n_agents": n, "n_ties": m, "strategy": strategy, "n_records": n_records},
    )


def _custom_removals(matrix, i, j, removed, step):
    """Giant and isolate shares at the ``removed`` counts, removing the ties ``(i, j)`` in
    order with a custom ``step(friends, a, b) -> (giant, isolates)``."""
    n = matrix.shape[0]
    friends = [matrix.indices[matrix.indptr[k] : matrix.indptr[k + 1]].tolist() for k in range(n)]
    giant = np.empty(removed.size)
    isolates = np.empty(removed.size)
    largest = np.bincount(connected_components(matrix, directed=False)[1]).max()
    giant[0], isolates[0] = largest / n, np.count_nonzero(np.diff(matrix.indptr) == 0) / n
    done = 0
    for r in range(1, removed.size):
        while done < removed[r]:
            out = step(friends, int(i[done]), int(j[done]))
            done += 1
        try:
            g, s = (float(x) for x in out)
        except (TypeError, ValueError):
            raise ValueError(
                f"step must return (giant, isolates), two shares in [0, 1], got {out!r}"
            ) from None
        if not (0.0 <= g <= 1.0 and 0.0 <= s <= 1.0):
            raise ValueError(
                f"step must return (giant, isolates), two shares in [0, 1], got {out!r}"
            )
        giant[r], isolates[r] = g, s
    return giant, isolates


# --------------------------------------------------------------------------------------
# Triadic closure with turnover (Davidsen, Ebel & Bornholdt 2002) and AI companions
# --------------------------------------------------------------------------------------
#
# State: neighbour lists ``nbr[i, :deg[i]]`` with the matching tie strengths in
# ``strength[i, :deg[i]]`` (each tie stored at both ends, kept in sync). Kernels stop
# *before* an event that would overflow a list and return that step; the caller grows
# the arrays and resumes, so a run never depends on the initial capacity.


@njit(cache=True)
def _find(nbr, deg, a, b):
    for s in range(deg[a]):
        if nbr[a, s] == b:
            return s
    return -1


@njit(cache=True)
def _strengthen(nbr, strength, deg, a, pos_a, b):
    strength[a, pos_a] += 1
    strength[b, _find(nbr, deg, b, a)] += 1


@njit(cache=True)
def _drop(nbr, strength, deg, a, b):
    pos = _find(nbr, deg, a, b)
    last = deg[a] - 1
    nbr[a, pos] = nbr[a, last]
    strength[a, pos] = strength[a, last]
    deg[a] = last


@njit(cache=True)
def _meet(nbr, strength, deg, a, b):
    """Tie a–b is created with strength 1, or strengthened by 1 if it exists.

    Returns False (and changes nothing) if a new tie would overflow a list."""
    if deg[a] <= deg[b]:
        pos = _find(nbr, deg, a, b)
        if pos >= 0:
            _strengthen(nbr, strength, deg, a, pos, b)
            return True
    else:
        pos = _find(nbr, deg, b, a)
        if pos >= 0:
            _strengthen(nbr, strength, deg, b, pos, a)
            return True
    capacity = nbr.shape[1]
    if deg[a] >= capacity or deg[b] >= capacity:
        return False
    nbr[a, deg[a]] = b
    strength[a, deg[a]] = 1
    deg[a] += 1
    nbr[b, deg[b]] = a
    strength[b, deg[b]] = 1
    deg[b] += 1
    return True


@njit(cache=True)
def _replace_agent(nbr, strength, deg, v):
    for s in range(deg[v]):
        _drop(nbr, strength, deg, nbr[v, s], v)
    deg[v] = 0


@njit(cache=True)
def _human_event(nbr, strength, deg, a, u_first, u_second, stranger):
    """One Davidsen–Ebel–Bornholdt event for agent ``a``; False if a tie table is full.

    With two or more acquaintances, ``a`` introduces two of them (chosen by the uniform
    numbers ``u_first``, ``u_second``) and uses both ties; otherwise ``a`` meets
    ``stranger`` (an index over the other agents).
    """
    k = deg[a]
    if k >= 2:
        s1 = int(u_first * k)
        s2 = int(u_second * (k - 1))
        if s2 >= s1:
            s2 += 1
        if not _meet(nbr, strength, deg, nbr[a, s1], nbr[a, s2]):
            return False
        _strengthen(nbr, strength, deg, a, s1, nbr[a, s1])
        _strengthen(nbr, strength, deg, a, s2, nbr[a, s2])
        return True
    r = stranger
    if r >= a:
        r += 1
    return _meet(nbr, strength, deg, a, r)


@njit(cache=True)
def _deb_kernel(
    nbr,
    strength,
    deg,
    agent,
    u_first,
    u_second,
    stranger,
    u_turnover,
    leaver,
    turnover,
    start,
    stop,
):
    for t in range(start, stop):
        if not _human_event(nbr, strength, deg, agent[t], u_first[t], u_second[t], stranger[t]):
            return t
        if u_turnover[t] < turnover:
            _replace_agent(nbr, strength, deg, leaver[t])
    return stop


@njit(cache=True)
def _ai_kernel(
    nbr,
    strength,
    deg,
    agent,
    u_first,
    u_second,
    stranger,
    u_turnover,
    leaver,
    turnover,
    u_ai,
    u_broker,
    u_kind,
    ai_share,
    brokerage,
    stranger_share,
    start,
    stop,
):
    for t in range(start, stop):
        a = agent[t]
        k = deg[a]
        if u_ai[t] < ai_share:
            if u_broker[t] < brokerage:
                # The companion brokers: a friend of a friend, else a stranger.
                r = -1
                if k >= 1 and u_kind[t] >= stranger_share:
                    j = nbr[a, int(u_first[t] * k)]
                    kj = deg[j]
                    if kj >= 2:
                        s2 = int(u_second[t] * (kj - 1))
                        if s2 >= _find(nbr, deg, j, a):
                            s2 += 1
                        r = nbr[j, s2]
                if r < 0:
                    r = stranger[t]
                    if r >= a:
                        r += 1
                if not _meet(nbr, strength, deg, a, r):
                    return t
            elif k >= 1:
                # Time with the companion instead of people: one tie is neglected.
                s = int(u_first[t] * k)
                b = nbr[a, s]
                strength[a, s] -= 1
                pos_b = _find(nbr, deg, b, a)
                strength[b, pos_b] -= 1
                if strength[a, s] <= 0:
                    _drop(nbr, strength, deg, a, b)
                    _drop(nbr, strength, deg, b, a)
        elif not _human_event(nbr, strength, deg, a, u_first[t], u_second[t], stranger[t]):
            return t
        if u_turnover[t] < turnover:
            _replace_agent(nbr, strength, deg, leaver[t])
    return stop


@njit(cache=True)
def _snapshot(nbr, strength, deg, strong_threshold, max_confidants):
    """mean degree, clustering, isolates, giant, mean core size, no-confidant share."""
    n = deg.size
    mark = np.full(n, -1)
    parent = np.arange(n)
    total_degree = 0
    isolates = 0
    clustering = 0.0
    core_total = 0
    no_confidant = 0
    for i in range(n):
        k = deg[i]
        total_degree += k
        if k == 0:
            isolates += 1
        strong = 0
        for s in range(k):
            if strength[i, s] >= strong_threshold:
                strong += 1
            j = nbr[i, s]
            if j > i:
                ri = _root(parent, i)
                rj = _root(parent, j)
                if ri != rj:
                    parent[rj] = ri
        core_total += min(strong, max_confidants)
        if strong == 0:
            no_confidant += 1
        if k >= 2:
            for s in range(k):
                mark[nbr[i, s]] = i
            closed = 0
            for s in range(k):
                j = nbr[i, s]
                for q in range(deg[j]):
                    if mark[nbr[j, q]] == i:
                        closed += 1
            clustering += closed / (k * (k - 1.0))
    counts = np.zeros(n, dtype=np.int64)
    for i in range(n):
        counts[_root(parent, i)] += 1
    out = np.empty(6)
    out[0] = total_degree / n
    out[1] = clustering / n
    out[2] = isolates / n
    out[3] = counts.max() / n
    out[4] = core_total / n
    out[5] = no_confidant / n
    return out


_METRICS = (
    "mean_degree",
    "clustering",
    "isolates_share",
    "giant_fraction",
    "mean_core_size",
    "no_confidant_share",
)


@dataclass(frozen=True)
class TieNetworkRun:
    """Trajectory and final state of a tie-formation run.

    Every metric is an array over the recorded times.

    Attributes
    ----------
    times : numpy.ndarray of int
        Steps (events: one introduction and one turnover trial) at which the metrics were
        recorded, 0 first and ``n_steps`` last. :attr:`sweeps` gives them in sweeps.
    mean_degree, clustering, isolates_share, giant_fraction : numpy.ndarray
        Mean number of ties; average local clustering (networkx convention: agents
        with fewer than two ties count as 0); share of agents without ties; share of
        agents in the largest connected component.
    mean_core_size, no_confidant_share : numpy.ndarray
        Core discussion network: mean number of strong ties per agent, counted up to
        ``max_confidants``; share of agents with no strong tie.
    tie_strength : scipy.sparse.csr_array
        Final network: symmetric, entry = strength (times used) of each tie.
    params : dict
        The parameters of the run.
    """

    times: np.ndarray
    mean_degree: np.ndarray
    clustering: np.ndarray
    isolates_share: np.ndarray
    giant_fraction: np.ndarray
    mean_core_size: np.ndarray
    no_confidant_share: np.ndarray
    tie_strength: sp.csr_array
    params: dict = field(default_factory=dict)

    @property
    def sweeps(self) -> np.ndarray:
        """:attr:`times` in sweeps: one sweep is ``n_agents`` steps, so each agent is
        chosen once per sweep on average."""
        return self.times / self.params["n_agents"]

    @property
    def adjacency(self) -> sp.csr_array:
        """Final network as a 0/1 adjacency matrix."""
        matrix = self.tie_strength.copy()
        matrix.data = np.ones_like(matrix.data)
        return matrix

    def stationary(self, metric: str, last_fraction: float = 0.5) -> float:
        """Mean of ``metric`` over the last ``last_fraction`` of the recorded times.

        Examples
        --------
        >>> run = davidsen_ebel_bornholdt(100, turnover=0.1, n_steps=3000, rng=1)
        >>> 0.0 < run.stationary("mean_degree") < 10.0
        True
        """
        metric = Options(*_METRICS).check("metric", metric)
        last_fraction = Real(0.0, 1.0, low_open=True).check("last_fraction", last_fraction)
        values = getattr(self, metric)
        start = min(int(np.floor((1.0 - last_fraction) * values.size)), values.size - 1)
        return float(values[start:].mean())


def _check_table(n_agents, capacity):
    # The tie table is n_agents × capacity; refuse before allocating one too large.
    check_budget(
        "n_agents × tie-table width (about 3 / turnover, or twice the largest degree)",
        n_agents * capacity,
        limit=MAX_ELEMENTS,
        what="memory",
    )


def _initial_state(n_agents, initial_ties, capacity_hint):
    if initial_ties is None:
        capacity = max(8, min(n_agents - 1, capacity_hint))
        _check_table(n_agents, capacity)
        return (
            np.zeros((n_agents, capacity), dtype=np.int32),
            np.zeros((n_agents, capacity), dtype=np.int32),
            np.zeros(n_agents, dtype=np.int64),
        )
    weights = initial_ties
    if weights.shape != (n_agents, n_agents):
        raise ValueError(
            f"initial_ties must have shape ({n_agents}, {n_agents}), got {weights.shape}"
        )
    if weights.diagonal().any():
        raise ValueError("initial_ties must have an empty diagonal (no self-ties)")
    if weights.nnz and (
        weights.data.min() < 1 or not np.all(weights.data == np.round(weights.data))
    ):
        raise ValueError("initial_ties entries must be whole numbers >= 1 (tie strengths)")
    weights.sort_indices()
    deg = np.diff(weights.indptr).astype(np.int64)
    capacity = max(8, min(n_agents - 1, max(capacity_hint, 2 * int(deg.max(initial=0)))))
    _check_table(n_agents, capacity)
    nbr = np.zeros((n_agents, capacity), dtype=np.int32)
    strength = np.zeros((n_agents, capacity), dtype=np.int32)
    rows = np.repeat(np.arange(n_agents), deg)
    slots = np.arange(weights.nnz) - np.repeat(weights.indptr[:-1], deg)
    nbr[rows, slots] = weights.indices
    strength[rows, slots] = np.rint(weights.data).astype(np.int32)
    return nbr, strength, deg


def _grow(nbr, strength, n_agents):
    capacity = min(n_agents - 1, 2 * nbr.shape[1])
    _check_table(n_agents, capacity)
    bigger_nbr = np.zeros((n_agents, capacity), dtype=np.int32)
    bigger_strength = np.zeros((n_agents, capacity), dtype=np.int32)
    bigger_nbr[:, : nbr.shape[1]] = nbr
    bigger_strength[:, : nbr.shape[1]] = strength
    return bigger_nbr, bigger_strength


def _final_ties(nbr, strength, deg):
    n = deg.size
    mask = np.arange(nbr.shape[1])[None, :] < deg[:, None]
    rows = np.repeat(np.arange(n), deg)
    matrix = sp.csr_array(
        (strength[mask].astype(float), (rows, nbr[mask].astype(np.int64))), shape=(n, n)
    )
    matrix.sort_indices()
    return matrix


def default_n_steps(n_agents: int, turnover: float) -> int:
    """The default run length: six mean lifetimes, ``round(6 n_agents / turnover)`` steps
    (enough to forget the initial state). Infinite for a turnover so small that the
    count overflows (the caller refuses it)."""
    steps = 6.0 / turnover * n_agents
    return max(1, round(steps)) if math.isfinite(steps) else math.inf


#: Constraints shared by :func:`davidsen_ebel_bornholdt` and :func:`ai_companion_network`.
_TIE_NETWORK = {
    "n_agents": Integer(2, 1_000_000),
    "turnover": Real(0.0, 1.0, low_open=True),
    "n_steps": Optional(Integer(1, MAX_STEPS)),
    "n_records": Integer(1, MAX_RECORDS),
    "strong_tie_threshold": Integer(1, 1_000_000),
    "max_confidants": Integer(1, 1_000_000),
    "initial_ties": Optional(Adjacency(weighted=True)),
    "step": Optional(Function()),
    "rng": Seed(),
}


def _check_run_length(n_agents, turnover, n_steps, n_records):
    """The run's steps (the default if None), within MAX_STEPS, with affordable records."""
    if n_steps is None:
        n_steps = default_n_steps(n_agents, turnover)
        if n_steps > MAX_STEPS:
            raise ValueError(
                f"n_steps (by default 6 n_agents / turnover = {n_steps:.4g}) must be at most "
                f"MAX_STEPS = {MAX_STEPS}: give a larger turnover or fewer n_agents"
            )
    # Each record measures the whole network (clustering: agents × degree²).
    check_budget("n_records × n_agents", (n_records + 1) * n_agents, limit=MAX_WORK)
    return n_steps


def _simulate(
    n_agents,
    turnover,
    n_steps,
    n_records,
    strong_tie_threshold,
    max_confidants,
    initial_ties,
    rng,
    ai=None,
):
    # Two independent streams: people's events and the AI's coins. The people's stream
    # is the same with and without the AI, so ai_share = brokerage = 0 reproduces the
    # base model draw for draw.
    human_rng, ai_rng = spawn_generators(rng, 2)
    record_at = record_times(n_steps, n_records)
    # Room for about three mean degrees (<k> <= 1/p); more than n_agents is never needed.
    mean_degree_bound = 3.0 / turnover
    capacity_hint = n_agents if mean_degree_bound >= n_agents else math.ceil(mean_degree_bound)
    nbr, strength, deg = _initial_state(n_agents, initial_ties, capacity_hint)
    records = np.empty((record_at.size, len(_METRICS)))
    records[0] = _snapshot(nbr, strength, deg, strong_tie_threshold, max_confidants)
    next_record = 1
    for chunk_start in range(0, n_steps, _CHUNK):
        size = min(_CHUNK, n_steps - chunk_start)
        draws = (
            human_rng.integers(0, n_agents, size),
            human_rng.random(size),
            human_rng.random(size),
            human_rng.integers(0, n_agents - 1, size),
            human_rng.random(size),
            human_rng.integers(0, n_agents, size),
        )
        if ai is not None:
            ai_draws = (ai_rng.random(size), ai_rng.random(size), ai_rng.random(size))
        local = 0
        while local < size:
            stop = size
            if next_record < record_at.size:
                stop = min(stop, int(record_at[next_record]) - chunk_start)
            while local < stop:
                if ai is None:
                    local = _deb_kernel(nbr, strength, deg, *draws, turnover, local, stop)
                else:
                    local = _ai_kernel(
                        nbr, strength, deg, *draws, turnover, *ai_draws, *ai, local, stop
                    )
                if local < stop:
                    nbr, strength = _grow(nbr, strength, n_agents)
            if next_record < record_at.size and chunk_start + local == record_at[next_record]:
                records[next_record] = _snapshot(
                    nbr, strength, deg, strong_tie_threshold, max_confidants
                )
                next_record += 1
    columns = {name: records[:, c].copy() for c, name in enumerate(_METRICS)}
    return columns, record_at, _final_ties(nbr, strength, deg)


def _tie_lists(nbr, strength, deg):
    """The tie tables as the readable rules' ``friends`` lists and ``strength`` dict."""
    friends = [nbr[a, : deg[a]].tolist() for a in range(deg.size)]
    ties = {
        (a, int(b)): int(w)
        for a in range(deg.size)
        for b, w in zip(nbr[a, : deg[a]], strength[a, : deg[a]], strict=True)
        if a < b
    }
    return friends, ties


def _tie_tables(friends, ties, n_agents):
    """``friends`` and ``strength`` back as tables (for :func:`_snapshot`), checked."""
    if len(friends) != n_agents:
        raise ValueError(f"step must keep {n_agents} lists in friends, got {len(friends)}")
    deg = np.array([len(f) for f in friends], dtype=np.int64)
    if int(deg.sum()) != 2 * len(ties):
        raise ValueError(
            "step must keep friends and strength in step: every tie in both friends "
            f"lists and once in strength, got {int(deg.sum())} list entries for "
            f"{len(ties)} ties"
        )
    width = max(1, int(deg.max(initial=0)))
    nbr = np.zeros((n_agents, width), dtype=np.int32)
    strength = np.zeros((n_agents, width), dtype=np.int32)
    for a, contacts in enumerate(friends):
        for s, b in enumerate(contacts):
            w = ties.get((a, b) if a < b else (b, a), 0)
            if w < 1:
                raise ValueError(
                    f"step must give every tie in friends a strength >= 1, got {w!r} "
                    f"for the tie {a}-{b}"
                )
            nbr[a, s], strength[a, s] = b, w
    return nbr, strength, deg


def _simulate_custom(
    step,
    n_agents,
    turnover,
    n_steps,
    n_records,
    strong_tie_threshold,
    max_confidants,
    initial_ties,
    rng,
    ai=None,
):
    """:func:`_simulate` with a custom step in plain Python, one call per step."""
    record_at = record_times(n_steps, n_records)
    friends, ties = _tie_lists(*_initial_state(n_agents, initial_ties, 8))
    extra = () if ai is None else tuple(ai)
    records = np.empty((record_at.size, len(_METRICS)))
    tables = _tie_tables(friends, ties, n_agents)
    records[0] = _snapshot(*tables, strong_tie_threshold, max_confidants)
    done = 0
    for r in range(1, record_at.size):
        while done < record_at[r]:
            step(friends, ties, turnover, *extra, rng)
            done += 1
        tables = _tie_tables(friends, ties, n_agents)
        records[r] = _snapshot(*tables, strong_tie_threshold, max_confidants)
    columns = {name: records[:, c].copy() for c, name in enumerate(_METRICS)}
    return columns, record_at, _final_ties(*tables)


def _tie_network_run(
    n_agents,
    turnover,
    n_steps,
    n_records,
    strong_tie_threshold,
    max_confidants,
    initial_ties,
    rng,
    ai=None,
    step=None,
) -> TieNetworkRun:
    """Check the run length, simulate, and package the run with its parameters."""
    n_steps = _check_run_length(n_agents, turnover, n_steps, n_records)
    simulate = _simulate if step is None else functools.partial(_simulate_custom, step)
    columns, times, ties = simulate(
        n_agents,
        turnover,
        n_steps,
        n_records,
        strong_tie_threshold,
        max_confidants,
        initial_ties,
        rng,
        ai=ai,
    )
    params = {
        "n_agents": n_agents,
        "turnover": turnover,
        "n_steps": n_steps,
        "n_records": n_records,
        "strong_tie_threshold": strong_tie_threshold,
        "max_confidants": max_confidants,
    }
    if ai is not None:
        params.update(zip(("ai_share", "brokerage", "stranger_share"), ai, strict=True))
    return TieNetworkRun(times=times, tie_strength=ties, params=params, **columns)


@constrained(**_TIE_NETWORK)
def davidsen_ebel_bornholdt(
    n_agents,
    *,
    turnover=0.05,
    n_steps=None,
    n_records=50,
    strong_tie_threshold=CONFIDANT_THRESHOLD,
    max_confidants=5,
    initial_ties=None,
    step=None,
    rng=None,
) -> TieNetworkRun:
    """Acquaintance network by triadic closure with turnover (Davidsen, Ebel & Bornholdt).

    ``n_agents`` people, initially without ties (or with ``initial_ties``). Each step:

    1. **Introduction.** A uniformly random agent ``i`` is chosen. If ``i`` has at
       least two acquaintances, two distinct ones ``j, l`` are drawn uniformly and
       introduced: the tie ``j–l`` is created if absent. If ``i`` has fewer than two
       acquaintances, ``i`` meets a uniformly random other agent ``r`` and the tie
       ``i–r`` is created if absent.
    2. **Turnover.** With probability ``p = turnover`` a uniformly random agent
       leaves: all its ties are deleted and it is replaced by a newcomer without ties.

    Schedule: random-sequential, one introduction then one turnover trial per step, as
    in the paper; ``n_agents`` steps make one sweep (:attr:`TieNetworkRun.sweeps`). An
    agent's lifetime is geometric with mean ``1/p`` sweeps, and tie balance gives
    ``<k> = (ties created per step) / p <= 1/p`` in the stationary state.

    Tie strength is *recorded* without changing the dynamics: a new tie has strength
    1, and each later use adds 1 — ``i`` uses its ties to ``j`` and ``l`` when
    introducing them, ``j–l`` when an existing pair is introduced again, ``i–r`` when
    an existing pair meets again. Ties with strength ``>= strong_tie_threshold`` form
    the *core discussion network*.

    Parameters
    ----------
    n_agents : int
        Number of agents.
    turnover : float
        Replacement probability per step, ``p`` in ``(0, 1]``.
    n_steps : int, optional
        Length of the run in steps (events). Default :func:`default_n_steps`,
        ``6 n_agents / p``: six mean lifetimes (``6 / p`` sweeps), enough to forget the
        initial state.
    n_records : int
        The metrics are recorded at ``n_records + 1`` evenly spaced steps
        (:func:`socmodels.contract.record_times`).
    strong_tie_threshold : int
        Strength from which a tie counts as a core-discussion tie, ``>= 1``.
    max_confidants : int
        Strong ties counted per agent in ``mean_core_size`` (``>= 1``; the GSS name
        generator records at most five names).
    initial_ties : sparse matrix, optional
        Starting network as a symmetric matrix of whole-number tie strengths ``>= 1``
        (e.g. :attr:`TieNetworkRun.tie_strength` of an earlier run).
    step : callable, optional
        A custom step, called ``n_steps`` times as ``step(friends, strength, turnover,
        rng)``: ``friends[i]`` lists person ``i``'s contacts and ``strength[(i, j)]``
        (``i < j``) counts the uses of the tie ``i–j``; the step changes both in place
        (every tie in both lists and in ``strength``, with strength ``>= 1``). The
        metrics are measured on them at the recorded steps. The default is the compiled
        kernel; :func:`socmodels.rules.atomization.triadic_closure_rule` is the same step in
        plain Python. The kernel draws its random numbers in batches, so the same seed
        gives another run of the same model: the tests check that both give the same
        statistics over many runs. A step is plain Python: keep runs small.
    rng : numpy.random.Generator, int or None
        Source of randomness (passed to ``step`` if one is given).

    Returns
    -------
    TieNetworkRun

    References
    ----------
    Davidsen, J., Ebel, H. & Bornholdt, S. (2002). Emergence of a small world from
    local interactions: modeling acquaintance networks. *Physical Review Letters* 88,
    128701. https://doi.org/10.1103/PhysRevLett.88.128701

    Examples
    --------
    >>> run = davidsen_ebel_bornholdt(300, turnover=0.05, rng=3)
    >>> bool(run.stationary("clustering") > 10 * run.stationary("mean_degree") / 300)
    True
    """
    return _tie_network_run(
        n_agents,
        turnover,
        n_steps,
        n_records,
        strong_tie_threshold,
        max_confidants,
        initial_ties,
        rng,
        step=step,
    )


@constrained(
    **_TIE_NETWORK,
    ai_share=Probability(),
    brokerage=Probability(),
    stranger_share=Probability(),
)
def ai_companion_network(
    n_agents,
    *,
    turnover=0.05,
    ai_share=0.0,
    brokerage=0.0,
    stranger_share=0.5,
    n_steps=None,
    n_records=50,
    strong_tie_threshold=CONFIDANT_THRESHOLD,
    max_confidants=5,
    initial_ties=None,
    step=None,
    rng=None,
) -> TieNetworkRun:
    """Davidsen–Ebel–Bornholdt network in which people also spend time with an AI.

    Each step a uniformly random agent ``i`` is chosen and spends that social
    occasion

    * with people, with probability ``1 - α`` (``α = ai_share``): exactly step 1 of
      :func:`davidsen_ebel_bornholdt` (introduce two friends, or meet a stranger);
    * with its AI companion, with probability ``α``. Then, with probability
      ``β = brokerage``, the companion **brokers** a meeting: with probability
      ``stranger_share`` (or if ``i`` has no friend of a friend) with a uniformly
      random stranger, otherwise with a friend ``l`` of a uniformly chosen friend
      ``j`` (``l ≠ i``); the tie ``i–l`` is created, or strengthened if it exists.
      With probability ``1 - β`` the occasion is **spent on the AI**: a uniformly
      chosen tie of ``i`` is neglected, its strength drops by 1 and it dissolves at 0.

    Then step 2 (turnover with probability ``p``) as in the base model.

    So ``α`` scales human introductions by ``1 - α``; neglect makes unused (weak)
    ties decay at a rate ``α (1 - β)`` per agent and sweep; brokerage adds ties at a
    rate ``α β``. With ``α = β = 0`` the rule — and, for the same seed, the result —
    is exactly :func:`davidsen_ebel_bornholdt`.

    Parameters
    ----------
    n_agents : int
        Number of agents.
    turnover : float
        Replacement probability per step, ``p`` in ``(0, 1]``.
    ai_share : float
        ``α`` in ``[0, 1]``: share of social occasions spent with the AI.
    brokerage : float
        ``β`` in ``[0, 1]``: share of AI occasions in which it introduces its user.
    stranger_share : float
        In ``[0, 1]``: share of brokered meetings that are with strangers.
    n_steps, n_records, strong_tie_threshold, max_confidants, initial_ties, rng
        As in :func:`davidsen_ebel_bornholdt`.
    step : callable, optional
        A custom step, called as ``step(friends, strength, turnover, ai_share, brokerage,
        stranger_share, rng)``, with ``friends`` and ``strength`` as in
        :func:`davidsen_ebel_bornholdt`. The default is the compiled kernel;
        :func:`socmodels.rules.atomization.ai_companion_rule` is the same step in plain
        Python (same statistics over many runs, not the same run for a seed, as there).

    Returns
    -------
    TieNetworkRun

    References
    ----------
    Davidsen, J., Ebel, H. & Bornholdt, S. (2002). Emergence of a small world from
    local interactions: modeling acquaintance networks. *Physical Review Letters* 88,
    128701. https://doi.org/10.1103/PhysRevLett.88.128701 (the base model; the AI
    extension is this book's).

    Examples
    --------
    >>> base = ai_companion_network(300, turnover=0.05, rng=4)
    >>> lonely = ai_companion_network(300, turnover=0.05, ai_share=0.6, rng=4)
    >>> bool(lonely.stationary("isolates_share") > base.stationary("isolates_share"))
    True
    """
    return _tie_network_run(
        n_agents,
        turnover,
        n_steps,
        n_records,
        strong_tie_threshold,
        max_confidants,
        initial_ties,
        rng,
        ai=(ai_share, brokerage, stranger_share),
        step=step,
    )


# --------------------------------------------------------------------------------------
# Calibration against the General Social Survey, and the α–β map
# --------------------------------------------------------------------------------------


def _mean_stationary(generators, **kwargs) -> dict[str, float]:
    """Stationary metrics averaged over one run per generator. Each run gets a *copy* of
    its generator, so every grid point replays the same streams (common random numbers)."""
    runs = [ai_companion_network(rng=copy.deepcopy(g), **kwargs) for g in generators]
    return {m: float(np.mean([run.stationary(m) for run in runs])) for m in _METRICS}


def _check_grid_work(n_grid_points, n_runs, n_agents, smallest_turnover, n_steps=None):
    if n_steps is None:
        n_steps = default_n_steps(n_agents, smallest_turnover)
    check_budget(
        "grid points × n_runs × n_steps (default 6 n_agents / turnover)",
        n_grid_points * n_runs * n_steps,
        limit=MAX_WORK,
    )


class _SurveyTargets(Constraint):
    """``{year: {"mean_core_size": float > 0, "no_confidant_share": float > 0}}``."""

    def describe(self):
        return "a dict {year: {'mean_core_size': > 0, 'no_confidant_share': > 0}}"

    def check(self, name, value):
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        checked = {}
        for year, target in value.items():
            if not isinstance(year, numbers.Integral) or isinstance(year, bool):
                raise TypeError(f"{name} must be keyed by int years, got {year!r}")
            if not isinstance(target, dict):
                raise TypeError(
                    f"{name}[{year}] must be a dict of mean_core_size and no_confidant_share, "
                    f"got {type(target).__name__}"
                )
            checked[int(year)] = {
                key: Real(0.0, 1e6, low_open=True).check(
                    f"{name}[{year}][{key!r}]", target.get(key)
                )
                for key in ("mean_core_size", "no_confidant_share")
            }
        return checked

    def bad_values(self):
        return ["abc", [1985], {1985: 2.9}, {1985: {"mean_core_size": float("nan")}}]


_GRID = {"max_size": 1000}


def _core_loss(core, no_confidant, target) -> float:
    return float(
        ((core - target["mean_core_size"]) / target["mean_core_size"]) ** 2
        + ((no_confidant - target["no_confidant_share"]) / target["no_confidant_share"]) ** 2
    )


@dataclass(frozen=True)
class CoreNetworkFit:
    """Result of :func:`calibrate_core_network`.

    Stage 1 (``baseline_*``, arrays over ``turnover_grid`` × ``threshold_grid``) fits
    the early survey year with ``α = 0``; stage 2 (``ai_*``, arrays over
    ``ai_share_grid``) keeps those values and fits the later year with ``α`` alone.
    ``loss`` is the sum of squared relative errors of the mean core size and of the
    no-confidant share.
    """

    turnover_grid: np.ndarray
    threshold_grid: np.ndarray
    baseline_core: np.ndarray
    baseline_no_confidant: np.ndarray
    baseline_loss: np.ndarray
    ai_share_grid: np.ndarray
    ai_core: np.ndarray
    ai_no_confidant: np.ndarray
    ai_loss: np.ndarray
    turnover: float
    strong_tie_threshold: int
    ai_share: float
    before: dict
    after: dict
    targets: dict
    params: dict = field(default_factory=dict)


@constrained(
    n_agents=Integer(2, 1_000_000),
    turnover_grid=Array(1, low=0.0, high=1.0, **_GRID),
    threshold_grid=Array(1, low=1, high=1_000_000, integer=True, **_GRID),
    ai_share_grid=Array(1, low=0.0, high=1.0, **_GRID),
    brokerage=Probability(),
    years=Array(1, min_size=2, max_size=2, integer=True),
    targets=Optional(_SurveyTargets()),
    n_runs=Integer(1, MAX_RUNS),
    rng=Seed(),
)
def calibrate_core_network(
    *,
    n_agents=1000,
    turnover_grid=(0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15),
    threshold_grid=(CONFIDANT_THRESHOLD,),
    ai_share_grid=(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
    brokerage=0.0,
    years=(1985, 2004),
    targets=None,
    n_runs=2,
    rng=None,
) -> CoreNetworkFit:
    """Grid search for parameters that reproduce a fall in core discussion networks.

    Stage 1: with no AI (``α = 0``), choose ``turnover`` (and ``strong_tie_threshold``,
    if ``threshold_grid`` offers more than the book's :data:`CONFIDANT_THRESHOLD`) from
    the grids to match the early year's mean core size and no-confidant share.
    Stage 2: keep them and choose ``ai_share`` (with the given ``brokerage``) to match
    the later year. Each grid point is the mean of the stationary values
    (:meth:`TieNetworkRun.stationary`) over ``n_runs`` runs, whose generators are
    spawned once from ``rng`` (:func:`socmodels.contract.spawn_generators`); every grid
    point replays the same streams (common random numbers), so differences between
    points are not seed noise.

    The fit shows that the model *can* produce numbers of the observed size; it does
    not show that the mechanism produced them (see the chapter).

    Parameters
    ----------
    n_agents : int
        Agents per run.
    turnover_grid : sequence of float
        Candidate turnover probabilities, each in ``(0, 1]``.
    threshold_grid : sequence of int
        Candidate strong-tie thresholds, each ``>= 1``. By default only
        :data:`CONFIDANT_THRESHOLD`, so that "confidant" means the same in the fit as in
        every other result; a wider grid fits the definition too.
    ai_share_grid : sequence of float
        Candidate ``α`` values, each in ``[0, 1]``.
    brokerage : float
        ``β`` in ``[0, 1]`` used in stage 2.
    years : (int, int)
        Keys of ``targets``: the early and the late year.
    targets : dict, optional
        ``{year: {"mean_core_size": float, "no_confidant_share": float}}``; default
        :data:`GSS_CORE_NETWORK`.
    n_runs : int
        Runs averaged per grid point.
    rng : numpy.random.Generator, int or None
        Parent of the runs' generators.

    Returns
    -------
    CoreNetworkFit

    References
    ----------
    McPherson, M., Smith-Lovin, L. & Brashears, M. E. (2006). Social isolation in
    America: changes in core discussion networks over two decades. *American
    Sociological Review* 71, 353–375. https://doi.org/10.1177/000312240607100301

    Examples
    --------
    >>> fit = calibrate_core_network(n_agents=200, turnover_grid=(0.05, 0.1),
    ...                              threshold_grid=(3,), ai_share_grid=(0.0, 0.3),
    ...                              n_runs=1, rng=0)
    >>> fit.baseline_loss.shape, fit.ai_loss.shape
    ((2, 1), (2,))
    """
    turnovers, thresholds, ai_shares = turnover_grid, threshold_grid, ai_share_grid
    if np.any(turnovers <= 0):
        raise ValueError("turnover_grid values must be in (0, 1], got a value <= 0")
    targets = GSS_CORE_NETWORK if targets is None else targets
    years = [int(year) for year in years]
    for year in years:
        if year not in targets:
            raise ValueError(f"years must be keys of targets {sorted(targets)}, got {year!r}")
    _check_grid_work(
        turnovers.size * thresholds.size + ai_shares.size, n_runs, n_agents, turnovers.min()
    )
    early, late = targets[years[0]], targets[years[1]]
    generators = spawn_generators(rng, n_runs)

    core = np.empty((turnovers.size, thresholds.size))
    alone = np.empty_like(core)
    for a, turnover in enumerate(turnovers):
        for b, threshold in enumerate(thresholds):
            values = _mean_stationary(
                generators,
                n_agents=n_agents,
                turnover=float(turnover),
                strong_tie_threshold=int(threshold),
            )
            core[a, b] = values["mean_core_size"]
            alone[a, b] = values["no_confidant_share"]
    loss = ((core - early["mean_core_size"]) / early["mean_core_size"]) ** 2 + (
        (alone - early["no_confidant_share"]) / early["no_confidant_share"]
    ) ** 2
    best_a, best_b = np.unravel_index(int(np.argmin(loss)), loss.shape)
    turnover, threshold = float(turnovers[best_a]), int(thresholds[best_b])

    ai_core = np.empty(ai_shares.size)
    ai_alone = np.empty(ai_shares.size)
    for c, ai_share in enumerate(ai_shares):
        values = _mean_stationary(
            generators,
            n_agents=n_agents,
            turnover=turnover,
            strong_tie_threshold=threshold,
            ai_share=float(ai_share),
            brokerage=brokerage,
        )
        ai_core[c] = values["mean_core_size"]
        ai_alone[c] = values["no_confidant_share"]
    ai_loss = np.array([_core_loss(x, y, late) for x, y in zip(ai_core, ai_alone, strict=True)])
    best_c = int(np.argmin(ai_loss))
    return CoreNetworkFit(
        turnover_grid=turnovers,
        threshold_grid=thresholds,
        baseline_core=core,
        baseline_no_confidant=alone,
        baseline_loss=loss,
        ai_share_grid=ai_shares,
        ai_core=ai_core,
        ai_no_confidant=ai_alone,
        ai_loss=ai_loss,
        turnover=turnover,
        strong_tie_threshold=threshold,
        ai_share=float(ai_shares[best_c]),
        before={
            "mean_core_size": float(core[best_a, best_b]),
            "no_confidant_share": float(alone[best_a, best_b]),
        },
        after={
            "mean_core_size": float(ai_core[best_c]),
            "no_confidant_share": float(ai_alone[best_c]),
        },
        targets={years[0]: dict(early), years[1]: dict(late)},
        params={
            "n_agents": n_agents,
            "brokerage": brokerage,
            "years": tuple(years),
            "n_runs": n_runs,
        },
    )


@dataclass(frozen=True)
class AlphaBetaMap:
    """Stationary metrics over a grid of AI-attention shares α and brokerage rates β.

    ``values[metric]`` is an array of shape ``(len(ai_shares), len(brokerages))``.
    """

    ai_shares: np.ndarray
    brokerages: np.ndarray
    values: dict
    params: dict = field(default_factory=dict)


@constrained(
    n_agents=Integer(2, 1_000_000),
    turnover=Real(0.0, 1.0, low_open=True),
    ai_shares=Array(1, low=0.0, high=1.0, **_GRID),
    brokerages=Array(1, low=0.0, high=1.0, **_GRID),
    stranger_share=Probability(),
    strong_tie_threshold=Integer(1, 1_000_000),
    n_steps=Optional(Integer(1, MAX_STEPS)),
    n_runs=Integer(1, MAX_RUNS),
    rng=Seed(),
)
def alpha_beta_map(
    n_agents,
    *,
    turnover=0.05,
    ai_shares=(0.0, 0.2, 0.4, 0.6, 0.8),
    brokerages=(0.0, 0.25, 0.5, 0.75, 1.0),
    stranger_share=0.5,
    strong_tie_threshold=CONFIDANT_THRESHOLD,
    n_steps=None,
    n_runs=1,
    rng=None,
) -> AlphaBetaMap:
    """Stationary metrics of :func:`ai_companion_network` over an α × β grid.

    ``values[m][a, b]`` is the stationary value (:meth:`TieNetworkRun.stationary`) of
    metric ``m`` at ``ai_share = ai_shares[a]`` and ``brokerage = brokerages[b]``,
    averaged over ``n_runs`` runs. The runs' generators are spawned once from ``rng``
    (:func:`socmodels.contract.spawn_generators`) and replayed in every cell (common
    random numbers), so the map's gradients are not seed noise.

    Parameters
    ----------
    n_agents : int
        Agents per run.
    turnover : float
        ``p`` in ``(0, 1]``.
    ai_shares, brokerages : sequence of float
        Grid values of ``α`` and ``β``, each in ``[0, 1]``.
    stranger_share : float
        In ``[0, 1]``, as in :func:`ai_companion_network`.
    strong_tie_threshold : int
        As in :func:`davidsen_ebel_bornholdt`.
    n_steps : int, optional
        Run length in steps (default :func:`default_n_steps`).
    n_runs : int
        Runs averaged per cell.
    rng : numpy.random.Generator, int or None
        Parent of the runs' generators.

    Returns
    -------
    AlphaBetaMap

    References
    ----------
    Davidsen, J., Ebel, H. & Bornholdt, S. (2002). Emergence of a small world from
    local interactions: modeling acquaintance networks. *Physical Review Letters* 88,
    128701. https://doi.org/10.1103/PhysRevLett.88.128701 (the base model; the AI
    companion and this map are the book's).

    Examples
    --------
    >>> grid = alpha_beta_map(200, turnover=0.1, ai_shares=(0.0, 0.7), brokerages=(0.0, 1.0),
    ...                       rng=1)
    >>> iso = grid.values["isolates_share"]
    >>> bool(iso[1, 0] > iso[0, 0]) and bool(iso[1, 1] < iso[1, 0])
    True
    """
    alphas, betas = ai_shares, brokerages
    _check_grid_work(alphas.size * betas.size, n_runs, n_agents, turnover, n_steps)
    generators = spawn_generators(rng, n_runs)
    values = {m: np.empty((alphas.size, betas.size)) for m in _METRICS}
    for a, alpha in enumerate(alphas):
        for b, beta in enumerate(betas):
            cell = _mean_stationary(
                generators,
                n_agents=n_agents,
                turnover=turnover,
                ai_share=float(alpha),
                brokerage=float(beta),
                stranger_share=stranger_share,
                strong_tie_threshold=strong_tie_threshold,
                n_steps=n_steps,
            )
            for m in _METRICS:
                values[m][a, b] = cell[m]
    params = {
        "n_agents": n_agents,
        "turnover": turnover,
        "stranger_share": stranger_share,
        "strong_tie_threshold": strong_tie_threshold,
        "n_steps": n_steps,
        "n_runs": n_runs,
    }
    return AlphaBetaMap(ai_shares=alphas, brokerages=betas, values=values, params=params)
