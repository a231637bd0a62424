r"""Trust among strangers: the trust game, reputation, committed minorities, institutions.

*Trust* here means what the essay on digital society means by it: being willing to be
vulnerable to someone whose reliability you cannot fully check. Four model families:

**The trust (investment) game** (Berg, Dickhaut & McCabe 1995). A sender keeps or sends
part of an endowment; what is sent is multiplied by ``multiplier`` (3) and a receiver
returns any part of it. :func:`trust_game_payoffs`, :func:`best_transfer` (the
subgame-perfect prediction and the break-even return share ``1 / multiplier``),
:func:`berg1995_no_history` (the experiment's 32 decisions, as data) and
:data:`JOHNSON_MISLIN_2011` (the meta-analysis' averages). Among strangers who learn from
each other, :func:`trust_among_strangers` (agent-based) and :func:`trust_replicator` (its
two-population replicator equation) show that trust collapses without information and is
sustained when a receiver's past behaviour is visible to a share ``information`` of
senders larger than :func:`trust_information_threshold`.

**Indirect reciprocity** (Nowak & Sigmund 1998; Ohtsuki & Iwasa 2004, 2006; Pacheco,
Santos & Chalub 2006). Donors help recipients with a good reputation; an observer assigns
the donor a new, public reputation by a social norm (:data:`NORMS`), with execution error
``e`` and assessment error ``mu``. :func:`indirect_reciprocity` simulates it;
:func:`reputation_equilibrium` gives the stationary good fractions and payoffs in closed
form; :func:`invasion_advantage` the payoff advantage of a rare mutant strategy.

**Committed minorities** (Xie et al. 2011): the binary-agreement naming game with a
fraction of agents who never change their word. :func:`naming_game` (one run, any network),
:func:`committed_minority_consensus` (replicates), :func:`naming_game_mean_field` and
:func:`naming_game_tipping_point` (the mean-field critical fraction ``p_c ≈ 0.0979``).

**Institutions and peers** (Sigmund, De Silva, Traulsen & Hauert 2010): the voluntary public
goods game with pool (institutional) and peer punishment, with or without second-order
punishment, under social learning. :func:`sanction_expected_payoffs`,
:func:`sanction_fixation_probability`, :func:`sanction_rare_mutation` (the stationary
distribution when exploration is rare) and :func:`sanctioning_institutions` (the
individual-based process).

The readable one-step rules of all four live in :mod:`socmodels.rules.trust`.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import scipy.optimize
import scipy.stats
from numba import njit
from scipy.integrate import solve_ivp
from scipy.special import expit, logsumexp

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
    Options,
    Probability,
    Real,
    Seed,
    constrained,
    record_times,
    replicate,
)
from .measures import mean_interval  # re-exported: the chapters' replicate interval

__all__ = [
    # the trust game
    "JOHNSON_MISLIN_2011",
    "TrustGameData",
    "berg1995_no_history",
    "trust_game_payoffs",
    "best_transfer",
    "trust_information_threshold",
    "TrustReplicatorResult",
    "trust_replicator",
    "TrustResult",
    "trust_among_strangers",
    # indirect reciprocity
    "ALLD",
    "ALLC",
    "DISC",
    "REPUTATION_STRATEGIES",
    "NORMS",
    "ReputationEquilibrium",
    "reputation_equilibrium",
    "invasion_advantage",
    "ReputationResult",
    "indirect_reciprocity",
    # committed minorities
    "WORD_A",
    "WORD_B",
    "WORD_AB",
    "NamingGameResult",
    "naming_game",
    "ConsensusTimes",
    "NamingGameMeanField",
    "committed_minority_consensus",
    "naming_game_mean_field",
    "naming_game_tipping_point",
    "mean_interval",
    # institutions and peers
    "COOPERATOR",
    "DEFECTOR",
    "LONER",
    "POOL_PUNISHER",
    "PEER_PUNISHER",
    "SANCTION_STRATEGIES",
    "sanction_expected_payoffs",
    "sanction_fixation_probability",
    "RareMutationResult",
    "sanction_rare_mutation",
    "SanctionResult",
    "sanctioning_institutions",
]


# ============================================================================================
# 1. The trust (investment) game
# ============================================================================================

#: Averages of the Johnson & Mislin (2011) meta-analysis of 162 trust games with more than
#: 23 000 participants: senders sent on average this fraction of their endowment, and
#: receivers returned this fraction of the amount they had available (the tripled transfer).
JOHNSON_MISLIN_2011 = {
    "fraction_sent": 0.502,
    "fraction_returned": 0.372,
    "n_games": 162,
    "n_participants_more_than": 23_000,
}


@dataclass(frozen=True)
class TrustGameData:
    """One treatment of a trust-game experiment, one entry per sender-receiver pair.

    Attributes
    ----------
    sent, returned : ndarray of float
        Dollars sent by each sender and returned by its receiver.
    endowment, multiplier : float
        Each sender's endowment and the factor applied to what is sent.
    source : str
        Citation key of the experiment.
    """

    sent: np.ndarray
    returned: np.ndarray
    endowment: float
    multiplier: float
    source: str

    @property
    def fraction_sent(self) -> np.ndarray:
        """``sent / endowment`` for each pair."""
        return self.sent / self.endowment

    @property
    def return_share(self) -> np.ndarray:
        """``returned / (multiplier * sent)`` for pairs that sent something (NaN-free)."""
        positive = self.sent > 0
        return self.returned[positive] / (self.multiplier * self.sent[positive])


@constrained()
def berg1995_no_history() -> TrustGameData:
    """The 32 decisions of Berg, Dickhaut & McCabe's (1995) no-history treatment.

    Each sender had $10; what was sent was tripled. The data ship with the package
    (``socmodels/data/berg1995_no_history.csv``). The paper reports that 30 of 32 senders
    sent something, a mean transfer of $5.16 and a mean return of $4.66.

    References
    ----------
    Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
    *Games and Economic Behavior*, 10(1), 122–142. doi:10.1006/game.1995.1027

    Examples
    --------
    >>> data = berg1995_no_history()
    >>> len(data.sent), int((data.sent > 0).sum()), round(float(data.sent.mean()), 2)
    (32, 30, 5.16)
    """
    text = resources.files("socmodels.data").joinpath("berg1995_no_history.csv").read_text()
    rows = [r for r in csv.DictReader(line for line in text.splitlines() if line[:1] != "#")]
    sent = np.array([float(r["sent"]) for r in rows])
    returned = np.array([float(r["returned"]) for r in rows])
    return TrustGameData(sent, returned, 10.0, 3.0, "berg1995")


@constrained(
    sent=Array(1, low=0),
    returned=Array(1, low=0),
    endowment=Real(0, low_open=True),
    multiplier=Real(0, low_open=True),
)
def trust_game_payoffs(sent, returned, *, endowment=10.0, multiplier=3.0):
    r"""Payoffs of the trust game for each pair.

    .. math:: \pi_\text{sender} = E - x + y, \qquad \pi_\text{receiver} = m x - y,
              \qquad 0 \le x \le E,\; 0 \le y \le m x.

    Parameters
    ----------
    sent, returned : array_like of float, shape (n,)
        Amounts sent (:math:`x`) and returned (:math:`y`).
    endowment : float
        The sender's endowment :math:`E` (Berg et al.: 10).
    multiplier : float
        The factor :math:`m` applied to what is sent (Berg et al.: 3).

    Returns
    -------
    (ndarray, ndarray)
        The senders' and the receivers' payoffs.

    References
    ----------
    Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
    *Games and Economic Behavior*, 10(1), 122–142. doi:10.1006/game.1995.1027

    Examples
    --------
    >>> s, r = trust_game_payoffs([10.0, 5.0], [15.0, 0.0])
    >>> s.tolist(), r.tolist()
    ([15.0, 5.0], [15.0, 15.0])
    """
    if sent.shape != returned.shape:
        raise ValueError(f"returned must have the shape of sent {sent.shape}, got {returned.shape}")
    if sent.max() > endowment:
        raise ValueError(f"sent must be at most the endowment {endowment}, got {sent.max()}")
    if np.any(returned > multiplier * sent + 1e-12):
        raise ValueError("returned must be at most multiplier * sent for every pair")
    return endowment - sent + returned, multiplier * sent - returned


@constrained(
    return_share=Probability(), endowment=Real(0, low_open=True), multiplier=Real(1, low_open=True)
)
def best_transfer(return_share, *, endowment=10.0, multiplier=3.0):
    r"""The transfer that maximises the sender's payoff, given the receiver's return share.

    A receiver who returns the share :math:`k` of what it gets makes the sender's payoff
    :math:`E - x + k m x = E + (km - 1)x`, linear in :math:`x`: send everything if
    :math:`k > 1/m`, nothing if :math:`k < 1/m` (the break-even share; any transfer is
    optimal at equality, and we return 0). A self-interested receiver returns nothing
    (:math:`k = 0`), so by backward induction the subgame-perfect sender sends nothing.

    References
    ----------
    Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
    *Games and Economic Behavior*, 10(1), 122–142. doi:10.1006/game.1995.1027

    Examples
    --------
    >>> best_transfer(0.0), best_transfer(0.5), best_transfer(0.3)
    (0.0, 10.0, 0.0)
    """
    return float(endowment) if return_share * multiplier > 1.0 else 0.0


@constrained(return_share=Probability())
def trust_information_threshold(return_share):
    r"""The share of informed senders above which trust is sustained among strangers.

    In :func:`trust_replicator` (and :func:`trust_among_strangers`), a trustworthy
    receiver keeps the share :math:`1 - k` of :math:`m` from every trusting sender, an
    untrustworthy one keeps all of :math:`m` from the uninformed share :math:`1 - q` of
    them. Their payoff difference per trusting sender is :math:`m(q - k)`: trustworthiness
    grows exactly when :math:`q > k`, so the threshold is :math:`q^* = k`. Trust itself
    pays only if honoured trust beats keeping the endowment, :math:`k > 1/m` (the
    break-even share of :func:`best_transfer`); so trust is sustained exactly when
    :math:`1/m < k < q`.

    References
    ----------
    Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
    *Games and Economic Behavior*, 10(1), 122–142. doi:10.1006/game.1995.1027

    Examples
    --------
    >>> trust_information_threshold(0.5)
    0.5
    """
    return float(return_share)


@dataclass(frozen=True)
class TrustReplicatorResult:
    """What :func:`trust_replicator` returns.

    Attributes
    ----------
    times : ndarray of float
        Time points of the solution.
    trust, trustworthiness : ndarray of float
        Share of trusting senders :math:`x(t)` and of trustworthy receivers :math:`y(t)`.
    params : dict
        The parameters used.
    """

    times: np.ndarray
    trust: np.ndarray
    trustworthiness: np.ndarray
    params: dict = field(default_factory=dict)


def _trust_rhs(x, y, q, k, m):
    sender_gain = y * (k * m - 1.0) - (1.0 - q) * (1.0 - y)
    receiver_gain = x * m * (q - k)
    return x * (1 - x) * sender_gain, y * (1 - y) * receiver_gain


@constrained(
    initial_trust=Real(0, 1),
    initial_trustworthiness=Real(0, 1),
    information=Probability(),
    return_share=Probability(),
    multiplier=Real(1, 100, low_open=True),
    t_max=Real(1e-3, 1e4),  # an ODE solve: longer horizons are steady and slow
    n_records=Integer(1, MAX_RECORDS),
)
def trust_replicator(
    initial_trust,
    initial_trustworthiness,
    *,
    information=0.0,
    return_share=0.5,
    multiplier=3.0,
    t_max=200.0,
    n_records=200,
):
    r"""Two-population replicator dynamics of the trust game among strangers.

    Senders trust (send their endowment, normalised to 1) or not; receivers are
    trustworthy (return the share :math:`k` of the :math:`m`-fold transfer) or not
    (return nothing). A share :math:`q` of senders sees the receiver's past behaviour and
    a trusting sender who sees an untrustworthy record sends nothing. With :math:`x` the
    share of trusting senders and :math:`y` of trustworthy receivers,

    .. math::
        \dot x = x(1-x)\,[\,y(km-1) - (1-q)(1-y)\,], \qquad
        \dot y = y(1-y)\,x\,m\,(q - k).

    Trust collapses without information (:math:`q = 0`); it is sustained when
    :math:`q > k` (:func:`trust_information_threshold`). This two-role model is the
    book's minimal version of the trust game under social learning with partial
    information (in the spirit of Manapat, Nowak & Rand 2013, who study richer strategy
    sets).

    Parameters
    ----------
    initial_trust, initial_trustworthiness : float
        :math:`x(0)` and :math:`y(0)`.
    information : float
        :math:`q`, the share of senders who see the receiver's past behaviour.
    return_share : float
        :math:`k`, what a trustworthy receiver returns.
    multiplier : float
        :math:`m`.
    t_max : float
        Length of the integration.
    n_records : int
        Number of intervals of the output grid.

    Returns
    -------
    TrustReplicatorResult

    References
    ----------
    Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
    *Games and Economic Behavior*, 10(1), 122–142. doi:10.1006/game.1995.1027

    Manapat, M. L., Nowak, M. A. & Rand, D. G. (2013). Information, irrationality, and the
    evolution of trust. *Journal of Economic Behavior & Organization*, 90, S57–S75.

    Examples
    --------
    >>> low = trust_replicator(0.9, 0.9, information=0.3, return_share=0.5)
    >>> high = trust_replicator(0.9, 0.9, information=0.7, return_share=0.5)
    >>> round(float(low.trust[-1]), 2), round(float(high.trust[-1]), 2)
    (0.0, 1.0)
    """
    times = np.linspace(0.0, t_max, n_records + 1)
    q, k, m = information, return_share, multiplier

    def rhs(_t, z):
        return _trust_rhs(z[0], z[1], q, k, m)

    sol = solve_ivp(
        rhs,
        (0.0, t_max),
        [initial_trust, initial_trustworthiness],
        t_eval=times,
        rtol=1e-8,
        atol=1e-10,
    )
    trust = np.clip(sol.y[0], 0.0, 1.0)
    trustworthiness = np.clip(sol.y[1], 0.0, 1.0)
    params = dict(information=q, return_share=k, multiplier=m)
    return TrustReplicatorResult(times, trust, trustworthiness, params)


@dataclass(frozen=True)
class TrustResult:
    """What :func:`trust_among_strangers` returns.

    Attributes
    ----------
    times : ndarray of int
        Generations recorded.
    trajectory : ndarray of float, shape (R, 2)
        Share of trusting senders and of trustworthy receivers at each recorded generation.
    final : ndarray of int, shape (n_agents, 2)
        Each agent's sender strategy (1 = trust) and receiver strategy (1 = trustworthy).
    params : dict
        The parameters used.
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def trust(self) -> np.ndarray:
        """Share of trusting senders over time."""
        return self.trajectory[:, 0]

    @property
    def trustworthiness(self) -> np.ndarray:
        """Share of trustworthy receivers over time."""
        return self.trajectory[:, 1]


