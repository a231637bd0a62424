"""Governing the commons: public goods games, well mixed, on lattices and on networks.

A *public goods game* (PGG) is played in a group of ``G`` players. Each
contributor pays a cost ``c = 1`` into a common pot; the pot is multiplied by the
synergy factor ``r`` and shared equally among all ``G`` members, contributors or
not. With ``n_c`` contributors in the group::

    payoff of a contributor  = r * n_c / G - 1
    payoff of a free-rider   = r * n_c / G

Contributing always costs the contributor ``1 - r / G`` relative to free-riding,
so for ``r < G`` free-riding dominates: the *tragedy of the commons*.

Strategies (integer codes used throughout the module):

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
conditional strategies of Szolnoki & Perc (2012).

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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit
from scipy.integrate import solve_ivp
from scipy.special import expit
from scipy.stats import binom

from . import networks
from ._validation import (
    as_generator,
    check_adjacency,
    check_array,
    check_choice,
    check_int,
    check_real,
)

__all__ = [
    "DEFECTOR",
    "COOPERATOR",
    "MORALIST",
    "IMMORALIST",
    "CONDITIONAL",
    "STRATEGY_NAMES",
    "N_STRATEGIES",
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
]

DEFECTOR, COOPERATOR, MORALIST, IMMORALIST, CONDITIONAL = 0, 1, 2, 3, 4
N_STRATEGIES = 5
STRATEGY_NAMES = ("defector", "cooperator", "moralist", "immoralist", "conditional")
_CONTRIBUTING = (COOPERATOR, MORALIST, CONDITIONAL)  # willing to contribute


# --------------------------------------------------------------------------------------------
# argument checks shared by the models
# --------------------------------------------------------------------------------------------
def _check_game(synergy, fine, punish_cost, trust_threshold):
    synergy = check_real("synergy", synergy, 0.0, None, low_open=True)
    fine = check_real("fine", fine, 0.0, None)
    punish_cost = check_real("punish_cost", punish_cost, 0.0, None)
    trust_threshold = check_int("trust_threshold", trust_threshold, minimum=0)
    return synergy, fine, punish_cost, trust_threshold


def _check_noise(noise):
    return check_real("noise", noise, 0.0, None, low_open=True)


def _check_fractions(name, fractions):
    fractions = check_array(name, fractions, nonnegative=True)
    if fractions.shape != (N_STRATEGIES,):
        raise ValueError(
            f"{name} must have {N_STRATEGIES} entries (one per strategy {STRATEGY_NAMES}), "
            f"got shape {fractions.shape}"
        )
    total = fractions.sum()
    if not np.isclose(total, 1.0, atol=1e-9):
        raise ValueError(f"{name} must sum to 1, got {total}")
    return fractions / total


def _initial_strategies(n, initial_fractions, initial_strategies, rng, name="initial_strategies"):
    if initial_strategies is not None:
        strategies = check_array(
            name,
            initial_strategies,
            minimum=0,
            maximum=N_STRATEGIES - 1,
            dtype=np.int64,
        )
        if strategies.shape != (n,):
            raise ValueError(
                f"{name} must have one entry per player ({n}), got shape {strategies.shape}"
            )
        return strategies
    fractions = _check_fractions("initial_fractions", initial_fractions)
    return rng.choice(N_STRATEGIES, size=n, p=fractions).astype(np.int64)


def contributor_fraction(fractions):
    """Share of players who are willing contributors (cooperators, moralists, conditionals).

    Parameters
    ----------
    fractions : array_like, shape (..., 5)
        Strategy fractions in the order of :data:`STRATEGY_NAMES`.

    Returns
    -------
    numpy.ndarray or float

    Examples
    --------
    >>> float(contributor_fraction([0.5, 0.25, 0.25, 0.0, 0.0]))
    0.5
    """
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim == 0 or fractions.shape[-1] != N_STRATEGIES:
        raise ValueError(
            f"fractions must have last dimension {N_STRATEGIES}, got shape {fractions.shape}"
        )
    return fractions[..., list(_CONTRIBUTING)].sum(axis=-1)


# --------------------------------------------------------------------------------------------
# one group
# --------------------------------------------------------------------------------------------
def group_payoffs(counts, synergy, *, fine=0.0, punish_cost=0.0, trust_threshold=0):
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
    counts : array_like of int, shape (..., 5)
        Members of each strategy (order of :data:`STRATEGY_NAMES`); total >= 1.
    synergy : float
        Synergy factor ``r > 0``.
    fine, punish_cost : float, optional
        Peer punishment fine ``β >= 0`` and cost ``γ >= 0`` (Helbing et al. 2010).
    trust_threshold : int, optional
        ``θ >= 0`` for conditional cooperators (0 makes them unconditional).

    Returns
    -------
    numpy.ndarray, shape (..., 5)
        ``P_s`` for each strategy ``s``; NaN where the group has no member of ``s``.

    References
    ----------
    Helbing, Szolnoki, Perc & Szabó (2010), PLoS Comput. Biol. 6, e1000758.
    Szolnoki & Perc (2012), Phys. Rev. E 85, 026104.

    Examples
    --------
    >>> group_payoffs([2, 3, 0, 0, 0], synergy=3.0)[:2]   # 3 contributors in a group of 5
    array([1.8, 0.8])
    """
    synergy, fine, punish_cost, trust_threshold = _check_game(
        synergy, fine, punish_cost, trust_threshold
    )
    counts = np.asarray(counts)
    if counts.ndim == 0 or counts.shape[-1] != N_STRATEGIES:
        raise ValueError(f"counts must have last dimension {N_STRATEGIES}, got {counts.shape}")
    if not np.issubdtype(counts.dtype, np.integer):
        raise TypeError(f"counts must be integers, got dtype {counts.dtype}")
    if counts.size and counts.min() < 0:
        raise ValueError(f"counts must be non-negative, got minimum {counts.min()}")
    size = counts.sum(axis=-1)
    if size.size and size.min() < 1:
        raise ValueError("counts must describe groups of at least one member")
    n_d, n_c, n_m, n_i, n_cc = (counts[..., s].astype(float) for s in range(N_STRATEGIES))
    willing = n_c + n_m + n_cc
    conditional_gives = (willing - 1) >= trust_threshold
    pot = n_c + n_m + np.where(conditional_gives, n_cc, 0.0)
    share = synergy * pot / size
    others = np.maximum(size - 1, 1)  # a lone player has nobody to punish or be punished by
    fined = fine * (n_m + n_i) / others
    punishing = punish_cost * (n_d + n_i) / others
    payoff = np.stack(
        [
            share - fined,
            share - 1.0,
            share - 1.0 - punishing,
            share - fine * (n_m + n_i - 1) / others - punish_cost * (n_d + n_i - 1) / others,
            share - np.where(conditional_gives, 1.0, 0.0),
        ],
        axis=-1,
    )
    return np.where(counts > 0, payoff, np.nan)


