"""Seeded graph builders returning ``scipy.sparse`` CSR adjacency matrices.

Every builder returns a symmetric 0/1 :class:`scipy.sparse.csr_array` of floats
with an empty diagonal (a simple undirected graph), built with vectorised NumPy
operations rather than loops over nodes. Random builders take ``rng``: a
:class:`numpy.random.Generator`, an int seed or ``None``.

Conversions to and from :mod:`networkx` are provided for readers who want to
use its algorithms on the same graphs.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from ._validation import (
    as_generator,
    check_adjacency,
    check_int,
    check_probability,
    check_real,
    freeze,  # re-exported: a read-only matrix whose checks are cached
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


def from_edges(n, sources, targets) -> sp.csr_array:
    """Undirected simple graph on ``n`` nodes from edge end-point arrays.

    Self-loops are dropped and repeated edges are merged.

    Parameters
    ----------
    n : int
        Number of nodes, ``n >= 1``.
    sources, targets : array_like of int
        End points of the edges, each in ``[0, n)``, of equal length.

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
    n = check_int("n", n, minimum=1)
    src = np.asarray(sources)
    dst = np.asarray(targets)
    for name, arr in (("sources", src), ("targets", dst)):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be 1-dimensional, got shape {arr.shape}")
        if arr.size and not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(f"{name} must hold integers, got dtype {arr.dtype}")
        if arr.size and (arr.min() < 0 or arr.max() >= n):
            raise ValueError(
                f"{name} must be node indices in [0, {n}), got range [{arr.min()}, {arr.max()}]"
            )
    if src.shape != dst.shape:
        raise ValueError(
            f"sources and targets must have equal length, got {src.size} and {dst.size}"
        )
    return _symmetric_from_pairs(n, src.astype(np.int64), dst.astype(np.int64))


def _symmetric_from_pairs(n: int, src: np.ndarray, dst: np.ndarray) -> sp.csr_array:
    keep = src != dst
    src, dst = src[keep], dst[keep]
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    matrix = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def edge_list(adjacency) -> tuple[np.ndarray, np.ndarray]:
    """Return the undirected edges of ``adjacency`` as arrays ``(i, j)`` with ``i < j``.

    Examples
    --------
    >>> i, j = edge_list(complete_graph(3))
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1), (0, 2), (1, 2)]
    """
    upper = sp.triu(check_adjacency(adjacency), k=1, format="coo")
    order = np.lexsort((upper.col, upper.row))
    return upper.row[order].astype(np.int64), upper.col[order].astype(np.int64)


def degrees(adjacency) -> np.ndarray:
    """Degree of every node (number of neighbours) as an int array.

    Examples
    --------
    >>> degrees(star_graph(4)).tolist()
    [3, 1, 1, 1]
    """
    matrix = check_adjacency(adjacency)
    return np.diff(matrix.indptr).astype(np.int64)


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


def erdos_renyi(n, *, mean_degree=None, p=None, rng=None) -> sp.csr_array:
    """Erdős–Rényi random graph G(n, p).

    Each of the ``n(n-1)/2`` pairs is linked independently with probability ``p``
    (or ``p = mean_degree / (n - 1)``). The number of edges is drawn from its
    binomial distribution and that many distinct pairs are sampled uniformly,
    which gives exactly the G(n, p) distribution in O(edges) time and memory.

    Parameters
    ----------
    n : int
        Number of nodes, ``n >= 1``.
    mean_degree : float, optional
        Expected degree ``c = p (n - 1)``, in ``[0, n - 1]``.
    p : float, optional
        Link probability in ``[0, 1]``. Give exactly one of ``mean_degree`` and ``p``.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Erdős, P. & Rényi, A. (1960). On the evolution of random graphs. *Publ. Math.
    Inst. Hung. Acad. Sci.* 5, 17–61.

    Examples
    --------
    >>> A = erdos_renyi(1000, mean_degree=4.0, rng=1)
    >>> A.shape
    (1000, 1000)
    >>> bool(abs(degrees(A).mean() - 4.0) < 0.3)
    True
    """
    n = check_int("n", n, minimum=1)
    if (mean_degree is None) == (p is None):
        raise TypeError("give exactly one of mean_degree and p")
    if p is None:
        mean_degree = check_real("mean_degree", mean_degree, 0.0, max(n - 1, 0))
        p = mean_degree / (n - 1) if n > 1 else 0.0
    else:
        p = check_probability("p", p)
    rng = as_generator(rng)
    pairs = n * (n - 1) // 2
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