def _trust_generation(
    trusting,
    trustworthy,
    last_returned,
    rng,
    *,
    information,
    return_share,
    multiplier,
    selection_strength,
    mutation,
    games_per_generation,
):
    """One generation, fast path: the random stream of ``rules.trust.trust_generation``.

    Arrays are updated in place and returned. ``bincount`` replaces the rule's
    ``np.add.at``; everything else is the same arithmetic in the same order.
    """
    n = trusting.size
    everyone = np.arange(n)
    sender_pay = np.zeros(n)
    receiver_pay = np.zeros(n)
    keep = multiplier * (1.0 - return_share)
    gain = return_share * multiplier - 1.0
    for _ in range(games_per_generation):
        partner = (everyone + 1 + rng.integers(n - 1, size=n)) % n
        informed = rng.random(n) < information
        sends = trusting & ~(informed & ~last_returned[partner])
        returns = sends & trustworthy[partner]
        sender_pay += np.where(returns, gain, np.where(sends, -1.0, 0.0))
        receiver_pay += np.bincount(
            partner, weights=np.where(returns, keep, np.where(sends, multiplier, 0.0)), minlength=n
        )
        last_returned[partner[sends]] = returns[sends]
    sender_pay /= games_per_generation
    receiver_pay /= games_per_generation
    model = (everyone + 1 + rng.integers(n - 1, size=n)) % n
    copy_sender = rng.random(n) < expit(selection_strength * (sender_pay[model] - sender_pay))
    copy_receiver = rng.random(n) < expit(selection_strength * (receiver_pay[model] - receiver_pay))
    new_trusting = np.where(copy_sender, trusting[model], trusting)
    new_trustworthy = np.where(copy_receiver, trustworthy[model], trustworthy)
    new_trusting ^= rng.random(n) < mutation
    new_trustworthy ^= rng.random(n) < mutation
    trusting[:] = new_trusting
    trustworthy[:] = new_trustworthy
    return trusting, trustworthy, last_returned


