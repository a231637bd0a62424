"""Seeded graph builders returning ``scipy.sparse`` CSR adjacency matrices.

Every builder returns a symmetric 0/1 :class:`scipy.sparse.csr_array` of floats
with an empty diagonal (a simple undirected graph), built with vectorised NumPy
operations rather than loops over nodes. Random builders take ``rng``: a
:class:`numpy.random.Generator`, an int seed or ``None``.

Builders follow the model contract (``docs/architecture.md``) with one deliberate
difference: a graph's defining sizes (``n_agents`` and, say, ``links_per_node``) are
positional, as in the literature's G(n, p), and every other parameter is keyword-only.
Each declares the size it may build (memory is checked before anything is allocated).

Conversions to and from :mod:`networkx` are provided for readers who want to
use its algorithms on the same graphs.
"""

from __future__ import annotations

import math
import weakref

import networkx as nx
import numba
import numpy as np
import scipy.sparse as sp

from ._jit import map_blocks, row_blocks
from .contract import (
    MAX_AGENTS,
    MAX_ELEMENTS,
    Adjacency,
    Array,
    Constraint,
    Flag,
    Integer,
    Optional,
    Probability,
    Real,
    Seed,
    check_budget,
    constrained,
)

__all__ = [
    "barabasi_albert",
    "complete_graph",
    "core_periphery",
    "degrees",
    "edge_list",
    "erdos_renyi",
    "freeze",
    "from_edges",
    "from_networkx",
    "square_lattice",
    "star_graph",
    "to_networkx",
    "watts_strogatz",
]


#: Most edges a builder creates (each is stored twice in the symmetric CSR matrix).
MAX_EDGES = MAX_ELEMENTS // 2


def _check_edges(names: str, expected_edges: float) -> None:
    check_budget(names, math.ceil(expected_edges), limit=MAX_EDGES, what="memory (edges)")


