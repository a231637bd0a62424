"""Governing the commons: public goods games (well mixed, on lattices and on networks) and
the common-pool resource game.

A *public goods game* (PGG) is played in a group of ``G`` players. Each
contributor pays a cost ``c = 1`` into a common pot; the pot is multiplied by the
synergy factor ``r`` and shared equally among all ``G`` members, contributors or
not. With ``n_c`` contributors in the group::

    payoff of a contributor  = r * n_c / G - 1
    payoff of a free-rider   = r * n_c / G

Contributing always costs the contributor ``1 - r / G`` relative to free-riding,
so for ``r < G`` free-riding dominates: a social dilemma of *under-provision*. Hardin's
tragedy of the commons is the mirror dilemma of a rival, common-pool resource (over-use);
its laboratory model, the CPR appropriation game, is at the end of this module.

Strategies (:class:`Strategy`, an :class:`~enum.IntEnum`; its codes are also module
constants, used by the vectorised payoffs and the compiled kernels alike):

``DEFECTOR`` (0)
    contributes nothing.
``COOPERATOR`` (1)
    always contributes; never punishes ("second-order free-rider").
``MORALIST`` (2)
    contributes and punishes every defector in its groups (peer punishment).
``IMMORALIST`` (3)
    defects but punishes other defectors.
``CONDITIONAL`` (4)
    a trust-based conditional cooperator: contributes to a group only if at least
    ``trust_threshold`` *other* members of the group are willing contributors
    (cooperators, moralists or conditional cooperators); their types are known by
    reputation.

Peer punishment follows Helbing, Szolnoki, Perc & Szabó (2010): in a group of
size ``g``, each punisher fines each defecting co-member ``fine / (g - 1)`` at a
cost ``punish_cost / (g - 1)`` to itself. Conditional contribution is modelled after the
conditional strategies of Szolnoki & Perc (2012). The payoff of one group is written
once, in :func:`_payoff_rule`, for NumPy arrays and for the compiled kernels.

Models
------
:func:`group_payoffs`
    the payoff of each strategy in a group of given composition (closed form).
:func:`expected_payoffs`, :func:`replicator_dynamics`, :func:`replicator_cooperation_closed_form`
    infinite well-mixed population, random groups of ``G``.
:func:`well_mixed_public_goods`
    a finite well-mixed population regrouped at random each generation.
:func:`graph_public_goods`, :func:`lattice_public_goods`
    the spatial PGG of Szolnoki, Perc & Szabó (2009), random-sequential Fermi
    imitation, on a square lattice or any graph (numba kernel).
:func:`diverse_public_goods`
    the PGG on heterogeneous networks of Santos, Santos & Pacheco (2008).
:func:`cpr_equilibria`, :func:`cpr_payoffs`, :func:`cpr_learning`
    a *rival* commons: the common-pool resource appropriation game of Walker, Gardner &
    Ostrom (1990), its Nash equilibrium and optimum, and imitating or best-responding
    appropriators.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import IntEnum

import numba
import numpy as np
from numba import njit
from scipy.integrate import solve_ivp
from scipy.special import expit
from scipy.stats import binom

from . import networks
from .contract import (
    MAX_AGENTS,
    MAX_RECORDS,
    MAX_STEPS,
    Adjacency,
    AnyOf,
    Array,
    Function,
    Integer,
    Optional,
    Options,
    Probability,
    Real,
    Seed,
    check_work,
    constrained,
    record_times,
)

__all__ = [
    "Strategy",
    "DEFECTOR",
    "COOPERATOR",
    "MORALIST",
    "IMMORALIST",
    "CONDITIONAL",
    "STRATEGY_NAMES",
    "N_STRATEGIES",
    "MAX_SYNERGY",
    "MAX_GROUP_SIZE",
    "group_payoffs",
    "expected_payoffs",
    "replicator_dynamics",
    "replicator_cooperation_closed_form",
    "ReplicatorResult",
    "well_mixed_public_goods",
    "WellMixedResult",
    "graph_payoffs",
    "graph_public_goods",
    "lattice_public_goods",
    "SpatialResult",
    "diverse_public_goods",
    "DiverseResult",
    "contributor_fraction",
    "degree_preserving_rewire",
    "cpr_equilibria",
    "CPREquilibria",
    "cpr_payoffs",
    "cpr_learning",
    "CPRResult",
]


class Strategy(IntEnum):
    """The strategy codes of every public goods model (see the module docstring)."""

    DEFECTOR = 0
    COOPERATOR = 1
    MORALIST = 2
    IMMORALIST = 3
    CONDITIONAL = 4


# Plain ints as well: numba reads module-level ints as compile-time constants.
DEFECTOR, COOPERATOR, MORALIST, IMMORALIST, CONDITIONAL = (int(s) for s in Strategy)
N_STRATEGIES = len(Strategy)
STRATEGY_NAMES = tuple(s.name.lower() for s in Strategy)
_CONTRIBUTING = (COOPERATOR, MORALIST, CONDITIONAL)  # willing to contribute

#: Largest synergy factor and sanction: payoffs (sums over a player's groups) stay far
#: from float overflow, so a finite input never gives an infinite payoff.
MAX_SYNERGY = 1e6
#: Largest group in the well-mixed models (a binomial over G - 1 co-players).
MAX_GROUP_SIZE = 10_000
#: Largest time of the replicator ODE (the integrator's work grows with it).
MAX_REPLICATOR_TIME = 1e5
#: Double-edge swaps are done by networkx in Python: 10⁷ take minutes.
MAX_SWAPS = 10**7

# The declarations shared by the models (see socmodels.contract).
_SYNERGY = Real(0.0, MAX_SYNERGY, low_open=True)
_SANCTION = Real(0.0, MAX_SYNERGY)
_TRUST = Integer(0, MAX_GROUP_SIZE)
_NOISE = Real(0.0, MAX_SYNERGY, low_open=True)
_FRACTIONS = Array(1, min_size=N_STRATEGIES, max_size=N_STRATEGIES, low=0.0, high=1.0)
_STRATEGIES = Array(1, low=0, high=N_STRATEGIES - 1, integer=True)
_GROUP = Integer(2, MAX_GROUP_SIZE)


# --------------------------------------------------------------------------------------------
# the one payoff rule, and argument checks shared by the models
# --------------------------------------------------------------------------------------------
def _payoff_rule(s, n_d, n_c, n_m, n_i, n_cc, size, synergy, fine, punish_cost, trust_threshold):
    """Payoff of a member playing ``s`` in one group: the package's one copy of the rule.

    With ``n_*`` members of each strategy (the focal player included) and ``size`` their
    total, willing members ``w = n_C + n_M + n_CC`` and conditional cooperators giving
    iff ``w − 1 >= θ``::

        P_s = r · pot / size − [s contributes]
              − fine · (n_M + n_I − [s = I]) / (size − 1)        if s ∈ {D, I}
              − punish_cost · (n_D + n_I − [s = I]) / (size − 1)  if s ∈ {M, I}

    Written with arithmetic on booleans only, so the same code runs elementwise on NumPy
    arrays (:func:`group_payoffs`) and, compiled, on scalars inside the lattice kernel.
    """
    willing = n_c + n_m + n_cc
    gives = (willing - 1) >= trust_threshold
    pot = n_c + n_m + gives * n_cc
    others = np.maximum(size - 1, 1)  # a lone player has nobody to punish or be punished by
    contributes = (s == COOPERATOR) | (s == MORALIST) | ((s == CONDITIONAL) & gives)
    payoff = synergy * pot / size - contributes * 1.0
    payoff = payoff - (s == DEFECTOR) * (fine * (n_m + n_i) / others)
    payoff = payoff - (s == MORALIST) * (punish_cost * (n_d + n_i) / others)
    payoff = payoff - (s == IMMORALIST) * (
        fine * (n_m + n_i - 1) / others + punish_cost * (n_d + n_i - 1) / others
    )
    return payoff


#: The rule compiled for the kernels (scalar arguments).
_compiled_payoff_rule = numba.njit(cache=True)(_payoff_rule)


def _group_payoff_table(counts, synergy, fine, punish_cost, trust_threshold):
    """Vectorised :func:`_payoff_rule` for checked counts of shape (..., 5); NaN if absent."""
    counts = np.asarray(counts)
    size = counts.sum(axis=-1)[..., None]
    n = [counts[..., s].astype(float)[..., None] for s in range(N_STRATEGIES)]
    codes = np.arange(N_STRATEGIES)
    payoff = _payoff_rule(codes, *n, size, synergy, fine, punish_cost, trust_threshold)
    return np.where(counts > 0, payoff, np.nan)


def _check_fractions(name, fractions):
    """Strategy shares (already checked 5 values in [0, 1]) that sum to 1, renormalised."""
    total = fractions.sum()
    if not np.isclose(total, 1.0, atol=1e-9):
        raise ValueError(
            f"{name} must be {N_STRATEGIES} shares (one per strategy {STRATEGY_NAMES}) "
            f"summing to 1, got a sum of {total}"
        )
    return fractions / total


def _initial_strategies(n, initial_fractions, initial_strategies, rng):
    if initial_strategies is not None:
        if initial_strategies.shape != (n,):
            raise ValueError(
                f"initial_strategies must have one entry per player ({n}), "
                f"got shape {initial_strategies.shape}"
            )
        return initial_strategies
    fractions = _check_fractions("initial_fractions", initial_fractions)
    return rng.choice(N_STRATEGIES, size=n, p=fractions).astype(np.int64)


def _csr_arrays(adjacency):
    """CSR index arrays of a checked adjacency in which every player has a group."""
    adjacency.sort_indices()
    indptr = adjacency.indptr.astype(np.int64)
    indices = adjacency.indices.astype(np.int64)
    if np.any(np.diff(indptr) == 0):
        raise ValueError("adjacency must have no isolated nodes (every player needs a group)")
    return indptr, indices


@constrained(
    fractions=AnyOf(Array(1, low=0.0, high=1.0), Array(2, low=0.0, high=1.0, max_size=MAX_AGENTS))
)
def contributor_fraction(fractions):
    """Share of players who are willing contributors (cooperators, moralists, conditionals).

    .. math:: x_C + x_M + x_{CC}.

    Parameters
    ----------
    fractions : array_like, shape (5,) or (T, 5)
        Strategy fractions in the order of :data:`STRATEGY_NAMES`, each row summing to 1.

    Returns
    -------
    float, or numpy.ndarray of shape (T,)

    Examples
    --------
    >>> contributor_fraction([0.5, 0.25, 0.25, 0.0, 0.0])
    0.5
    """
    if fractions.shape[-1] != N_STRATEGIES:
        raise ValueError(
            f"fractions must have last dimension {N_STRATEGIES}, got shape {fractions.shape}"
        )
    worst = np.max(np.abs(fractions.sum(axis=-1) - 1.0))
    if worst > 1e-6:
        raise ValueError(f"fractions must sum to 1 along the last axis, got a sum off by {worst}")
    share = fractions[..., list(_CONTRIBUTING)].sum(axis=-1)
    return float(share) if fractions.ndim == 1 else share


# --------------------------------------------------------------------------------------------
# one group
# --------------------------------------------------------------------------------------------
_COUNTS_1D = Array(
    1, min_size=N_STRATEGIES, max_size=N_STRATEGIES, low=0, high=MAX_AGENTS, integer=True
)
_COUNTS_2D = Array(2, low=0, high=MAX_AGENTS, integer=True)


@constrained(
    counts=AnyOf(_COUNTS_1D, _COUNTS_2D),
    synergy=_SYNERGY,
    fine=_SANCTION,
    punish_cost=_SANCTION,
    trust_threshold=_TRUST,
)
def group_payoffs(counts, *, synergy=3.0, fine=0.0, punish_cost=0.0, trust_threshold=0):
    """Payoff of a member of each strategy in a group with the given composition.

    With ``n_s`` members of strategy ``s`` (the focal player included), group size
    ``g = sum_s n_s``, willing members ``w = n_C + n_M + n_CC``, conditional
    cooperators contributing iff ``w - 1 >= θ`` (``θ`` = ``trust_threshold``), pot
    ``n_C + n_M + n_CC·[w - 1 >= θ]``::

        P_s = r · pot / g − [s contributes]
              − fine · (n_M + n_I − [s = I]) / (g − 1)       if s ∈ {D, I}
              − punish_cost · (n_D + n_I − [s = I]) / (g − 1) if s ∈ {M, I}

    Parameters
    ----------
    counts : array_like of int, shape (5,) or (K, 5)
        Members of each strategy (order of :data:`STRATEGY_NAMES`); total >= 1.
    synergy : float
        Synergy factor ``r``.
    fine, punish_cost : float, optional
        Peer punishment fine ``β`` and cost ``γ`` (Helbing et al. 2010).
    trust_threshold : int, optional
        ``θ`` for conditional cooperators (0 makes them unconditional).

    Returns
    -------
    numpy.ndarray, shape (5,) or (K, 5)
        ``P_s`` for each strategy ``s``; NaN where the group has no member of ``s`` (the
        payoff of a strategy nobody plays is undefined).

    References
    ----------
    Helbing, D., Szolnoki, A., Perc, M. & Szabó, G. (2010). Evolutionary establishment of
    moral and double moral standards through spatial interactions. *PLoS Computational
    Biology* 6(4), e1000758. https://doi.org/10.1371/journal.pcbi.1000758

    Szolnoki, A. & Perc, M. (2012). Conditional strategies and the evolution of
    cooperation in spatial public goods games. *Physical Review E* 85, 026104.
    https://doi.org/10.1103/PhysRevE.85.026104

    Examples
    --------
    >>> group_payoffs([2, 3, 0, 0, 0], synergy=3.0)[:2]   # 3 contributors in a group of 5
    array([1.8, 0.8])
    """
    if counts.shape[-1] != N_STRATEGIES:
        raise ValueError(f"counts must have last dimension {N_STRATEGIES}, got {counts.shape}")
    if counts.sum(axis=-1).min() < 1:
        raise ValueError("counts must describe groups of at least one member")
    return _group_payoff_table(counts, synergy, fine, punish_cost, trust_threshold)


# --------------------------------------------------------------------------------------------
# infinite well-mixed population
# --------------------------------------------------------------------------------------------
def _expected_payoffs(fractions, group_size, synergy, fine, punish_cost, trust_threshold):
    x_d, x_c, x_m, x_i, x_cc = fractions
    others = group_size - 1
    x_willing = x_c + x_m + x_cc
    willing_others = np.arange(others + 1)
    p_willing = binom.pmf(willing_others, others, x_willing)
    cc_share = x_cc / x_willing if x_willing > 0 else 0.0
    payoffs = np.empty(N_STRATEGIES)
    for s in Strategy:
        focal_willing = 1 if s in _CONTRIBUTING else 0
        # every conditional cooperator in the group sees (willing_others + focal_willing - 1)
        gives = (willing_others + focal_willing - 1) >= trust_threshold
        conditional_others = float(np.sum(p_willing * willing_others * cc_share * gives))
        if s in (COOPERATOR, MORALIST):
            own = 1.0
        elif s == CONDITIONAL:
            own = float(np.sum(p_willing[willing_others >= trust_threshold]))
        else:
            own = 0.0
        pot = own + others * (x_c + x_m) + conditional_others
        payoff = synergy * pot / group_size - own
        if s in (DEFECTOR, IMMORALIST):
            payoff -= fine * (x_m + x_i)
        if s in (MORALIST, IMMORALIST):
            payoff -= punish_cost * (x_d + x_i)
        payoffs[s] = payoff
    return payoffs


@constrained(
    fractions=_FRACTIONS,
    group_size=_GROUP,
    synergy=_SYNERGY,
    fine=_SANCTION,
    punish_cost=_SANCTION,
    trust_threshold=_TRUST,
)
def expected_payoffs(
    fractions, *, group_size=5, synergy=3.0, fine=0.0, punish_cost=0.0, trust_threshold=0
):
    """Expected payoff of each strategy when the ``G − 1`` co-players are drawn at random.

    In an infinite well-mixed population with strategy fractions ``x``, the number
    of willing co-players is ``W ~ Binomial(G − 1, x_C + x_M + x_CC)``. Expected
    payoffs (cost 1, ``x_p = x_M + x_I`` punishers, ``x_d = x_D + x_I`` defectors)::

        P_s = r/G · E[pot | s] − E[s contributes] − fine·x_p·[s ∈ {D, I}]
              − punish_cost·x_d·[s ∈ {M, I}]

    Without sanctions or conditionals: ``P_D = r (G−1) x_C / G`` and
    ``P_C = P_D − (1 − r/G)`` (Hauert et al. 2002).

    Parameters
    ----------
    fractions : array_like, shape (5,)
        Strategy fractions (sum 1), order of :data:`STRATEGY_NAMES`.
    group_size : int
        ``G``.
    synergy : float
        ``r``.
    fine, punish_cost : float, optional
        Peer punishment (see :func:`group_payoffs`).
    trust_threshold : int, optional
        ``θ`` of conditional cooperators.

    Returns
    -------
    numpy.ndarray, shape (5,)

    References
    ----------
    Hauert, C., De Monte, S., Hofbauer, J. & Sigmund, K. (2002). Replicator dynamics for
    optional public good games. *Journal of Theoretical Biology* 218(2), 187–194.
    https://doi.org/10.1006/jtbi.2002.3067

    Examples
    --------
    >>> p = expected_payoffs([0.5, 0.5, 0, 0, 0], group_size=5, synergy=3.0)
    >>> round(float(p[1] - p[0]), 10)          # contributing costs 1 - r/G
    -0.4
    """
    fractions = _check_fractions("fractions", fractions)
    return _expected_payoffs(fractions, group_size, synergy, fine, punish_cost, trust_threshold)


@dataclass(frozen=True)
class ReplicatorResult:
    """Trajectory of the replicator dynamics.

    Attributes
    ----------
    times : numpy.ndarray, shape (T,)
        Output times of the ODE (continuous time, in units of the payoff rate).
    fractions : numpy.ndarray, shape (T, 5)
        Strategy fractions at each time (order of :data:`STRATEGY_NAMES`).
    payoffs : numpy.ndarray, shape (T, 5)
        Expected payoff of each strategy at each time.
    params : dict
        ``group_size``, ``synergy``, ``fine``, ``punish_cost``, ``trust_threshold`` and
        ``mutation``.
    """

    times: np.ndarray
    fractions: np.ndarray
    payoffs: np.ndarray
    params: dict = field(default_factory=dict)


_ODE_TIMES = Optional(Array(1, low=0.0, high=MAX_REPLICATOR_TIME, max_size=MAX_RECORDS))


@constrained(
    initial_fractions=_FRACTIONS,
    group_size=_GROUP,
    synergy=_SYNERGY,
    times=_ODE_TIMES,
    fine=_SANCTION,
    punish_cost=_SANCTION,
    trust_threshold=_TRUST,
    mutation=Probability(),
)
def replicator_dynamics(
    initial_fractions,
    *,
    group_size=5,
    synergy=3.0,
    times=None,
    fine=0.0,
    punish_cost=0.0,
    trust_threshold=0,
    mutation=0.0,
):
    """Integrate the replicator(-mutator) equation of the well-mixed public goods game.

    ``dx_s/dt = x_s (P_s(x) − Σ_u x_u P_u(x)) + μ (m_s − x_s)`` with ``P`` from
    :func:`expected_payoffs` (scipy ``solve_ivp``, RK45, ``rtol = 1e-9``). ``m`` is
    uniform over the strategies present at the start: with ``μ > 0`` a small,
    steady stream of players tries every strategy in play (exploration), so a
    strategy that has died out can come back.

    Parameters
    ----------
    initial_fractions : array_like, shape (5,)
        Starting strategy fractions (sum 1).
    group_size : int
        ``G``.
    synergy : float
        ``r``.
    times : array_like, optional
        Increasing output times starting at 0 (default: 0, 1, …, 100).
    fine, punish_cost, trust_threshold :
        As in :func:`expected_payoffs`.
    mutation : float
        Exploration rate ``μ`` (0: the pure replicator equation).

    Returns
    -------
    ReplicatorResult

    References
    ----------
    Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.
    Cambridge University Press. https://doi.org/10.1017/CBO9781139173179

    Examples
    --------
    >>> res = replicator_dynamics([0.5, 0.5, 0, 0, 0], group_size=5, synergy=3.0,
    ...                           times=[0, 10])
    >>> round(float(res.fractions[-1, 1]), 4)   # cooperators decline when r < G
    0.018
    """
    x0 = _check_fractions("initial_fractions", initial_fractions)
    times = np.arange(101.0) if times is None else times
    if times[0] != 0 or np.any(np.diff(times) <= 0):
        raise ValueError("times must start at 0 and be strictly increasing")
    game = (fine, punish_cost, trust_threshold)
    in_play = (x0 > 0).astype(float)
    target = in_play / in_play.sum()

    def payoffs_at(x):
        # Renormalised as expected_payoffs renormalises its argument, so the trajectory is
        # bit for bit the one the validated call gives.
        return _expected_payoffs(x / x.sum(), group_size, synergy, *game)

    def rhs(_t, x):
        x = np.clip(x, 0.0, None)
        x = x / x.sum()
        p = payoffs_at(x)
        return x * (p - x @ p) + mutation * (target - x)

    if times.size == 1:
        fractions = x0[None, :]
    else:
        sol = solve_ivp(rhs, (0.0, times[-1]), x0, t_eval=times, rtol=1e-9, atol=1e-12)
        fractions = np.clip(sol.y.T, 0.0, None)
        fractions /= fractions.sum(axis=1, keepdims=True)
    payoffs = np.array([payoffs_at(x) for x in fractions])
    params = {
        "group_size": group_size,
        "synergy": synergy,
        "fine": fine,
        "punish_cost": punish_cost,
        "trust_threshold": trust_threshold,
        "mutation": mutation,
    }
    return ReplicatorResult(times=times, fractions=fractions, payoffs=payoffs, params=params)


@constrained(
    initial_cooperators=Probability(),
    group_size=_GROUP,
    synergy=_SYNERGY,
    times=Array(1, low=0.0),
)
def replicator_cooperation_closed_form(
    initial_cooperators=0.5, *, group_size=5, synergy=3.0, times=(0.0, 10.0)
):
    """Exact cooperator fraction of the two-strategy replicator dynamics.

    With only cooperators and defectors, ``P_C − P_D = −(1 − r/G) =: −δ`` is
    constant, so ``dx/dt = −δ x (1 − x)`` is the logistic equation::

        x(t) = x0 / (x0 + (1 − x0) e^{δ t})

    Cooperation dies out for ``r < G`` and takes over for ``r > G``; ``x0 = 0`` and
    ``x0 = 1`` are fixed points (the formula's ``0 · ∞`` there is taken as its limit).

    Parameters
    ----------
    initial_cooperators : float
        ``x0``.
    group_size : int
        ``G``.
    synergy : float
        ``r``.
    times : array_like
        Times.

    Returns
    -------
    numpy.ndarray

    References
    ----------
    Hofbauer, J. & Sigmund, K. (1998). *Evolutionary Games and Population Dynamics*.
    Cambridge University Press. https://doi.org/10.1017/CBO9781139173179

    Examples
    --------
    >>> replicator_cooperation_closed_form(0.5, group_size=5, synergy=5.0, times=[0.0, 3.0])
    array([0.5, 0.5])
    """
    x0 = initial_cooperators
    if x0 in (0.0, 1.0):  # absorbing: no strategy to imitate
        return np.full(times.shape, x0)
    delta = 1.0 - synergy / group_size
    # For 0 < x0 < 1 the exponential may overflow to inf (x → 0) or underflow to 0 (x → 1);
    # both limits are exact, never NaN.
    with np.errstate(over="ignore"):
        return x0 / (x0 + (1.0 - x0) * np.exp(delta * times))


# --------------------------------------------------------------------------------------------
# finite well-mixed population
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WellMixedResult:
    """Result of :func:`well_mixed_public_goods`.

    Attributes
    ----------
    times : numpy.ndarray of int, shape (n_steps + 1,)
        Generations 0, 1, …, ``n_steps``.
    fractions : numpy.ndarray, shape (n_steps + 1, 5)
        Strategy fractions before each generation's update (row 0: initial state).
    mean_payoffs : numpy.ndarray, shape (n_steps, 5)
        Mean payoff of each strategy in each generation (NaN if nobody plays it).
    strategies : numpy.ndarray
        Final strategy of every player.
    params : dict
        ``n_agents``, ``group_size``, ``synergy``, ``n_steps``, ``noise``, ``fine``,
        ``punish_cost`` and ``trust_threshold``.
    """

    times: np.ndarray
    fractions: np.ndarray
    mean_payoffs: np.ndarray
    strategies: np.ndarray
    params: dict = field(default_factory=dict)


@constrained(
    n_agents=Integer(4, MAX_AGENTS),
    group_size=_GROUP,
    synergy=_SYNERGY,
    n_steps=Integer(1, MAX_STEPS),
    noise=_NOISE,
    initial_fractions=_FRACTIONS,
    fine=_SANCTION,
    punish_cost=_SANCTION,
    trust_threshold=_TRUST,
    rng=Seed(),
)
def well_mixed_public_goods(
    n_agents=1000,
    *,
    group_size=5,
    synergy=3.0,
    n_steps=200,
    noise=0.5,
    initial_fractions=(0.5, 0.5, 0.0, 0.0, 0.0),
    fine=0.0,
    punish_cost=0.0,
    trust_threshold=0,
    rng=None,
):
    """Finite well-mixed population: random groups each generation, Fermi imitation.

    Schedule (synchronous; one step is one generation): each generation the ``N``
    players are split uniformly at random into ``N / G`` disjoint groups of ``G``;
    payoffs follow :func:`group_payoffs`. Then every player ``x`` picks a uniformly
    random other player ``y`` and, all at once, adopts ``y``'s strategy with probability::

        W(x ← y) = 1 / (1 + exp((P_x − P_y) / K))

    Parameters
    ----------
    n_agents : int
        ``N``, a multiple of ``group_size``, ``N >= 2G``.
    group_size : int
        ``G``.
    synergy : float
        ``r``.
    n_steps : int
        Number of generations (``n_steps × N`` at most ``contract.MAX_WORK``).
    noise : float
        ``K`` (Fermi noise).
    initial_fractions : array_like, shape (5,)
        Each player's initial strategy is drawn independently with these probabilities.
    fine, punish_cost, trust_threshold :
        As in :func:`group_payoffs`.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    WellMixedResult

    References
    ----------
    Hauert, C., De Monte, S., Hofbauer, J. & Sigmund, K. (2002). Replicator dynamics for
    optional public good games. *Journal of Theoretical Biology* 218(2), 187–194.
    https://doi.org/10.1006/jtbi.2002.3067

    Szabó, G. & Tőke, C. (1998). Evolutionary prisoner's dilemma game on a square
    lattice. *Physical Review E* 58, 69–73. https://doi.org/10.1103/PhysRevE.58.69

    Examples
    --------
    >>> res = well_mixed_public_goods(500, group_size=5, synergy=3.0, n_steps=200, rng=1)
    >>> float(res.fractions[-1, 1])        # r < G: cooperators go extinct
    0.0
    """
    if n_agents < 2 * group_size or n_agents % group_size:
        raise ValueError(
            f"n_agents must be a multiple of group_size={group_size} and at least "
            f"{2 * group_size}, got {n_agents}"
        )
    check_work("n_steps", n_steps * n_agents, what="n_steps × n_agents")
    strategies = _initial_strategies(n_agents, initial_fractions, None, rng)
    n_groups = n_agents // group_size
    identity = np.arange(N_STRATEGIES)
    fractions = np.empty((n_steps + 1, N_STRATEGIES))
    mean_payoffs = np.full((n_steps, N_STRATEGIES), np.nan)
    payoffs = np.empty(n_agents)
    everyone = np.arange(n_agents)
    for t in range(n_steps):
        fractions[t] = np.bincount(strategies, minlength=N_STRATEGIES) / n_agents
        groups = rng.permutation(n_agents).reshape(n_groups, group_size)
        members = strategies[groups]
        counts = (members[..., None] == identity).sum(axis=1)
        table = _group_payoff_table(counts, synergy, fine, punish_cost, trust_threshold)
        payoffs[groups] = np.take_along_axis(table, members, axis=1)
        totals = np.bincount(strategies, weights=payoffs, minlength=N_STRATEGIES)
        present = np.bincount(strategies, minlength=N_STRATEGIES)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_payoffs[t] = np.where(present > 0, totals / present, np.nan)
        model = rng.integers(0, n_agents - 1, size=n_agents)
        model += model >= everyone  # a uniformly random *other* player
        adopt = rng.random(n_agents) < expit((payoffs[model] - payoffs) / noise)
        strategies = np.where(adopt, strategies[model], strategies)
    fractions[n_steps] = np.bincount(strategies, minlength=N_STRATEGIES) / n_agents
    return WellMixedResult(
        times=np.arange(n_steps + 1, dtype=np.int64),
        fractions=fractions,
        mean_payoffs=mean_payoffs,
        strategies=strategies,
        params={
            "n_agents": n_agents,
            "group_size": group_size,
            "synergy": synergy,
            "n_steps": n_steps,
            "noise": noise,
            "fine": fine,
            "punish_cost": punish_cost,
            "trust_threshold": trust_threshold,
        },
    )


# --------------------------------------------------------------------------------------------
# structured populations: random-sequential Fermi imitation (numba kernel)
# --------------------------------------------------------------------------------------------
@njit(cache=True)
def _group_payoff(s, counts_row, size, synergy, fine, punish_cost, trust_threshold):
    return _compiled_payoff_rule(
        s,
        counts_row[DEFECTOR],
        counts_row[COOPERATOR],
        counts_row[MORALIST],
        counts_row[IMMORALIST],
        counts_row[CONDITIONAL],
        size,
        synergy,
        fine,
        punish_cost,
        trust_threshold,
    )


@njit(cache=True)
def _player_payoff(x, s, counts, indptr, indices, synergy, fine, punish_cost, trust_threshold):
    """Sum of x's payoffs, as strategy s, over the groups centred on x and its neighbours."""
    size_x = indptr[x + 1] - indptr[x] + 1
    total = _group_payoff(s, counts[x], size_x, synergy, fine, punish_cost, trust_threshold)
    for p in range(indptr[x], indptr[x + 1]):
        z = indices[p]
        size_z = indptr[z + 1] - indptr[z] + 1
        total += _group_payoff(s, counts[z], size_z, synergy, fine, punish_cost, trust_threshold)
    return total


@njit(cache=True)
def _group_counts(strategies, indptr, indices):
    n = strategies.size
    counts = np.zeros((n, 5), dtype=np.int64)
    for z in range(n):
        counts[z, strategies[z]] += 1
        for p in range(indptr[z], indptr[z + 1]):
            counts[z, strategies[indices[p]]] += 1
    return counts


@njit(cache=True)
def _all_payoffs(strategies, indptr, indices, synergy, fine, punish_cost, trust_threshold):
    counts = _group_counts(strategies, indptr, indices)
    n = strategies.size
    out = np.empty(n)
    for x in range(n):
        out[x] = _player_payoff(
            x, strategies[x], counts, indptr, indices, synergy, fine, punish_cost, trust_threshold
        )
    return out


@njit(cache=True)
def _fermi_kernel(
    strategies,
    indptr,
    indices,
    synergy,
    noise,
    fine,
    punish_cost,
    trust_threshold,
    n_mcs,
    record_every,
    rng,
    fractions_out,
):
    """Random-sequential Fermi imitation; returns the number of MCS simulated.

    ``fractions_out[0]`` receives the state before the first step and
    ``fractions_out[j]`` the state after ``j * record_every`` MCS. If one strategy
    takes over (an absorbing state), the remaining rows are filled and the run stops.
    """
    n = strategies.size
    counts = _group_counts(strategies, indptr, indices)
    totals = np.zeros(5, dtype=np.int64)
    for x in range(n):
        totals[strategies[x]] += 1
    for s in range(5):
        fractions_out[0, s] = totals[s] / n
    row = 1
    for step in range(n_mcs):
        absorbed = False
        for s in range(5):
            if totals[s] == n:
                absorbed = True
        if absorbed:
            while row < fractions_out.shape[0]:
                for s in range(5):
                    fractions_out[row, s] = totals[s] / n
                row += 1
            return step
        for _ in range(n):
            x = rng.integers(0, n)
            start = indptr[x]
            degree = indptr[x + 1] - start
            y = indices[start + rng.integers(0, degree)]
            s_x = strategies[x]
            s_y = strategies[y]
            if s_x == s_y:
                continue  # adopting one's own strategy changes nothing
            p_x = _player_payoff(
                x, s_x, counts, indptr, indices, synergy, fine, punish_cost, trust_threshold
            )
            p_y = _player_payoff(
                y, s_y, counts, indptr, indices, synergy, fine, punish_cost, trust_threshold
            )
            if rng.random() * (1.0 + np.exp((p_x - p_y) / noise)) < 1.0:
                strategies[x] = s_y
                totals[s_x] -= 1
                totals[s_y] += 1
                counts[x, s_x] -= 1
                counts[x, s_y] += 1
                for p in range(start, start + degree):
                    z = indices[p]
                    counts[z, s_x] -= 1
                    counts[z, s_y] += 1
        if (step + 1) % record_every == 0:
            for s in range(5):
                fractions_out[row, s] = totals[s] / n
            row += 1
    return n_mcs


def _python_kernel(step):
    """:func:`_fermi_kernel`'s loop in Python around a custom elementary ``step``."""

    def kernel(
        strategies,
        indptr,
        indices,
        synergy,
        noise,
        fine,
        punish_cost,
        trust,
        n_mcs,
        record_every,
        rng,
        fractions_out,
    ):
        n = strategies.size
        neighbours = [indices[indptr[i] : indptr[i + 1]].tolist() for i in range(n)]
        fractions_out[0] = np.bincount(strategies, minlength=N_STRATEGIES) / n
        row = 1
        for done in range(n_mcs):
            if np.bincount(strategies, minlength=N_STRATEGIES).max() == n:
                fractions_out[row:] = np.bincount(strategies, minlength=N_STRATEGIES) / n
                return done
            for _ in range(n):
                step(strategies, neighbours, synergy, noise, rng, fine, punish_cost, trust)
            if not (strategies.min() >= 0 and strategies.max() < N_STRATEGIES):
                raise ValueError(f"step must keep strategy codes in [0, {N_STRATEGIES - 1}]")
            if (done + 1) % record_every == 0:
                fractions_out[row] = np.bincount(strategies, minlength=N_STRATEGIES) / n
                row += 1
        return n_mcs

    return kernel


@dataclass(frozen=True)
class SpatialResult:
    """Result of :func:`graph_public_goods` / :func:`lattice_public_goods`.

    Attributes
    ----------
    times : numpy.ndarray of int
        Monte Carlo steps (MCS) at which ``fractions`` were recorded:
        ``record_times(n_steps, n_records)``.
    fractions : numpy.ndarray, shape (len(times), 5)
        Strategy fractions over time (order of :data:`STRATEGY_NAMES`).
    strategies : numpy.ndarray
        Final strategies; shape ``(side, side)`` for a lattice, ``(N,)`` otherwise.
    snapshots : numpy.ndarray
        Strategies at ``snapshot_times`` (shape ``(k, side, side)`` or ``(k, N)``).
    snapshot_times : numpy.ndarray of int
    n_steps_simulated : int
        MCS actually simulated: fewer than ``n_steps`` if one strategy took over (the
        state is then absorbing, so the run stops and the record repeats it).
    n_agents : int
        Number of players N (``side**2`` on the lattice).
    params : dict
        ``n_agents``, ``synergy``, ``noise``, ``n_steps``, ``fine``, ``punish_cost``,
        ``trust_threshold`` and ``n_records`` (and ``side`` on the lattice).
    """

    times: np.ndarray
    fractions: np.ndarray
    strategies: np.ndarray
    snapshots: np.ndarray
    snapshot_times: np.ndarray
    n_steps_simulated: int
    n_agents: int
    params: dict = field(default_factory=dict)

    @property
    def cooperation(self) -> np.ndarray:
        """Fraction of willing contributors over time (see :func:`contributor_fraction`)."""
        return contributor_fraction(self.fractions)


@constrained(
    strategies=_STRATEGIES,
    adjacency=Adjacency(),
    synergy=_SYNERGY,
    fine=_SANCTION,
    punish_cost=_SANCTION,
    trust_threshold=_TRUST,
)
def graph_payoffs(
    strategies, adjacency, *, synergy=3.0, fine=0.0, punish_cost=0.0, trust_threshold=0
):
    """Total payoff of every player of the networked public goods game.

    Each node ``z`` hosts one group: ``z`` and its neighbours (size ``k_z + 1``).
    Player ``x`` plays in the ``k_x + 1`` groups hosted by itself and by its
    neighbours, paying the cost 1 in each group it contributes to (cost per game,
    as in Szolnoki, Perc & Szabó 2009)::

        P_x = Σ_{z ∈ {x} ∪ N(x)} group_payoffs(counts_z)[s_x]

    Parameters
    ----------
    strategies : array_like of int, shape (N,)
        Strategy codes (:class:`Strategy`).
    adjacency : (N, N) array or sparse matrix
        Undirected simple graph without isolated nodes.
    synergy, fine, punish_cost, trust_threshold :
        As in :func:`group_payoffs`.

    Returns
    -------
    numpy.ndarray, shape (N,)

    References
    ----------
    Szolnoki, A., Perc, M. & Szabó, G. (2009). Topology-independent impact of noise on
    cooperation in spatial public goods games. *Physical Review E* 80, 056109.
    https://doi.org/10.1103/PhysRevE.80.056109

    Examples
    --------
    >>> from socmodels.networks import square_lattice
    >>> s = [1] * 9                               # everyone contributes on a 3 x 3 torus
    >>> graph_payoffs(s, square_lattice(3), synergy=4.0)[:3]   # 5 groups x (r - 1)
    array([15., 15., 15.])
    """
    indptr, indices = _csr_arrays(adjacency)
    n = indptr.size - 1
    if strategies.shape != (n,):
        raise ValueError(f"strategies must have one entry per player ({n}), got {strategies.shape}")
    return _all_payoffs(strategies, indptr, indices, synergy, fine, punish_cost, trust_threshold)


_SNAPSHOT_TIMES = Array(1, min_size=0, max_size=MAX_RECORDS, low=0, high=MAX_STEPS, integer=True)
_INITIAL_STRATEGIES = Optional(_STRATEGIES)


#: The spatial game's parameters, shared by graph_public_goods and lattice_public_goods.
_SPATIAL_GAME = {
    "synergy": _SYNERGY,
    "noise": _NOISE,
    "n_steps": Integer(1, MAX_STEPS),
    "initial_fractions": _FRACTIONS,
    "fine": _SANCTION,
    "punish_cost": _SANCTION,
    "trust_threshold": _TRUST,
    "n_records": Integer(1, MAX_RECORDS),
    "snapshot_times": _SNAPSHOT_TIMES,
    "step": Optional(Function()),
    "rng": Seed(),
}


@constrained(adjacency=Adjacency(), initial_strategies=_INITIAL_STRATEGIES, **_SPATIAL_GAME)
def graph_public_goods(
    adjacency,
    *,
    synergy=3.0,
    noise=0.5,
    n_steps=1000,
    initial_fractions=(0.5, 0.5, 0.0, 0.0, 0.0),
    initial_strategies=None,
    fine=0.0,
    punish_cost=0.0,
    trust_threshold=0,
    n_records=100,
    snapshot_times=(),
    step=None,
    rng=None,
):
    """Spatial public goods game with random-sequential Fermi imitation on a graph.

    Groups and payoffs as in :func:`graph_payoffs` (on the periodic square lattice:
    overlapping groups of ``G = 5``, Szolnoki, Perc & Szabó 2009).

    Update schedule (random sequential, as in the paper): an elementary step picks a
    uniformly random player ``x`` and a uniformly random neighbour ``y`` of ``x``,
    computes both total payoffs from the *current* strategies, and ``x`` adopts
    ``y``'s strategy with probability::

        W(s_y → s_x) = 1 / (1 + exp((P_x − P_y) / K))

    One step is one Monte Carlo step (MCS) of ``N`` elementary steps, so each player
    updates once per MCS on average. Because every step sees the strategies left by the
    previous one, this is *not* a synchronous update. The loop runs in a numba kernel
    that draws its random numbers from ``rng`` itself, so a seed fixes the whole run.
    The run covers exactly ``n_steps`` MCS; once one strategy has taken over (an
    absorbing state) nothing can change, so the kernel stops and the record repeats it.

    Parameters
    ----------
    adjacency : (N, N) array or sparse matrix
        Undirected simple graph, every node with at least one neighbour.
    synergy : float
        Synergy factor ``r``.
    noise : float
        ``K``; small ``K`` imitates better performers almost surely.
    n_steps : int
        Monte Carlo steps to simulate (``n_steps × (N + links)`` at most
        ``contract.MAX_WORK``).
    initial_fractions : array_like, shape (5,)
        Probabilities of each strategy at the start (each node drawn independently);
        ignored when ``initial_strategies`` is given.
    initial_strategies : array_like of int, shape (N,), optional
        Explicit initial state (:class:`Strategy` codes).
    fine, punish_cost, trust_threshold :
        Peer punishment and trust, as in :func:`group_payoffs`.
    n_records : int
        Record strategy fractions at ``record_times(n_steps, n_records)``.
    snapshot_times : sequence of int
        Increasing MCS in ``[0, n_steps]`` at which to store the whole configuration.
    step : callable, optional
        A custom elementary step with the signature of
        :func:`socmodels.rules.commons.fermi_imitation_rule` (``strategies, neighbours,
        synergy, noise, rng, fine, punish_cost, trust_threshold``; changes ``strategies``
        in place). Runs in plain Python, slowly; ``None`` (default) runs the compiled
        kernel, which is the readable rule step for step.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    SpatialResult

    References
    ----------
    Szolnoki, A., Perc, M. & Szabó, G. (2009). Topology-independent impact of noise on
    cooperation in spatial public goods games. *Physical Review E* 80, 056109.
    https://doi.org/10.1103/PhysRevE.80.056109

    Examples
    --------
    >>> from socmodels.networks import square_lattice
    >>> res = graph_public_goods(square_lattice(20), synergy=6.0, n_steps=300, rng=3)
    >>> bool(res.cooperation[-1] > 0.9)          # r well above 5.49: defectors die out
    True
    """
    indptr, indices = _csr_arrays(adjacency)
    n = indptr.size - 1
    check_work("n_steps", n_steps * (n + indices.size), what="n_steps × (agents + links)")
    snaps = snapshot_times
    if snaps.size and (snaps.max() > n_steps or np.any(np.diff(snaps) <= 0)):
        raise ValueError(
            f"snapshot_times must be increasing integers in [0, {n_steps}], got {snaps.tolist()}"
        )
    check_work("snapshot_times", snaps.size * n, what="snapshots × agents", limit=10**9)
    strategies = _initial_strategies(n, initial_fractions, initial_strategies, rng)

    # The kernel runs from one boundary (a record or a snapshot time) to the next; each
    # call continues the last state and the same random stream, so the run does not
    # depend on where it is cut.
    planned = record_times(n_steps, n_records)
    recorded, snapped = set(planned.tolist()), set(snaps.tolist())
    now = np.bincount(strategies, minlength=N_STRATEGIES) / n
    rows = [now]
    snapshots = [strategies.copy()] if 0 in snapped else []
    out = np.empty((2, N_STRATEGIES))
    elapsed = simulated = 0
    absorbed = False
    for boundary in sorted(recorded | snapped)[1:]:
        chunk = boundary - elapsed
        if not absorbed:
            kernel = _fermi_kernel if step is None else _python_kernel(step)
            done = kernel(
                strategies,
                indptr,
                indices,
                synergy,
                noise,
                fine,
                punish_cost,
                trust_threshold,
                chunk,
                chunk,
                rng,
                out,
            )
            simulated += done
            absorbed = done < chunk
            now = out[1].copy()
        elapsed = boundary
        if boundary in recorded:
            rows.append(now)
        if boundary in snapped:
            snapshots.append(strategies.copy())
    snap_array = np.array(snapshots, dtype=np.int64).reshape(len(snapshots), n)
    return SpatialResult(
        times=planned,
        fractions=np.array(rows),
        strategies=strategies,
        snapshots=snap_array,
        snapshot_times=snaps,
        n_steps_simulated=int(simulated),
        n_agents=n,
        params={
            "n_agents": n,
            "synergy": synergy,
            "noise": noise,
            "n_steps": n_steps,
            "fine": fine,
            "punish_cost": punish_cost,
            "trust_threshold": trust_threshold,
            "n_records": n_records,
        },
    )


@constrained(
    side=Integer(3, math.isqrt(MAX_AGENTS)),
    initial_strategies=Optional(
        AnyOf(_STRATEGIES, Array(2, low=0, high=N_STRATEGIES - 1, integer=True))
    ),
    **_SPATIAL_GAME,
)
def lattice_public_goods(
    side=20,
    *,
    synergy=3.0,
    noise=0.5,
    n_steps=1000,
    initial_fractions=(0.5, 0.5, 0.0, 0.0, 0.0),
    initial_strategies=None,
    fine=0.0,
    punish_cost=0.0,
    trust_threshold=0,
    n_records=100,
    snapshot_times=(),
    step=None,
    rng=None,
):
    """Spatial public goods game of Szolnoki, Perc & Szabó (2009) on an L × L torus.

    Every site hosts a group of ``G = 5`` (itself and its four von Neumann
    neighbours) and belongs to five such groups; a contributor pays 1 into each.
    Random-sequential Fermi imitation with noise ``K`` as in
    :func:`graph_public_goods` (one step is one MCS of ``N = L²`` elementary steps)::

        W(s_y → s_x) = 1 / (1 + exp((P_x − P_y) / K))

    With ``K = 0.5`` the paper finds cooperators dying out below ``r ≈ 3.74`` and
    defectors dying out above ``r ≈ 5.49``.

    Parameters
    ----------
    side : int
        ``L`` (``N = L²`` players, in the result's ``n_agents``).
    synergy, noise, n_steps, initial_fractions, fine, punish_cost, trust_threshold, \
n_records, snapshot_times, step, rng :
        As in :func:`graph_public_goods`.
    initial_strategies : array_like of int, shape (L, L) or (L²,), optional
        Explicit initial state.

    Returns
    -------
    SpatialResult
        ``strategies`` has shape ``(L, L)``, ``snapshots`` ``(k, L, L)``.

    References
    ----------
    Szolnoki, A., Perc, M. & Szabó, G. (2009). Topology-independent impact of noise on
    cooperation in spatial public goods games. *Physical Review E* 80, 056109.
    https://doi.org/10.1103/PhysRevE.80.056109

    Examples
    --------
    >>> res = lattice_public_goods(20, synergy=3.0, n_steps=300, rng=0)
    >>> float(res.cooperation[-1]), res.strategies.shape   # r < 3.74: cooperators vanish
    (0.0, (20, 20))
    """
    if initial_strategies is not None:
        initial_strategies = initial_strategies.reshape(-1)
    result = graph_public_goods(
        networks.square_lattice(side),
        synergy=synergy,
        noise=noise,
        n_steps=n_steps,
        initial_fractions=initial_fractions,
        initial_strategies=initial_strategies,
        fine=fine,
        punish_cost=punish_cost,
        trust_threshold=trust_threshold,
        n_records=n_records,
        snapshot_times=snapshot_times,
        step=step,
        rng=rng,
    )
    return SpatialResult(
        times=result.times,
        fractions=result.fractions,
        strategies=result.strategies.reshape(side, side),
        snapshots=result.snapshots.reshape(-1, side, side),
        snapshot_times=result.snapshot_times,
        n_steps_simulated=result.n_steps_simulated,
        n_agents=result.n_agents,
        params={**result.params, "side": side},
    )


@constrained(adjacency=Adjacency(), swaps_per_edge=Real(0.0, 1000.0, low_open=True), rng=Seed())
def degree_preserving_rewire(adjacency, *, swaps_per_edge=10.0, rng=None):
    """Randomise a graph by double-edge swaps, keeping every node's degree.

    Repeatedly picks two edges ``(a, b)``, ``(c, d)`` and rewires them to
    ``(a, d)``, ``(c, b)`` unless that would create a self-loop or a multi-edge
    (networkx ``double_edge_swap``, seeded from ``rng``). On the square lattice the
    result is a random 4-regular graph: the same group size ``G = 5`` for everyone,
    but no spatial structure.

    Parameters
    ----------
    adjacency : (N, N) array or sparse matrix
    swaps_per_edge : float
        Attempted swaps per edge (at most 10⁷ swaps in all).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Maslov, S. & Sneppen, K. (2002). Specificity and stability in topology of protein
    networks. *Science* 296(5569), 910–913. https://doi.org/10.1126/science.1065103

    Examples
    --------
    >>> from socmodels.networks import square_lattice, degrees
    >>> A = degree_preserving_rewire(square_lattice(10), rng=0)
    >>> set(degrees(A).tolist())
    {4}
    """
    import networkx as nx

    n_edges = adjacency.nnz // 2
    if n_edges < 2:
        raise ValueError(f"adjacency must have at least 2 edges to rewire, got {n_edges}")
    n_swaps = max(1, int(round(swaps_per_edge * n_edges)))
    check_work("swaps_per_edge", n_swaps, what="swaps_per_edge × edges", limit=MAX_SWAPS)
    graph = networks.to_networkx(adjacency)
    # networkx takes an int seed: drawn from rng, so rng alone fixes the result.
    try:
        nx.double_edge_swap(
            graph, nswap=n_swaps, max_tries=100 * n_swaps, seed=int(rng.integers(2**32))
        )
    except nx.NetworkXException as exc:  # too few nodes, or no swap possible (a star)
        raise ValueError(f"adjacency cannot be rewired by double-edge swaps: {exc}") from None
    return networks.from_networkx(graph)


# --------------------------------------------------------------------------------------------
# heterogeneous networks: Santos, Santos & Pacheco (2008)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DiverseResult:
    """Result of :func:`diverse_public_goods`.

    Attributes
    ----------
    times : numpy.ndarray of int, shape (n_steps + 1,)
        Generations 0, 1, …, ``n_steps``.
    cooperation : numpy.ndarray, shape (n_steps + 1,)
        Fraction of cooperators before each generation (entry 0: initial state). Once
        everyone or no one cooperates the state is absorbing; the run stops and the
        record is filled with the final value.
    strategies : numpy.ndarray of bool
        Final state (True = cooperator).
    payoffs : numpy.ndarray
        Payoffs in the final state.
    params : dict
        ``n_agents``, ``synergy``, ``n_steps``, ``cost`` and ``initial_cooperators``.
    """

    times: np.ndarray
    cooperation: np.ndarray
    strategies: np.ndarray
    payoffs: np.ndarray
    params: dict = field(default_factory=dict)


def _diverse_payoffs(cooperators, adjacency, group_sizes, synergy, per_individual):
    cooperators = cooperators.astype(float)
    if per_individual:
        # a cooperator splits one unit of cost equally over its k + 1 groups
        contribution = cooperators / group_sizes
        total_cost = cooperators
    else:
        contribution = cooperators
        total_cost = cooperators * group_sizes
    pot = contribution + adjacency @ contribution
    share = synergy * pot / group_sizes
    return share + adjacency @ share - total_cost


@constrained(
    adjacency=Adjacency(),
    synergy=_SYNERGY,
    n_steps=Integer(1, MAX_STEPS),
    cost=Options("per_individual", "per_game"),
    initial_cooperators=Probability(),
    rng=Seed(),
)
def diverse_public_goods(
    adjacency,
    *,
    synergy=3.0,
    n_steps=1000,
    cost="per_individual",
    initial_cooperators=0.5,
    rng=None,
):
    """Public goods game on a heterogeneous network (Santos, Santos & Pacheco 2008).

    Each node ``z`` of degree ``k_z`` hosts a group of ``k_z + 1`` (itself and its
    neighbours); each player plays in ``k_x + 1`` groups. ``cost`` selects the two
    variants of the paper: ``"per_game"`` — a cooperator pays ``c = 1`` into each of
    its groups; ``"per_individual"`` — a cooperator pays ``c / (k_x + 1)`` into each,
    1 in total (every cooperator invests the same, whatever its number of ties). The
    pot of group ``z`` is multiplied by ``r`` and shared among its ``k_z + 1`` members.
    The paper measures synergy as ``η = r / (⟨k⟩ + 1)``.

    Update schedule (synchronous, as in the paper; one step is one generation): all
    players collect payoffs, then every ``x`` picks a uniformly random neighbour ``y``
    and, if ``P_y > P_x``, adopts ``y``'s strategy with probability::

        W(x ← y) = (P_y − P_x) / M,   M = (1 + r)(max(k_x, k_y) + 1),

    ``M`` bounding the largest possible payoff difference between them (so the
    probability never exceeds 1).

    Parameters
    ----------
    adjacency : (N, N) array or sparse matrix
        Undirected simple graph without isolated nodes.
    synergy : float
        ``r``.
    n_steps : int
        Generations (``n_steps × (N + links)`` at most ``contract.MAX_WORK``).
    cost : {"per_individual", "per_game"}
    initial_cooperators : float
        Each player starts as a cooperator with this probability.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    DiverseResult

    References
    ----------
    Santos, F. C., Santos, M. D. & Pacheco, J. M. (2008). Social diversity promotes the
    emergence of cooperation in public goods games. *Nature* 454, 213–216.
    https://doi.org/10.1038/nature06940

    Examples
    --------
    >>> from socmodels.networks import barabasi_albert
    >>> A = barabasi_albert(1000, 2, rng=0)
    >>> res = diverse_public_goods(A, synergy=3.0, n_steps=1000, rng=0)
    >>> bool(res.cooperation[-1] > 0.5)       # η = 0.6 < 1, yet cooperation thrives
    True
    """
    indptr = adjacency.indptr
    degree = np.diff(indptr)
    if np.any(degree == 0):
        raise ValueError("adjacency must have no isolated nodes (every player needs a group)")
    n = degree.size
    check_work("n_steps", n_steps * (n + adjacency.nnz), what="n_steps × (agents + links)")
    group_sizes = degree + 1.0
    per_individual = cost == "per_individual"
    cooperators = rng.random(n) < initial_cooperators
    cooperation = np.empty(n_steps + 1)
    cooperation[0] = cooperators.mean()
    for t in range(n_steps):
        payoffs = _diverse_payoffs(cooperators, adjacency, group_sizes, synergy, per_individual)
        neighbour = adjacency.indices[indptr[:-1] + (rng.random(n) * degree).astype(np.int64)]
        gain = payoffs[neighbour] - payoffs
        scale = (1.0 + synergy) * np.maximum(group_sizes, group_sizes[neighbour])
        adopt = rng.random(n) < gain / scale  # gain <= 0 never adopts
        cooperators = np.where(adopt, cooperators[neighbour], cooperators)
        cooperation[t + 1] = cooperators.mean()
        if cooperation[t + 1] in (0.0, 1.0):  # absorbing: imitation cannot change anything
            cooperation[t + 2 :] = cooperation[t + 1]
            break
    payoffs = _diverse_payoffs(cooperators, adjacency, group_sizes, synergy, per_individual)
    return DiverseResult(
        times=np.arange(n_steps + 1, dtype=np.int64),
        cooperation=cooperation,
        strategies=cooperators,
        payoffs=payoffs,
        params={
            "n_agents": n,
            "synergy": synergy,
            "n_steps": n_steps,
            "cost": cost,
            "initial_cooperators": initial_cooperators,
        },
    )


# --------------------------------------------------------------------------------------------
# a rival commons: the common-pool resource appropriation game (Walker, Gardner & Ostrom 1990)
# --------------------------------------------------------------------------------------------
_CPR_GAME = dict(
    endowment=Integer(1, 10_000),
    return_rate=Real(0.0, 1e6, low_open=True),
    crowding=Real(0.0, 1e6, low_open=True),
    outside_return=Real(0.0, 1e6),
)


def _check_cpr_game(return_rate, outside_return):
    if not return_rate > outside_return:
        raise ValueError(
            f"return_rate must exceed outside_return={outside_return} (else nobody invests "
            f"in the resource), got {return_rate}"
        )


def _cpr_payoffs(investments, endowment, return_rate, crowding, outside_return):
    """Payoffs of checked investments (the last axis holds the appropriators).

    π_i = w (e − x_i) + (x_i / X) F(X) with F(X) = aX − bX² (no yield if X = 0), computed
    in this order so that it agrees bit for bit with ``rules.commons.cpr_payoff_rule``.
    """
    total = investments.sum(axis=-1, keepdims=True)
    harvest = return_rate * total - crowding * total**2
    share = np.divide(investments, total, out=np.zeros_like(investments), where=total > 0)
    return outside_return * (endowment - investments) + share * harvest


@dataclass(frozen=True)
class CPREquilibria:
    """Result of :func:`cpr_equilibria`: the game's benchmark totals and rents.

    Attributes
    ----------
    nash_investment : float
        ``x*``, each appropriator's investment in the symmetric Nash equilibrium.
    nash_total, optimal_total, open_access_total : float
        ``X* = n x*``; ``X_opt``, the total that maximises the group's earnings; ``X_oa``,
        the total at which the average return equals the outside return (all rent gone).
    nash_rent, optimal_rent : float
        The group's rent ``R(X) = (a − w) X − b X²`` (earnings above investing nothing).
    rent_dissipation : float
        ``1 − R(X*) / R(X_opt)``, the share of the maximum rent lost at the equilibrium.
    params : dict
        The game's parameters.
    """

    nash_investment: float
    nash_total: float
    optimal_total: float
    open_access_total: float
    nash_rent: float
    optimal_rent: float
    rent_dissipation: float
    params: dict


@constrained(n_agents=Integer(1, 10_000), **_CPR_GAME)
def cpr_equilibria(
    n_agents=8, *, endowment=10, return_rate=23.0, crowding=0.25, outside_return=5.0
):
    """Symmetric Nash equilibrium, group optimum and rent dissipation of the CPR game.

    ``n`` appropriators each split an endowment of ``e`` tokens between the resource
    (``x_i``) and an outside option paying ``w`` per token. The resource yields
    ``F(X) = aX − bX²`` for the total ``X = Σ x_i``, shared in proportion to investment::

        π_i = w (e − x_i) + (x_i / X) F(X) = w e + x_i (a − w − b X)

        X_opt = (a − w) / (2b)            (group optimum, marginal return = w)
        x*    = (a − w) / (b (n + 1))     (symmetric Nash equilibrium, ∂π_i/∂x_i = 0)
        X*    = 2n / (n + 1) · X_opt,     R(X*) / R(X_opt) = 4n / (n + 1)²
        X_oa  = (a − w) / b               (open access: average return = w, no rent)

    each capped at the endowment (``x ≤ e``). Only ``n = 1`` (a sole owner) reaches the
    optimum; as ``n`` grows the equilibrium approaches open access.

    Parameters
    ----------
    n_agents : int
        ``n``, the number of appropriators.
    endowment : int
        ``e``, tokens per appropriator.
    return_rate : float
        ``a``, the resource's return on the first token (must exceed ``w``).
    crowding : float
        ``b``, how fast the average return falls with the total investment.
    outside_return : float
        ``w``, the return of a token kept outside.

    Returns
    -------
    CPREquilibria

    References
    ----------
    Walker, J. M., Gardner, R. & Ostrom, E. (1990). Rent dissipation in a limited-access
    common-pool resource: experimental evidence. *Journal of Environmental Economics and
    Management* 19(3), 203–211.

    Ostrom, E., Gardner, R. & Walker, J. (1994). *Rules, Games, and Common-Pool
    Resources*. Ann Arbor: University of Michigan Press (chapter 5).

    Examples
    --------
    The laboratory design: 8 appropriators, ``F(X) = 23X − 0.25X²``, ``w = 5``.

    >>> eq = cpr_equilibria(8, endowment=10, return_rate=23, crowding=0.25, outside_return=5)
    >>> eq.nash_investment, eq.nash_total, eq.optimal_total, eq.open_access_total
    (8.0, 64.0, 36.0, 72.0)
    >>> round(eq.rent_dissipation, 3)       # 1 − 4n/(n+1)² = 1 − 32/81
    0.605
    """
    _check_cpr_game(return_rate, outside_return)
    a, b, w, n, e = return_rate, crowding, outside_return, n_agents, endowment
    nash = min(float(e), (a - w) / (b * (n + 1)))
    optimal = min(float(n * e), (a - w) / (2 * b))
    open_access = min(float(n * e), (a - w) / b)

    def rent(total):
        return (a - w) * total - b * total**2

    return CPREquilibria(
        nash_investment=nash,
        nash_total=n * nash,
        optimal_total=optimal,
        open_access_total=open_access,
        nash_rent=rent(n * nash),
        optimal_rent=rent(optimal),
        rent_dissipation=1.0 - rent(n * nash) / rent(optimal),
        params={
            "n_agents": n,
            "endowment": e,
            "return_rate": a,
            "crowding": b,
            "outside_return": w,
        },
    )


@constrained(
    investments=Array(1, low=0.0),
    **_CPR_GAME,
)
def cpr_payoffs(investments, *, endowment=10, return_rate=23.0, crowding=0.25, outside_return=5.0):
    """Each appropriator's earnings in one round of the CPR game.

    ::

        π_i = w (e − x_i) + (x_i / X) · (a X − b X²) = w (e − x_i) + x_i (a − b X)

    Parameters
    ----------
    investments : array_like, shape (n,)
        ``x_i``, tokens each appropriator puts into the resource (``0 ≤ x_i ≤ e``).
    endowment, return_rate, crowding, outside_return :
        ``e, a, b, w`` as in :func:`cpr_equilibria`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    References
    ----------
    Walker, J. M., Gardner, R. & Ostrom, E. (1990). Rent dissipation in a limited-access
    common-pool resource: experimental evidence. *Journal of Environmental Economics and
    Management* 19(3), 203–211.

    Examples
    --------
    >>> cpr_payoffs([8.0] * 8).round(2).tolist()[:2]     # at the Nash equilibrium
    [66.0, 66.0]
    """
    _check_cpr_game(return_rate, outside_return)
    if investments.max() > endowment:
        raise ValueError(
            f"investments must lie in [0, endowment={endowment}], got {investments.max()}"
        )
    return _cpr_payoffs(investments, endowment, return_rate, crowding, outside_return)


@dataclass(frozen=True)
class CPRResult:
    """Result of :func:`cpr_learning`.

    Attributes
    ----------
    times : numpy.ndarray of int
        Periods recorded (``contract.record_times``).
    investments : numpy.ndarray, shape (len(times), n)
        Every appropriator's investment at the recorded periods.
    totals : numpy.ndarray, shape (n_steps + 1,)
        The total investment ``X`` after every period (period 0: the initial state).
    final : numpy.ndarray, shape (n,)
        Investments after the last period.
    params : dict
        The game's and the rule's parameters.
    """

    times: np.ndarray
    investments: np.ndarray
    totals: np.ndarray
    final: np.ndarray
    params: dict


def _imitation_period(x, rng, endowment, a, b, w, revision, experimentation):
    """One period of imitate-the-best with experimentation (vectorised over appropriators)."""
    n = x.size
    payoffs = _cpr_payoffs(x, endowment, a, b, w)
    best = np.flatnonzero(payoffs == payoffs.max())
    revise = rng.random(n) < revision
    copied = x[best[rng.integers(0, best.size, size=n)]]
    experiment = rng.random(n) < experimentation
    tried = rng.integers(0, endowment + 1, size=n).astype(float)
    return np.where(experiment, tried, np.where(revise, copied, x))


def _best_response_period(x, rng, endowment, a, b, w, revision, experimentation):
    """One period of asynchronous best reply: one random appropriator re-optimises."""
    i = rng.integers(0, x.size)
    others = x.sum() - x[i]
    x = x.copy()
    x[i] = min(max((a - w - b * others) / (2 * b), 0.0), float(endowment))
    return x


@constrained(
    n_agents=Integer(2, 10_000),
    **_CPR_GAME,
    rule=Options("imitation", "best_response"),
    revision=Probability(),
    experimentation=Probability(),
    initial_investments=Optional(Array(1, low=0.0)),
    n_steps=Integer(1, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
)
def cpr_learning(
    n_agents=8,
    *,
    endowment=10,
    return_rate=23.0,
    crowding=0.25,
    outside_return=5.0,
    rule="imitation",
    revision=0.5,
    experimentation=0.01,
    initial_investments=None,
    n_steps=1000,
    n_records=100,
    rng=None,
):
    """Repeated CPR game played by imitators or by best responders.

    Each step is one period (round) of the game of :func:`cpr_payoffs`. Two published
    learning rules:

    ``rule="imitation"`` (Vega-Redondo 1997), on the laboratory's whole tokens
    ``0, 1, …, e``: each appropriator, with probability ``revision``, copies the
    investment of one (uniformly chosen) of the appropriators who earned most in the
    period just played; then, with probability ``experimentation`` (ε), it tries a
    uniformly random investment instead::

        x_i ← x_j,  j ∈ argmax_k π_k          (with prob. revision)
        x_i ← uniform{0, …, e}                 (with prob. ε)

    Who invests more earns more exactly when the average return ``a − bX`` exceeds
    ``w``, so imitation pushes ``X`` to open access, ``X_oa = (a − w)/b``: the rent is
    dissipated entirely (the "Walrasian" outcome, stochastically stable as ε → 0).

    ``rule="best_response"``: each period one uniformly chosen appropriator sets its
    investment to its best reply to the others' total ``X_{−i}``::

        x_i ← clip((a − w − b X_{−i}) / (2b), 0, e)

    The game has an exact potential, so this converges to the Nash equilibrium
    ``x* = (a − w)/(b(n + 1))`` (Monderer & Shapley 1996); ``revision`` and
    ``experimentation`` are not used.

    Parameters
    ----------
    n_agents : int
        ``n``, the number of appropriators.
    endowment, return_rate, crowding, outside_return :
        ``e, a, b, w`` as in :func:`cpr_equilibria`.
    rule : {"imitation", "best_response"}
    revision : float
        Probability that an imitator revises in a period.
    experimentation : float
        ε, probability of a random trial investment.
    initial_investments : array_like, shape (n,), optional
        Starting investments in ``[0, e]``; default uniform random whole tokens.
    n_steps : int
        Periods played.
    n_records : int
        Recorded periods of the full ``investments`` (``totals`` keeps every period).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    CPRResult

    References
    ----------
    Vega-Redondo, F. (1997). The evolution of Walrasian behavior. *Econometrica* 65(2),
    375–384.

    Monderer, D. & Shapley, L. S. (1996). Potential games. *Games and Economic Behavior*
    14(1), 124–143.

    Walker, J. M., Gardner, R. & Ostrom, E. (1990). Rent dissipation in a limited-access
    common-pool resource: experimental evidence. *Journal of Environmental Economics and
    Management* 19(3), 203–211.

    Examples
    --------
    >>> br = cpr_learning(8, rule="best_response", n_steps=400, rng=1)
    >>> round(float(br.totals[-1]), 6)                  # the Nash total X* = 64
    64.0
    >>> im = cpr_learning(8, rule="imitation", n_steps=2000, rng=1)
    >>> bool(abs(im.totals[1000:].mean() - 72) < 3)     # open access X_oa = 72
    True
    """
    _check_cpr_game(return_rate, outside_return)
    check_work("n_steps", n_steps * n_agents, what="n_steps × n_agents")
    if initial_investments is None:
        x = rng.integers(0, endowment + 1, size=n_agents).astype(float)
    else:
        x = initial_investments
        if x.size != n_agents or x.max() > endowment:
            raise ValueError(
                f"initial_investments must be {n_agents} values in [0, endowment={endowment}]"
            )
    period = _imitation_period if rule == "imitation" else _best_response_period
    game = (endowment, return_rate, crowding, outside_return, revision, experimentation)
    times = record_times(n_steps, n_records)
    recorded = np.empty((times.size, n_agents))
    totals = np.empty(n_steps + 1)
    totals[0] = x.sum()
    recorded[0] = x
    row = 1
    for t in range(1, n_steps + 1):
        x = period(x, rng, *game)
        totals[t] = x.sum()
        if row < times.size and times[row] == t:
            recorded[row] = x
            row += 1
    return CPRResult(
        times=times,
        investments=recorded,
        totals=totals,
        final=x.copy(),
        params={
            "n_agents": n_agents,
            "endowment": endowment,
            "return_rate": return_rate,
            "crowding": crowding,
            "outside_return": outside_return,
            "rule": rule,
            "revision": revision,
            "experimentation": experimentation,
            "n_steps": n_steps,
        },
    )
