"""The readable rules of the dividends chapter against the package's fast paths."""

from __future__ import annotations

import numpy as np
import pytest

from socmodels import dividends
from socmodels.contract import spawn_generators
from socmodels.rules import dividends as rules
from socmodels.rules import show


class _Replay:
    """Feeds a rule the uniforms a fast path drew: ``random()`` returns them in order."""

    def __init__(self, values):
        self.values = list(values)

    def random(self):
        return self.values.pop(0)


@pytest.mark.parametrize("gamma, entry_prob", [(1.0, 0.1), (1.5, 0.05), (0.5, 0.3)])
def test_attachment_rule_is_platform_growth_user_for_user(gamma, entry_prob):
    n_users, seed = 2000, 5
    fast = dividends.platform_growth(n_users, gamma=gamma, entry_prob=entry_prob, rng=seed)
    rng = np.random.default_rng(seed)
    entry_u, pick_u = rng.random(n_users - 1), rng.random(n_users - 1)
    # The rule asks for the entry uniform, then (if the user joins) the pick uniform.
    sequence = []
    for e, p in zip(entry_u, pick_u, strict=True):
        sequence += [e] if e < entry_prob else [e, p]
    replay, sizes = _Replay(sequence), [1]
    for _ in range(n_users - 1):
        rules.attachment_rule(sizes, gamma, entry_prob, replay)
    np.testing.assert_array_equal(np.array(sizes), fast.sizes)


def _matchings(seed, n_agents, n_rounds):
    """The matchings and coins ``_run_pair_rounds`` draws for a small population."""
    rng = np.random.default_rng(seed)
    orders = rng.permuted(np.tile(np.arange(n_agents), (n_rounds, 1)), axis=1)
    return orders, rng.random((n_rounds, n_agents // 2))


def test_random_exchange_rule_is_the_fast_path_trade_for_trade():
    n, rounds, seed = 51, 40, 3  # odd: one agent sits out each round
    start = np.random.default_rng(0).random(n) + 0.5
    fast = dividends.random_exchange(start, n_steps=rounds, n_records=1, rng=seed)
    orders, coins = _matchings(seed, n, rounds)
    wealth, half = start.copy(), n // 2
    for order, coin in zip(orders, coins, strict=True):
        for p in range(half):
            i, j = order[p], order[half + p]
            wealth[i], wealth[j] = rules.random_exchange_rule(wealth[i], wealth[j], coin[p])
    np.testing.assert_array_equal(wealth, fast.wealth)


@pytest.mark.parametrize("chi, zeta", [(0.0, 0.0), (0.05, 0.02), (0.02, 0.06)])
def test_yard_sale_round_rule_is_the_compiled_kernel_round_for_round(chi, zeta):
    n, rounds, seed, beta = 60, 200, 11, 0.2
    start = np.ones(n)
    fast = dividends.yard_sale(
        start,
        n_steps=rounds,
        trade_fraction=beta,
        redistribution=chi,
        advantage=zeta,
        n_records=1,
        rng=seed,
    )
    orders, coins = _matchings(seed, n, rounds)
    wealth = start.copy()
    for order, coin in zip(orders, coins, strict=True):
        rules.yard_sale_round_rule(wealth, order, coin, beta, chi, zeta)
    np.testing.assert_allclose(wealth, fast.wealth, rtol=1e-9)


def test_yard_sale_rule_stakes_the_poorer_partys_wealth():
    assert rules.yard_sale_rule(10.0, 2.0, 0.4, 0.1) == pytest.approx((10.2, 1.8))
    assert rules.yard_sale_rule(10.0, 2.0, 0.6, 0.1) == pytest.approx((9.8, 2.2))
    # Wealth-attained advantage: eta = 0.5 * 0.1 * 8 = 0.4, so i wins if coin < 0.7.
    assert rules.yard_sale_rule(10.0, 2.0, 0.65, 0.1, advantage=0.5)[0] == pytest.approx(10.2)


def test_unit_transfer_rule_is_the_sequential_kernel_step_for_step():
    n, steps, seed = 200, 30, 4
    fast = dividends.boltzmann_wealth(
        n, n_steps=steps, schedule="random_sequential", initial_wealth=2, n_records=1, rng=seed
    )
    rng = np.random.default_rng(seed)
    orders = rng.permuted(np.tile(np.arange(n), (steps, 1)), axis=1)
    receivers = rng.integers(0, n, size=(steps, n))
    wealth = np.full(n, 2)
    for order, receiver in zip(orders, receivers, strict=True):
        rules.unit_transfer_rule(wealth, order, receiver)
    np.testing.assert_array_equal(wealth, fast.wealth)


@pytest.mark.parametrize("rule", dividends.SHARING_RULES)
def test_dividend_period_rule_is_dividend_economy_period_for_period(rule):
    kw = dict(rule=rule, gamma=1.05, tax_rate=0.3, switch_rate=0.2, network_exponent=1.7)
    fast = dividends.dividend_economy(3000, 8, 150, rng=9, **kw)
    slow = dividends.dividend_economy(3000, 8, 150, step=rules.dividend_period_rule, rng=9, **kw)
    np.testing.assert_array_equal(slow.platform_users, fast.platform_users)
    np.testing.assert_allclose(slow.platform_income, fast.platform_income)


def test_a_custom_step_that_loses_users_is_refused():
    def leaky(users, *args):
        return users // 2

    with pytest.raises(ValueError, match="step must return"):
        dividends.dividend_economy(1000, 5, 3, step=leaky, rng=0)


@pytest.mark.parametrize("rule", dividends.SHARING_RULES)
def test_each_tipping_run_is_the_rule_run_by_the_economy(rule):
    # dividend_tipping keeps no history, but run r is dividend_economy's for the r-th child
    # generator, period for period, up to its tipping period.
    n, m, runs = 2000, 10, 4
    kw = dict(rule=rule, gamma=1.1, tax_rate=0.4, switch_rate=0.15, network_exponent=1.6)
    fast = dividends.dividend_tipping(n, m, n_runs=runs, max_steps=400, rng=1, **kw)
    assert fast.tipped.any() and fast.periods_run.max() > 100
    for run, child in enumerate(spawn_generators(1, runs)):
        slow = dividends.dividend_economy(
            n, m, int(fast.periods_run[run]), step=rules.dividend_period_rule, rng=child, **kw
        )
        np.testing.assert_array_equal(slow.platform_users[-1], fast.final_users[run])
        tipped = np.flatnonzero(slow.leader_share >= 0.99)
        assert fast.tipping_time[run] == (tipped[0] if tipped.size else -1)


def test_show_displays_the_rules():
    for rule in (
        rules.attachment_rule,
        rules.yard_sale_round_rule,
        rules.unit_transfer_rule,
        rules.dividend_period_rule,
    ):
        source = show(rule)
        assert source.source.startswith("def ")
        assert 5 <= len(source.source.splitlines()) <= 40
