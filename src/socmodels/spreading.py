r"""How information spreads: simple contagion, global cascades, complex contagion, rumours.

Four published models of spreading on networks, each with its headline result:

* **Simple contagion** (:func:`independent_cascade`): every tie transmits with probability
  :math:`T`, once. The final size of an outbreak is a cluster of bond percolation
  (Newman 2002): on Erdős–Rényi graphs :math:`S = 1 - e^{-cTS}`, and the epidemic threshold
  :math:`T_c = \langle k\rangle / (\langle k^2\rangle - \langle k\rangle)` almost vanishes on
  heavy-tailed networks (Pastor-Satorras & Vespignani 2001).
* **Global cascades** (:func:`watts_cascade`): a person adopts once a fraction
  :math:`\varphi` of their contacts has. Cascades from a single seed happen only inside a
  window of mean degrees, found by percolation of the *vulnerable* nodes (Watts 2002).
* **Complex contagion** (:func:`complex_contagion`): adoption needs an absolute number of
  adopting contacts. It spreads through clustered ring lattices and fails once ties are
  rewired into long random shortcuts (Centola & Macy 2007).
* **Rumours** (:func:`maki_thompson`): ignorants, spreaders and stiflers (Daley & Kendall
  1964; Maki & Thompson 1973); on the complete graph a share :math:`\theta \approx 0.2032`
  never hears the rumour (Sudbury 1985). Optionally a *correction* competes with it — the
  book's own construction, see :func:`maki_thompson`. Daley & Kendall's original, in
  which pairs meet symmetrically, is :func:`daley_kendall`; it has the same limit.

Every model follows the contract of ``docs/architecture.md``: state first, keyword-only
parameters, ``rng`` a Generator / int / None, frozen dataclass results with ``times``.
Readable one-step rules of each model are in :mod:`socmodels.rules.spreading`; the models
accept ``step=`` to run an edited copy of one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import scipy.optimize
import scipy.stats
from numba import njit

from . import networks
from .contract import (
    MAX_AGENTS,
    MAX_RECORDS,
    MAX_RUNS,
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
    replicate,
)
from .measures import Interval, er_giant_component, mean_interval

__all__ = [
    # states
    "SUSCEPTIBLE",
    "INFECTED",
    "RECOVERED",
    "IGNORANT",
    "SPREADER",
    "STIFLER",
    "CORRECTOR",
    "CORRECTED",
    # results
    "ContagionRun",
    "OutbreakSizes",
    "CascadeStatistics",
    "CascadeWindow",
    "LatticeContagionStatistics",
    "RumourRun",
    "RumourStatistics",
    "DaleyKendallRun",
    "DaleyKendallStatistics",
    "Interval",
    # statistics
    "mean_interval",
    "proportion_interval",
    # simple contagion
    "independent_cascade",
    "outbreak_sizes",
    "er_outbreak_size",
    "epidemic_threshold",
    "mean_outbreak_size",
    # global cascades
    "watts_cascade",
    "cascade_frequency",
    "cascade_window",
    "cascade_probability",
    # complex contagion
    "complex_contagion",
    "neighbourhood",
    "rewired_lattice_contagion",
    # rumours
    "maki_thompson",
    "rumour_statistics",
    "rumour_limit",
    "daley_kendall",
    "daley_kendall_never_heard",
]

#: States of the independent cascade (SIR with an infectious period of one step).
SUSCEPTIBLE, INFECTED, RECOVERED = 0, 1, 2
#: States of the rumour with a correction: never heard; spreads the rumour; heard it and
#: stopped; spreads the correction; knows the correction and stopped spreading it.
IGNORANT, SPREADER, STIFLER, CORRECTOR, CORRECTED = 0, 1, 2, 3, 4

#: Bound on ensemble work (runs × agents) so no call runs for hours by accident.
_MAX_WORK = 10**10


# ============================================================================ statistics


@constrained(successes=Integer(0, MAX_RUNS * 100), n_runs=Integer(1, MAX_RUNS * 100))
def proportion_interval(successes, n_runs) -> Interval:
    r"""A share of runs with its 95 % Wilson score interval.

    .. math::
        \frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n},
        \qquad z = 1.96

    Parameters
    ----------
    successes : int
        Runs with the outcome, ``0 <= successes <= n_runs``.
    n_runs : int
        Runs, ``n_runs >= 1``.

    Returns
    -------
    Interval

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209–212.
    https://doi.org/10.1080/01621459.1927.10502953

    Examples
    --------
    >>> ci = proportion_interval(0, 50)
    >>> ci.estimate, ci.low, round(ci.high, 3)
    (0.0, 0.0, 0.071)
    """
    n = n_runs
    if successes > n:
        raise ValueError(f"successes must be an integer in [0, n_runs = {n}], got {successes}")
    z = 1.959963984540054
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(p, low, high, n)


def _interval(values) -> Interval:
    """:func:`mean_interval`, or a zero-width interval for a single run."""
    values = np.asarray(values, dtype=float)
    if values.size == 1:
        x = float(values[0])
        return Interval(x, x, x, 1)
    return mean_interval(values)


# ============================================================================ results


@dataclass(frozen=True)
class ContagionRun:
    """One run of a contagion on a network.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Steps (generations or rounds) recorded, 0 first and the last step last.
    trajectory : ndarray of float, shape (R, len(states))
        Share of the population in each state at those steps (rows sum to 1).
    states : tuple of str
        Names of the trajectory's columns.
    final : ndarray of int8, shape (n,)
        Every node's state at the end.
    adoption_times : ndarray of int, shape (n,)
        Step at which each node was infected or adopted (0 for the seeds), −1 if never.
    n_steps_run : int
        Steps performed.
    converged : bool
        True if the process stopped by itself (nothing could change any more).
    duration : int
        The last step at which the state changed.
    params : dict
        The parameters of the run.
    """

    times: np.ndarray
    trajectory: np.ndarray
    states: tuple
    final: np.ndarray
    adoption_times: np.ndarray
    n_steps_run: int
    converged: bool
    duration: int
    params: dict = field(default_factory=dict)

    @property
    def final_share(self) -> float:
        """Share of the nodes ever infected or adopting (the seeds included)."""
        return float(np.mean(self.adoption_times >= 0))


@dataclass(frozen=True)
class OutbreakSizes:
    """Final sizes of independent-cascade outbreaks from single random seeds.

    Attributes
    ----------
    sizes : ndarray of float, shape (n_runs,)
        Share of the network ever infected in each run.
    counts : ndarray of int, shape (n_runs,)
        The same as numbers of nodes.
    params : dict
        ``transmissibility``, ``n_agents``, ``n_runs``.
    """

    sizes: np.ndarray
    counts: np.ndarray
    params: dict = field(default_factory=dict)

    def large(self, cutoff: float = 0.05) -> np.ndarray:
        """Boolean mask of the runs that reached more than ``cutoff`` of the network."""
        cutoff = Real(0, 1, low_open=True, high_open=True).check("cutoff", cutoff)
        return self.sizes > cutoff

    def large_share(self, cutoff: float = 0.05) -> Interval:
        """Share of runs that became large outbreaks, with its 95 % Wilson interval."""
        large = self.large(cutoff)
        return proportion_interval(int(large.sum()), large.size)

    def large_size(self, cutoff: float = 0.05) -> Interval | None:
        """Mean size of the large outbreaks with a 95 % interval (None if fewer than 2)."""
        large = self.large(cutoff)
        return _interval(self.sizes[large]) if large.sum() >= 2 else None


@dataclass(frozen=True)
class CascadeStatistics:
    """Cascades of Watts's threshold model from single random seeds, one network per run.

    Attributes
    ----------
    sizes : ndarray of float, shape (n_runs,)
        Share of the network that adopted in each run.
    cascade : ndarray of bool, shape (n_runs,)
        Whether the run was a *global cascade* (``sizes > cascade_share``).
    frequency : Interval
        Share of runs with a global cascade, with its 95 % Wilson interval.
    params : dict
        ``n_agents``, ``mean_degree``, ``threshold``, ``n_runs``, ``cascade_share``.
    """

    sizes: np.ndarray
    cascade: np.ndarray
    frequency: Interval
    params: dict = field(default_factory=dict)

    @property
    def cascade_size(self) -> Interval | None:
        """Mean size of the global cascades with a 95 % interval (None if fewer than 2)."""
        return _interval(self.sizes[self.cascade]) if self.cascade.sum() >= 2 else None


@dataclass(frozen=True)
class CascadeWindow:
    """Mean degrees ``low < z < high`` of Erdős–Rényi graphs where global cascades occur.

    ``params`` holds the parameter used, ``threshold`` (also a field of its own).
    """

    low: float
    high: float
    threshold: float
    params: dict = field(default_factory=dict)

    def contains(self, mean_degree: float) -> bool:
        """True if ``mean_degree`` lies inside the window."""
        z = Real(0).check("mean_degree", mean_degree)
        return bool(self.low < z < self.high)


@dataclass(frozen=True)
class LatticeContagionStatistics:
    """Threshold contagion on rewired ring lattices, seeded with one neighbourhood per run.

    Attributes
    ----------
    final_shares : ndarray of float, shape (n_runs,)
        Share of the population that adopted in each run.
    durations : ndarray of int, shape (n_runs,)
        Rounds until the last adoption in each run.
    params : dict
        ``n_agents``, ``k``, ``rewire_prob``, ``threshold``, ``n_runs``.
    """

    final_shares: np.ndarray
    durations: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def reach(self) -> Interval:
        """Mean share adopting, with a 95 % interval."""
        return _interval(self.final_shares)

    @property
    def time(self) -> Interval:
        """Mean rounds until the last adoption, with a 95 % interval."""
        return _interval(self.durations)


@dataclass(frozen=True)
class RumourRun:
    """One run of the Maki–Thompson rumour (with an optional correction).

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Contacts recorded, 0 first and the last contact last.
    trajectory : ndarray of float, shape (R, 5)
        Shares of ignorants, spreaders, stiflers, correction spreaders and corrected people
        (the columns of ``states``) at those contacts.
    states : tuple of str
        Names of the trajectory's columns.
    final : ndarray of int8, shape (n_agents,)
        Every person's state at the end.
    heard_times : ndarray of int, shape (n_agents,)
        Contact at which each person heard the rumour (0 for the first spreaders), −1 never.
    corrected_times : ndarray of int, shape (n_agents,)
        Contact at which each person accepted the correction, −1 never.
    n_steps_run : int
        Contacts performed.
    converged : bool
        True if the run ended because nobody was spreading anything any more.
    rumour_end : int
        Contact at which the last rumour spreader stopped (or switched to the correction).
    correction_start : int
        Contact at which the correction started, −1 if there was none.
    params : dict
        The parameters of the run.
    """

    times: np.ndarray
    trajectory: np.ndarray
    states: tuple
    final: np.ndarray
    heard_times: np.ndarray
    corrected_times: np.ndarray
    n_steps_run: int
    converged: bool
    rumour_end: int
    correction_start: int
    params: dict = field(default_factory=dict)

    @property
    def never_heard(self) -> float:
        """Share of people who never heard the rumour."""
        return float(np.mean(self.heard_times < 0))

    @property
    def corrected_share(self) -> float:
        """Share of people who accepted the correction by the end."""
        return float(np.mean(self.corrected_times >= 0))

    @property
    def corrected_at_rumour_end(self) -> float:
        """Share of people who had accepted the correction when the rumour died."""
        c = self.corrected_times
        return float(np.mean((c >= 0) & (c <= self.rumour_end)))

    @property
    def misinformed(self) -> float:
        """Share of people who heard the rumour and never accepted the correction."""
        return float(np.mean((self.heard_times >= 0) & (self.corrected_times < 0)))


@dataclass(frozen=True)
class RumourStatistics:
    """Replicate runs of :func:`maki_thompson`; one entry per run in each array.

    Attributes
    ----------
    never_heard, corrected, corrected_at_rumour_end, misinformed : ndarray of float
        The :class:`RumourRun` shares of each run.
    rumour_end : ndarray of int
        Contact at which the rumour died in each run.
    params : dict
        The parameters of the runs.
    """

    never_heard: np.ndarray
    corrected: np.ndarray
    corrected_at_rumour_end: np.ndarray
    misinformed: np.ndarray
    rumour_end: np.ndarray
    params: dict = field(default_factory=dict)

    def interval(self, measure: str) -> Interval:
        """Mean of one measure over the runs, with a 95 % interval.

        ``measure`` is one of ``"never_heard"``, ``"corrected"``,
        ``"corrected_at_rumour_end"``, ``"misinformed"``, ``"rumour_end"``.
        """
        measures = ("never_heard", "corrected", "corrected_at_rumour_end", "misinformed")
        if measure not in measures + ("rumour_end",):
            raise ValueError(
                f"measure must be one of {measures + ('rumour_end',)}, got {measure!r}"
            )
        return _interval(getattr(self, measure))


# ============================================================================ helpers


def _initial_nodes(name, initial, n, rng) -> np.ndarray:
    """Sorted unique seed nodes: the given indices, or one node drawn uniformly."""
    if initial is None:
        return np.array([int(rng.integers(n))], dtype=np.int64)
    nodes = np.asarray(initial, dtype=np.int64)
    if nodes.max() >= n:
        raise ValueError(f"{name} must be node indices in [0, {n - 1}], got {int(nodes.max())}")
    unique = np.unique(nodes)
    if unique.size != nodes.size:
        raise ValueError(f"{name} must not repeat a node")
    return unique


def _shares_from_times(event_times: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Share of nodes whose (non-negative) event time is <= each recorded time."""
    happened = np.sort(event_times[event_times >= 0])
    return np.searchsorted(happened, times, side="right") / event_times.size