def barabasi_albert(n, m, *, rng=None) -> sp.csr_array:
    """Barabási–Albert preferential-attachment graph.

    Start from a complete graph on ``m + 1`` nodes. Nodes ``t = m+1, …, n-1``
    arrive one by one and link to ``m`` distinct earlier nodes, choosing node
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
    n : int
        Number of nodes, ``n > m``.
    m : int
        Edges added per new node, ``m >= 1``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Barabási, A.-L. & Albert, R. (1999). Emergence of scaling in random networks.
    *Science* 286, 509–512.
    Batagelj, V. & Brandes, U. (2005). Efficient generation of large random
    networks. *Physical Review E* 71, 036113.

    Examples
    --------
    >>> A = barabasi_albert(1000, 2, rng=0)
    >>> int(A.sum() // 2)      # m(m+1)/2 seed edges + m per new node
    1997
    >>> int(degrees(A).min())
    2
    """
    m = check_int("m", m, minimum=1)
    n = check_int("n", n, minimum=m + 1)
    rng = as_generator(rng)
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


def watts_strogatz(n, k, rewire_prob, *, rng=None) -> sp.csr_array:
    """Watts–Strogatz small-world graph.

    Start from a ring of ``n`` nodes, each linked to its ``k/2`` nearest
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
    n : int
        Number of nodes, ``n >= 3``.
    k : int
        Even number of ring neighbours, ``2 <= k <= n - 1``.
    rewire_prob : float
        Probability in ``[0, 1]`` that an edge is rewired.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
    networks. *Nature* 393, 440–442.

    Examples
    --------
    >>> A = watts_strogatz(20, 4, 0.0)
    >>> degrees(A).tolist() == [4] * 20
    True
    """
    n = check_int("n", n, minimum=3)
    k = check_int("k", k, minimum=2, maximum=n - 1)
    if k % 2:
        raise ValueError(f"k must be even, got {k}")
    rewire_prob = check_probability("rewire_prob", rewire_prob)
    rng = as_generator(rng)
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


def square_lattice(side, *, periodic=True) -> sp.csr_array:
    """Square lattice of ``side × side`` nodes with von Neumann (4-neighbour) links.

    Node ``(row, col)`` has index ``row * side + col``. With ``periodic`` (the
    default) the lattice wraps around into a torus, so every node has degree 4.

    Parameters
    ----------
    side : int
        Nodes per row, ``side >= 3`` (smaller periodic lattices would have
        repeated neighbours).
    periodic : bool

    Returns
    -------
    scipy.sparse.csr_array

    Examples
    --------
    >>> A = square_lattice(4)
    >>> A.shape, set(degrees(A).tolist())
    ((16, 16), {4})
    """
    side = check_int("side", side, minimum=3)
    if not isinstance(periodic, bool | np.bool_):
        raise TypeError(f"periodic must be a bool, got {type(periodic).__name__}")
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


def complete_graph(n) -> sp.csr_array:
    """Complete graph on ``n`` nodes (everyone linked to everyone else).

    Examples
    --------
    >>> int(complete_graph(5).sum())
    20
    """
    n = check_int("n", n, minimum=1)
    i, j = np.triu_indices(n, k=1)
    return _symmetric_from_pairs(n, i.astype(np.int64), j.astype(np.int64))


