r"""How people gather: sorting by kind, culture, opinion and recommendation.

The models of the aggregation chapter, each the published model with its rule in the
docstring and a readable one-step version in :mod:`socmodels.rules.aggregation` (the tests
check that the compiled fast path below gives the same run for the same seed):

* :func:`schelling` — Schelling's (1971) segregation model as in NetLogo's *Segregation*
  (Wilensky 1997): households of two kinds on a torus move when too few neighbours are
  like them; :func:`random_city` builds the initial city and :func:`schelling_measures`
  measures it;
* :func:`schelling_network` — the same preference on a network of mutual ties, where
  "moving" is unfriending one unlike contact and befriending a stranger (the book's own
  digital version);
* :func:`axelrod_culture` — Axelrod's (1997) dissemination of culture, optionally with a
  mass-media field (González-Avella, Cosenza & Tucci 2005); :func:`random_culture` and
  :func:`cultural_regions`;
* :func:`holme_newman` — Holme & Newman's (2006) coevolution of a network and opinions;
* :func:`algorithmic_bias` — bounded confidence with a recommender biased towards
  like-minded partners (Sîrbu, Pedreschi, Giannotti & Kertész 2019), and
  :func:`learning_ai_public` — the same public talking with an AI that learns its stance
  from the users (the book's own construction); :func:`opinion_groups` counts groups.

Every model is seeded by ``rng`` only, runs compiled (numba) kernels that draw from that
Generator in the same order as the readable rules, and returns a frozen dataclass with
``times`` as its time axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numba
import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph

from . import networks
from .contract import (
    MAX_AGENTS,
    MAX_RECORDS,
    MAX_STEPS,
    Adjacency,
    Array,
    Flag,
    Function,
    Integer,
    Optional,
    Probability,
    Real,
    Seed,
    constrained,
    record_times,
)

__all__ = [
    "MAX_SIDE",
    "SchellingRun",
    "SchellingNetworkRun",
    "CultureRun",
    "CoevolutionRun",
    "OpinionGroupsRun",
    "random_city",
    "schelling_measures",
    "schelling",
    "schelling_network",
    "random_culture",
    "cultural_regions",
    "axelrod_culture",
    "holme_newman",
    "opinion_groups",
    "algorithmic_bias",
    "learning_ai_public",
]

#: Largest lattice side accepted (10⁶ cells).
MAX_SIDE = 1000
#: Largest network of the network models (their readable rules are dense, the fast path not).
MAX_NETWORK_AGENTS = 1_000_000
#: Most agents of the algorithmic-bias models: each meeting weighs every other user (O(N)).
MAX_PUBLIC = 100_000
#: Bound on the work (agents × steps) of one call of the O(N)-per-meeting models.
MAX_PUBLIC_WORK = 10**12

_LATTICE = Array(2, min_size=9, max_size=MAX_SIDE**2, low=0, high=2, integer=True, square=True)


def _check_records(n_records):
    return Integer(1, MAX_RECORDS).check("n_records", n_records)


# --------------------------------------------------------------------------- Schelling


def _moore_counts(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Like and occupied neighbours of every cell among its 8 neighbours (torus)."""
    like = np.zeros(grid.shape, dtype=np.int64)
    occupied = np.zeros(grid.shape, dtype=np.int64)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr or dc:
                neighbour = np.roll(grid, (dr, dc), axis=(0, 1))
                like += (neighbour == grid) & (grid > 0)
                occupied += neighbour > 0
    return like, occupied


