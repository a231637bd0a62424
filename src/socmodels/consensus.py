"""Opinion dynamics: from elite consensus to public consensus.

The models of the consensus chapter, as plain functions over arrays:

* :func:`degroot` — repeated weighted averaging (DeGroot 1974), its limit
  :func:`degroot_limit` and the :func:`influence_vector` (left unit eigenvector);
* :func:`wisdom_of_crowds` — Golub & Jackson's (2010) naive learning of a true state
  from noisy signals;
* :func:`friedkin_johnsen` and :func:`friedkin_johnsen_equilibrium` — averaging with
  agents anchored to their initial views (Friedkin & Johnsen 1990);
* :func:`deffuant` — pairwise bounded confidence (Deffuant et al. 2000);
* :func:`hegselmann_krause` — synchronous bounded confidence (Hegselmann & Krause 2002);
* :func:`voter_model` and :func:`voter_exit_probability` — imitation without
  deliberation (the voter model; Sood & Redner 2005);
* :func:`bounded_confidence_sweep` — clusters against the confidence bound ε;
* :func:`elite_public_scenario` and :func:`stubborn_elite_scenario` — the chapter's
  explorer scenarios.

Opinions are real numbers (bounded-confidence models: in ``[0, 1]``); networks are
symmetric ``scipy.sparse`` adjacency matrices from :mod:`socmodels.networks`; influence
weights are row-stochastic sparse matrices (:func:`degroot_weights`). Every model follows
the contract of ``docs/architecture.md``: the synchronous models (DeGroot,
Friedkin–Johnsen, Hegselmann–Krause) share one iterate / record / converge loop,
:func:`socmodels.contract.iterate`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numba
import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as spla

from . import networks
from ._jit import map_blocks, row_blocks
from .contract import (
    MAX_AGENTS,
    MAX_RECORDS,
    MAX_RUNS,
    MAX_STEPS,
    Adjacency,
    AnyOf,
    Array,
    Flag,
    Function,
    Integer,
    Optional,
    Options,
    Probability,
    Real,
    Seed,
    check_work,
    constrained,
    iterate,
    record_times,
    replicate,
    spawn_generators,
)
from .measures import _cluster_starts

__all__ = [
    "OpinionRun",
    "WisdomResult",
    "VoterRun",
    "VoterStatistics",
    "SweepResult",
    "OpinionClusters",
    "ElitePublicRun",
    "StubbornEliteScenario",
    "degroot_weights",
    "degroot_step",
    "degroot",
    "influence_vector",
    "degroot_limit",
    "wisdom_of_crowds",
    "friedkin_johnsen",
    "friedkin_johnsen_equilibrium",
    "deffuant",
    "hegselmann_krause_step",
    "hegselmann_krause",
    "opinion_clusters",
    "voter_model",
    "voter_exit_probability",
    "voter_mean_consensus_time",
    "bounded_confidence_sweep",
    "elite_public_scenario",
    "stubborn_elite_scenario",
]

_STOCHASTIC_TOL = 1e-9
#: Up to this many agents the influence vector is found by a dense solve.
_DENSE_INFLUENCE_MAX = 200
#: Steps of the models that loop in Python (one NumPy/compiled call per step): a million
#: steps take seconds to minutes, more would look like a hang.
MAX_LOOP_STEPS = 1_000_000
#: Largest trajectory kept in memory: (recorded points) × agents, 800 MB of floats.
MAX_RECORDED_VALUES = 10**8
#: Largest population of the explorer scenarios (they build a dense core–periphery graph).
MAX_SCENARIO_AGENTS = 100_000

# The declarations shared by the models (see socmodels.contract).
#: Opinions of the unbounded models: |x| <= 1e100, so sums over 10⁷ agents stay finite.
MAX_OPINION = 1e100
_OPINIONS = Array(1, low=-MAX_OPINION, high=MAX_OPINION)
_UNIT_OPINIONS = Array(1, low=0.0, high=1.0)
_WEIGHTS = Adjacency(symmetric=False, weighted=True)
_NETWORK = Optional(Adjacency())
_EPSILON = Real(0.0, 1.0, low_open=True)
_TOL = Real(0.0)
_LOOP_STEPS = Integer(0, MAX_LOOP_STEPS)
_RECORDS = Integer(1, MAX_RECORDS)
_SHARES = AnyOf(Probability(), Array(1, low=0.0, high=1.0))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class OpinionRun:
    """Trajectory and outcome of an opinion-dynamics run.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Step (or round) at which each row of ``trajectory`` was recorded: the steps of
        ``record_times(max_steps, n_records)`` reached, and the last step run.
    trajectory : ndarray, shape (R, N)
        Opinions at the recorded times (first row: the initial opinions).
    final : ndarray, shape (N,)
        Opinions when the run stopped.
    n_steps_run : int
        Steps (rounds) performed.
    converged : bool
        True if the stopping criterion (see each model) was met before ``max_steps``.
    params : dict
        The model's scalar parameters (``n_agents``, ``max_steps``, ``tol``, …).
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class WisdomResult:
    """Outcome of :func:`wisdom_of_crowds`.

    Attributes
    ----------
    influence : ndarray, shape (N,)
        Each agent's influence (the left unit eigenvector of the weights).
    max_influence : float
        The largest influence; the society is wise as N grows only if it tends to 0.
    predicted_rmse : float
        ``noise_sd * sqrt(sum(influence**2))``, the exact root-mean-square error of
        the consensus.
    errors : ndarray, shape (n_draws,)
        Consensus minus true state in each independent draw of the signals.
    params : dict
        ``n_agents``, ``true_state``, ``noise_sd`` and ``n_draws``.
    """

    influence: np.ndarray
    max_influence: float
    predicted_rmse: float
    errors: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def rmse(self) -> float:
        """Root-mean-square consensus error over the draws."""
        return float(np.sqrt(np.mean(self.errors**2)))


@dataclass(frozen=True)
class VoterRun:
    """Outcome of one :func:`voter_model` run.

    Attributes
    ----------
    times : ndarray of int, shape (S + 1,)
        Sweeps at which ``density`` was recorded: 0, 1, …; a run that reaches consensus
        in the middle of a sweep records it at the end of that sweep.
    density : ndarray, shape (S + 1,)
        Fraction of agents in state 1 at those times (``density[0]`` initial).
    final : ndarray of int8, shape (N,)
        States (0 or 1) when the run stopped.
    n_steps_run : int
        Sweeps performed (a partial last sweep counts as one), ``times[-1]``.
    converged : bool
        True if all agents agree (consensus, the absorbing state).
    consensus_time : float
        Time to consensus in sweeps (elementary updates / N); ``nan`` without consensus.
    winner : int
        The consensus state (0 or 1), or -1 without consensus.
    params : dict
        ``n_agents`` and ``max_steps``.
    """

    times: np.ndarray
    density: np.ndarray
    final: np.ndarray
    n_steps_run: int
    converged: bool
    consensus_time: float
    winner: int
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class VoterStatistics:
    """Outcome of :func:`voter_exit_probability` over independent runs.

    Attributes
    ----------
    exit_probability : float
        Fraction of runs ending with everyone in state 1.
    standard_error : float
        Binomial standard error of ``exit_probability``.
    consensus_times : ndarray, shape (n_runs,)
        Time to consensus of each run, in sweeps (``nan`` for a run that hit ``max_steps``).
    mean_consensus_time : float
        Mean of the finite ``consensus_times`` (``nan`` if no run reached consensus).
    params : dict
        ``n_agents``, ``initial_density``, ``n_runs`` and ``max_steps``.
    """

    exit_probability: float
    standard_error: float
    consensus_times: np.ndarray
    mean_consensus_time: float
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SweepResult:
    """Outcome of :func:`bounded_confidence_sweep`.

    Attributes
    ----------
    epsilons : ndarray, shape (E,)
        Confidence bounds swept.
    cluster_positions, cluster_fractions : list of list of ndarray
        ``[e][r]``: opinion and population share of each final cluster of run ``r``
        at ``epsilons[e]``.
    n_major_clusters : ndarray of int, shape (E, n_runs)
        Clusters holding at least ``min_fraction`` of the agents.
    consensus : ndarray of bool, shape (E, n_runs)
        True when every agent ended in a single cluster.
    params : dict
        ``model``, ``n_agents``, ``n_runs``, ``mu``, ``min_fraction``, ``cluster_gap`` and
        ``max_steps``.
    """

    epsilons: np.ndarray
    cluster_positions: list
    cluster_fractions: list
    n_major_clusters: np.ndarray
    consensus: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def consensus_probability(self) -> np.ndarray:
        """Fraction of runs reaching consensus at each ε."""
        return self.consensus.mean(axis=1)

    @property
    def mean_major_clusters(self) -> np.ndarray:
        """Mean number of major clusters at each ε."""
        return self.n_major_clusters.mean(axis=1)


@dataclass(frozen=True)
class OpinionClusters:
    """Outcome of :func:`opinion_clusters`: the clusters in increasing order of opinion.

    Attributes
    ----------
    positions : ndarray of float, shape (K,)
        Mean opinion of each cluster.
    sizes : ndarray of int, shape (K,)
        Number of agents in each cluster.
    params : dict
        ``n_agents`` and ``gap``.
    """

    positions: np.ndarray
    sizes: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def n_clusters(self) -> int:
        """Number of clusters K."""
        return int(self.sizes.size)


