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
times; :func:`calibrate_core_network` finds parameters that reproduce the General
Social Survey figures of :data:`GSS_CORE_NETWORK`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numba import njit

from ._validation import (
    as_generator,
    check_adjacency,
    check_array,
    check_choice,
    check_int,
    check_probability,
    check_real,
)
from .measures import er_giant_component  # re-exported: the percolation curves' theory

__all__ = [
    "GSS_CORE_NETWORK",
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

REMOVAL_STRATEGIES = ("random", "weak", "strong", "bridging")

# Steps simulated per batch of pre-drawn random numbers (≈ 3 MB of draws per batch).
_CHUNK = 1 << 16


# --------------------------------------------------------------------------------------
# Percolation
# --------------------------------------------------------------------------------------


@njit(cache=True)
def _overlap_kernel(indptr, indices, src, dst):
    """Neighbourhood overlap of each listed tie (the loop of :func:`neighbourhood_overlap`).

    Parameters
    ----------
    indptr, indices : ndarray(int64, ndim=1)
        CSR structure of a simple undirected graph, each row's indices sorted.
    src, dst : ndarray(int, ndim=1)
        End points of the ties to measure.

    Returns
    -------
    ndarray(float64, ndim=1)
        :math:`n_{ij} / ((k_i - 1) + (k_j - 1) - n_{ij})` for each tie, with the common
        neighbours :math:`n_{ij}` counted by merging the two sorted rows; 0 when the
        denominator is 0.
    """
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
    Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile communication
    networks. *PNAS* 104, 7332–7336.

    Examples
    --------
    >>> triangle_with_tail = [[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]]
    >>> i, j, overlap = neighbourhood_overlap(triangle_with_tail)
    >>> [(int(a), int(b), round(float(o), 2)) for a, b, o in zip(i, j, overlap)]
    [(0, 1, 1.0), (0, 2, 0.5), (1, 2, 0.5), (2, 3, 0.0)]
    """
    matrix = check_adjacency(adjacency)
    matrix.sort_indices()
    i, j = _upper_edges(matrix)
    overlap = _overlap_kernel(matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), i, j)
    return i, j, overlap


def _upper_edges(matrix: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    upper = sp.triu(matrix, k=1).tocoo()
    order = np.lexsort((upper.col, upper.row))
    return upper.row[order].astype(np.int64), upper.col[order].astype(np.int64)


def tie_removal_order(adjacency, strategy="random", *, tie_strength=None, rng=None):
    """The order in which ties are removed under a removal ``strategy``.

    ``"random"``: uniformly random order. ``"weak"``: weakest ties first (ascending
    ``tie_strength``). ``"strong"``: strongest first. ``"bridging"``: lowest
    :func:`neighbourhood_overlap` first (a cheap proxy for edge betweenness). Ties
    with equal keys are removed in random order.

    Parameters
    ----------
    adjacency : array_like or sparse matrix
        Symmetric 0/1 adjacency matrix with at least one tie.
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

    Examples
    --------
    >>> strength = sp.csr_array([[0, 5, 1], [5, 0, 2], [1, 2, 0]])
    >>> i, j = tie_removal_order(strength > 0, "weak", tie_strength=strength, rng=0)
    >>> [(int(a), int(b)) for a, b in zip(i, j)]
    [(0, 2), (1, 2), (0, 1)]
    """
    strategy = check_choice("strategy", strategy, REMOVAL_STRATEGIES)
    matrix = check_adjacency(_as_binary(adjacency))
    if matrix.nnz == 0:
        raise ValueError("adjacency must have at least one tie to remove, got none")
    rng = as_generator(rng)
    if strategy == "bridging":
        i, j, key = neighbourhood_overlap(matrix)
    else:
        i, j = _upper_edges(matrix)
        if strategy == "random":
            key = np.zeros(i.size)
        else:
            if tie_strength is None:
                raise TypeError(f"tie_strength is required for strategy {strategy!r}")
            weights = check_adjacency(tie_strength, "tie_strength", weighted=True)
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


def _as_binary(adjacency):
    if sp.issparse(adjacency):
        matrix = sp.csr_array(adjacency, dtype=float)
        matrix.data = (matrix.data != 0).astype(float)
        return matrix
    return adjacency


@njit(cache=True)
def _root(parent, x):
    """Root of ``x`` in a union–find forest, halving the path on the way.

    Parameters
    ----------
    parent : ndarray(int, ndim=1)
        Parent of each node (a root is its own parent); updated in place.
    x : int
        The node.

    Returns
    -------
    int
        The root of ``x``'s tree.
    """
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@njit(cache=True)
def _newman_ziff(n, src, dst):
    """Add ties one by one; giant size and isolate count after each addition.

    Newman & Ziff's (2000) union–find percolation: one pass, O(E α(N)).

    Parameters
    ----------
    n : int
        Number of nodes.
    src, dst : ndarray(int, ndim=1)
        End points of the ties, in the order they are added.

    Returns
    -------
    giant, isolates : ndarray(int64, ndim=1), shape (E + 1,)
        Size of the largest component and number of nodes without a tie, before any
        tie (entry 0) and after each addition.
    """
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
    """Network measures as ties are removed (one entry per point of ``removed_fraction``)."""

    removed_fraction: np.ndarray
    mean_degree: np.ndarray
    giant_fraction: np.ndarray
    isolates_share: np.ndarray
    strategy: str

    @property
    def critical_fraction(self) -> float:
        """Removed fraction at which the giant component shrinks fastest (a finite-size
        estimate of the collapse point)."""
        drop = -np.diff(self.giant_fraction) / np.diff(self.removed_fraction)
        k = int(np.argmax(drop))
        return float(0.5 * (self.removed_fraction[k] + self.removed_fraction[k + 1]))


def percolation_curve(
    adjacency, strategy="random", *, tie_strength=None, n_points=101, rng=None
) -> PercolationCurve:
    """Giant component, isolates and mean degree as ties are removed.

    Ties are removed one at a time in the order of :func:`tie_removal_order`. All
    ``m + 1`` states (0 … m ties removed) are computed in one pass by adding the ties
    back in reverse order with a union–find structure (Newman & Ziff 2000), then
    reported at ``n_points`` evenly spaced removed fractions.

    For random removal from an Erdős–Rényi graph of mean degree ``c0``, removing a
    fraction ``f`` leaves an Erdős–Rényi graph of mean degree ``c = c0 (1 - f)``, so
    the giant component follows :func:`er_giant_component` and vanishes at
    ``f_c = 1 - 1/c0``.

    Parameters
    ----------
    adjacency : array_like or sparse matrix
        Symmetric 0/1 adjacency matrix with at least one tie.
    strategy : {"random", "weak", "strong", "bridging"}
        Removal order, see :func:`tie_removal_order`.
    tie_strength : sparse matrix, optional
        Tie weights, required for ``"weak"`` and ``"strong"``.
    n_points : int
        Number of removed fractions reported, ``>= 2`` (0 and 1 included).
    rng : numpy.random.Generator, int or None
        Source of randomness for the removal order.

    Returns
    -------
    PercolationCurve

    References
    ----------
    Newman, M. E. J. & Ziff, R. M. (2000). Efficient Monte Carlo algorithm and
    high-precision results for percolation. *Phys. Rev. Lett.* 85, 4104–4107.
    Callaway, D. S. et al. (2000). Network robustness and fragility: percolation on
    random graphs. *Phys. Rev. Lett.* 85, 5468–5471.

    Examples
    --------
    >>> from socmodels.networks import erdos_renyi
    >>> curve = percolation_curve(erdos_renyi(2000, mean_degree=4.0, rng=1), n_points=5, rng=2)
    >>> curve.removed_fraction
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    >>> bool(curve.giant_fraction[0] > 0.9 and curve.giant_fraction[-1] < 0.01)
    True
    """
    n_points = check_int("n_points", n_points, minimum=2)
    matrix = check_adjacency(_as_binary(adjacency))
    i, j = tie_removal_order(matrix, strategy, tie_strength=tie_strength, rng=rng)
    n = matrix.shape[0]
    m = i.size
    giant, isolates = _newman_ziff(n, i[::-1].copy(), j[::-1].copy())
    fractions = np.linspace(0.0, 1.0, n_points)
    removed = np.rint(fractions * m).astype(np.int64)
    remaining = m - removed
    return PercolationCurve(
        removed_fraction=removed / m,
        mean_degree=2.0 * remaining / n,
        giant_fraction=giant[remaining] / n,
        isolates_share=isolates[remaining] / n,
        strategy=strategy,
    )


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
    """Slot of ``b`` in agent ``a``'s neighbour list, or -1.

    Parameters
    ----------
    nbr : ndarray(int32, ndim=2)
        Neighbour lists, ``nbr[i, :deg[i]]``.
    deg : ndarray(int, ndim=1)
        List lengths.
    a, b : int
        The agent and the neighbour looked for.

    Returns
    -------
    int
    """
    for s in range(deg[a]):
        if nbr[a, s] == b:
            return s
    return -1


@njit(cache=True)
def _strengthen(nbr, strength, deg, a, pos_a, b):
    """Add 1 to the strength of tie a–b at both ends.

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and their tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths.
    a, pos_a, b : int
        The tie's ends, and the slot of ``b`` in ``a``'s list.
    """
    strength[a, pos_a] += 1
    strength[b, _find(nbr, deg, b, a)] += 1


@njit(cache=True)
def _drop(nbr, strength, deg, a, b):
    """Remove ``b`` from agent ``a``'s neighbour list (only that end; the last entry
    fills the gap).

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths (``deg[a]`` decreases by 1).
    a, b : int
    """
    pos = _find(nbr, deg, a, b)
    last = deg[a] - 1
    nbr[a, pos] = nbr[a, last]
    strength[a, pos] = strength[a, last]
    deg[a] = last


@njit(cache=True)
def _meet(nbr, strength, deg, a, b):
    """Tie a–b is created with strength 1, or strengthened by 1 if it exists.

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths.
    a, b : int
        The two agents.

    Returns
    -------
    bool
        False (and nothing changed) if a new tie would overflow a list.
    """
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
    """Agent ``v`` leaves and is replaced by a newcomer without ties.

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths (``deg[v]`` becomes 0).
    v : int
    """
    for s in range(deg[v]):
        _drop(nbr, strength, deg, nbr[v, s], v)
    deg[v] = 0


@njit(cache=True)
def _human_event(nbr, strength, deg, a, u_first, u_second, stranger):
    """One Davidsen–Ebel–Bornholdt event for agent ``a``; False if a tie table is full.

    With two or more acquaintances, ``a`` introduces two of them (chosen by the uniform
    numbers ``u_first``, ``u_second``) and uses both ties; otherwise ``a`` meets
    ``stranger`` (an index over the other agents).

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths.
    a : int
        The acting agent.
    u_first, u_second : float
        Uniform numbers in [0, 1) choosing the two acquaintances.
    stranger : int
        In ``0..N-2``: the stranger met, skipping ``a`` itself.

    Returns
    -------
    bool
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
    """Events ``start..stop-1`` of the Davidsen–Ebel–Bornholdt model, from pre-drawn numbers.

    Event *t*: agent ``agent[t]`` makes an introduction or meets a stranger
    (:func:`_human_event`), then with probability ``turnover`` agent ``leaver[t]`` is
    replaced by a newcomer.

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths.
    agent, stranger, leaver : ndarray(int, ndim=1)
        Acting agent, stranger index and leaving agent of each event.
    u_first, u_second, u_turnover : ndarray(float64, ndim=1)
        Uniform numbers of each event.
    turnover : float
        Probability that someone leaves after an event.
    start, stop : int
        The events to run.

    Returns
    -------
    int
        ``stop``, or the first event that would overflow a tie table (not run: the
        caller grows the tables and resumes there).
    """
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
    """Events ``start..stop-1`` of the model with AI companions, from pre-drawn numbers.

    With probability ``ai_share`` the event is spent with the companion: with
    probability ``brokerage`` it brokers a meeting (a friend of a friend, or with
    probability ``stranger_share`` a stranger), otherwise one of the agent's ties loses
    one unit of strength (and is dropped at 0). Otherwise the event is a human one
    (:func:`_human_event`). Then, with probability ``turnover``, ``leaver[t]`` is
    replaced.

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths (updated in place).
    deg : ndarray(int, ndim=1)
        List lengths.
    agent, u_first, u_second, stranger, u_turnover, leaver
        The human draws of each event, as for :func:`_deb_kernel`.
    turnover : float
    u_ai, u_broker, u_kind : ndarray(float64, ndim=1)
        The companion's uniform numbers of each event.
    ai_share, brokerage, stranger_share : float
        The companion's probabilities.
    start, stop : int
        The events to run.

    Returns
    -------
    int
        ``stop``, or the first event that would overflow a tie table (not run).
    """
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
    """Network measures of the current ties.

    Parameters
    ----------
    nbr, strength : ndarray(int32, ndim=2)
        Neighbour lists and tie strengths.
    deg : ndarray(int, ndim=1)
        List lengths.
    strong_threshold : int
        A tie of at least this strength is strong (a confidant).
    max_confidants : int
        Core discussion network size cap.

    Returns
    -------
    ndarray(float64), shape (6,)
        Mean degree, mean local clustering, share of isolates, giant-component
        fraction, mean core size (strong ties, capped) and share with no confidant.
    """
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

    Every metric is an array over the recorded times (``time`` in sweeps: one sweep
    is ``n_agents`` steps, so each agent is chosen once per sweep on average).

    Attributes
    ----------
    time : numpy.ndarray
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

    time: np.ndarray
    mean_degree: np.ndarray
    clustering: np.ndarray
    isolates_share: np.ndarray
    giant_fraction: np.ndarray
    mean_core_size: np.ndarray
    no_confidant_share: np.ndarray
    tie_strength: sp.csr_array
    params: dict = field(default_factory=dict)

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
        >>> run = davidsen_ebel_bornholdt(100, 0.1, n_sweeps=30, rng=1)
        >>> 0.0 < run.stationary("mean_degree") < 10.0
        True
        """
        metric = check_choice("metric", metric, _METRICS)
        last_fraction = check_real("last_fraction", last_fraction, 0.0, 1.0, low_open=True)
        values = getattr(self, metric)
        start = min(int(np.floor((1.0 - last_fraction) * values.size)), values.size - 1)
        return float(values[start:].mean())


def _initial_state(n_agents, initial_ties, capacity_hint):
    if initial_ties is None:
        capacity = max(8, min(n_agents - 1, capacity_hint))
        return (
            np.zeros((n_agents, capacity), dtype=np.int32),
            np.zeros((n_agents, capacity), dtype=np.int32),
            np.zeros(n_agents, dtype=np.int64),
        )
    weights = check_adjacency(initial_ties, "initial_ties", weighted=True)
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
    nbr = np.zeros((n_agents, capacity), dtype=np.int32)
    strength = np.zeros((n_agents, capacity), dtype=np.int32)
    rows = np.repeat(np.arange(n_agents), deg)
    slots = np.arange(weights.nnz) - np.repeat(weights.indptr[:-1], deg)
    nbr[rows, slots] = weights.indices
    strength[rows, slots] = np.rint(weights.data).astype(np.int32)
    return nbr, strength, deg


def _grow(nbr, strength, n_agents):
    capacity = min(n_agents - 1, 2 * nbr.shape[1])
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


def _check_common(n_agents, turnover, n_sweeps, n_records, strong_tie_threshold, max_confidants):
    n_agents = check_int("n_agents", n_agents, minimum=2)
    turnover = check_real("turnover", turnover, 0.0, 1.0, low_open=True)
    if n_sweeps is None:
        n_sweeps = 6.0 / turnover
    n_sweeps = check_real("n_sweeps", n_sweeps, 0.0, low_open=True)
    n_records = check_int("n_records", n_records, minimum=1)
    strong_tie_threshold = check_int("strong_tie_threshold", strong_tie_threshold, minimum=1)
    max_confidants = check_int("max_confidants", max_confidants, minimum=1)
    return n_agents, turnover, n_sweeps, n_records, strong_tie_threshold, max_confidants


def _simulate(
    n_agents,
    turnover,
    n_sweeps,
    n_records,
    strong_tie_threshold,
    max_confidants,
    initial_ties,
    rng,
    ai=None,
):
    rng = as_generator(rng)
    # Two independent streams: people's events and the AI's coins. The people's stream
    # is the same with and without the AI, so ai_share = brokerage = 0 reproduces the
    # base model draw for draw.
    human_rng, ai_rng = rng.spawn(2)
    n_steps = max(1, int(round(n_sweeps * n_agents)))
    record_at = np.unique(np.linspace(0, n_steps, n_records + 1).round().astype(np.int64))
    nbr, strength, deg = _initial_state(n_agents, initial_ties, int(np.ceil(3.0 / turnover)))
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
    return columns, record_at / n_agents, _final_ties(nbr, strength, deg)


def davidsen_ebel_bornholdt(
    n_agents,
    turnover,
    *,
    n_sweeps=None,
    n_records=50,
    strong_tie_threshold=3,
    max_confidants=5,
    initial_ties=None,
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
    in the paper; ``n_agents`` steps make one sweep. An agent's lifetime is
    geometric with mean ``1/p`` sweeps, and tie balance gives
    ``<k> = (ties created per step) / p <= 1/p`` in the stationary state.

    Tie strength is *recorded* without changing the dynamics: a new tie has strength
    1, and each later use adds 1 — ``i`` uses its ties to ``j`` and ``l`` when
    introducing them, ``j–l`` when an existing pair is introduced again, ``i–r`` when
    an existing pair meets again. Ties with strength ``>= strong_tie_threshold`` form
    the *core discussion network*.

    Parameters
    ----------
    n_agents : int
        Number of agents, ``>= 2``.
    turnover : float
        Replacement probability per step, ``p`` in ``(0, 1]``.
    n_sweeps : float, optional
        Length of the run in sweeps (``> 0``). Default ``6 / p``: six mean lifetimes,
        enough to forget the initial state.
    n_records : int
        The metrics are recorded at ``n_records + 1`` evenly spaced times (``>= 1``).
    strong_tie_threshold : int
        Strength from which a tie counts as a core-discussion tie, ``>= 1``.
    max_confidants : int
        Strong ties counted per agent in ``mean_core_size`` (``>= 1``; the GSS name
        generator records at most five names).
    initial_ties : sparse matrix, optional
        Starting network as a symmetric matrix of whole-number tie strengths ``>= 1``
        (e.g. :attr:`TieNetworkRun.tie_strength` of an earlier run).
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    TieNetworkRun

    References
    ----------
    Davidsen, J., Ebel, H. & Bornholdt, S. (2002). Emergence of a small world from
    local interactions: modeling acquaintance networks. *Phys. Rev. Lett.* 88, 128701.

    Examples
    --------
    >>> run = davidsen_ebel_bornholdt(300, turnover=0.05, rng=3)
    >>> bool(run.stationary("clustering") > 10 * run.stationary("mean_degree") / 300)
    True
    """
    n_agents, turnover, n_sweeps, n_records, strong_tie_threshold, max_confidants = _check_common(
        n_agents, turnover, n_sweeps, n_records, strong_tie_threshold, max_confidants
    )
    columns, time, ties = _simulate(
        n_agents,
        turnover,
        n_sweeps,
        n_records,
        strong_tie_threshold,
        max_confidants,
        initial_ties,
        rng,
    )
    params = {
        "n_agents": n_agents,
        "turnover": turnover,
        "n_sweeps": n_sweeps,
        "strong_tie_threshold": strong_tie_threshold,
        "max_confidants": max_confidants,
    }
    return TieNetworkRun(time=time, tie_strength=ties, params=params, **columns)