# --------------------------------------------------------------------------------------------
# infinite well-mixed population
# --------------------------------------------------------------------------------------------
def expected_payoffs(
    fractions, group_size, synergy, *, fine=0.0, punish_cost=0.0, trust_threshold=0
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
        ``G >= 2``.
    synergy : float
        ``r > 0``.
    fine, punish_cost : float, optional
        Peer punishment (see :func:`group_payoffs`).
    trust_threshold : int, optional
        ``θ`` of conditional cooperators, ``0 <= θ``.

    Returns
    -------
    numpy.ndarray, shape (5,)

    References
    ----------
    Hauert, De Monte, Hofbauer & Sigmund (2002), J. Theor. Biol. 218, 187–194.

    Examples
    --------
    >>> p = expected_payoffs([0.5, 0.5, 0, 0, 0], group_size=5, synergy=3.0)
    >>> round(float(p[1] - p[0]), 10)          # contributing costs 1 - r/G
    -0.4
    """
    fractions = _check_fractions("fractions", fractions)
    group_size = check_int("group_size", group_size, minimum=2)
    synergy, fine, punish_cost, trust_threshold = _check_game(
        synergy, fine, punish_cost, trust_threshold
    )
    x_d, x_c, x_m, x_i, x_cc = fractions
    others = group_size - 1
    x_willing = x_c + x_m + x_cc
    willing_others = np.arange(others + 1)
    p_willing = binom.pmf(willing_others, others, x_willing)
    cc_share = x_cc / x_willing if x_willing > 0 else 0.0
    payoffs = np.empty(N_STRATEGIES)
    for s in range(N_STRATEGIES):
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


@dataclass(frozen=True)
class ReplicatorResult:
    """Trajectory of the replicator dynamics.

    Attributes
    ----------
    times : numpy.ndarray, shape (T,)
    fractions : numpy.ndarray, shape (T, 5)
        Strategy fractions at each time (order of :data:`STRATEGY_NAMES`).
    payoffs : numpy.ndarray, shape (T, 5)
        Expected payoff of each strategy at each time.
    """

    times: np.ndarray
    fractions: np.ndarray
    payoffs: np.ndarray


def replicator_dynamics(
    initial_fractions,
    group_size,
    synergy,
    *,
    times,
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
        ``G >= 2``.
    synergy : float
        ``r > 0``.
    times : array_like
        Increasing, non-negative output times, starting at 0.
    fine, punish_cost, trust_threshold :
        As in :func:`expected_payoffs`.
    mutation : float
        Exploration rate ``μ`` in [0, 1] (0: the pure replicator equation).

    Returns
    -------
    ReplicatorResult

    References
    ----------
    Hofbauer & Sigmund (1998), *Evolutionary Games and Population Dynamics*.

    Examples
    --------
    >>> res = replicator_dynamics([0.5, 0.5, 0, 0, 0], 5, 3.0, times=[0, 10])
    >>> round(float(res.fractions[-1, 1]), 4)   # cooperators decline when r < G
    0.018
    """
    x0 = _check_fractions("initial_fractions", initial_fractions)
    group_size = check_int("group_size", group_size, minimum=2)
    synergy, fine, punish_cost, trust_threshold = _check_game(
        synergy, fine, punish_cost, trust_threshold
    )
    times = check_array("times", times, nonnegative=True)
    if times[0] != 0 or np.any(np.diff(times) <= 0):
        raise ValueError("times must start at 0 and be strictly increasing")
    mutation = check_real("mutation", mutation, 0.0, 1.0)
    kwargs = {"fine": fine, "punish_cost": punish_cost, "trust_threshold": trust_threshold}
    in_play = (x0 > 0).astype(float)
    target = in_play / in_play.sum()

    def rhs(_t, x):
        x = np.clip(x, 0.0, None)
        x = x / x.sum()
        p = expected_payoffs(x, group_size, synergy, **kwargs)
        return x * (p - x @ p) + mutation * (target - x)

    if times.size == 1:
        fractions = x0[None, :]
    else:
        sol = solve_ivp(rhs, (0.0, times[-1]), x0, t_eval=times, rtol=1e-9, atol=1e-12)
        fractions = np.clip(sol.y.T, 0.0, None)
        fractions /= fractions.sum(axis=1, keepdims=True)
    payoffs = np.array([expected_payoffs(x, group_size, synergy, **kwargs) for x in fractions])
    return ReplicatorResult(times=times, fractions=fractions, payoffs=payoffs)


def replicator_cooperation_closed_form(initial_cooperators, group_size, synergy, times):
    """Exact cooperator fraction of the two-strategy replicator dynamics.

    With only cooperators and defectors, ``P_C − P_D = −(1 − r/G) =: −δ`` is
    constant, so ``dx/dt = −δ x (1 − x)`` is the logistic equation::

        x(t) = x0 / (x0 + (1 − x0) e^{δ t})

    Cooperation dies out for ``r < G`` and takes over for ``r > G``.

    Parameters
    ----------
    initial_cooperators : float
        ``x0`` in [0, 1].
    group_size : int
        ``G >= 2``.
    synergy : float
        ``r > 0``.
    times : array_like
        Non-negative times.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> replicator_cooperation_closed_form(0.5, 5, 5.0, [0.0, 3.0])   # r = G: neutral
    array([0.5, 0.5])
    """
    x0 = check_real("initial_cooperators", initial_cooperators, 0.0, 1.0)
    group_size = check_int("group_size", group_size, minimum=2)
    synergy = check_real("synergy", synergy, 0.0, None, low_open=True)
    times = check_array("times", times, nonnegative=True)
    delta = 1.0 - synergy / group_size
    return x0 / (x0 + (1.0 - x0) * np.exp(delta * times))


# --------------------------------------------------------------------------------------------
# finite well-mixed population
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WellMixedResult:
    """Result of :func:`well_mixed_public_goods`.

    Attributes
    ----------
    fractions : numpy.ndarray, shape (generations + 1, 5)
        Strategy fractions before each generation's update (row 0: initial state).
    mean_payoffs : numpy.ndarray, shape (generations, 5)
        Mean payoff of each strategy in each generation (NaN if absent).
    strategies : numpy.ndarray
        Final strategy of every player.
    """

    fractions: np.ndarray
    mean_payoffs: np.ndarray
    strategies: np.ndarray


def well_mixed_public_goods(
    n_players,
    group_size,
    synergy,
    generations,
    *,
    noise=0.5,
    initial_fractions=(0.5, 0.5, 0.0, 0.0, 0.0),
    fine=0.0,
    punish_cost=0.0,
    trust_threshold=0,
    rng=None,
):
    """Finite well-mixed population: random groups each generation, Fermi imitation.

    Schedule (synchronous): each generation the ``N`` players are split uniformly
    at random into ``N / G`` disjoint groups of ``G``; payoffs follow
    :func:`group_payoffs`. Then every player ``x`` picks a uniformly random other
    player ``y`` and, all at once, adopts ``y``'s strategy with probability
    ``1 / (1 + exp((P_x − P_y) / K))``.

    Parameters
    ----------
    n_players : int
        ``N``, a multiple of ``group_size``, ``N >= 2G``.
    group_size : int
        ``G >= 2``.
    synergy : float
        ``r > 0``.
    generations : int
        Number of generations, ``>= 1``.
    noise : float
        ``K > 0`` (Fermi noise).
    initial_fractions : array_like, shape (5,)
        Each player's initial strategy is drawn independently with these probabilities.
    fine, punish_cost, trust_threshold :
        As in :func:`group_payoffs`.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    WellMixedResult

    Examples
    --------
    >>> res = well_mixed_public_goods(500, 5, 3.0, 200, rng=1)
    >>> float(res.fractions[-1, 1])        # r < G: cooperators go extinct
    0.0
    """
    group_size = check_int("group_size", group_size, minimum=2)
    n_players = check_int("n_players", n_players, minimum=2 * group_size)
    if n_players % group_size:
        raise ValueError(
            f"n_players must be a multiple of group_size={group_size}, got {n_players}"
        )
    synergy, fine, punish_cost, trust_threshold = _check_game(
        synergy, fine, punish_cost, trust_threshold
    )
    generations = check_int("generations", generations, minimum=1)
    noise = _check_noise(noise)
    rng = as_generator(rng)
    strategies = _initial_strategies(n_players, initial_fractions, None, rng)
    kwargs = {"fine": fine, "punish_cost": punish_cost, "trust_threshold": trust_threshold}
    n_groups = n_players // group_size
    identity = np.arange(N_STRATEGIES)
    fractions = np.empty((generations + 1, N_STRATEGIES))
    mean_payoffs = np.full((generations, N_STRATEGIES), np.nan)
    payoffs = np.empty(n_players)
    everyone = np.arange(n_players)
    for t in range(generations):
        fractions[t] = np.bincount(strategies, minlength=N_STRATEGIES) / n_players
        groups = rng.permutation(n_players).reshape(n_groups, group_size)
        members = strategies[groups]
        counts = (members[..., None] == identity).sum(axis=1)
        table = group_payoffs(counts, synergy, **kwargs)
        payoffs[groups] = np.take_along_axis(table, members, axis=1)
        totals = np.bincount(strategies, weights=payoffs, minlength=N_STRATEGIES)
        present = np.bincount(strategies, minlength=N_STRATEGIES)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_payoffs[t] = np.where(present > 0, totals / present, np.nan)
        model = rng.integers(0, n_players - 1, size=n_players)
        model += model >= everyone  # a uniformly random *other* player
        adopt = rng.random(n_players) < expit((payoffs[model] - payoffs) / noise)
        strategies = np.where(adopt, strategies[model], strategies)
    fractions[generations] = np.bincount(strategies, minlength=N_STRATEGIES) / n_players
    return WellMixedResult(fractions=fractions, mean_payoffs=mean_payoffs, strategies=strategies)


# --------------------------------------------------------------------------------------------
# structured populations: random-sequential Fermi imitation (numba kernel)
# --------------------------------------------------------------------------------------------
@njit(cache=True)
def _group_payoff(s, counts_row, size, synergy, fine, punish_cost, trust_threshold):
    """Payoff of a player with strategy ``s`` in one group.

    Parameters
    ----------
    s : int
        Strategy code 0–4 (:data:`STRATEGY_NAMES`).
    counts_row : ndarray(int64), shape (5,)
        Members of the group per strategy (the player included).
    size : int
        Group size.
    synergy, fine, punish_cost : float
        Multiplication factor *r*, the fine a punisher imposes and its cost.
    trust_threshold : int
        Conditional cooperators give if at least this many *other* members are willing.

    Returns
    -------
    float
        Share of the multiplied pot, minus the contribution if ``s`` gives, minus fines
        received or punishment costs paid (per other member).
    """
    n_d = counts_row[0]
    n_c = counts_row[1]
    n_m = counts_row[2]
    n_i = counts_row[3]
    n_cc = counts_row[4]
    willing = n_c + n_m + n_cc
    gives = (willing - 1) >= trust_threshold
    pot = n_c + n_m
    if gives:
        pot += n_cc
    payoff = synergy * pot / size
    if s == 1 or s == 2 or (s == 4 and gives):
        payoff -= 1.0
    others = size - 1 if size > 1 else 1
    if s == 0:
        payoff -= fine * (n_m + n_i) / others
    elif s == 2:
        payoff -= punish_cost * (n_d + n_i) / others
    elif s == 3:
        payoff -= fine * (n_m + n_i - 1) / others + punish_cost * (n_d + n_i - 1) / others
    return payoff


@njit(cache=True)
def _player_payoff(x, s, counts, indptr, indices, synergy, fine, punish_cost, trust_threshold):
    """Sum of x's payoffs, as strategy s, over the groups centred on x and its neighbours.

    Parameters
    ----------
    x, s : int
        The player and the strategy it is evaluated with.
    counts : ndarray(int64, ndim=2), shape (N, 5)
        Strategy counts of the group hosted by each node.
    indptr, indices : ndarray(int64, ndim=1)
        CSR structure of the graph.
    synergy, fine, punish_cost, trust_threshold
        As for :func:`_group_payoff`.

    Returns
    -------
    float
    """
    size_x = indptr[x + 1] - indptr[x] + 1
    total = _group_payoff(s, counts[x], size_x, synergy, fine, punish_cost, trust_threshold)
    for p in range(indptr[x], indptr[x + 1]):
        z = indices[p]
        size_z = indptr[z + 1] - indptr[z] + 1
        total += _group_payoff(s, counts[z], size_z, synergy, fine, punish_cost, trust_threshold)
    return total


@njit(cache=True)
def _group_counts(strategies, indptr, indices):
    """Strategy counts of the group each node hosts (the node and its neighbours).

    Parameters
    ----------
    strategies : ndarray(int64, ndim=1)
        Strategy code of each node.
    indptr, indices : ndarray(int64, ndim=1)
        CSR structure of the graph.

    Returns
    -------
    ndarray(int64), shape (N, 5)
    """
    n = strategies.size
    counts = np.zeros((n, 5), dtype=np.int64)
    for z in range(n):
        counts[z, strategies[z]] += 1
        for p in range(indptr[z], indptr[z + 1]):
            counts[z, strategies[indices[p]]] += 1
    return counts


@njit(cache=True)
def _all_payoffs(strategies, indptr, indices, synergy, fine, punish_cost, trust_threshold):
    """Total payoff of every player (the loop of :func:`graph_payoffs`).

    Parameters
    ----------
    strategies : ndarray(int64, ndim=1)
    indptr, indices : ndarray(int64, ndim=1)
        CSR structure of the graph.
    synergy, fine, punish_cost, trust_threshold
        As for :func:`_group_payoff`.

    Returns
    -------
    ndarray(float64, ndim=1)
    """
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

    In each Monte Carlo step (MCS) N times: a random player *x* picks a random
    neighbour *y* and adopts its strategy with probability
    :math:`1 / (1 + e^{(P_x - P_y)/K})`; group counts are updated incrementally.

    Parameters
    ----------
    strategies : ndarray(int64, ndim=1)
        Strategy codes, updated in place.
    indptr, indices : ndarray(int64, ndim=1)
        CSR structure of the graph (no isolated node).
    synergy, noise, fine, punish_cost, trust_threshold
        Game parameters (*r*, *K*, fine, punishment cost, trust threshold).
    n_mcs, record_every : int
        MCS to run; record the strategy fractions every this many.
    rng : numpy.random.Generator
        Source of all random numbers.
    fractions_out : ndarray(float64, ndim=2), shape (rows, 5)
        ``fractions_out[0]`` receives the state before the first step and
        ``fractions_out[j]`` the state after ``j * record_every`` MCS. If one strategy
        takes over (an absorbing state), the remaining rows are filled and the run stops.

    Returns
    -------
    int
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


@dataclass(frozen=True)
class SpatialResult:
    """Result of :func:`graph_public_goods` / :func:`lattice_public_goods`.

    Attributes
    ----------
    times : numpy.ndarray
        Monte Carlo steps (MCS) at which ``fractions`` were recorded (0 = initial).
    fractions : numpy.ndarray, shape (len(times), 5)
        Strategy fractions over time (order of :data:`STRATEGY_NAMES`).
    strategies : numpy.ndarray
        Final strategies; shape ``(side, side)`` for a lattice, ``(N,)`` otherwise.
    snapshots : numpy.ndarray
        Strategies at ``snapshot_times`` (shape ``(k, side, side)`` or ``(k, N)``).
    snapshot_times : numpy.ndarray
    mcs_simulated : int
        MCS actually simulated (fewer than asked if one strategy took over: the state
        is then absorbing and the run stops early).
    """

    times: np.ndarray
    fractions: np.ndarray
    strategies: np.ndarray
    snapshots: np.ndarray
    snapshot_times: np.ndarray
    mcs_simulated: int

    @property
    def cooperation(self) -> np.ndarray:
        """Fraction of willing contributors over time (see :func:`contributor_fraction`)."""
        return contributor_fraction(self.fractions)


def _csr_arrays(adjacency):
    adjacency = check_adjacency(adjacency)
    adjacency.sort_indices()
    indptr = adjacency.indptr.astype(np.int64)
    indices = adjacency.indices.astype(np.int64)
    if np.any(np.diff(indptr) == 0):
        raise ValueError("adjacency must have no isolated nodes (every player needs a group)")
    return indptr, indices


def graph_payoffs(strategies, adjacency, synergy, *, fine=0.0, punish_cost=0.0, trust_threshold=0):
    """Total payoff of every player of the networked public goods game.

    Each node ``z`` hosts one group: ``z`` and its neighbours (size ``k_z + 1``).
    Player ``x`` plays in the ``k_x + 1`` groups hosted by itself and by its
    neighbours, paying the cost 1 in each group it contributes to (cost per game,
    as in Szolnoki, Perc & Szabó 2009)::

        P_x = Σ_{z ∈ {x} ∪ N(x)} group_payoffs(counts_z)[s_x]

    Parameters
    ----------
    strategies : array_like of int, shape (N,)
        Strategy codes 0–4.
    adjacency : (N, N) array or sparse matrix
        Undirected simple graph without isolated nodes.
    synergy, fine, punish_cost, trust_threshold :
        As in :func:`group_payoffs`.

    Returns
    -------
    numpy.ndarray, shape (N,)

    Examples
    --------
    >>> from socmodels.networks import square_lattice
    >>> s = [1] * 9                               # everyone contributes on a 3 x 3 torus
    >>> graph_payoffs(s, square_lattice(3), synergy=4.0)[:3]   # 5 groups x (r - 1)
    array([15., 15., 15.])
    """
    synergy, fine, punish_cost, trust_threshold = _check_game(
        synergy, fine, punish_cost, trust_threshold
    )
    indptr, indices = _csr_arrays(adjacency)
    n = indptr.size - 1
    strategies = _initial_strategies(n, None, strategies, None, name="strategies")
    return _all_payoffs(strategies, indptr, indices, synergy, fine, punish_cost, trust_threshold)


def graph_public_goods(
    adjacency,
    synergy,
    *,
    noise=0.5,
    mcs=1000,
    initial_fractions=(0.5, 0.5, 0.0, 0.0, 0.0),
    initial_strategies=None,
    fine=0.0,
    punish_cost=0.0,
    trust_threshold=0,
    record_every=1,
    snapshot_times=(),
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

    One Monte Carlo step (MCS) is ``N`` elementary steps, so each player updates once
    per MCS on average. Because every step sees the strategies left by the previous
    one, this is *not* a synchronous update. The loop runs in a numba kernel that
    draws its random numbers from ``rng`` itself, so a seed fixes the whole run.

    Parameters
    ----------
    adjacency : (N, N) array or sparse matrix
        Undirected simple graph, every node with at least one neighbour.
    synergy : float
        Synergy factor ``r > 0``.
    noise : float
        ``K > 0``; small ``K`` imitates better performers almost surely.
    mcs : int
        Monte Carlo steps to simulate, ``>= 1``.
    initial_fractions : array_like, shape (5,)
        Probabilities of each strategy at the start (each node drawn independently);
        ignored when ``initial_strategies`` is given.
    initial_strategies : array_like of int, shape (N,), optional
        Explicit initial state (codes 0–4).
    fine, punish_cost, trust_threshold :
        Peer punishment and trust, as in :func:`group_payoffs`.
    record_every : int
        Record strategy fractions every this many MCS (``>= 1``).
    snapshot_times : sequence of int
        MCS (in ``[0, mcs]``, multiples of ``record_every``) at which to store the whole
        strategy configuration.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    SpatialResult

    References
    ----------
    Szolnoki, Perc & Szabó (2009), Phys. Rev. E 80, 056109.

    Examples
    --------
    >>> from socmodels.networks import square_lattice
    >>> res = graph_public_goods(square_lattice(20), 6.0, mcs=300, rng=3)
    >>> bool(res.cooperation[-1] > 0.9)          # r well above 5.49: defectors die out
    True
    """
    indptr, indices = _csr_arrays(adjacency)
    n = indptr.size - 1
    synergy, fine, punish_cost, trust_threshold = _check_game(
        synergy, fine, punish_cost, trust_threshold
    )
    noise = _check_noise(noise)
    mcs = check_int("mcs", mcs, minimum=1)
    record_every = check_int("record_every", record_every, minimum=1, maximum=mcs)
    snaps = check_array("snapshot_times", list(snapshot_times), min_size=0, dtype=np.int64)
    if snaps.size and (snaps.min() < 0 or snaps.max() > mcs or np.any(np.diff(snaps) <= 0)):
        raise ValueError(f"snapshot_times must be increasing integers in [0, {mcs}]")
    if np.any(snaps % record_every):
        raise ValueError(
            f"snapshot_times must be multiples of record_every={record_every}, got {snaps.tolist()}"
        )
    rng = as_generator(rng)
    strategies = _initial_strategies(n, initial_fractions, initial_strategies, rng)

    # Run in chunks that end at the snapshot times; each chunk continues the last state.
    boundaries = sorted(set(snaps.tolist()) | {mcs})
    snapshots = []
    rows = [np.bincount(strategies, minlength=N_STRATEGIES)[None, :] / n]
    elapsed = 0
    simulated = 0
    absorbed = False
    for boundary in boundaries:
        chunk = boundary - elapsed
        if chunk > 0 and not absorbed:
            every = record_every if chunk % record_every == 0 else 1
            out = np.empty((chunk // every + 1, N_STRATEGIES))
            done = _fermi_kernel(
                strategies,
                indptr,
                indices,
                synergy,
                noise,
                fine,
                punish_cost,
                trust_threshold,
                chunk,
                every,
                rng,
                out,
            )
            simulated += done
            absorbed = done < chunk
            rows.append(out[1:] if every == record_every else out[record_every::record_every])
        elif chunk > 0:  # already absorbed: the state no longer changes
            rows.append(np.repeat(rows[-1][-1:], chunk // record_every, axis=0))
        elapsed = boundary
        if boundary in snaps:
            snapshots.append(strategies.copy())
    fractions = np.concatenate(rows)
    times = np.arange(fractions.shape[0]) * record_every
    snap_array = np.array(snapshots, dtype=np.int64).reshape(len(snapshots), n)
    return SpatialResult(
        times=times,
        fractions=fractions,
        strategies=strategies,
        snapshots=snap_array,
        snapshot_times=snaps,
        mcs_simulated=int(simulated),
    )


def lattice_public_goods(side, synergy, *, noise=0.5, mcs=1000, **kwargs):
    """Spatial public goods game of Szolnoki, Perc & Szabó (2009) on an L × L torus.

    Every site hosts a group of ``G = 5`` (itself and its four von Neumann
    neighbours) and belongs to five such groups; a contributor pays 1 into each.
    Random-sequential Fermi imitation with noise ``K`` as in
    :func:`graph_public_goods` (one MCS = ``L²`` elementary steps). With
    ``K = 0.5`` the paper finds cooperators dying out below ``r ≈ 3.74`` and
    defectors dying out above ``r ≈ 5.49``.

    Parameters
    ----------
    side : int
        ``L >= 3``.
    synergy : float
        ``r > 0``.
    noise : float
        ``K > 0``.
    mcs : int
        Monte Carlo steps.
    **kwargs
        Passed to :func:`graph_public_goods` (``initial_fractions``, ``fine``,
        ``punish_cost``, ``trust_threshold``, ``record_every``, ``snapshot_times``,
        ``rng``, ``initial_strategies`` of shape ``(L, L)`` or ``(L²,)``).

    Returns
    -------
    SpatialResult
        ``strategies`` has shape ``(L, L)``, ``snapshots`` ``(k, L, L)``.

    References
    ----------
    Szolnoki, Perc & Szabó (2009), Phys. Rev. E 80, 056109.

    Examples
    --------
    >>> res = lattice_public_goods(20, 3.0, mcs=300, rng=0)
    >>> float(res.cooperation[-1]), res.strategies.shape   # r < 3.74: cooperators vanish
    (0.0, (20, 20))
    """
    side = check_int("side", side, minimum=3)
    if kwargs.get("initial_strategies") is not None:
        kwargs["initial_strategies"] = np.asarray(kwargs["initial_strategies"]).reshape(-1)
    result = graph_public_goods(
        networks.square_lattice(side), synergy, noise=noise, mcs=mcs, **kwargs
    )
    return SpatialResult(
        times=result.times,
        fractions=result.fractions,
        strategies=result.strategies.reshape(side, side),
        snapshots=result.snapshots.reshape(-1, side, side),
        snapshot_times=result.snapshot_times,
        mcs_simulated=result.mcs_simulated,
    )


def degree_preserving_rewire(adjacency, swaps_per_edge=10.0, *, rng=None):
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
        Attempted swaps per edge, ``> 0``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    scipy.sparse.csr_array

    References
    ----------
    Maslov & Sneppen (2002), Science 296, 910–913.

    Examples
    --------
    >>> from socmodels.networks import square_lattice, degrees
    >>> A = degree_preserving_rewire(square_lattice(10), rng=0)
    >>> set(degrees(A).tolist())
    {4}
    """
    import networkx as nx

    adjacency = check_adjacency(adjacency)
    swaps_per_edge = check_real("swaps_per_edge", swaps_per_edge, 0.0, None, low_open=True)
    rng = as_generator(rng)
    graph = networks.to_networkx(adjacency)
    n_edges = graph.number_of_edges()
    if n_edges < 2:
        raise ValueError(f"adjacency must have at least 2 edges to rewire, got {n_edges}")
    n_swaps = max(1, int(round(swaps_per_edge * n_edges)))
    nx.double_edge_swap(
        graph, nswap=n_swaps, max_tries=100 * n_swaps, seed=int(rng.integers(2**32))
    )
    return networks.from_networkx(graph)


# --------------------------------------------------------------------------------------------
# heterogeneous networks: Santos, Santos & Pacheco (2008)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DiverseResult:
    """Result of :func:`diverse_public_goods`.

    Attributes
    ----------
    cooperation : numpy.ndarray, shape (generations + 1,)
        Fraction of cooperators before each generation (entry 0: initial state). Once
        everyone or no one cooperates the state is absorbing; the run stops and the
        record is filled with the final value.
    strategies : numpy.ndarray of bool
        Final state (True = cooperator).
    payoffs : numpy.ndarray
        Payoffs in the final state.
    """

    cooperation: np.ndarray
    strategies: np.ndarray
    payoffs: np.ndarray


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


def diverse_public_goods(
    adjacency,
    synergy,
    *,
    generations=1000,
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

    Update schedule (synchronous, as in the paper): all players collect payoffs,
    then every ``x`` picks a uniformly random neighbour ``y`` and, if ``P_y > P_x``,
    adopts ``y``'s strategy with probability ``(P_y − P_x) / M``, where
    ``M = (1 + r)(max(k_x, k_y) + 1)`` bounds the largest possible payoff difference
    between them (so the probability never exceeds 1).

    Parameters
    ----------
    adjacency : (N, N) array or sparse matrix
        Undirected simple graph without isolated nodes.
    synergy : float
        ``r > 0``.
    generations : int
        ``>= 1``.
    cost : {"per_individual", "per_game"}
    initial_cooperators : float
        Each player starts as a cooperator with this probability.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    DiverseResult

    References
    ----------
    Santos, Santos & Pacheco (2008), Nature 454, 213–216.

    Examples
    --------
    >>> from socmodels.networks import barabasi_albert
    >>> A = barabasi_albert(1000, 2, rng=0)
    >>> res = diverse_public_goods(A, 3.0, generations=1000, rng=0)
    >>> bool(res.cooperation[-1] > 0.5)       # η = 0.6 < 1, yet cooperation thrives
    True
    """
    adjacency = check_adjacency(adjacency)
    synergy = check_real("synergy", synergy, 0.0, None, low_open=True)
    generations = check_int("generations", generations, minimum=1)
    cost = check_choice("cost", cost, ("per_individual", "per_game"))
    initial_cooperators = check_real("initial_cooperators", initial_cooperators, 0.0, 1.0)
    rng = as_generator(rng)
    indptr = adjacency.indptr
    degree = np.diff(indptr)
    if np.any(degree == 0):
        raise ValueError("adjacency must have no isolated nodes (every player needs a group)")
    n = degree.size
    group_sizes = degree + 1.0
    per_individual = cost == "per_individual"
    cooperators = rng.random(n) < initial_cooperators
    cooperation = np.empty(generations + 1)
    cooperation[0] = cooperators.mean()
    for t in range(generations):
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
    return DiverseResult(cooperation=cooperation, strategies=cooperators, payoffs=payoffs)