def _edge_targets(indptr, indices, nodes) -> np.ndarray:
    """Neighbours of ``nodes`` in CSR order, node by node (one entry per tie)."""
    starts = indptr[nodes]
    lengths = indptr[nodes + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=indices.dtype)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return indices[offsets + np.arange(total)]


def _check_work(n_runs, n_agents):
    if n_runs * n_agents > _MAX_WORK:
        raise ValueError(
            f"n_runs × n_agents must be at most {_MAX_WORK:.0e}, got {n_runs * n_agents:.2e}"
        )


def _check_state(name, new, old, allowed):
    if not isinstance(new, np.ndarray) or new.shape != old.shape:
        raise ValueError(
            f"{name} must return an array of shape {old.shape}, got "
            f"{getattr(new, 'shape', type(new).__name__)}"
        )
    if not np.isin(new, allowed).all():
        raise ValueError(f"{name} must return states in {sorted(allowed)}")


# ============================================================================ simple contagion


_SIR_STATES = ("susceptible", "infected", "recovered")


def _cascade_fast(indptr, indices, state, times, frontier, transmissibility, max_steps, rng):
    """Generations of the independent cascade, vectorised over the ties of the frontier.

    Draws one uniform per tie leaving the infected nodes, in ascending node order and CSR
    order within a node — exactly the draws of the readable rule, so both give identical
    runs for the same seed.
    """
    t = 0
    while frontier.size and t < max_steps:
        targets = _edge_targets(indptr, indices, frontier)
        hit = targets[rng.random(targets.size) < transmissibility]
        hit = np.unique(hit[state[hit] == SUSCEPTIBLE])
        t += 1
        state[frontier] = RECOVERED
        state[hit] = INFECTED
        times[hit] = t
        frontier = hit
    return t, frontier.size == 0


def _cascade_custom(step, adjacency, state, times, transmissibility, max_steps, rng):
    t = 0
    counts = [np.bincount(state, minlength=3)]
    while (state == INFECTED).any() and t < max_steps:
        new = step(state.copy(), adjacency, transmissibility, rng)
        _check_state("step", new, state, (SUSCEPTIBLE, INFECTED, RECOVERED))
        new = np.asarray(new, dtype=np.int8)
        t += 1
        times[(new == INFECTED) & (times < 0)] = t
        state = new
        counts.append(np.bincount(state, minlength=3))
    return t, not (state == INFECTED).any(), state, np.array(counts) / state.size