def ai_companion_network(
    n_agents,
    turnover,
    *,
    ai_share=0.0,
    brokerage=0.0,
    stranger_share=0.5,
    n_sweeps=None,
    n_records=50,
    strong_tie_threshold=3,
    max_confidants=5,
    initial_ties=None,
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
        Number of agents, ``>= 2``.
    turnover : float
        Replacement probability per step, ``p`` in ``(0, 1]``.
    ai_share : float
        ``α`` in ``[0, 1]``: share of social occasions spent with the AI.
    brokerage : float
        ``β`` in ``[0, 1]``: share of AI occasions in which it introduces its user.
    stranger_share : float
        In ``[0, 1]``: share of brokered meetings that are with strangers.
    n_sweeps, n_records, strong_tie_threshold, max_confidants, initial_ties, rng
        As in :func:`davidsen_ebel_bornholdt`.

    Returns
    -------
    TieNetworkRun

    References
    ----------
    Davidsen, J., Ebel, H. & Bornholdt, S. (2002). *Phys. Rev. Lett.* 88, 128701 (the
    base model); the AI extension is this book's.

    Examples
    --------
    >>> base = ai_companion_network(300, 0.05, rng=4)
    >>> lonely = ai_companion_network(300, 0.05, ai_share=0.6, rng=4)
    >>> bool(lonely.stationary("isolates_share") > base.stationary("isolates_share"))
    True
    """
    n_agents, turnover, n_sweeps, n_records, strong_tie_threshold, max_confidants = _check_common(
        n_agents, turnover, n_sweeps, n_records, strong_tie_threshold, max_confidants
    )
    ai_share = check_probability("ai_share", ai_share)
    brokerage = check_probability("brokerage", brokerage)
    stranger_share = check_probability("stranger_share", stranger_share)
    columns, time, ties = _simulate(
        n_agents,
        turnover,
        n_sweeps,
        n_records,
        strong_tie_threshold,
        max_confidants,
        initial_ties,
        rng,
        ai=(ai_share, brokerage, stranger_share),
    )
    params = {
        "n_agents": n_agents,
        "turnover": turnover,
        "n_sweeps": n_sweeps,
        "ai_share": ai_share,
        "brokerage": brokerage,
        "stranger_share": stranger_share,
        "strong_tie_threshold": strong_tie_threshold,
        "max_confidants": max_confidants,
    }
    return TieNetworkRun(time=time, tie_strength=ties, params=params, **columns)


# --------------------------------------------------------------------------------------
# Calibration against the General Social Survey, and the α–β map
# --------------------------------------------------------------------------------------


def _run_seeds(seeds, **kwargs) -> dict[str, float]:
    runs = [ai_companion_network(rng=int(seed), **kwargs) for seed in seeds]
    return {m: float(np.mean([run.stationary(m) for run in runs])) for m in _METRICS}


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


def calibrate_core_network(
    *,
    n_agents=1000,
    turnover_grid=(0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15),
    threshold_grid=(2, 3, 4, 5),
    ai_share_grid=(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
    brokerage=0.0,
    years=(1985, 2004),
    targets=None,
    n_seeds=2,
    rng=None,
) -> CoreNetworkFit:
    """Grid search for parameters that reproduce a fall in core discussion networks.

    Stage 1: with no AI (``α = 0``), choose ``turnover`` and ``strong_tie_threshold``
    from the grids to match the early year's mean core size and no-confidant share.
    Stage 2: keep them and choose ``ai_share`` (with the given ``brokerage``) to match
    the later year. Each grid point is the mean of the stationary values
    (:meth:`TieNetworkRun.stationary`) over ``n_seeds`` runs; every grid point uses
    the same seeds (common random numbers), so differences between points are not
    seed noise.

    The fit shows that the model *can* produce numbers of the observed size; it does
    not show that the mechanism produced them (see the chapter).

    Parameters
    ----------
    n_agents : int
        Agents per run, ``>= 2``.
    turnover_grid : sequence of float
        Candidate turnover probabilities, each in ``(0, 1]``.
    threshold_grid : sequence of int
        Candidate strong-tie thresholds, each ``>= 1``.
    ai_share_grid : sequence of float
        Candidate ``α`` values, each in ``[0, 1]``.
    brokerage : float
        ``β`` in ``[0, 1]`` used in stage 2.
    years : (int, int)
        Keys of ``targets``: the early and the late year.
    targets : dict, optional
        ``{year: {"mean_core_size": float, "no_confidant_share": float}}``; default
        :data:`GSS_CORE_NETWORK`.
    n_seeds : int
        Runs averaged per grid point, ``>= 1``.
    rng : numpy.random.Generator, int or None
        Source of the seeds.

    Returns
    -------
    CoreNetworkFit

    References
    ----------
    McPherson, M., Smith-Lovin, L. & Brashears, M. E. (2006). Social isolation in
    America: changes in core discussion networks over two decades. *American
    Sociological Review* 71, 353–375.

    Examples
    --------
    >>> fit = calibrate_core_network(n_agents=200, turnover_grid=(0.05, 0.1),
    ...                              threshold_grid=(3,), ai_share_grid=(0.0, 0.3),
    ...                              n_seeds=1, rng=0)
    >>> fit.baseline_loss.shape, fit.ai_loss.shape
    ((2, 1), (2,))
    """
    n_agents = check_int("n_agents", n_agents, minimum=2)
    turnovers = check_array("turnover_grid", turnover_grid, minimum=0.0, maximum=1.0)
    if np.any(turnovers <= 0):
        raise ValueError("turnover_grid values must be in (0, 1], got a value <= 0")
    thresholds = check_array("threshold_grid", threshold_grid, minimum=1, dtype=np.int64)
    ai_shares = check_array("ai_share_grid", ai_share_grid, minimum=0.0, maximum=1.0)
    brokerage = check_probability("brokerage", brokerage)
    n_seeds = check_int("n_seeds", n_seeds, minimum=1)
    targets = GSS_CORE_NETWORK if targets is None else targets
    if not isinstance(targets, dict):
        raise TypeError(f"targets must be a dict keyed by year, got {type(targets).__name__}")
    if not (isinstance(years, tuple | list) and len(years) == 2):
        raise TypeError(f"years must be a pair (early, late), got {years!r}")
    for year in years:
        if year not in targets:
            raise ValueError(f"years must be keys of targets {sorted(targets)}, got {year!r}")
        if not isinstance(targets[year], dict):
            raise TypeError(
                f"targets[{year}] must be a dict of mean_core_size and no_confidant_share, "
                f"got {type(targets[year]).__name__}"
            )
        for key in ("mean_core_size", "no_confidant_share"):
            check_real(f"targets[{year}][{key!r}]", targets[year].get(key), 0.0, low_open=True)
    early, late = targets[years[0]], targets[years[1]]
    seeds = as_generator(rng).integers(0, 2**63 - 1, size=n_seeds)

    core = np.empty((turnovers.size, thresholds.size))
    alone = np.empty_like(core)
    for a, turnover in enumerate(turnovers):
        for b, threshold in enumerate(thresholds):
            values = _run_seeds(
                seeds,
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
        values = _run_seeds(
            seeds,
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


def alpha_beta_map(
    n_agents,
    turnover,
    *,
    ai_shares=(0.0, 0.2, 0.4, 0.6, 0.8),
    brokerages=(0.0, 0.25, 0.5, 0.75, 1.0),
    stranger_share=0.5,
    strong_tie_threshold=3,
    n_sweeps=None,
    n_seeds=1,
    rng=None,
) -> AlphaBetaMap:
    """Stationary metrics of :func:`ai_companion_network` over an α × β grid.

    Every cell uses the same ``n_seeds`` seeds (common random numbers), so the map's
    gradients are not seed noise.

    Parameters
    ----------
    n_agents : int
        Agents per run, ``>= 2``.
    turnover : float
        ``p`` in ``(0, 1]``.
    ai_shares, brokerages : sequence of float
        Grid values of ``α`` and ``β``, each in ``[0, 1]``.
    stranger_share : float
        In ``[0, 1]``, as in :func:`ai_companion_network`.
    strong_tie_threshold : int
        ``>= 1``.
    n_sweeps : float, optional
        Run length in sweeps (default ``6 / turnover``).
    n_seeds : int
        Runs averaged per cell, ``>= 1``.
    rng : numpy.random.Generator, int or None
        Source of the seeds.

    Returns
    -------
    AlphaBetaMap

    Examples
    --------
    >>> grid = alpha_beta_map(200, 0.1, ai_shares=(0.0, 0.7), brokerages=(0.0, 1.0), rng=1)
    >>> iso = grid.values["isolates_share"]
    >>> bool(iso[1, 0] > iso[0, 0]) and bool(iso[1, 1] < iso[1, 0])
    True
    """
    n_agents = check_int("n_agents", n_agents, minimum=2)
    turnover = check_real("turnover", turnover, 0.0, 1.0, low_open=True)
    alphas = check_array("ai_shares", ai_shares, minimum=0.0, maximum=1.0)
    betas = check_array("brokerages", brokerages, minimum=0.0, maximum=1.0)
    stranger_share = check_probability("stranger_share", stranger_share)
    n_seeds = check_int("n_seeds", n_seeds, minimum=1)
    seeds = as_generator(rng).integers(0, 2**63 - 1, size=n_seeds)
    values = {m: np.empty((alphas.size, betas.size)) for m in _METRICS}
    for a, alpha in enumerate(alphas):
        for b, beta in enumerate(betas):
            cell = _run_seeds(
                seeds,
                n_agents=n_agents,
                turnover=turnover,
                ai_share=float(alpha),
                brokerage=float(beta),
                stranger_share=stranger_share,
                strong_tie_threshold=strong_tie_threshold,
                n_sweeps=n_sweeps,
            )
            for m in _METRICS:
                values[m][a, b] = cell[m]
    params = {
        "n_agents": n_agents,
        "turnover": turnover,
        "stranger_share": stranger_share,
        "strong_tie_threshold": strong_tie_threshold,
        "n_seeds": n_seeds,
    }
    return AlphaBetaMap(ai_shares=alphas, brokerages=betas, values=values, params=params)