@dataclass(frozen=True)
class ElitePublicRun:
    """Outcome of :func:`elite_public_scenario`: a Hegselmann–Krause run of exactly ``n_steps``.

    Attributes
    ----------
    times : ndarray of int, shape (n_steps + 1,)
        Steps 0, 1, …, ``n_steps``.
    trajectory : ndarray, shape (n_steps + 1, N)
        Opinions at every step.
    final : ndarray, shape (N,)
        Opinions after ``n_steps`` steps.
    elite : ndarray of bool, shape (N,)
        The ``elite_size`` agents given the stubbornness (the core of the elite network).
    params : dict
        The scenario's parameters (network, epsilon, stubbornness, n_agents, elite_size,
        n_steps).
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    elite: np.ndarray
    params: dict


@dataclass(frozen=True)
class StubbornEliteScenario:
    """Inputs of a Friedkin–Johnsen run with an anchored elite (:func:`stubborn_elite_scenario`).

    Attributes
    ----------
    weights : scipy.sparse.csr_array
        Row-stochastic DeGroot weights of the network.
    initial_opinions : ndarray
    susceptibility : ndarray
        :math:`\\lambda_i` of each agent.
    elite : ndarray of bool
        The elite accounts.
    params : dict
        The scenario's parameters (network, elite_stubbornness, public_susceptibility,
        elite_opinion, n_agents, elite_size).
    """

    weights: sp.csr_array
    initial_opinions: np.ndarray
    susceptibility: np.ndarray
    elite: np.ndarray
    params: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def _row_stochastic(matrix: sp.csr_array, name: str = "weights") -> sp.csr_array:
    """``matrix`` (already checked square, finite, non-negative) if every row sums to 1.

    A matrix made by :func:`socmodels.networks.freeze` is checked once (remembered).
    """
    if networks.passed_check(matrix, ("row_stochastic", _STOCHASTIC_TOL)):
        return matrix
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    worst = np.max(np.abs(row_sums - 1.0))
    if worst > _STOCHASTIC_TOL:
        raise ValueError(
            f"{name} must be row-stochastic (every row sums to 1), got a row summing to "
            f"{row_sums[np.argmax(np.abs(row_sums - 1.0))]:.6g}"
        )
    networks.remember_check(matrix, ("row_stochastic", _STOCHASTIC_TOL))
    return matrix


def _check_size(name, array, n):
    if array.shape[0] != n:
        raise ValueError(f"{name} must have one entry per agent ({n}), got {array.shape[0]}")


def _check_network_size(matrix, n) -> sp.csr_array | None:
    if matrix is not None and matrix.shape[0] != n:
        raise ValueError(f"adjacency must have one row per agent ({n}), got shape {matrix.shape}")
    return matrix


def _per_agent(name, value, n) -> np.ndarray:
    """One value for everyone (a float) or one per agent (an array), as an array."""
    if np.ndim(value) == 0:
        return np.full(n, float(value))
    _check_size(name, value, n)
    return value


def _check_loop(max_steps, n_records, n_agents, entries_per_step):
    """Bound the work (steps × entries touched per step) and the recorded trajectory."""
    check_work(
        "max_steps", max_steps * max(entries_per_step, 1), what="max_steps × (agents + links)"
    )
    check_work(
        "n_records",
        (min(n_records, max_steps) + 2) * n_agents,
        what="recorded points × agents",
        limit=MAX_RECORDED_VALUES,
    )


def _alternating(step, n):
    """``step(x, out)`` as the one-argument step of :func:`~socmodels.contract.iterate`,
    writing into two buffers in turn (the state it reads is never the one it writes):
    no new array of N opinions per step."""
    buffers = [np.empty(n), np.empty(n)]
    turn = [0]

    def one_step(x):
        out = buffers[turn[0]]
        turn[0] ^= 1
        return step(x, out=out)

    return one_step


def _opinion_run(result, params) -> OpinionRun:
    return OpinionRun(
        times=result.times,
        trajectory=result.trajectory,
        final=result.final,
        n_steps_run=result.n_steps_run,
        converged=result.converged,
        params=params,
    )


# --------------------------------------------------------------------------- DeGroot


@constrained(adjacency=Adjacency(), include_self=Flag())
def degroot_weights(adjacency, *, include_self: bool = True) -> sp.csr_array:
    """Row-stochastic influence weights from a network: equal weight on each neighbour.

    .. math::
        W_{ij} = \\frac{A_{ij} + \\delta_{ij}}{d_i + 1} \\quad(\\text{include\\_self}),
        \\qquad W_{ij} = \\frac{A_{ij}}{d_i} \\quad(\\text{otherwise}),

    where :math:`d_i` is agent *i*'s degree. With ``include_self`` an agent weighs its
    own opinion like any neighbour's (Golub & Jackson 2010's weighting); on a connected
    network this makes W aperiodic, so DeGroot averaging converges.

    Parameters
    ----------
    adjacency : (N, N) array or sparse matrix
        Symmetric 0/1 adjacency, empty diagonal.
    include_self : bool
        Add the agent itself to its neighbourhood (default True). Without it every
        agent needs at least one neighbour.

    Returns
    -------
    scipy.sparse.csr_array
        Row-stochastic W.

    References
    ----------
    Golub, B. & Jackson, M. O. (2010). Naïve learning in social networks and the wisdom
    of crowds. *American Economic Journal: Microeconomics* 2(1), 112–149.
    https://doi.org/10.1257/mic.2.1.112

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> degroot_weights(star_graph(3)).toarray().round(3).tolist()
    [[0.333, 0.333, 0.333], [0.5, 0.5, 0.0], [0.5, 0.0, 0.5]]
    """
    matrix = adjacency
    n = matrix.shape[0]
    if include_self:
        matrix = (matrix + sp.eye_array(n, format="csr")).tocsr()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    if np.any(row_sums == 0):
        raise ValueError(
            "adjacency has isolated nodes; use include_self=True so their row can be normalised"
        )
    return sp.csr_array(sp.diags_array(1.0 / row_sums) @ matrix)


@constrained(weights=_WEIGHTS, opinions=_OPINIONS)
def degroot_step(weights, opinions) -> np.ndarray:
    """One synchronous DeGroot update, ``x(t+1) = W x(t)``.

    .. math:: x_i(t+1) = \\sum_j W_{ij}\\, x_j(t).

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix
    opinions : array of shape (N,)

    Returns
    -------
    ndarray, shape (N,)

    References
    ----------
    DeGroot, M. H. (1974). Reaching a consensus. *Journal of the American Statistical
    Association* 69(345), 118–121. https://doi.org/10.1080/01621459.1974.10480137

    Examples
    --------
    >>> import numpy as np
    >>> degroot_step(np.array([[0.5, 0.5], [0.0, 1.0]]), [0.0, 1.0]).tolist()
    [0.5, 1.0]
    """
    weights = _row_stochastic(weights)
    x = opinions
    _check_size("opinions", x, weights.shape[0])
    return _matvec(weights, x)


@constrained(
    weights=_WEIGHTS,
    initial_opinions=_OPINIONS,
    max_steps=_LOOP_STEPS,
    tol=_TOL,
    n_records=_RECORDS,
)
def degroot(
    weights, initial_opinions, *, max_steps: int = 100, tol: float = 0.0, n_records: int = 100
) -> OpinionRun:
    """DeGroot (1974) learning: everyone repeatedly averages their contacts' opinions.

    Synchronous update (everyone at once; one step is one update of every agent):

    .. math:: x(t+1) = W\\,x(t), \\qquad x(t) = W^t x(0),

    with W row-stochastic (``W[i, j]`` is the weight agent *i* puts on *j*). If W is
    irreducible and aperiodic, every opinion converges to :math:`\\pi^\\top x(0)`, with
    :math:`\\pi` the left unit eigenvector (:func:`influence_vector`).

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix (dense or sparse)
    initial_opinions : array of shape (N,)
    max_steps : int
        Maximum number of updates.
    tol : float
        Stop once ``max_i |x_i(t+1) - x_i(t)| <= tol`` (0: stop at an exact fixed point).
    n_records : int
        Keep ``record_times(max_steps, n_records)`` in ``trajectory`` (the default keeps
        every one of the default 100 steps).

    Returns
    -------
    OpinionRun

    References
    ----------
    DeGroot, M. H. (1974). Reaching a consensus. *Journal of the American Statistical
    Association* 69(345), 118–121. https://doi.org/10.1080/01621459.1974.10480137

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0.5, 0.5, 0.0], [0.25, 0.5, 0.25], [0.0, 0.5, 0.5]])
    >>> run = degroot(W, [0.0, 0.0, 1.0], max_steps=200)
    >>> print(run.final.round(6))
    [0.25 0.25 0.25]
    """
    weights = _row_stochastic(weights)
    x = initial_opinions
    n = weights.shape[0]
    _check_size("initial_opinions", x, n)
    _check_loop(max_steps, n_records, n, n + weights.nnz)
    result = iterate(
        _alternating(functools.partial(_matvec, weights), n),
        x,
        max_steps=max_steps,
        tol=tol,
        n_records=n_records,
    )
    params = {"n_agents": n, "max_steps": max_steps, "tol": tol, "n_records": n_records}
    return _opinion_run(result, params)


@constrained(weights=_WEIGHTS)
def influence_vector(weights) -> np.ndarray:
    """Influence of each agent: the left unit eigenvector of W, normalised to sum 1.

    Solves :math:`\\pi^\\top W = \\pi^\\top`, :math:`\\sum_i \\pi_i = 1`: a dense solve for
    small N, otherwise the leading eigenvector of the lazy chain :math:`(W + I)/2` by
    ARPACK on the sparse matrix. For weights from an
    undirected network (:func:`degroot_weights`) :math:`\\pi_i \\propto d_i + 1`
    (``include_self``) or :math:`d_i`.

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix, strongly connected (irreducible)

    Returns
    -------
    ndarray, shape (N,)
        Non-negative, sums to 1.

    References
    ----------
    DeGroot, M. H. (1974). Reaching a consensus. *Journal of the American Statistical
    Association* 69(345), 118–121. https://doi.org/10.1080/01621459.1974.10480137

    Golub, B. & Jackson, M. O. (2010). Naïve learning in social networks and the wisdom
    of crowds. *American Economic Journal: Microeconomics* 2(1), 112–149.
    https://doi.org/10.1257/mic.2.1.112

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> pi = influence_vector(degroot_weights(star_graph(5)))
    >>> round(float(pi[0]), 6), round(5 / (3 * 5 - 2), 6)     # centre: n / (3n - 2)
    (0.384615, 0.384615)
    """
    return _influence(_row_stochastic(weights))


def _influence(weights: sp.csr_array) -> np.ndarray:
    n = weights.shape[0]
    if n == 1:
        return np.ones(1)
    n_components, _ = csgraph.connected_components(weights, directed=True, connection="strong")
    if n_components != 1:
        raise ValueError(
            f"weights must be strongly connected (irreducible) for a unique influence vector, "
            f"got {n_components} strongly connected components"
        )
    if n <= _DENSE_INFLUENCE_MAX:
        system = (np.eye(n) - weights.toarray()).T
        system[-1, :] = 1.0
        rhs = np.zeros(n)
        rhs[-1] = 1.0
        pi = np.linalg.solve(system, rhs)
    else:
        # The lazy chain (W + I)/2 has the same stationary vector and, being aperiodic,
        # a unique eigenvalue of modulus 1, which ARPACK finds quickly. (A direct sparse
        # solve suffers catastrophic fill-in on random graphs.)
        lazy = (0.5 * (weights + sp.eye_array(n, format="csr"))).T.tocsr()
        _, vectors = spla.eigs(lazy, k=1, which="LM", v0=np.full(n, 1.0 / n), tol=0.0)
        pi = np.real(vectors[:, 0])
        pi = pi / pi.sum()
    # Round-off can leave tiny negative entries; the exact solution is non-negative.
    pi = np.clip(pi, 0.0, None)
    pi = pi / pi.sum()
    residual = np.abs(pi @ weights - pi).sum()
    if residual > 1e-9:
        raise RuntimeError(f"influence vector did not converge (residual {residual:.2e})")
    return pi / pi.sum()


@constrained(weights=_WEIGHTS, initial_opinions=_OPINIONS)
def degroot_limit(weights, initial_opinions) -> float:
    """The consensus DeGroot averaging reaches: :math:`\\pi^\\top x(0)`.

    .. math:: \\lim_{t\\to\\infty} x_i(t) = \\sum_j \\pi_j\\, x_j(0) \\quad \\text{for every } i,

    with :math:`\\pi` the :func:`influence_vector` of W.

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix, irreducible and aperiodic
    initial_opinions : array of shape (N,)

    Returns
    -------
    float

    References
    ----------
    DeGroot, M. H. (1974). Reaching a consensus. *Journal of the American Statistical
    Association* 69(345), 118–121. https://doi.org/10.1080/01621459.1974.10480137

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> W = degroot_weights(star_graph(4))
    >>> round(degroot_limit(W, [1.0, 0.0, 0.0, 0.0]), 6)   # the centre's influence 4/10
    0.4
    """
    pi = _influence(_row_stochastic(weights))
    x = initial_opinions
    _check_size("initial_opinions", x, pi.shape[0])
    return float(pi @ x)


@constrained(
    weights=_WEIGHTS,
    true_state=Real(-1e100, 1e100),
    noise_sd=Real(0.0, 1e100, low_open=True),
    n_draws=Integer(1, MAX_RUNS),
    rng=Seed(),
)
def wisdom_of_crowds(
    weights, *, true_state: float = 0.0, noise_sd: float = 1.0, n_draws: int = 200, rng=None
) -> WisdomResult:
    """Golub–Jackson naive learning: does the crowd's consensus find the truth?

    Each agent receives a private signal :math:`x_i(0) = \\mu + \\sigma\\,\\eta_i` with
    independent :math:`\\eta_i \\sim N(0, 1)`, then averages with DeGroot weights W. The
    consensus is :math:`\\pi^\\top x(0)`, so its error :math:`\\pi^\\top x(0) - \\mu` has
    standard deviation :math:`\\sigma \\lVert\\pi\\rVert_2`. Since
    :math:`(\\max_i\\pi_i)^2 \\le \\lVert\\pi\\rVert_2^2 \\le \\max_i \\pi_i`, a growing society is
    *wise* (error → 0) if and only if the largest influence tends to 0 (Golub & Jackson
    2010, for signals of bounded variance).

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix, strongly connected
    true_state : float
        The state of the world :math:`\\mu`.
    noise_sd : float
        Signal noise :math:`\\sigma > 0`.
    n_draws : int
        Independent signal draws (``n_draws × N`` at most 10⁸).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    WisdomResult

    References
    ----------
    Golub, B. & Jackson, M. O. (2010). Naïve learning in social networks and the wisdom
    of crowds. *American Economic Journal: Microeconomics* 2(1), 112–149.
    https://doi.org/10.1257/mic.2.1.112

    Examples
    --------
    >>> from socmodels.networks import complete_graph
    >>> res = wisdom_of_crowds(degroot_weights(complete_graph(100)), n_draws=10, rng=1)
    >>> round(res.max_influence, 4), round(res.predicted_rmse, 4)    # 1/N and 1/sqrt(N)
    (0.01, 0.1)
    """
    n = weights.shape[0]
    check_work("n_draws", n_draws * n, what="n_draws × agents", limit=MAX_RECORDED_VALUES)
    pi = _influence(_row_stochastic(weights))
    signals = true_state + noise_sd * rng.standard_normal((n_draws, n))
    errors = signals @ pi - true_state
    return WisdomResult(
        influence=pi,
        max_influence=float(pi.max()),
        predicted_rmse=float(noise_sd * np.sqrt(np.sum(pi**2))),
        errors=errors,
        params={"n_agents": n, "true_state": true_state, "noise_sd": noise_sd, "n_draws": n_draws},
    )


# --------------------------------------------------------------------------- Friedkin–Johnsen


@constrained(
    weights=_WEIGHTS,
    initial_opinions=_OPINIONS,
    susceptibility=_SHARES,
    max_steps=_LOOP_STEPS,
    tol=_TOL,
    n_records=_RECORDS,
)
def friedkin_johnsen(
    weights,
    initial_opinions,
    susceptibility,
    *,
    max_steps: int = 1000,
    tol: float = 1e-12,
    n_records: int = 1000,
) -> OpinionRun:
    """Friedkin–Johnsen (1990) influence: averaging while anchored to one's initial view.

    Synchronous update (one step updates every agent), with
    :math:`\\Lambda = \\mathrm{diag}(\\lambda_i)` the agents' susceptibilities to influence:

    .. math:: x(t+1) = \\Lambda W x(t) + (I - \\Lambda)\\,x(0).

    :math:`\\lambda_i = 1` for everyone is DeGroot; :math:`\\lambda_i = 0` keeps agent *i* at
    its initial view (a fully stubborn agent); :math:`1 - \\lambda_i` is stubbornness.
    If every agent is influenced, directly or indirectly, by someone with
    :math:`\\lambda_i < 1`, the iteration converges to
    :func:`friedkin_johnsen_equilibrium`.

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix
    initial_opinions : array of shape (N,)
    susceptibility : float or array of shape (N,)
        :math:`\\lambda_i \\in [0, 1]`.
    max_steps : int
        Maximum number of updates.
    tol : float
        Stop once ``max |x(t+1) - x(t)| <= tol`` (0: stop at an exact fixed point).
    n_records : int
        Keep ``record_times(max_steps, n_records)`` in ``trajectory``.

    Returns
    -------
    OpinionRun

    References
    ----------
    Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
    *Journal of Mathematical Sociology* 15(3–4), 193–206.
    https://doi.org/10.1080/0022250X.1990.9990069

    Examples
    --------
    >>> import numpy as np
    >>> W = np.full((2, 2), 0.5)
    >>> run = friedkin_johnsen(W, [0.0, 1.0], [1.0, 0.0])   # agent 1 is fully stubborn
    >>> print(run.final.round(6))
    [1. 1.]
    """
    weights = _row_stochastic(weights)
    x0 = initial_opinions
    n = weights.shape[0]
    _check_size("initial_opinions", x0, n)
    lam = _per_agent("susceptibility", susceptibility, n)
    _check_loop(max_steps, n_records, n, n + weights.nnz)
    influenced = sp.csr_array(sp.diags_array(lam) @ weights)
    anchor = (1.0 - lam) * x0

    def step(x):
        return _matvec(influenced, x) + anchor

    result = iterate(step, x0, max_steps=max_steps, tol=tol, n_records=n_records)
    params = {"n_agents": n, "max_steps": max_steps, "tol": tol, "n_records": n_records}
    return _opinion_run(result, params)


@constrained(weights=_WEIGHTS, initial_opinions=_OPINIONS, susceptibility=_SHARES)
def friedkin_johnsen_equilibrium(weights, initial_opinions, susceptibility) -> np.ndarray:
    """Friedkin–Johnsen equilibrium by a sparse linear solve.

    .. math:: x^* = (I - \\Lambda W)^{-1} (I - \\Lambda)\\,x(0).

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix
    initial_opinions : array of shape (N,)
    susceptibility : float or array of shape (N,)
        :math:`\\lambda_i \\in [0, 1]`. The equilibrium is unique when every agent is
        reached by influence from someone with :math:`\\lambda_i < 1` (so
        :math:`I - \\Lambda W` is invertible); otherwise a ValueError is raised (use
        :func:`degroot_limit` when no one is anchored).

    Returns
    -------
    ndarray, shape (N,)

    References
    ----------
    Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
    *Journal of Mathematical Sociology* 15(3–4), 193–206.
    https://doi.org/10.1080/0022250X.1990.9990069

    Examples
    --------
    >>> import numpy as np
    >>> W = np.full((2, 2), 0.5)
    >>> print(friedkin_johnsen_equilibrium(W, [0.0, 1.0], 0.5).round(6))
    [0.25 0.75]
    """
    weights = _row_stochastic(weights)
    x0 = initial_opinions
    n = weights.shape[0]
    _check_size("initial_opinions", x0, n)
    lam = _per_agent("susceptibility", susceptibility, n)
    influenced = (sp.diags_array(lam) @ weights).tocsr()
    # I - ΛW is singular iff some closed group of agents is influenced only by one
    # another with λ = 1 (no anchor): check reachability to an anchored agent.
    anchored = lam < 1.0
    if not anchored.any():
        raise ValueError(
            "susceptibility must be < 1 for at least one agent (with all equal to 1 the "
            "model is DeGroot: use degroot_limit)"
        )
    # Agents whose chain of influence (i listens to j, j to k, ...) reaches an anchor.
    reach = anchored.copy()
    graph = (influenced != 0).astype(np.int8).tocsr()
    frontier = reach.copy()
    while frontier.any():
        new = (graph @ frontier.astype(np.int8)) > 0
        new &= ~reach
        reach |= new
        frontier = new
    if not reach.all():
        raise ValueError(
            "susceptibility leaves a group of agents with no anchored agent among those "
            f"influencing them ({int((~reach).sum())} agents); the equilibrium is not unique"
        )
    system = (sp.eye_array(n, format="csc") - influenced.tocsc()).tocsc()
    return np.asarray(spla.spsolve(system, (1.0 - lam) * x0), dtype=float).reshape(n)


# --------------------------------------------------------------------------- Deffuant


def _deffuant_frozen_complete(x, epsilon, tol) -> bool:
    """True if no two agents differ by more than tol and less than epsilon."""
    xs = np.sort(x)
    nxt = np.searchsorted(xs, xs + tol, side="right")
    valid = nxt < xs.shape[0]
    return not np.any(xs[nxt[valid]] - xs[valid] < epsilon)


@numba.njit(cache=True)
def _deffuant_meet(x, a, b, epsilon, mu):
    """Deffuant et al.'s meeting of agents ``a`` and ``b``, in place: the one copy of the rule.

    If :math:`|x_b - x_a| < \\varepsilon`, both move a fraction ``mu`` of their difference
    towards each other; otherwise nothing happens. Arguments: ``x`` the opinions (float64
    array, updated), ``a``/``b`` agent indices, ``epsilon`` the confidence bound, ``mu``
    the convergence parameter.
    """
    diff = x[b] - x[a]
    if abs(diff) < epsilon:
        x[a] += mu * diff
        x[b] -= mu * diff


@numba.njit(cache=True)
def _deffuant_meetings(x, first, second, epsilon, mu):
    """One round of disjoint meetings ``first[k]``–``second[k]`` (:func:`_deffuant_meet`).

    Arguments: ``x`` the opinions (updated in place), ``first``/``second`` int arrays of
    equal length holding each pair (no agent twice), ``epsilon`` and ``mu`` as in the model.
    Disjoint pairs make the order irrelevant: the same as updating them all at once.
    """
    for k in range(first.shape[0]):
        _deffuant_meet(x, first[k], second[k], epsilon, mu)


@numba.njit(cache=True)
def _deffuant_random_pairs(x, uniforms, epsilon, mu):
    """Sequential meetings of random pairs on the complete graph (the published schedule).

    Meeting ``k`` reads two numbers of ``uniforms`` (float64, uniform on [0, 1), from the
    NumPy generator): the first agent is ``a = ⌊u·N⌋``, the second ``b = ⌊u'·(N − 1)⌋``,
    shifted by one when ``b ≥ a`` (anyone but ``a``), exactly as
    :func:`socmodels.rules.consensus.deffuant_rule` draws them. Meetings are applied one
    after the other (:func:`_deffuant_meet`); ``x`` (N ≥ 2 opinions) is updated in place.
    """
    n = x.shape[0]
    for k in range(uniforms.shape[0] // 2):
        a = min(int(uniforms[2 * k] * n), n - 1)
        b = min(int(uniforms[2 * k + 1] * (n - 1)), n - 2)
        if b >= a:
            b += 1
        _deffuant_meet(x, a, b, epsilon, mu)


@numba.njit(cache=True)
def _deffuant_random_edges(x, u, v, uniforms, epsilon, mu):
    """Sequential meetings across random edges of a network (the published schedule).

    Meeting ``k`` picks edge ``e = ⌊uniforms[k]·E⌋`` of the edge list ``(u, v)`` (``u < v``,
    in :func:`socmodels.networks.edge_list` order, E ≥ 1 edges) and lets its two ends meet
    (:func:`_deffuant_meet`), one meeting after the other, as
    :func:`socmodels.rules.consensus.deffuant_rule` does on a network. ``x`` is updated in
    place.
    """
    m = u.shape[0]
    for k in range(uniforms.shape[0]):
        e = min(int(uniforms[k] * m), m - 1)
        _deffuant_meet(x, u[e], v[e], epsilon, mu)


#: Uniform numbers (pairs, edges or priorities) drawn per call of a Deffuant kernel are
#: capped at this many (8 MB), so large networks draw round by round.
_DEFFUANT_PRIORITY_BLOCK = 1 << 20


def _edge_incidence(u, v, n):
    """CSR incidence: ``edges[indptr[a]:indptr[a + 1]]`` are the ids of node a's edges."""
    ends = np.concatenate([u, v])
    order = np.argsort(ends, kind="stable")
    edges = (order % u.shape[0]).astype(np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(ends, minlength=n), out=indptr[1:])
    return indptr, edges