@constrained(
    adjacency=Adjacency(),
    transmissibility=Probability(),
    initial_infected=Optional(Array(1, low=0, integer=True)),
    max_steps=Integer(1, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def independent_cascade(
    adjacency,
    *,
    transmissibility=0.5,
    initial_infected=None,
    max_steps=100_000,
    n_records=100,
    rng=None,
    step=None,
) -> ContagionRun:
    r"""Simple contagion: the independent cascade (SIR with an infectious period of one step).

    Each node is susceptible (S), infected (I) or recovered (R). In every generation each
    infected node :math:`i` tries once to pass the contagion along each of its ties; the tie
    transmits with probability :math:`T`, independently of everything else; then :math:`i`
    recovers:

    .. math::
        P\bigl(j \in I_{t+1} \mid j \in S_t\bigr)
          = 1 - (1 - T)^{\#\{i \in I_t : i \sim j\}}, \qquad I_t \to R_{t+1}.

    Because every tie is tried exactly once, the set ever infected is the cluster of the seed
    in *bond percolation* with occupation probability :math:`T` (Newman 2002). A step is one
    generation; the run stops when nobody is infected.

    Parameters
    ----------
    adjacency : sparse matrix or array_like, shape (n, n)
        The network: symmetric 0/1 adjacency matrix.
    transmissibility : float
        :math:`T`, probability that a tie passes the contagion on.
    initial_infected : array_like of int, optional
        Nodes infected at step 0 (distinct indices). Default: one node drawn uniformly.
    max_steps : int
        Upper bound on the number of generations.
    n_records : int
        Points of the trajectory besides step 0 (``times = record_times(n_steps_run,
        n_records)``).
    rng : numpy.random.Generator, int or None
        Source of randomness.
    step : callable, optional
        A replacement for one generation, with the signature of
        :func:`socmodels.rules.spreading.independent_cascade_step`
        (``step(state, adjacency, transmissibility, rng) -> new_state``). Default: the fast
        vectorised generation, which gives the same runs as that rule.

    Returns
    -------
    ContagionRun
        With ``states = ("susceptible", "infected", "recovered")``.

    References
    ----------
    Newman, M. E. J. (2002). Spread of epidemic disease on networks. *Physical Review E*,
    66(1), 016128. https://doi.org/10.1103/PhysRevE.66.016128

    Kempe, D., Kleinberg, J. & Tardos, É. (2003). Maximizing the spread of influence through
    a social network. *Proc. KDD '03*, 137–146. https://doi.org/10.1145/956750.956769

    Examples
    --------
    >>> from socmodels import networks
    >>> ring = networks.watts_strogatz(10, 2, 0.0)
    >>> run = independent_cascade(ring, transmissibility=1.0, initial_infected=[0])
    >>> run.final_share, run.n_steps_run, run.converged
    (1.0, 6, True)
    >>> run.adoption_times.tolist()
    [0, 1, 2, 3, 4, 5, 4, 3, 2, 1]
    """
    n = adjacency.shape[0]
    seeds = _initial_nodes("initial_infected", initial_infected, n, rng)
    state = np.zeros(n, dtype=np.int8)
    state[seeds] = INFECTED
    times = np.full(n, -1, dtype=np.int64)
    times[seeds] = 0
    if step is None:
        t, converged = _cascade_fast(
            adjacency.indptr, adjacency.indices, state, times, seeds, transmissibility,
            max_steps, rng,
        )  # fmt: skip
        recorded = record_times(t, n_records)
        ever = _shares_from_times(times, recorded)
        ever_before = _shares_from_times(times, recorded - 1)
        trajectory = np.column_stack([1 - ever, ever - ever_before, ever_before])
    else:
        t, converged, state, per_step = _cascade_custom(
            step, adjacency, state, times, transmissibility, max_steps, rng
        )
        recorded = record_times(t, n_records)
        trajectory = per_step[recorded]
    last = int(times.max())
    return ContagionRun(
        times=recorded,
        trajectory=trajectory,
        states=_SIR_STATES,
        final=state,
        adoption_times=times,
        n_steps_run=int(t),
        converged=bool(converged),
        duration=last + 1 if converged else int(t),
        params={"transmissibility": transmissibility, "n_agents": n},
    )


@constrained(
    adjacency=Adjacency(),
    transmissibility=Probability(),
    n_runs=Integer(1, MAX_RUNS),
    rng=Seed(),
)
def outbreak_sizes(adjacency, *, transmissibility=0.5, n_runs=100, rng=None) -> OutbreakSizes:
    r"""Final sizes of independent-cascade outbreaks, each from one random seed.

    Runs :func:`independent_cascade` ``n_runs`` times on the same network, each run with its
    own child generator (:func:`~socmodels.contract.spawn_generators`) that picks the seed
    uniformly and draws the transmissions. On a large network the sizes split into small
    outbreaks and large ones; the large ones cover the share :math:`S` of
    :func:`er_outbreak_size` and (on Erdős–Rényi graphs) occur with probability :math:`S`.

    Parameters
    ----------
    adjacency : sparse matrix or array_like, shape (n, n)
        The network: symmetric 0/1 adjacency matrix.
    transmissibility : float
        :math:`T`, probability that a tie passes the contagion on.
    n_runs : int
        Number of outbreaks.
    rng : numpy.random.Generator, int or None
        Source of randomness (children spawned per run).

    Returns
    -------
    OutbreakSizes

    References
    ----------
    Newman, M. E. J. (2002). Spread of epidemic disease on networks. *Physical Review E*,
    66(1), 016128. https://doi.org/10.1103/PhysRevE.66.016128

    Examples
    --------
    >>> from socmodels import networks
    >>> sizes = outbreak_sizes(networks.complete_graph(20), transmissibility=1.0, n_runs=3)
    >>> sizes.sizes.tolist()
    [1.0, 1.0, 1.0]
    """
    n = adjacency.shape[0]
    _check_work(n_runs, n)

    def one_run(child):
        seeds = np.array([int(child.integers(n))], dtype=np.int64)
        state = np.zeros(n, dtype=np.int8)
        state[seeds] = INFECTED
        times = np.full(n, -1, dtype=np.int64)
        times[seeds] = 0
        _cascade_fast(
            adjacency.indptr, adjacency.indices, state, times, seeds, transmissibility,
            MAX_STEPS, child,
        )  # fmt: skip
        return int((times >= 0).sum())

    counts = np.array(replicate(one_run, n_runs, rng), dtype=np.int64)
    return OutbreakSizes(
        sizes=counts / n,
        counts=counts,
        params={"transmissibility": transmissibility, "n_agents": n, "n_runs": n_runs},
    )


@constrained(mean_degree=Real(0, 10_000), transmissibility=Probability())
def er_outbreak_size(mean_degree, *, transmissibility=0.5) -> float:
    r"""Share :math:`S` reached by a large outbreak on a large Erdős–Rényi graph.

    Bond percolation with occupation probability :math:`T` of a Poisson graph of mean degree
    :math:`c` leaves a Poisson graph of mean degree :math:`cT`, so (Newman 2002)

    .. math:: S = 1 - e^{-cTS}, \qquad S > 0 \iff cT > 1.

    Parameters
    ----------
    mean_degree : float
        :math:`c`, the graph's mean degree.
    transmissibility : float
        :math:`T`.

    Returns
    -------
    float

    References
    ----------
    Newman, M. E. J. (2002). Spread of epidemic disease on networks. *Physical Review E*,
    66(1), 016128. https://doi.org/10.1103/PhysRevE.66.016128

    Examples
    --------
    >>> round(er_outbreak_size(4.0, transmissibility=0.5), 4)
    0.7968
    >>> er_outbreak_size(4.0, transmissibility=0.2)
    0.0
    """
    return float(er_giant_component(mean_degree * transmissibility))


def _degree_moments(degrees) -> tuple[float, float]:
    k = np.asarray(degrees, dtype=float)
    return float(k.mean()), float(np.mean(k * k))


@constrained(degrees=Array(1, low=0, integer=True, min_size=1))
def epidemic_threshold(degrees) -> float:
    r"""Epidemic threshold of the independent cascade on a network with these degrees.

    For a random network with the given degree sequence (the configuration model), large
    outbreaks are possible exactly when (Newman 2002)

    .. math::
        T > T_c = \frac{\langle k\rangle}{\langle k^2\rangle - \langle k\rangle}.

    On an Erdős–Rényi graph :math:`T_c = 1/c`; when :math:`\langle k^2\rangle` grows with
    the size of the network, as for scale-free degree distributions, :math:`T_c \to 0`
    (Pastor-Satorras & Vespignani 2001).

    Parameters
    ----------
    degrees : array_like of int
        Degree of every node (at least one node of degree >= 2).

    Returns
    -------
    float
        :math:`T_c`; a value above 1 means no transmissibility is enough.

    References
    ----------
    Newman, M. E. J. (2002). Spread of epidemic disease on networks. *Physical Review E*,
    66(1), 016128. https://doi.org/10.1103/PhysRevE.66.016128

    Pastor-Satorras, R. & Vespignani, A. (2001). Epidemic spreading in scale-free networks.
    *Physical Review Letters*, 86(14), 3200–3203. https://doi.org/10.1103/PhysRevLett.86.3200

    Examples
    --------
    >>> epidemic_threshold([2, 2, 2, 2])          # a ring: only T = 1 spreads far
    1.0
    >>> round(epidemic_threshold([1, 3, 3, 1]), 3)
    0.667
    """
    mean_k, mean_k2 = _degree_moments(degrees)
    excess = mean_k2 - mean_k
    if excess <= 0:
        raise ValueError("degrees must include a node of degree >= 2 (otherwise T_c is infinite)")
    return mean_k / excess


@constrained(degrees=Array(1, low=0, integer=True, min_size=1), transmissibility=Probability())
def mean_outbreak_size(degrees, *, transmissibility=0.5) -> float:
    r"""Mean number of nodes an outbreak from one random seed reaches, below the threshold.

    For the configuration model with these degrees and :math:`T < T_c` (Newman 2002),

    .. math::
        \langle s\rangle = 1 + \frac{T\langle k\rangle}
            {1 - T\,(\langle k^2\rangle - \langle k\rangle)/\langle k\rangle}.

    Parameters
    ----------
    degrees : array_like of int
        Degree of every node.
    transmissibility : float
        :math:`T`, below :func:`epidemic_threshold`.

    Returns
    -------
    float

    References
    ----------
    Newman, M. E. J. (2002). Spread of epidemic disease on networks. *Physical Review E*,
    66(1), 016128. https://doi.org/10.1103/PhysRevE.66.016128

    Examples
    --------
    >>> round(mean_outbreak_size([4] * 10, transmissibility=0.2), 3)  # 1 + 0.8 / (1 - 0.6)
    3.0
    """
    mean_k, mean_k2 = _degree_moments(degrees)
    if mean_k == 0:
        return 1.0
    ratio = transmissibility * (mean_k2 - mean_k) / mean_k
    if ratio >= 1:
        raise ValueError(
            f"transmissibility must be below the epidemic threshold "
            f"{mean_k / (mean_k2 - mean_k):.4g}, got {transmissibility}"
        )
    return 1.0 + transmissibility * mean_k / (1.0 - ratio)


# ============================================================================ threshold models


@njit(cache=True)
def _threshold_kernel(indptr, indices, frontier, adoption_time, fractional, threshold, max_rounds):
    """Synchronous rounds of a threshold contagion, touching only ties of new adopters.

    indptr, indices : CSR arrays of the network.
    frontier : int64 array, the nodes adopted at round 0 (``adoption_time`` already 0).
    adoption_time : int64 array (n,), −1 for non-adopters; filled in place with the round
        of adoption.
    fractional : bool; True: node j adopts when (adopting neighbours) / degree >= threshold
        (Watts 2002); False: when adopting neighbours >= threshold (Centola & Macy 2007).
    threshold : float, the threshold.
    max_rounds : int, bound on the rounds.

    Returns (rounds run, converged). A round in which nobody adopts ends the run and is
    counted, as in :func:`socmodels.contract.iterate`.
    """
    n = indptr.size - 1
    counts = np.zeros(n, np.int64)
    marked = np.zeros(n, np.bool_)
    candidates = np.empty(n, np.int64)
    current = np.empty(n, np.int64)
    following = np.empty(n, np.int64)
    n_current = frontier.size
    current[:n_current] = frontier
    t = 0
    while t < max_rounds:
        n_candidates = 0
        for a in range(n_current):
            i = current[a]
            for e in range(indptr[i], indptr[i + 1]):
                j = indices[e]
                if adoption_time[j] < 0:
                    counts[j] += 1
                    if not marked[j]:
                        marked[j] = True
                        candidates[n_candidates] = j
                        n_candidates += 1
        t += 1
        n_following = 0
        for a in range(n_candidates):
            j = candidates[a]
            marked[j] = False
            if fractional:
                adopts = counts[j] / (indptr[j + 1] - indptr[j]) >= threshold
            else:
                adopts = counts[j] >= threshold
            if adopts:
                adoption_time[j] = t
                following[n_following] = j
                n_following += 1
        if n_following == 0:
            return t, True
        current, following = following, current
        n_current = n_following
    return t, False


def _threshold_custom(step, adjacency, adopted, times, threshold, max_steps):
    t = 0
    shares = [adopted.mean()]
    converged = False
    while t < max_steps:
        new = step(adopted.copy(), adjacency, threshold)
        _check_state("step", np.asarray(new).astype(np.int8), adopted.astype(np.int8), (0, 1))
        new = np.asarray(new, dtype=bool)
        t += 1
        shares.append(new.mean())
        changed = bool((new != adopted).any())
        times[new & (times < 0)] = t
        adopted = new
        if not changed:
            converged = True
            break
    return t, converged, adopted, np.array(shares)


def _threshold_run(adjacency, initial, threshold, fractional, max_steps, n_records, rng, step):
    n = adjacency.shape[0]
    seeds = _initial_nodes("initial_adopters", initial, n, rng)
    times = np.full(n, -1, dtype=np.int64)
    times[seeds] = 0
    if step is None:
        t, converged = _threshold_kernel(
            adjacency.indptr.astype(np.int64), adjacency.indices.astype(np.int64), seeds,
            times, fractional, float(threshold), max_steps,
        )  # fmt: skip
        final = times >= 0
        recorded = record_times(int(t), n_records)
        share = _shares_from_times(times, recorded)
    else:
        adopted = np.zeros(n, dtype=bool)
        adopted[seeds] = True
        t, converged, final, shares = _threshold_custom(
            step, adjacency, adopted, times, threshold, max_steps
        )
        recorded = record_times(int(t), n_records)
        share = shares[recorded]
    return ContagionRun(
        times=recorded,
        trajectory=np.column_stack([1 - share, share]),
        states=("not adopted", "adopted"),
        final=final.astype(np.int8),
        adoption_times=times,
        n_steps_run=int(t),
        converged=bool(converged),
        duration=int(times.max()),
        params={"threshold": threshold, "n_agents": n},
    )


@constrained(
    adjacency=Adjacency(),
    threshold=Real(0, 1, low_open=True),
    initial_adopters=Optional(Array(1, low=0, integer=True)),
    max_steps=Integer(1, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def watts_cascade(
    adjacency,
    *,
    threshold=0.18,
    initial_adopters=None,
    max_steps=100_000,
    n_records=100,
    rng=None,
    step=None,
) -> ContagionRun:
    r"""Watts's global-cascade model: adopt once a fraction :math:`\varphi` of contacts has.

    A node :math:`i` of degree :math:`k_i \ge 1` adopts (for good) when the share of its
    neighbours who have adopted reaches its threshold :math:`\varphi`:

    .. math::
        a_i(t+1) = a_i(t) \;\lor\;
          \Bigl[\tfrac{1}{k_i}\textstyle\sum_{j \sim i} a_j(t) \ge \varphi\Bigr].

    Rounds are synchronous; because adoption is permanent and the rule monotone, the final
    set of adopters does not depend on the schedule (Watts 2002 updates in random order).
    Nodes with :math:`k_i \le 1/\varphi` are *vulnerable*: one adopting neighbour suffices.

    Parameters
    ----------
    adjacency : sparse matrix or array_like, shape (n, n)
        The network: symmetric 0/1 adjacency matrix.
    threshold : float
        :math:`\varphi`, the same for everyone.
    initial_adopters : array_like of int, optional
        Nodes that have adopted at round 0. Default: one node drawn uniformly (Watts's
        single random seed).
    max_steps : int
        Upper bound on the rounds.
    n_records : int
        Points of the trajectory besides round 0.
    rng : numpy.random.Generator, int or None
        Picks the default seed (the dynamics are deterministic).
    step : callable, optional
        A replacement for one round, with the signature of
        :func:`socmodels.rules.spreading.fractional_threshold_step`
        (``step(adopted, adjacency, threshold) -> new_adopted``, boolean arrays).

    Returns
    -------
    ContagionRun
        With ``states = ("not adopted", "adopted")``.

    References
    ----------
    Watts, D. J. (2002). A simple model of global cascades on random networks. *Proceedings
    of the National Academy of Sciences*, 99(9), 5766–5771.
    https://doi.org/10.1073/pnas.082090499

    Examples
    --------
    >>> from socmodels import networks
    >>> star = networks.star_graph(6)                 # a hub with five leaves
    >>> watts_cascade(star, threshold=0.5, initial_adopters=[1]).final_share  # 1/5 < 0.5
    0.16666666666666666
    >>> watts_cascade(star, threshold=0.2, initial_adopters=[1]).final_share  # 1/5 >= 0.2
    1.0
    """
    return _threshold_run(
        adjacency, initial_adopters, threshold, True, max_steps, n_records, rng, step
    )


@constrained(
    adjacency=Adjacency(),
    threshold=Integer(1, MAX_AGENTS),
    initial_adopters=Optional(Array(1, low=0, integer=True)),
    max_steps=Integer(1, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def complex_contagion(
    adjacency,
    *,
    threshold=2,
    initial_adopters=None,
    max_steps=100_000,
    n_records=100,
    rng=None,
    step=None,
) -> ContagionRun:
    r"""Complex contagion: adopt once at least :math:`m` contacts have (Centola & Macy 2007).

    .. math::
        a_i(t+1) = a_i(t) \;\lor\; \Bigl[\textstyle\sum_{j \sim i} a_j(t) \ge m\Bigr].

    With :math:`m = 1` this is a *simple* contagion that always reaches the seed's whole
    component; with :math:`m \ge 2` a behaviour needs reinforcement from several contacts,
    which clustered (overlapping) neighbourhoods supply and long random ties do not.
    Rounds are synchronous (the final set does not depend on the schedule); the number of
    rounds is the time the behaviour takes to spread.

    Parameters
    ----------
    adjacency : sparse matrix or array_like, shape (n, n)
        The network: symmetric 0/1 adjacency matrix.
    threshold : int
        :math:`m`, adopting contacts needed.
    initial_adopters : array_like of int, optional
        Nodes that have adopted at round 0. Default: one node drawn uniformly (which cannot
        spread a contagion with :math:`m \ge 2`; seed a neighbourhood with
        :func:`neighbourhood`).
    max_steps : int
        Upper bound on the rounds.
    n_records : int
        Points of the trajectory besides round 0.
    rng : numpy.random.Generator, int or None
        Picks the default seed.
    step : callable, optional
        A replacement for one round, with the signature of
        :func:`socmodels.rules.spreading.count_threshold_step`.

    Returns
    -------
    ContagionRun
        With ``states = ("not adopted", "adopted")``.

    References
    ----------
    Centola, D. & Macy, M. (2007). Complex contagions and the weakness of long ties.
    *American Journal of Sociology*, 113(3), 702–734. https://doi.org/10.1086/521848

    Examples
    --------
    >>> from socmodels import networks
    >>> ring = networks.watts_strogatz(30, 4, 0.0)    # each knows two on either side
    >>> seeds = neighbourhood(ring, 0)
    >>> complex_contagion(ring, threshold=2, initial_adopters=seeds).final_share
    1.0
    >>> complex_contagion(ring, threshold=3, initial_adopters=seeds).final_share
    0.16666666666666666
    """
    return _threshold_run(
        adjacency, initial_adopters, threshold, False, max_steps, n_records, rng, step
    )


@constrained(adjacency=Adjacency(), node=Integer(0, MAX_AGENTS))
def neighbourhood(adjacency, node) -> np.ndarray:
    """A node and its neighbours, sorted: the "seeded neighbourhood" of Centola & Macy (2007).

    Parameters
    ----------
    adjacency : sparse matrix or array_like, shape (n, n)
        The network.
    node : int
        The focal node, ``0 <= node < n``.

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> from socmodels import networks
    >>> neighbourhood(networks.watts_strogatz(10, 4, 0.0), 0).tolist()
    [0, 1, 2, 8, 9]
    """
    n = adjacency.shape[0]
    if node >= n:
        raise ValueError(f"node must be an integer in [0, {n - 1}], got {node}")
    ties = adjacency.indices[adjacency.indptr[node] : adjacency.indptr[node + 1]]
    return np.unique(np.r_[node, ties]).astype(np.int64)


# ============================================================================ global cascades


def _poisson_support(z: float) -> tuple[np.ndarray, np.ndarray]:
    k_max = int(z + 12 * math.sqrt(z + 1) + 30)
    k = np.arange(k_max + 1)
    return k, scipy.stats.poisson.pmf(k, z)


def _vulnerable(k: np.ndarray, threshold: float) -> np.ndarray:
    # Vulnerable: degree >= 1 and one adopting neighbour of k suffices, 1/k >= phi.
    safe_k = np.maximum(k, 1)
    return ((k >= 1) & (1.0 / safe_k >= threshold)).astype(float)


# The window's upper end grows like 2/phi; below phi = 0.001 the Poisson grid would be
# beyond any network the book builds (and slow to scan).
@constrained(threshold=Real(0.001, 1))
def cascade_window(threshold=0.18) -> CascadeWindow:
    r"""The mean degrees of Erdős–Rényi graphs on which global cascades can occur.

    Global cascades need a giant cluster of *vulnerable* nodes (:math:`k \le 1/\varphi`).
    With Poisson degrees :math:`p_k` and :math:`\rho_k = \mathbb 1[k \le 1/\varphi]` it exists
    where (Watts 2002, eq. 6)

    .. math:: \sum_k k(k-1)\,\rho_k\,p_k > z = \langle k\rangle,

    an interval :math:`z_{\text{low}} < z < z_{\text{high}}` (empty, ``low = high = 0``, if
    :math:`\varphi > 1/2`).

    Parameters
    ----------
    threshold : float
        :math:`\varphi`.

    Returns
    -------
    CascadeWindow

    References
    ----------
    Watts, D. J. (2002). A simple model of global cascades on random networks. *Proceedings
    of the National Academy of Sciences*, 99(9), 5766–5771.
    https://doi.org/10.1073/pnas.082090499

    Examples
    --------
    >>> w = cascade_window(0.18)
    >>> round(w.low, 2), round(w.high, 2)
    (1.02, 5.76)
    """

    def excess(z):
        k, p = _poisson_support(z)
        return float(np.sum(k * (k - 1) * _vulnerable(k, threshold) * p)) - z

    grid = np.linspace(0.01, 2.0 / threshold + 10.0, 800)
    values = np.array([excess(z) for z in grid])
    inside = np.flatnonzero(values > 0)
    if inside.size == 0:  # threshold > 1/2: no node of degree >= 2 is vulnerable
        return CascadeWindow(
            low=0.0, high=0.0, threshold=threshold, params={"threshold": threshold}
        )
    a, b = inside[0], inside[-1]
    low = scipy.optimize.brentq(excess, grid[a - 1], grid[a]) if a > 0 else grid[0]
    high = scipy.optimize.brentq(excess, grid[b], grid[b + 1])
    params = {"threshold": threshold}
    return CascadeWindow(low=float(low), high=float(high), threshold=threshold, params=params)


@constrained(mean_degree=Real(0, 1000), threshold=Real(0, 1, low_open=True))
def cascade_probability(mean_degree, *, threshold=0.18) -> float:
    r"""Probability that one random seed triggers a global cascade on a large ER graph.

    A seed starts a global cascade when one of its ties leads into the giant vulnerable
    cluster (Watts 2002: the *extended* vulnerable cluster). With :math:`q_k = k p_k / z`
    the degree distribution at the end of a random tie, the probability :math:`u` that a tie
    does *not* lead into it is the smallest root in :math:`[0, 1]` of

    .. math:: u = \sum_k q_k\,\bigl[(1 - \rho_k) + \rho_k\,u^{k-1}\bigr],
              \qquad P_{\text{cascade}} = 1 - \sum_k p_k\,u^k .

    Parameters
    ----------
    mean_degree : float
        :math:`z`.
    threshold : float
        :math:`\varphi`.

    Returns
    -------
    float

    References
    ----------
    Watts, D. J. (2002). A simple model of global cascades on random networks. *Proceedings
    of the National Academy of Sciences*, 99(9), 5766–5771.
    https://doi.org/10.1073/pnas.082090499

    Examples
    --------
    >>> round(cascade_probability(2.0, threshold=0.18), 3)
    0.754
    >>> round(cascade_probability(4.0, threshold=0.18), 3)
    0.865
    >>> cascade_probability(7.0, threshold=0.18)
    0.0
    """
    if mean_degree == 0:
        return 0.0
    k, p = _poisson_support(mean_degree)
    rho = _vulnerable(k, threshold)
    q = k * p / mean_degree
    powers = np.maximum(k - 1, 0)
    u = 0.0
    for _ in range(100_000):
        new = float(np.sum(q * ((1 - rho) + rho * u**powers)))
        if abs(new - u) < 1e-14:
            u = new
            break
        u = new
    probability = 1.0 - float(np.sum(p * u**k))
    return 0.0 if probability < 1e-9 else probability


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    mean_degree=Real(0, 1000),
    threshold=Real(0, 1, low_open=True),
    n_runs=Integer(1, MAX_RUNS),
    cascade_share=Real(0, 1, low_open=True, high_open=True),
    rng=Seed(),
)
def cascade_frequency(
    n_agents,
    *,
    mean_degree=4.0,
    threshold=0.18,
    n_runs=100,
    cascade_share=0.1,
    rng=None,
) -> CascadeStatistics:
    r"""How often one random seed triggers a global cascade (Watts 2002, Fig. 1).

    Each run draws a fresh Erdős–Rényi graph :math:`G(n, z/(n-1))`, picks one seed node
    uniformly and runs :func:`watts_cascade` to the end; a run is a *global cascade* when
    more than ``cascade_share`` of the network adopts (Watts uses 10 %). Each run has its
    own child generator.

    Parameters
    ----------
    n_agents : int
        Nodes per network.
    mean_degree : float
        :math:`z`, mean degree of the graphs, below ``n_agents - 1``.
    threshold : float
        :math:`\varphi`, the same for everyone.
    n_runs : int
        Networks (one seed each).
    cascade_share : float
        Size above which a run counts as a global cascade.
    rng : numpy.random.Generator, int or None
        Source of randomness (children spawned per run).

    Returns
    -------
    CascadeStatistics

    References
    ----------
    Watts, D. J. (2002). A simple model of global cascades on random networks. *Proceedings
    of the National Academy of Sciences*, 99(9), 5766–5771.
    https://doi.org/10.1073/pnas.082090499

    Examples
    --------
    >>> stats = cascade_frequency(2000, mean_degree=8.0, n_runs=5, rng=1)
    >>> stats.frequency.estimate                   # z = 8 is outside the window
    0.0
    """
    if mean_degree > n_agents - 1:
        raise ValueError(
            f"mean_degree must be a real number in [0, n_agents - 1 = {n_agents - 1}], "
            f"got {mean_degree}"
        )
    _check_work(n_runs, n_agents)

    def one_run(child):
        graph = networks.erdos_renyi(n_agents, mean_degree=mean_degree, rng=child)
        seed = np.array([int(child.integers(n_agents))], dtype=np.int64)
        times = np.full(n_agents, -1, dtype=np.int64)
        times[seed] = 0
        _threshold_kernel(
            graph.indptr.astype(np.int64), graph.indices.astype(np.int64), seed, times,
            True, float(threshold), MAX_STEPS,
        )  # fmt: skip
        return np.mean(times >= 0)

    sizes = np.array(replicate(one_run, n_runs, rng), dtype=float)
    cascade = sizes > cascade_share
    return CascadeStatistics(
        sizes=sizes,
        cascade=cascade,
        frequency=proportion_interval(int(cascade.sum()), n_runs),
        params={
            "n_agents": n_agents,
            "mean_degree": mean_degree,
            "threshold": threshold,
            "n_runs": n_runs,
            "cascade_share": cascade_share,
        },
    )


# ============================================================================ complex contagion


@constrained(
    n_agents=Integer(10, MAX_AGENTS),
    k=Integer(2, 1000),
    rewire_prob=Probability(),
    threshold=Integer(1, 1000),
    n_runs=Integer(1, MAX_RUNS),
    seed_neighbourhood=Flag(),
    rng=Seed(),
)
def rewired_lattice_contagion(
    n_agents,
    *,
    k=8,
    rewire_prob=0.0,
    threshold=2,
    n_runs=10,
    seed_neighbourhood=True,
    rng=None,
) -> LatticeContagionStatistics:
    r"""Threshold contagion on rewired ring lattices (Centola & Macy 2007).

    Each run builds a Watts–Strogatz ring of ``n_agents`` nodes, each tied to its ``k``
    nearest neighbours, with every tie rewired to a random node with probability
    ``rewire_prob`` (:func:`socmodels.networks.watts_strogatz`); seeds a random focal node
    and (with ``seed_neighbourhood``) all its contacts; and runs :func:`complex_contagion`
    with threshold :math:`m` to the end.

    Parameters
    ----------
    n_agents : int
        Nodes of the ring, ``>= 10``.
    k : int
        Even number of ring neighbours, ``k < n_agents``.
    rewire_prob : float
        Probability that a tie is rewired.
    threshold : int
        :math:`m`, adopting contacts needed (1: a simple contagion).
    n_runs : int
        Networks (one seeded neighbourhood each).
    seed_neighbourhood : bool
        Seed the focal node's contacts too (default) or the focal node only.
    rng : numpy.random.Generator, int or None
        Source of randomness (children spawned per run).

    Returns
    -------
    LatticeContagionStatistics

    References
    ----------
    Centola, D. & Macy, M. (2007). Complex contagions and the weakness of long ties.
    *American Journal of Sociology*, 113(3), 702–734. https://doi.org/10.1086/521848

    Examples
    --------
    >>> stats = rewired_lattice_contagion(200, rewire_prob=0.0, n_runs=2, rng=1)
    >>> stats.final_shares.tolist()
    [1.0, 1.0]
    """
    if k % 2 or k >= n_agents:
        raise ValueError(f"k must be an even integer in [2, n_agents - 1], got {k}")
    _check_work(n_runs, n_agents)

    def one_run(child):
        graph = networks.watts_strogatz(n_agents, k, rewire_prob, rng=child)
        focal = int(child.integers(n_agents))
        if seed_neighbourhood:
            ties = graph.indices[graph.indptr[focal] : graph.indptr[focal + 1]]
            seeds = np.unique(np.r_[focal, ties]).astype(np.int64)
        else:
            seeds = np.array([focal], dtype=np.int64)
        times = np.full(n_agents, -1, dtype=np.int64)
        times[seeds] = 0
        _threshold_kernel(
            graph.indptr.astype(np.int64), graph.indices.astype(np.int64), seeds, times,
            False, float(threshold), MAX_STEPS,
        )  # fmt: skip
        return np.mean(times >= 0), times.max()

    runs = replicate(one_run, n_runs, rng)
    shares = np.array([share for share, _ in runs], dtype=float)
    durations = np.array([duration for _, duration in runs], dtype=np.int64)
    return LatticeContagionStatistics(
        final_shares=shares,
        durations=durations,
        params={
            "n_agents": n_agents,
            "k": k,
            "rewire_prob": rewire_prob,
            "threshold": threshold,
            "n_runs": n_runs,
        },
    )


# ============================================================================ rumours


_RUMOUR_STATES = ("ignorant", "spreader", "stifler", "correction spreader", "corrected")


@njit(cache=True)
def _tree_add(tree, i, delta):
    """Fenwick tree over agents: add ``delta`` at agent ``i``."""
    i += 1
    while i < tree.size:
        tree[i] += delta
        i += i & -i


@njit(cache=True)
def _tree_select(tree, k, top_bit):
    """The agent holding the ``k``-th (0-based) active entry, in index order."""
    position = 0
    bit = top_bit
    while bit:
        following = position + bit
        if following < tree.size and tree[following] <= k:
            position = following
            k -= tree[following]
        bit >>= 1
    return position


@njit(cache=True)
def _rumour_kernel(state, tree, top_bit, uniforms, counters, events, delay, acceptance, max_steps):
    """Contacts of the Maki–Thompson rumour with an optional correction, on the complete graph.

    state : int8 (n,), the states IGNORANT … CORRECTED; updated in place.
    tree : int64 (n + 1,), Fenwick tree marking who is spreading (rumour or correction).
    top_bit : int, the largest power of two <= n (for the tree's select).
    uniforms : float64 block of U(0, 1) draws, consumed in order — three per contact
        (spreader, contact, acceptance) and one when the correction starts (who).
    counters : int64 array [t, position in uniforms, active spreaders, rumour spreaders,
        correction started (0/1), rumour end, correction start, done (0/1)]; updated.
    events : int64 (n, 4), contact at which each agent heard the rumour, stopped spreading
        it, accepted the correction and stopped spreading that (−1 never); filled in.
    delay : int, contact at which the correction starts (−1: no correction).
    acceptance : float, probability that someone who heard the rumour accepts the correction.
    max_steps : int, bound on contacts.

    Returns when the block is used up, the run has finished or ``max_steps`` is reached.
    Selecting the k-th spreader in index order gives exactly the choices of the readable
    rule, which draws from ``np.flatnonzero`` of the spreaders.
    """
    n = state.size
    t, pos, active, rumour, started = (
        counters[0],
        counters[1],
        counters[2],
        counters[3],
        counters[4],
    )
    rumour_end, correction_start, done = counters[5], counters[6], counters[7]
    while True:
        if delay >= 0 and started == 0 and (t >= delay or rumour == 0):
            if pos + 1 > uniforms.size:
                break
            j = int(uniforms[pos] * n)
            pos += 1
            started = 1
            correction_start = t
            old = state[j]
            state[j] = 3
            events[j, 2] = t
            if old == 1:
                rumour -= 1
                if rumour == 0:
                    rumour_end = t
            else:
                _tree_add(tree, j, 1)
                active += 1
            continue
        if active == 0:
            done = 1
            break
        if t >= max_steps:
            break
        if pos + 3 > uniforms.size:
            break
        i = _tree_select(tree, int(uniforms[pos] * active), top_bit)
        j = int(uniforms[pos + 1] * (n - 1))
        if j >= i:
            j += 1
        accept = uniforms[pos + 2] < acceptance
        pos += 3
        t += 1
        if state[i] == 1:
            if state[j] == 0:
                state[j] = 1
                events[j, 0] = t
                _tree_add(tree, j, 1)
                active += 1
                rumour += 1
            else:
                state[i] = 2
                events[i, 1] = t
                _tree_add(tree, i, -1)
                active -= 1
                rumour -= 1
                if rumour == 0:
                    rumour_end = t
        else:
            if state[j] >= 3:
                state[i] = 4
                events[i, 3] = t
                _tree_add(tree, i, -1)
                active -= 1
            elif state[j] == 0 or accept:
                old = state[j]
                state[j] = 3
                events[j, 2] = t
                if old == 1:
                    rumour -= 1
                    if rumour == 0:
                        rumour_end = t
                else:
                    _tree_add(tree, j, 1)
                    active += 1
    counters[0], counters[1], counters[2], counters[3], counters[4] = (
        t,
        pos,
        active,
        rumour,
        started,
    )
    counters[5], counters[6], counters[7] = rumour_end, correction_start, done


def _rumour_fast(n, n_initial, delay, acceptance, max_steps, rng):
    state = np.zeros(n, dtype=np.int8)
    state[:n_initial] = SPREADER
    tree = np.zeros(n + 1, dtype=np.int64)
    for i in range(n_initial):
        _tree_add(tree, i, 1)
    top_bit = 1 << (n.bit_length() - 1)
    events = np.full((n, 4), -1, dtype=np.int64)
    events[:n_initial, 0] = 0
    counters = np.array([0, 0, n_initial, n_initial, 0, -1, -1, 0], dtype=np.int64)
    block = min(3 * (2 * n + 64), 3 * 2**20)
    leftover = np.empty(0)
    while counters[7] == 0 and counters[0] < max_steps:
        # Unused draws of the last block come first: the stream is consumed exactly in
        # order, as by the readable rule's one rng.random(3) per contact.
        uniforms = np.concatenate([leftover, rng.random(block)])
        counters[1] = 0
        _rumour_kernel(state, tree, top_bit, uniforms, counters, events, delay, acceptance,
                       max_steps)  # fmt: skip
        leftover = uniforms[counters[1] :]
    return state, events, counters


def _rumour_custom(step, n, n_initial, delay, acceptance, max_steps, rng):
    state = np.zeros(n, dtype=np.int8)
    state[:n_initial] = SPREADER
    events = np.full((n, 4), -1, dtype=np.int64)
    events[:n_initial, 0] = 0
    t, started, rumour_end, correction_start, done = 0, False, -1, -1, False
    spreading = (SPREADER, CORRECTOR)
    while True:
        rumour = int((state == SPREADER).sum())
        if delay >= 0 and not started and (t >= delay or rumour == 0):
            j = int(rng.random() * n)
            was_spreader = state[j] == SPREADER
            state[j] = CORRECTOR
            events[j, 2] = t
            started, correction_start = True, t
            if was_spreader and rumour == 1:
                rumour_end = t
            continue
        if not np.isin(state, spreading).any():
            done = True
            break
        if t >= max_steps:
            break
        new = step(state.copy(), rng, acceptance)
        _check_state("step", new, state, tuple(range(5)))
        new = np.asarray(new, dtype=np.int8)
        t += 1
        for column, before, after in ((0, (IGNORANT,), SPREADER), (1, (SPREADER,), STIFLER)):
            events[np.isin(state, before) & (new == after), column] = t
        events[(state < CORRECTOR) & (new >= CORRECTOR) & (events[:, 2] < 0), 2] = t
        events[(state == CORRECTOR) & (new == CORRECTED), 3] = t
        if rumour > 0 and not (new == SPREADER).any():
            rumour_end = t
        state = new
    counters = np.array(
        [t, 0, 0, 0, int(started), rumour_end, correction_start, int(done)], dtype=np.int64
    )
    return state, events, counters


def _rumour_trajectory(events: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Shares in each of the five states at the recorded contacts, from the event times."""
    heard, stifled, corrected, quiet = events.T
    n = events.shape[0]

    def count(values):
        happened = np.sort(values[values >= 0])
        return np.searchsorted(happened, times, side="right")

    corrected_after_stifling = np.where(stifled >= 0, corrected, -1)
    corrected_while_spreading = np.where((heard >= 0) & (stifled < 0), corrected, -1)
    corrected_unheard = np.where(heard < 0, corrected, -1)
    n_corrected, n_quiet = count(corrected), count(quiet)
    n_stifler = count(stifled) - count(corrected_after_stifling)
    n_spreader = count(heard) - count(stifled) - count(corrected_while_spreading)
    n_ignorant = n - count(heard) - count(corrected_unheard)
    table = np.column_stack([n_ignorant, n_spreader, n_stifler, n_corrected - n_quiet, n_quiet])
    return table / n


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    initial_spreaders=Integer(1, MAX_AGENTS),
    correction_delay=Optional(Integer(0, MAX_STEPS)),
    acceptance=Probability(),
    max_steps=Integer(1, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def maki_thompson(
    n_agents,
    *,
    initial_spreaders=1,
    correction_delay=None,
    acceptance=1.0,
    max_steps=10_000_000,
    n_records=200,
    rng=None,
    step=None,
) -> RumourRun:
    r"""The Maki–Thompson rumour on the complete graph, optionally chased by a correction.

    People are *ignorants* (never heard it), *spreaders* or *stiflers* (heard it, stopped
    telling). At each step a uniformly chosen spreader :math:`i` tells a uniformly chosen
    other person :math:`j`:

    .. math::
        (i, j) = (S, I) \to (S, S), \qquad (S, S) \to (R, S), \qquad (S, R) \to (R, R).

    The spreader stops when they meet someone who already knows. As :math:`N \to \infty`
    the share who never hear the rumour tends to the root :math:`\theta \approx 0.2032` of
    :math:`\theta e^{2(1-\theta)} = 1` (Sudbury 1985; :func:`rumour_limit`). Daley &
    Kendall's (1964) original has pairs meet symmetrically (a spreader–spreader meeting
    stops both, at half the rate); it has the same limit.

    **The correction** (the book's own construction, not a published model). With
    ``correction_delay`` set, at that contact — or when the rumour dies, if that is earlier —
    one uniformly chosen person starts spreading a correction by the same rule: a
    correction spreader :math:`i` tells :math:`j`; if :math:`j` already knows the
    correction, :math:`i` stops (becomes *corrected*); otherwise :math:`j` becomes a
    correction spreader — always if :math:`j` never heard the rumour, with probability
    ``acceptance`` if they did (someone who believes a rumour may reject its debunking; a
    rejection changes nothing). A rumour spreader who meets someone who knows the
    correction stops spreading the rumour. Spreaders of both kinds are chosen uniformly
    from all of them, so each talks at the same rate.

    Parameters
    ----------
    n_agents : int
        :math:`N`.
    initial_spreaders : int
        People who start the rumour (``< n_agents``).
    correction_delay : int, optional
        Contact at which the correction starts; None: no correction.
    acceptance : float
        Probability that someone who heard the rumour accepts the correction when told.
    max_steps : int
        Upper bound on contacts (the run ends by itself in about :math:`1.6 N` contacts
        without a correction).
    n_records : int
        Points of the trajectory besides contact 0.
    rng : numpy.random.Generator, int or None
        Source of randomness.
    step : callable, optional
        A replacement for one contact, with the signature of
        :func:`socmodels.rules.spreading.rumour_step` (``step(state, rng, acceptance) ->
        new_state``); default: a compiled kernel that gives the same runs as that rule.

    Returns
    -------
    RumourRun

    References
    ----------
    Maki, D. P. & Thompson, M. (1973). *Mathematical Models and Applications*. Prentice-Hall.

    Daley, D. J. & Kendall, D. G. (1964). Epidemics and rumours. *Nature*, 204, 1118.
    https://doi.org/10.1038/2041118a0

    Sudbury, A. (1985). The proportion of the population never hearing a rumour. *Journal of
    Applied Probability*, 22(2), 443–446. https://doi.org/10.2307/3213787

    Examples
    --------
    >>> run = maki_thompson(10_000, rng=1)
    >>> round(run.never_heard, 1), run.converged
    (0.2, True)
    >>> late = maki_thompson(10_000, correction_delay=10**6, rng=1)   # after the rumour died
    >>> late.correction_start == late.rumour_end, round(late.corrected_share, 1)
    (True, 0.8)
    """
    if initial_spreaders >= n_agents:
        raise ValueError(
            f"initial_spreaders must be an integer in [1, n_agents - 1 = {n_agents - 1}], "
            f"got {initial_spreaders}"
        )
    delay = -1 if correction_delay is None else correction_delay
    if step is None:
        state, events, counters = _rumour_fast(
            n_agents, initial_spreaders, delay, acceptance, max_steps, rng
        )
    else:
        state, events, counters = _rumour_custom(
            step, n_agents, initial_spreaders, delay, acceptance, max_steps, rng
        )
    t = int(counters[0])
    recorded = record_times(t, n_records)
    return RumourRun(
        times=recorded,
        trajectory=_rumour_trajectory(events, recorded),
        states=_RUMOUR_STATES,
        final=state,
        heard_times=events[:, 0].copy(),
        corrected_times=events[:, 2].copy(),
        n_steps_run=t,
        converged=bool(counters[7]),
        rumour_end=int(counters[5]) if counters[5] >= 0 else t,
        correction_start=int(counters[6]),
        params={
            "n_agents": n_agents,
            "initial_spreaders": initial_spreaders,
            "correction_delay": correction_delay,
            "acceptance": acceptance,
        },
    )


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    n_runs=Integer(1, MAX_RUNS),
    initial_spreaders=Integer(1, MAX_AGENTS),
    correction_delay=Optional(Integer(0, MAX_STEPS)),
    acceptance=Probability(),
    rng=Seed(),
)
def rumour_statistics(
    n_agents,
    *,
    n_runs=20,
    initial_spreaders=1,
    correction_delay=None,
    acceptance=1.0,
    rng=None,
) -> RumourStatistics:
    """Replicate runs of :func:`maki_thompson`, each with its own child generator.

    Parameters
    ----------
    n_agents : int
        :math:`N`.
    n_runs : int
        Runs.
    initial_spreaders, correction_delay, acceptance
        As in :func:`maki_thompson`.
    rng : numpy.random.Generator, int or None
        Source of randomness (children spawned per run).

    Returns
    -------
    RumourStatistics

    References
    ----------
    Sudbury, A. (1985). The proportion of the population never hearing a rumour. *Journal of
    Applied Probability*, 22(2), 443–446. https://doi.org/10.2307/3213787

    Examples
    --------
    >>> stats = rumour_statistics(1000, n_runs=10, rng=3)
    >>> bool(abs(stats.never_heard.mean() - rumour_limit()) < 0.03)
    True
    """
    if initial_spreaders >= n_agents:
        raise ValueError(
            f"initial_spreaders must be an integer in [1, n_agents - 1 = {n_agents - 1}], "
            f"got {initial_spreaders}"
        )
    _check_work(n_runs, n_agents)
    delay = -1 if correction_delay is None else correction_delay

    def one_run(child):
        _, events, counters = _rumour_fast(
            n_agents, initial_spreaders, delay, acceptance, MAX_STEPS, child
        )
        heard, corrected = events[:, 0], events[:, 2]
        end = counters[5] if counters[5] >= 0 else counters[0]
        return (
            np.mean(heard < 0),
            np.mean(corrected >= 0),
            np.mean((corrected >= 0) & (corrected <= end)),
            np.mean((heard >= 0) & (corrected < 0)),
            end,
        )

    rows = np.array(replicate(one_run, n_runs, rng), dtype=float).reshape(n_runs, 5)
    return RumourStatistics(
        never_heard=rows[:, 0],
        corrected=rows[:, 1],
        corrected_at_rumour_end=rows[:, 2],
        misinformed=rows[:, 3],
        rumour_end=rows[:, 4].astype(np.int64),
        params={
            "n_agents": n_agents,
            "n_runs": n_runs,
            "initial_spreaders": initial_spreaders,
            "correction_delay": correction_delay,
            "acceptance": acceptance,
        },
    )


@constrained()
def rumour_limit() -> float:
    r"""Share of a large population that never hears a Maki–Thompson rumour.

    With shares :math:`i` of ignorants and :math:`s` of spreaders, a spreader makes an
    ignorant a spreader with probability :math:`i` per contact and stops with probability
    :math:`1 - i`, so :math:`\dot i = -is` and :math:`\dot s = is - s(1 - i)`. Dividing,
    :math:`ds/di = (1 - 2i)/i`, hence :math:`s = \ln i + 2(1 - i)`, and the rumour dies
    (:math:`s = 0`) with a share :math:`\theta` of ignorants left, the root in (0, 1) of

    .. math:: \theta\, e^{2(1-\theta)} = 1, \qquad \theta = 0.2032\ldots,

    the limit Sudbury (1985) proved for the stochastic model as :math:`N \to \infty`.

    Returns
    -------
    float

    References
    ----------
    Sudbury, A. (1985). The proportion of the population never hearing a rumour. *Journal of
    Applied Probability*, 22(2), 443–446. https://doi.org/10.2307/3213787

    Examples
    --------
    >>> round(rumour_limit(), 4)
    0.2032
    """
    return float(scipy.optimize.brentq(lambda x: math.log(x) + 2 * (1 - x), 1e-9, 0.9))


# ================================================================ Daley–Kendall rumour

#: Kinds of meeting in a Daley–Kendall run (the ``kinds`` a kernel records).
_DK_WITH_IGNORANT, _DK_TWO_SPREADERS, _DK_WITH_STIFLER = 0, 1, 2


@njit(cache=True)
def _daley_kendall_kernel(counts, kinds, max_steps, rng):
    """Meetings of :func:`rules.spreading.daley_kendall_step` until nobody spreads.

    counts : int64 (3,), ignorants, spreaders, stiflers; updated in place.
    kinds : int8 (capacity,), the kind of each meeting, filled in order.
    Returns the number of meetings run. The arithmetic is the readable rule's, in the same
    order, so the same draws give the same meetings.
    """
    ignorant, spreader, stifler = counts[0], counts[1], counts[2]
    t = 0
    while spreader > 0 and t < max_steps:
        with_ignorant = float(spreader * ignorant)
        two_spreaders = spreader * (spreader - 1) / 2
        with_stifler = float(spreader * stifler)
        u = rng.random() * (with_ignorant + two_spreaders + with_stifler)
        if u < with_ignorant:
            ignorant -= 1
            spreader += 1
            kinds[t] = _DK_WITH_IGNORANT
        elif u < with_ignorant + two_spreaders:
            spreader -= 2
            stifler += 2
            kinds[t] = _DK_TWO_SPREADERS
        else:
            spreader -= 1
            stifler += 1
            kinds[t] = _DK_WITH_STIFLER
        t += 1
    counts[0], counts[1], counts[2] = ignorant, spreader, stifler
    return t


@dataclass(frozen=True)
class DaleyKendallStatistics:
    """Replicate runs of :func:`daley_kendall`; one entry per run.

    Attributes
    ----------
    never_heard : ndarray of float, shape (n_runs,)
        Share of the population that never heard the rumour, in each run.
    params : dict
        The parameters of the runs.
    """

    never_heard: np.ndarray
    params: dict = field(default_factory=dict)

    def interval(self) -> Interval:
        """Mean share never hearing over the runs, with a 95 % interval."""
        return _interval(self.never_heard)


@dataclass(frozen=True)
class DaleyKendallRun:
    """One run of :func:`daley_kendall`.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Meetings recorded (meetings of a spreader with anyone), 0 first and the last last.
    trajectory : ndarray of float, shape (R, 3)
        Shares of ignorants, spreaders and stiflers at those meetings.
    final : ndarray of int, shape (3,)
        Numbers of ignorants, spreaders and stiflers at the end.
    n_steps_run : int
        Meetings performed.
    converged : bool
        True if the run ended because nobody spread the rumour any more.
    params : dict
        The parameters of the run.
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)

    @property
    def never_heard(self) -> float:
        """Share of people who never heard the rumour."""
        return float(self.final[0] / self.final.sum())


def _daley_kendall_run(n, n_initial, max_steps, rng, step):
    """Counts at the end and the change of counts at every meeting."""
    counts = np.array([n - n_initial, n_initial, 0], dtype=np.int64)
    if step is None:
        # each meeting either makes a spreader (at most n - 1 times) or ends at least one
        # (at most n times): no run has more than 2n - 1 meetings
        kinds = np.empty(min(2 * n, max_steps), dtype=np.int8)
        t = _daley_kendall_kernel(counts, kinds, max_steps, rng)
        changes = np.array([[-1, 1, 0], [0, -2, 2], [0, -1, 1]], dtype=np.int64)[kinds[:t]]
        return counts, changes
    changes = []
    while counts[1] > 0 and len(changes) < max_steps:
        new = np.asarray(step(counts.copy(), rng), dtype=np.int64)
        if new.shape != (3,) or np.any(new < 0) or new.sum() != n:
            raise ValueError(
                "step must return three non-negative counts (ignorants, spreaders, "
                f"stiflers) adding up to {n}, got {new!r}"
            )
        changes.append(new - counts)
        counts = new
    return counts, np.asarray(changes, dtype=np.int64).reshape(-1, 3)


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    initial_spreaders=Integer(1, MAX_AGENTS),
    max_steps=Integer(1, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def daley_kendall(
    n_agents,
    *,
    initial_spreaders=1,
    max_steps=10_000_000,
    n_records=200,
    rng=None,
    step=None,
) -> DaleyKendallRun:
    r"""Daley & Kendall's (1964) rumour on the complete graph: pairs meet, symmetrically.

    People are *ignorants*, *spreaders* or *stiflers*; every pair meets at the same rate.
    A meeting matters only if it involves a spreader, so each step is a uniformly random
    one of the pairs with a spreader — with :math:`i, s, r` people in each state there
    are :math:`si`, :math:`\binom{s}{2}` and :math:`sr` such pairs — and

    .. math::
        S + I \to 2S, \qquad S + S \to 2R, \qquad S + R \to 2R.

    Unlike Maki & Thompson's version (:func:`maki_thompson`), where only the spreader
    who initiates a call stops, two spreaders who meet both stop — but a pair of spreaders
    is *one* pair. In shares, with time scaled by :math:`N`, :math:`\dot i = -is` and
    :math:`\dot s = is - s^2 - sr = s(2i - 1)` (using :math:`s + r = 1 - i`): the same
    ratio :math:`ds/di = (1 - 2i)/i` as Maki–Thompson, so the share who never hear the
    rumour tends to the same :math:`\theta = 0.2032\ldots`, the root of
    :math:`\theta = e^{-2(1-\theta)}` (:func:`rumour_limit`; Daley & Kendall 1965 derive
    it for this model, and Pittel 1990 shows the number who hear it is asymptotically
    normal around that mean). Counting each pair of spreaders twice — the classic slip — gives
    :math:`\dot s = s(2i - 1 - s)`, :math:`s = i - 1 - 2i\ln i` and a limit of about 0.285.

    On the complete graph who is who does not matter, so the state is the three counts —
    the Markov chain Daley and Kendall wrote down.

    Parameters
    ----------
    n_agents : int
        :math:`N`.
    initial_spreaders : int
        People who start the rumour (``< n_agents``).
    max_steps : int
        Upper bound on meetings (a run has at most :math:`2N - 1`).
    n_records : int
        Points of the trajectory besides meeting 0.
    rng : numpy.random.Generator, int or None
        Source of randomness.
    step : callable, optional
        A replacement for one meeting with the signature of
        :func:`socmodels.rules.spreading.daley_kendall_step` (``step(counts, rng) ->
        counts``); default: a compiled kernel that gives the same runs as that rule.

    Returns
    -------
    DaleyKendallRun

    References
    ----------
    Daley, D. J. & Kendall, D. G. (1964). Epidemics and rumours. *Nature*, 204, 1118.
    https://doi.org/10.1038/2041118a0

    Daley, D. J. & Kendall, D. G. (1965). Stochastic rumours. *Journal of the Institute of
    Mathematics and its Applications*, 1(1), 42–55.

    Examples
    --------
    >>> run = daley_kendall(10_000, rng=1)
    >>> round(run.never_heard, 1), run.converged, int(run.final.sum())
    (0.2, True, 10000)
    """
    if initial_spreaders >= n_agents:
        raise ValueError(
            f"initial_spreaders must be an integer in [1, n_agents - 1 = {n_agents - 1}], "
            f"got {initial_spreaders}"
        )
    final, changes = _daley_kendall_run(n_agents, initial_spreaders, max_steps, rng, step)
    t = changes.shape[0]
    start = np.array([n_agents - initial_spreaders, initial_spreaders, 0], dtype=np.int64)
    path = np.vstack([start, start + np.cumsum(changes, axis=0)])
    recorded = record_times(t, n_records)
    return DaleyKendallRun(
        times=recorded,
        trajectory=path[recorded] / n_agents,
        final=final,
        n_steps_run=t,
        converged=bool(final[1] == 0),
        params={"n_agents": n_agents, "initial_spreaders": initial_spreaders},
    )


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    n_runs=Integer(1, MAX_RUNS),
    initial_spreaders=Integer(1, MAX_AGENTS),
    rng=Seed(),
)
def daley_kendall_never_heard(n_agents, *, n_runs=20, initial_spreaders=1, rng=None):
    """Shares who never hear the rumour in replicate runs of :func:`daley_kendall`.

    Each run has its own child generator (spawned from ``rng``).

    Returns
    -------
    DaleyKendallStatistics
        ``never_heard``: the share never hearing the rumour in each run.

    References
    ----------
    Daley, D. J. & Kendall, D. G. (1965). Stochastic rumours. *Journal of the Institute of
    Mathematics and its Applications*, 1(1), 42–55.

    Pittel, B. (1990). On a Daley–Kendall model of random rumours. *Journal of Applied
    Probability*, 27(1), 14–27.

    Examples
    --------
    >>> runs = daley_kendall_never_heard(10_000, n_runs=10, rng=2)
    >>> bool(abs(runs.never_heard.mean() - rumour_limit()) < 0.01)
    True
    """
    if initial_spreaders >= n_agents:
        raise ValueError(
            f"initial_spreaders must be an integer in [1, n_agents - 1 = {n_agents - 1}], "
            f"got {initial_spreaders}"
        )
    _check_work(n_runs, n_agents)

    def never_heard(child):
        final, _ = _daley_kendall_run(n_agents, initial_spreaders, MAX_STEPS, child, None)
        return final[0] / n_agents

    shares = np.array(replicate(never_heard, n_runs, rng), dtype=float)
    return DaleyKendallStatistics(
        never_heard=shares,
        params={"n_agents": n_agents, "n_runs": n_runs, "initial_spreaders": initial_spreaders},
    )
