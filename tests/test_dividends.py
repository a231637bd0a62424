"""Tests for socmodels.dividends: published results, conservation, validation, speed."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from scipy import stats

matplotlib.use("Agg")


from socmodels import measures  # noqa: E402
from socmodels.dividends import (  # noqa: E402
    SHARING_RULES,
    boltzmann_wealth,
    dividend_economy,
    dividend_stability,
    dividend_tipping,
    platform_growth,
    polya_urn,
    random_exchange,
    share_dividend,
    simon_size_distribution,
    size_distribution,
    synchronous_boltzmann_mean_field,
    yard_sale,
)

# ---------------------------------------------------------------------------
# Rich get richer
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry_prob", [0.5, 0.2])
def test_linear_attachment_matches_simon_formula(entry_prob):
    # Process: platform_growth with gamma = 1 (Simon's model, entry probability alpha).
    # Formula: f(k) = rho B(k, rho + 1), rho = 1/(1 - alpha). At alpha = 1/2 this is the
    # Barabasi-Albert m = 1 law 4/(k(k+1)(k+2)), checked separately below.
    result = platform_growth(400_000, gamma=1.0, entry_prob=entry_prob, rng=11)
    k, share = size_distribution(result.sizes)
    theory = simon_size_distribution(k[:5], entry_prob=entry_prob)
    np.testing.assert_allclose(share[:5], theory, rtol=0.05)


def test_simon_formula_at_one_half_is_barabasi_albert_m1():
    k = np.arange(1, 50)
    m = 1
    ba = 2 * m * (m + 1) / (k * (k + 1) * (k + 2))
    np.testing.assert_allclose(simon_size_distribution(k, entry_prob=0.5), ba, rtol=1e-12)


def test_uniform_attachment_does_not_match_ba_formula():
    # gamma = 0 (join a uniformly random platform) must be distinguishable by the test above.
    result = platform_growth(200_000, gamma=0.0, entry_prob=0.5, rng=11)
    k, share = size_distribution(result.sizes)
    theory = simon_size_distribution(k[:5], entry_prob=0.5)
    assert np.max(np.abs(share[:5] / theory - 1)) > 0.2


def test_superlinear_attachment_gives_a_single_dominant_platform():
    result = platform_growth(50_000, gamma=1.5, entry_prob=0.1, rng=5)
    sizes = np.sort(result.sizes)[::-1]
    total = sizes.sum()
    # The leader takes every joining user in the limit: share -> 1 - entry_prob = 0.9.
    assert sizes[0] / total > 0.85
    assert sizes[1] / total < 0.01
    assert measures.hhi(result.sizes) > 0.7


def test_sublinear_attachment_keeps_the_market_diverse():
    diverse = platform_growth(50_000, gamma=0.5, entry_prob=0.1, rng=5)
    linear = platform_growth(50_000, gamma=1.0, entry_prob=0.1, rng=5)
    assert diverse.leader_share[-1] < 0.02
    assert measures.hhi(diverse.sizes) < measures.hhi(linear.sizes)
    assert measures.effective_number(diverse.sizes) > 10 * measures.effective_number(linear.sizes)


def test_growth_counts_every_user_and_records_leader_share():
    result = platform_growth(12_345, gamma=1.2, entry_prob=0.05, n_records=30, rng=2)
    assert result.sizes.sum() == 12_345
    assert result.sizes.min() >= 1
    assert result.times[-1] == 12_345
    assert result.leader_share[-1] == pytest.approx(result.sizes.max() / 12_345)
    assert np.all((result.leader_share > 0) & (result.leader_share <= 1))


def test_no_entry_linear_growth_is_a_polya_urn():
    # Without entry, platform 0 holds every user: the one-colour urn.
    result = platform_growth(1000, gamma=1.0, entry_prob=0.0, rng=1)
    assert result.sizes.tolist() == [1000]


def test_polya_urn_limit_is_uniform():
    result = polya_urn((1, 1), n_steps=2000, n_runs=4000, rng=21)
    share = result.shares[:, 0]
    assert stats.kstest(share, "uniform").pvalue > 0.01
    assert share.mean() == pytest.approx(0.5, abs=0.015)
    assert share.var() == pytest.approx(1 / 12, rel=0.06)


def test_polya_urn_limit_is_beta_for_unequal_start():
    result = polya_urn((2, 1), n_steps=2000, n_runs=4000, rng=22)
    share = result.shares[:, 0]
    assert stats.kstest(share, stats.beta(2, 1).cdf).pvalue > 0.01
    assert share.mean() == pytest.approx(2 / 3, abs=0.015)


def test_polya_urn_lock_in_depends_on_gamma():
    strong = polya_urn(n_steps=2000, gamma=1.5, n_runs=1000, rng=3).shares[:, 0]
    weak = polya_urn(n_steps=2000, gamma=0.5, n_runs=1000, rng=3).shares[:, 0]
    assert np.mean((strong < 0.05) | (strong > 0.95)) > 0.8
    assert np.abs(weak - 0.5).max() < 0.15


# ---------------------------------------------------------------------------
# Exchange economies
# ---------------------------------------------------------------------------


def _assert_conserved(history, total):
    np.testing.assert_allclose(history.sum(axis=1), total, rtol=1e-12)


def test_random_exchange_conserves_wealth_every_round():
    start = np.random.default_rng(0).exponential(size=501)
    result = random_exchange(start, n_steps=200, n_records=200, rng=1)
    _assert_conserved(result.wealth_history, start.sum())
    assert result.wealth_history.min() >= 0


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"redistribution": 0.3}, {"advantage": 2.0}, {"redistribution": 0.1, "advantage": 0.5}],
)
def test_yard_sale_conserves_wealth_every_round(kwargs):
    start = np.random.default_rng(0).exponential(size=400)
    result = yard_sale(start, n_steps=300, trade_fraction=0.3, n_records=300, rng=2, **kwargs)
    _assert_conserved(result.wealth_history, start.sum())
    assert result.wealth_history.min() >= 0


@pytest.mark.parametrize("schedule", ["random_sequential", "synchronous"])
def test_boltzmann_wealth_conserves_units_exactly(schedule):
    for steps in (1, 7, 50):
        result = boltzmann_wealth(
            300, n_steps=steps, schedule=schedule, initial_wealth=3, rng=steps
        )
        assert result.wealth.sum() == 900
        assert result.wealth.min() >= 0
        assert result.wealth.dtype.kind == "i"


def test_random_exchange_reaches_gini_one_half():
    ginis = [random_exchange(np.ones(1000), n_steps=300, rng=seed).gini[-1] for seed in range(8)]
    assert np.mean(ginis) == pytest.approx(0.5, abs=0.02)


def test_random_exchange_is_exponential():
    wealth = np.concatenate(
        [random_exchange(np.ones(1000), n_steps=300, rng=seed).wealth for seed in range(5)]
    )
    assert stats.kstest(wealth, stats.expon(scale=1.0).cdf).statistic < 0.02


@pytest.mark.slow
def test_boltzmann_wealth_schedules_give_different_stationary_gini():
    sync = boltzmann_wealth(10_000, n_steps=1000, schedule="synchronous", n_records=10, rng=3)
    seq = boltzmann_wealth(10_000, n_steps=1000, schedule="random_sequential", n_records=10, rng=3)
    sync_gini = sync.gini[5:].mean()
    seq_gini = seq.gini[5:].mean()
    # Synchronous: against the independent mean-field calculation (0.580).
    assert sync_gini == pytest.approx(synchronous_boltzmann_mean_field().gini, abs=0.01)
    # Random-sequential: the measured stationary value (0.630) — a different model.
    assert seq_gini == pytest.approx(0.630, abs=0.01)
    assert seq_gini - sync_gini > 0.03


def test_yard_sale_gini_rises_monotonically_toward_one():
    curves = np.array(
        [
            yard_sale(np.ones(1000), n_steps=3000, trade_fraction=0.2, n_records=15, rng=s).gini
            for s in range(3)
        ]
    )
    mean_curve = curves.mean(axis=0)
    assert np.all(np.diff(mean_curve) > 0)
    assert mean_curve[-1] > 0.95


def test_synchronous_mean_field_conserves_the_mean():
    for wealth in (1, 3):
        field = synchronous_boltzmann_mean_field(wealth)
        pmf, gini = field.pmf, field.gini
        assert pmf.sum() == pytest.approx(1.0)
        assert (pmf * np.arange(pmf.size)).sum() == pytest.approx(wealth, rel=1e-9)
        assert 0 < gini < 0.6
    # Generating function G(z) = P(0) (z-1) e^{λ(z-1)} / (z - e^{λ(z-1)}), λ = 1 - P(0);
    # G'(1) = 1 gives λ² - 4λ + 2 = 0, so P(0) = sqrt(2) - 1 exactly at mean wealth 1.
    assert synchronous_boltzmann_mean_field().pmf[0] == pytest.approx(np.sqrt(2) - 1, abs=1e-6)


def test_fair_yard_sale_without_min_rule_does_not_condense():
    # Control: the random-exchange rule (same schedule) stays at Gini 1/2, so the
    # condensation above comes from staking a fraction of the *poorer* party's wealth.
    result = random_exchange(np.ones(1000), n_steps=3000, rng=0)
    assert result.gini[-1] < 0.6


def _stationary_largest(result):
    half = len(result.largest_share) // 2
    return result.largest_share[half:]


def test_redistribution_above_advantage_prevents_oligarchy():
    result = yard_sale(
        np.ones(1000),
        n_steps=5000,
        trade_fraction=0.1,
        redistribution=0.1,
        advantage=0.05,
        n_records=20,
        rng=7,
    )
    assert _stationary_largest(result).max() < 0.03
    assert result.biased_trades_clipped == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("chi, zeta", [(0.025, 0.05), (0.05, 0.075)])
def test_advantage_above_redistribution_creates_an_oligarch(chi, zeta):
    result = yard_sale(
        np.ones(200),
        n_steps=20_000,
        trade_fraction=0.2,
        redistribution=chi,
        advantage=zeta,
        n_records=40,
        rng=8,
    )
    # Boghosian et al. (2017): the oligarch holds 1 - chi/zeta of all wealth.
    assert _stationary_largest(result).mean() == pytest.approx(1 - chi / zeta, abs=0.1)
    assert result.biased_trades_clipped < 0.01


def test_oligarchy_needs_zeta_above_chi_not_just_advantage():
    # Same advantage, more redistribution: the oligarch disappears.
    below = yard_sale(
        np.ones(200),
        n_steps=8000,
        trade_fraction=0.2,
        redistribution=0.1,
        advantage=0.05,
        n_records=20,
        rng=9,
    )
    above = yard_sale(
        np.ones(200),
        n_steps=8000,
        trade_fraction=0.2,
        redistribution=0.02,
        advantage=0.05,
        n_records=20,
        rng=9,
    )
    assert _stationary_largest(below).mean() < 0.1
    assert _stationary_largest(above).mean() > 0.4


@pytest.mark.slow
def test_yard_sale_counts_ten_million_trades_and_conserves_wealth():
    # Its speed is measured in benchmarks/run.py, not here.
    result = yard_sale(np.ones(10_000), n_steps=2000, trade_fraction=0.1, n_records=4, rng=0)
    assert result.trades == 10_000_000
    assert result.wealth.sum() == pytest.approx(10_000.0, rel=1e-9)


# ---------------------------------------------------------------------------
# Sharing rules
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule", SHARING_RULES)
def test_every_sharing_rule_pays_out_exactly_the_dividend(rule):
    users = np.array([500, 300, 150, 50, 0])
    split = share_dividend(users, rule=rule, tax_rate=0.3)
    assert split.total == pytest.approx((users**2).sum() / users.sum())
    paid = split.platform_income.sum() + split.income_per_user * users.sum()
    assert paid == pytest.approx(split.total, rel=1e-12)
    assert np.all(split.platform_income >= 0)


def test_sharing_rules_split_as_documented():
    users = np.array([600.0, 300.0, 100.0])
    total = (users**2).sum() / users.sum()
    keep = share_dividend(users, rule="winner_keeps")
    np.testing.assert_allclose(keep.platform_income, users**2 / users.sum())
    # Metcalfe value: the leader's share of the dividend exceeds its share of users.
    assert keep.platform_income[0] / total > users[0] / users.sum()
    prop = share_dividend(users, rule="proportional")
    np.testing.assert_allclose(prop.platform_income, total * users / users.sum())
    flat = share_dividend(users, rule="flat")
    assert flat.income_per_user == pytest.approx(total / users.sum())
    tax = share_dividend(users, rule="tax_redistribute", tax_rate=0.25)
    np.testing.assert_allclose(tax.platform_income, 0.75 * keep.platform_income)
    linear = share_dividend(users, rule="winner_keeps", network_exponent=1.0)
    np.testing.assert_allclose(linear.platform_income, users)


def test_winner_keeps_tips_a_neutral_market_flat_sharing_does_not():
    keep = [
        dividend_economy(10_000, 20, 600, rule="winner_keeps", gamma=1.0, rng=s) for s in range(4)
    ]
    flat = [dividend_economy(10_000, 20, 600, rule="flat", gamma=1.0, rng=s) for s in range(4)]
    assert np.mean([r.leader_share[-1] for r in keep]) > 0.9
    assert np.mean([r.leader_share[-1] for r in flat]) < 0.3
    assert np.mean([r.viable_platforms() for r in flat]) > 15
    assert all(r.users_share_of_dividend == pytest.approx(1.0) for r in flat)
    assert all(r.users_share_of_dividend == 0.0 for r in keep)


def test_flat_and_full_tax_move_users_identically_and_pay_users_more():
    # Both leave the pull at s_k exactly (a platform income of 0.0), so the same seed gives
    # the same run; proportional sharing moves users by the same law (below) but pays owners.
    flat = dividend_economy(5000, 10, 200, rule="flat", gamma=1.1, rng=4)
    full = dividend_economy(5000, 10, 200, rule="tax_redistribute", tax_rate=1.0, gamma=1.1, rng=4)
    prop = dividend_economy(5000, 10, 200, rule="proportional", gamma=1.1, rng=4)
    np.testing.assert_array_equal(flat.platform_users, full.platform_users)
    assert flat.welfare() == pytest.approx(full.welfare())
    assert flat.welfare() > prop.welfare()


def test_dividend_economy_conserves_users():
    result = dividend_economy(3001, 7, 100, rule="tax_redistribute", gamma=1.3, rng=1)
    assert np.all(result.platform_users.sum(axis=1) == 3001)
    assert result.platform_users.min() >= 0
    assert result.incomes().sum() == pytest.approx(result.dividend.sum(), rel=1e-9)


def test_any_tax_below_one_only_delays_the_tipping():
    # With gamma = 1 equal shares are unstable for every tax < 1 (dividend_stability):
    # every run tips, later for a higher tax; at tax 1 (flat sharing) the market is neutral.
    def tip(tax):
        return dividend_tipping(
            10_000, 20, rule="tax_redistribute", tax_rate=tax, n_runs=6, max_steps=8000, rng=3
        )

    low, high, full = tip(0.25), tip(0.8), tip(1.0)
    assert low.tipped.all() and high.tipped.all()
    assert high.tipping_time.min() > low.tipping_time.max()
    assert not full.tipped.any()


def test_stability_eigenvalue_is_the_mean_field_maps():
    # Iterate the expected-value map x' = (1 - r) x + r A / sum(A) from a tiny perturbation
    # of equal shares: it grows by lambda per period, for every rule and exponent.
    m, r = 12, 0.15
    for rule, tax, gamma, a in [
        ("winner_keeps", 0.0, 1.0, 2.0),
        ("tax_redistribute", 0.6, 0.97, 2.0),
        ("tax_redistribute", 0.2, 1.0, 1.5),
        ("flat", 0.0, 0.9, 2.0),
    ]:
        kept = {"winner_keeps": 1.0, "tax_redistribute": 1.0 - tax}.get(rule, 0.0)
        x = np.full(m, 1.0 / m)
        delta = np.zeros(m)
        delta[0], delta[1:] = 1e-7, -1e-7 / (m - 1)
        x = x + delta
        pull = (x + kept * x**a) ** gamma
        after = (1 - r) * x + r * pull / pull.sum()
        growth = (after[0] - 1.0 / m) / delta[0]
        expected = dividend_stability(
            m, rule=rule, tax_rate=tax, gamma=gamma, switch_rate=r, network_exponent=a
        ).eigenvalue
        assert growth == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("rule, tax", [("winner_keeps", 0.0), ("tax_redistribute", 0.5)])
def test_a_small_difference_grows_at_the_predicted_rate_in_a_large_market(rule, tax):
    # 10^8 users: chance moves shares by ~1e-5 per period, the instability by lambda.
    m, n, periods = 20, 10**8, 300
    start = np.full(m, n // m)
    start[0] += n // 500
    start[1:] -= n // 500 // (m - 1)
    start[-1] += n - start.sum()
    result = dividend_economy(n, m, periods, rule=rule, tax_rate=tax, initial_users=start, rng=2)
    shares = result.platform_users / n
    gap = shares[:, 0] - shares[:, 1:].mean(axis=1)
    rate = np.polyfit(np.arange(periods + 1), np.log(gap), 1)[0]
    expected = np.log(dividend_stability(m, rule=rule, tax_rate=tax).eigenvalue)
    assert rate == pytest.approx(expected, rel=0.15)


def test_a_critical_tax_exists_only_when_users_lean_against_size():
    stability = dividend_stability(20, rule="tax_redistribute", gamma=0.98)
    assert 0.5 < stability.critical_tax < 0.65  # 1 - 20 * 0.02 / 0.96
    assert dividend_stability(20, rule="tax_redistribute", gamma=1.0).critical_tax == 1.0
    assert dividend_stability(20, rule="tax_redistribute", gamma=0.9).critical_tax == 0.0

    def tipped(tax):
        return dividend_tipping(
            10_000,
            20,
            rule="tax_redistribute",
            gamma=0.98,
            tax_rate=tax,
            n_runs=4,
            max_steps=8000,
            rng=5,
        ).tipped.sum()

    assert tipped(0.3) == 4
    assert tipped(0.85) == 0


# ---------------------------------------------------------------------------
# Validation and reproducibility
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: random_exchange([1.0, -1.0, 2.0], n_steps=10), "initial_wealth"),
        (lambda: random_exchange([0.0, 0.0], n_steps=10), "initial_wealth"),
        (lambda: random_exchange([1.0, np.nan], n_steps=10), "initial_wealth"),
        (lambda: random_exchange([1.0], n_steps=10), "initial_wealth"),
        (lambda: random_exchange([1.0, 2.0], n_steps=-1), "n_steps"),
        (lambda: yard_sale([1.0, -2.0], n_steps=10), "initial_wealth"),
        (lambda: yard_sale([1.0, 2.0], n_steps=10, redistribution=1.5), "redistribution"),
        (lambda: yard_sale([1.0, 2.0], n_steps=10, redistribution=-0.1), "redistribution"),
        (lambda: yard_sale([1.0, 2.0], n_steps=10, advantage=-1.0), "advantage"),
        (lambda: yard_sale([1.0, 2.0], n_steps=10, trade_fraction=0.0), "trade_fraction"),
        (lambda: yard_sale([1.0, 2.0], n_steps=10, trade_fraction=1.5), "trade_fraction"),
        (lambda: boltzmann_wealth(1, n_steps=10), "n_agents"),
        (lambda: boltzmann_wealth(10, n_steps=10, schedule="parallel"), "schedule"),
        (lambda: boltzmann_wealth(10, n_steps=10, initial_wealth=0), "initial_wealth"),
        (lambda: platform_growth(100, gamma=-0.5), "gamma"),
        (lambda: platform_growth(100, gamma=float("nan")), "gamma"),
        (lambda: platform_growth(0), "n_agents"),
        (lambda: platform_growth(100, entry_prob=1.2), "entry_prob"),
        (lambda: polya_urn(n_steps=10, gamma=-1.0), "gamma"),
        (lambda: polya_urn(n_steps=10, initial_balls=(1,)), "initial_balls"),
        (lambda: polya_urn(n_steps=10, initial_balls=(1, 0)), "initial_balls"),
        (lambda: polya_urn(n_steps=10, initial_balls=(1.5, 1)), "initial_balls"),
        (lambda: size_distribution([1.5, 2]), "sizes"),
        (lambda: platform_growth(10**8), "n_agents"),
        (lambda: simon_size_distribution([0, 1], entry_prob=0.5), "k"),
        (lambda: synchronous_boltzmann_mean_field(0), "initial_wealth"),
        (lambda: simon_size_distribution([1, 2], entry_prob=1.0), "entry_prob"),
        (lambda: size_distribution([0, 1]), "sizes"),
        (lambda: share_dividend([1, 2], rule="monopoly"), "rule"),
        (lambda: share_dividend([-1, 2], rule="flat"), "platform_users"),
        (lambda: share_dividend([0, 0], rule="flat"), "platform_users"),
        (lambda: share_dividend([1, 2], rule="tax_redistribute", tax_rate=2.0), "tax_rate"),
        (lambda: share_dividend([1, 2], rule="flat", network_exponent=0.5), "network_exponent"),
        (lambda: dividend_economy(100, 5, 10, gamma=-0.1), "gamma"),
        (lambda: dividend_economy(100, 5, 10, rule="all"), "rule"),
        (lambda: dividend_economy(100, 5, 10, switch_rate=0.0), "switch_rate"),
        (lambda: dividend_economy(100, 2, 10, initial_users=[50, 40]), "initial_users"),
        (lambda: dividend_economy(100, 5, 10, rng=-3), "rng"),
    ],
)
def test_bad_parameters_raise_clear_errors(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_type_errors_name_the_parameter():
    with pytest.raises(ValueError, match="n_steps"):
        random_exchange([1.0, 2.0], n_steps=2.5)
    with pytest.raises(TypeError, match="gamma"):
        platform_growth(10, gamma="big")
    with pytest.raises(TypeError, match="rule"):
        share_dividend([1, 2], rule=3)


@pytest.mark.parametrize(
    "run",
    [
        lambda rng: platform_growth(5000, gamma=1.2, entry_prob=0.1, rng=rng).sizes,
        lambda rng: polya_urn(n_steps=100, n_runs=50, rng=rng).shares,
        lambda rng: random_exchange(np.ones(100), n_steps=50, rng=rng).wealth,
        lambda rng: (
            yard_sale(np.ones(100), n_steps=50, advantage=0.5, redistribution=0.1, rng=rng).wealth
        ),
        lambda rng: boltzmann_wealth(100, n_steps=20, rng=rng).wealth,
        lambda rng: boltzmann_wealth(100, n_steps=20, schedule="synchronous", rng=rng).wealth,
        lambda rng: dividend_economy(1000, 5, 30, rng=rng).platform_users,
    ],
)
def test_same_seed_same_result(run):
    np.testing.assert_array_equal(run(42), run(42))
    np.testing.assert_array_equal(run(np.random.default_rng(7)), run(np.random.default_rng(7)))
    assert not np.array_equal(run(1), run(2))


def test_inputs_are_not_modified():
    start = np.ones(50)
    yard_sale(start, n_steps=10, rng=0)
    random_exchange(start, n_steps=10, rng=0)
    assert np.all(start == 1.0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: boltzmann_wealth(10**7, n_steps=10**8), "n_agents × n_steps"),
        (lambda: boltzmann_wealth(2**62), "n_agents"),
        (lambda: random_exchange(np.ones(10**6), n_records=10**4), r"\(n_records \+ 1\)"),
        (lambda: yard_sale(np.ones(10**6), n_steps=10**6), "n_agents × n_steps"),
        (lambda: polya_urn(n_steps=10**6, n_runs=10**6), "n_runs × n_steps"),
        (lambda: dividend_economy(100, 10**5, 10**4), "n_platforms"),
        (lambda: platform_growth(2**64), "n_agents"),
    ],
)
def test_huge_counts_are_refused_before_any_work(call, match):
    # Refused by the declared bounds and check_budget, before any allocation or run.
    with pytest.raises(ValueError, match=match):
        call()


def test_mean_field_is_a_result_with_its_convergence():
    field = synchronous_boltzmann_mean_field(2)
    assert field.converged and 0 < field.n_steps_run < field.params["max_steps"]
    assert field.pmf.sum() == pytest.approx(1.0)
    assert (field.pmf * np.arange(field.pmf.size)).sum() == pytest.approx(2.0, abs=1e-9)
    capped = synchronous_boltzmann_mean_field(2, max_steps=3)
    assert not capped.converged and capped.n_steps_run == 3


def test_polya_runs_have_their_own_streams():
    # Run k is the same urn whether 5 or 50 urns are run: each has its own generator.
    few = polya_urn((1, 1), n_steps=300, n_runs=5, rng=9)
    many = polya_urn((1, 1), n_steps=300, n_runs=50, rng=9)
    np.testing.assert_array_equal(few.shares, many.shares[:5])


def test_tipping_under_flat_proportional_and_full_tax_follows_one_law():
    # The sharing_rules page reuses the flat runs for these three. Flat sharing and a full
    # tax leave the pull at s_k exactly: the same seed gives the same runs. Proportional
    # sharing's pull, (s_k (1 + D/N))^gamma, is proportional to s_k^gamma, so its runs follow
    # the same law but not the same path (rounding moves the multinomial's probabilities by
    # an ulp, and a draw at p = 1/2 is not continuous in p): compare the times to tip.
    kw = dict(n_runs=200, max_steps=5000, gamma=1.05, rng=8)
    flat = dividend_tipping(3000, 6, rule="flat", **kw)
    full = dividend_tipping(3000, 6, rule="tax_redistribute", tax_rate=1.0, **kw)
    prop = dividend_tipping(3000, 6, rule="proportional", **kw)
    keep = dividend_tipping(3000, 6, rule="winner_keeps", **kw)
    np.testing.assert_array_equal(flat.final_users, full.final_users)
    np.testing.assert_allclose(flat.welfare, full.welfare)
    assert flat.tipped.all() and prop.tipped.all()

    def gap(a, b):
        se = np.hypot(a.std(ddof=1), b.std(ddof=1)) / np.sqrt(a.size)
        return abs(a.mean() - b.mean()) / se

    assert gap(flat.tipping_time, prop.tipping_time) < 4
    assert gap(flat.tipping_time, keep.tipping_time) > 8  # the comparison has power
    # the same kind of market, but proportional sharing pays the owners, not the users
    assert prop.welfare.mean() < flat.welfare.mean()