@constrained(side=Integer(3, MAX_SIDE), density=Real(0, 1, low_open=True), rng=Seed())
def random_city(side, *, density=0.9, rng=None):
    """A ``side × side`` torus with households of two kinds at random places.

    ``round(density · side²)`` households (at least 2) sit on distinct random cells;
    the first half of them (rounded down) are of kind 1, the rest of kind 2; other cells
    are empty (0). NetLogo's model colours each household at random instead; the count
    differs by a binomial fluctuation only.

    Parameters
    ----------
    side : int
        Cells per row.
    density : float
        Share of cells occupied, in (0, 1].
    rng : numpy.random.Generator, int or None

    Returns
    -------
    numpy.ndarray of int8, shape (side, side)

    Examples
    --------
    >>> city = random_city(10, density=0.8, rng=1)
    >>> city.shape, int((city == 1).sum()), int((city == 2).sum())
    ((10, 10), 40, 40)
    """
    n_cells = side * side
    n_households = min(n_cells, max(2, round(density * n_cells)))
    grid = np.zeros(n_cells, dtype=np.int8)
    cells = rng.choice(n_cells, size=n_households, replace=False)
    grid[cells[: n_households // 2]] = 1
    grid[cells[n_households // 2 :]] = 2
    return grid.reshape(side, side)


@constrained(grid=_LATTICE, wanted=Probability())
def schelling_measures(grid, *, wanted=0.3):
    """Share of like neighbours and share of unhappy households in a Schelling city.

    The like share is NetLogo's "percent similar" as a fraction: the sum over households
    of like neighbours divided by the sum of occupied neighbours,
    :math:`\\sum_i \\ell_i / \\sum_i o_i`. A household is unhappy if
    :math:`\\ell_i < w\\,o_i` (``wanted`` = w).

    Examples
    --------
    >>> grid = np.array([[1, 1, 0], [2, 2, 0], [0, 0, 0]])
    >>> like_share, unhappy = schelling_measures(grid, wanted=0.5)
    >>> round(like_share, 3), unhappy
    (0.333, 1.0)
    """
    grid = grid.astype(np.int8)
    like, occupied = _moore_counts(grid)
    households = grid > 0
    total = occupied[households].sum()
    like_share = float(like[households].sum() / total) if total else 1.0
    unhappy = households & (like < wanted * occupied)
    return like_share, float(unhappy.sum() / max(1, households.sum()))


@numba.njit(cache=True)
def _schelling_kernel(grid, wanted, n_ticks, rng):  # pragma: no cover - compiled
    """Run up to ``n_ticks`` ticks of the NetLogo rule on ``grid`` (int8, in place).

    ``grid``: (side, side) kinds (0 empty); ``wanted``: the wanted share; ``rng``: the
    NumPy Generator (draws in the order of :func:`rules.aggregation.schelling_tick`).
    Returns (ticks run, converged): converged when a tick starts with nobody unhappy.
    """
    side = grid.shape[0]
    for tick in range(n_ticks):
        unhappy = np.empty(side * side, dtype=np.int64)
        n_unhappy = 0
        for row in range(side):
            for col in range(side):
                kind = grid[row, col]
                if kind == 0:
                    continue
                like = 0
                occupied = 0
                for dr in range(-1, 2):
                    for dc in range(-1, 2):
                        if dr == 0 and dc == 0:
                            continue
                        other = grid[(row + dr) % side, (col + dc) % side]
                        if other > 0:
                            occupied += 1
                            if other == kind:
                                like += 1
                if like < wanted * occupied:
                    unhappy[n_unhappy] = row * side + col
                    n_unhappy += 1
        if n_unhappy == 0:
            return tick, True
        keys = np.empty(n_unhappy)
        for k in range(n_unhappy):
            keys[k] = rng.random()
        order = np.argsort(keys, kind="mergesort")
        for k in range(n_unhappy):
            cell = unhappy[order[k]]
            row = cell // side
            col = cell % side
            kind = grid[row, col]
            grid[row, col] = 0
            y = float(row)
            x = float(col)
            while True:
                heading = 2 * math.pi * rng.random()
                distance = 10 * rng.random()
                y = (y + distance * math.cos(heading)) % side
                x = (x + distance * math.sin(heading)) % side
                row = int(math.floor(y + 0.5)) % side
                col = int(math.floor(x + 0.5)) % side
                if grid[row, col] == 0:
                    grid[row, col] = kind
                    break
    return n_ticks, False


@dataclass(frozen=True)
class SchellingRun:
    """A run of :func:`schelling`.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Ticks recorded (0 first, the last tick run last).
    trajectory : ndarray of int8, shape (R, side, side)
        The city at those ticks (0 empty, 1 and 2 the two kinds).
    like_share : ndarray, shape (R,)
        Share of like neighbours (:func:`schelling_measures`) at those ticks.
    unhappy_share : ndarray, shape (R,)
        Share of unhappy households at those ticks.
    final : ndarray of int8, shape (side, side)
        The city when the run stopped.
    n_agents : int
        Households (occupied cells).
    n_steps_run : int
        Ticks run (a tick: every household unhappy at its start moves once).
    converged : bool
        True if the run stopped because everybody was happy.
    params : dict
        ``side``, ``wanted``, ``density``.
    """

    times: np.ndarray
    trajectory: np.ndarray
    like_share: np.ndarray
    unhappy_share: np.ndarray
    final: np.ndarray
    n_agents: int
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


@constrained(
    initial_grid=_LATTICE,
    wanted=Probability(),
    max_steps=Integer(0, 100_000),
    n_records=Integer(1, 1000),
    rng=Seed(),
    step=Optional(Function()),
)
def schelling(initial_grid, *, wanted=0.3, max_steps=1000, n_records=20, rng=None, step=None):
    r"""Schelling's segregation model, as NetLogo's *Segregation* runs it, until all are happy.

    Households of two kinds live on a ``side × side`` torus with empty cells. Household
    :math:`i` counts, among its 8 neighbouring cells, the like households
    :math:`\ell_i` and the occupied cells :math:`o_i`; it is **happy** if

    .. math:: \ell_i \ge w\, o_i

    (``wanted`` = :math:`w`; a household with no neighbours is happy). One **tick**: every
    household unhappy at the start of the tick, in random order, moves — it turns to a
    uniformly random heading, walks a uniformly random distance in [0, 10) cells, and
    repeats until it stands on an empty cell (its old cell counts as empty), as in
    Wilensky's NetLogo model. Ticks repeat until a tick starts with nobody unhappy
    (``converged``) or ``max_steps`` ticks have run.

    Parameters
    ----------
    initial_grid : array_like of int, shape (side, side)
        0 for empty, 1 or 2 for the household's kind (e.g. from :func:`random_city`).
    wanted : float
        The wanted share of like neighbours :math:`w`, in [0, 1].
    max_steps : int
        Most ticks to run.
    n_records : int
        Number of intervals recorded (``n_records + 1`` points, see
        :func:`socmodels.contract.record_times`).
    rng : numpy.random.Generator, int or None
    step : callable, optional
        ``step(grid, wanted, rng) -> grid``, one tick; default the compiled rule, whose
        readable version is :func:`socmodels.rules.aggregation.schelling_tick`.

    Returns
    -------
    SchellingRun

    References
    ----------
    Schelling, T. C. (1971). Dynamic models of segregation. *Journal of Mathematical
    Sociology*, 1(2), 143–186. https://doi.org/10.1080/0022250X.1971.9989794

    Wilensky, U. (1997). NetLogo Segregation model. Center for Connected Learning and
    Computer-Based Modeling, Northwestern University.

    Examples
    --------
    >>> run = schelling(random_city(20, density=0.8, rng=3), wanted=0.3, rng=3)
    >>> run.converged, bool(run.like_share[-1] > run.like_share[0] + 0.1)
    (True, True)
    """
    grid = initial_grid.astype(np.int8)
    side = grid.shape[0]
    if side < 3:
        raise ValueError(f"initial_grid must be at least 3 × 3, got {grid.shape}")
    n_agents = int((grid > 0).sum())
    if n_agents == grid.size:
        raise ValueError("initial_grid must have at least one empty cell (0) to move to")
    density = n_agents / grid.size
    planned = record_times(max_steps, n_records)
    times, frames, likes, unhappies = [0], [grid.copy()], [], []
    t, converged = 0, False
    for target in planned[1:]:
        if step is None:
            ran, converged = _schelling_kernel(grid, wanted, int(target - t), rng)
            t += int(ran)
        else:
            while t < target:
                if schelling_measures(grid, wanted=wanted)[1] == 0:
                    converged = True
                    break
                grid = np.asarray(step(grid, wanted, rng), dtype=np.int8)
                t += 1
        if converged or t == target:
            times.append(t)
            frames.append(grid.copy())
        if converged:
            break
    if not converged and schelling_measures(grid, wanted=wanted)[1] == 0:
        converged = True
    for frame in frames:
        like, unhappy = schelling_measures(frame, wanted=wanted)
        likes.append(like)
        unhappies.append(unhappy)
    if len(times) > 1 and times[-1] == times[-2]:  # converged exactly at a record time
        times, frames, likes, unhappies = times[:-1], frames[:-1], likes[:-1], unhappies[:-1]
    return SchellingRun(
        times=np.asarray(times, dtype=np.int64),
        trajectory=np.asarray(frames),
        like_share=np.asarray(likes),
        unhappy_share=np.asarray(unhappies),
        final=grid,
        n_agents=n_agents,
        n_steps_run=t,
        converged=bool(converged),
        params={"side": side, "wanted": wanted, "density": density},
    )


# --------------------------------------------------------------------------- Schelling, network


@numba.njit(cache=True)
def _network_tick(nbr, deg, kinds, wanted, rng):  # pragma: no cover - compiled
    """One tick of the network version on padded neighbour lists (in place).

    ``nbr``: (N, capacity) neighbour indices, valid up to ``deg[i]``; ``kinds``: 1 or 2.
    Draws in the order of :func:`rules.aggregation.schelling_network_tick` (neighbours
    and strangers taken in index order). Returns the number of unhappy people at the start
    and the neighbour array (a wider copy if a list outgrew it).
    """
    n = kinds.size
    unhappy = np.empty(n, dtype=np.int64)
    n_unhappy = 0
    for i in range(n):
        like = 0
        for k in range(deg[i]):
            if kinds[nbr[i, k]] == kinds[i]:
                like += 1
        if like < wanted * deg[i]:
            unhappy[n_unhappy] = i
            n_unhappy += 1
    if n_unhappy == 0:
        return 0, nbr
    keys = np.empty(n_unhappy)
    for k in range(n_unhappy):
        keys[k] = rng.random()
    order = np.argsort(keys, kind="mergesort")
    for k in range(n_unhappy):
        i = unhappy[order[k]]
        contacts = np.sort(nbr[i, : deg[i]])
        n_unlike = 0
        for c in contacts:
            if kinds[c] != kinds[i]:
                n_unlike += 1
        n_strangers = n - 1 - deg[i]
        if n_unlike == 0 or n_strangers == 0:
            continue
        pick = int(rng.random() * n_unlike)
        j = -1
        for c in contacts:
            if kinds[c] != kinds[i]:
                if pick == 0:
                    j = c
                    break
                pick -= 1
        new = int(rng.random() * n_strangers)
        # the new-th agent (in index order) that is neither i nor one of its contacts
        excluded = np.sort(np.append(contacts, i))
        for e in excluded:
            if e <= new:
                new += 1
            else:
                break
        for side_a, side_b in ((i, j), (j, i)):
            for k2 in range(deg[side_a]):
                if nbr[side_a, k2] == side_b:
                    deg[side_a] -= 1
                    nbr[side_a, k2] = nbr[side_a, deg[side_a]]
                    break
        if deg[new] == nbr.shape[1]:
            grown = np.zeros((n, 2 * nbr.shape[1]), dtype=nbr.dtype)
            grown[:, : nbr.shape[1]] = nbr
            nbr = grown
        nbr[i, deg[i]] = new
        deg[i] += 1
        nbr[new, deg[new]] = i
        deg[new] += 1
    return n_unhappy, nbr


@dataclass(frozen=True)
class SchellingNetworkRun:
    """A run of :func:`schelling_network`.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Ticks recorded.
    like_share : ndarray, shape (R,)
        Share of ties joining people of the same kind at those ticks.
    unhappy_share : ndarray, shape (R,)
        Share of unhappy people at those ticks.
    final : scipy.sparse.csr_array
        The network when the run stopped.
    kinds : ndarray of int
        Each person's kind (never changes).
    n_agents, n_steps_run : int
    converged : bool
        True if the run stopped because everybody was happy.
    params : dict
    """

    times: np.ndarray
    like_share: np.ndarray
    unhappy_share: np.ndarray
    final: sp.csr_array
    kinds: np.ndarray
    n_agents: int
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


def _network_measures(adjacency, kinds, wanted):
    same = kinds[adjacency.indices] == np.repeat(kinds, np.diff(adjacency.indptr))
    like = np.add.reduceat(np.r_[same, False].astype(np.int64), adjacency.indptr[:-1])
    like[np.diff(adjacency.indptr) == 0] = 0
    degree = np.diff(adjacency.indptr)
    like_share = float(same.mean()) if same.size else 1.0
    return like_share, float(np.mean(like < wanted * degree))


def _padded(adjacency, extra):
    degree = np.diff(adjacency.indptr).astype(np.int64)
    nbr = np.zeros((adjacency.shape[0], int(degree.max(initial=0)) + extra), dtype=np.int64)
    for i in range(adjacency.shape[0]):
        nbr[i, : degree[i]] = adjacency.indices[adjacency.indptr[i] : adjacency.indptr[i + 1]]
    return nbr, degree


def _from_padded(nbr, deg):
    n = deg.size
    rows = np.repeat(np.arange(n), deg)
    cols = np.concatenate([nbr[i, : deg[i]] for i in range(n)]) if n else np.zeros(0, int)
    matrix = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n, n))
    matrix.sort_indices()
    return matrix


@constrained(
    initial_kinds=Array(1, min_size=3, max_size=MAX_NETWORK_AGENTS, low=1, high=2, integer=True),
    adjacency=Optional(Adjacency()),
    wanted=Probability(),
    max_steps=Integer(0, 100_000),
    n_records=Integer(1, 1000),
    rng=Seed(),
    step=Optional(Function()),
)
def schelling_network(
    initial_kinds,
    *,
    adjacency=None,
    wanted=0.3,
    max_steps=1000,
    n_records=20,
    rng=None,
    step=None,
):
    r"""Schelling's preference on a network of mutual ties: "moving" is unfriending.

    **The book's own digital version** of :func:`schelling`. Person :math:`i` of kind 1 or
    2 is happy if :math:`\ell_i \ge w\,k_i`, with :math:`\ell_i` contacts of its own kind
    among its :math:`k_i` contacts. One tick: every person unhappy at the start of the tick,
    in random order, drops a uniformly random contact of the other kind and ties up with a
    uniformly random stranger (anyone not yet a contact) — a platform's random
    suggestion. Ties are mutual, so the dropped contact loses a tie and the stranger gains
    one. Ticks repeat until nobody is unhappy or ``max_steps`` have run. The number of ties
    never changes.

    Parameters
    ----------
    initial_kinds : array_like of int, shape (N,)
        Each person's kind, 1 or 2.
    adjacency : sparse matrix, optional
        The initial network (symmetric 0/1); default an Erdős–Rényi graph with mean
        degree 8 drawn from ``rng``.
    wanted, max_steps, n_records, rng
        As in :func:`schelling`.
    step : callable, optional
        ``step(adjacency, kinds, wanted, rng) -> adjacency`` on a dense boolean matrix,
        one tick; default the compiled rule, whose readable version is
        :func:`socmodels.rules.aggregation.schelling_network_tick`.

    Returns
    -------
    SchellingNetworkRun

    References
    ----------
    Schelling, T. C. (1971). Dynamic models of segregation. *Journal of Mathematical
    Sociology*, 1(2), 143–186. https://doi.org/10.1080/0022250X.1971.9989794

    Henry, A. D., Prałat, P., & Zhang, C.-Q. (2011). Emergence of segregation in evolving
    social networks. *PNAS*, 108(21), 8605–8610. https://doi.org/10.1073/pnas.1014486108
    (a related model of biased tie removal).

    Examples
    --------
    >>> kinds = np.repeat([1, 2], 100)
    >>> run = schelling_network(kinds, wanted=0.5, rng=2)
    >>> run.converged, bool(run.like_share[-1] > 0.5)
    (True, True)
    """
    kinds = initial_kinds.astype(np.int64)
    n = kinds.size
    if adjacency is None:
        adjacency = networks.erdos_renyi(n, mean_degree=min(8.0, n - 1.0), rng=rng)
    if adjacency.shape[0] != n:
        raise ValueError(
            f"adjacency must have one row per person ({n}), got shape {adjacency.shape}"
        )
    if step is not None and n > 5000:
        raise ValueError(f"a custom step works on a dense matrix: at most 5000 people, got {n}")
    adjacency = sp.csr_array(adjacency, dtype=float)
    adjacency.sort_indices()
    planned = record_times(max_steps, n_records)
    nbr, deg = _padded(adjacency, 8)
    dense = adjacency.toarray() > 0 if step is not None else None
    times, snapshots = [0], [adjacency]
    t, converged = 0, False
    for target in planned[1:]:
        while t < target:
            if step is None:
                n_unhappy, nbr = _network_tick(nbr, deg, kinds, wanted, rng)
                if n_unhappy == 0:
                    converged = True
                    break
            else:
                degree = dense.sum(axis=1)
                like = (dense & (kinds[:, None] == kinds[None, :])).sum(axis=1)
                if not np.any(like < wanted * degree):
                    converged = True
                    break
                dense = np.asarray(step(dense, kinds, wanted, rng), dtype=bool)
            t += 1
        current = _from_padded(nbr, deg) if step is None else sp.csr_array(dense.astype(float))
        if (converged and t != times[-1]) or (not converged and t == target):
            times.append(t)
            snapshots.append(current)
        if converged:
            break
    final = _from_padded(nbr, deg) if step is None else sp.csr_array(dense.astype(float))
    if not converged and _network_measures(final, kinds, wanted)[1] == 0:
        converged = True
    measures = [_network_measures(a, kinds, wanted) for a in snapshots]
    return SchellingNetworkRun(
        times=np.asarray(times, dtype=np.int64),
        like_share=np.array([m[0] for m in measures]),
        unhappy_share=np.array([m[1] for m in measures]),
        final=final,
        kinds=kinds,
        n_agents=n,
        n_steps_run=t,
        converged=bool(converged),
        params={"wanted": wanted, "n_ties": int(adjacency.nnz // 2)},
    )


# --------------------------------------------------------------------------- Axelrod


@constrained(
    side=Integer(2, MAX_SIDE),
    n_features=Integer(1, 1000),
    n_traits=Integer(1, 10**9),
    rng=Seed(),
)
def random_culture(side, *, n_features=10, n_traits=10, rng=None):
    """Axelrod's initial condition: every feature of every agent uniform in ``0 … q − 1``.

    Returns an int64 array of shape ``(side, side, n_features)`` (``n_traits`` = q).

    Examples
    --------
    >>> random_culture(20, n_features=10, n_traits=50, rng=1).shape
    (20, 20, 10)
    """
    return rng.integers(0, n_traits, size=(side, side, n_features), dtype=np.int64)


def _lattice_neighbours(side, periodic):
    rows, cols = np.divmod(np.arange(side * side), side)
    table = np.full((side * side, 4), -1, dtype=np.int64)
    for k, (dr, dc) in enumerate(((-1, 0), (0, 1), (1, 0), (0, -1))):
        r, c = rows + dr, cols + dc
        if periodic:
            table[:, k] = (r % side) * side + c % side
        else:
            inside = (r >= 0) & (r < side) & (c >= 0) & (c < side)
            table[inside, k] = r[inside] * side + c[inside]
    # neighbours first, -1 padding last (the order the readable rule sees them in)
    order = np.argsort(table < 0, axis=1, kind="stable")
    return np.take_along_axis(table, order, axis=1)


@numba.njit(cache=True)
def _overlap(traits, a, b):  # pragma: no cover - compiled
    """Number of features on which agents ``a`` and ``b`` agree."""
    same = 0
    for f in range(traits.shape[1]):
        if traits[a, f] == traits[b, f]:
            same += 1
    return same


@numba.njit(cache=True)
def _media_overlap(traits, a, media):  # pragma: no cover - compiled
    same = 0
    for f in range(traits.shape[1]):
        if traits[a, f] == media[f]:
            same += 1
    return same


@numba.njit(cache=True)
def _links_active(traits, nbr, media, media_strength, i, per_pair):  # pragma: no cover
    """Active links of agent ``i`` (overlap strictly between 0 and F): each neighbour pair
    counts ``per_pair``, the agent–media pair (if the media act) 1."""
    n_features = traits.shape[1]
    active = 0
    for k in range(nbr.shape[1]):
        j = nbr[i, k]
        if j >= 0:
            o = _overlap(traits, i, j)
            if 0 < o < n_features:
                active += per_pair
    if media_strength > 0:
        o = _media_overlap(traits, i, media)
        if 0 < o < n_features:
            active += 1
    return active


@numba.njit(cache=True)
def _axelrod_active(traits, nbr, media, media_strength):  # pragma: no cover - compiled
    """Active links: (directed) neighbour pairs, and agent–media pairs if the media act,
    whose overlap is strictly between 0 and F."""
    active = 0
    for i in range(traits.shape[0]):
        active += _links_active(traits, nbr, media, media_strength, i, 1)
    return active


@numba.njit(cache=True)
def _overlap_table(traits, nbr, media):  # pragma: no cover - compiled
    """Overlaps of every agent: ``table[i, k]`` with its ``k``-th neighbour (0 for a -1
    slot), and ``table[i, -1]`` with the media vector."""
    n = traits.shape[0]
    width = nbr.shape[1]
    table = np.zeros((n, width + 1), dtype=np.int64)
    for i in range(n):
        for k in range(width):
            j = nbr[i, k]
            if j >= 0:
                table[i, k] = _overlap(traits, i, j)
        table[i, width] = _media_overlap(traits, i, media)
    return table


@numba.njit(cache=True)
def _table_agent_active(table, deg, n_features, media_strength, i):  # pragma: no cover
    """:func:`_agent_active` read off the overlap table: active links that involve agent
    ``i``, each neighbour pair counted both ways."""
    active = 0
    for k in range(deg[i]):
        o = table[i, k]
        if 0 < o < n_features:
            active += 2
    if media_strength > 0:
        o = table[i, table.shape[1] - 1]
        if 0 < o < n_features:
            active += 1
    return active


@numba.njit(cache=True)
def _axelrod_kernel(
    traits, nbr, deg, media, media_strength, n_steps, active, rng
):  # pragma: no cover
    """Up to ``n_steps`` interactions of :func:`rules.aggregation.axelrod_interaction`.

    ``traits``: (N, F) int64, updated in place; ``nbr``/``deg``: neighbour table (-1
    padded, neighbours first) and degrees; ``media``: (F,) the media vector, used with
    probability ``media_strength``; ``active``: active links now (kept up to date).
    Stops early when no active link is left. Returns (steps run, active links).

    The overlaps of every neighbour pair and with the media are kept in a table
    (:func:`_overlap_table`), updated by ±1 when a trait is copied, instead of comparing
    F traits at every interaction: the same integers, so the same draws and the same run.
    """
    n, n_features = traits.shape
    table = _overlap_table(traits, nbr, media)
    media_slot = table.shape[1] - 1
    for t in range(n_steps):
        if active == 0:
            return t, active
        i = int(rng.random() * n)
        use_media = False
        if media_strength > 0 and rng.random() < media_strength:
            use_media = True
            j = -1
            overlap = table[i, media_slot]
        else:
            slot = int(rng.random() * deg[i])
            j = nbr[i, slot]
            overlap = table[i, slot]
        if 0 < overlap < n_features and rng.random() < overlap / n_features:
            pick = int(rng.random() * (n_features - overlap))
            for f in range(n_features):
                other = media[f] if use_media else traits[j, f]
                if traits[i, f] != other:
                    if pick == 0:
                        before = _table_agent_active(table, deg, n_features, media_strength, i)
                        old = traits[i, f]
                        traits[i, f] = other
                        for k in range(deg[i]):
                            neighbour = nbr[i, k]
                            trait = traits[neighbour, f]
                            table[i, k] += int(trait == other) - int(trait == old)
                        table[i, media_slot] += int(media[f] == other) - int(media[f] == old)
                        # the same overlaps seen from the neighbours' side (a neighbour
                        # listed twice, as on a 2 × 2 torus, gets the value, not twice the step)
                        for k in range(deg[i]):
                            neighbour = nbr[i, k]
                            for k2 in range(deg[neighbour]):
                                if nbr[neighbour, k2] == i:
                                    table[neighbour, k2] = table[i, k]
                        after = _table_agent_active(table, deg, n_features, media_strength, i)
                        active += after - before
                        break
                    pick -= 1
    return n_steps, active


@numba.njit(cache=True)
def _identical_components(traits, nbr):  # pragma: no cover - compiled
    """Label the connected regions of identical culture (union–find over neighbour links)."""
    n = traits.shape[0]
    parent = np.arange(n)
    for i in range(n):
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j > i and _overlap(traits, i, j) == traits.shape[1]:
                a, b = i, j
                while parent[a] != a:
                    parent[a] = parent[parent[a]]
                    a = parent[a]
                while parent[b] != b:
                    parent[b] = parent[parent[b]]
                    b = parent[b]
                if a != b:
                    parent[max(a, b)] = min(a, b)
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        parent[i] = r
    return parent


_CULTURE = Array(3, min_size=4, max_size=10**8, low=0, integer=True)


@constrained(traits=_CULTURE, periodic=Flag())
def cultural_regions(traits, *, periodic=True):
    """Sizes of the cultural regions: connected sets of lattice neighbours with identical culture.

    Parameters
    ----------
    traits : array_like of int, shape (side, side, F)
    periodic : bool
        Whether the lattice wraps around (the default) or has edges.

    Returns
    -------
    numpy.ndarray of int
        Region sizes, largest first.

    Examples
    --------
    >>> traits = np.zeros((4, 4, 2), dtype=int)
    >>> traits[0, 0] = (1, 1)
    >>> cultural_regions(traits).tolist()
    [15, 1]
    """
    side = traits.shape[0]
    if traits.shape[1] != side:
        raise ValueError(f"traits must have shape (side, side, F), got {traits.shape}")
    flat = traits.reshape(side * side, -1)
    labels = _identical_components(flat, _lattice_neighbours(side, bool(periodic)))
    return np.sort(np.bincount(labels)[np.bincount(labels) > 0])[::-1]


@dataclass(frozen=True)
class CultureRun:
    """A run of :func:`axelrod_culture`.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Interactions recorded.
    active_links : ndarray of int, shape (R,)
        Neighbour pairs (counted both ways) — and agent–media pairs when the media act —
        that can still interact (overlap strictly between 0 and F).
    largest_region : ndarray, shape (R,)
        Share of agents in the largest cultural region at those times.
    n_regions : ndarray of int, shape (R,)
        Number of cultural regions at those times.
    final : ndarray of int, shape (side, side, F)
        The culture when the run stopped.
    n_agents, n_steps_run : int
        Agents (side²) and interactions run.
    converged : bool
        True if the run reached an absorbing state (no active link left).
    params : dict
    """

    times: np.ndarray
    active_links: np.ndarray
    largest_region: np.ndarray
    n_regions: np.ndarray
    final: np.ndarray
    n_agents: int
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


@constrained(
    initial_traits=_CULTURE,
    media_strength=Probability(),
    media=Optional(Array(1, min_size=1, max_size=1000, low=0, integer=True)),
    periodic=Flag(),
    max_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, 1000),
    rng=Seed(),
    step=Optional(Function()),
)
def axelrod_culture(
    initial_traits,
    *,
    media_strength=0.0,
    media=None,
    periodic=True,
    max_steps=10**8,
    n_records=20,
    rng=None,
    step=None,
):
    r"""Axelrod's model of the dissemination of culture, run to its absorbing state.

    Each agent of a ``side × side`` square lattice (4 neighbours) holds a culture of
    :math:`F` features :math:`\sigma_{i,f}`, each one of :math:`q` traits. One step (an
    **interaction**): a uniformly random agent :math:`i` picks a uniformly random
    neighbour :math:`j`; with probability equal to their cultural overlap

    .. math:: \omega_{ij} = \frac{1}{F}\sum_{f=1}^{F} \delta_{\sigma_{i,f},\sigma_{j,f}}

    (if :math:`0 < \omega_{ij} < 1`) agent :math:`i` copies :math:`j`'s trait on one
    uniformly random feature on which they differ. Homophily (similar people interact
    more) and influence (interaction makes them more similar) together. The run stops at an
    **absorbing state** — every neighbour pair identical or with nothing in common
    (``converged``) — or after ``max_steps`` interactions.

    With ``media_strength`` :math:`B > 0`, agent :math:`i` instead meets, with probability
    :math:`B`, a fixed *mass-media* culture :math:`M` (``media``; default all traits 0)
    and copies from it by the same rule (González-Avella et al. 2005).

    Parameters
    ----------
    initial_traits : array_like of int, shape (side, side, F)
        Traits, integers >= 0 (e.g. from :func:`random_culture`).
    media_strength : float
        Probability :math:`B` of meeting the media instead of a neighbour, in [0, 1].
    media : array_like of int, shape (F,), optional
        The media's culture :math:`M` (default zeros).
    periodic : bool
        Lattice wraps around (the default) or has edges (Axelrod's own setting).
    max_steps : int
        Most interactions to run.
    n_records : int
        Recorded intervals.
    rng : numpy.random.Generator, int or None
    step : callable, optional
        ``step(traits, neighbours, rng, media, media_strength) -> traits`` on ``(N, F)``
        traits and an ``(N, 4)`` neighbour table (-1 for none), one interaction; default
        the compiled rule, whose readable version is
        :func:`socmodels.rules.aggregation.axelrod_interaction`.

    Returns
    -------
    CultureRun

    References
    ----------
    Axelrod, R. (1997). The dissemination of culture: a model with local convergence and
    global polarization. *Journal of Conflict Resolution*, 41(2), 203–226.
    https://doi.org/10.1177/0022002797041002001

    Castellano, C., Marsili, M., & Vespignani, A. (2000). Nonequilibrium phase transition
    in a model for social influence. *Physical Review Letters*, 85(16), 3536–3539.
    https://doi.org/10.1103/PhysRevLett.85.3536

    González-Avella, J. C., Cosenza, M. G., & Tucci, K. (2005). Nonequilibrium transition
    induced by mass media in a model for social influence. *Physical Review E*, 72(6),
    065102. https://doi.org/10.1103/PhysRevE.72.065102

    Examples
    --------
    >>> few = axelrod_culture(random_culture(10, n_features=5, n_traits=3, rng=1), rng=1)
    >>> few.converged, float(few.largest_region[-1])
    (True, 1.0)
    >>> many = axelrod_culture(random_culture(10, n_features=5, n_traits=100, rng=1), rng=1)
    >>> bool(many.largest_region[-1] < 0.1)
    True
    """
    side, side2, n_features = initial_traits.shape
    if side != side2 or side < 2:
        raise ValueError(
            f"initial_traits must have shape (side, side, F) with side >= 2, "
            f"got {initial_traits.shape}"
        )
    if media is None:
        media = np.zeros(n_features, dtype=np.int64)
    if media.size != n_features:
        raise ValueError(f"media must have one trait per feature ({n_features}), got {media.size}")
    periodic = bool(periodic)
    traits = initial_traits.reshape(side * side, n_features).astype(np.int64)
    nbr = _lattice_neighbours(side, periodic)
    deg = (nbr >= 0).sum(axis=1).astype(np.int64)
    planned = record_times(max_steps, n_records)
    active = _axelrod_active(traits, nbr, media, media_strength)

    def regions():
        sizes = np.bincount(_identical_components(traits, nbr))
        sizes = sizes[sizes > 0]
        return sizes.max() / sizes.sum(), sizes.size

    times, actives, largest, counts = [0], [active], [], []
    share, count = regions()
    largest.append(share)
    counts.append(count)
    t = 0
    for target in planned[1:]:
        if active == 0:
            break
        if step is None:
            ran, active = _axelrod_kernel(
                traits, nbr, deg, media, media_strength, int(target - t), active, rng
            )
            t += int(ran)
        else:
            check_every = side * side
            while t < target and active > 0:
                traits = np.asarray(step(traits, nbr, rng, media, media_strength), dtype=np.int64)
                t += 1
                if t % check_every == 0 or t == target:
                    active = _axelrod_active(traits, nbr, media, media_strength)
        times.append(t)
        actives.append(active)
        share, count = regions()
        largest.append(share)
        counts.append(count)
    return CultureRun(
        times=np.asarray(times, dtype=np.int64),
        active_links=np.asarray(actives, dtype=np.int64),
        largest_region=np.asarray(largest, dtype=float),
        n_regions=np.asarray(counts, dtype=np.int64),
        final=traits.reshape(side, side, n_features),
        n_agents=side * side,
        n_steps_run=t,
        converged=bool(active == 0),
        params={"side": side, "n_features": n_features, "media_strength": media_strength},
    )


# --------------------------------------------------------------------------- Holme & Newman


@numba.njit(cache=True)
def _holme_newman_kernel(
    op, a, b, inc, deg, count, phi, n_steps, discordant, rng
):  # pragma: no cover
    """Up to ``n_steps`` updates of :func:`rules.aggregation.holme_newman_update`.

    ``op``: opinions (N,); ``a``, ``b``: the two ends of each edge (M,); ``inc``: (N,
    capacity) incident edge ids, valid up to ``deg[i]`` and kept in increasing order (the
    readable rule takes a person's ties in the order of the edge list), so the ``m``-th tie
    is ``inc[i, m]``; ``count``: holders of each opinion; ``discordant``: edges whose ends
    disagree (kept up to date). Stops when no edge is discordant (consensus within every
    community). Returns (updates run, discordant edges, the incidence array — a wider copy
    if a list outgrew it).
    """
    n = op.size
    for t in range(n_steps):
        if discordant == 0:
            return t, discordant, inc
        i = int(rng.random() * n)
        if deg[i] == 0:
            continue
        g = op[i]
        if rng.random() < phi:
            if count[g] <= 1:
                continue
            e = inc[i, int(rng.random() * deg[i])]
            while True:
                new = int(rng.random() * n)
                if new != i and op[new] == g:
                    break
            far = b[e] if a[e] == i else a[e]
            if op[far] != g:
                discordant -= 1
            # remove e from far's (sorted) list, keeping the order
            k = 0
            while inc[far, k] != e:
                k += 1
            for q in range(k, deg[far] - 1):
                inc[far, q] = inc[far, q + 1]
            deg[far] -= 1
            if deg[new] == inc.shape[1]:
                grown = np.zeros((n, 2 * inc.shape[1]), dtype=inc.dtype)
                grown[:, : inc.shape[1]] = inc
                inc = grown
            # insert e into new's (sorted) list
            q = deg[new]
            while q > 0 and inc[new, q - 1] > e:
                inc[new, q] = inc[new, q - 1]
                q -= 1
            inc[new, q] = e
            deg[new] += 1
            a[e] = i
            b[e] = new
        else:
            e = inc[i, int(rng.random() * deg[i])]
            adopted = op[b[e] if a[e] == i else a[e]]
            if adopted != g:
                for k in range(deg[i]):
                    f = inc[i, k]
                    other = op[b[f] if a[f] == i else a[f]]
                    discordant += int(other != adopted) - int(other != g)
                count[g] -= 1
                count[adopted] += 1
                op[i] = adopted
    return n_steps, discordant, inc


@dataclass(frozen=True)
class CoevolutionRun:
    """A run of :func:`holme_newman`.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Updates recorded.
    discordant_edges : ndarray of int, shape (R,)
        Edges joining people of different opinions at those times.
    final : ndarray of int, shape (N,)
        Opinions when the run stopped.
    edges : ndarray of int, shape (M, 2)
        The network when the run stopped (an edge list; two people may be tied twice).
    community_sizes : ndarray of int
        Sizes of the connected components of the final network, largest first.
    largest_community : float
        Share of people in the largest one.
    n_agents, n_steps_run : int
        People and updates run (an update: one person rewires or adopts).
    converged : bool
        True if consensus was reached: no edge joins two opinions.
    params : dict
    """

    times: np.ndarray
    discordant_edges: np.ndarray
    final: np.ndarray
    edges: np.ndarray
    community_sizes: np.ndarray
    largest_community: float
    n_agents: int
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


def _components(n, edges):
    graph = sp.csr_array((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = csgraph.connected_components(graph, directed=False)
    return np.sort(np.bincount(labels))[::-1]


@constrained(
    initial_opinions=Array(1, min_size=2, max_size=MAX_NETWORK_AGENTS, low=0, integer=True),
    adjacency=Optional(Adjacency()),
    phi=Probability(),
    mean_degree=Real(0, 1000, low_open=True),
    max_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, 1000),
    rng=Seed(),
    step=Optional(Function()),
)
def holme_newman(
    initial_opinions,
    *,
    adjacency=None,
    phi=0.5,
    mean_degree=4.0,
    max_steps=10**8,
    n_records=20,
    rng=None,
    step=None,
):
    r"""Holme & Newman's coevolution of a network and opinions, run to consensus.

    :math:`N` people hold one of :math:`G` opinions and are joined by :math:`M` edges. One
    **update**: a uniformly random person :math:`i` with at least one edge picks one of
    its edges at random;

    * with probability :math:`\phi` it **rewires** it: the far end moves to a uniformly
      random other person holding :math:`i`'s opinion :math:`g_i` (unfollowing someone who
      disagrees, following someone who agrees);
    * otherwise it **adopts** the opinion of the person at the far end, :math:`g_i
      \leftarrow g_j`.

    The run stops at **consensus** — no edge joins two opinions, so every connected
    component (a *community*) agrees (``converged``) — or after ``max_steps`` updates.
    Edges are kept as a list, so two people may come to be tied twice.

    Parameters
    ----------
    initial_opinions : array_like of int, shape (N,)
        Opinions as integers ``0 … G − 1`` (Holme & Newman: uniform at random with
        :math:`N/G = 10`).
    adjacency : sparse matrix, optional
        The initial network (symmetric 0/1). Default: :math:`M = \mathrm{round}(N\langle k
        \rangle / 2)` edges between uniformly random pairs of distinct people (``rng``),
        a random graph of mean degree ``mean_degree``.
    phi : float
        Probability :math:`\phi` of rewiring rather than adopting, in [0, 1].
    mean_degree : float
        :math:`\langle k\rangle` of the default network (ignored with ``adjacency``).
    max_steps : int
        Most updates to run.
    n_records : int
        Recorded intervals.
    rng : numpy.random.Generator, int or None
    step : callable, optional
        ``step(opinions, edges, phi, rng) -> (opinions, edges)``, one update; default the
        compiled rule, whose readable version is
        :func:`socmodels.rules.aggregation.holme_newman_update`.

    Returns
    -------
    CoevolutionRun

    References
    ----------
    Holme, P., & Newman, M. E. J. (2006). Nonequilibrium phase transition in the
    coevolution of networks and opinions. *Physical Review E*, 74(5), 056108.
    https://doi.org/10.1103/PhysRevE.74.056108

    Examples
    --------
    >>> opinions = np.random.default_rng(1).integers(0, 20, 200)
    >>> talk = holme_newman(opinions, phi=0.05, rng=1)
    >>> talk.converged, bool(talk.largest_community > 0.8)
    (True, True)
    >>> sort = holme_newman(opinions, phi=0.9, rng=1)
    >>> bool(sort.largest_community < 0.2)
    True
    """
    opinions = initial_opinions.astype(np.int64)
    n = opinions.size
    if adjacency is None:
        n_edges = int(round(n * mean_degree / 2))
        a = rng.integers(0, n, size=n_edges)
        b = (a + rng.integers(1, n, size=n_edges)) % n  # a uniformly random other person
        edges = np.column_stack([a, b]).astype(np.int64)
    else:
        if adjacency.shape[0] != n:
            raise ValueError(
                f"adjacency must have one row per person ({n}), got shape {adjacency.shape}"
            )
        upper = sp.triu(sp.csr_array(adjacency), k=1).tocoo()
        edges = np.column_stack([upper.row, upper.col]).astype(np.int64)
    if edges.shape[0] == 0:
        raise ValueError("the network must have at least one edge")
    a, b = edges[:, 0].copy(), edges[:, 1].copy()
    deg = np.bincount(np.r_[a, b], minlength=n).astype(np.int64)
    inc = np.zeros((n, int(deg.max()) + 8), dtype=np.int64)
    fill = np.zeros(n, dtype=np.int64)
    for e in range(a.size):
        for end in (a[e], b[e]):
            inc[end, fill[end]] = e
            fill[end] += 1
    count = np.bincount(opinions, minlength=int(opinions.max()) + 1).astype(np.int64)
    discordant = int(np.count_nonzero(opinions[a] != opinions[b]))
    planned = record_times(max_steps, n_records)
    times, record = [0], [discordant]
    t = 0
    for target in planned[1:]:
        if discordant == 0:
            break
        if step is None:
            ran, discordant, inc = _holme_newman_kernel(
                opinions, a, b, inc, deg, count, phi, int(target - t), discordant, rng
            )
            t += int(ran)
        else:
            edges = np.column_stack([a, b])
            while t < target and discordant > 0:
                opinions, edges = step(opinions, edges, phi, rng)
                t += 1
                discordant = int(np.count_nonzero(opinions[edges[:, 0]] != opinions[edges[:, 1]]))
            a, b = edges[:, 0].copy(), edges[:, 1].copy()
        times.append(t)
        record.append(discordant)
    edges = np.column_stack([a, b])
    sizes = _components(n, edges)
    return CoevolutionRun(
        times=np.asarray(times, dtype=np.int64),
        discordant_edges=np.asarray(record, dtype=np.int64),
        final=opinions,
        edges=edges,
        community_sizes=sizes,
        largest_community=float(sizes[0] / n),
        n_agents=n,
        n_steps_run=t,
        converged=bool(discordant == 0),
        params={
            "phi": phi,
            "n_edges": int(a.size),
            "n_opinions": int(np.unique(initial_opinions).size),
        },
    )


# --------------------------------------------------------------------------- algorithmic bias


@numba.njit(cache=True)
def _frozen(x, epsilon, tol):  # pragma: no cover - compiled
    """True if the opinions have settled: split where sorted neighbours are >= epsilon
    apart (such groups can never meet again), every group spans less than ``tol``."""
    xs = np.sort(x)
    start = 0
    for k in range(1, xs.size):
        if xs[k] - xs[k - 1] >= epsilon:
            if xs[k - 1] - xs[start] >= tol:
                return False
            start = k
    return xs[xs.size - 1] - xs[start] < tol


@numba.njit(cache=True)
def _weight(x, i, k, gamma, min_distance):  # pragma: no cover - compiled
    """The recommender's weight max(|x_i − x_k|, d_min) ** −γ."""
    d = abs(x[k] - x[i])
    if d < min_distance:
        d = min_distance
    return d ** (-gamma)


@numba.njit(cache=True)
def _refresh(weights, x, i, gamma, min_distance):  # pragma: no cover - compiled
    """Recompute row and column ``i`` of the cached weight matrix after ``x[i]`` changed."""
    for k in range(x.size):
        w = 0.0 if k == i else _weight(x, i, k, gamma, min_distance)
        weights[i, k] = w
        weights[k, i] = w


@numba.njit(cache=True)
def _copy_refresh(weights, i, j):  # pragma: no cover - compiled
    """Row and column ``j`` after ``x[j]`` became equal to ``x[i]`` (row ``i`` up to date).

    Every weight of ``j`` is then the one of ``i`` (the same distances), with the two
    diagonal places swapped: exactly what :func:`_refresh` would compute, without the powers.
    """
    for k in range(weights.shape[0]):
        w = weights[i, k]
        if k == i:
            w = weights[i, j]
        elif k == j:
            w = 0.0
        weights[j, k] = w
        weights[k, j] = w


@numba.njit(cache=True)
def _bias_kernel(
    x,
    epsilon,
    mu,
    gamma,
    min_distance,
    n_steps,
    t0,
    check_every,
    tol,
    ai_rate,
    ai,
    learns_from,
    ai_influence,
    ai_learning_rate,
    weights,
    rng,
):  # pragma: no cover - compiled
    """Up to ``n_steps`` meetings of :func:`rules.aggregation.biased_meeting` (and, with
    probability ``ai_rate`` each, a conversation of :func:`rules.aggregation.ai_conversation`
    with the AI whose stance is ``ai[0]``). ``x`` and ``ai`` change in place.

    ``weights``: the (N, N) matrix of the recommender's weights (zero diagonal), kept up to
    date as opinions change, or a (0, 0) array to compute each row afresh; either way the
    cumulative weights are summed in index order, as the readable rule does, so the same
    draws pick the same partners. With γ = 0 the partner is read off the uniform draw
    directly (the same index the cumulative search gives). With ``check_every > 0`` the run
    stops at the first global step ``t0 + t`` that is a positive multiple of
    ``check_every`` at which the opinions have settled (:func:`_frozen`). Returns (meetings
    run, settled).
    """
    n = x.size
    cached = weights.shape[0] == n
    cumulative = np.empty(n)
    for t in range(n_steps):
        now = t0 + t
        if check_every > 0 and now > 0 and now % check_every == 0 and _frozen(x, epsilon, tol):
            return t, True
        if ai_rate > 0 and rng.random() < ai_rate:
            i = int(rng.random() * n)
            user = x[i]
            stance = ai[0]
            if abs(stance - user) < epsilon:
                x[i] = user + ai_influence * (stance - user)
                if cached and x[i] != user:
                    _refresh(weights, x, i, gamma, min_distance)
            if learns_from[i]:
                ai[0] = stance + ai_learning_rate * (user - stance)
            continue
        i = int(rng.random() * n)
        xi = x[i]
        if gamma == 0.0:
            m = int(rng.random() * (n - 1.0))
            j = m if m < i else m + 1
        else:
            total = 0.0
            if cached:
                for k in range(n):
                    total += weights[i, k]
            else:
                for k in range(n):
                    if k != i:
                        total += _weight(x, i, k, gamma, min_distance)
                    cumulative[k] = total
            target = rng.random() * total
            if cached:
                # the first k whose running sum (the same sums, in the same order) exceeds
                # the target: what searchsorted(side="right") finds in the cumulative sums
                running = 0.0
                j = n
                for k in range(n):
                    running += weights[i, k]
                    if running > target:
                        j = k
                        break
            else:
                j = np.searchsorted(cumulative, target, side="right")
        difference = x[j] - xi
        if abs(difference) < epsilon:
            old_j = x[j]
            x[i] += mu * difference
            x[j] -= mu * difference
            if cached:
                if x[i] != xi:
                    _refresh(weights, x, i, gamma, min_distance)
                if x[j] != old_j:
                    if x[j] == x[i]:
                        _copy_refresh(weights, i, j)
                    else:
                        _refresh(weights, x, j, gamma, min_distance)
    now = t0 + n_steps
    if check_every > 0 and now > 0 and now % check_every == 0 and _frozen(x, epsilon, tol):
        return n_steps, True
    return n_steps, False


def _weight_matrix(x, gamma, min_distance):
    """The cached recommender weights (small publics only; else an empty array)."""
    if gamma == 0.0 or x.size > _CACHED_WEIGHTS_UP_TO:
        return np.zeros((0, 0))
    distance = np.maximum(np.abs(x[:, None] - x[None, :]), min_distance)
    weights = distance**-gamma
    np.fill_diagonal(weights, 0.0)
    return weights


#: Publics up to this size keep the N × N weight matrix (≤ 32 MB) instead of recomputing rows.
_CACHED_WEIGHTS_UP_TO = 2000


@constrained(opinions=Array(1, min_size=1, max_size=MAX_AGENTS), gap=Real(0, 1))
def opinion_groups(opinions, *, gap=1e-3):
    """Sizes of opinion groups: sorted opinions split wherever neighbours differ by > ``gap``.

    Returns the sizes, largest first.

    Examples
    --------
    >>> opinion_groups([0.1, 0.1004, 0.5, 0.9, 0.9]).tolist()
    [2, 2, 1]
    """
    xs = np.sort(opinions)
    cuts = np.flatnonzero(np.diff(xs) > gap) + 1
    return np.sort(np.diff(np.r_[0, cuts, xs.size]))[::-1]


@dataclass(frozen=True)
class OpinionGroupsRun:
    """A run of :func:`algorithmic_bias` or :func:`learning_ai_public`.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Meetings recorded (divide by ``n_agents`` for meetings per person).
    trajectory : ndarray, shape (R, N)
        Opinions at those times.
    final : ndarray, shape (N,)
        Opinions when the run stopped.
    ai_stance : ndarray, shape (R,)
        The AI's stance at those times (:func:`learning_ai_public`; empty otherwise).
    n_agents, n_steps_run : int
    converged : bool
        True if the opinions settled (see the model) before the step limit.
    params : dict
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    ai_stance: np.ndarray
    n_agents: int
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


def _run_public(x, *, epsilon, mu, gamma, min_distance, planned, tol, check, rng, step, ai=None):
    n = x.size
    if n * int(planned[-1]) > MAX_PUBLIC_WORK:
        raise ValueError(
            f"n_agents × steps must be at most {MAX_PUBLIC_WORK:.0e} (each meeting weighs "
            f"every other user), got {n * int(planned[-1]):.2e}"
        )
    ai_rate, stance, learns_from, ai_influence, ai_learning_rate = (
        ai if ai is not None else (0.0, np.zeros(1), np.zeros(n, dtype=np.bool_), 0.0, 0.0)
    )
    times, frames, stances = [0], [x.copy()], [float(stance[0])]
    weights = _weight_matrix(x, gamma, min_distance) if step is None else None
    t, settled = 0, False
    for target in planned[1:]:
        if step is None:
            ran, settled = _bias_kernel(
                x,
                epsilon,
                mu,
                gamma,
                min_distance,
                int(target - t),
                t,
                n if check else 0,
                tol,
                ai_rate,
                stance,
                learns_from,
                ai_influence,
                ai_learning_rate,
                weights,
                rng,
            )
            t += int(ran)
        else:
            while t < target:
                if check and t % n == 0 and t > 0 and _frozen(x, epsilon, tol):
                    settled = True
                    break
                x = np.asarray(step(x, epsilon, mu, gamma, rng, min_distance), dtype=float)
                t += 1
            if check and not settled and t % n == 0 and _frozen(x, epsilon, tol):
                settled = True
        times.append(t)
        frames.append(x.copy())
        stances.append(float(stance[0]))
        if settled:
            break
    return times, frames, stances, t, settled


@constrained(
    initial_opinions=Array(1, min_size=2, max_size=MAX_PUBLIC, low=0, high=1),
    epsilon=Real(0, 1, low_open=True),
    mu=Real(0, 0.5, low_open=True),
    gamma=Real(0, 10),
    min_distance=Real(0, 1, low_open=True),
    tol=Real(0, 1, low_open=True),
    max_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, 1000),
    rng=Seed(),
    step=Optional(Function()),
)
def algorithmic_bias(
    initial_opinions,
    *,
    epsilon=0.2,
    mu=0.5,
    gamma=0.0,
    min_distance=1e-5,
    tol=1e-3,
    max_steps=10**6,
    n_records=20,
    rng=None,
    step=None,
):
    r"""Bounded confidence with algorithmic bias (Sîrbu et al. 2019), on the complete graph.

    Opinions :math:`x_i \in [0, 1]`. One **meeting**: a uniformly random user :math:`i` is
    shown a partner :math:`j \ne i` by a recommender that favours the like-minded,

    .. math:: P(j \mid i) = \frac{d_{ij}^{-\gamma}}{\sum_{k \ne i} d_{ik}^{-\gamma}},
       \qquad d_{ij} = \max(|x_i - x_j|,\ d_{\min}),

    and if :math:`|x_i - x_j| < \varepsilon` both move towards each other (Deffuant et
    al. 2000): :math:`x_i \mathrel{+}= \mu (x_j - x_i)`, :math:`x_j \mathrel{+}= \mu (x_i -
    x_j)`. :math:`\gamma = 0` is the unbiased Deffuant model. The distance is floored at
    :math:`d_{\min}` = ``min_distance`` (10⁻⁵, as ndlib does): after a meeting with
    :math:`\mu = 1/2` the two hold the same opinion, and the floor keeps their weight finite
    — but so large that the recommender keeps pairing them, which is why biased runs settle
    so slowly.

    **Stopping rule.** Every :math:`N` meetings the run checks whether the opinions have
    settled: split the sorted opinions wherever two neighbours are at least
    :math:`\varepsilon` apart (such groups can never meet again); settled means every group
    spans less than ``tol``. The run stops then (``converged``) or after ``max_steps``
    meetings. Count the groups with :func:`opinion_groups`.

    Parameters
    ----------
    initial_opinions : array_like of float, shape (N,)
        Opinions in [0, 1].
    epsilon : float
        Confidence bound ε, in (0, 1].
    mu : float
        Convergence parameter μ, in (0, 1/2].
    gamma : float
        Strength of the algorithmic bias γ, in [0, 10].
    min_distance : float
        Floor :math:`d_{\min}` of the distance, in (0, 1].
    tol : float
        Largest spread of a settled group, in (0, 1].
    max_steps : int
        Most meetings to run.
    n_records : int
        Recorded intervals.
    rng : numpy.random.Generator, int or None
    step : callable, optional
        ``step(opinions, epsilon, mu, gamma, rng, min_distance) -> opinions``, one meeting;
        default the compiled rule, whose readable version is
        :func:`socmodels.rules.aggregation.biased_meeting`.

    Returns
    -------
    OpinionGroupsRun

    References
    ----------
    Sîrbu, A., Pedreschi, D., Giannotti, F., & Kertész, J. (2019). Algorithmic bias
    amplifies opinion fragmentation and polarization: a bounded confidence model. *PLoS
    ONE*, 14(3), e0213246. https://doi.org/10.1371/journal.pone.0213246

    Deffuant, G., Neau, D., Amblard, F., & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems*, 3, 87–98.
    https://doi.org/10.1142/S0219525900000078

    Examples
    --------
    >>> x0 = np.random.default_rng(1).random(200)
    >>> run = algorithmic_bias(x0, epsilon=0.4, rng=1)
    >>> run.converged, opinion_groups(run.final, gap=0.01).size
    (True, 1)
    """
    x = initial_opinions.copy()
    planned = record_times(max_steps, n_records)
    times, frames, _, t, settled = _run_public(
        x,
        epsilon=epsilon,
        mu=mu,
        gamma=gamma,
        min_distance=min_distance,
        planned=planned,
        tol=tol,
        check=True,
        rng=rng,
        step=step,
    )
    return OpinionGroupsRun(
        times=np.asarray(times, dtype=np.int64),
        trajectory=np.asarray(frames),
        final=frames[-1],
        ai_stance=np.zeros(0),
        n_agents=x.size,
        n_steps_run=t,
        converged=bool(settled),
        params={"epsilon": epsilon, "mu": mu, "gamma": gamma, "min_distance": min_distance},
    )


@constrained(
    initial_opinions=Array(1, min_size=2, max_size=MAX_PUBLIC, low=0, high=1),
    learns_from=Optional(Array(1, min_size=2, max_size=MAX_PUBLIC, low=0, high=1, integer=True)),
    ai_rate=Probability(),
    ai_initial_stance=Probability(),
    ai_influence=Real(0, 1),
    ai_learning_rate=Real(0, 1),
    epsilon=Real(0, 1, low_open=True),
    mu=Real(0, 0.5, low_open=True),
    gamma=Real(0, 10),
    min_distance=Real(0, 1, low_open=True),
    n_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, 1000),
    rng=Seed(),
)
def learning_ai_public(
    initial_opinions,
    *,
    learns_from=None,
    ai_rate=0.1,
    ai_initial_stance=0.5,
    ai_influence=0.5,
    ai_learning_rate=0.01,
    epsilon=0.2,
    mu=0.5,
    gamma=0.0,
    min_distance=1e-5,
    n_steps=200_000,
    n_records=20,
    rng=None,
):
    r"""A public that talks with each other *and* with an AI that learns its stance from it.

    **The book's own construction**, built on :func:`algorithmic_bias`: "socialization for
    AI" as a model. Each step is, with probability ``ai_rate``, a **conversation** of a
    uniformly random user :math:`i` with the AI, whose stance is :math:`a`; otherwise a
    biased peer meeting as in :func:`algorithmic_bias`. In a conversation, with the values
    before it,

    .. math::

        x_i \leftarrow x_i + \lambda (a - x_i) \ \text{ if } |x_i - a| < \varepsilon
        \quad\text{(the user listens, within its confidence bound)},\\
        a \leftarrow a + \eta\,(x_i - a) \ \text{ if } i \text{ is in the training set}
        \quad\text{(the AI learns from the user)},

    with :math:`\lambda` = ``ai_influence`` and :math:`\eta` = ``ai_learning_rate``. The
    training set ``learns_from`` is everyone (the default) or a curated subset. The run
    takes exactly ``n_steps`` steps (the AI keeps learning, so there is no absorbing state).

    Parameters
    ----------
    initial_opinions : array_like of float, shape (N,)
        Opinions in [0, 1].
    learns_from : array_like of {0, 1}, shape (N,), optional
        1 for the users the AI learns from; default everyone.
    ai_rate : float
        Share of steps that are conversations with the AI, in [0, 1].
    ai_initial_stance : float
        The AI's stance at the start, in [0, 1].
    ai_influence : float
        :math:`\lambda`, how far a listening user moves towards the AI, in [0, 1].
    ai_learning_rate : float
        :math:`\eta`, how far the AI moves towards a user it learns from, in [0, 1].
    epsilon, mu, gamma, min_distance
        As in :func:`algorithmic_bias`.
    n_steps : int
        Steps to run (conversations and meetings together).
    n_records : int
        Recorded intervals.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    OpinionGroupsRun
        With the AI's stance at the recorded times in ``ai_stance``.

    References
    ----------
    Sîrbu, A., Pedreschi, D., Giannotti, F., & Kertész, J. (2019). Algorithmic bias
    amplifies opinion fragmentation and polarization: a bounded confidence model. *PLoS
    ONE*, 14(3), e0213246. https://doi.org/10.1371/journal.pone.0213246

    Examples
    --------
    >>> x0 = np.random.default_rng(1).random(200)
    >>> left = (x0 < 0.3).astype(int)  # the AI learns from one camp only
    >>> run = learning_ai_public(x0, learns_from=left, n_steps=40_000, rng=1)
    >>> bool(run.ai_stance[-1] < 0.4)           # it ends near that camp, not at 0.5
    True
    """
    x = initial_opinions.copy()
    n = x.size
    if learns_from is None:
        learns = np.ones(n, dtype=np.bool_)
    else:
        if learns_from.size != n:
            raise ValueError(
                f"learns_from must have one entry per user ({n}), got {learns_from.size}"
            )
        learns = learns_from.astype(np.bool_)
    stance = np.array([ai_initial_stance])
    planned = record_times(n_steps, n_records)
    times, frames, stances, t, _ = _run_public(
        x,
        epsilon=epsilon,
        mu=mu,
        gamma=gamma,
        min_distance=min_distance,
        planned=planned,
        tol=1e-3,
        check=False,
        rng=rng,
        step=None,
        ai=(ai_rate, stance, learns, ai_influence, ai_learning_rate),
    )
    return OpinionGroupsRun(
        times=np.asarray(times, dtype=np.int64),
        trajectory=np.asarray(frames),
        final=frames[-1],
        ai_stance=np.asarray(stances),
        n_agents=n,
        n_steps_run=t,
        converged=False,
        params={
            "epsilon": epsilon,
            "mu": mu,
            "gamma": gamma,
            "ai_rate": ai_rate,
            "ai_influence": ai_influence,
            "ai_learning_rate": ai_learning_rate,
            "training_share": float(learns.mean()),
        },
    )