def star_graph(n) -> sp.csr_array:
    """Star on ``n`` nodes: node 0 is the centre, linked to every other node.

    Examples
    --------
    >>> star_graph(4).toarray().astype(int)[0].tolist()
    [0, 1, 1, 1]
    """
    n = check_int("n", n, minimum=2)
    leaves = np.arange(1, n, dtype=np.int64)
    return _symmetric_from_pairs(n, np.zeros_like(leaves), leaves)


def _bipartite_random(rows: int, cols: int, p: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Each of the rows × cols cross pairs linked independently with probability p."""
    total = rows * cols
    count = int(rng.binomial(total, p)) if total else 0
    if count == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    chosen = rng.choice(total, size=count, replace=False, shuffle=False)
    return np.divmod(chosen.astype(np.int64), cols)


def core_periphery(
    n, core_size, *, p_core=1.0, p_core_periphery=0.5, p_periphery=0.0, rng=None
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
    n : int
        Number of nodes, ``n >= 2``.
    core_size : int
        Size of the core, ``1 <= core_size <= n``.
    p_core, p_core_periphery, p_periphery : float
        Link probabilities in ``[0, 1]``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (2000). Models of core/periphery structures.
    *Social Networks* 21, 375–395.

    Examples
    --------
    >>> A = core_periphery(100, 5, p_core=1.0, p_core_periphery=1.0, p_periphery=0.0, rng=0)
    >>> degrees(A)[:6].tolist()     # core members see everyone; a peripheral node sees the core
    [99, 99, 99, 99, 99, 5]
    """
    n = check_int("n", n, minimum=2)
    core_size = check_int("core_size", core_size, minimum=1, maximum=n)
    p_core = check_probability("p_core", p_core)
    p_core_periphery = check_probability("p_core_periphery", p_core_periphery)
    p_periphery = check_probability("p_periphery", p_periphery)
    rng = as_generator(rng)
    periphery = n - core_size
    core = erdos_renyi(core_size, p=p_core, rng=rng)
    peri = erdos_renyi(periphery, p=p_periphery, rng=rng) if periphery else None
    ci, cj = edge_list(core) if core_size > 1 else (np.empty(0, np.int64),) * 2
    src_parts = [ci]
    dst_parts = [cj]
    if periphery:
        pi, pj = edge_list(peri) if periphery > 1 else (np.empty(0, np.int64),) * 2
        src_parts.append(pi + core_size)
        dst_parts.append(pj + core_size)
        bi, bj = _bipartite_random(core_size, periphery, p_core_periphery, rng)
        src_parts.append(bi)
        dst_parts.append(bj + core_size)
    return _symmetric_from_pairs(n, np.concatenate(src_parts), np.concatenate(dst_parts))


def to_networkx(adjacency) -> nx.Graph:
    """Convert an adjacency matrix to a :class:`networkx.Graph` (nodes ``0 … n-1``).

    Examples
    --------
    >>> to_networkx(star_graph(3)).number_of_edges()
    2
    """
    matrix = check_adjacency(adjacency)
    graph = nx.Graph()
    graph.add_nodes_from(range(matrix.shape[0]))
    i, j = edge_list(matrix)
    graph.add_edges_from(zip(i.tolist(), j.tolist(), strict=True))
    return graph


def from_networkx(graph) -> sp.csr_array:
    """Convert an undirected :class:`networkx.Graph` to CSR adjacency.

    Nodes are numbered in the order of ``graph.nodes``; edge weights are ignored.

    Examples
    --------
    >>> import networkx as nx
    >>> from_networkx(nx.path_graph(3)).toarray().astype(int).tolist()
    [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    """
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"graph must be a networkx.Graph, got {type(graph).__name__}")
    if graph.is_directed():
        raise ValueError("graph must be undirected (a networkx.Graph, not a DiGraph)")
    n = graph.number_of_nodes()
    if n == 0:
        raise ValueError("graph must have at least one node")
    index = {node: k for k, node in enumerate(graph.nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges], dtype=np.int64)
    if edges.size == 0:
        return sp.csr_array((n, n), dtype=float)
    return _symmetric_from_pairs(n, edges[:, 0], edges[:, 1])