@numba.njit(cache=True)
def _deffuant_network_rounds(u, v, indptr, incident, priorities, x, epsilon, mu, winner):
    """Rounds on a network, one per row of ``priorities`` (one priority per edge).

    In each round an edge meets when it holds the lowest priority among the edges at
    both its ends. Those edges form a random matching, so updating them in one pass
    equals updating them one by one. Each node finds its lowest-priority edge by
    reading its own incident edges (contiguous, no scattered writes); an edge meets
    when it is the winner at both ends.
    """
    n = x.shape[0]
    for r in range(priorities.shape[0]):
        priority = priorities[r]
        for a in range(n):
            lowest = np.inf
            best = -1
            for k in range(indptr[a], indptr[a + 1]):
                e = incident[k]
                if priority[e] < lowest:
                    lowest = priority[e]
                    best = e
            winner[a] = best
        for a in range(n):
            e = winner[a]
            # each meeting once, from its lower end u[e]
            if e < 0 or u[e] != a:
                continue
            b = v[e]
            if winner[b] == e:
                _deffuant_meet(x, a, b, epsilon, mu)


@numba.njit(cache=True)
def _deffuant_network_frozen(u, v, x, epsilon, tol):
    """True if no edge joins opinions that differ by more than tol and less than epsilon."""
    for e in range(u.shape[0]):
        gap = abs(x[u[e]] - x[v[e]])
        if gap > tol and gap < epsilon:
            return False
    return True