@constrained(
    n_agents=Integer(3, 1_000_000),
    information=Probability(),
    return_share=Probability(),
    multiplier=Real(1, 100, low_open=True),
    selection_strength=Real(0, 1000),
    mutation=Real(0, 0.5),
    games_per_generation=Integer(1, 1000),
    initial_trust=Probability(),
    initial_trustworthiness=Probability(),
    n_steps=Integer(0, 1_000_000),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def trust_among_strangers(
    n_agents,
    *,
    information=0.0,
    return_share=0.5,
    multiplier=3.0,
    selection_strength=2.0,
    mutation=0.001,
    games_per_generation=10,
    initial_trust=0.9,
    initial_trustworthiness=0.9,
    n_steps=500,
    n_records=100,
    rng=None,
    step=None,
):
    r"""Trust among strangers who learn by imitation, with partial information.

    Every agent is a sender (trusting or not) and a receiver (trustworthy or not). One
    step is a *generation*: ``games_per_generation`` rounds in which every agent sends to a
    uniformly random other agent, then one round of social learning.

    * A trusting sender sends its endowment (1), multiplied by :math:`m` on arrival, unless
      it is *informed* (probability :math:`q`) and the receiver's last recorded behaviour
      as a receiver was to return nothing. Distrusting senders send nothing.
    * A trustworthy receiver returns the share :math:`k` of :math:`m`; an untrustworthy one
      returns nothing. The receiver's behaviour is recorded (its *past behaviour*).
    * Payoffs per round: sender :math:`km - 1` (returned), :math:`-1` (not returned), 0
      (did not send); receiver :math:`m(1 - k)` or :math:`m`.
    * Learning: each agent compares its mean payoff in each role with that of a random
      other agent and copies that agent's strategy in the role with probability
      :math:`1/(1 + e^{-s(\pi_j - \pi_i)})`; then each strategy flips with probability
      ``mutation``.

    Its mean-field limit is :func:`trust_replicator`; trust survives when :math:`q > k`
    (:func:`trust_information_threshold`). The model is the book's (see
    :func:`trust_replicator` for its sources).

    Parameters
    ----------
    n_agents : int
        Population size.
    information : float
        :math:`q`, probability that a sender sees the receiver's past behaviour.
    return_share : float
        :math:`k`.
    multiplier : float
        :math:`m` (Berg et al.: 3).
    selection_strength : float
        :math:`s` of the imitation rule.
    mutation : float
        Probability that a strategy flips at random each generation.
    games_per_generation : int
        Trust games per agent (as sender) per generation.
    initial_trust, initial_trustworthiness : float
        Probability that an agent starts trusting / trustworthy.
    n_steps : int
        Generations (exact).
    n_records : int
        Number of recorded intervals.
    rng : Generator, int or None
        Randomness.
    step : callable, optional
        A replacement for one generation with the signature of
        :func:`socmodels.rules.trust.trust_generation`.

    Returns
    -------
    TrustResult

    References
    ----------
    Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
    *Games and Economic Behavior*, 10(1), 122–142. doi:10.1006/game.1995.1027

    Examples
    --------
    >>> blind = trust_among_strangers(200, information=0.0, n_steps=300, rng=1)
    >>> seen = trust_among_strangers(200, information=0.8, n_steps=300, rng=1)
    >>> float(blind.trust[-1]) < 0.2 < 0.8 < float(seen.trust[-1])
    True
    """
    if n_agents * n_steps * games_per_generation > 2 * MAX_STEPS:
        raise ValueError(
            "n_agents * n_steps * games_per_generation must be at most 2e8 (the work bound)"
        )
    trusting = rng.random(n_agents) < initial_trust
    trustworthy = rng.random(n_agents) < initial_trustworthiness
    last_returned = trustworthy.copy()
    times = record_times(n_steps, n_records)
    trajectory = np.empty((times.size, 2))
    trajectory[0] = trusting.mean(), trustworthy.mean()
    row = 1
    kwargs = dict(
        information=information,
        return_share=return_share,
        multiplier=multiplier,
        selection_strength=selection_strength,
        mutation=mutation,
        games_per_generation=games_per_generation,
    )
    update = _trust_generation if step is None else step
    for t in range(1, n_steps + 1):
        trusting, trustworthy, last_returned = update(
            trusting, trustworthy, last_returned, rng, **kwargs
        )
        if row < times.size and t == times[row]:
            trajectory[row] = trusting.mean(), trustworthy.mean()
            row += 1
    final = np.stack([trusting, trustworthy], axis=1).astype(np.int64)
    params = dict(n_agents=n_agents, **kwargs)
    return TrustResult(times, trajectory, final, params)


# ============================================================================================
# 2. Indirect reciprocity: reputation among strangers
# ============================================================================================

ALLD, ALLC, DISC = 0, 1, 2
#: Names of the strategies of :func:`indirect_reciprocity`, by code.
REPUTATION_STRATEGIES = ("unconditional defector", "unconditional cooperator", "discriminator")

#: Second-order social norms: ``NORMS[name][action][recipient_reputation]`` is the donor's
#: new reputation (1 = good) after ``action`` (1 = help) towards a recipient of that
#: reputation. Image scoring is first-order (it ignores the recipient).
NORMS = {
    "stern judging": ((1, 0), (0, 1)),
    "simple standing": ((1, 0), (1, 1)),
    "shunning": ((0, 0), (0, 1)),
    "image scoring": ((0, 0), (1, 1)),
}


@dataclass(frozen=True)
class ReputationEquilibrium:
    """What :func:`reputation_equilibrium` returns.

    Attributes
    ----------
    good : float
        Stationary share of good agents in the population, :math:`g`.
    good_by_strategy : ndarray, shape (3,)
        :math:`g_s` for ALLD, ALLC, DISC.
    cooperation : float
        Share of interactions in which the donor helps.
    payoffs : ndarray, shape (3,)
        Expected payoff per round (every agent once donor, once recipient) by strategy.
    params : dict
        ``norm``, ``execution_error``, ``assessment_error``, ``benefit`` and ``cost``.
    """

    good: float
    good_by_strategy: np.ndarray
    cooperation: float
    payoffs: np.ndarray
    params: dict = field(default_factory=dict)


def _norm_table(norm):
    return np.asarray(NORMS[norm], dtype=float)


def _good_verdict_coefficients(norm, e):
    """``P_s(g) = alpha_s + beta_s g``: chance the norm's verdict on a donor of s is good."""
    a = _norm_table(norm)
    helped_good = (1 - e) * a[1, 1] + e * a[0, 1]  # a cooperator's act on a good recipient
    helped_bad = (1 - e) * a[1, 0] + e * a[0, 0]
    alpha = np.array([a[0, 0], helped_bad, a[0, 0]])
    beta = np.array([a[0, 1] - a[0, 0], helped_good - helped_bad, helped_good - a[0, 0]])
    return alpha, beta


@constrained(
    fractions=Array(1, min_size=3, max_size=3, low=0, high=1),
    norm=Options(*NORMS),
    execution_error=Real(0, 0.5),
    assessment_error=Real(0, 0.5),
    benefit=Real(0, low_open=True),
    cost=Real(0),
)
def reputation_equilibrium(
    fractions,
    *,
    norm="stern judging",
    execution_error=0.02,
    assessment_error=0.01,
    benefit=5.0,
    cost=1.0,
):
    r"""Stationary reputations and payoffs of indirect reciprocity with public reputations.

    A donor of strategy :math:`s` meets a random recipient, good with probability
    :math:`g`. ALLC intends to help, ALLD not, DISC helps good recipients; an intended
    help fails with probability :math:`e`. The norm's verdict on the donor is good with
    probability :math:`P_s(g) = lpha_s + eta_s g` (linear in :math:`g`), and the
    observer records the opposite with probability :math:`\mu`, so in the stationary state

    .. math::
        g_s = \mu + (1 - 2\mu)\,(lpha_s + eta_s g), \qquad g = \sum_s x_s g_s
        \;\Rightarrow\;
        g = rac{\mu + (1-2\mu)\sum_s x_slpha_s}{1 - (1-2\mu)\sum_s x_seta_s}.

    For discriminators alone this gives :math:`g = (1-\mu)/(1 + (1-2\mu)e)` under stern
    judging and simple standing, and :math:`g = \mu/(1 - (1-2\mu)(1-e))` under image
    scoring and shunning. Payoffs per round: a donor pays :math:`c` for each help given,
    a recipient of strategy :math:`s` gets :math:`b(1-e)(x_C + x_D g_s)`.

    Parameters
    ----------
    fractions : array_like, shape (3,)
        Shares of ALLD, ALLC, DISC (summing to 1).
    norm : str
        A key of :data:`NORMS`.
    execution_error : float
        :math:`e`.
    assessment_error : float
        :math:`\mu`.
    benefit, cost : float
        :math:`b` and :math:`c`.

    Returns
    -------
    ReputationEquilibrium

    References
    ----------
    Ohtsuki, H. & Iwasa, Y. (2004). How should we define goodness? Reputation dynamics in
    indirect reciprocity. *Journal of Theoretical Biology*, 231(1), 107–120.
    doi:10.1016/j.jtbi.2004.06.005

    Pacheco, J. M., Santos, F. C. & Chalub, F. A. C. C. (2006). Stern-judging: a simple,
    successful norm which promotes cooperation under indirect reciprocity. *PLoS
    Computational Biology*, 2(12), e178. doi:10.1371/journal.pcbi.0020178

    Examples
    --------
    >>> sj = reputation_equilibrium([0, 0, 1], norm="stern judging")
    >>> scoring = reputation_equilibrium([0, 0, 1], norm="image scoring")
    >>> round(sj.cooperation, 3), round(scoring.cooperation, 3)
    (0.952, 0.247)
    """
    if abs(fractions.sum() - 1.0) > 1e-9:
        raise ValueError(f"fractions must sum to 1, got {fractions.sum()}")
    e, mu = execution_error, assessment_error
    alpha, beta = _good_verdict_coefficients(norm, e)
    good = (mu + (1 - 2 * mu) * fractions @ alpha) / (1 - (1 - 2 * mu) * fractions @ beta)
    by_strategy = mu + (1 - 2 * mu) * (alpha + beta * good)
    helps = np.array([0.0, 1 - e, (1 - e) * good])  # help given per round, by strategy
    received = benefit * (1 - e) * (fractions[ALLC] + fractions[DISC] * by_strategy)
    payoffs = received - cost * helps
    cooperation = float(fractions @ helps)
    params = {
        "norm": norm,
        "execution_error": execution_error,
        "assessment_error": assessment_error,
        "benefit": benefit,
        "cost": cost,
    }
    return ReputationEquilibrium(float(good), by_strategy, cooperation, payoffs, params)


@constrained(
    mutant=Options(*REPUTATION_STRATEGIES),
    norm=Options(*NORMS),
    execution_error=Real(0, 0.5),
    assessment_error=Real(0, 0.5),
    benefit=Real(0, low_open=True),
    cost=Real(0),
)
def invasion_advantage(
    mutant,
    *,
    norm="stern judging",
    execution_error=0.02,
    assessment_error=0.01,
    benefit=5.0,
    cost=1.0,
):
    r"""Payoff advantage of a rare mutant in a population of discriminators.

    The residents' reputations are those of :func:`reputation_equilibrium` with
    :math:`x_	ext{DISC} = 1`; the mutant's own reputation settles at
    :math:`g_m = \mu + (1-2\mu)(lpha_m + eta_m g)`. The mutant invades (under
    payoff-monotone learning) if the returned difference :math:`\pi_m - \pi_	ext{DISC}`
    is positive.

    References
    ----------
    Ohtsuki, H. & Iwasa, Y. (2004). How should we define goodness? Reputation dynamics in
    indirect reciprocity. *Journal of Theoretical Biology*, 231(1), 107–120.
    doi:10.1016/j.jtbi.2004.06.005

    Examples
    --------
    >>> invasion_advantage("unconditional cooperator", norm="image scoring") > 0
    True
    >>> invasion_advantage("unconditional cooperator", norm="stern judging") < 0
    True
    """
    code = REPUTATION_STRATEGIES.index(mutant)
    residents = reputation_equilibrium(
        [0.0, 0.0, 1.0],
        norm=norm,
        execution_error=execution_error,
        assessment_error=assessment_error,
        benefit=benefit,
        cost=cost,
    )
    e, mu, g = execution_error, assessment_error, residents.good
    alpha, beta = _good_verdict_coefficients(norm, e)
    good_mutant = mu + (1 - 2 * mu) * (alpha[code] + beta[code] * g)
    helps = (0.0, 1 - e, (1 - e) * g)[code]
    mutant_payoff = benefit * (1 - e) * good_mutant - cost * helps
    return float(mutant_payoff - residents.payoffs[DISC])


@dataclass(frozen=True)
class ReputationResult:
    """What :func:`indirect_reciprocity` returns.

    Attributes
    ----------
    times : ndarray of int
        Interactions recorded.
    trajectory : ndarray of float, shape (R, 3)
        Share of good agents among ALLD, ALLC and DISC (NaN-free: 0 where a strategy is
        absent) at each recorded time.
    good : ndarray of float, shape (R,)
        Share of good agents in the whole population.
    cooperation : ndarray of float, shape (R,)
        Share of helping acts among the interactions since the previous record (0 at 0).
    payoffs : ndarray of float, shape (R, 3)
        Cumulative payoff per agent of each strategy (0 where it is absent) at each
        recorded time; its increase divided by the rounds elapsed (``Δtimes / n_agents``)
        is the payoff per round that :func:`reputation_equilibrium` predicts.
    final : ndarray of int
        Final reputations (1 = good).
    strategies : ndarray of int
        The strategies (fixed during a run).
    params : dict
        The parameters used.
    """

    times: np.ndarray
    trajectory: np.ndarray
    good: np.ndarray
    cooperation: np.ndarray
    payoffs: np.ndarray
    final: np.ndarray
    strategies: np.ndarray
    params: dict = field(default_factory=dict)


@njit(cache=True)
def _reputation_kernel(strategies, reputations, payoff, table, uniforms, e, mu, b, c):
    """Interactions of indirect reciprocity, one per row of ``uniforms`` (shape (T, 4)).

    Row ``(u0, u1, u2, u3)``: donor ``floor(u0 n)``, recipient ``floor(u1 (n-1))``
    (shifted past the donor), execution failure if ``u2 < e``, assessment error if
    ``u3 < mu``. ``table[action, recipient_reputation]`` is the norm. Updates
    ``reputations`` and ``payoff`` in place; returns the number of helping acts.
    """
    n = strategies.size
    helped = 0
    for t in range(uniforms.shape[0]):
        donor = int(uniforms[t, 0] * n)
        recipient = int(uniforms[t, 1] * (n - 1))
        if recipient >= donor:
            recipient += 1
        s = strategies[donor]
        r = reputations[recipient]
        intends = s == 1 or (s == 2 and r == 1)
        action = 1 if (intends and uniforms[t, 2] >= e) else 0
        verdict = table[action, r]
        if uniforms[t, 3] < mu:
            verdict = 1 - verdict
        reputations[donor] = verdict
        if action == 1:
            helped += 1
            payoff[donor] -= c
            payoff[recipient] += b
    return helped


@constrained(
    initial_strategies=Array(1, min_size=2, low=0, high=2, integer=True),
    norm=Options(*NORMS),
    benefit=Real(0, low_open=True),
    cost=Real(0),
    execution_error=Real(0, 0.5),
    assessment_error=Real(0, 0.5),
    initial_reputations=Optional(Array(1, min_size=2, low=0, high=1, integer=True)),
    n_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def indirect_reciprocity(
    initial_strategies,
    *,
    norm="stern judging",
    benefit=5.0,
    cost=1.0,
    execution_error=0.02,
    assessment_error=0.01,
    initial_reputations=None,
    n_steps=100_000,
    n_records=100,
    rng=None,
    step=None,
):
    r"""Indirect reciprocity with public reputations assigned by a social norm.

    One step is one interaction: a random donor :math:`i` meets a random recipient
    :math:`j \ne i` whose public reputation is :math:`r_j \in \{0, 1\}`. ALLC intends
    to help, ALLD not, DISC helps iff :math:`r_j = 1`; an intended help fails with
    probability :math:`e` (execution error). Helping costs the donor :math:`c` and gives
    the recipient :math:`b`. An observer then sets the donor's public reputation to the
    norm's verdict (:data:`NORMS`) on the action and :math:`r_j`,

    .. math:: r_i \leftarrow d(a_i, r_j), \text{ or } 1 - d(a_i, r_j)
              \text{ with probability } \mu \text{ (assessment error)},

    and everyone adopts it (public, or "institutional", reputation). Strategies are
    fixed; compare payoffs across strategies to see who would invade (the closed forms
    are :func:`reputation_equilibrium` and :func:`invasion_advantage`).

    Parameters
    ----------
    initial_strategies : array_like of int, shape (n,)
        ``ALLD`` (0), ``ALLC`` (1) or ``DISC`` (2) for each agent.
    norm : str
        Stern judging, simple standing, shunning or image scoring.
    benefit, cost : float
        :math:`b` and :math:`c`.
    execution_error, assessment_error : float
        :math:`e` and :math:`\mu`.
    initial_reputations : array_like of int, optional
        Starting reputations (default: everyone good).
    n_steps : int
        Interactions (exact); ``n_agents`` interactions make one *round*.
    n_records : int
        Recorded intervals.
    rng : Generator, int or None
        Randomness.
    step : callable, optional
        A replacement for one interaction with the signature of
        :func:`socmodels.rules.trust.reputation_step` (slow: for teaching).

    Returns
    -------
    ReputationResult

    References
    ----------
    Nowak, M. A. & Sigmund, K. (1998). Evolution of indirect reciprocity by image scoring.
    *Nature*, 393, 573–577. doi:10.1038/31225

    Ohtsuki, H. & Iwasa, Y. (2006). The leading eight: social norms that can maintain
    cooperation by indirect reciprocity. *Journal of Theoretical Biology*, 239(4), 435–444.
    doi:10.1016/j.jtbi.2005.08.008

    Pacheco, J. M., Santos, F. C. & Chalub, F. A. C. C. (2006). Stern-judging: a simple,
    successful norm which promotes cooperation under indirect reciprocity. *PLoS
    Computational Biology*, 2(12), e178. doi:10.1371/journal.pcbi.0020178

    Examples
    --------
    >>> run = indirect_reciprocity(np.full(500, DISC), norm="stern judging",
    ...                            n_steps=50_000, rng=3)
    >>> bool(abs(run.good[-1] - reputation_equilibrium([0, 0, 1]).good) < 0.03)
    True
    """
    strategies = initial_strategies
    n = strategies.size
    if initial_reputations is None:
        reputations = np.ones(n, dtype=np.int64)
    else:
        reputations = initial_reputations
        if reputations.size != n:
            raise ValueError(
                f"initial_reputations must have {n} entries (one per agent), got {reputations.size}"
            )
    table = np.asarray(NORMS[norm], dtype=np.int64)
    payoff = np.zeros(n)
    times = record_times(n_steps, n_records)
    counts = np.bincount(strategies, minlength=3)
    present = np.maximum(counts, 1)

    def snapshot():
        by = np.bincount(strategies, weights=reputations, minlength=3) / present
        return by, reputations.mean(), np.bincount(strategies, weights=payoff, minlength=3)

    trajectory = np.zeros((times.size, 3))
    good = np.zeros(times.size)
    cooperation = np.zeros(times.size)
    payoffs = np.zeros((times.size, 3))
    trajectory[0], good[0], _ = snapshot()
    e, mu, b, c = execution_error, assessment_error, benefit, cost
    block = 1 << 16
    for row in range(1, times.size):
        todo = int(times[row] - times[row - 1])
        helped = 0
        while todo > 0:
            size = min(block, todo)
            if step is None:
                helped += _reputation_kernel(
                    strategies, reputations, payoff, table, rng.random((size, 4)), e, mu, b, c
                )
            else:
                for _ in range(size):
                    helped += int(
                        step(strategies, reputations, payoff, table, rng, e=e, mu=mu, b=b, c=c)
                    )
            todo -= size
        by, g, pay = snapshot()
        trajectory[row], good[row] = by, g
        payoffs[row] = pay / present
        cooperation[row] = helped / max(int(times[row] - times[row - 1]), 1)
    params = dict(
        norm=norm,
        benefit=b,
        cost=c,
        execution_error=e,
        assessment_error=mu,
        n_agents=n,
    )
    return ReputationResult(
        times, trajectory, good, cooperation, payoffs, reputations, strategies, params
    )


# ============================================================================================
# 3. Committed minorities: the binary-agreement naming game
# ============================================================================================

WORD_A, WORD_B, WORD_AB = 0, 1, 2


@dataclass(frozen=True)
class NamingGameResult:
    """What :func:`naming_game` returns.

    Attributes
    ----------
    times : ndarray of int
        Interactions recorded (the last is ``n_steps_run``).
    trajectory : ndarray of float, shape (R, 3)
        Shares of agents holding only A (committed included), only B, and both.
    final : ndarray of int
        Final states (``WORD_A``, ``WORD_B``, ``WORD_AB``).
    n_steps_run : int
        Interactions performed.
    converged : bool
        True if every agent holds the same single word.
    params : dict
        The parameters used.
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


@njit(cache=True)
def _naming_kernel(states, committed, indptr, indices, uniforms, counts, complete):
    """Speaker-listener interactions, one per row of ``uniforms`` (shape (T, 3)).

    Row ``(u0, u1, u2)``: speaker ``floor(u0 n)``; listener a uniformly random other agent
    (complete graph) or neighbour ``floor(u1 deg)``; a speaker holding both words utters A
    if ``u2 < 1/2``. ``counts`` (agents per state) is updated in place. Stops early at
    consensus (all agents in one single-word state); returns the interactions performed.
    """
    n = states.size
    for t in range(uniforms.shape[0]):
        speaker = int(uniforms[t, 0] * n)
        if complete:
            listener = int(uniforms[t, 1] * (n - 1))
            if listener >= speaker:
                listener += 1
        else:
            start = indptr[speaker]
            degree = indptr[speaker + 1] - start
            if degree == 0:
                continue
            listener = indices[start + int(uniforms[t, 1] * degree)]
        word = states[speaker]
        if word == 2:
            word = 0 if uniforms[t, 2] < 0.5 else 1
        held = states[listener]
        if held == word or held == 2:
            if not committed[listener] and held != word:
                counts[held] -= 1
                counts[word] += 1
                states[listener] = word
            if not committed[speaker] and states[speaker] != word:
                counts[states[speaker]] -= 1
                counts[word] += 1
                states[speaker] = word
        elif not committed[listener]:
            counts[held] -= 1
            counts[2] += 1
            states[listener] = 2
        if counts[0] == n or counts[1] == n:
            return t + 1
    return uniforms.shape[0]


@constrained(
    initial_states=Array(1, min_size=2, low=0, high=2, integer=True),
    committed=Optional(Array(1, min_size=2, low=0, high=1, integer=True)),
    adjacency=Optional(Adjacency()),
    max_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
)
def naming_game(
    initial_states,
    *,
    committed=None,
    adjacency=None,
    max_steps=100_000,
    n_records=100,
    rng=None,
    step=None,
):
    r"""The binary-agreement naming game with committed agents (Xie et al. 2011).

    Each agent holds word A, word B or both (AB). One step is one interaction: a random
    *speaker* utters one of its words (at random if it holds both) to a random *listener*
    (a random other agent, or a random neighbour on ``adjacency``).

    * If the listener holds the word, both **agree**: each keeps only that word.
    * Otherwise the listener **adds** it (A → AB, B → AB).

    Committed agents never change their state (in Xie et al. they hold A). With
    :math:`n_A, n_B, n_{AB}` the shares of uncommitted agents and :math:`p` the committed
    share, the mean-field equations on the complete graph are

    .. math::
        \dot n_A = -n_A n_B + n_{AB}^2 + n_A n_{AB} + \tfrac32\,p\,n_{AB}, \qquad
        \dot n_B = -n_A n_B + n_{AB}^2 + n_B n_{AB} - p\,n_B

    (time in units of :math:`N` interactions; :func:`naming_game_mean_field`). The run
    stops at consensus (everyone holds one single word) or after ``max_steps``.

    Parameters
    ----------
    initial_states : array_like of int, shape (n,)
        ``WORD_A`` (0), ``WORD_B`` (1) or ``WORD_AB`` (2).
    committed : array_like of 0/1, shape (n,), optional
        1 for committed agents (default: nobody).
    adjacency : sparse matrix, optional
        The network; default the complete graph.
    max_steps : int
        Upper bound on interactions.
    n_records : int
        Recorded intervals of ``max_steps`` (the record stops at consensus).
    rng : Generator, int or None
        Randomness.
    step : callable, optional
        A replacement for one interaction with the signature of
        :func:`socmodels.rules.trust.naming_game_step` (slow: for teaching).

    Returns
    -------
    NamingGameResult

    References
    ----------
    Xie, J., Sreenivasan, S., Korniss, G., Zhang, W., Lim, C. & Szymanski, B. K. (2011).
    Social consensus through the influence of committed minorities. *Physical Review E*,
    84(1), 011130. doi:10.1103/PhysRevE.84.011130

    Examples
    --------
    >>> n = 200
    >>> states = np.full(n, WORD_B); states[:30] = WORD_A
    >>> mask = np.zeros(n, dtype=int); mask[:30] = 1
    >>> run = naming_game(states, committed=mask, max_steps=200 * n, rng=1)
    >>> run.converged, int(run.final.min())
    (True, 0)
    """
    states = initial_states.copy()
    n = states.size
    if committed is None:
        mask = np.zeros(n, dtype=np.bool_)
    else:
        if committed.size != n:
            raise ValueError(f"committed must have {n} entries, got {committed.size}")
        mask = committed.astype(np.bool_)
    if adjacency is None:
        indptr = np.zeros(1, dtype=np.int64)
        indices = np.zeros(1, dtype=np.int64)
        complete = True
    else:
        if adjacency.shape[0] != n:
            raise ValueError(f"adjacency must be {n} x {n} (one row per agent)")
        indptr = adjacency.indptr.astype(np.int64)
        indices = adjacency.indices.astype(np.int64)
        complete = False
    counts = np.bincount(states, minlength=3).astype(np.int64)
    planned = record_times(max_steps, n_records)
    times = [0]
    frames = [counts / n]
    t = 0
    done = counts[0] == n or counts[1] == n
    block = 1 << 15
    for target in planned[1:]:
        while t < target and not done:
            size = int(min(block, target - t))
            if step is None:
                ran = _naming_kernel(
                    states, mask, indptr, indices, rng.random((size, 3)), counts, complete
                )
            else:
                ran = 0
                for _ in range(size):
                    step(states, mask, rng, adjacency=adjacency)
                    ran += 1
                    if np.all(states == states[0]) and states[0] != WORD_AB:
                        break
                counts = np.bincount(states, minlength=3).astype(np.int64)
            t += ran
            done = counts[0] == n or counts[1] == n
        times.append(t)
        frames.append(counts / n)
        if done:
            break
    params = dict(n_agents=n, committed=int(mask.sum()), network=adjacency is not None)
    return NamingGameResult(
        np.asarray(times, dtype=np.int64), np.asarray(frames), states, t, bool(done), params
    )


@dataclass(frozen=True)
class ConsensusTimes:
    """What :func:`committed_minority_consensus` returns.

    Attributes
    ----------
    consensus_times : ndarray of float, shape (n_runs,)
        Each run's interactions to consensus on the committed word, in units of
        ``n_agents`` (``inf`` for runs that did not get there within ``max_steps``).
    reached : ndarray of bool
        Whether each run reached it.
    params : dict
        The parameters used.
    """

    consensus_times: np.ndarray
    reached: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def share_reached(self) -> float:
        """Share of runs that reached consensus on the committed word."""
        return float(self.reached.mean())

    @property
    def median_time(self) -> float:
        """Median time to consensus in units of ``n_agents`` (``inf`` if half failed)."""
        return float(np.median(self.consensus_times))

    def median_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Distribution-free interval for the median: order statistics ``k`` and ``n+1-k``.

        ``k`` is the largest rank with ``P(Binomial(n, 1/2) < k) <= (1 - confidence)/2``.
        """
        confidence = Real(0, 1, low_open=True, high_open=True).check("confidence", confidence)
        ordered = np.sort(self.consensus_times)
        n = ordered.size
        tail = (1 - confidence) / 2
        k = int(scipy.stats.binom.ppf(tail, n, 0.5))
        while k > 0 and scipy.stats.binom.cdf(k - 1, n, 0.5) > tail:
            k -= 1
        k = max(k, 1)
        return float(ordered[k - 1]), float(ordered[n - k])


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    committed_fraction=Real(0, 1),
    n_runs=Integer(1, MAX_RUNS),
    max_steps=Integer(1, MAX_STEPS),
    adjacency=Optional(Adjacency()),
    rng=Seed(),
)
def committed_minority_consensus(
    n_agents,
    committed_fraction,
    *,
    n_runs=10,
    max_steps=100_000,
    adjacency=None,
    rng=None,
):
    r"""Replicated runs of the naming game from Xie et al.'s initial condition.

    ``round(p n)`` committed agents hold A; everyone else holds B. Each run (seeded by
    :func:`~socmodels.contract.spawn_generators`) stops at consensus on A or after
    ``max_steps`` interactions.

    References
    ----------
    Xie, J., Sreenivasan, S., Korniss, G., Zhang, W., Lim, C. & Szymanski, B. K. (2011).
    Social consensus through the influence of committed minorities. *Physical Review E*,
    84(1), 011130. doi:10.1103/PhysRevE.84.011130

    Examples
    --------
    >>> above = committed_minority_consensus(300, 0.2, n_runs=5, max_steps=200 * 300, rng=2)
    >>> above.share_reached
    1.0
    """
    if n_agents * n_runs > 10 * MAX_STEPS:
        raise ValueError("n_agents * n_runs must be at most 1e9")
    k = int(round(committed_fraction * n_agents))
    states = np.full(n_agents, WORD_B)
    states[:k] = WORD_A
    mask = np.zeros(n_agents, dtype=np.int64)
    mask[:k] = 1

    def consensus_time(child):
        run = naming_game(
            states, committed=mask, adjacency=adjacency, max_steps=max_steps, n_records=1, rng=child
        )
        reached = run.converged and bool(np.all(run.final == WORD_A))
        return run.n_steps_run / n_agents if reached else np.inf

    times = np.array(replicate(consensus_time, n_runs, rng), dtype=float)
    reached = np.isfinite(times)
    params = dict(
        n_agents=n_agents, committed_fraction=committed_fraction, max_steps=max_steps, k=k
    )
    return ConsensusTimes(times, reached, params)


def _naming_rhs(n_a, n_b, p):
    n_ab = 1.0 - p - n_a - n_b
    d_a = -n_a * n_b + n_ab**2 + n_a * n_ab + 1.5 * p * n_ab
    d_b = -n_a * n_b + n_ab**2 + n_b * n_ab - p * n_b
    return d_a, d_b


@dataclass(frozen=True)
class NamingGameMeanField:
    """A solution of the mean-field naming game (:func:`naming_game_mean_field`).

    Unpacks as ``times, shares = naming_game_mean_field(p)``.

    Attributes
    ----------
    times : ndarray of float, shape (R,)
        Continuous time, in units of ``N`` interactions.
    shares : ndarray of float, shape (R, 3)
        Shares of agents holding A (committed included), B and AB.
    params : dict
        The parameters of the solution.
    """

    times: np.ndarray
    shares: np.ndarray
    params: dict = field(default_factory=dict)

    def __iter__(self):
        return iter((self.times, self.shares))


@constrained(
    committed_fraction=Real(0, 1),
    t_max=Real(1e-3, 1e4),  # an ODE solve: longer horizons are steady and slow
    n_records=Integer(1, MAX_RECORDS),
)
def naming_game_mean_field(committed_fraction, *, t_max=100.0, n_records=200):
    r"""The mean-field naming game from Xie et al.'s start (uncommitted agents hold B).

    Integrates the equations of :func:`naming_game` with :math:`n_B(0) = 1 - p`.

    Returns
    -------
    NamingGameMeanField
        ``times`` (units of :math:`N` interactions) and ``shares``, shape (R, 3), of agents
        holding A (committed included), B and AB; unpacks as ``times, shares``.

    References
    ----------
    Xie, J., Sreenivasan, S., Korniss, G., Zhang, W., Lim, C. & Szymanski, B. K. (2011).
    Social consensus through the influence of committed minorities. *Physical Review E*,
    84(1), 011130. doi:10.1103/PhysRevE.84.011130

    Examples
    --------
    >>> t, shares = naming_game_mean_field(0.12, t_max=100)
    >>> bool(shares[-1, 0] > 0.99)
    True
    >>> t, shares = naming_game_mean_field(0.08, t_max=100)
    >>> bool(shares[-1, 1] > 0.5)
    True
    """
    p = committed_fraction
    times = np.linspace(0.0, t_max, n_records + 1)
    sol = solve_ivp(
        lambda _t, z: _naming_rhs(z[0], z[1], p),
        (0.0, t_max),
        [0.0, 1.0 - p],
        t_eval=times,
        rtol=1e-9,
        atol=1e-12,
    )
    n_a, n_b = sol.y
    shares = np.stack([n_a + p, n_b, 1.0 - p - n_a - n_b], axis=1)
    return NamingGameMeanField(
        times,
        np.clip(shares, 0.0, 1.0),
        params={"committed_fraction": p, "t_max": t_max, "n_records": n_records},
    )


@constrained()
def naming_game_tipping_point() -> float:
    r"""The critical committed fraction :math:`p_c` of the mean-field naming game.

    Below :math:`p_c` the equations of :func:`naming_game` have a stable fixed point in
    which B is the majority; at :math:`p_c` it merges with a saddle (a saddle-node
    bifurcation) and only consensus on A remains. We solve the two fixed-point equations
    together with :math:`\det J = 0` for :math:`(n_A, n_B, p)`. Xie et al. (2011):
    :math:`p_c \approx 0.0979`.

    References
    ----------
    Xie, J., Sreenivasan, S., Korniss, G., Zhang, W., Lim, C. & Szymanski, B. K. (2011).
    Social consensus through the influence of committed minorities. *Physical Review E*,
    84(1), 011130. doi:10.1103/PhysRevE.84.011130

    Examples
    --------
    >>> round(naming_game_tipping_point(), 4)
    0.0979
    """

    def equations(z):
        n_a, n_b, p = z
        d_a, d_b = _naming_rhs(n_a, n_b, p)
        h = 1e-7
        j = np.empty((2, 2))
        for col, (da, db) in enumerate(((h, 0.0), (0.0, h))):
            fa, fb = _naming_rhs(n_a + da, n_b + db, p)
            ga, gb = _naming_rhs(n_a - da, n_b - db, p)
            j[0, col] = (fa - ga) / (2 * h)
            j[1, col] = (fb - gb) / (2 * h)
        return [d_a, d_b, np.linalg.det(j)]

    n_a, n_b, p = scipy.optimize.fsolve(equations, [0.05, 0.6, 0.1], xtol=1e-13)
    return float(p)


# ============================================================================================
# 4. Institutions and peers: pool versus peer punishment (Sigmund et al. 2010)
# ============================================================================================

COOPERATOR, DEFECTOR, LONER, POOL_PUNISHER, PEER_PUNISHER = 0, 1, 2, 3, 4
#: Names of the strategies of the sanctioning models, by code (Sigmund et al.'s X, Y, Z, V, W).
SANCTION_STRATEGIES = ("cooperator", "defector", "loner", "pool punisher", "peer punisher")

_GAME_CONSTRAINTS = dict(
    group_size=Integer(2, 20),
    synergy=Real(1, 100, low_open=True),
    contribution=Real(0, 100, low_open=True),
    loner_payoff=Real(0, 100),
    pool_fee=Real(0, 100),
    pool_fine=Real(0, 100),
    peer_cost=Real(0, 100),
    peer_fine=Real(0, 100),
    second_order=Flag(),
)


def _compositions(total, parts):
    """Every vector of ``parts`` non-negative integers summing to ``total``."""
    if parts == 1:
        return [(total,)]
    out = []
    for first in range(total + 1):
        out += [(first, *rest) for rest in _compositions(total - first, parts - 1)]
    return out


_COMPOSITIONS = {}


def _composition_table(group_size):
    if group_size not in _COMPOSITIONS:
        _COMPOSITIONS[group_size] = np.array(_compositions(group_size - 1, 5), dtype=np.int64)
    return _COMPOSITIONS[group_size]


@njit(cache=True)
def _group_payoff(focal, k, r, c, sigma, fee, fine, gamma, beta, second_order):
    """Payoff of a ``focal`` player whose co-players number ``k[s]`` of each strategy."""
    if focal == 2:
        return sigma
    n_x, n_y, n_v, n_w = k[0], k[1], k[3], k[4]
    participants = 1 + n_x + n_y + n_v + n_w
    if participants == 1:
        return sigma
    payoff = r * c * (n_x + n_v + n_w) / (participants - 1)
    if focal == 1:
        return payoff - fine * n_v - beta * n_w
    payoff -= c
    if focal == 3:
        return payoff - fee
    if focal == 4:
        payoff -= gamma * n_y
        if second_order:
            payoff -= fine * n_v
            if n_y > 0:
                payoff -= gamma * n_x
        return payoff
    if second_order:  # a cooperator: a second-order free-rider for both institutions
        payoff -= fine * n_v
        if n_y > 0:
            payoff -= beta * n_w
    return payoff


@njit(cache=True)
def _expected_payoffs(counts, compositions, r, c, sigma, fee, fine, gamma, beta, second_order):
    """Expected payoff of each strategy present: co-players drawn without replacement."""
    total = 0
    for s in range(5):
        total += counts[s]
    m = compositions.shape[1]
    group = 0
    for s in range(m):
        group += compositions[0, s]
    out = np.zeros(5)
    others = np.empty(5, dtype=np.int64)
    log_factorial = np.empty(total + 1)
    for i in range(total + 1):
        log_factorial[i] = math.lgamma(i + 1.0)
    log_all = log_factorial[total - 1] - log_factorial[group] - log_factorial[total - 1 - group]
    for focal in range(5):
        if counts[focal] == 0:
            continue
        for s in range(5):
            others[s] = counts[s] - (1 if s == focal else 0)
        value = 0.0
        for row in range(compositions.shape[0]):
            logp = -log_all
            possible = True
            for s in range(5):
                k = compositions[row, s]
                if k > others[s]:
                    possible = False
                    break
                logp += log_factorial[others[s]] - log_factorial[k] - log_factorial[others[s] - k]
            if not possible:
                continue
            value += math.exp(logp) * _group_payoff(
                focal, compositions[row], r, c, sigma, fee, fine, gamma, beta, second_order
            )
        out[focal] = value
    return out


def _game_args(group_size, synergy, contribution, loner_payoff, pool_fee, pool_fine,
               peer_cost, peer_fine, second_order):  # fmt: skip
    return (
        _composition_table(group_size),
        synergy,
        contribution,
        loner_payoff,
        pool_fee,
        pool_fine,
        peer_cost,
        peer_fine,
        second_order,
    )


@constrained(counts=Array(1, min_size=5, max_size=5, low=0, integer=True), **_GAME_CONSTRAINTS)
def sanction_expected_payoffs(
    counts,
    *,
    group_size=5,
    synergy=3.0,
    contribution=1.0,
    loner_payoff=1.0,
    pool_fee=0.7,
    pool_fine=0.7,
    peer_cost=0.7,
    peer_fine=0.7,
    second_order=False,
):
    r"""Expected payoffs in the voluntary public goods game with pool and peer punishment.

    A focal player's ``group_size - 1`` co-players are drawn without replacement from the
    rest of a population with ``counts`` of cooperators :math:`X`, defectors :math:`Y`,
    loners :math:`Z`, pool punishers :math:`V` and peer punishers :math:`W`. Loners get
    :math:`\sigma`, and so does a lone participant. With :math:`S \ge 2` participants,
    each contribution :math:`c` is multiplied by :math:`r` and shared among the *other*
    :math:`S - 1` participants (Sigmund et al. 2010, following Hauert et al. 2007); with
    :math:`n_s` players of strategy :math:`s` in the group (the focal excluded),

    .. math::
        P_Y &= \tfrac{rc\,(n_X + n_V + n_W)}{S-1} - B n_V - \beta n_W, \\
        P_X &= \tfrac{rc\,(n_X + n_V + n_W)}{S-1} - c
              \;[\,- B n_V - \beta n_W \mathbb 1_{n_Y>0}\,], \\
        P_V &= \tfrac{rc\,(n_X + n_V + n_W)}{S-1} - c - G, \\
        P_W &= \tfrac{rc\,(n_X + n_V + n_W)}{S-1} - c - \gamma n_Y
              \;[\,- B n_V - \gamma n_X \mathbb 1_{n_Y>0}\,].

    Pool punishers pay the fee :math:`G` into the pool before the game, and each
    defector is fined :math:`B` per pool punisher; each peer punisher fines each defector
    :math:`\beta` at a cost :math:`\gamma` to itself. The bracketed terms apply with
    ``second_order``: the pool also fines those who contribute to the game but not to
    the pool (cooperators and peer punishers), and peer punishers also punish
    cooperators — but can tell them apart only when a defector is present.

    Parameters
    ----------
    counts : array_like of int, shape (5,)
        Players of each strategy (codes :data:`COOPERATOR` … :data:`PEER_PUNISHER`).
    group_size : int
        :math:`N`.
    synergy, contribution, loner_payoff : float
        :math:`r`, :math:`c`, :math:`\sigma`.
    pool_fee, pool_fine, peer_cost, peer_fine : float
        :math:`G`, :math:`B`, :math:`\gamma`, :math:`\beta`.
    second_order : bool
        Whether second-order free-riders are punished.

    Returns
    -------
    ndarray, shape (5,)
        Expected payoff of each strategy (0 for strategies absent from ``counts``).

    References
    ----------
    Sigmund, K., De Silva, H., Traulsen, A. & Hauert, C. (2010). Social learning promotes
    institutions for governing the commons. *Nature*, 466, 861–863. doi:10.1038/nature09203

    Examples
    --------
    >>> pay = sanction_expected_payoffs([0, 0, 0, 100, 0])   # all pool punishers
    >>> round(float(pay[POOL_PUNISHER]), 3)                 # (r - 1) c - G
    1.3
    """
    if counts.sum() < group_size:
        raise ValueError(f"counts must add up to at least group_size ({group_size})")
    args = _game_args(
        group_size,
        synergy,
        contribution,
        loner_payoff,
        pool_fee,
        pool_fine,
        peer_cost,
        peer_fine,
        second_order,
    )
    return _expected_payoffs(counts.astype(np.int64), *args)


def _fixation_log_terms(resident, mutant, n_agents, s, args):
    differences = np.empty(n_agents - 1)
    counts = np.zeros(5, dtype=np.int64)
    for j in range(1, n_agents):
        counts[:] = 0
        counts[mutant] = j
        counts[resident] = n_agents - j
        pay = _expected_payoffs(counts, *args)
        differences[j - 1] = pay[resident] - pay[mutant]
    return s * np.cumsum(differences)


@constrained(
    resident=Options(*SANCTION_STRATEGIES),
    mutant=Options(*SANCTION_STRATEGIES),
    n_agents=Integer(2, 10_000),
    imitation_strength=Real(0, 1e6),
    **_GAME_CONSTRAINTS,
)
def sanction_fixation_probability(
    resident,
    mutant,
    *,
    n_agents=100,
    imitation_strength=1.0,
    group_size=5,
    synergy=3.0,
    contribution=1.0,
    loner_payoff=1.0,
    pool_fee=0.7,
    pool_fine=0.7,
    peer_cost=0.7,
    peer_fine=0.7,
    second_order=False,
):
    r"""Probability that one ``mutant`` takes over a population of ``resident`` players.

    Under the pairwise-comparison (imitation) process of :func:`sanctioning_institutions`
    without exploration, with :math:`P_k(j), P_l(j)` the resident's and mutant's expected
    payoffs when there are :math:`j` mutants (Sigmund et al. 2010, SI eq. 2),

    .. math:: \rho_{kl} = \Big[1 + \sum_{q=1}^{M-1}
              \exp\Big(s \sum_{j=1}^{q} \big(P_k(j) - P_l(j)\big)\Big)\Big]^{-1},

    computed in log space (no overflow at large :math:`s`).

    References
    ----------
    Sigmund, K., De Silva, H., Traulsen, A. & Hauert, C. (2010). Social learning promotes
    institutions for governing the commons. *Nature*, 466, 861–863. doi:10.1038/nature09203

    Examples
    --------
    >>> rho = sanction_fixation_probability("peer punisher", "cooperator", n_agents=50)
    >>> round(rho, 6) == round(1 / 50, 6)          # neutral without defectors
    True
    """
    if resident == mutant:
        raise ValueError("mutant must differ from resident")
    if n_agents < group_size:
        raise ValueError(f"n_agents must be at least group_size ({group_size})")
    args = _game_args(
        group_size,
        synergy,
        contribution,
        loner_payoff,
        pool_fee,
        pool_fine,
        peer_cost,
        peer_fine,
        second_order,
    )
    k, m = SANCTION_STRATEGIES.index(resident), SANCTION_STRATEGIES.index(mutant)
    logs = _fixation_log_terms(k, m, n_agents, imitation_strength, args)
    return float(np.exp(-logsumexp(np.r_[0.0, logs])))


@dataclass(frozen=True)
class RareMutationResult:
    """What :func:`sanction_rare_mutation` returns.

    Attributes
    ----------
    strategies : tuple of str
        The strategies available.
    stationary : ndarray
        Long-run share of time the population spends in each homogeneous state.
    fixation : ndarray, shape (n, n)
        ``fixation[i, j]``: probability that one mutant ``j`` takes over residents ``i``.
    params : dict
        The parameters used.
    """

    strategies: tuple
    stationary: np.ndarray
    fixation: np.ndarray
    params: dict = field(default_factory=dict)

    def share(self, strategy: str) -> float:
        """Long-run share of ``strategy`` (0 if it is not available)."""
        if strategy not in self.strategies:
            return 0.0
        return float(self.stationary[self.strategies.index(strategy)])


@constrained(
    strategies=Optional(Function()),
    n_agents=Integer(2, 10_000),
    imitation_strength=Real(0, 1e6),
    **_GAME_CONSTRAINTS,
)
def sanction_rare_mutation(
    strategies=None,
    *,
    n_agents=100,
    imitation_strength=1.0,
    group_size=5,
    synergy=3.0,
    contribution=1.0,
    loner_payoff=1.0,
    pool_fee=0.7,
    pool_fine=0.7,
    peer_cost=0.7,
    peer_fine=0.7,
    second_order=False,
):
    r"""Long-run strategy shares when exploration is rare (Sigmund et al. 2010).

    With rare exploration the population is almost always homogeneous; an explorer
    switches to one of the other :math:`n - 1` available strategies at random and either
    takes over (probability :func:`sanction_fixation_probability`) or dies out. The
    homogeneous states form a Markov chain with transitions
    :math:`T_{kl} = \rho_{kl}/(n-1)`; its stationary distribution is the long-run share of
    each strategy. As :math:`s \to \infty`, Sigmund et al. find
    :math:`(X, Y, Z, V, W) = (6, 6, 4, 1, 3M + 6)/(3M + 23)` without second-order
    punishment (peer punishers win) and :math:`(0, 0, 0, 1, 0)` with it (the
    institution wins).

    Parameters
    ----------
    strategies : callable returning names, or None
        Not a list (the contract's fuzzer must be able to reject junk): pass e.g.
        ``lambda: ("cooperator", "defector", "loner", "pool punisher")``; default: all five.
    n_agents, imitation_strength, ... : see :func:`sanction_fixation_probability`.

    Returns
    -------
    RareMutationResult

    References
    ----------
    Sigmund, K., De Silva, H., Traulsen, A. & Hauert, C. (2010). Social learning promotes
    institutions for governing the commons. *Nature*, 466, 861–863. doi:10.1038/nature09203

    Fudenberg, D. & Imhof, L. A. (2006). Imitation processes with small mutations.
    *Journal of Economic Theory*, 131(1), 251–262. doi:10.1016/j.jet.2005.04.006

    Examples
    --------
    >>> res = sanction_rare_mutation(n_agents=100, imitation_strength=100.0, second_order=True)
    >>> round(res.share("pool punisher"), 3)
    1.0
    """
    names = SANCTION_STRATEGIES if strategies is None else tuple(strategies())
    if (
        len(names) < 2
        or len(set(names)) != len(names)
        or not set(names) <= set(SANCTION_STRATEGIES)
    ):
        raise ValueError(
            f"strategies must return at least two distinct names from {SANCTION_STRATEGIES}"
        )
    if n_agents < group_size:
        raise ValueError(f"n_agents must be at least group_size ({group_size})")
    args = _game_args(
        group_size,
        synergy,
        contribution,
        loner_payoff,
        pool_fee,
        pool_fine,
        peer_cost,
        peer_fine,
        second_order,
    )
    codes = [SANCTION_STRATEGIES.index(name) for name in names]
    n = len(codes)
    log_rho = np.full((n, n), -np.inf)
    for a, k in enumerate(codes):
        for b, m in enumerate(codes):
            if a != b:
                logs = _fixation_log_terms(k, m, n_agents, imitation_strength, args)
                log_rho[a, b] = -logsumexp(np.r_[0.0, logs])
    stationary = _stationary_from_log_rates(log_rho - np.log(n - 1))
    params = dict(
        n_agents=n_agents,
        imitation_strength=imitation_strength,
        group_size=group_size,
        second_order=second_order,
    )
    return RareMutationResult(names, stationary, np.exp(log_rho), params)


def _stationary_from_log_rates(log_rates):
    """Stationary distribution of a Markov chain from the logs of its transition rates.

    The Grassmann–Taksar–Heyman state reduction, done in log space: it only adds and
    multiplies positive numbers, so it stays exact when rates differ by hundreds of
    orders of magnitude (as fixation probabilities do under strong imitation).
    """
    p = np.array(log_rates, dtype=float)
    n = p.shape[0]
    for k in range(n - 1, 0, -1):
        out = logsumexp(p[k, :k])
        p[:k, k] -= out
        for i in range(k):
            for j in range(k):
                if i != j:
                    p[i, j] = np.logaddexp(p[i, j], p[i, k] + p[k, j])
    log_pi = np.zeros(n)
    for j in range(1, n):
        log_pi[j] = logsumexp(log_pi[:j] + p[:j, j])
    return np.exp(log_pi - logsumexp(log_pi))


@dataclass(frozen=True)
class SanctionResult:
    """What :func:`sanctioning_institutions` returns.

    Attributes
    ----------
    times : ndarray of int
        Updates recorded.
    trajectory : ndarray of float, shape (R, 5)
        Share of each strategy at each recorded update.
    time_average : ndarray of float, shape (5,)
        Share of each strategy averaged over every update of the run.
    final : ndarray of int, shape (5,)
        Final counts.
    params : dict
        The parameters used.
    """

    times: np.ndarray
    trajectory: np.ndarray
    time_average: np.ndarray
    final: np.ndarray
    params: dict = field(default_factory=dict)


@njit(cache=True)
def _sanction_kernel(counts, allowed, uniforms, s, mu, average, *game):
    """Updates of the social-learning process on strategy counts (one per row, 4 numbers).

    Row ``(u0, u1, u2, u3)``: with probability ``mu`` (``u0 < mu``) a random player
    (``u1``) explores a random other allowed strategy (``u2``); otherwise a random player
    ``i`` (``u1``) meets a random other player ``j`` (``u2``) and imitates it with
    probability ``1 / (1 + exp(-s (P_j - P_i)))`` (``u3``). Payoffs are recomputed only
    when the counts change. ``average`` accumulates counts over updates.
    """
    m = 0
    for k in range(5):
        m += counts[k]
    n_allowed = allowed.size
    payoffs = _expected_payoffs(counts, *game)
    for t in range(uniforms.shape[0]):
        for k in range(5):
            average[k] += counts[k]
        u0, u1, u2, u3 = uniforms[t, 0], uniforms[t, 1], uniforms[t, 2], uniforms[t, 3]
        # the strategy of player floor(u1 m), players listed strategy by strategy
        x = int(u1 * m)
        si = 0
        while x >= counts[si]:
            x -= counts[si]
            si += 1
        if u0 < mu:
            own = False
            for a in range(n_allowed):
                own = own or allowed[a] == si
            if own:  # a random allowed strategy other than its own
                target = allowed[int(u2 * (n_allowed - 1))]
                if target == si:
                    target = allowed[n_allowed - 1]
            else:
                target = allowed[int(u2 * n_allowed)]
            counts[si] -= 1
            counts[target] += 1
            payoffs = _expected_payoffs(counts, *game)
            continue
        # the model: a random other player (skip player i itself)
        y = int(u2 * (m - 1))
        counts[si] -= 1
        sj = 0
        while y >= counts[sj]:
            y -= counts[sj]
            sj += 1
        counts[si] += 1
        if sj == si:
            continue
        if u3 < 1.0 / (1.0 + math.exp(-s * (payoffs[sj] - payoffs[si]))):
            counts[si] -= 1
            counts[sj] += 1
            payoffs = _expected_payoffs(counts, *game)


@constrained(
    initial_counts=Array(1, min_size=5, max_size=5, low=0, integer=True),
    allowed=Optional(Function()),
    imitation_strength=Real(0, 1e6),
    exploration=Probability(),
    n_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
    step=Optional(Function()),
    **_GAME_CONSTRAINTS,
)
def sanctioning_institutions(
    initial_counts,
    *,
    allowed=None,
    imitation_strength=1.0,
    exploration=0.001,
    n_steps=100_000,
    n_records=200,
    rng=None,
    step=None,
    group_size=5,
    synergy=3.0,
    contribution=1.0,
    loner_payoff=1.0,
    pool_fee=0.7,
    pool_fine=0.7,
    peer_cost=0.7,
    peer_fine=0.7,
    second_order=False,
):
    r"""The individual-based social-learning process of Sigmund et al. (2010).

    A population of :math:`M` players (``initial_counts`` of each strategy; payoffs from
    :func:`sanction_expected_payoffs`). One step is one update: with probability
    :math:`\mu` (``exploration``) a random player switches to a random other allowed
    strategy; otherwise a random player :math:`i` compares its payoff with that of a
    random other player :math:`j` and adopts :math:`j`'s strategy with probability

    .. math:: \frac{1}{1 + e^{-s (P_j - P_i)}}.

    For small :math:`\mu` the time average approaches :func:`sanction_rare_mutation`.

    Parameters
    ----------
    initial_counts : array_like of int, shape (5,)
        Players of each strategy.
    allowed : callable returning names, optional
        The strategies explorers may pick (default: all five), e.g.
        ``lambda: ("cooperator", "defector", "loner", "pool punisher")``.
    imitation_strength : float
        :math:`s`.
    exploration : float
        :math:`\mu`.
    n_steps : int
        Updates (exact); :math:`M` updates make one generation.
    n_records : int
        Recorded intervals.
    rng : Generator, int or None
        Randomness.
    step : callable, optional
        A replacement for one update with the signature of
        :func:`socmodels.rules.trust.social_learning_step` acting on an array of each
        player's strategy (slow: for teaching).
    group_size, synergy, ... : see :func:`sanction_expected_payoffs`.

    Returns
    -------
    SanctionResult

    References
    ----------
    Sigmund, K., De Silva, H., Traulsen, A. & Hauert, C. (2010). Social learning promotes
    institutions for governing the commons. *Nature*, 466, 861–863. doi:10.1038/nature09203

    Examples
    --------
    >>> run = sanctioning_institutions([0, 0, 100, 0, 0], imitation_strength=1.0,
    ...                                second_order=True, n_steps=1_000_000, rng=2)
    >>> int(run.final.sum()), round(float(run.time_average.sum()), 6)
    (100, 1.0)
    >>> SANCTION_STRATEGIES[int(run.final.argmax())]
    'pool punisher'
    """
    counts = initial_counts.astype(np.int64)
    m = int(counts.sum())
    if m < group_size:
        raise ValueError(f"initial_counts must add up to at least group_size ({group_size})")
    names = SANCTION_STRATEGIES if allowed is None else tuple(allowed())
    if len(names) < 2 or not set(names) <= set(SANCTION_STRATEGIES):
        raise ValueError(f"allowed must return at least two names from {SANCTION_STRATEGIES}")
    allowed_codes = np.array(sorted(SANCTION_STRATEGIES.index(x) for x in set(names)))
    game = _game_args(
        group_size,
        synergy,
        contribution,
        loner_payoff,
        pool_fee,
        pool_fine,
        peer_cost,
        peer_fine,
        second_order,
    )
    times = record_times(n_steps, n_records)
    trajectory = np.empty((times.size, 5))
    trajectory[0] = counts / m
    average = np.zeros(5)
    if step is not None:
        players = np.repeat(np.arange(5), counts)

        def payoff(c):
            return _expected_payoffs(np.asarray(c, dtype=np.int64), *game)

    block = 1 << 15
    for row in range(1, times.size):
        todo = int(times[row] - times[row - 1])
        while todo > 0:
            size = min(block, todo)
            if step is None:
                _sanction_kernel(
                    counts,
                    allowed_codes,
                    rng.random((size, 4)),
                    imitation_strength,
                    exploration,
                    average,
                    *game,
                )
            else:
                for _ in range(size):
                    average += np.bincount(players, minlength=5)
                    step(
                        players,
                        payoff,
                        rng,
                        imitation_strength=imitation_strength,
                        exploration=exploration,
                        allowed=allowed_codes,
                    )
                counts = np.bincount(players, minlength=5).astype(np.int64)
            todo -= size
        trajectory[row] = counts / m
    time_average = average / max(n_steps, 1) / m if n_steps else counts / m
    params = dict(
        n_agents=m,
        imitation_strength=imitation_strength,
        exploration=exploration,
        second_order=second_order,
        group_size=group_size,
    )
    return SanctionResult(times, trajectory, time_average, counts, params)
