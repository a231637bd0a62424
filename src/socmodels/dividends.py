"""Who gets the digital dividend? Growth, exchange and sharing models.

Three families of models, all plain functions over arrays:

*Rich get richer* (how a platform market concentrates)
    :func:`platform_growth` — users join platforms with probability proportional to
    ``size**gamma`` (Krapivsky, Redner & Leyvraz 2000), new platforms enter at a constant
    rate (Simon 1955); :func:`simon_size_distribution` is the exact ``gamma = 1`` law.
    :func:`polya_urn` — the same reinforcement without entry: lock-in at a random share.

*Exchange economies* (how a conserved total is divided by trading)
    :func:`random_exchange` (Drăgulescu & Yakovenko 2000), :func:`boltzmann_wealth`
    (unit transfers, two update schedules), :func:`yard_sale` (Chakraborti 2002; with
    redistribution and wealth-attained advantage, Boghosian et al. 2017).

*Sharing rules* (who receives the value that network effects create)
    :func:`share_dividend` splits one period's network dividend by a rule;
    :func:`dividend_economy` lets users move between platforms that reinvest their share.

The models import no plotting code; concentration is measured with
:mod:`socmodels.measures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numba import njit
from scipy import special, stats

from . import measures
from .contract import (
    MAX_AGENTS,
    MAX_ELEMENTS,
    MAX_RECORDS,
    MAX_STEPS,
    MAX_WORK,
    Array,
    Function,
    Integer,
    Optional,
    Options,
    Probability,
    Real,
    Seed,
    check_budget,
    constrained,
    iterate,
    record_times,
    spawn_generators,
)

__all__ = [
    "SHARING_RULES",
    "BoltzmannWealthResult",
    "DividendEconomyResult",
    "DividendSplit",
    "DividendStability",
    "DividendTippingResult",
    "ExchangeResult",
    "MeanFieldWealth",
    "PlatformGrowthResult",
    "PolyaUrnResult",
    "boltzmann_wealth",
    "dividend_economy",
    "dividend_stability",
    "dividend_tipping",
    "platform_growth",
    "polya_urn",
    "random_exchange",
    "share_dividend",
    "simon_size_distribution",
    "size_distribution",
    "synchronous_boltzmann_mean_field",
    "yard_sale",
]

#: Sharing rules understood by :func:`share_dividend` and :func:`dividend_economy`.
SHARING_RULES = ("winner_keeps", "proportional", "flat", "tax_redistribute")
# The rules' codes inside compiled kernels: a rule's position in SHARING_RULES.
WINNER_KEEPS, PROPORTIONAL, FLAT, TAX_REDISTRIBUTE = range(len(SHARING_RULES))
_RULE_CODES = {rule: code for code, rule in enumerate(SHARING_RULES)}

# ---------------------------------------------------------------------------
# Rich get richer: nonlinear preferential attachment with entry, Pólya urn
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformGrowthResult:
    """Outcome of :func:`platform_growth`.

    Attributes
    ----------
    sizes : ndarray of int
        Users of each platform, in order of founding (platform 0 is the first).
    times : ndarray of int
        Steps (numbers of users who have joined) at which ``leader_share`` was recorded,
        log-spaced from 1 to ``n_agents``.
    leader_share : ndarray of float
        Share of all users held by the largest platform at each recorded step.
    params : dict
        ``n_agents``, ``gamma``, ``entry_prob`` and ``n_records``.
    """

    sizes: np.ndarray
    times: np.ndarray
    leader_share: np.ndarray
    params: dict = field(default_factory=dict)


@njit(cache=True)
def _fenwick_add(tree, index, delta):
    i = index + 1
    n = tree.shape[0] - 1
    while i <= n:
        tree[i] += delta
        i += i & (-i)


@njit(cache=True)
def _fenwick_find(tree, target, top_bit):
    # Smallest index whose prefix sum exceeds target (0-based).
    pos = 0
    n = tree.shape[0] - 1
    step = top_bit
    while step > 0:
        nxt = pos + step
        if nxt <= n and tree[nxt] <= target:
            pos = nxt
            target -= tree[nxt]
        step >>= 1
    return pos


@njit(cache=True)
def _growth_kernel(
    start, stop, gamma, entry_prob, entry_u, pick_u, tree, sizes, state, record_at, leader_out
):
    # state = [number of platforms, leader size, next checkpoint slot]; tree[0] holds the total
    n_platforms = state[0]
    leader = state[1]
    next_record = state[2]
    total = tree[0]  # tree[0] is unused by the Fenwick layout; it stores the running total
    top_bit = 1
    while top_bit * 2 <= tree.shape[0] - 1:
        top_bit *= 2
    for t in range(start, stop):
        u = t - start
        if entry_u[u] < entry_prob:
            k = n_platforms
            n_platforms += 1
            sizes[k] = 1
            _fenwick_add(tree, k, 1.0)
            total += 1.0
            if leader < 1:
                leader = 1
        else:
            k = _fenwick_find(tree, pick_u[u] * total, top_bit)
            if k > n_platforms - 1:  # only reachable through rounding at the very top
                k = n_platforms - 1
            old = sizes[k]
            sizes[k] = old + 1
            delta = (old + 1.0) ** gamma - old**gamma
            _fenwick_add(tree, k, delta)
            total += delta
            if old + 1 > leader:
                leader = old + 1
        users = t + 1
        while next_record < record_at.shape[0] and record_at[next_record] == users:
            leader_out[next_record] = leader / users
            next_record += 1
    tree[0] = total
    state[0] = n_platforms
    state[1] = leader
    state[2] = next_record


def _log_record_times(n_steps: int, n_records: int) -> np.ndarray:
    """Up to ``n_records`` log-spaced steps from 1 to ``n_steps`` (a growth process is read
    on a log axis; :func:`socmodels.contract.record_times` is the linear schedule)."""
    return np.unique(np.geomspace(1, n_steps, n_records).round().astype(np.int64))


@constrained(
    n_agents=Integer(1, MAX_AGENTS),
    gamma=Real(0.0, 3.0),
    entry_prob=Probability(),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
)
def platform_growth(
    n_agents, *, gamma=1.0, entry_prob=0.1, n_records=100, rng=None
) -> PlatformGrowthResult:
    r"""Grow a platform market by nonlinear preferential attachment with entry.

    ``n_agents`` users arrive one at a time (sequential schedule; a step is one arrival).
    The first user founds platform 0. Each later user

    * founds a new platform (size 1) with probability ``entry_prob`` :math:`=\alpha`, or
    * joins existing platform :math:`k` with probability

    .. math:: P(k) = \frac{s_k^{\gamma}}{\sum_j s_j^{\gamma}},

    where :math:`s_k` is the platform's current number of users.

    This is the attachment kernel :math:`A_k = k^\gamma` of Krapivsky, Redner & Leyvraz
    (2000) with Simon's (1955) entry of new entities. For :math:`\gamma = 1` it is Simon's
    model, whose size distribution is :func:`simon_size_distribution`; with
    :math:`\alpha = 1/2` that is :math:`4/(k(k+1)(k+2))`, the degree distribution of a
    Barabási–Albert network with :math:`m = 1` (each new node brings one new unit of
    degree and gives one unit to an existing node chosen in proportion to degree).
    For :math:`\gamma < 1` sizes stay small (a stretched-exponential law, a diverse
    market); for :math:`\gamma > 1` one platform captures almost every joining user
    (winner takes all), so its share tends to :math:`1 - \alpha`.

    Sampling uses a Fenwick tree (``O(log n)`` per user) inside a numba kernel; all
    random numbers come from ``rng``.

    Parameters
    ----------
    n_agents : int
        Total number of users.
    gamma : float
        Attachment exponent :math:`\gamma`, in ``[0, 3]``.
    entry_prob : float
        Probability :math:`\alpha` that an arriving user founds a new platform, in [0, 1].
    n_records : int
        Number of (log-spaced) steps at which the leader's share is recorded.
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    PlatformGrowthResult

    References
    ----------
    Krapivsky, P. L., Redner, S. & Leyvraz, F. (2000). Connectivity of growing random
    networks. *Physical Review Letters* 85, 4629–4632.
    https://doi.org/10.1103/PhysRevLett.85.4629
    Simon, H. A. (1955). On a class of skew distribution functions. *Biometrika* 42,
    425–440. https://doi.org/10.1093/biomet/42.3-4.425

    Examples
    --------
    >>> result = platform_growth(10_000, gamma=1.0, entry_prob=0.5, rng=1)
    >>> int(result.sizes.sum())
    10000
    >>> bool(platform_growth(5_000, gamma=2.0, entry_prob=0.1, rng=1).leader_share[-1] > 0.8)
    True
    """
    n_users = n_agents
    record_at = _log_record_times(n_users, n_records)
    leader_out = np.empty(record_at.size)
    sizes = np.zeros(n_users, dtype=np.int64)
    tree = np.zeros(n_users + 1)
    sizes[0] = 1
    _fenwick_add(tree, 0, 1.0)
    tree[0] = 1.0
    state = np.array([1, 1, 0], dtype=np.int64)
    if record_at[0] == 1:
        leader_out[0] = 1.0
        state[2] = 1
    chunk = 1_000_000
    for start in range(1, n_users, chunk):
        stop = min(start + chunk, n_users)
        entry_u = rng.random(stop - start)
        pick_u = rng.random(stop - start)
        _growth_kernel(
            start,
            stop,
            gamma,
            entry_prob,
            entry_u,
            pick_u,
            tree,
            sizes,
            state,
            record_at,
            leader_out,
        )
    return PlatformGrowthResult(
        sizes=sizes[: state[0]].copy(),
        times=record_at,
        leader_share=leader_out,
        params={
            "n_agents": n_agents,
            "gamma": gamma,
            "entry_prob": entry_prob,
            "n_records": n_records,
        },
    )


@constrained(
    k=Array((0, 1), low=1, high=MAX_ELEMENTS, integer=True, max_size=MAX_ELEMENTS),
    entry_prob=Real(0.0, 1.0, high_open=True),
)
def simon_size_distribution(k, *, entry_prob):
    r"""Stationary share of platforms with exactly ``k`` users in Simon's model.

    For the linear (:math:`\gamma = 1`) process of :func:`platform_growth` with entry
    probability :math:`\alpha`, the fraction of platforms of size :math:`k` tends to

    .. math:: f(k) = \rho\, B(k, \rho + 1), \qquad \rho = \frac{1}{1 - \alpha},

    with :math:`B` the Beta function; the tail is a power law :math:`k^{-(1+\rho)}`.
    At :math:`\alpha = 1/2`, :math:`f(k) = 4/(k(k+1)(k+2))`, the Barabási–Albert degree
    distribution :math:`2m(m+1)/(k(k+1)(k+2))` with :math:`m = 1`.

    Parameters
    ----------
    k : int or array_like of int
        Sizes, each >= 1.
    entry_prob : float
        Entry probability :math:`\alpha`, in [0, 1).

    Returns
    -------
    ndarray of float

    References
    ----------
    Simon, H. A. (1955). On a class of skew distribution functions. *Biometrika* 42,
    425–440. https://doi.org/10.1093/biomet/42.3-4.425
    Dorogovtsev, S. N., Mendes, J. F. F. & Samukhin, A. N. (2000). Structure of growing
    networks with preferential linking. *Physical Review Letters* 85, 4633–4636.
    https://doi.org/10.1103/PhysRevLett.85.4633

    Examples
    --------
    >>> simon_size_distribution([1, 2, 3], entry_prob=0.5).round(4).tolist()
    [0.6667, 0.1667, 0.0667]
    """
    rho = 1.0 / (1.0 - entry_prob)
    return rho * special.beta(k, rho + 1.0)


@constrained(sizes=Array(1, low=1, high=MAX_ELEMENTS, integer=True, max_size=MAX_ELEMENTS))
def size_distribution(sizes):
    """Empirical share of platforms of each size: ``(k, f(k))`` for ``k = 1..max``.

    The estimate of :func:`simon_size_distribution` from one market.

    Parameters
    ----------
    sizes : array_like of int
        Platform sizes, each >= 1.

    Returns
    -------
    k, share : ndarray
        Sizes ``1..max(sizes)`` and the fraction of platforms with that size.

    References
    ----------
    Simon, H. A. (1955). On a class of skew distribution functions. *Biometrika* 42,
    425–440. https://doi.org/10.1093/biomet/42.3-4.425

    Examples
    --------
    >>> k, share = size_distribution([1, 1, 2, 4])
    >>> share.tolist()
    [0.5, 0.25, 0.0, 0.25]
    """
    counts = np.bincount(sizes)[1:]
    return np.arange(1, counts.size + 1), counts / sizes.size


@dataclass(frozen=True)
class PolyaUrnResult:
    """Outcome of :func:`polya_urn`.

    Attributes
    ----------
    shares : ndarray, shape (n_runs, n_colours)
        Final share of balls of each colour, per run.
    times : ndarray of int
        Draws (steps) at which ``first_share`` was recorded.
    first_share : ndarray, shape (n_runs, len(times))
        Share of colour 0 over time, per run.
    params : dict
        ``initial_balls``, ``n_steps``, ``gamma``, ``n_runs`` and ``n_records``.
    """

    shares: np.ndarray
    times: np.ndarray
    first_share: np.ndarray
    params: dict = field(default_factory=dict)


@constrained(
    initial_balls=Array(1, min_size=2, max_size=1000, low=1, high=2**40, integer=True),
    n_steps=Integer(1, 10**6),
    gamma=Real(0.0, 3.0),
    n_runs=Integer(1, 10**6),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
)
def polya_urn(
    initial_balls=(1, 1), *, n_steps=1000, gamma=1.0, n_runs=1, n_records=50, rng=None
) -> PolyaUrnResult:
    r"""Run independent (generalised) Pólya urns.

    At each draw, colour :math:`i` is drawn with probability
    :math:`n_i^\gamma / \sum_j n_j^\gamma`, where :math:`n_i` is its number of balls, and
    one ball of that colour is added. With :math:`\gamma = 1` this is Pólya's urn: the
    share of each colour converges to a random limit distributed as
    :math:`\mathrm{Dirichlet}(n_1(0), \dots, n_K(0))` — uniform on [0, 1] for one ball of
    each of two colours. With :math:`\gamma > 1` one colour takes (almost) everything;
    with :math:`\gamma < 1` the shares converge to equality.

    Runs are vectorised: every draw updates all runs at once. Each run has its own
    generator (:func:`socmodels.contract.spawn_generators`), so run ``k`` is the same
    whatever ``n_runs`` is.

    Parameters
    ----------
    initial_balls : sequence of int
        Initial balls of each colour (at least two colours), each >= 1.
    n_steps : int
        Number of draws per run (a step is one draw).
    gamma : float
        Reinforcement exponent, in ``[0, 3]``.
    n_runs : int
        Number of independent urns (``n_runs × n_steps × colours`` at most
        :data:`~socmodels.contract.MAX_WORK`).
    n_records : int
        Draws at which colour 0's share is recorded: ``n_records + 1`` evenly spaced
        (:func:`socmodels.contract.record_times`).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    PolyaUrnResult

    References
    ----------
    Eggenberger, F. & Pólya, G. (1923). Über die Statistik verketteter Vorgänge.
    *Zeitschrift für Angewandte Mathematik und Mechanik* 3, 279–289.
    https://doi.org/10.1002/zamm.19230030407
    Arthur, W. B. (1989). Competing technologies, increasing returns, and lock-in by
    historical events. *The Economic Journal* 99, 116–131. https://doi.org/10.2307/2234208
    Hill, B. M., Lane, D. & Sudderth, W. (1980). A strong law for some generalized urn
    processes. *The Annals of Probability* 8, 214–226. https://doi.org/10.1214/aop/1176994772

    Examples
    --------
    >>> result = polya_urn((1, 1), n_steps=500, n_runs=2000, rng=3)
    >>> round(float(result.shares[:, 0].mean()), 1), round(float(result.shares[:, 0].var()), 2)
    (0.5, 0.08)
    """
    balls = initial_balls
    n_draws = n_steps
    check_budget("n_runs × n_steps × colours", n_runs * n_draws * balls.size)
    record_at = record_times(n_draws, n_records)
    check_budget(
        "n_runs × (n_records + 1)", n_runs * record_at.size, limit=MAX_ELEMENTS, what="memory"
    )
    generators = spawn_generators(rng, n_runs)

    counts = np.tile(balls.astype(float), (n_runs, 1))
    first = np.empty((n_runs, record_at.size))
    rows = np.arange(n_runs)
    first[:, 0] = counts[:, 0] / counts.sum(axis=1)
    slot = 1
    # Each run's uniforms come from its own generator, drawn for a block of draws at once.
    block = max(1, min(n_draws, 2**22 // n_runs))
    for draw in range(1, n_draws + 1):
        if (draw - 1) % block == 0:
            uniforms = np.stack(
                [g.random(min(block, n_draws - draw + 1)) for g in generators], axis=1
            )
        weights = counts if gamma == 1.0 else counts**gamma
        cumulative = np.cumsum(weights, axis=1)
        target = uniforms[(draw - 1) % block] * cumulative[:, -1]
        colour = (cumulative <= target[:, None]).sum(axis=1)
        np.minimum(colour, balls.size - 1, out=colour)
        counts[rows, colour] += 1.0
        if slot < record_at.size and record_at[slot] == draw:
            first[:, slot] = counts[:, 0] / counts.sum(axis=1)
            slot += 1
    shares = counts / counts.sum(axis=1, keepdims=True)
    params = {
        "initial_balls": tuple(int(b) for b in balls),
        "n_steps": n_steps,
        "gamma": gamma,
        "n_runs": n_runs,
        "n_records": n_records,
    }
    return PolyaUrnResult(shares=shares, times=record_at, first_share=first, params=params)


# ---------------------------------------------------------------------------
# Exchange economies
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExchangeResult:
    """Outcome of :func:`random_exchange` or :func:`yard_sale`.

    Attributes
    ----------
    wealth : ndarray
        Final wealth of each agent.
    times : ndarray of int
        Steps (rounds: batches of disjoint trades) at which the records were taken;
        0 = start.
    wealth_history : ndarray, shape (len(times), n_agents)
        Wealth of every agent at each recorded round (for Lorenz curves over time).
    gini : ndarray
        Gini coefficient at each recorded round.
    largest_share : ndarray
        Share of total wealth held by the richest agent at each recorded round.
    trades : int
        Number of pairwise trades performed.
    biased_trades_clipped : float
        Fraction of trades whose win probability had to be clipped to [0, 1]
        (wealth-attained advantage only; 0 otherwise).
    params : dict
        The parameters used (``n_agents``, ``n_steps``, ``n_records`` and the model's).
    """

    wealth: np.ndarray
    times: np.ndarray
    wealth_history: np.ndarray
    gini: np.ndarray
    largest_share: np.ndarray
    trades: int
    biased_trades_clipped: float = 0.0
    params: dict = field(default_factory=dict)


#: Wealth of the exchange models: finite, non-negative, at least two agents.
_WEALTH = Array(1, min_size=2, low=0.0, high=1e300)


def _check_exchange(wealth, n_steps, n_records):
    """Cross-parameter checks of the exchange models, before anything is allocated."""
    if wealth.sum() <= 0:
        raise ValueError("initial_wealth must have a positive total, got 0")
    check_budget("n_agents × n_steps", wealth.size * n_steps)
    check_budget(
        "(n_records + 1) × n_agents",
        (n_records + 1) * wealth.size,
        limit=MAX_ELEMENTS,
        what="memory",
    )


def _run_pair_rounds(wealth, n_rounds, n_records, rng, trade_rounds):
    """Play ``n_rounds`` rounds, each on a fresh uniformly random perfect matching, with one
    uniform random number per pair.

    ``trade_rounds(wealth, orders, uniforms)`` applies consecutive rounds in order: in
    round ``r``, agent ``orders[r, p]`` meets ``orders[r, half + p]`` and uses
    ``uniforms[r, p]`` (one agent sits out when the number of agents is odd). It is
    called once per stretch of rounds between two records, so a compiled kernel can run
    the stretch without returning to Python."""
    record_at = record_times(n_rounds, n_records)
    n_agents = wealth.size
    half = n_agents // 2
    history = np.empty((record_at.size, n_agents))
    history[0] = wealth
    slot = 1
    base = np.arange(n_agents)
    # Coins (and, for small populations, matchings) are drawn for many rounds at once;
    # Generator.permuted is the faster shuffle only for short rows.
    batch_matchings = n_agents <= 512
    chunk = max(1, 2**20 // n_agents)
    done = 0
    while done < n_rounds:
        rounds = min(chunk, n_rounds - done)
        if batch_matchings:
            orders = rng.permuted(np.tile(base, (rounds, 1)), axis=1)
        uniforms = rng.random((rounds, half))
        row = 0
        while row < rounds:
            stop = rounds
            if slot < record_at.size:
                stop = min(stop, row + int(record_at[slot]) - done)
            if batch_matchings:
                block = orders[row:stop]
            else:
                block = np.stack([rng.permutation(n_agents) for _ in range(stop - row)])
            trade_rounds(wealth, block, uniforms[row:stop])
            done += stop - row
            row = stop
            if slot < record_at.size and record_at[slot] == done:
                history[slot] = wealth
                slot += 1
    total = history.sum(axis=1)
    gini = np.array([measures.gini(h) for h in history])
    largest = history.max(axis=1) / total
    return record_at, history, gini, largest


@njit(cache=True)
def _yard_sale_kernel(wealth, orders, uniforms, beta, relax, bias_scale, mean_wealth):
    """Yard-sale trades of consecutive rounds (see :func:`yard_sale`); returns how many
    biased trades had their win probability clipped."""
    half = uniforms.shape[1]
    clipped = 0
    for r in range(orders.shape[0]):
        for p in range(half):
            i = orders[r, p]
            j = orders[r, half + p]
            wi = wealth[i]
            wj = wealth[j]
            stake = beta * min(wi, wj)
            if bias_scale > 0.0:
                eta = bias_scale * (wi - wj)
                if abs(eta) > 1.0:
                    clipped += 1
                first_wins = uniforms[r, p] < 0.5 * (1.0 + eta)
            else:
                first_wins = uniforms[r, p] < 0.5
            transfer = stake if first_wins else -stake
            wealth[i] = wi + transfer
            wealth[j] = wj - transfer
        if relax > 0.0:
            for k in range(wealth.size):
                wealth[k] *= 1.0 - relax
                wealth[k] += relax * mean_wealth
    return clipped


@constrained(
    initial_wealth=_WEALTH,
    n_steps=Integer(0, MAX_STEPS),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
)
def random_exchange(initial_wealth, *, n_steps=300, n_records=20, rng=None) -> ExchangeResult:
    r"""Random exchange with conservation: each trading pair splits its joint wealth at random.

    Update rule (one trade between agents :math:`i` and :math:`j`):

    .. math:: w_i' = \varepsilon\,(w_i + w_j), \qquad w_j' = (1 - \varepsilon)(w_i + w_j),
              \qquad \varepsilon \sim U(0, 1),

    so :math:`w_i + w_j` is conserved. The stationary distribution is the exponential
    (Boltzmann–Gibbs) law :math:`P(w) = e^{-w/\bar w}/\bar w`, whose Gini coefficient is
    1/2 (Drăgulescu & Yakovenko 2000).

    Schedule: *disjoint-pair batches*. Each round draws a uniformly random perfect
    matching of the agents (one sits out if ``n`` is odd) and every pair trades at once.
    This differs from the one-pair-at-a-time schedule only in when trades happen; the
    equilibrium is the same, and exactly so here: the uniform distribution on the
    simplex :math:`\{w \ge 0, \sum w = W\}` is left invariant by every single pair trade
    (given the others, :math:`(w_i, w_j)` is uniform on its segment), hence by any
    composition of pair trades, disjoint or not.

    Parameters
    ----------
    initial_wealth : array_like of float
        Non-negative wealth of each agent (at least 2 agents, positive total).
    n_steps : int
        Number of rounds (a step is one round of ``n // 2`` trades).
    n_records : int
        Number of evenly spaced records of the state (plus the start).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    ExchangeResult

    References
    ----------
    Drăgulescu, A. & Yakovenko, V. M. (2000). Statistical mechanics of money. *The
    European Physical Journal B* 17, 723–729. https://doi.org/10.1007/s100510070114

    Examples
    --------
    >>> result = random_exchange(np.ones(1000), n_steps=200, rng=0)
    >>> round(float(result.gini[-1]), 1)
    0.5
    >>> bool(np.isclose(result.wealth.sum(), 1000.0))
    True
    """
    wealth, n_rounds = initial_wealth, n_steps
    _check_exchange(wealth, n_steps, n_records)

    def trade_rounds(w, orders, uniforms):
        half = uniforms.shape[1]
        for order, coins in zip(orders, uniforms, strict=True):
            first, second = order[:half], order[half : 2 * half]
            pooled = w[first] + w[second]
            split = coins * pooled
            w[first] = split
            w[second] = pooled - split

    rounds, history, gini, largest = _run_pair_rounds(
        wealth, n_rounds, n_records, rng, trade_rounds
    )
    return ExchangeResult(
        wealth=wealth,
        times=rounds,
        wealth_history=history,
        gini=gini,
        largest_share=largest,
        trades=n_rounds * (wealth.size // 2),
        params={"n_agents": wealth.size, "n_steps": n_steps, "n_records": n_records},
    )


@constrained(
    initial_wealth=_WEALTH,
    n_steps=Integer(0, MAX_STEPS),
    trade_fraction=Real(0.0, 1.0, low_open=True),
    redistribution=Real(0.0, 1.0),
    advantage=Real(0.0, 100.0),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
)
def yard_sale(
    initial_wealth,
    *,
    n_steps=2000,
    trade_fraction=0.1,
    redistribution=0.0,
    advantage=0.0,
    n_records=20,
    rng=None,
) -> ExchangeResult:
    r"""The yard-sale model of asset exchange, optionally extended (EYSM).

    One trade between agents :math:`i` and :math:`j` moves

    .. math:: \Delta w = \beta \min(w_i, w_j)

    from the loser to the winner: a fraction :math:`\beta` (``trade_fraction``) of the
    *poorer* party's wealth. Agent :math:`i` wins with probability :math:`(1 + \eta)/2`,

    .. math:: \eta = \zeta\, \beta\, \frac{w_i - w_j}{\bar w}
              \quad\text{(clipped to } [-1, 1]),

    where :math:`\zeta` is the *wealth-attained advantage* (``advantage``) and
    :math:`\bar w = W/N` the mean wealth; :math:`\zeta = 0` is a fair coin (the original
    yard-sale model of Chakraborti 2002 and Hayes 2002). After every round each agent's
    wealth relaxes toward the mean (an Ornstein–Uhlenbeck *redistribution*, a flat wealth
    tax returned as equal transfers):

    .. math:: w_i \leftarrow w_i + \chi\, \Delta t\, (\bar w - w_i),
              \qquad \Delta t = \beta^2 .

    This is the extended yard-sale model of Boghosian et al. (2017) in their time units:
    with trade intensity :math:`\gamma = 1`, a trade of size
    :math:`\sqrt{\gamma\Delta t}\min(w_i, w_j)` lasts :math:`\Delta t = \beta^2`, the bias is
    :math:`\zeta\sqrt{\Delta t/\gamma}\,(w_i - w_j)/\bar w`, and :math:`\chi`, :math:`\zeta`
    are rates per unit time. Their results: without redistribution the Gini coefficient
    rises monotonically to 1 (Boghosian, Johnson & Marcq 2015); with :math:`\zeta < \chi`
    there is a stationary distribution with no oligarch; with :math:`\zeta > \chi` a
    single agent holds the macroscopic fraction :math:`1 - \chi/\zeta` of all wealth.
    The continuum theory needs :math:`|\eta| < 1`; ``biased_trades_clipped`` reports how
    often the bias had to be clipped (keep :math:`\zeta\beta N \lesssim 1`).

    Schedule: *disjoint-pair batches* — each round draws a uniformly random perfect
    matching (one agent sits out if :math:`N` is odd), all pairs trade at once, then
    redistribution is applied. Compared with one pair at a time, every agent still trades
    with a uniformly random partner and each trade is the same two-agent rule; only the
    timing differs (each agent trades exactly once per :math:`\Delta t` instead of at Poisson
    times). Both schedules give the same Boltzmann (kinetic) equation for the wealth
    distribution as :math:`N \to \infty`, hence the same Fokker–Planck limit and the same
    condensation results.

    Parameters
    ----------
    initial_wealth : array_like of float
        Non-negative wealth of each agent (at least 2 agents, positive total).
    n_steps : int
        Number of rounds (a step is one round of ``N // 2`` trades).
    trade_fraction : float
        :math:`\beta`, the fraction of the poorer party's wealth at stake, in (0, 1].
    redistribution : float
        :math:`\chi`, the redistribution rate per unit time, in [0, 1].
    advantage : float
        :math:`\zeta`, the wealth-attained advantage per unit time, in [0, 100].
    n_records : int
        Number of evenly spaced records of the state (plus the start).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    ExchangeResult

    References
    ----------
    Chakraborti, A. (2002). Distributions of money in model markets of economy.
    *International Journal of Modern Physics C* 13, 1315–1321.
    https://doi.org/10.1142/S0129183102003905
    Boghosian, B. M., Johnson, M. & Marcq, J. A. (2015). An H theorem for Boltzmann's
    equation for the yard-sale model of asset exchange. *Journal of Statistical Physics*
    161, 1339–1350. https://doi.org/10.1007/s10955-015-1316-8
    Boghosian, B. M., Devitt-Lee, A., Johnson, M., Li, J., Marcq, J. A. & Wang, H. (2017).
    An economically realistic geometric model of wealth distribution and the Pareto law.
    *Physica A* 476, 15–37. https://doi.org/10.1016/j.physa.2017.01.071

    Examples
    --------
    >>> result = yard_sale(np.ones(1000), n_steps=2000, trade_fraction=0.2, rng=0)
    >>> bool(result.gini[-1] > 0.9), bool(np.isclose(result.wealth.sum(), 1000.0))
    (True, True)
    """
    wealth, n_rounds = initial_wealth, n_steps
    beta, chi, zeta = trade_fraction, redistribution, advantage
    _check_exchange(wealth, n_steps, n_records)

    mean_wealth = wealth.mean()
    relax = chi * beta**2
    bias_scale = zeta * beta / mean_wealth
    clipped = 0

    def trade_rounds(w, orders, uniforms):
        nonlocal clipped
        clipped += _yard_sale_kernel(w, orders, uniforms, beta, relax, bias_scale, mean_wealth)

    rounds, history, gini, largest = _run_pair_rounds(
        wealth, n_rounds, n_records, rng, trade_rounds
    )
    trades = n_rounds * (wealth.size // 2)
    return ExchangeResult(
        wealth=wealth,
        times=rounds,
        wealth_history=history,
        gini=gini,
        largest_share=largest,
        trades=trades,
        biased_trades_clipped=clipped / trades if trades else 0.0,
        params={
            "n_agents": wealth.size,
            "n_steps": n_steps,
            "trade_fraction": beta,
            "redistribution": chi,
            "advantage": zeta,
            "n_records": n_records,
        },
    )


@dataclass(frozen=True)
class BoltzmannWealthResult:
    """Outcome of :func:`boltzmann_wealth`.

    Attributes
    ----------
    wealth : ndarray of int
        Final units of money per agent.
    times : ndarray of int
        Steps at which ``gini`` was recorded (0 = start).
    gini : ndarray
        Gini coefficient at each recorded step.
    schedule : str
        ``"random_sequential"`` or ``"synchronous"``.
    params : dict
        ``n_agents``, ``n_steps``, ``initial_wealth`` and ``n_records``.
    """

    wealth: np.ndarray
    times: np.ndarray
    gini: np.ndarray
    schedule: str
    params: dict = field(default_factory=dict)


@njit(cache=True)
def _boltzmann_sequential_kernel(wealth, orders, receivers):
    for step in range(orders.shape[0]):
        for slot in range(orders.shape[1]):
            agent = orders[step, slot]
            if wealth[agent] >= 1:
                wealth[agent] -= 1
                wealth[receivers[step, slot]] += 1


@constrained(
    n_agents=Integer(2, MAX_AGENTS),
    n_steps=Integer(0, MAX_STEPS),
    schedule=Options("random_sequential", "synchronous"),
    initial_wealth=Integer(1, 10**6),
    n_records=Integer(1, MAX_RECORDS),
    rng=Seed(),
)
def boltzmann_wealth(
    n_agents,
    *,
    n_steps=1000,
    schedule="random_sequential",
    initial_wealth=1,
    n_records=20,
    rng=None,
) -> BoltzmannWealthResult:
    r"""The unit-transfer "Boltzmann wealth" model (the Mesa tutorial's model).

    Every agent starts with ``initial_wealth`` units. In each step every agent that has
    at least one unit gives one unit to an agent drawn uniformly from all :math:`N`
    agents (possibly itself, as in Mesa's tutorial; a gift to oneself changes nothing):

    .. math:: w_i \to w_i - 1, \quad w_j \to w_j + 1 \qquad \text{if } w_i \ge 1 .

    The result depends on the update schedule — two different models:

    ``"random_sequential"``
        Agents act one after another in a fresh random order each step, and each gift
        is applied at once, so an agent may pass on a unit it received earlier in the
        same step (Mesa's ``shuffle_do``). A sequential kernel (numba); the orders and
        receivers are drawn from ``rng``.
    ``"synchronous"``
        All agents decide on their wealth at the start of the step and all gifts are
        applied together: :math:`w \leftarrow w - [w \ge 1] + \text{(gifts received)}`.
        Vectorised NumPy.

    The stationary Gini coefficient is about 0.63 for the random-sequential schedule
    and about 0.58 for the synchronous one (measured with 10 000 agents; 0.580 is also the
    large-N value computed by :func:`synchronous_boltzmann_mean_field`). The first call
    compiles the sequential kernel (about a second); time later calls.
    Compare Drăgulescu & Yakovenko's (2000) fixed-amount exchange, whose continuous-time
    limit is the exponential law.

    Parameters
    ----------
    n_agents : int
        Number of agents.
    n_steps : int
        Number of steps (a step: every agent acts once; ``n_agents × n_steps`` at most
        :data:`~socmodels.contract.MAX_WORK`).
    schedule : {"random_sequential", "synchronous"}
    initial_wealth : int
        Units per agent at the start.
    n_records : int
        Number of evenly spaced Gini records (plus the start).
    rng : numpy.random.Generator, int or None

    Returns
    -------
    BoltzmannWealthResult

    References
    ----------
    Drăgulescu, A. & Yakovenko, V. M. (2000). Statistical mechanics of money. *The
    European Physical Journal B* 17, 723–729. https://doi.org/10.1007/s100510070114
    Kazil, J., Masad, D. & Crooks, A. (2020). Utilizing Python for agent-based modeling:
    the Mesa framework. In *Social, Cultural, and Behavioral Modeling* (SBP-BRiMS 2020),
    308–317. https://doi.org/10.1007/978-3-030-61255-9_30 (the "Boltzmann wealth model"
    tutorial).

    Examples
    --------
    >>> result = boltzmann_wealth(1000, n_steps=100, schedule="synchronous", rng=0)
    >>> int(result.wealth.sum()), result.schedule
    (1000, 'synchronous')
    """
    check_budget("n_agents × n_steps", n_agents * n_steps)
    wealth = np.full(n_agents, initial_wealth, dtype=np.int64)
    record_at = record_times(n_steps, n_records)
    gini = np.empty(record_at.size)
    gini[0] = measures.gini(wealth)
    # Steps between consecutive records; bounded chunks keep the drawn orders small.
    max_chunk = max(1, 4_000_000 // n_agents)
    base_order = np.arange(n_agents)
    done = 0
    for slot in range(1, record_at.size):
        target = int(record_at[slot])
        while done < target:
            steps = min(max_chunk, target - done)
            if schedule == "random_sequential":
                orders = rng.permuted(np.tile(base_order, (steps, 1)), axis=1)
                receivers = rng.integers(0, n_agents, size=(steps, n_agents))
                _boltzmann_sequential_kernel(wealth, orders, receivers)
            else:
                for _ in range(steps):
                    givers = wealth >= 1
                    receivers = rng.integers(0, n_agents, size=int(givers.sum()))
                    wealth -= givers
                    wealth += np.bincount(receivers, minlength=n_agents)
            done += steps
        gini[slot] = measures.gini(wealth)
    params = {
        "n_agents": n_agents,
        "n_steps": n_steps,
        "initial_wealth": initial_wealth,
        "n_records": n_records,
    }
    return BoltzmannWealthResult(
        wealth=wealth, times=record_at, gini=gini, schedule=schedule, params=params
    )


@dataclass(frozen=True)
class MeanFieldWealth:
    """Outcome of :func:`synchronous_boltzmann_mean_field`.

    Attributes
    ----------
    pmf : ndarray
        ``pmf[w]`` is the stationary probability of holding ``w`` units.
    gini : float
        Gini coefficient of that distribution.
    n_steps_run : int
        Iterations of the chain's distribution performed.
    converged : bool
        True if no probability changed by more than ``tol`` in the last iteration.
    params : dict
        ``initial_wealth``, ``max_units``, ``tol`` and ``max_steps``.
    """

    pmf: np.ndarray
    gini: float
    n_steps_run: int
    converged: bool
    params: dict = field(default_factory=dict)


@constrained(
    initial_wealth=Integer(1, 100),
    max_units=Optional(Integer(8, 5000)),
    tol=Real(0.0, 1e-3, low_open=True),
    max_steps=Optional(Integer(1, 1_000_000)),
)
def synchronous_boltzmann_mean_field(
    initial_wealth=1, *, max_units=None, tol=1e-13, max_steps=None
) -> MeanFieldWealth:
    r"""Stationary wealth distribution of the synchronous unit-transfer model as N -> inf.

    In the synchronous schedule of :func:`boltzmann_wealth` an agent with :math:`w \ge 1`
    gives one unit and receives one unit from each of the :math:`\lambda N` givers with
    probability :math:`1/N`, where :math:`\lambda = P(w \ge 1)`. For large :math:`N` the
    number received is Poisson, so one agent's wealth follows the mean-field chain

    .. math:: w' = w - [w \ge 1] + \mathrm{Poisson}(\lambda), \qquad \lambda = P(w \ge 1),

    which conserves the mean. This function iterates the chain's distribution (starting
    from everyone at ``initial_wealth``) to its fixed point with
    :func:`socmodels.contract.iterate`: an independent check of the simulated model.

    Parameters
    ----------
    initial_wealth : int
        Units per agent (the mean wealth).
    max_units : int, optional
        Largest wealth kept in the distribution (default ``40 * initial_wealth + 40``;
        at least ``4 * initial_wealth + 4``).
    tol : float
        Stop when no probability changes by more than this.
    max_steps : int, optional
        Upper bound on the iterations (a step is one update of the distribution);
        ``max_steps × max_units`` at most ``MAX_WORK / 100``. Default: 100 000, or that
        bound if it is smaller.

    Returns
    -------
    MeanFieldWealth

    References
    ----------
    Drăgulescu, A. & Yakovenko, V. M. (2000). Statistical mechanics of money. *The
    European Physical Journal B* 17, 723–729. https://doi.org/10.1007/s100510070114

    Examples
    --------
    >>> field = synchronous_boltzmann_mean_field()
    >>> round(field.gini, 3), round(float(field.pmf[0]), 4), field.converged  # P(0) = √2 − 1
    (0.58, 0.4142, True)
    """
    if max_units is None:
        max_units = 40 * initial_wealth + 40
    max_units = Integer(4 * initial_wealth + 4, 5000).check("max_units", max_units)
    # One step convolves max_units entries with the Poisson pmf's ~180 nonzero ones.
    step_budget = MAX_WORK // 100
    if max_steps is None:
        max_steps = min(100_000, step_budget // max_units)
    check_budget("max_steps × max_units", max_steps * max_units, limit=step_budget)
    units = np.arange(max_units)
    start = np.zeros(max_units)
    start[initial_wealth] = 1.0

    def chain_step(pmf):
        after_giving = np.zeros(max_units)
        after_giving[0] = pmf[0] + pmf[1]
        after_giving[1:-1] = pmf[2:]
        received = stats.poisson.pmf(units, 1.0 - pmf[0])
        # Beyond ~180 units the pmf underflows to exactly 0: dropping those zeros changes
        # no sum and makes the convolution linear in max_units.
        received = received[: np.flatnonzero(received)[-1] + 1]
        updated = np.convolve(after_giving, received)[:max_units]
        return updated / updated.sum()

    # Only the end state is needed: record the start and the last step.
    run = iterate(chain_step, start, max_steps=max_steps, tol=tol, record_every=max_steps)
    pmf = run.final
    mean = (pmf * units).sum()
    spread = (pmf[:, None] * pmf[None, :] * np.abs(units[:, None] - units[None, :])).sum()
    return MeanFieldWealth(
        pmf=pmf,
        gini=float(spread / (2 * mean)),
        n_steps_run=run.n_steps_run,
        converged=run.converged,
        params={
            "initial_wealth": initial_wealth,
            "max_units": max_units,
            "tol": tol,
            "max_steps": max_steps,
        },
    )


# ---------------------------------------------------------------------------
# Sharing the network dividend
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DividendSplit:
    """One period's network dividend and who receives it (:func:`share_dividend`).

    Attributes
    ----------
    total : float
        The dividend :math:`D = \\sum_k v_k` created by network effects.
    platform_income : ndarray
        Income of each platform's owner.
    income_per_user : float
        Income of every user (all users receive the same).
    params : dict
        ``rule``, ``tax_rate`` and ``network_exponent``.
    """

    total: float
    platform_income: np.ndarray
    income_per_user: float
    params: dict = field(default_factory=dict)


@constrained(
    platform_users=Array(1, low=0.0, high=1e15, max_size=10**5),
    rule=Options(*SHARING_RULES),
    tax_rate=Probability(),
    network_exponent=Real(1.0, 3.0),
)
def share_dividend(
    platform_users, *, rule="winner_keeps", tax_rate=0.5, network_exponent=2.0
) -> DividendSplit:
    r"""Create one period's network dividend and split it by a sharing rule.

    A platform with :math:`s_k` of the :math:`N` users creates the value

    .. math:: v_k = s_k \left(\frac{s_k}{N}\right)^{a - 1},

    where :math:`a` is ``network_exponent``: :math:`a = 2` is Metcalfe's law (value grows
    with the number of possible connections, :math:`v_k = s_k^2/N`, so the total
    :math:`D = \sum_k v_k = N \cdot \mathrm{HHI}`); :math:`a = 1` means no network effect.
    The rules:

    ``"winner_keeps"``
        Each platform keeps the value it creates, :math:`p_k = v_k`; users get nothing.
        Because :math:`v_k` grows faster than :math:`s_k`, the largest platform gets a
        larger share of the dividend than of the users.
    ``"proportional"``
        Platforms pool the dividend and each gets a share equal to its share of users,
        :math:`p_k = D\, s_k / N` (as under interoperability); users get nothing.
    ``"flat"``
        The whole dividend is paid out equally to users, :math:`D/N` each; platforms
        keep nothing.
    ``"tax_redistribute"``
        Platforms keep :math:`(1 - \tau) v_k`; the tax :math:`\tau D` is paid out
        equally to users.

    In every rule :math:`\sum_k p_k + N \cdot (\text{income per user}) = D`.

    Parameters
    ----------
    platform_users : array_like of int
        Users of each platform (non-negative, positive total).
    rule : {"winner_keeps", "proportional", "flat", "tax_redistribute"}
    tax_rate : float
        :math:`\tau` for ``"tax_redistribute"``, in [0, 1].
    network_exponent : float
        :math:`a`, in [1, 3].

    Returns
    -------
    DividendSplit

    References
    ----------
    Shapiro, C. & Varian, H. R. (1999). *Information Rules: A Strategic Guide to the
    Network Economy*, ch. 7 (network effects, Metcalfe's law). Boston: Harvard Business
    School Press. ISBN 978-0-87584-863-1.

    Examples
    --------
    >>> split = share_dividend([30, 10], rule="winner_keeps")
    >>> split.total, split.platform_income.tolist(), split.income_per_user
    (25.0, [22.5, 2.5], 0.0)
    >>> share_dividend([30, 10], rule="flat").income_per_user
    0.625
    """
    if platform_users.sum() <= 0:
        raise ValueError("platform_users must have a positive total, got 0")
    return _split_dividend(platform_users, rule, tax_rate, network_exponent)


def _split_dividend(users, rule, tax_rate, exponent) -> DividendSplit:
    """:func:`share_dividend` on validated arguments (the economy's inner loop)."""
    platform = np.empty(users.size)
    total = _platform_income(users, _RULE_CODES[rule], tax_rate, exponent, platform)
    to_users = {"flat": total, "tax_redistribute": tax_rate * total}.get(rule, 0.0)
    return DividendSplit(
        total=total,
        platform_income=platform,
        income_per_user=float(to_users / users.sum()),
        params={"rule": rule, "tax_rate": tax_rate, "network_exponent": exponent},
    )


@njit(cache=True)
def _platform_income(users, rule, tax_rate, exponent, income):
    r"""One period's network dividend and the platforms' part of it: the rule of
    :func:`share_dividend`, compiled, so the economy and the tipping ensemble share it.

    Parameters
    ----------
    users : ndarray of int or float
        Users :math:`s_k` of each platform (positive total).
    rule : int
        Code of the sharing rule (``WINNER_KEEPS``, ``PROPORTIONAL``, ``FLAT`` or
        ``TAX_REDISTRIBUTE``: its position in :data:`SHARING_RULES`).
    tax_rate, exponent : float
        :math:`\tau` and the network exponent :math:`a`.
    income : ndarray of float
        Filled with each platform's income :math:`p_k`.

    Returns
    -------
    float
        The total dividend :math:`D = \sum_k s_k (s_k/N)^{a-1}`; what the platforms do not
        get, :math:`D - \sum_k p_k`, is paid out equally to the users.
    """
    n_total = users.sum()
    total = 0.0
    for k in range(users.size):
        value = users[k] * (users[k] / n_total) ** (exponent - 1.0)
        income[k] = value
        total += value
    for k in range(users.size):
        if rule == PROPORTIONAL:
            income[k] = total * users[k] / n_total
        elif rule == FLAT:
            income[k] = 0.0
        elif rule == TAX_REDISTRIBUTE:
            income[k] *= 1.0 - tax_rate
    return total


@njit(cache=True)
def _move_users(gen, users, income, gamma, switch_rate, attract):
    r"""The moves of one period of :func:`dividend_economy`, in place on ``users``.

    Platform :math:`k`'s pull is :math:`A_k = (s_k + p_k)^\gamma` (0 for a platform with
    no users and no income); each platform loses :math:`\mathrm{Binomial}(s_k, r)` users,
    and the pooled movers are split by a multinomial draw with probabilities
    :math:`A_k/\sum_j A_j`. The draws are NumPy's own, in NumPy's order —
    ``gen.binomial(users, r)``, then ``gen.multinomial(movers, A / A.sum())``, which NumPy
    draws as conditional binomials, each on the share of probability not yet used — so this
    compiled period and the readable :func:`socmodels.rules.dividends.dividend_period_rule`
    give the same run for the same generator.

    Parameters
    ----------
    gen : numpy.random.Generator
    users : ndarray of int64
        Users of each platform; updated.
    income : ndarray of float
        This period's platform incomes :math:`p_k` (:func:`_platform_income`).
    gamma, switch_rate : float
        :math:`\gamma` and the probability :math:`r` that a user reconsiders.
    attract : ndarray of float
        Scratch space of the same length (the pulls :math:`A_k`).
    """
    n_platforms = users.size
    total = 0.0
    for k in range(n_platforms):
        pull = users[k] + income[k]
        attract[k] = pull**gamma if pull > 0.0 else 0.0  # 0**0 would revive a dead platform
        total += attract[k]
    movers = 0
    for k in range(n_platforms):
        leave = gen.binomial(users[k], switch_rate)
        users[k] -= leave
        movers += leave
    unused = 1.0  # the probability not yet used, as NumPy's multinomial keeps it
    for k in range(n_platforms - 1):
        share = attract[k] / total
        # NumPy divides share / unused unchecked; rounding can push the ratio past 1, where
        # NumPy's binomial gives every mover in the same one draw as at 1
        p = 0.0 if share <= 0.0 else (1.0 if share >= unused else share / unused)
        got = gen.binomial(movers, p)
        users[k] += got
        movers -= got
        if movers <= 0:
            break
        unused -= share
    if movers > 0:
        users[n_platforms - 1] += movers


@dataclass(frozen=True)
class DividendEconomyResult:
    """Outcome of :func:`dividend_economy`.

    Attributes
    ----------
    times : ndarray of int, shape (n_steps + 1,)
        Periods (steps) of the rows of ``platform_users``: 0 (the start) to ``n_steps``.
    platform_users : ndarray of int, shape (n_steps + 1, n_platforms)
        Users of each platform at the start and after every period.
    platform_income : ndarray
        Cumulative income of each platform's owner.
    user_income : float
        Cumulative income of each user (all users receive the same).
    dividend : ndarray
        Total dividend :math:`D` created in each period.
    hhi, leader_share, effective_platforms : ndarray
        Concentration of users over platforms after every period (start included).
    rule : str
        The sharing rule used.
    params : dict
        The parameters used.
    """

    times: np.ndarray
    platform_users: np.ndarray
    platform_income: np.ndarray
    user_income: float
    dividend: np.ndarray
    hhi: np.ndarray
    leader_share: np.ndarray
    effective_platforms: np.ndarray
    rule: str
    params: dict = field(default_factory=dict)

    @property
    def n_agents(self) -> int:
        """Number of users."""
        return int(self.platform_users[0].sum())

    def incomes(self) -> np.ndarray:
        """Cumulative income of every person: the N users, then the platform owners."""
        return np.concatenate([np.full(self.n_agents, self.user_income), self.platform_income])

    @property
    def users_share_of_dividend(self) -> float:
        """Fraction of the total dividend paid to users."""
        return float(self.n_agents * self.user_income / self.dividend.sum())

    def welfare(self) -> float:
        """Utilitarian welfare with log utility: mean over all persons (users and platform
        owners) of :math:`\\log(1 + \\text{income per period})`. It rewards a larger dividend
        but, being concave, also a more equal division of it."""
        per_period = self.incomes() / max(self.dividend.size, 1)
        return float(np.mean(np.log1p(per_period)))

    def viable_platforms(self, min_share=0.01) -> int:
        """Platforms holding at least ``min_share`` of users at the end."""
        min_share = Probability().check("min_share", min_share)
        final = self.platform_users[-1]
        return int(np.count_nonzero(final >= min_share * final.sum()))


@constrained(
    n_agents=Integer(2, 10**8),
    n_platforms=Integer(2, 10**5),
    n_steps=Integer(0, MAX_STEPS),
    rule=Options(*SHARING_RULES),
    gamma=Real(0.0, 3.0),
    tax_rate=Probability(),
    switch_rate=Real(0.0, 1.0, low_open=True),
    network_exponent=Real(1.0, 3.0),
    initial_users=Optional(Array(1, min_size=2, max_size=10**5, low=0, integer=True)),
    step=Optional(Function()),
    rng=Seed(),
)
def dividend_economy(
    n_agents=10_000,
    n_platforms=20,
    n_steps=600,
    *,
    rule="winner_keeps",
    gamma=1.0,
    tax_rate=0.5,
    switch_rate=0.1,
    network_exponent=2.0,
    initial_users=None,
    step=None,
    rng=None,
) -> DividendEconomyResult:
    r"""Platforms compete for users and reinvest their share of the network dividend.

    A model composed for this book from the pieces above (not a published model).
    State: the number of users :math:`s_k` of each of :math:`M` platforms
    (``n_platforms``), shared by :math:`N` users (``n_agents``). Each period (a step;
    synchronous schedule):

    1. Network effects create the dividend and the sharing rule splits it
       (:func:`share_dividend`): platform income :math:`p_k`, equal income for users.
    2. Each platform turns its income into pull, one unit of income counting like one
       user, so its attractiveness is (the Krapivsky–Redner–Leyvraz kernel)

       .. math:: A_k = (s_k + p_k)^{\gamma}.

    3. Each user independently reconsiders with probability ``switch_rate`` and picks a
       platform with probability :math:`A_k / \sum_j A_j` (possibly the same one):
       platform :math:`k` loses :math:`\mathrm{Binomial}(s_k, \text{switch\_rate})` users
       and the pooled movers are split by a multinomial draw. A platform with no users
       and no income has :math:`A_k = 0` and has left the market for good.

    Under ``"flat"`` and ``"proportional"`` the attractiveness is proportional to
    :math:`s_k^\gamma` (for ``"proportional"``, :math:`p_k = s_k \cdot D/N`), so the
    platform dynamics coincide; the rules differ in who is paid. Under ``"winner_keeps"``
    with Metcalfe's law, :math:`A_k = (s_k (1 + s_k/N))^\gamma` grows faster than
    :math:`s_k^\gamma`: the dividend adds increasing returns on top of :math:`\gamma`.

    Parameters
    ----------
    n_agents : int
        Number of users.
    n_platforms : int
        Number of platforms.
    n_steps : int
        Number of periods (``(n_steps + 1) × n_platforms`` at most
        :data:`~socmodels.contract.MAX_ELEMENTS`).
    rule : {"winner_keeps", "proportional", "flat", "tax_redistribute"}
    gamma : float
        Attachment exponent, in [0, 3].
    tax_rate : float
        Tax for ``"tax_redistribute"``, in [0, 1].
    switch_rate : float
        Probability that a user reconsiders in a period, in (0, 1].
    network_exponent : float
        Exponent of the network value, in [1, 3] (2 = Metcalfe).
    initial_users : array_like of int, optional
        Users of each platform at the start (length ``n_platforms``, summing to
        ``n_agents``). Default: as equal as possible.
    step : callable, optional
        A custom period, called as ``step(users, rule, tax_rate, gamma, switch_rate,
        network_exponent, rng)`` and returning the new users of each platform (same
        total); the dividend and incomes are still computed by the sharing rule. The
        default is a compiled period that draws the same random numbers in the same order
        as the readable :func:`socmodels.rules.dividends.dividend_period_rule` (the tests
        check both give the same run); :func:`dividend_tipping` runs the same period.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    DividendEconomyResult

    References
    ----------
    Krapivsky, P. L., Redner, S. & Leyvraz, F. (2000). Connectivity of growing random
    networks. *Physical Review Letters* 85, 4629–4632.
    https://doi.org/10.1103/PhysRevLett.85.4629
    Shapiro, C. & Varian, H. R. (1999). *Information Rules: A Strategic Guide to the
    Network Economy*. Boston: Harvard Business School Press. ISBN 978-0-87584-863-1.

    Examples
    --------
    >>> result = dividend_economy(2000, 10, 50, rule="flat", rng=0)
    >>> int(result.platform_users[-1].sum()), round(result.users_share_of_dividend, 2)
    (2000, 1.0)
    """
    n_users, n_periods = n_agents, n_steps
    check_budget(
        "(n_steps + 1) × n_platforms",
        (n_steps + 1) * n_platforms,
        limit=MAX_ELEMENTS,
        what="memory",
    )
    if initial_users is None:
        users = np.full(n_platforms, n_users // n_platforms, dtype=np.int64)
        users[: n_users % n_platforms] += 1
    else:
        users = initial_users
        if users.size != n_platforms or users.sum() != n_users:
            raise ValueError(
                f"initial_users must have n_platforms={n_platforms} entries summing to "
                f"n_agents={n_users}, got {users.size} entries summing to {users.sum()}"
            )

    history = np.empty((n_periods + 1, n_platforms), dtype=np.int64)
    history[0] = users
    platform_income = np.zeros(n_platforms)
    user_income = 0.0
    dividend = np.empty(n_periods)
    scratch = np.empty(n_platforms)
    for t in range(n_periods):
        split = _split_dividend(users, rule, tax_rate, network_exponent)
        dividend[t] = split.total
        platform_income += split.platform_income
        user_income += split.income_per_user
        if step is not None:
            users = np.asarray(
                step(users, rule, tax_rate, gamma, switch_rate, network_exponent, rng),
                dtype=np.int64,
            )
            if users.shape != (n_platforms,) or users.sum() != n_users or users.min() < 0:
                raise ValueError(
                    f"step must return {n_platforms} non-negative user counts summing to "
                    f"{n_users}, got {users!r}"
                )
        else:
            users = users.copy()
            _move_users(rng, users, split.platform_income, gamma, switch_rate, scratch)
        history[t + 1] = users
    # measures.hhi / measures.effective_number on every row, through their unchecked
    # bodies (__wrapped__): the rows are valid by construction, and checking each of the
    # n_steps + 1 rows again cost more than the dynamics.
    hhi, effective_number = measures.hhi.__wrapped__, measures.effective_number.__wrapped__
    return DividendEconomyResult(
        times=np.arange(n_periods + 1),
        platform_users=history,
        platform_income=platform_income,
        user_income=user_income,
        dividend=dividend,
        hhi=np.array([hhi(row) for row in history]),
        leader_share=history.max(axis=1) / n_users,
        effective_platforms=np.array([effective_number(row) for row in history]),
        rule=rule,
        params={
            "n_agents": n_agents,
            "n_platforms": n_platforms,
            "n_steps": n_steps,
            "rule": rule,
            "gamma": gamma,
            "tax_rate": tax_rate,
            "switch_rate": switch_rate,
            "network_exponent": network_exponent,
        },
    )


# ---------------------------------------------------------------------------
# Does the equal market tip? Linear stability and long replicated runs
# ---------------------------------------------------------------------------


def _kept_fraction(rule, tax_rate):
    """The fraction c of its own value v_k that feeds a platform's pull beyond s_k
    (``"flat"`` and ``"proportional"`` add nothing that depends on the platform's size)."""
    return {"winner_keeps": 1.0, "tax_redistribute": 1.0 - tax_rate}.get(rule, 0.0)


@dataclass(frozen=True)
class DividendStability:
    """Linear stability of the equal-share state of :func:`dividend_economy`
    (:func:`dividend_stability`).

    Attributes
    ----------
    elasticity : float
        :math:`\\varepsilon = d\\ln A_k / d\\ln s_k` at equal shares.
    eigenvalue : float
        :math:`\\lambda = 1 - r + r\\varepsilon`: a small difference between platforms'
        shares is multiplied by :math:`\\lambda` each period (in expectation).
    stable : bool
        True if :math:`\\lambda < 1` (differences shrink: the market stays diverse).
    growth_rate : float
        :math:`\\lambda - 1`, the relative change of a small difference per period;
        :math:`1/\\ln\\lambda` periods make it grow by a factor :math:`e` when
        :math:`\\lambda > 1`.
    critical_gamma : float
        The attachment exponent above which equal shares are unstable under this rule.
    critical_tax : float
        The smallest tax under which ``"tax_redistribute"`` keeps equal shares stable at
        this ``gamma`` (whatever ``rule`` is): 0 if every tax does; 1 if no tax below 1
        does (for :math:`\\gamma > 1` not even :math:`\\tau = 1` does).
    params : dict
    """

    elasticity: float
    eigenvalue: float
    stable: bool
    growth_rate: float
    critical_gamma: float
    critical_tax: float
    params: dict = field(default_factory=dict)


@constrained(
    n_platforms=Integer(2, 10**5),
    rule=Options(*SHARING_RULES),
    gamma=Real(0.0, 3.0),
    tax_rate=Probability(),
    switch_rate=Real(0.0, 1.0, low_open=True),
    network_exponent=Real(1.0, 3.0),
)
def dividend_stability(
    n_platforms=20,
    *,
    rule="winner_keeps",
    gamma=1.0,
    tax_rate=0.5,
    switch_rate=0.1,
    network_exponent=2.0,
) -> DividendStability:
    r"""Is the equal-share market of :func:`dividend_economy` stable?

    In expectation (many users) the shares :math:`x_k = s_k/N` follow the map

    .. math:: x_k' = (1 - r)\, x_k + r\, \frac{A_k}{\sum_j A_j}, \qquad
              A_k \propto \bigl(x_k + c\, x_k^{a}\bigr)^{\gamma},

    with :math:`r` the switch rate, :math:`a` the network exponent and :math:`c` the fraction
    of its own value a platform keeps (1 for winner keeps, :math:`1 - \tau` for tax and
    redistribute, 0 for flat and proportional sharing, whose pull is proportional to
    :math:`s_k^\gamma`). At equal shares :math:`x_k = 1/M` a small difference
    :math:`\delta_k` (summing to zero) is multiplied each period by

    .. math:: \lambda = 1 - r + r\,\varepsilon, \qquad
              \varepsilon = \gamma\, \frac{1 + a q}{1 + q}, \qquad q = c\, M^{1-a},

    the elasticity :math:`\varepsilon` of :math:`A_k` with respect to :math:`s_k`. Equal
    shares are stable iff :math:`\varepsilon < 1`, i.e.
    :math:`\gamma < (1 + q)/(1 + a q)`. With :math:`\gamma = 1` and :math:`a > 1` every
    rule that lets platforms keep part of their value (:math:`c > 0`, any tax below 1)
    is unstable: the tax lengthens the time to tip, :math:`1/\ln\lambda`, but does not
    stop it.

    Parameters
    ----------
    n_platforms : int
        :math:`M`.
    rule : {"winner_keeps", "proportional", "flat", "tax_redistribute"}
    gamma : float
        Attachment exponent, in [0, 3].
    tax_rate : float
        :math:`\tau` for ``"tax_redistribute"``.
    switch_rate : float
        :math:`r`, in (0, 1].
    network_exponent : float
        :math:`a`, in [1, 3].

    Returns
    -------
    DividendStability

    References
    ----------
    Krapivsky, P. L., Redner, S. & Leyvraz, F. (2000). Connectivity of growing random
    networks. *Physical Review Letters* 85, 4629–4632.
    https://doi.org/10.1103/PhysRevLett.85.4629

    Examples
    --------
    >>> s = dividend_stability(20, rule="tax_redistribute", gamma=1.0, tax_rate=0.9)
    >>> s.stable, round(1 / np.log(s.eigenvalue))  # periods for a factor e
    (False, 2010)
    >>> dividend_stability(20, rule="flat", gamma=0.9).stable
    True
    """
    a, m = network_exponent, n_platforms
    q = _kept_fraction(rule, tax_rate) * m ** (1.0 - a)
    elasticity = gamma * (1.0 + a * q) / (1.0 + q)
    eigenvalue = 1.0 - switch_rate + switch_rate * elasticity
    # gamma (1 + a q) / (1 + q) = 1  <=>  q* = (1 - gamma) / (a gamma - 1)
    if gamma * a <= 1.0:
        critical_tax = 0.0  # A_k grows at most like s_k: stable at any tax
    elif gamma >= 1.0:
        critical_tax = 1.0  # no tax below 1 is enough
    else:
        kept = (1.0 - gamma) / (a * gamma - 1.0) * m ** (a - 1.0)
        critical_tax = max(0.0, 1.0 - kept)
    return DividendStability(
        elasticity=float(elasticity),
        eigenvalue=float(eigenvalue),
        stable=bool(eigenvalue < 1.0),
        growth_rate=float(eigenvalue - 1.0),
        critical_gamma=float((1.0 + q) / (1.0 + a * q)),
        critical_tax=float(critical_tax),
        params={
            "n_platforms": n_platforms,
            "rule": rule,
            "gamma": gamma,
            "tax_rate": tax_rate,
            "switch_rate": switch_rate,
            "network_exponent": network_exponent,
        },
    )


@njit(cache=True)
def _tipping_run(gen, start, max_steps, rule, tax_rate, gamma, exponent, switch_rate, tip_share):
    """One run of :func:`dividend_economy`'s periods from ``start`` until the leader holds
    ``tip_share`` of the users or ``max_steps`` periods have run, keeping no history.

    Each period is :func:`_platform_income` then :func:`_move_users`, the economy's own
    period, so the run is :func:`dividend_economy`'s for the same generator. ``rule`` is a
    sharing rule's code; the other arguments are :func:`dividend_tipping`'s. Returns the
    final users, the tipping period (-1 if none) and the number of periods run.
    """
    users = start.copy()
    n_users = users.sum()
    income = np.empty(users.size)
    attract = np.empty(users.size)
    for t in range(1, max_steps + 1):
        _platform_income(users, rule, tax_rate, exponent, income)
        _move_users(gen, users, income, gamma, switch_rate, attract)
        if users.max() >= tip_share * n_users:
            return users, t, t
    return users, -1, max_steps


@dataclass(frozen=True)
class DividendTippingResult:
    """Outcome of :func:`dividend_tipping`: one row per run.

    Attributes
    ----------
    tipping_time : ndarray of int
        First period at which the leader held at least ``tip_share`` of users; -1 if the
        run reached ``max_steps`` first.
    final_users : ndarray of int, shape (n_runs, n_platforms)
        Users of each platform when the run stopped.
    periods_run : ndarray of int
        Periods each run lasted.
    leader_share, effective_platforms : ndarray
        Concentration when the run stopped.
    welfare : ndarray
        Welfare of one period's incomes in the state reached: the mean over the :math:`N`
        users and :math:`M` owners of :math:`\\log(1 + \\text{income})`
        (:meth:`DividendEconomyResult.welfare` for a market that stays in that state).
    dividend_per_user : ndarray
        One period's dividend per user, :math:`D/N = \\mathrm{HHI}` (Metcalfe), in that state.
    params : dict
    """

    tipping_time: np.ndarray
    final_users: np.ndarray
    periods_run: np.ndarray
    leader_share: np.ndarray
    effective_platforms: np.ndarray
    welfare: np.ndarray
    dividend_per_user: np.ndarray
    params: dict = field(default_factory=dict)

    @property
    def tipped(self) -> np.ndarray:
        """True for runs that tipped before ``max_steps``."""
        return self.tipping_time >= 0


@constrained(
    n_agents=Integer(2, 10**8),
    n_platforms=Integer(2, 10**4),
    rule=Options(*SHARING_RULES),
    gamma=Real(0.0, 3.0),
    tax_rate=Probability(),
    switch_rate=Real(0.0, 1.0, low_open=True),
    network_exponent=Real(1.0, 3.0),
    n_runs=Integer(1, 10**4),
    max_steps=Integer(1, MAX_STEPS),
    tip_share=Real(0.0, 1.0, low_open=True),
    rng=Seed(),
)
def dividend_tipping(
    n_agents=10_000,
    n_platforms=20,
    *,
    rule="winner_keeps",
    gamma=1.0,
    tax_rate=0.5,
    switch_rate=0.1,
    network_exponent=2.0,
    n_runs=10,
    max_steps=20_000,
    tip_share=0.99,
    rng=None,
) -> DividendTippingResult:
    r"""Run :func:`dividend_economy` from equal shares until the market tips, many times.

    Each run is :func:`dividend_economy`'s, period for period — the same compiled period
    (the sharing rule's incomes, then who reconsiders and where they go) drawing the same
    random numbers — but keeps no history: run ``r`` gets the ``r``-th child generator of
    ``rng`` (:func:`~socmodels.contract.spawn_generators`) and is ``dividend_economy(...,
    rng=child)`` cut at its tipping period. Each run stops at
    the first period in which the largest platform holds at least ``tip_share`` of the
    users — under a rule that lets platforms keep part of their value, a tipped market
    does not come back, because a small platform's pull grows more slowly than its share —
    or after ``max_steps`` periods (the upper bound; ``tipping_time`` is then -1).

    Parameters
    ----------
    n_agents, n_platforms, rule, gamma, tax_rate, switch_rate, network_exponent
        As in :func:`dividend_economy`.
    n_runs : int
        Independent runs (``n_runs × max_steps × n_platforms`` at most
        :data:`~socmodels.contract.MAX_WORK`).
    max_steps : int
        Upper bound on the periods of a run.
    tip_share : float
        Leader's share that counts as tipped, in (0, 1].
    rng : numpy.random.Generator, int or None

    Returns
    -------
    DividendTippingResult

    References
    ----------
    Krapivsky, P. L., Redner, S. & Leyvraz, F. (2000). Connectivity of growing random
    networks. *Physical Review Letters* 85, 4629–4632.
    https://doi.org/10.1103/PhysRevLett.85.4629
    Shapiro, C. & Varian, H. R. (1999). *Information Rules: A Strategic Guide to the
    Network Economy*. Boston: Harvard Business School Press. ISBN 978-0-87584-863-1.

    Examples
    --------
    >>> result = dividend_tipping(2000, 10, rule="winner_keeps", n_runs=3, rng=0)
    >>> bool(result.tipped.all()), bool((result.leader_share >= 0.99).all())
    (True, True)
    """
    check_budget("n_runs × max_steps × n_platforms", n_runs * max_steps * n_platforms)
    start = np.full(n_platforms, n_agents // n_platforms, dtype=np.int64)
    start[: n_agents % n_platforms] += 1
    final = np.empty((n_runs, n_platforms), dtype=np.int64)
    tip_time = np.empty(n_runs, dtype=np.int64)
    periods = np.empty(n_runs, dtype=np.int64)
    for run, gen in enumerate(spawn_generators(rng, n_runs)):
        final[run], tip_time[run], periods[run] = _tipping_run(
            gen,
            start,
            max_steps,
            _RULE_CODES[rule],
            float(tax_rate),
            float(gamma),
            float(network_exponent),
            float(switch_rate),
            float(tip_share),
        )
    welfare, dividend = np.empty(n_runs), np.empty(n_runs)
    for run, users in enumerate(final):
        split = _split_dividend(users, rule, tax_rate, network_exponent)
        incomes = np.concatenate([np.full(n_agents, split.income_per_user), split.platform_income])
        welfare[run] = np.mean(np.log1p(incomes))
        dividend[run] = split.total / n_agents
    shares = final / n_agents
    return DividendTippingResult(
        tipping_time=tip_time,
        final_users=final,
        periods_run=periods,
        leader_share=shares.max(axis=1),
        effective_platforms=1.0 / (shares**2).sum(axis=1),
        welfare=welfare,
        dividend_per_user=dividend,
        params={
            "n_agents": n_agents,
            "n_platforms": n_platforms,
            "rule": rule,
            "gamma": gamma,
            "tax_rate": tax_rate,
            "switch_rate": switch_rate,
            "network_exponent": network_exponent,
            "n_runs": n_runs,
            "max_steps": max_steps,
            "tip_share": tip_share,
        },
    )