@constrained(
    initial_opinions=_UNIT_OPINIONS,
    epsilon=_EPSILON,
    mu=Real(0.0, 0.5, low_open=True),
    adjacency=_NETWORK,
    max_steps=_LOOP_STEPS,
    tol=_TOL,
    check_every=Integer(1, MAX_STEPS),
    n_records=_RECORDS,
    schedule=Options("pairs", "matching"),
    rng=Seed(),
)
def deffuant(
    initial_opinions,
    *,
    epsilon: float = 0.25,
    mu: float = 0.5,
    adjacency=None,
    max_steps: int = 10_000,
    tol: float = 1e-6,
    check_every: int = 10,
    n_records: int = 1,
    schedule: str = "pairs",
    rng=None,
) -> OpinionRun:
    """Deffuant et al. (2000) pairwise bounded confidence.

    When agents *i* and *j* meet and :math:`|x_i - x_j| < \\varepsilon`, both move towards
    each other by a fraction :math:`\\mu` of their difference:

    .. math::
        x_i \\leftarrow x_i + \\mu (x_j - x_i), \\qquad x_j \\leftarrow x_j + \\mu (x_i - x_j);

    otherwise nothing happens.

    **Schedule.** ``schedule="pairs"`` (the default) is the published one: each meeting
    draws one random pair, independently of all others, and meetings are applied one
    after the other — on the complete graph (``adjacency=None``) two distinct agents
    uniformly at random, on a network the two ends of a uniformly random edge. One step
    is one *round* of ⌊N/2⌋ such meetings (on average one per agent), so rounds of the two
    schedules are comparable. A compiled kernel applies the meetings from uniform numbers
    drawn from ``rng`` in blocks; the run is step for step that of
    :func:`socmodels.rules.consensus.deffuant_rule` with the same generator.

    ``schedule="matching"`` is a variant of the book, not the published model: each round
    pairs the agents by a random matching, so every agent meets at most one partner per
    round — on the complete graph a uniformly random perfect matching; on a network every
    edge gets a random priority (uniform on [0, 1)) and meets when it has the lowest
    priority among all edges at both its ends. The two schedules share the meeting rule but
    **not** the clusters they produce: at ε = 0.45, N = 1000 the matching ends in one
    cluster about twice as often as the published random pairs (0.67 ± 0.03 against
    0.37 ± 0.03, 1000 runs each, 95 % intervals; ``tests/test_consensus.py`` checks the
    difference).

    The run stops when no pair that can meet (on a network: no edge) differs by more than
    ``tol`` and less than ε — nothing can change by more than ``tol`` any more
    (``tol = 0``: an exact fixed point).

    Parameters
    ----------
    initial_opinions : array of shape (N,), values in [0, 1]
    epsilon : float
        Confidence bound, in (0, 1].
    mu : float
        Convergence parameter, in (0, 0.5].
    adjacency : (N, N) symmetric 0/1 matrix, optional
        Who can meet; None for the complete graph.
    max_steps : int
        Maximum number of rounds.
    tol : float
        Convergence tolerance.
    check_every : int
        Test the stopping rule every this many rounds.
    n_records : int
        Keep ``record_times(max_steps, n_records)`` in ``trajectory`` (default: the first
        and the last round only).
    schedule : {"pairs", "matching"}
        ⌊N/2⌋ independent random pairs (random edges on a network) per round, applied in
        sequence (Deffuant et al. 2000); or one random matching per round (the book's
        variant).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    OpinionRun
        ``n_steps_run`` counts rounds.

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3(1–4), 87–98.
    https://doi.org/10.1142/S0219525900000078

    Examples
    --------
    >>> import numpy as np
    >>> x0 = np.random.default_rng(0).random(200)
    >>> run = deffuant(x0, epsilon=0.6, rng=1)
    >>> run.converged, bool(np.ptp(run.final) < 1e-3)     # ε > 1/2: consensus
    (True, True)
    """
    x = initial_opinions
    n = x.shape[0]
    matrix = _check_network_size(adjacency, n)
    _check_loop(max_steps, n_records, n, n + (0 if matrix is None else matrix.nnz))
    meetings_per_round = max(n // 2, 1)
    if matrix is not None:
        u, v = networks.edge_list(matrix)
        u, v = u.astype(np.int32), v.astype(np.int32)
        n_edges = u.shape[0]
    if schedule == "pairs":
        numbers_per_round = meetings_per_round * (2 if matrix is None else 1)
    elif matrix is None:
        numbers_per_round = 0
    else:
        numbers_per_round = n_edges
        indptr, incident = _edge_incidence(u, v, n)
        winner = np.empty(n, dtype=np.int32)
    if numbers_per_round:
        rounds_per_draw = max(
            1, min(check_every, _DEFFUANT_PRIORITY_BLOCK // max(numbers_per_round, 1))
        )
        # Reused: a fresh block per call would cost page faults on every draw.
        buffer = np.empty((rounds_per_draw, numbers_per_round))

    def frozen() -> bool:
        if matrix is None:
            return _deffuant_frozen_complete(x, epsilon, tol)
        return _deffuant_network_frozen(u, v, x, epsilon, tol)

    planned = record_times(max_steps, n_records)
    next_record = 1  # index into planned of the next round to keep
    times, rows = [0], [x.copy()]
    converged = frozen()  # also true without edges: nobody can meet
    step = 0
    while not converged and step < max_steps:
        if matrix is None and schedule == "matching":
            order = rng.permutation(n)
            half = n // 2
            _deffuant_meetings(x, order[:half], order[half : 2 * half], epsilon, mu)
            step += 1
        else:
            # Several rounds per compiled call, up to the next check, record or the last
            # round. Uniform numbers drawn as a block are the same numbers (and so the same
            # run) as drawn one by one: the block size does not change the run.
            stop = min(max_steps, (step // check_every + 1) * check_every)
            if next_record < planned.size:
                stop = min(stop, int(planned[next_record]))
            rounds = min(stop - step, rounds_per_draw)
            uniforms = rng.random(out=buffer[:rounds])
            if schedule == "matching":
                _deffuant_network_rounds(u, v, indptr, incident, uniforms, x, epsilon, mu, winner)
            elif matrix is None:
                _deffuant_random_pairs(x, uniforms.reshape(-1), epsilon, mu)
            else:
                _deffuant_random_edges(x, u, v, uniforms.reshape(-1), epsilon, mu)
            step += rounds
        if next_record < planned.size and planned[next_record] == step:
            times.append(step)
            rows.append(x.copy())
            next_record += 1
        if step % check_every == 0:
            converged = frozen()
    if times[-1] != step:
        times.append(step)
        rows.append(x.copy())
    return OpinionRun(
        times=np.asarray(times, dtype=np.int64),
        trajectory=np.asarray(rows),
        final=x,
        n_steps_run=step,
        converged=converged,
        params={
            "n_agents": n,
            "epsilon": epsilon,
            "mu": mu,
            "network": matrix is not None,
            "max_steps": max_steps,
            "tol": tol,
            "check_every": check_every,
            "n_records": n_records,
            "schedule": schedule,
        },
    )


# --------------------------------------------------------------------------- Hegselmann–Krause


@numba.njit(cache=True)
def _hk_sorted_kernel(xs, epsilon, out):
    """HK means for sorted opinions: two pointers over prefix sums, O(N).

    Parameters
    ----------
    xs : ndarray(float64, ndim=1)
        Opinions, sorted.
    epsilon : float
        Confidence bound.
    out : ndarray(float64, ndim=1)
        Receives :math:`m_i`, the mean of all :math:`x_j` with
        :math:`|x_j - x_i| \\le \\varepsilon` (clipped to the window's extremes).

    Returns
    -------
    ndarray
        ``out``.
    """
    n = xs.shape[0]
    shift = xs[0]
    prefix = np.empty(n + 1)
    prefix[0] = 0.0
    # Subtracting a shift keeps the prefix sums small, limiting cancellation error.
    for k in range(n):
        prefix[k + 1] = prefix[k] + (xs[k] - shift)
    lo = 0
    hi = 0
    for i in range(n):
        xi = xs[i]
        while xi - xs[lo] > epsilon:
            lo += 1
        if hi < i + 1:
            hi = i + 1
        while hi < n and xs[hi] - xi <= epsilon:
            hi += 1
        mean = (prefix[hi] - prefix[lo]) / (hi - lo) + shift
        # The exact mean lies between the extreme opinions averaged; clipping removes
        # the round-off of the prefix-sum difference.
        out[i] = min(max(mean, xs[lo]), xs[hi - 1])
    return out


def _hk_step_complete(x: np.ndarray, epsilon: float) -> np.ndarray:
    """HK step on the complete graph: sort (O(N log N)), then an O(N) sweep."""
    # Any sort will do: tied opinions get identical windows, hence identical means.
    order = np.argsort(x)
    means = _hk_sorted_kernel(x[order], epsilon, np.empty_like(x))
    out = np.empty_like(x)
    out[order] = means
    return out


@numba.njit(cache=True, nogil=True)
def _hk_rows(x, epsilon, indptr, indices, out, start, stop):
    """Rows ``start:stop`` of one synchronous Hegselmann–Krause step on a network.

    .. math::
        y_i = \\frac{x_i + \\sum_{j \\in \\partial i} x_j [|x_j - x_i| \\le \\varepsilon]}
                   {1 + \\sum_{j \\in \\partial i} [|x_j - x_i| \\le \\varepsilon]}.

    Parameters
    ----------
    x : ndarray of float64, shape (N,)
        Opinions before the step.
    epsilon : float
        Confidence bound.
    indptr, indices : ndarray of uint32 or uint64 (or signed)
        CSR structure of the network (neighbours of *i*: ``indices[indptr[i]:indptr[i+1]]``),
        best as unsigned views (:func:`_unsigned`): numba then adds no negative-index
        wrap-around to every read.
    out : ndarray of float64, shape (N,)
        Receives :math:`y_i` for the rows ``start <= i < stop``; must not be ``x``.
    start, stop : int
        The rows to compute.

    The agent itself first, then its neighbours in stored order: every thread count and
    block split gives the same bits. The inner loop has no branch (a trusted neighbour is
    added by a select, the same sum as ``if near: total += xj``; the count is an integer,
    exact), so its speed does not depend on how predictable trust is. Releases the GIL
    (``nogil``), so blocks of rows run on several threads (:func:`socmodels._jit.map_blocks`).
    """
    for i in range(start, stop):
        xi = x[i]
        total = xi
        count = 1
        for k in range(indptr[i], indptr[i + 1]):
            xj = x[indices[k]]
            near = abs(xj - xi) <= epsilon
            total = total + xj if near else total
            count += near
        out[i] = total / count


def _hk_step_network(x, epsilon, indptr, indices, out=None):
    """HK step over a CSR neighbourhood, self included, |x_i - x_j| <= ε.

    The masked adjacency ``A_ij [|x_i - x_j| <= ε]`` is applied row by row in one
    compiled pass over the stored edges (no Python per agent, no temporary arrays of
    edge length); a large network in blocks of rows on a pool of threads
    (:mod:`socmodels._jit`). ``out``: a buffer to reuse.
    """
    if out is None:
        out = np.empty_like(x)
    indptr, indices = _unsigned(indptr), _unsigned(indices)
    map_blocks(
        lambda start, stop: _hk_rows(x, epsilon, indptr, indices, out, start, stop),
        x.shape[0],
        row_blocks(indices.shape[0]),
    )
    return out


#: From this many stored entries on, a DeGroot product is a compiled pass over row blocks
#: (on two or more threads from socmodels._jit.THREADED_MIN_ENTRIES); below, scipy's own
#: (the same sums in the same order), so a small model loads no compiled code.
_PARALLEL_MIN_ENTRIES = 1 << 17


@numba.njit(cache=True, nogil=True)
def _matvec_rows(indptr, indices, data, x, out, start, stop):
    """Rows ``start:stop`` of a CSR mat-vec, :math:`y_i = \\sum_k a_{ik} x_{j_k}`.

    Parameters
    ----------
    indptr, indices, data : ndarray
        The CSR arrays of the matrix (indices as unsigned views, :func:`_unsigned`, so no
        read pays a negative-index wrap-around; float64 data).
    x : ndarray of float64, shape (N,)
        The vector.
    out : ndarray of float64, shape (N,)
        Receives :math:`y_i` for the rows ``start <= i < stop``; must not be ``x``.
    start, stop : int
        The rows to compute.

    Each row is summed from 0.0 in stored order, as scipy's ``csr_matvec`` does, so the
    result is bit-identical to ``W @ x``. Releases the GIL (``nogil``).
    """
    for i in range(start, stop):
        total = 0.0
        for k in range(indptr[i], indptr[i + 1]):
            total += data[k] * x[indices[k]]
        out[i] = total


def _matvec(weights: sp.csr_array, x: np.ndarray, out=None) -> np.ndarray:
    """``weights @ x`` for a square CSR matrix, bit-identical to scipy's sparse product:
    scipy's own for small matrices, compiled passes over blocks of rows on a pool of
    threads for large ones (:func:`_matvec_rows`). ``out``: a buffer to reuse."""
    if weights.nnz < _PARALLEL_MIN_ENTRIES:
        return weights @ x
    if out is None:
        out = np.empty(weights.shape[0])
    indptr, indices, data = _unsigned(weights.indptr), _unsigned(weights.indices), weights.data
    map_blocks(
        lambda start, stop: _matvec_rows(indptr, indices, data, x, out, start, stop),
        out.shape[0],
        row_blocks(indices.shape[0]),
    )
    return out


def _unsigned(index: np.ndarray) -> np.ndarray:
    """A CSR index array (non-negative, as scipy and the checks guarantee) viewed as the
    unsigned integer of its width, without a copy; other arrays unchanged."""
    if index.dtype == np.int32:
        return index.view(np.uint32)
    if index.dtype == np.int64:
        return index.view(np.uint64)
    return index


def _compact_csr_indices(matrix: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """CSR index arrays as int32 when they fit: less memory traffic per step."""
    if matrix.indices.dtype == np.int32 and matrix.indptr.dtype == np.int32:
        return matrix.indptr, matrix.indices
    if max(matrix.nnz, matrix.shape[0]) < np.iinfo(np.int32).max:
        return matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32)
    return matrix.indptr, matrix.indices


@constrained(opinions=_OPINIONS, epsilon=Real(0.0, None, low_open=True), adjacency=_NETWORK)
def hegselmann_krause_step(opinions, *, epsilon: float = 0.25, adjacency=None) -> np.ndarray:
    """One synchronous Hegselmann–Krause update (see :func:`hegselmann_krause`).

    .. math::
        x_i(t+1) = \\frac{1}{|N_i(t)|} \\sum_{j \\in N_i(t)} x_j(t), \\qquad
        N_i(t) = \\{ j \\in \\{i\\} \\cup \\partial i : |x_i(t) - x_j(t)| \\le \\varepsilon \\}.

    On the complete graph (``adjacency=None``) the neighbourhoods are found by sorting
    and prefix sums in O(N log N); on a network by one pass over the edges.

    Parameters
    ----------
    opinions : array of shape (N,)
    epsilon : float
        Confidence bound, ``> 0``.
    adjacency : (N, N) symmetric 0/1 matrix, optional
        None for the complete graph.

    Returns
    -------
    ndarray, shape (N,)

    References
    ----------
    Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
    models, analysis and simulation. *Journal of Artificial Societies and Social
    Simulation* 5(3), 2. https://www.jasss.org/5/3/2.html

    Examples
    --------
    >>> print(hegselmann_krause_step([0.0, 0.1, 0.5], epsilon=0.2))
    [0.05 0.05 0.5 ]
    """
    x = opinions
    matrix = _check_network_size(adjacency, x.shape[0])
    if matrix is None:
        return _hk_step_complete(x, epsilon)
    return _hk_step_network(x, epsilon, matrix.indptr, matrix.indices)  # int32 when they fit


@constrained(
    initial_opinions=_UNIT_OPINIONS,
    epsilon=_EPSILON,
    adjacency=_NETWORK,
    stubbornness=_SHARES,
    max_steps=_LOOP_STEPS,
    tol=_TOL,
    n_records=_RECORDS,
)
def hegselmann_krause(
    initial_opinions,
    *,
    epsilon: float = 0.25,
    adjacency=None,
    stubbornness=0.0,
    max_steps: int = 1000,
    tol: float = 1e-9,
    n_records: int = 1000,
) -> OpinionRun:
    """Hegselmann–Krause (2002) bounded confidence, synchronous.

    Every agent moves, at the same time, to the mean opinion of all agents it trusts —
    itself included — where *i* trusts *j* if they are linked and
    :math:`|x_i(t) - x_j(t)| \\le \\varepsilon` (one step updates every agent):

    .. math::
        x_i(t+1) = (1 - s_i)\\,\\frac{1}{|N_i(t)|} \\sum_{j \\in N_i(t)} x_j(t) + s_i\\,x_i(0),
        \\qquad N_i(t) = \\{ j \\in \\{i\\} \\cup \\partial i : |x_i(t) - x_j(t)| \\le
        \\varepsilon \\}.

    With stubbornness :math:`s_i = 0` (the default) this is the published HK model.
    :math:`s_i > 0` anchors agent *i* to its initial view as in Friedkin & Johnsen
    (1990) (the book's combination, used by the chapter's explorer).

    The run stops when ``max_i |x_i(t+1) - x_i(t)| <= tol`` (pure HK reaches a fixed
    point in finitely many steps on the complete graph; ``tol = 0`` waits for it).

    Parameters
    ----------
    initial_opinions : array of shape (N,), values in [0, 1]
    epsilon : float
        Confidence bound, in (0, 1].
    adjacency : (N, N) symmetric 0/1 matrix, optional
        Who listens to whom; None for the complete graph (everyone hears everyone).
    stubbornness : float or array of shape (N,)
        :math:`s_i \\in [0, 1]`.
    max_steps : int
        Maximum number of synchronous steps.
    tol : float
        Convergence tolerance.
    n_records : int
        Keep ``record_times(max_steps, n_records)`` in ``trajectory`` (the default keeps
        every one of the default 1000 steps that runs).

    Returns
    -------
    OpinionRun

    References
    ----------
    Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
    models, analysis and simulation. *Journal of Artificial Societies and Social
    Simulation* 5(3), 2. https://www.jasss.org/5/3/2.html

    Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
    *Journal of Mathematical Sociology* 15(3–4), 193–206.
    https://doi.org/10.1080/0022250X.1990.9990069

    Examples
    --------
    >>> import numpy as np
    >>> x0 = np.linspace(0, 1, 101)
    >>> run = hegselmann_krause(x0, epsilon=0.3)
    >>> run.converged, bool(np.ptp(run.final) < 1e-9)     # ε = 0.3 > ε_c ≈ 0.2: consensus
    (True, True)
    """
    x = initial_opinions
    n = x.shape[0]
    matrix = _check_network_size(adjacency, n)
    s = _per_agent("stubbornness", stubbornness, n)
    _check_loop(max_steps, n_records, n, n + (0 if matrix is None else matrix.nnz))
    anchored = bool(np.any(s > 0))
    if matrix is not None:
        indptr, indices = _compact_csr_indices(matrix)
    anchor = s * x
    keep = 1.0 - s

    network_step = None
    if matrix is not None:
        network_step = _alternating(
            lambda opinions, out: _hk_step_network(opinions, epsilon, indptr, indices, out), n
        )

    def step(opinions):
        if matrix is None:
            new = _hk_step_complete(opinions, epsilon)
        else:
            new = network_step(opinions)
        return keep * new + anchor if anchored else new

    result = iterate(step, x, max_steps=max_steps, tol=tol, n_records=n_records)
    params = {
        "n_agents": n,
        "epsilon": epsilon,
        "network": matrix is not None,
        "max_steps": max_steps,
        "tol": tol,
        "n_records": n_records,
    }
    return _opinion_run(result, params)


@constrained(opinions=_OPINIONS, gap=Real(0.0, None, low_open=True))
def opinion_clusters(opinions, *, gap: float = 1e-3) -> OpinionClusters:
    """Positions and sizes of opinion clusters.

    Sorted opinions are split wherever two consecutive values differ by more than
    ``gap`` — the one rule of :func:`socmodels.measures.opinion_cluster_sizes`; each
    cluster is summarised by its mean opinion and its number of agents:

    .. math:: \\text{split between } x_{(k)} \\text{ and } x_{(k+1)} \\iff
        x_{(k+1)} - x_{(k)} > \\text{gap}.

    Parameters
    ----------
    opinions : array of shape (N,)
    gap : float
        Largest gap inside a cluster, ``> 0``.

    Returns
    -------
    OpinionClusters
        In increasing order of opinion.

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3(1–4), 87–98.
    https://doi.org/10.1142/S0219525900000078

    Examples
    --------
    >>> clusters = opinion_clusters([0.1, 0.9, 0.1001, 0.5])
    >>> clusters.positions.tolist(), clusters.sizes.tolist()
    ([0.10005, 0.5, 0.9], [2, 1, 1])
    """
    return _clusters(opinions, gap)


def _clusters(x, gap) -> OpinionClusters:
    xs = np.sort(x)
    starts = _cluster_starts(xs, gap)
    sizes = np.diff(np.concatenate((starts, [xs.shape[0]])))
    positions = np.add.reduceat(xs, starts) / sizes
    return OpinionClusters(
        positions=positions, sizes=sizes, params={"n_agents": int(xs.shape[0]), "gap": gap}
    )


# --------------------------------------------------------------------------- voter model


@numba.njit(cache=True)
def _voter_kernel(state, ones, uniforms, indptr, indices, complete, density, sweep, step_in_sweep):
    """Random-sequential voter updates using pre-drawn uniforms.

    Returns (updates done, ones, sweep, step_in_sweep); stops early at consensus.
    """
    n = state.shape[0]
    done = 0
    for k in range(uniforms.shape[0]):
        if ones == 0 or ones == n:
            break
        i = int(uniforms[k, 0] * n)
        if complete:
            j = int(uniforms[k, 1] * (n - 1))
            if j >= i:
                j += 1
        else:
            start = indptr[i]
            degree = indptr[i + 1] - start
            if degree == 0:
                j = i
            else:
                j = indices[start + int(uniforms[k, 1] * degree)]
        ones += state[j] - state[i]
        state[i] = state[j]
        done += 1
        step_in_sweep += 1
        if step_in_sweep == n:
            step_in_sweep = 0
            sweep += 1
            if sweep < density.shape[0]:
                density[sweep] = ones / n
    return done, ones, sweep, step_in_sweep


def _voter_run(state, matrix, max_steps, rng) -> VoterRun:
    """One voter-model run on checked inputs (``state`` int8, updated in place)."""
    n = state.shape[0]
    if matrix is None:
        indptr = np.zeros(1, dtype=np.int32)
        indices = np.zeros(1, dtype=np.int32)
        complete = True
    else:
        indptr, indices, complete = matrix.indptr, matrix.indices, False
    # The density record grows as sweeps complete: allocating max_steps + 1 entries up
    # front would cost memory for runs that reach consensus long before max_steps.
    density = np.full(min(max_steps, 1024) + 1, np.nan)
    ones = int(state.sum())
    density[0] = ones / n
    sweep, in_sweep, total = 0, 0, 0
    chunk = max(4096, min(4 * n * 64, 1 << 20))
    limit = max_steps * n
    while 0 < ones < n and total < limit:
        size = min(chunk, limit - total)
        needed = min(max_steps, sweep + size // n + 2) + 1
        if needed > density.shape[0]:
            grown = np.full(max(needed, min(2 * density.shape[0], max_steps + 1)), np.nan)
            grown[: density.shape[0]] = density
            density = grown
        uniforms = rng.random((size, 2))
        done, ones, sweep, in_sweep = _voter_kernel(
            state, ones, uniforms, indptr, indices, complete, density, sweep, in_sweep
        )
        total += done
    consensus = ones == 0 or ones == n
    last = min(sweep, max_steps)
    density = density[: last + 1].copy()
    if consensus:
        density[-1] = ones / n
        if in_sweep:
            density = np.append(density, ones / n)
    times = np.arange(density.size, dtype=np.int64)
    return VoterRun(
        times=times,
        density=density,
        final=state,
        n_steps_run=int(times[-1]),
        converged=bool(consensus),
        consensus_time=total / n if consensus else float("nan"),
        winner=(1 if ones == n else 0) if consensus else -1,
        params={"n_agents": n, "max_steps": max_steps},
    )


_STATES = Array(1, min_size=2, low=0, high=1, integer=True)


@constrained(
    initial_states=_STATES,
    adjacency=_NETWORK,
    max_steps=Integer(1, MAX_STEPS),
    rng=Seed(),
)
def voter_model(initial_states, *, adjacency=None, max_steps: int = 100_000, rng=None) -> VoterRun:
    """The voter model: agents copy the opinion of a random contact.

    Random-sequential schedule: at each elementary update a uniformly random agent *i*
    adopts the state of a uniformly random neighbour *j* (on the complete graph: any
    other agent),

    .. math:: s_i \\leftarrow s_j, \\qquad s \\in \\{0, 1\\}.

    One step is one sweep of N elementary updates. The run stops at consensus
    (everyone in the same state) or after ``max_steps`` sweeps. On the complete graph the
    probability of ending with everyone in state 1 equals the initial density of 1s
    (Sood & Redner 2005); on a network it equals the degree-weighted density.

    Parameters
    ----------
    initial_states : array of 0/1, shape (N,), N >= 2
    adjacency : (N, N) symmetric 0/1 matrix, optional
        None for the complete graph.
    max_steps : int
        Maximum number of sweeps (``max_steps × N`` at most ``contract.MAX_WORK``).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    VoterRun

    References
    ----------
    Holley, R. A. & Liggett, T. M. (1975). Ergodic theorems for weakly interacting
    infinite systems and the voter model. *The Annals of Probability* 3(4), 643–663.
    https://doi.org/10.1214/aop/1176996306

    Sood, V. & Redner, S. (2005). Voter model on heterogeneous graphs. *Physical Review
    Letters* 94, 178701. https://doi.org/10.1103/PhysRevLett.94.178701

    Examples
    --------
    >>> run = voter_model([0, 1, 1, 1, 0, 1], rng=3)
    >>> run.converged, run.winner in (0, 1)
    (True, True)
    """
    state = initial_states.astype(np.int8)
    n = state.shape[0]
    matrix = _check_network_size(adjacency, n)
    check_work("max_steps", max_steps * n, what="max_steps × agents (elementary updates)")
    return _voter_run(state, matrix, max_steps, rng)


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    initial_density=Probability(),
    n_runs=Integer(1, MAX_RUNS),
    adjacency=_NETWORK,
    max_steps=Integer(1, MAX_STEPS),
    rng=Seed(),
)
def voter_exit_probability(
    n_agents: int,
    initial_density: float = 0.5,
    *,
    n_runs: int = 1000,
    adjacency=None,
    max_steps: int = 10_000,
    rng=None,
) -> VoterStatistics:
    """Exit probability and consensus time of the voter model over independent runs.

    Each run starts with ``round(initial_density * n_agents)`` agents in state 1 at
    random positions and runs :func:`voter_model` to consensus; run ``r`` draws from the
    ``r``-th of ``contract.spawn_generators(rng, n_runs)``.

    .. math:: P(\\text{all end in state 1}) = \\rho \\ \\text{(complete graph)}, \\qquad
        \\frac{\\sum_i d_i s_i(0)}{\\sum_i d_i} \\ \\text{(a network)}.

    Parameters
    ----------
    n_agents : int
    initial_density : float
        Initial share of 1s, in [0, 1].
    n_runs : int
        Number of independent runs.
    adjacency : (N, N) symmetric 0/1 matrix, optional
        None for the complete graph.
    max_steps : int
        Per-run limit in sweeps; runs that hit it count as not reaching state 1
        (consensus takes about N sweeps on the complete graph, so the default suits
        N up to a few thousand). ``n_runs × max_steps × n_agents`` is at most
        ``contract.MAX_WORK``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    VoterStatistics

    References
    ----------
    Sood, V. & Redner, S. (2005). Voter model on heterogeneous graphs. *Physical Review
    Letters* 94, 178701. https://doi.org/10.1103/PhysRevLett.94.178701

    Examples
    --------
    >>> stats = voter_exit_probability(20, 0.25, n_runs=200, rng=0)
    >>> abs(stats.exit_probability - 0.25) < 3 * stats.standard_error
    True
    """
    matrix = _check_network_size(adjacency, n_agents)
    check_work("n_runs", n_runs * max_steps * n_agents, what="n_runs × max_steps × n_agents")
    n_ones = int(round(initial_density * n_agents))

    def one_run(generator):
        state = np.zeros(n_agents, dtype=np.int8)
        state[generator.choice(n_agents, size=n_ones, replace=False)] = 1
        run = _voter_run(state, matrix, max_steps, generator)
        return run.winner, run.consensus_time

    runs = replicate(one_run, n_runs, rng)
    wins = sum(winner == 1 for winner, _ in runs)
    times = np.array([time for _, time in runs], dtype=float)
    p = wins / n_runs
    return VoterStatistics(
        exit_probability=float(p),
        standard_error=float(np.sqrt(max(p * (1 - p), 1e-300) / n_runs)),
        consensus_times=times,
        mean_consensus_time=float(np.nanmean(times)) if np.isfinite(times).any() else np.nan,
        params={
            "n_agents": n_agents,
            "initial_density": initial_density,
            "n_runs": n_runs,
            "max_steps": max_steps,
        },
    )


@constrained(n_agents=Integer(2, MAX_AGENTS), initial_density=_SHARES)
def voter_mean_consensus_time(n_agents: int, initial_density=0.5):
    """Mean consensus time of the voter model on the complete graph, in sweeps.

    .. math:: T_N(\\rho) = -N\\,[\\rho \\ln \\rho + (1 - \\rho) \\ln (1 - \\rho)]

    (large-N diffusion approximation; Sood & Redner 2005, with ``0 ln 0 = 0``).

    Parameters
    ----------
    n_agents : int
    initial_density : float or array, values in [0, 1]

    Returns
    -------
    ndarray (or float for scalar input)

    References
    ----------
    Sood, V. & Redner, S. (2005). Voter model on heterogeneous graphs. *Physical Review
    Letters* 94, 178701. https://doi.org/10.1103/PhysRevLett.94.178701

    Examples
    --------
    >>> round(float(voter_mean_consensus_time(1000, 0.5)), 1)
    693.1
    """
    rho = np.atleast_1d(initial_density)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(
            np.where(rho > 0, rho * np.log(rho), 0.0)
            + np.where(rho < 1, (1 - rho) * np.log1p(-rho), 0.0)
        )
    result = n_agents * entropy
    return float(result[0]) if np.ndim(initial_density) == 0 else result


# --------------------------------------------------------------------------- sweeps


@constrained(
    model=Options("deffuant", "hk"),
    epsilons=Array(1, low=0.0, high=1.0),
    n_agents=Integer(2, MAX_AGENTS),
    n_runs=Integer(1, MAX_RUNS),
    network=Optional(Function()),
    mu=Real(0.0, 0.5, low_open=True),
    min_fraction=Probability(),
    cluster_gap=Real(0.0, None, low_open=True),
    max_steps=Integer(1, MAX_LOOP_STEPS),
    rng=Seed(),
)
def bounded_confidence_sweep(
    model: str = "hk",
    epsilons=(0.1, 0.2, 0.3),
    *,
    n_agents: int = 1000,
    n_runs: int = 10,
    network=None,
    mu: float = 0.5,
    min_fraction: float = 0.05,
    cluster_gap: float = 1e-3,
    max_steps: int = 10_000,
    rng=None,
) -> SweepResult:
    """Final opinion clusters of Deffuant or Hegselmann–Krause runs over a grid of ε.

    Every run starts from opinions uniform on [0, 1] and runs to convergence
    (:func:`deffuant` or :func:`hegselmann_krause`, ``max_steps`` rounds or steps at
    most); the final opinions are grouped with :func:`opinion_clusters`. Run ``r`` at
    ``epsilons[e]`` draws from child ``e * n_runs + r`` of
    ``contract.spawn_generators(rng, E * n_runs)``, so results do not depend on the order
    in which the grid is run. A cluster is *major* when its share of agents is at least
    ``min_fraction``:

    .. math:: n_{\\text{major}} = \\#\\{k : |C_k| / N \\ge \\text{min\\_fraction}\\}.

    Parameters
    ----------
    model : {"deffuant", "hk"}
    epsilons : array of float in (0, 1]
    n_agents : int
    n_runs : int
        Runs per ε (``E × n_runs × n_agents × max_steps`` at most ``contract.MAX_WORK``).
    network : callable, optional
        ``network(rng) -> adjacency`` builds a fresh network for each run; None for the
        complete graph.
    mu : float
        Deffuant's convergence parameter in (0, 0.5].
    min_fraction : float
        A cluster is *major* if it holds at least this share of the agents.
    cluster_gap : float
        Gap separating clusters.
    max_steps : int
        Step (HK) or round (Deffuant) limit per run.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    SweepResult

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3(1–4), 87–98.
    https://doi.org/10.1142/S0219525900000078

    Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
    models, analysis and simulation. *JASSS* 5(3), 2. https://www.jasss.org/5/3/2.html

    Fortunato, S. (2005). On the consensus threshold for the opinion dynamics of
    Krause–Hegselmann. *International Journal of Modern Physics C* 16(2), 259–270.
    https://doi.org/10.1142/S0129183105007078

    Examples
    --------
    >>> sweep = bounded_confidence_sweep("hk", [0.05, 0.4], n_agents=200, n_runs=2, rng=0)
    >>> sweep.consensus.tolist()
    [[False, False], [True, True]]
    """
    eps = epsilons
    if np.any(eps <= 0):
        raise ValueError("epsilons must be in (0, 1], got a value <= 0")
    check_work(
        "n_runs",
        eps.size * n_runs * n_agents * max_steps,
        what="len(epsilons) × n_runs × n_agents × max_steps",
    )
    generators = spawn_generators(rng, eps.size * n_runs)
    positions, fractions = [], []
    n_major = np.zeros((eps.size, n_runs), dtype=np.int64)
    consensus = np.zeros((eps.size, n_runs), dtype=bool)
    for e, epsilon in enumerate(eps):
        pos_e, frac_e = [], []
        for r in range(n_runs):
            gen = generators[e * n_runs + r]
            adjacency = None if network is None else network(gen)
            x0 = gen.random(n_agents)
            if model == "hk":
                run = hegselmann_krause(
                    x0,
                    epsilon=float(epsilon),
                    adjacency=adjacency,
                    max_steps=max_steps,
                    n_records=1,
                )
            else:
                run = deffuant(
                    x0,
                    epsilon=float(epsilon),
                    mu=mu,
                    adjacency=adjacency,
                    max_steps=max_steps,
                    rng=gen,
                )
            clusters = _clusters(run.final, cluster_gap)
            frac = clusters.sizes / n_agents
            pos_e.append(clusters.positions)
            frac_e.append(frac)
            n_major[e, r] = int(np.sum(frac >= min_fraction))
            consensus[e, r] = clusters.n_clusters == 1
        positions.append(pos_e)
        fractions.append(frac_e)
    return SweepResult(
        epsilons=eps,
        cluster_positions=positions,
        cluster_fractions=fractions,
        n_major_clusters=n_major,
        consensus=consensus,
        params={
            "model": model,
            "n_agents": n_agents,
            "n_runs": n_runs,
            "mu": mu,
            "min_fraction": min_fraction,
            "cluster_gap": cluster_gap,
            "max_steps": max_steps,
        },
    )


# --------------------------------------------------------------------------- explorer scenarios


#: The parameters both explorer scenarios share.
_SCENARIO = {
    "network": Options("elite", "egalitarian"),
    "n_agents": Integer(2, MAX_SCENARIO_AGENTS),
    "elite_size": Integer(1, MAX_SCENARIO_AGENTS),
    "rng": Seed(),
}


@constrained(epsilon=_EPSILON, stubbornness=Probability(), n_steps=Integer(0, 10_000), **_SCENARIO)
def elite_public_scenario(
    network: str = "elite",
    *,
    epsilon: float = 0.2,
    stubbornness: float = 0.0,
    n_agents: int = 300,
    elite_size: int = 15,
    n_steps: int = 40,
    rng=None,
) -> ElitePublicRun:
    """Bounded-confidence discussion on an elite or an egalitarian network.

    The chapter's explorer scenario. Opinions start uniform on [0, 1] and follow
    :func:`hegselmann_krause` for exactly ``n_steps`` synchronous steps (a fixed point
    reached earlier is kept to the end), on one of two networks with the same number of
    agents:

    * ``"elite"``: :func:`~socmodels.networks.core_periphery` with ``elite_size``
      fully linked core accounts; each peripheral agent follows each core account with
      probability 0.5 and has on average 2 peripheral contacts;
    * ``"egalitarian"``: an Erdős–Rényi network with the same mean degree.

    ``elite_size`` agents hold on to their initial view with the given
    ``stubbornness`` (:math:`s_i` in :func:`hegselmann_krause`): the core in the elite
    network, randomly chosen agents in the egalitarian one:

    .. math:: x_i(t+1) = (1 - s_i)\\,\\overline{x}_{N_i(t)}(t) + s_i\\,x_i(0), \\qquad
        s_i = \\text{stubbornness}\\,[i \\in \\text{elite}].

    Parameters
    ----------
    network : {"elite", "egalitarian"}
    epsilon : float
        Confidence bound (trust), in (0, 1].
    stubbornness : float
        In [0, 1].
    n_agents : int
        ``> elite_size``.
    elite_size : int
    n_steps : int
        Synchronous steps.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    ElitePublicRun

    References
    ----------
    Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
    models, analysis and simulation. *JASSS* 5(3), 2. https://www.jasss.org/5/3/2.html

    Borgatti, S. P. & Everett, M. G. (2000). Models of core/periphery structures.
    *Social Networks* 21(4), 375–395. https://doi.org/10.1016/S0378-8733(99)00019-2

    Examples
    --------
    >>> run = elite_public_scenario("elite", epsilon=0.3, n_steps=5, rng=2024)
    >>> run.trajectory.shape, int(run.elite.sum())
    ((6, 300), 15)
    """
    adjacency, elite = _elite_or_egalitarian(network, n_agents, elite_size, rng)
    x0 = rng.random(n_agents)
    run = hegselmann_krause(
        x0,
        epsilon=epsilon,
        adjacency=adjacency,
        stubbornness=np.where(elite, stubbornness, 0.0),
        max_steps=n_steps,
        tol=0.0,
        n_records=max(n_steps, 1),
    )
    # An exact fixed point reached early stays put: repeat it up to n_steps.
    trajectory = run.trajectory
    if run.n_steps_run < n_steps:
        padding = np.repeat(run.final[None, :], n_steps - run.n_steps_run, axis=0)
        trajectory = np.concatenate([trajectory, padding])
    params = {
        "network": network,
        "epsilon": epsilon,
        "stubbornness": stubbornness,
        "n_agents": n_agents,
        "elite_size": elite_size,
        "n_steps": n_steps,
    }
    return ElitePublicRun(
        times=np.arange(n_steps + 1, dtype=np.int64),
        trajectory=trajectory,
        final=run.final,
        elite=elite,
        params=params,
    )


def _elite_or_egalitarian(network, n_agents, elite_size, gen):
    """The chapter's two networks with the same number of agents and of links.

    ``"elite"``: a fully linked core of ``elite_size`` accounts; each peripheral agent
    follows each core account with probability 1/2 and has on average 2 peripheral
    contacts. ``"egalitarian"``: an Erdős–Rényi network with the same mean degree, in
    which ``elite_size`` randomly chosen agents play the elite's role.
    """
    if n_agents <= elite_size:
        raise ValueError(f"n_agents must be > elite_size ({elite_size}), got {n_agents}")
    periphery = n_agents - elite_size
    p_periphery = min(1.0, 2.0 / max(periphery - 1, 1))
    elite_net = networks.core_periphery(
        n_agents, elite_size, p_core=1.0, p_core_periphery=0.5, p_periphery=p_periphery, rng=gen
    )
    elite = np.zeros(n_agents, dtype=bool)
    if network == "elite":
        elite[:elite_size] = True
        return elite_net, elite
    mean_degree = elite_net.sum() / n_agents
    adjacency = networks.erdos_renyi(n_agents, mean_degree=mean_degree, rng=gen)
    elite[gen.choice(n_agents, size=elite_size, replace=False)] = True
    return adjacency, elite


@constrained(
    elite_stubbornness=Probability(),
    public_susceptibility=Real(0.0, 1.0, high_open=True),
    elite_opinion=Probability(),
    **_SCENARIO,
)
def stubborn_elite_scenario(
    network: str = "elite",
    *,
    elite_stubbornness: float = 0.5,
    public_susceptibility: float = 0.9,
    elite_opinion: float = 0.9,
    n_agents: int = 200,
    elite_size: int = 10,
    rng=None,
) -> StubbornEliteScenario:
    """An elite that agrees among itself, anchored, inside a public that does not.

    Builds the chapter's elite (core–periphery) or egalitarian (Erdős–Rényi, same mean
    degree) network, as in :func:`elite_public_scenario`. The ``elite_size`` elite
    accounts start at the shared view ``elite_opinion`` and have susceptibility
    :math:`\\lambda = 1 - s` (``s = elite_stubbornness``); the public starts uniform on
    [0, 1] with susceptibility ``public_susceptibility``:

    .. math:: \\lambda_i = 1 - s \\ (i \\in \\text{elite}), \\qquad
        \\lambda_i = \\lambda_{\\text{public}} \\ (\\text{otherwise}).

    Feed the result to :func:`friedkin_johnsen` or :func:`friedkin_johnsen_equilibrium`.

    Parameters
    ----------
    network : {"elite", "egalitarian"}
    elite_stubbornness : float
        In [0, 1].
    public_susceptibility : float
        In [0, 1).
    elite_opinion : float
        In [0, 1].
    n_agents : int
        ``> elite_size``.
    elite_size : int
    rng : numpy.random.Generator, int or None

    Returns
    -------
    StubbornEliteScenario

    References
    ----------
    Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
    *Journal of Mathematical Sociology* 15(3–4), 193–206.
    https://doi.org/10.1080/0022250X.1990.9990069

    Borgatti, S. P. & Everett, M. G. (2000). Models of core/periphery structures.
    *Social Networks* 21(4), 375–395. https://doi.org/10.1016/S0378-8733(99)00019-2

    Examples
    --------
    >>> sc = stubborn_elite_scenario("elite", elite_stubbornness=1.0, rng=2024)
    >>> x = friedkin_johnsen_equilibrium(sc.weights, sc.initial_opinions, sc.susceptibility)
    >>> bool(x[~sc.elite].mean() > sc.initial_opinions[~sc.elite].mean())   # pulled up
    True
    """
    adjacency, elite = _elite_or_egalitarian(network, n_agents, elite_size, rng)
    x0 = rng.random(n_agents)
    x0[elite] = elite_opinion
    susceptibility = np.where(elite, 1.0 - elite_stubbornness, public_susceptibility)
    return StubbornEliteScenario(
        weights=degroot_weights(adjacency),
        initial_opinions=x0,
        susceptibility=susceptibility,
        elite=elite,
        params={
            "network": network,
            "elite_stubbornness": elite_stubbornness,
            "public_susceptibility": public_susceptibility,
            "elite_opinion": elite_opinion,
            "n_agents": n_agents,
            "elite_size": elite_size,
        },
    )
