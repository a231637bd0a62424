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
* :func:`elite_public_scenario` — the chapter's explorer scenario.

Opinions are real numbers (bounded-confidence models: in ``[0, 1]``); networks are
symmetric ``scipy.sparse`` adjacency matrices from :mod:`socmodels.networks`; influence
weights are row-stochastic sparse matrices (:func:`degroot_weights`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg as spla

from . import networks
from ._jit import map_blocks, row_blocks
from ._validation import (
    as_generator,
    check_adjacency,
    check_array,
    check_choice,
    check_int,
    check_real,
    passed_check,
    remember_check,
)

__all__ = [
    "OpinionRun",
    "WisdomResult",
    "VoterRun",
    "VoterStatistics",
    "SweepResult",
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
    "StubbornEliteScenario",
]

_STOCHASTIC_TOL = 1e-9
#: Up to this many agents the influence vector is found by a dense solve.
_DENSE_INFLUENCE_MAX = 200


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class OpinionRun:
    """Trajectory and outcome of an opinion-dynamics run.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Step (or round) at which each row of ``trajectory`` was recorded.
    trajectory : ndarray, shape (R, N)
        Opinions at the recorded times (first row: the initial opinions).
    final : ndarray, shape (N,)
        Opinions when the run stopped.
    steps : int
        Steps (rounds) performed.
    converged : bool
        True if the stopping criterion (see each model) was met before the step limit.
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    steps: int
    converged: bool


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
    """

    influence: np.ndarray
    max_influence: float
    predicted_rmse: float
    errors: np.ndarray

    @property
    def rmse(self) -> float:
        """Root-mean-square consensus error over the draws."""
        return float(np.sqrt(np.mean(self.errors**2)))


@dataclass(frozen=True)
class VoterRun:
    """Outcome of one :func:`voter_model` run.

    Attributes
    ----------
    final : ndarray of int8, shape (N,)
        States (0 or 1) when the run stopped.
    density : ndarray, shape (S + 1,)
        Fraction of agents in state 1 after each sweep (``density[0]`` initial).
    consensus : bool
        True if all agents agree.
    consensus_time : float
        Time to consensus in sweeps (elementary updates / N); ``nan`` without consensus.
    winner : int
        The consensus state (0 or 1), or -1 without consensus.
    """

    final: np.ndarray
    density: np.ndarray
    consensus: bool
    consensus_time: float
    winner: int


@dataclass(frozen=True)
class VoterStatistics:
    """Outcome of :func:`voter_exit_probability` over independent runs.

    Attributes
    ----------
    exit_probability : float
        Fraction of runs ending with everyone in state 1.
    standard_error : float
        Binomial standard error of ``exit_probability``.
    consensus_times : ndarray, shape (runs,)
        Time to consensus of each run, in sweeps.
    mean_consensus_time : float
        Mean of ``consensus_times``.
    """

    exit_probability: float
    standard_error: float
    consensus_times: np.ndarray
    mean_consensus_time: float


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
    n_major_clusters : ndarray of int, shape (E, runs)
        Clusters holding at least ``min_fraction`` of the agents.
    consensus : ndarray of bool, shape (E, runs)
        True when every agent ended in a single cluster.
    """

    epsilons: np.ndarray
    cluster_positions: list
    cluster_fractions: list
    n_major_clusters: np.ndarray
    consensus: np.ndarray

    @property
    def consensus_probability(self) -> np.ndarray:
        """Fraction of runs reaching consensus at each ε."""
        return self.consensus.mean(axis=1)

    @property
    def mean_major_clusters(self) -> np.ndarray:
        """Mean number of major clusters at each ε."""
        return self.n_major_clusters.mean(axis=1)


# --------------------------------------------------------------------------- helpers


def _check_opinions(name, values, *, unit_interval=False) -> np.ndarray:
    if unit_interval:
        return check_array(name, values, minimum=0.0, maximum=1.0)
    return check_array(name, values)


def _check_weights(weights, name: str = "weights") -> sp.csr_array:
    """Square, finite, non-negative, row-stochastic sparse matrix."""
    matrix = check_adjacency(weights, name, symmetric=False, weighted=True)
    # A frozen matrix (networks.freeze) is checked once; the check is remembered.
    if passed_check(weights, ("row_stochastic", _STOCHASTIC_TOL)):
        return matrix
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    worst = np.max(np.abs(row_sums - 1.0))
    if worst > _STOCHASTIC_TOL:
        raise ValueError(
            f"{name} must be row-stochastic (every row sums to 1), got a row summing to "
            f"{row_sums[np.argmax(np.abs(row_sums - 1.0))]:.6g}"
        )
    remember_check(weights, ("row_stochastic", _STOCHASTIC_TOL))
    return matrix


def _check_size(name, array, n):
    if array.shape[0] != n:
        raise ValueError(f"{name} must have one entry per agent ({n}), got {array.shape[0]}")


def _check_network(adjacency, n) -> sp.csr_array | None:
    if adjacency is None:
        return None
    matrix = check_adjacency(adjacency, "adjacency")
    if matrix.shape[0] != n:
        raise ValueError(f"adjacency must have one row per agent ({n}), got shape {matrix.shape}")
    return matrix


def _recorder(record_every, max_steps):
    record_every = check_int("record_every", record_every, minimum=0)
    return record_every


def _finish(times, rows, x, steps, converged, record_every) -> OpinionRun:
    if record_every and (not times or times[-1] != steps):
        times.append(steps)
        rows.append(x.copy())
    if not times:
        times, rows = [steps], [x.copy()]
    return OpinionRun(
        times=np.asarray(times, dtype=np.int64),
        trajectory=np.asarray(rows),
        final=x,
        steps=steps,
        converged=converged,
    )


# --------------------------------------------------------------------------- DeGroot


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

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> degroot_weights(star_graph(3)).toarray().round(3).tolist()
    [[0.333, 0.333, 0.333], [0.5, 0.5, 0.0], [0.5, 0.0, 0.5]]
    """
    matrix = check_adjacency(adjacency, "adjacency")
    if not isinstance(include_self, bool | np.bool_):
        raise TypeError(f"include_self must be a bool, got {type(include_self).__name__}")
    n = matrix.shape[0]
    if include_self:
        matrix = (matrix + sp.eye_array(n, format="csr")).tocsr()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    if np.any(row_sums == 0):
        raise ValueError(
            "adjacency has isolated nodes; use include_self=True so their row can be normalised"
        )
    return sp.csr_array(sp.diags_array(1.0 / row_sums) @ matrix)


def degroot_step(weights, opinions) -> np.ndarray:
    """One synchronous DeGroot update, ``x(t+1) = W x(t)``.

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix
    opinions : array of shape (N,)

    Returns
    -------
    ndarray, shape (N,)

    Examples
    --------
    >>> import numpy as np
    >>> degroot_step(np.array([[0.5, 0.5], [0.0, 1.0]]), [0.0, 1.0]).tolist()
    [0.5, 1.0]
    """
    weights = _check_weights(weights)
    x = _check_opinions("opinions", opinions)
    _check_size("opinions", x, weights.shape[0])
    return _matvec(weights, x)


def degroot(
    weights, initial_opinions, *, steps: int = 100, tol: float = 0.0, record_every: int = 1
) -> OpinionRun:
    """DeGroot (1974) learning: everyone repeatedly averages their contacts' opinions.

    Synchronous update (everyone at once):

    .. math:: x(t+1) = W\\,x(t), \\qquad x(t) = W^t x(0),

    with W row-stochastic (``W[i, j]`` is the weight agent *i* puts on *j*). If W is
    irreducible and aperiodic, every opinion converges to :math:`\\pi^\\top x(0)`, with
    :math:`\\pi` the left unit eigenvector (:func:`influence_vector`).

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix (dense or sparse)
    initial_opinions : array of shape (N,)
    steps : int
        Maximum number of updates, ``>= 0``.
    tol : float
        Stop early once ``max_i |x_i(t+1) - x_i(t)| <= tol`` (``tol >= 0``; 0 runs all steps).
    record_every : int
        Keep the opinions every this many steps in ``trajectory`` (0: only first and last).

    Returns
    -------
    OpinionRun

    References
    ----------
    DeGroot, M. H. (1974). Reaching a consensus. *JASA* 69(345), 118–121.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0.5, 0.5, 0.0], [0.25, 0.5, 0.25], [0.0, 0.5, 0.5]])
    >>> run = degroot(W, [0.0, 0.0, 1.0], steps=200)
    >>> print(run.final.round(6))
    [0.25 0.25 0.25]
    """
    weights = _check_weights(weights)
    x = _check_opinions("initial_opinions", initial_opinions)
    _check_size("initial_opinions", x, weights.shape[0])
    steps = check_int("steps", steps, minimum=0)
    tol = check_real("tol", tol, minimum=0.0)
    record_every = _recorder(record_every, steps)
    # Large matrices: one compiled pass per step (product and change), over int32 indices
    # when they fit. The two opinion buffers alternate.
    compact = _compact_csr_indices(weights) if weights.nnz >= _PARALLEL_MIN_ENTRIES else None
    spare = np.empty_like(x)
    times, rows = [0], [x.copy()]
    converged = False
    step = 0
    while step < steps:
        change = _matvec_change(weights, x, spare, compact)
        x, spare = spare, x
        step += 1
        if record_every and step % record_every == 0:
            times.append(step)
            rows.append(x.copy())
        if tol > 0 and change <= tol:
            converged = True
            break
    return _finish(times, rows, x, step, converged, record_every)


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
    DeGroot (1974); Golub, B. & Jackson, M. O. (2010). Naïve learning in social
    networks and the wisdom of crowds. *AEJ: Microeconomics* 2(1), 112–149.

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> pi = influence_vector(degroot_weights(star_graph(5)))
    >>> round(float(pi[0]), 6), round(5 / (3 * 5 - 2), 6)     # centre: n / (3n - 2)
    (0.384615, 0.384615)
    """
    weights = _check_weights(weights)
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


def degroot_limit(weights, initial_opinions) -> float:
    """The consensus DeGroot averaging reaches: :math:`\\pi^\\top x(0)`.

    Parameters
    ----------
    weights : (N, N) row-stochastic matrix, irreducible and aperiodic
    initial_opinions : array of shape (N,)

    Returns
    -------
    float

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> W = degroot_weights(star_graph(4))
    >>> round(degroot_limit(W, [1.0, 0.0, 0.0, 0.0]), 6)   # the centre's influence 4/10
    0.4
    """
    pi = influence_vector(weights)
    x = _check_opinions("initial_opinions", initial_opinions)
    _check_size("initial_opinions", x, pi.shape[0])
    return float(pi @ x)


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
        Independent signal draws, ``>= 1``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    WisdomResult

    References
    ----------
    Golub, B. & Jackson, M. O. (2010). *AEJ: Microeconomics* 2(1), 112–149.

    Examples
    --------
    >>> from socmodels.networks import complete_graph
    >>> res = wisdom_of_crowds(degroot_weights(complete_graph(100)), n_draws=10, rng=1)
    >>> round(res.max_influence, 4), round(res.predicted_rmse, 4)    # 1/N and 1/sqrt(N)
    (0.01, 0.1)
    """
    true_state = check_real("true_state", true_state)
    noise_sd = check_real("noise_sd", noise_sd, 0.0, None, low_open=True)
    n_draws = check_int("n_draws", n_draws, minimum=1)
    rng = as_generator(rng)
    pi = influence_vector(weights)
    signals = true_state + noise_sd * rng.standard_normal((n_draws, pi.shape[0]))
    errors = signals @ pi - true_state
    return WisdomResult(
        influence=pi,
        max_influence=float(pi.max()),
        predicted_rmse=float(noise_sd * np.sqrt(np.sum(pi**2))),
        errors=errors,
    )


# --------------------------------------------------------------------------- Friedkin–Johnsen


def _check_susceptibility(susceptibility, n) -> np.ndarray:
    if np.isscalar(susceptibility):
        value = check_real("susceptibility", susceptibility, 0.0, 1.0)
        return np.full(n, value)
    array = check_array("susceptibility", susceptibility, minimum=0.0, maximum=1.0)
    _check_size("susceptibility", array, n)
    return array


def friedkin_johnsen(
    weights,
    initial_opinions,
    susceptibility,
    *,
    steps: int = 1000,
    tol: float = 1e-12,
    record_every: int = 1,
) -> OpinionRun:
    """Friedkin–Johnsen (1990) influence: averaging while anchored to one's initial view.

    Synchronous update, with :math:`\\Lambda = \\mathrm{diag}(\\lambda_i)` the agents'
    susceptibilities to influence:

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
    steps : int
        Maximum number of updates, ``>= 0``.
    tol : float
        Stop once ``max |x(t+1) - x(t)| <= tol`` (``tol >= 0``; 0 runs all steps).
    record_every : int
        Keep opinions every this many steps (0: only first and last).

    Returns
    -------
    OpinionRun

    References
    ----------
    Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
    *Journal of Mathematical Sociology* 15(3–4), 193–206.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.full((2, 2), 0.5)
    >>> run = friedkin_johnsen(W, [0.0, 1.0], [1.0, 0.0])   # agent 1 is fully stubborn
    >>> print(run.final.round(6))
    [1. 1.]
    """
    weights = _check_weights(weights)
    x0 = _check_opinions("initial_opinions", initial_opinions)
    n = weights.shape[0]
    _check_size("initial_opinions", x0, n)
    lam = _check_susceptibility(susceptibility, n)
    steps = check_int("steps", steps, minimum=0)
    tol = check_real("tol", tol, minimum=0.0)
    record_every = _recorder(record_every, steps)
    influenced = sp.csr_array(sp.diags_array(lam) @ weights)
    anchor = (1.0 - lam) * x0
    x = x0.copy()
    times, rows = [0], [x.copy()]
    converged = False
    step = 0
    while step < steps:
        new = _matvec(influenced, x) + anchor
        step += 1
        change = np.max(np.abs(new - x))
        x = new
        if record_every and step % record_every == 0:
            times.append(step)
            rows.append(x.copy())
        if tol > 0 and change <= tol:
            converged = True
            break
    return _finish(times, rows, x, step, converged, record_every)


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
    Friedkin, N. E. & Johnsen, E. C. (1990). *Journal of Mathematical Sociology* 15, 193–206.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.full((2, 2), 0.5)
    >>> print(friedkin_johnsen_equilibrium(W, [0.0, 1.0], 0.5).round(6))
    [0.25 0.75]
    """
    weights = _check_weights(weights)
    x0 = _check_opinions("initial_opinions", initial_opinions)
    n = weights.shape[0]
    _check_size("initial_opinions", x0, n)
    lam = _check_susceptibility(susceptibility, n)
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


def _check_bc_common(initial_opinions, epsilon, adjacency):
    x = _check_opinions("initial_opinions", initial_opinions, unit_interval=True)
    epsilon = check_real("epsilon", epsilon, 0.0, 1.0, low_open=True)
    matrix = _check_network(adjacency, x.shape[0])
    return x, epsilon, matrix


def _deffuant_frozen_complete(x, epsilon, tol) -> bool:
    """True if no two agents differ by more than tol and less than epsilon."""
    xs = np.sort(x)
    nxt = np.searchsorted(xs, xs + tol, side="right")
    valid = nxt < xs.shape[0]
    return not np.any(xs[nxt[valid]] - xs[valid] < epsilon)


#: Priorities drawn per call of the network kernel are capped at this many numbers
#: (8 MB), so large networks draw round by round.
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

    Parameters
    ----------
    u, v : ndarray(int32, ndim=1)
        End points of the edges (``u < v``).
    indptr, incident : ndarray
        Each node's incident edge ids, ``incident[indptr[a]:indptr[a + 1]]``.
    priorities : ndarray(float64, ndim=2), shape (rounds, E)
        Uniform priorities.
    x : ndarray(float64, ndim=1)
        Opinions, updated in place.
    epsilon, mu : float
        Confidence bound and convergence parameter.
    winner : ndarray(int32, ndim=1)
        Work space, one entry per node.
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
                diff = x[b] - x[a]
                if abs(diff) < epsilon:
                    x[a] += mu * diff
                    x[b] -= mu * diff


@numba.njit(cache=True)
def _deffuant_network_frozen(u, v, x, epsilon, tol):
    """True if no edge joins opinions that differ by more than tol and less than epsilon.

    Parameters
    ----------
    u, v : ndarray(int32, ndim=1)
        End points of the edges.
    x : ndarray(float64, ndim=1)
        Opinions.
    epsilon, tol : float

    Returns
    -------
    bool
    """
    for e in range(u.shape[0]):
        gap = abs(x[u[e]] - x[v[e]])
        if gap > tol and gap < epsilon:
            return False
    return True


def deffuant(
    initial_opinions,
    *,
    epsilon: float,
    mu: float = 0.5,
    adjacency=None,
    max_rounds: int = 10_000,
    tol: float = 1e-6,
    check_every: int = 10,
    record_every: int = 0,
    rng=None,
) -> OpinionRun:
    """Deffuant et al. (2000) pairwise bounded confidence.

    When agents *i* and *j* meet and :math:`|x_i - x_j| < \\varepsilon`, both move towards
    each other by a fraction :math:`\\mu` of their difference:

    .. math::
        x_i \\leftarrow x_i + \\mu (x_j - x_i), \\qquad x_j \\leftarrow x_j + \\mu (x_i - x_j);

    otherwise nothing happens.

    **Schedule (disjoint-pair batches).** Time runs in *rounds*. On the complete graph
    (``adjacency=None``) each round pairs all agents by a uniformly random perfect
    matching (N/2 meetings). On a network, each round gives every edge a random
    priority (uniform on [0, 1)) and lets an edge meet when it has the lowest priority
    among all edges at both its ends (a random matching, found by a compiled pass over
    each node's edges). Pairs in a round are disjoint, so updating them
    together equals updating them one by one; every agent meets at most one partner
    per round. (Drawing edges independently instead would let hubs meet more often;
    the cluster structure is set by ε, the speed differs.)

    The run stops when no interacting pair (on the network: no edge) differs by more
    than ``tol`` and less than ε — nothing can change by more than ``tol`` any more.

    Parameters
    ----------
    initial_opinions : array of shape (N,), values in [0, 1]
    epsilon : float
        Confidence bound, in (0, 1].
    mu : float
        Convergence parameter, in (0, 0.5].
    adjacency : (N, N) symmetric 0/1 matrix, optional
        Who can meet; None for the complete graph.
    max_rounds : int
        Maximum number of rounds, ``>= 0``.
    tol : float
        Convergence tolerance (``>= 0``).
    check_every : int
        Test the stopping rule every this many rounds, ``>= 1``.
    record_every : int
        Keep opinions every this many rounds (0: only first and last).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    OpinionRun
        ``steps`` counts rounds.

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3, 87–98.

    Examples
    --------
    >>> import numpy as np
    >>> x0 = np.random.default_rng(0).random(200)
    >>> run = deffuant(x0, epsilon=0.6, rng=1)
    >>> run.converged, bool(np.ptp(run.final) < 1e-3)     # ε > 1/2: consensus
    (True, True)
    """
    x, epsilon, matrix = _check_bc_common(initial_opinions, epsilon, adjacency)
    mu = check_real("mu", mu, 0.0, 0.5, low_open=True)
    max_rounds = check_int("max_rounds", max_rounds, minimum=0)
    tol = check_real("tol", tol, minimum=0.0)
    check_every = check_int("check_every", check_every, minimum=1)
    record_every = _recorder(record_every, max_rounds)
    rng = as_generator(rng)
    n = x.shape[0]
    if matrix is not None:
        u, v = networks.edge_list(matrix)
        u, v = u.astype(np.int32), v.astype(np.int32)
        n_edges = u.shape[0]
        indptr, incident = _edge_incidence(u, v, n)
        winner = np.empty(n, dtype=np.int32)
        rounds_per_draw = max(1, min(check_every, _DEFFUANT_PRIORITY_BLOCK // max(n_edges, 1)))
        # Reused: a fresh block per call would cost page faults on every draw.
        priority_buffer = np.empty((rounds_per_draw, n_edges))

    def frozen() -> bool:
        if matrix is None:
            return _deffuant_frozen_complete(x, epsilon, tol)
        return _deffuant_network_frozen(u, v, x, epsilon, tol)

    times, rows = [0], [x.copy()]
    converged = frozen()
    step = 0
    while not converged and step < max_rounds:
        if matrix is None:
            order = rng.permutation(n)
            half = n // 2
            i, j = order[:half], order[half : 2 * half]
            diff = x[j] - x[i]
            shift = np.where(np.abs(diff) < epsilon, mu * diff, 0.0)
            x[i] += shift
            x[j] -= shift
            step += 1
        else:
            if n_edges == 0:
                converged = True
                break
            # Several rounds per compiled call, up to the next check, record or the last
            # round. Continuous priorities: ties have probability zero, and drawing them
            # is cheaper than a permutation; drawn as a block, they are the same numbers
            # (and so the same run) as drawn round by round.
            stop = min(max_rounds, (step // check_every + 1) * check_every)
            if record_every:
                stop = min(stop, (step // record_every + 1) * record_every)
            rounds = min(stop - step, rounds_per_draw)
            priorities = rng.random(out=priority_buffer[:rounds])
            _deffuant_network_rounds(u, v, indptr, incident, priorities, x, epsilon, mu, winner)
            step += rounds
        if record_every and step % record_every == 0:
            times.append(step)
            rows.append(x.copy())
        if step % check_every == 0:
            converged = frozen()
    return _finish(times, rows, x, step, converged, record_every)


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


#: From this many stored entries on, a DeGroot product is a compiled pass over row blocks
#: (on two or more threads from socmodels._jit.THREADED_MIN_ENTRIES); below, scipy's own.
_PARALLEL_MIN_ENTRIES = 1 << 17


@numba.njit(cache=True, nogil=True)
def _matvec_rows(indptr, indices, data, x, out, start, stop):
    """Rows ``start:stop`` of a CSR mat-vec, :math:`y_i = \\sum_k a_{ik} x_{j_k}`.

    Parameters
    ----------
    indptr, indices, data : ndarray
        The CSR arrays of the matrix (int32 or int64 indices, float64 data, each row's
        entries in stored order).
    x : ndarray of float64, shape (N,)
        The vector; also the reference for the change.
    out : ndarray of float64, shape (N,)
        Receives :math:`y_i` for the rows ``start <= i < stop``; must not be ``x``.
    start, stop : int
        The rows to compute.

    Returns
    -------
    float
        :math:`\\max_i |y_i - x_i|` over those rows (NaN if one is NaN).

    Each row is summed from 0.0 in stored order, as scipy's ``csr_matvec`` does, so the
    result is bit-identical to ``W @ x``.
    """
    largest = 0.0
    for i in range(start, stop):
        total = 0.0
        for k in range(indptr[i], indptr[i + 1]):
            total += data[k] * x[indices[k]]
        out[i] = total
        change = abs(total - x[i])
        if change > largest or change != change:
            largest = change
    return largest


def _matvec_change(weights, x: np.ndarray, out: np.ndarray, compact=None) -> float:
    """``out[:] = weights @ x`` (bit-identical to scipy's product); returns max |out - x|.

    Large matrices: compiled passes over blocks of rows (:func:`_matvec_rows`, on a pool of
    threads, see :mod:`socmodels._jit`), over the ``compact`` (int32) ``(indptr, indices)``
    if given. Small ones: scipy's product itself (the same sums in the same order), so no
    compiled code has to be loaded.
    """
    if weights.nnz < _PARALLEL_MIN_ENTRIES:
        np.copyto(out, weights @ x)
        return float(np.max(np.abs(out - x)))
    indptr, indices = compact if compact is not None else (weights.indptr, weights.indices)
    data = weights.data
    changes = map_blocks(
        lambda start, stop: _matvec_rows(indptr, indices, data, x, out, start, stop),
        out.shape[0],
        row_blocks(indices.shape[0]),
    )
    return float(np.max(changes))


def _matvec(weights: sp.csr_array, x: np.ndarray) -> np.ndarray:
    """``weights @ x`` for a square CSR matrix: bit-identical to scipy's sparse product,
    in one compiled pass on every thread for large matrices."""
    out = np.empty(weights.shape[0])
    _matvec_change(weights, x, out)
    return out


@numba.njit(cache=True, nogil=True)
def _hk_rows(x, epsilon, indptr, indices, keep, anchor, anchored, out, start, stop):
    """Rows ``start:stop`` of one synchronous Hegselmann–Krause step on a network.

    .. math::
        m_i = \\frac{x_i + \\sum_{j \\in \\partial i} x_j [|x_j - x_i| \\le \\varepsilon]}
                   {1 + \\sum_{j \\in \\partial i} [|x_j - x_i| \\le \\varepsilon]},
        \\qquad y_i = \\kappa_i m_i + a_i \\ (\\text{anchored}), \\quad y_i = m_i
        \\ (\\text{otherwise}).

    Parameters
    ----------
    x : ndarray of float64, shape (N,)
        Opinions before the step.
    epsilon : float
        Confidence bound.
    indptr, indices : ndarray of int
        CSR structure of the network (neighbours of *i*: ``indices[indptr[i]:indptr[i+1]]``).
    keep, anchor : ndarray of float64
        :math:`\\kappa_i = 1 - s_i` and :math:`a_i = s_i x_i(0)`; read only if ``anchored``.
    anchored : bool
        Mix in the anchors (stubborn agents).
    out : ndarray of float64, shape (N,)
        Receives :math:`y_i` for the rows ``start <= i < stop``; must not be ``x``.
    start, stop : int
        The rows to compute.

    Returns
    -------
    float
        :math:`\\max_i |y_i - x_i|` over those rows.

    Neighbours are summed in stored order after the agent itself, and the anchor is
    mixed in as ``keep * mean + anchor``, as the NumPy expressions it replaced, so the
    results are bit-identical to them.
    """
    largest = 0.0
    for i in range(start, stop):
        xi = x[i]
        total = xi
        count = 1.0
        for k in range(indptr[i], indptr[i + 1]):
            xj = x[indices[k]]
            if abs(xj - xi) <= epsilon:
                total += xj
                count += 1.0
        value = total / count
        if anchored:
            value = keep[i] * value + anchor[i]
        out[i] = value
        change = abs(value - xi)
        if change > largest or change != change:
            largest = change
    return largest


_NO_ANCHOR = np.zeros(0)


def _hk_step_network(x, epsilon, indptr, indices, out=None, keep=None, anchor=None):
    """HK step over a CSR neighbourhood, self included, |x_i - x_j| <= ε.

    The masked adjacency ``A_ij [|x_i - x_j| <= ε]`` is applied row by row in one
    compiled pass over the stored edges (no Python per agent, no temporary arrays of
    edge length); large networks in blocks of rows on a pool of threads
    (:mod:`socmodels._jit`). With ``keep`` and ``anchor`` the result is
    ``keep * mean + anchor`` (stubborn agents). Returns ``(out, max |out - x|)``.
    """
    if out is None:
        out = np.empty_like(x)
    anchored = keep is not None
    keep = _NO_ANCHOR if keep is None else keep
    anchor = _NO_ANCHOR if anchor is None else anchor
    changes = map_blocks(
        lambda start, stop: _hk_rows(
            x, epsilon, indptr, indices, keep, anchor, anchored, out, start, stop
        ),
        x.shape[0],
        row_blocks(indices.shape[0]),
    )
    return out, float(np.max(changes))


def _compact_csr_indices(matrix: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """CSR index arrays as int32 when they fit: less memory traffic per step."""
    if matrix.indices.dtype == np.int32 and matrix.indptr.dtype == np.int32:
        return matrix.indptr, matrix.indices
    if max(matrix.nnz, matrix.shape[0]) < np.iinfo(np.int32).max:
        return matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32)
    return matrix.indptr, matrix.indices


def hegselmann_krause_step(opinions, *, epsilon: float, adjacency=None) -> np.ndarray:
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

    Examples
    --------
    >>> print(hegselmann_krause_step([0.0, 0.1, 0.5], epsilon=0.2))
    [0.05 0.05 0.5 ]
    """
    x = _check_opinions("opinions", opinions)
    epsilon = check_real("epsilon", epsilon, 0.0, None, low_open=True)
    matrix = _check_network(adjacency, x.shape[0])
    if matrix is None:
        return _hk_step_complete(x, epsilon)
    return _hk_step_network(x, epsilon, matrix.indptr, matrix.indices)[0]


def hegselmann_krause(
    initial_opinions,
    *,
    epsilon: float,
    adjacency=None,
    stubbornness=0.0,
    max_steps: int = 1000,
    tol: float = 1e-9,
    record_every: int = 1,
) -> OpinionRun:
    """Hegselmann–Krause (2002) bounded confidence, synchronous.

    Every agent moves, at the same time, to the mean opinion of all agents it trusts —
    itself included — where *i* trusts *j* if they are linked and
    :math:`|x_i(t) - x_j(t)| \\le \\varepsilon`:

    .. math::
        x_i(t+1) = (1 - s_i)\\,\\frac{1}{|N_i(t)|} \\sum_{j \\in N_i(t)} x_j(t) + s_i\\,x_i(0),
        \\qquad N_i(t) = \\{ j \\in \\{i\\} \\cup \\partial i : |x_i(t) - x_j(t)| \\le
        \\varepsilon \\}.

    With stubbornness :math:`s_i = 0` (the default) this is the published HK model.
    :math:`s_i > 0` anchors agent *i* to its initial view as in Friedkin & Johnsen
    (1990) (the book's combination, used by the chapter's explorer).

    The run stops when ``max_i |x_i(t+1) - x_i(t)| <= tol`` (pure HK reaches a fixed
    point in finitely many steps on the complete graph).

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
        Maximum number of synchronous steps, ``>= 0``.
    tol : float
        Convergence tolerance, ``>= 0``.
    record_every : int
        Keep opinions every this many steps (0: only first and last).

    Returns
    -------
    OpinionRun

    References
    ----------
    Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
    models, analysis and simulation. *JASSS* 5(3), 2.

    Examples
    --------
    >>> import numpy as np
    >>> x0 = np.linspace(0, 1, 101)
    >>> run = hegselmann_krause(x0, epsilon=0.3)
    >>> run.converged, bool(np.ptp(run.final) < 1e-9)     # ε = 0.3 > ε_c ≈ 0.2: consensus
    (True, True)
    """
    x, epsilon, matrix = _check_bc_common(initial_opinions, epsilon, adjacency)
    n = x.shape[0]
    if np.isscalar(stubbornness):
        s = np.full(n, check_real("stubbornness", stubbornness, 0.0, 1.0))
    else:
        s = check_array("stubbornness", stubbornness, minimum=0.0, maximum=1.0)
        _check_size("stubbornness", s, n)
    max_steps = check_int("max_steps", max_steps, minimum=0)
    tol = check_real("tol", tol, minimum=0.0)
    record_every = _recorder(record_every, max_steps)
    anchored = bool(np.any(s > 0))
    if matrix is not None:
        indptr, indices = _compact_csr_indices(matrix)
        spare = np.empty_like(x)  # the two opinion buffers alternate
    anchor = s * x
    keep = 1.0 - s
    times, rows = [0], [x.copy()]
    converged = False
    step = 0
    while step < max_steps:
        if matrix is None:
            new = _hk_step_complete(x, epsilon)
            if anchored:
                new = keep * new + anchor
            change = np.max(np.abs(new - x))
        else:
            # One compiled pass: neighbourhood means, anchors and the change.
            new, change = _hk_step_network(
                x, epsilon, indptr, indices, spare, *((keep, anchor) if anchored else ())
            )
            spare = x
        step += 1
        x = new
        if record_every and step % record_every == 0:
            times.append(step)
            rows.append(x.copy())
        if change <= tol:
            converged = True
            break
    return _finish(times, rows, x, step, converged, record_every)


def opinion_clusters(opinions, *, gap: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Positions and sizes of opinion clusters.

    Sorted opinions are split wherever two consecutive values differ by more than
    ``gap`` (the rule of :func:`socmodels.measures.opinion_cluster_sizes`); each
    cluster is summarised by its mean opinion and its number of agents.

    Parameters
    ----------
    opinions : array of shape (N,)
    gap : float
        Largest gap inside a cluster, ``>= 0``.

    Returns
    -------
    positions : ndarray of float
    sizes : ndarray of int

    Examples
    --------
    >>> opinion_clusters([0.1, 0.9, 0.1001, 0.5])
    (array([0.10005, 0.5    , 0.9    ]), array([2, 1, 1]))
    """
    x = _check_opinions("opinions", opinions)
    gap = check_real("gap", gap, minimum=0.0)
    return _clusters(x, gap)


def _clusters(x, gap):
    xs = np.sort(x)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(xs) > gap) + 1))
    sizes = np.diff(np.concatenate((starts, [xs.shape[0]])))
    positions = np.add.reduceat(xs, starts) / sizes
    return positions, sizes


# --------------------------------------------------------------------------- voter model


@numba.njit(cache=True)
def _voter_kernel(state, ones, uniforms, indptr, indices, complete, density, sweep, step_in_sweep):
    """Random-sequential voter updates using pre-drawn uniforms.

    Update *k*: agent ``i = floor(u[k, 0] N)`` copies a random neighbour (on the
    complete graph, a random other agent) chosen by ``u[k, 1]``.

    Parameters
    ----------
    state : ndarray(int8, ndim=1)
        States 0/1, updated in place.
    ones : int
        Number of agents in state 1.
    uniforms : ndarray(float64), shape (K, 2)
    indptr, indices : ndarray(int)
        CSR structure of the network (ignored if ``complete``).
    complete : bool
    density : ndarray(float64, ndim=1)
        Receives the density of 1s after each completed sweep.
    sweep, step_in_sweep : int
        Position in time.

    Returns
    -------
    tuple of int
        (updates done, ones, sweep, step_in_sweep); stops early at consensus.
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


def _check_states(initial_states) -> np.ndarray:
    states = check_array("initial_states", initial_states, dtype=float)
    if not np.all((states == 0) | (states == 1)):
        raise ValueError("initial_states must contain only 0 and 1")
    return states.astype(np.int8)


def voter_model(initial_states, *, adjacency=None, max_sweeps: int = 100_000, rng=None) -> VoterRun:
    """The voter model: agents copy the opinion of a random contact.

    Random-sequential schedule: at each elementary update a uniformly random agent *i*
    adopts the state of a uniformly random neighbour *j* (on the complete graph: any
    other agent),

    .. math:: s_i \\leftarrow s_j, \\qquad s \\in \\{0, 1\\}.

    Time is measured in sweeps of N elementary updates. The run stops at consensus
    (everyone in the same state) or after ``max_sweeps``. On the complete graph the
    probability of ending with everyone in state 1 equals the initial density of 1s
    (Sood & Redner 2005); on a network it equals the degree-weighted density.

    Parameters
    ----------
    initial_states : array of 0/1, shape (N,), N >= 2
    adjacency : (N, N) symmetric 0/1 matrix, optional
        None for the complete graph.
    max_sweeps : int
        Maximum number of sweeps, ``>= 1``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    VoterRun

    References
    ----------
    Holley, R. A. & Liggett, T. M. (1975); Sood, V. & Redner, S. (2005). Voter model on
    heterogeneous graphs. *Physical Review Letters* 94, 178701.

    Examples
    --------
    >>> run = voter_model([0, 1, 1, 1, 0, 1], rng=3)
    >>> run.consensus, run.winner in (0, 1)
    (True, True)
    """
    state = _check_states(initial_states)
    n = state.shape[0]
    if n < 2:
        raise ValueError(f"initial_states must have at least 2 agents, got {n}")
    matrix = _check_network(adjacency, n)
    max_sweeps = check_int("max_sweeps", max_sweeps, minimum=1)
    rng = as_generator(rng)
    if matrix is None:
        indptr = np.zeros(1, dtype=np.int32)
        indices = np.zeros(1, dtype=np.int32)
        complete = True
    else:
        indptr, indices, complete = matrix.indptr, matrix.indices, False
    density = np.full(max_sweeps + 1, np.nan)
    ones = int(state.sum())
    density[0] = ones / n
    sweep, in_sweep, total = 0, 0, 0
    chunk = max(4096, min(4 * n * 64, 1 << 20))
    limit = max_sweeps * n
    while 0 < ones < n and total < limit:
        size = min(chunk, limit - total)
        uniforms = rng.random((size, 2))
        done, ones, sweep, in_sweep = _voter_kernel(
            state, ones, uniforms, indptr, indices, complete, density, sweep, in_sweep
        )
        total += done
    consensus = ones == 0 or ones == n
    last = min(sweep, max_sweeps)
    density = density[: last + 1].copy()
    if consensus:
        density[-1] = ones / n
        if in_sweep:
            density = np.append(density, ones / n)
    return VoterRun(
        final=state,
        density=density,
        consensus=bool(consensus),
        consensus_time=total / n if consensus else float("nan"),
        winner=(1 if ones == n else 0) if consensus else -1,
    )


def voter_exit_probability(
    n_agents: int,
    initial_density: float,
    *,
    runs: int = 1000,
    adjacency=None,
    max_sweeps: int = 100_000,
    rng=None,
) -> VoterStatistics:
    """Exit probability and consensus time of the voter model over independent runs.

    Each run starts with ``round(initial_density * n_agents)`` agents in state 1 at
    random positions and runs :func:`voter_model` to consensus.

    Parameters
    ----------
    n_agents : int
        ``>= 2``.
    initial_density : float
        Initial share of 1s, in [0, 1].
    runs : int
        Number of independent runs, ``>= 1``.
    adjacency : (N, N) symmetric 0/1 matrix, optional
        None for the complete graph.
    max_sweeps : int
        Per-run limit; runs that hit it count as not reaching state 1.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    VoterStatistics

    References
    ----------
    Sood, V. & Redner, S. (2005). *Physical Review Letters* 94, 178701.

    Examples
    --------
    >>> stats = voter_exit_probability(20, 0.25, runs=200, rng=0)
    >>> abs(stats.exit_probability - 0.25) < 3 * stats.standard_error
    True
    """
    n_agents = check_int("n_agents", n_agents, minimum=2)
    initial_density = check_real("initial_density", initial_density, 0.0, 1.0)
    runs = check_int("runs", runs, minimum=1)
    matrix = _check_network(adjacency, n_agents)
    max_sweeps = check_int("max_sweeps", max_sweeps, minimum=1)
    rng = as_generator(rng)
    n_ones = int(round(initial_density * n_agents))
    wins = 0
    times = np.empty(runs)
    for r in range(runs):
        state = np.zeros(n_agents, dtype=np.int8)
        state[rng.choice(n_agents, size=n_ones, replace=False)] = 1
        run = voter_model(state, adjacency=matrix, max_sweeps=max_sweeps, rng=rng)
        wins += run.winner == 1
        times[r] = run.consensus_time
    p = wins / runs
    return VoterStatistics(
        exit_probability=float(p),
        standard_error=float(np.sqrt(max(p * (1 - p), 1e-300) / runs)),
        consensus_times=times,
        mean_consensus_time=float(np.nanmean(times)) if np.isfinite(times).any() else np.nan,
    )


def voter_mean_consensus_time(n_agents: int, initial_density) -> np.ndarray:
    """Mean consensus time of the voter model on the complete graph, in sweeps.

    .. math:: T_N(\\rho) = -N\\,[\\rho \\ln \\rho + (1 - \\rho) \\ln (1 - \\rho)]

    (large-N diffusion approximation; Sood & Redner 2005, with ``0 ln 0 = 0``).

    Parameters
    ----------
    n_agents : int
        ``>= 2``.
    initial_density : float or array, values in [0, 1]

    Returns
    -------
    ndarray (or float for scalar input)

    Examples
    --------
    >>> round(float(voter_mean_consensus_time(1000, 0.5)), 1)
    693.1
    """
    n_agents = check_int("n_agents", n_agents, minimum=2)
    rho = check_array("initial_density", np.atleast_1d(initial_density), minimum=0.0, maximum=1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(
            np.where(rho > 0, rho * np.log(rho), 0.0)
            + np.where(rho < 1, (1 - rho) * np.log1p(-rho), 0.0)
        )
    result = n_agents * entropy
    return result[0] if np.ndim(initial_density) == 0 else result


# --------------------------------------------------------------------------- sweeps


def bounded_confidence_sweep(
    model: str,
    epsilons,
    *,
    n_agents: int = 1000,
    runs: int = 10,
    network: Callable | None = None,
    mu: float = 0.5,
    min_fraction: float = 0.05,
    cluster_gap: float = 1e-3,
    max_steps: int = 10_000,
    rng=None,
) -> SweepResult:
    """Final opinion clusters of Deffuant or Hegselmann–Krause runs over a grid of ε.

    Every run starts from opinions uniform on [0, 1] and runs to convergence
    (:func:`deffuant` or :func:`hegselmann_krause`); the final opinions are grouped
    with :func:`opinion_clusters`. Each (ε, run) pair has its own seed, spawned from
    ``rng``, so results do not depend on the order of the grid.

    Parameters
    ----------
    model : {"deffuant", "hk"}
    epsilons : array of float in (0, 1]
    n_agents : int
        ``>= 2``.
    runs : int
        Runs per ε, ``>= 1``.
    network : callable, optional
        ``network(rng) -> adjacency`` builds a fresh network for each run; None for the
        complete graph.
    mu : float
        Deffuant's convergence parameter in (0, 0.5].
    min_fraction : float
        A cluster is *major* if it holds at least this share of the agents, in [0, 1].
    cluster_gap : float
        Gap separating clusters, ``>= 0``.
    max_steps : int
        Step (HK) or round (Deffuant) limit per run.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    SweepResult

    References
    ----------
    Deffuant et al. (2000); Hegselmann & Krause (2002); Fortunato, S. (2005). On the
    consensus threshold for the opinion dynamics of Krause–Hegselmann. *IJMPC* 16, 259–270.

    Examples
    --------
    >>> sweep = bounded_confidence_sweep("hk", [0.05, 0.4], n_agents=200, runs=2, rng=0)
    >>> sweep.consensus.tolist()
    [[False, False], [True, True]]
    """
    model = check_choice("model", model, ("deffuant", "hk"))
    eps = check_array("epsilons", epsilons, minimum=0.0, maximum=1.0)
    if np.any(eps <= 0):
        raise ValueError("epsilons values must be in (0, 1], got a value <= 0")
    n_agents = check_int("n_agents", n_agents, minimum=2)
    runs = check_int("runs", runs, minimum=1)
    if network is not None and not callable(network):
        raise TypeError(f"network must be callable or None, got {type(network).__name__}")
    mu = check_real("mu", mu, 0.0, 0.5, low_open=True)
    min_fraction = check_real("min_fraction", min_fraction, 0.0, 1.0)
    cluster_gap = check_real("cluster_gap", cluster_gap, minimum=0.0)
    max_steps = check_int("max_steps", max_steps, minimum=1)
    seeds = np.random.SeedSequence(as_generator(rng).integers(2**63)).spawn(eps.size * runs)
    positions, fractions = [], []
    n_major = np.zeros((eps.size, runs), dtype=np.int64)
    consensus = np.zeros((eps.size, runs), dtype=bool)
    for e, epsilon in enumerate(eps):
        pos_e, frac_e = [], []
        for r in range(runs):
            gen = np.random.default_rng(seeds[e * runs + r])
            adjacency = None if network is None else network(gen)
            x0 = gen.random(n_agents)
            if model == "hk":
                run = hegselmann_krause(
                    x0,
                    epsilon=float(epsilon),
                    adjacency=adjacency,
                    max_steps=max_steps,
                    record_every=0,
                )
            else:
                run = deffuant(
                    x0,
                    epsilon=float(epsilon),
                    mu=mu,
                    adjacency=adjacency,
                    max_rounds=max_steps,
                    rng=gen,
                )
            pos, sizes = _clusters(run.final, cluster_gap)
            frac = sizes / n_agents
            pos_e.append(pos)
            frac_e.append(frac)
            n_major[e, r] = int(np.sum(frac >= min_fraction))
            consensus[e, r] = pos.size == 1
        positions.append(pos_e)
        fractions.append(frac_e)
    return SweepResult(
        epsilons=eps,
        cluster_positions=positions,
        cluster_fractions=fractions,
        n_major_clusters=n_major,
        consensus=consensus,
    )


# --------------------------------------------------------------------------- explorer scenario


def elite_public_scenario(
    network: str = "elite",
    *,
    epsilon: float = 0.2,
    stubbornness: float = 0.0,
    n_agents: int = 300,
    elite_size: int = 15,
    steps: int = 40,
    rng=2024,
):
    """Bounded-confidence discussion on an elite or an egalitarian network.

    The chapter's explorer scenario. Opinions start uniform on [0, 1] and follow
    :func:`hegselmann_krause` on one of two networks with the same number of agents:

    * ``"elite"``: :func:`~socmodels.networks.core_periphery` with ``elite_size``
      fully linked core accounts; each peripheral agent follows each core account with
      probability 0.5 and has on average 2 peripheral contacts;
    * ``"egalitarian"``: an Erdős–Rényi network with the same mean degree.

    ``elite_size`` agents hold on to their initial view with the given
    ``stubbornness`` (:math:`s_i` in :func:`hegselmann_krause`): the core in the elite
    network, randomly chosen agents in the egalitarian one.

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
        ``>= 1``.
    steps : int
        Synchronous steps, ``>= 1``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    tuple (OpinionRun, ndarray of bool)
        The run and the mask of the ``elite_size`` stubborn agents.

    Examples
    --------
    >>> run, elite = elite_public_scenario("elite", epsilon=0.3, steps=5)
    >>> run.trajectory.shape, int(elite.sum())
    ((6, 300), 15)
    """
    network = check_choice("network", network, ("elite", "egalitarian"))
    epsilon = check_real("epsilon", epsilon, 0.0, 1.0, low_open=True)
    stubbornness = check_real("stubbornness", stubbornness, 0.0, 1.0)
    elite_size = check_int("elite_size", elite_size, minimum=1)
    n_agents = check_int("n_agents", n_agents, minimum=elite_size + 1)
    steps = check_int("steps", steps, minimum=1)
    gen = as_generator(rng)
    adjacency, elite = _elite_or_egalitarian(network, n_agents, elite_size, gen)
    x0 = gen.random(n_agents)
    run = hegselmann_krause(
        x0,
        epsilon=epsilon,
        adjacency=adjacency,
        stubbornness=np.where(elite, stubbornness, 0.0),
        max_steps=steps,
        tol=0.0,
    )
    return run, elite


def _elite_or_egalitarian(network, n_agents, elite_size, gen):
    """The chapter's two networks with the same number of agents and of links.

    ``"elite"``: a fully linked core of ``elite_size`` accounts; each peripheral agent
    follows each core account with probability 1/2 and has on average 2 peripheral
    contacts. ``"egalitarian"``: an Erdős–Rényi network with the same mean degree, in
    which ``elite_size`` randomly chosen agents play the elite's role.
    """
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
    """

    weights: sp.csr_array
    initial_opinions: np.ndarray
    susceptibility: np.ndarray
    elite: np.ndarray


def stubborn_elite_scenario(
    network: str = "elite",
    *,
    elite_stubbornness: float = 0.5,
    public_susceptibility: float = 0.9,
    elite_opinion: float = 0.9,
    n_agents: int = 200,
    elite_size: int = 10,
    rng=2024,
) -> StubbornEliteScenario:
    """An elite that agrees among itself, anchored, inside a public that does not.

    Builds the chapter's elite (core–periphery) or egalitarian (Erdős–Rényi, same mean
    degree) network, as in :func:`elite_public_scenario`. The ``elite_size`` elite
    accounts start at the shared view ``elite_opinion`` and have susceptibility
    :math:`\\lambda = 1 - s` (``s = elite_stubbornness``); the public starts uniform on
    [0, 1] with susceptibility ``public_susceptibility``. Feed the result to
    :func:`friedkin_johnsen` or :func:`friedkin_johnsen_equilibrium`.

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
        ``>= 1``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    StubbornEliteScenario

    Examples
    --------
    >>> sc = stubborn_elite_scenario("elite", elite_stubbornness=1.0)
    >>> x = friedkin_johnsen_equilibrium(sc.weights, sc.initial_opinions, sc.susceptibility)
    >>> bool(x[~sc.elite].mean() > sc.initial_opinions[~sc.elite].mean())   # pulled up
    True
    """
    network = check_choice("network", network, ("elite", "egalitarian"))
    elite_stubbornness = check_real("elite_stubbornness", elite_stubbornness, 0.0, 1.0)
    public_susceptibility = check_real(
        "public_susceptibility", public_susceptibility, 0.0, 1.0, high_open=True
    )
    elite_opinion = check_real("elite_opinion", elite_opinion, 0.0, 1.0)
    elite_size = check_int("elite_size", elite_size, minimum=1)
    n_agents = check_int("n_agents", n_agents, minimum=elite_size + 1)
    gen = as_generator(rng)
    adjacency, elite = _elite_or_egalitarian(network, n_agents, elite_size, gen)
    x0 = gen.random(n_agents)
    x0[elite] = elite_opinion
    susceptibility = np.where(elite, 1.0 - elite_stubbornness, public_susceptibility)
    return StubbornEliteScenario(
        weights=degroot_weights(adjacency),
        initial_opinions=x0,
        susceptibility=susceptibility,
        elite=elite,
    )