@constrained(
    n_agents=Integer(1, MAX_AGENTS),
    sources=Array(1, min_size=0, max_size=MAX_EDGES, low=0, integer=True),
    targets=Array(1, min_size=0, max_size=MAX_EDGES, low=0, integer=True),
)
def from_edges(n_agents, sources, targets) -> sp.csr_array:
    """Undirected simple graph on ``n_agents`` nodes from edge end-point arrays.

    Self-loops are dropped and repeated edges are merged.

    Parameters
    ----------
    n_agents : int
        Number of nodes.
    sources, targets : array_like of int
        End points of the edges, each in ``[0, n_agents)``, of equal length.

    Returns
    -------
    scipy.sparse.csr_array
        Symmetric 0/1 adjacency matrix of shape ``(n, n)``.

    Examples
    --------
    >>> A = from_edges(3, [0, 1, 1], [1, 2, 2])
    >>> A.toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    n = n_agents
    for name, arr in (("sources", sources), ("targets", targets)):
        if arr.size and arr.max() >= n:
            raise ValueError(
                f"{name} must be node indices in [0, {n}), got range [{arr.min()}, {arr.max()}]"
            )
    if sources.shape != targets.shape:
        raise ValueError(
            f"sources and targets must have equal length, got {sources.size} and {targets.size}"
        )
    return _symmetric_from_pairs(n, sources, targets)


def _symmetric_from_pairs(n: int, src: np.ndarray, dst: np.ndarray) -> sp.csr_array:
    keep = src != dst
    src, dst = src[keep], dst[keep]
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    matrix = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


@constrained(adjacency=Adjacency())
def edge_list(adjacency) -> tuple[np.ndarray, np.ndarray]:
    """Return the undirected edges of ``adjacency`` as arrays ``(i, j)`` with ``i < j``.

    Rows in order of ``i``, then ``j`` (the order every tie-indexed array of the package
    uses, e.g. :func:`socmodels.atomization.neighbourhood_overlap`).

    Examples
    --------
    >>> i, j = edge_list(complete_graph(3))
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1), (0, 2), (1, 2)]
    """
    return _upper_edges(adjacency)


def _upper_edges(matrix: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """:func:`edge_list` of a matrix already checked (for callers inside the package)."""
    upper = sp.triu(matrix, k=1, format="coo")
    order = np.lexsort((upper.col, upper.row))
    return upper.row[order].astype(np.int64), upper.col[order].astype(np.int64)


@constrained(adjacency=Adjacency())
def degrees(adjacency) -> np.ndarray:
    """Degree of every node (number of neighbours) as an int array.

    Examples
    --------
    >>> degrees(star_graph(4)).tolist()
    [3, 1, 1, 1]
    """
    return np.diff(adjacency.indptr).astype(np.int64)


def _pair_from_index(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map linear indices of the strict lower triangle to pairs ``(i, j)``, ``j < i``.

    Index t enumerates (1,0), (2,0), (2,1), (3,0), … so ``i(i-1)/2 <= t < i(i+1)/2``.
    """
    t = index.astype(np.int64)
    i = np.floor((1.0 + np.sqrt(1.0 + 8.0 * t.astype(np.float64))) / 2.0).astype(np.int64)
    # Repair the rare off-by-one of the floating-point square root.
    i -= (i * (i - 1) // 2) > t
    i += ((i + 1) * i // 2) <= t
    j = t - i * (i - 1) // 2
    return i, j


@constrained(
    n_agents=Integer(1, MAX_AGENTS),
    mean_degree=Optional(Real(0.0, MAX_AGENTS)),
    p=Optional(Probability()),
    rng=Seed(),
)
def erdos_renyi(n_agents, *, mean_degree=None, p=None, rng=None) -> sp.csr_array:
    """Erdős–Rényi random graph G(n, p).

    Each of the ``n(n-1)/2`` pairs of the ``n = n_agents`` nodes is linked independently
    with probability ``p`` (or ``p = mean_degree / (n - 1)``). The number of edges is drawn from its
    binomial distribution and that many distinct pairs are sampled uniformly,
    which gives exactly the G(n, p) distribution in O(edges) time and memory.

    Parameters
    ----------
    n_agents : int
        Number of nodes.
    mean_degree : float, optional
        Expected degree ``c = p (n - 1)``, in ``[0, n - 1]``.
    p : float, optional
        Link probability in ``[0, 1]``. Give exactly one of ``mean_degree`` and ``p``.
        The expected number of edges must stay within :data:`MAX_EDGES`.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Erdős, P. & Rényi, A. (1960). On the evolution of random graphs. *Publications of the
    Mathematical Institute of the Hungarian Academy of Sciences* 5, 17–61 (no DOI).

    Examples
    --------
    >>> A = erdos_renyi(1000, mean_degree=4.0, rng=1)
    >>> A.shape
    (1000, 1000)
    >>> bool(abs(degrees(A).mean() - 4.0) < 0.3)
    True
    """
    n = n_agents
    if (mean_degree is None) == (p is None):
        raise TypeError("give exactly one of mean_degree and p")
    if p is None:
        mean_degree = Real(0.0, max(n - 1, 0)).check("mean_degree", mean_degree)
        p = mean_degree / (n - 1) if n > 1 else 0.0
    pairs = n * (n - 1) // 2
    _check_edges("n_agents × (n_agents − 1) / 2 × p (expected edges)", pairs * p)
    m = int(rng.binomial(pairs, p)) if pairs else 0
    if m == 0:
        return sp.csr_array((n, n), dtype=float)
    # choice without replacement samples m distinct pairs; for m close to pairs it
    # shuffles, otherwise it rejects duplicates in a hash set: both O(m) here.
    chosen = rng.choice(pairs, size=m, replace=False, shuffle=False)
    i, j = _pair_from_index(chosen)
    return _symmetric_from_pairs(n, i, j)


def _resolve_targets(
    pointer: np.ndarray, first_free: int, seed_slots: np.ndarray, slot_owner: np.ndarray
) -> np.ndarray:
    """Resolve Batagelj–Brandes pointers into node ids (see :func:`barabasi_albert`).

    Position ``q`` of the virtual edge-end list holds: ``seed_slots[q]`` if
    ``q < first_free``; the new node owning slot ``(q - first_free) // 2`` if
    ``q - first_free`` is even; otherwise whatever position ``pointer[slot]`` holds.
    """
    position = pointer.copy()
    while True:
        offset = position - first_free
        chained = (offset >= 0) & (offset % 2 == 1)
        if not chained.any():
            break
        position[chained] = pointer[offset[chained] // 2]
    offset = position - first_free
    result = np.empty_like(position)
    in_seed = offset < 0
    result[in_seed] = seed_slots[position[in_seed]]
    result[~in_seed] = slot_owner[offset[~in_seed] // 2]
    return result


@constrained(n_agents=Integer(2, MAX_AGENTS), links_per_node=Integer(1, 1000), rng=Seed())
def barabasi_albert(n_agents, links_per_node, *, rng=None) -> sp.csr_array:
    """Barabási–Albert preferential-attachment graph.

    With ``m = links_per_node``: start from a complete graph on ``m + 1`` nodes. Nodes
    ``t = m+1, …, n-1`` arrive one by one and link to ``m`` distinct earlier nodes, choosing node
    ``j`` with probability proportional to its current degree,
    ``Π(j) = k_j / Σ_l k_l``.

    The degree distribution tends to
    ``P(k) = 2 m (m + 1) / (k (k + 1) (k + 2))`` for ``k >= m``
    (Dorogovtsev, Mendes & Samukhin 2000), a power law with exponent 3.

    Implementation: the linear-time method of Batagelj & Brandes (2005). Choosing
    a uniform random entry of the list of all edge end-points is choosing a node
    proportionally to degree, and an entry that is itself a target of an earlier
    draw is resolved by following pointers, which vectorises over all edges at
    once. A target that repeats within one node's ``m`` draws is redrawn (as in
    networkx), so the graph is simple.

    Parameters
    ----------
    n_agents : int
        Number of nodes ``n``, larger than ``links_per_node``.
    links_per_node : int
        ``m``, the edges each new node adds.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Barabási, A.-L. & Albert, R. (1999). Emergence of scaling in random networks.
    *Science* 286, 509–512. https://doi.org/10.1126/science.286.5439.509
    Batagelj, V. & Brandes, U. (2005). Efficient generation of large random
    networks. *Physical Review E* 71, 036113. https://doi.org/10.1103/PhysRevE.71.036113

    Examples
    --------
    >>> A = barabasi_albert(1000, 2, rng=0)
    >>> int(A.sum() // 2)      # m(m+1)/2 seed edges + m per new node
    1997
    >>> int(degrees(A).min())
    2
    """
    m = links_per_node
    n = Integer(m + 1, MAX_AGENTS).check("n_agents", n_agents)
    _check_edges("n_agents × links_per_node", n * m)
    seed_i, seed_j = np.triu_indices(m + 1, k=1)
    seed_slots = np.stack([seed_i, seed_j], axis=1).ravel()  # edge-end list of the seed
    first_free = seed_slots.size
    n_new = n - (m + 1)
    if n_new == 0:
        return _symmetric_from_pairs(n, seed_i, seed_j)
    slot_owner = np.repeat(np.arange(m + 1, n, dtype=np.int64), m)
    # Slot s belongs to node slot_owner[s]; it may point only at end-points that
    # existed before that node arrived: positions [0, first_free + 2 m (node - m - 1)).
    available = first_free + 2 * m * (slot_owner - (m + 1))
    pointer = (rng.random(slot_owner.size) * available).astype(np.int64)
    while True:
        targets = _resolve_targets(pointer, first_free, seed_slots, slot_owner)
        by_node = targets.reshape(n_new, m)
        ordered = np.sort(by_node, axis=1)
        repeated_rows = np.flatnonzero((np.diff(ordered, axis=1) == 0).any(axis=1))
        if repeated_rows.size == 0:
            break
        # Redraw every slot after the first occurrence of a repeated target.
        block = by_node[repeated_rows]
        first_seen = (block[:, :, None] == block[:, None, :]).argmax(axis=2)
        redo = first_seen != np.arange(m)
        slots = (repeated_rows[:, None] * m + np.arange(m))[redo]
        pointer[slots] = (rng.random(slots.size) * available[slots]).astype(np.int64)
    return _symmetric_from_pairs(
        n, np.concatenate([seed_i, slot_owner]), np.concatenate([seed_j, targets])
    )


@constrained(
    n_agents=Integer(3, MAX_AGENTS),
    ring_neighbours=Integer(2, MAX_AGENTS),
    rewire_prob=Probability(),
    rng=Seed(),
)
def watts_strogatz(n_agents, ring_neighbours, rewire_prob, *, rng=None) -> sp.csr_array:
    """Watts–Strogatz small-world graph.

    With ``k = ring_neighbours``: start from a ring of ``n`` nodes, each linked to its
    ``k/2`` nearest
    neighbours on either side. Each edge ``(i, i + d)`` (``1 <= d <= k/2``) is
    rewired with probability ``rewire_prob``: its far end is moved to a node
    chosen uniformly at random, avoiding self-loops and existing edges.

    Rewirings are proposed for all chosen edges at once; proposals that would
    create a self-loop or a duplicate edge are redrawn until none remain
    (the original paper rewires edges one at a time; the two differ only in
    which of two conflicting proposals is redrawn). In a graph so dense that a
    node has no free partner left, its edge stays unrewired, as in networkx.

    Parameters
    ----------
    n_agents : int
        Number of nodes ``n``.
    ring_neighbours : int
        ``k``, the even number of ring neighbours, ``2 <= k <= n - 1``.
    rewire_prob : float
        Probability in ``[0, 1]`` that an edge is rewired.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
    networks. *Nature* 393, 440–442. https://doi.org/10.1038/30918

    Examples
    --------
    >>> A = watts_strogatz(20, 4, 0.0)
    >>> degrees(A).tolist() == [4] * 20
    True
    """
    n = n_agents
    k = Integer(2, n - 1).check("ring_neighbours", ring_neighbours)
    if k % 2:
        raise ValueError(f"ring_neighbours must be even, got {k}")
    _check_edges("n_agents × ring_neighbours / 2", n * k // 2)
    half = k // 2
    src = np.repeat(np.arange(n, dtype=np.int64), half)
    dst = (src + np.tile(np.arange(1, half + 1), n)) % n
    is_rewired = rng.random(src.size) < rewire_prob
    todo = np.flatnonzero(is_rewired)
    ring_dst = dst
    dst = dst.copy()
    for _round in range(200):
        if todo.size == 0:
            break
        dst[todo] = rng.integers(0, n, size=todo.size)
        key = np.minimum(src, dst) * n + np.maximum(src, dst)
        # Among edges with equal keys keep an unrewired one (or the first rewired one)
        # and redraw the others.
        order = np.lexsort((is_rewired, key))
        duplicate = np.zeros(src.size, dtype=bool)
        duplicate[order[1:]] = key[order[1:]] == key[order[:-1]]
        todo = np.flatnonzero(((src == dst) | duplicate) & is_rewired)
    else:
        # Only in very dense graphs can a node run out of free partners; like
        # networkx, leave those edges unrewired (a clash left then is merged).
        dst[todo] = ring_dst[todo]
    return _symmetric_from_pairs(n, src, dst)


@constrained(side=Integer(3, math.isqrt(MAX_AGENTS)), periodic=Flag())
def square_lattice(side, *, periodic=True) -> sp.csr_array:
    """Square lattice of ``side × side`` nodes with von Neumann (4-neighbour) links.

    Node ``(row, col)`` has index ``row * side + col``. With ``periodic`` (the
    default) the lattice wraps around into a torus, so every node has degree 4.

    Parameters
    ----------
    side : int
        Nodes per row, ``side >= 3`` (smaller periodic lattices would have
        repeated neighbours); ``side**2`` nodes at most :data:`~socmodels.contract.MAX_AGENTS`.
    periodic : bool

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Nowak, M. A. & May, R. M. (1992). Evolutionary games and spatial chaos. *Nature* 359,
    826–829. https://doi.org/10.1038/359826a0 (the lattice of spatial games).

    Examples
    --------
    >>> A = square_lattice(4)
    >>> A.shape, set(degrees(A).tolist())
    ((16, 16), {4})
    """
    rows, cols = np.divmod(np.arange(side * side, dtype=np.int64), side)
    node = rows * side + cols
    if periodic:
        right = rows * side + (cols + 1) % side
        down = ((rows + 1) % side) * side + cols
        src = np.concatenate([node, node])
        dst = np.concatenate([right, down])
    else:
        has_right = cols < side - 1
        has_down = rows < side - 1
        src = np.concatenate([node[has_right], node[has_down]])
        dst = np.concatenate([node[has_right] + 1, node[has_down] + side])
    return _symmetric_from_pairs(side * side, src, dst)


@constrained(n_agents=Integer(1, math.isqrt(MAX_ELEMENTS)))
def complete_graph(n_agents) -> sp.csr_array:
    """Complete graph on ``n_agents`` nodes (everyone linked to everyone else).

    The graph has ``n (n - 1)`` stored entries, so ``n_agents`` is bounded by the square
    root of :data:`~socmodels.contract.MAX_ELEMENTS`.

    Examples
    --------
    >>> int(complete_graph(5).sum())
    20
    """
    i, j = np.triu_indices(n_agents, k=1)
    return _symmetric_from_pairs(n_agents, i.astype(np.int64), j.astype(np.int64))


@constrained(n_agents=Integer(2, MAX_AGENTS))
def star_graph(n_agents) -> sp.csr_array:
    """Star on ``n_agents`` nodes: node 0 is the centre, linked to every other node.

    Examples
    --------
    >>> star_graph(4).toarray().astype(int)[0].tolist()
    [0, 1, 1, 1]
    """
    leaves = np.arange(1, n_agents, dtype=np.int64)
    return _symmetric_from_pairs(n_agents, np.zeros_like(leaves), leaves)


def _bipartite_random(rows: int, cols: int, p: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Each of the rows × cols cross pairs linked independently with probability p."""
    total = rows * cols
    count = int(rng.binomial(total, p)) if total else 0
    if count == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    chosen = rng.choice(total, size=count, replace=False, shuffle=False)
    return np.divmod(chosen.astype(np.int64), cols)


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    core_size=Integer(1, MAX_AGENTS),
    p_core=Probability(),
    p_core_periphery=Probability(),
    p_periphery=Probability(),
    rng=Seed(),
)
def core_periphery(
    n_agents, core_size, *, p_core=1.0, p_core_periphery=0.5, p_periphery=0.0, rng=None
) -> sp.csr_array:
    """An "elite" core–periphery network (a two-block stochastic block model).

    Nodes ``0 … core_size-1`` form the core (the elite); the rest form the
    periphery. Pairs are linked independently with probability ``p_core``
    inside the core, ``p_core_periphery`` between core and periphery and
    ``p_periphery`` inside the periphery. With ``p_core > p_core_periphery >
    p_periphery`` this is the idealised core/periphery structure of Borgatti &
    Everett (2000): a dense elite that everyone is tied to, and a periphery tied
    mainly to the elite.

    Parameters
    ----------
    n_agents : int
        Number of nodes ``n``.
    core_size : int
        Size of the core, ``1 <= core_size <= n``.
    p_core, p_core_periphery, p_periphery : float
        Link probabilities in ``[0, 1]`` (the expected number of edges must stay within
        :data:`MAX_EDGES`).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (2000). Models of core/periphery structures.
    *Social Networks* 21, 375–395. https://doi.org/10.1016/S0378-8733(99)00019-2

    Examples
    --------
    >>> A = core_periphery(100, 5, p_core=1.0, p_core_periphery=1.0, p_periphery=0.0, rng=0)
    >>> degrees(A)[:6].tolist()     # core members see everyone; a peripheral node sees the core
    [99, 99, 99, 99, 99, 5]
    """
    n = n_agents
    core_size = Integer(1, n).check("core_size", core_size)
    periphery = n - core_size
    _check_edges(
        "the expected edges of n_agents, core_size, p_core, p_core_periphery and p_periphery",
        p_core * core_size * (core_size - 1) / 2
        + p_core_periphery * core_size * periphery
        + p_periphery * periphery * (periphery - 1) / 2,
    )
    core = erdos_renyi(core_size, p=p_core, rng=rng)
    peri = erdos_renyi(periphery, p=p_periphery, rng=rng) if periphery else None
    ci, cj = _upper_edges(core)
    src_parts = [ci]
    dst_parts = [cj]
    if periphery:
        pi, pj = _upper_edges(peri)
        src_parts.append(pi + core_size)
        dst_parts.append(pj + core_size)
        bi, bj = _bipartite_random(core_size, periphery, p_core_periphery, rng)
        src_parts.append(bi)
        dst_parts.append(bj + core_size)
    return _symmetric_from_pairs(n, np.concatenate(src_parts), np.concatenate(dst_parts))


@constrained(adjacency=Adjacency())
def to_networkx(adjacency) -> nx.Graph:
    """Convert an adjacency matrix to a :class:`networkx.Graph` (nodes ``0 … n-1``).

    Examples
    --------
    >>> to_networkx(star_graph(3)).number_of_edges()
    2
    """
    graph = nx.Graph()
    graph.add_nodes_from(range(adjacency.shape[0]))
    i, j = _upper_edges(adjacency)
    graph.add_edges_from(zip(i.tolist(), j.tolist(), strict=True))
    return graph


class NetworkxGraph(Constraint):
    """An undirected :class:`networkx.Graph` with at least one node."""

    def describe(self):
        return f"an undirected networkx.Graph with 1 to {MAX_AGENTS} nodes"

    def check(self, name, value):
        if not isinstance(value, nx.Graph):
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        if value.is_directed():
            raise ValueError(f"{name} must be {self.describe()}, got a directed graph")
        if not 1 <= value.number_of_nodes() <= MAX_AGENTS:
            raise ValueError(f"{name} must be {self.describe()}, got {value.number_of_nodes()}")
        return value

    def bad_values(self):
        return ["abc", None, nx.DiGraph([(0, 1)]), nx.Graph()]


@constrained(graph=NetworkxGraph())
def from_networkx(graph) -> sp.csr_array:
    """Convert an undirected :class:`networkx.Graph` to CSR adjacency.

    Nodes are numbered in the order of ``graph.nodes``; edge weights are ignored.

    Examples
    --------
    >>> import networkx as nx
    >>> from_networkx(nx.path_graph(3)).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    n = graph.number_of_nodes()
    index = {node: k for k, node in enumerate(graph.nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges], dtype=np.int64)
    if edges.size == 0:
        return sp.csr_array((n, n), dtype=float)
    return _symmetric_from_pairs(n, edges[:, 0], edges[:, 1])


# --------------------------------------------------------------------------- adjacency checks
#
# The checks behind the Adjacency constraint (socmodels.contract). A model's step over a
# network of 10^7 edges reads every entry once; so does a check, so a check must be one
# linear pass, never a transpose and a subtraction (|A - A^T|, which took ten times a step).
# Small matrices are checked with NumPy and scipy: as fast there, and nothing compiled has
# to be loaded on a model's first call.

#: Largest |a_ij - a_ji| an adjacency matrix called symmetric may have.
SYMMETRY_TOL = 1e-12
#: From this many stored entries on, the checks are compiled passes (on threads from
#: socmodels._jit.THREADED_MIN_ENTRIES); below, NumPy and scipy.
_PARALLEL_MIN_ENTRIES = 1 << 17


@numba.njit(cache=True, nogil=True)
def _entry_check_rows(indptr, indices, data, start, stop, counts):
    """Count, over the rows ``start:stop`` of a CSR matrix, the entries
    :func:`check_adjacency` rejects.

    Parameters
    ----------
    indptr, indices, data : ndarray
        The CSR arrays (int32 or int64 indices, float64 data).
    start, stop : int
        The rows to examine.
    counts : ndarray of int64, shape (5,)
        Incremented by the numbers of entries that are not finite, negative, neither 0
        nor 1, non-zero on the diagonal, and explicit zeros.
    """
    nonfinite = 0
    negative = 0
    nonbinary = 0
    diagonal = 0
    zeros = 0
    for i in range(start, stop):
        for k in range(indptr[i], indptr[i + 1]):
            value = data[k]
            if not np.isfinite(value):
                nonfinite += 1
                continue
            if value < 0.0:
                negative += 1
            if value == 0.0:
                zeros += 1
            else:
                if value != 1.0:
                    nonbinary += 1
                if indices[k] == i:
                    diagonal += 1
    counts[0] += nonfinite
    counts[1] += negative
    counts[2] += nonbinary
    counts[3] += diagonal
    counts[4] += zeros


@numba.njit(cache=True)
def _bin_upper(indptr, indices, data, size, n_bins, unit):
    """The entries above the diagonal of a CSR matrix, grouped by column block.

    Parameters
    ----------
    indptr, indices, data : ndarray
        The CSR arrays.
    size, n_bins : int
        Column block *b* holds the columns ``b * size`` to ``(b + 1) * size - 1``.
    unit : bool
        Every stored entry is 1: the values are not copied (``values`` is empty).

    Returns
    -------
    offsets : ndarray of int64, shape (n_bins + 1,)
        Block *b*'s entries are ``offsets[b]:offsets[b + 1]`` of the arrays below.
    rows, cols : ndarray of int32
        Row and column of each entry :math:`a_{ij}`, :math:`i < j`; within a block in
        row-major order (the matrix has fewer than 2**31 rows).
    values : ndarray of float64
        Their values, unless ``unit``.
    """
    n = indptr.shape[0] - 1
    offsets = np.zeros(n_bins + 1, dtype=np.int64)
    for i in range(n):
        for k in range(indptr[i], indptr[i + 1]):
            j = indices[k]
            if j > i:
                offsets[j // size + 1] += 1
    for b in range(n_bins):
        offsets[b + 1] += offsets[b]
    fill = offsets[:-1].copy()
    rows = np.empty(offsets[-1], dtype=np.int32)
    cols = np.empty(offsets[-1], dtype=np.int32)
    values = np.empty(0 if unit else offsets[-1], dtype=data.dtype)
    for i in range(n):
        for k in range(indptr[i], indptr[i + 1]):
            j = indices[k]
            if j > i:
                b = j // size
                q = fill[b]
                fill[b] = q + 1
                rows[q] = i
                cols[q] = j
                if not unit:
                    values[q] = data[k]
    return offsets, rows, cols, values


@numba.njit(cache=True, nogil=True)
def _asymmetric_in_block(indptr, indices, data, tol, first, last, rows, cols, values, unit, lo, hi):
    """Count the asymmetric entries of a canonical CSR matrix that lie in the columns
    (above the diagonal) or rows (below it) ``first:last``.

    Parameters
    ----------
    indptr, indices, data : ndarray
        CSR arrays in canonical form: each row's column indices sorted, no duplicates.
    tol : float
        :math:`a_{ij}` is asymmetric if :math:`|a_{ij} - a_{ji}| > tol` (a missing
        entry is 0).
    first, last : int
        The column block.
    rows, cols, values, unit, lo, hi
        The block's entries above the diagonal, ``[lo:hi]`` of the arrays of
        :func:`_bin_upper`, in row-major order (``unit``: every value is 1).

    Returns
    -------
    int
        Entries without a partner within ``tol`` (a pair may count once or twice).

    Linear time and no transposed copy: each entry :math:`a_{ij}` above the diagonal,
    in row-major order, is matched against the next unread entry below the diagonal of
    row *j*, which — rows being sorted — is :math:`a_{ji}` if that exists. Entries below
    the diagonal passed over, or left at the end, have no partner. A column block keeps
    the rows it reads close together in memory.
    """
    cursor = indptr[first:last].copy()  # next unread entry of rows first..last-1
    asymmetric = 0
    for q in range(lo, hi):
        i = rows[q]
        j = cols[q]
        row_end = indptr[j + 1]
        p = cursor[j - first]
        while p < row_end and indices[p] < i:  # below the diagonal, partner missing
            if abs(data[p]) > tol:
                asymmetric += 1
            p += 1
        value = 1.0 if unit else values[q]
        if p < row_end and indices[p] == i:
            if abs(value - data[p]) > tol:
                asymmetric += 1
            p += 1
        elif abs(value) > tol:
            asymmetric += 1
        cursor[j - first] = p
    for j in range(first, last):
        p = cursor[j - first]
        while p < indptr[j + 1] and indices[p] < j:
            if abs(data[p]) > tol:
                asymmetric += 1
            p += 1
    return asymmetric


def _entry_counts_numpy(matrix: sp.csr_array, symmetric: bool) -> list[int]:
    """:func:`_entry_counts` with NumPy and scipy (small matrices: no compiled code)."""
    data = matrix.data
    nonfinite = int(data.size - np.count_nonzero(np.isfinite(data)))
    if nonfinite:
        return [nonfinite, 0, 0, 0, 0, 0]
    negative = int(np.count_nonzero(data < 0))
    zeros = int(np.count_nonzero(data == 0))
    nonbinary = int(np.count_nonzero((data != 0) & (data != 1)))
    diagonal = int(np.count_nonzero(matrix.diagonal()))
    asymmetric = int((abs(matrix - matrix.T) > SYMMETRY_TOL).nnz) if symmetric else 0
    return [nonfinite, negative, nonbinary, diagonal, asymmetric, zeros]


def _entry_counts(matrix: sp.csr_array, symmetric: bool) -> list[int]:
    """Entries that are not finite, negative, not 0/1, non-zero on the diagonal,
    asymmetric (0 unless ``symmetric``) and explicit zeros, in a canonical matrix.

    Large matrices: compiled linear-time passes over blocks of rows or columns (on a pool
    of threads for very large ones, see :mod:`socmodels._jit`). Small ones: NumPy and
    scipy. Both count the same.
    """
    if matrix.nnz < _PARALLEL_MIN_ENTRIES:
        return _entry_counts_numpy(matrix, symmetric)
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    n = matrix.shape[0]

    def rows(start, stop):
        counts = np.zeros(5, dtype=np.int64)
        _entry_check_rows(indptr, indices, data, start, stop, counts)
        return counts

    counts = np.sum(map_blocks(rows, n, row_blocks(matrix.nnz)), axis=0)
    nonfinite, negative, nonbinary, diagonal, zeros = (int(c) for c in counts)
    asymmetric = 0
    if symmetric and not nonfinite:
        unit = nonbinary == 0 and zeros == 0  # every entry is 1: no values to compare
        # Column blocks of about 2**15 rows keep each block's reads in the caches.
        blocks = max(row_blocks(matrix.nnz), -(-n // (1 << 15)))
        size = -(-n // blocks)
        offsets, upper_rows, upper_cols, values = _bin_upper(
            indptr, indices, data, size, blocks, unit
        )

        def columns(first, last):
            b = first // size
            return _asymmetric_in_block(
                indptr,
                indices,
                data,
                SYMMETRY_TOL,
                first,
                last,
                upper_rows,
                upper_cols,
                values,
                unit,
                offsets[b],
                offsets[b + 1],
            )

        asymmetric = int(sum(map_blocks(columns, n, blocks)))
    return [nonfinite, negative, nonbinary, diagonal, asymmetric, zeros]


# --------------------------------------------------------------------------- frozen matrices
#
# Matrices made by `freeze` hold arrays whose memory cannot be written (a NumPy array over a
# `bytes` object cannot be made writeable), so a check they passed stays passed for as long
# as they hold those same arrays: it is remembered, keyed by the matrix object and the
# identity of its three arrays, and not repeated.


class _FrozenRecord:
    __slots__ = ("ref", "arrays", "shape", "passed")

    def __init__(self, matrix):
        self.ref = weakref.ref(matrix)
        self.arrays = (matrix.indptr, matrix.indices, matrix.data)
        self.shape = matrix.shape
        self.passed: set = set()


_FROZEN: dict[int, _FrozenRecord] = {}


def _immutable_copy(array: np.ndarray) -> np.ndarray:
    """A read-only copy whose memory is a ``bytes`` object (it cannot be made writeable)."""
    array = np.ascontiguousarray(array)
    return np.frombuffer(array.tobytes(), dtype=array.dtype)


def _frozen_record(matrix) -> _FrozenRecord | None:
    """The record of a matrix made by :func:`freeze` that still holds its frozen arrays."""
    record = _FROZEN.get(id(matrix))
    if record is None or record.ref() is not matrix:
        return None
    arrays = (matrix.indptr, matrix.indices, matrix.data)
    if any(a is not b for a, b in zip(arrays, record.arrays, strict=True)):
        return None
    if matrix.shape != record.shape:
        return None
    return record


def passed_check(matrix, check) -> bool:
    """True if the frozen ``matrix`` (see :func:`freeze`) already passed ``check``
    (any hashable name of a check, e.g. ``("row_stochastic", 1e-9)``)."""
    record = _frozen_record(matrix)
    return record is not None and check in record.passed


def remember_check(matrix, check) -> None:
    """Remember that ``matrix`` passed ``check``, if it is frozen (otherwise do nothing)."""
    record = _frozen_record(matrix)
    if record is not None:
        record.passed.add(check)


def _register(matrix, passed: set) -> None:
    record = _FrozenRecord(matrix)
    record.passed = passed
    _FROZEN[id(matrix)] = record
    weakref.finalize(matrix, _FROZEN.pop, id(matrix), None)


def _shares_frozen(matrix) -> sp.csr_array:
    """A new CSR object over the same (frozen) arrays, marked canonical, frozen as well:
    it shares the checks passed (a caller rebinding its arrays changes neither)."""
    view = sp.csr_array(matrix.shape, dtype=float)
    view.indptr, view.indices, view.data = matrix.indptr, matrix.indices, matrix.data
    view.has_canonical_format = True
    _register(view, _FROZEN[id(matrix)].passed)
    return view


def check_adjacency(
    adjacency, name: str = "adjacency", *, symmetric: bool = True, weighted: bool = False
) -> sp.csr_array:
    """Check a square, finite, non-negative adjacency matrix; return it as CSR.

    The work behind the ``Adjacency`` constraint of :mod:`socmodels.contract`. Dense
    arrays and any scipy.sparse format are accepted. With ``symmetric`` (an undirected
    network) an entry with :math:`|a_{ij} - a_{ji}| > 10^{-12}` is an error. Without
    ``weighted`` every stored entry must be 0 or 1 and the diagonal must be empty (a
    simple graph). Explicit zeros are removed.

    Linear in the number of stored entries: large matrices are checked in compiled passes
    (symmetry by matching each entry above the diagonal with its partner in the sorted
    row below it; no transposed copy), small ones with NumPy and scipy; both accept and
    reject exactly the same matrices. A matrix made by :func:`freeze` is checked once:
    later calls return at once.

    Examples
    --------
    >>> check_adjacency([[0, 1], [1, 0]]).nnz
    2
    >>> check_adjacency([[0, 1], [0, 0]])
    Traceback (most recent call last):
    ...
    ValueError: adjacency must be symmetric (an undirected network)
    """
    check = ("adjacency", bool(symmetric), bool(weighted))
    if passed_check(adjacency, check):
        return _shares_frozen(adjacency)
    if sp.issparse(adjacency):
        matrix = sp.csr_array(adjacency, dtype=float)
    else:
        if isinstance(adjacency, str | bytes):
            raise TypeError(f"{name} must be a square matrix, got {type(adjacency).__name__}")
        try:
            dense = np.asarray(adjacency, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must be a square matrix, got {type(adjacency).__name__}"
            ) from None
        if dense.ndim != 2:
            raise ValueError(f"{name} must be a square matrix, got shape {dense.shape}")
        matrix = sp.csr_array(dense)
    rows, cols = matrix.shape
    if rows != cols:
        raise ValueError(f"{name} must be square, got shape {matrix.shape}")
    if rows == 0:
        raise ValueError(f"{name} must have at least one node, got shape {matrix.shape}")
    read_only = not all(a.flags.writeable for a in (matrix.indptr, matrix.indices, matrix.data))
    if read_only and not matrix.has_canonical_format:
        matrix = matrix.copy()  # sum_duplicates works in place
    matrix.sum_duplicates()
    nonfinite, negative, nonbinary, diagonal, asymmetric, zeros = _entry_counts(
        matrix, bool(symmetric)
    )
    data = matrix.data
    if nonfinite:
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    if negative:
        raise ValueError(f"{name} must be non-negative, got minimum {data.min()}")
    if not weighted:
        if nonbinary:
            raise ValueError(f"{name} must be a 0/1 matrix (pass a weighted matrix elsewhere)")
        if diagonal:
            raise ValueError(f"{name} must have an empty diagonal (no self-loops)")
    if symmetric and asymmetric:
        raise ValueError(f"{name} must be symmetric (an undirected network)")
    if zeros:
        if read_only:
            matrix = matrix.copy()  # eliminate_zeros works in place
        matrix.eliminate_zeros()
    remember_check(adjacency, check)
    return matrix


@constrained(matrix=Adjacency(symmetric=False, weighted=True))
def freeze(matrix) -> sp.csr_array:
    """A read-only copy of a matrix whose argument checks are done only once.

    Every model checks its network or weight matrix on every call (square, finite, 0/1,
    symmetric, row-stochastic, ...), which reads every entry: for a network of 10⁷ edges
    about as long as one synchronous step. A frozen matrix cannot change — its arrays are
    read-only and cannot be made writeable again — so each check it passes is remembered
    and later calls skip it. Use it when one large matrix is passed to many calls, e.g.
    one :func:`~socmodels.consensus.hegselmann_krause_step` at a time. Results are
    exactly those of the unfrozen matrix.

    Parameters
    ----------
    matrix : (N, N) array or sparse matrix
        Square, finite, non-negative.

    Returns
    -------
    scipy.sparse.csr_array
        Float entries in canonical form (sorted indices, no duplicates, no explicit
        zeros), int32 indices when they fit. Writing to it raises ``ValueError``
        (read-only); ``frozen.copy()`` gives a writeable copy.

    Examples
    --------
    >>> frozen = freeze(erdos_renyi(100, mean_degree=4, rng=1))
    >>> frozen.data.flags.writeable
    False
    >>> (check_adjacency(frozen) != frozen).nnz     # checked once, then remembered
    0
    """
    copy = sp.csr_array(matrix, dtype=float, copy=True)
    copy.sum_duplicates()
    copy.eliminate_zeros()
    index_dtype = np.int32 if max(copy.nnz, *copy.shape) < np.iinfo(np.int32).max else np.int64
    frozen = sp.csr_array(copy.shape, dtype=float)
    frozen.indptr = _immutable_copy(copy.indptr.astype(index_dtype, copy=False))
    frozen.indices = _immutable_copy(copy.indices.astype(index_dtype, copy=False))
    frozen.data = _immutable_copy(copy.data)
    frozen.has_canonical_format = True
    _register(frozen, set())
    remember_check(frozen, ("adjacency", False, True))
    return frozen
