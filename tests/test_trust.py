"""Trust among strangers: each model against its paper or its closed form.

Every model has a test that a deliberately wrong rule fails (a copy of the rule with one
change, run through the same check), so the tolerances are shown to bite.
"""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.special import logsumexp

from socmodels import networks
from socmodels import trust as tr
from socmodels.rules import trust as rules

N = 1000

# --------------------------------------------------------------------------- trust game


def test_berg_data_reproduce_the_papers_summary():
    data = tr.berg1995_no_history()
    assert data.sent.size == 32
    assert int((data.sent > 0).sum()) == 30  # "30 of 32 senders sent something"
    assert round(float(data.sent.mean()), 2) == 5.16
    assert round(float(data.returned.mean()), 2) == 4.66
    assert np.all(data.returned <= 3 * data.sent)


def test_subgame_perfect_play_sends_nothing_and_break_even_is_one_third():
    assert tr.best_transfer(0.0) == 0.0  # a selfish receiver returns nothing
    assert tr.best_transfer(1 / 3 + 1e-9) == 10.0
    assert tr.best_transfer(1 / 3 - 1e-9) == 0.0
    sender, receiver = tr.trust_game_payoffs([10.0], [10.0])  # returning 1/3 of 30
    assert sender[0] == 10.0 and receiver[0] == 20.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(sent=[11.0], returned=[0.0]), "sent"),
        (dict(sent=[1.0], returned=[4.0]), "returned"),
        (dict(sent=[1.0, 2.0], returned=[0.0]), "returned"),
        (dict(sent=[-1.0], returned=[0.0]), "sent"),
    ],
)
def test_trust_game_rejects_impossible_plays(kwargs, match):
    with pytest.raises(ValueError, match=match):
        tr.trust_game_payoffs(**kwargs)


def _final_trust(rhs, q, k, m=3.0):
    x, y = 0.9, 0.9
    for _ in range(40_000):  # Euler, dt = 0.01: t = 400
        dx, dy = rhs(x, y, q, k, m)
        x, y = x + 0.01 * dx, y + 0.01 * dy
    return x


@pytest.mark.parametrize("k", [0.4, 0.5, 0.7])
def test_replicator_threshold_is_the_return_share(k):
    q_star = tr.trust_information_threshold(k)
    assert q_star == k
    above = tr.trust_replicator(0.9, 0.9, information=k + 0.05, return_share=k, t_max=400)
    below = tr.trust_replicator(0.9, 0.9, information=k - 0.05, return_share=k, t_max=400)
    assert above.trust[-1] > 0.95 and above.trustworthiness[-1] > 0.95
    assert below.trust[-1] < 0.05
    assert tr.trust_replicator(0.9, 0.9, information=0.0).trust[-1] < 0.05


def test_below_break_even_no_information_saves_trust():
    # k < 1/m: even fully honoured trust loses money, so trust collapses at any q.
    run = tr.trust_replicator(0.9, 0.9, information=0.95, return_share=0.3, t_max=400)
    assert run.trust[-1] < 0.05


def test_a_wrong_receiver_payoff_misses_the_threshold():
    # Wrong: the untrustworthy receiver is paid by every trusting sender (information
    # ignored on the receiving side). Trust then collapses even well above q* = k.
    def wrong(x, y, q, k, m):
        return x * (1 - x) * (y * (k * m - 1) - (1 - q) * (1 - y)), y * (1 - y) * x * m * (-k)

    model = tr.trust_replicator(0.9, 0.9, information=0.6, return_share=0.5, t_max=400)
    assert model.trust[-1] > 0.95  # the model's rule, from the same start, at the same point
    assert _final_trust(wrong, 0.6, 0.5) < 0.05


def test_agent_based_trust_collapses_without_information_and_survives_with_it():
    def mean_trust(q, step=None):
        runs = [
            tr.trust_among_strangers(300, information=q, n_steps=300, rng=k, step=step).trust
            for k in range(10)
        ]
        return np.array([r[-50:].mean() for r in runs])

    low, high = mean_trust(0.35), mean_trust(0.65)  # k = 0.5: q* = 0.5
    assert low.mean() + 2 * low.std() / np.sqrt(10) < 0.15
    assert high.mean() - 2 * high.std() / np.sqrt(10) > 0.9

    def blind(trusting, trustworthy, last, rng, **kw):  # wrong: senders ignore information
        return rules.trust_generation(trusting, trustworthy, last, rng, **{**kw, "information": 0})

    assert mean_trust(0.65, step=blind).mean() < 0.15


def test_fast_trust_generation_is_the_readable_rule():
    a = tr.trust_among_strangers(120, information=0.6, n_steps=40, rng=5)
    b = tr.trust_among_strangers(
        120, information=0.6, n_steps=40, rng=5, step=rules.trust_generation
    )
    assert np.array_equal(a.trajectory, b.trajectory) and np.array_equal(a.final, b.final)


# --------------------------------------------------------------------------- reputation

E, MU = 0.02, 0.01
CLOSED_FORM = {  # discriminators only, derived by hand (independent of the module)
    "stern judging": (1 - MU) / (1 + (1 - 2 * MU) * E),
    "simple standing": (1 - MU) / (1 + (1 - 2 * MU) * E),
    "image scoring": MU / (1 - (1 - 2 * MU) * (1 - E)),
    "shunning": MU / (1 - (1 - 2 * MU) * (1 - E)),
}


@pytest.mark.parametrize("norm", list(tr.NORMS))
def test_closed_form_good_fraction_and_cooperation(norm):
    eq = tr.reputation_equilibrium([0, 0, 1], norm=norm)
    assert eq.good == pytest.approx(CLOSED_FORM[norm], abs=1e-12)
    expected = 0.95 if norm in ("stern judging", "simple standing") else 0.25
    assert eq.cooperation == pytest.approx(expected, abs=0.005)  # the numbers


def _simulated_good(norm, step=None, n=N, rounds=300, runs=10):
    values = []
    for k in range(runs):
        run = tr.indirect_reciprocity(
            np.full(n, tr.DISC), norm=norm, n_steps=rounds * n, n_records=10, rng=k, step=step
        )
        values.append(run.good[5:].mean())  # after 150 rounds (relaxation ~ 25 rounds)
    return np.array(values)


@pytest.mark.parametrize("norm", list(tr.NORMS))
def test_simulated_reputations_match_the_closed_form(norm):
    good = _simulated_good(norm)
    half_width = 2 * good.std(ddof=1) / np.sqrt(good.size)
    assert abs(good.mean() - CLOSED_FORM[norm]) < max(half_width, 0.004) + 0.004


def test_a_wrong_norm_reader_fails_the_closed_form():
    # Wrong: the observer judges by the *donor's* reputation instead of the recipient's.
    def wrong(strategies, reputations, payoff, norm, rng, *, e, mu, b, c):
        n = strategies.size
        u = rng.random(4)
        donor = int(u[0] * n)
        recipient = int(u[1] * (n - 1))
        recipient += recipient >= donor
        intends = strategies[donor] == 1 or reputations[recipient] == 1
        action = int(intends and u[2] >= e)
        verdict = norm[action][reputations[donor]]
        reputations[donor] = 1 - verdict if u[3] < mu else verdict
        return action

    good = _simulated_good("stern judging", step=wrong, n=200, rounds=100, runs=3)
    assert abs(good.mean() - CLOSED_FORM["stern judging"]) > 0.05


def test_invasion_signs():
    allc, alld = "unconditional cooperator", "unconditional defector"
    assert tr.invasion_advantage(allc, norm="image scoring") > 1.0
    assert tr.invasion_advantage(allc, norm="stern judging") < -0.1
    assert tr.invasion_advantage(alld, norm="stern judging") < -1.0


@pytest.mark.parametrize("norm", ["image scoring", "stern judging"])
def test_simulated_payoffs_of_a_mixed_population_match_the_closed_form(norm):
    # 20 % ALLC among discriminators: ALLC earns more under image scoring, less under SJ.
    strategies = np.r_[np.full(200, tr.ALLC), np.full(800, tr.DISC)]
    eq = tr.reputation_equilibrium([0.0, 0.2, 0.8], norm=norm)
    rates = []
    for k in range(10):
        run = tr.indirect_reciprocity(strategies, norm=norm, n_steps=100 * N, n_records=10, rng=k)
        rates.append((run.payoffs[-1] - run.payoffs[2]) / ((run.times[-1] - run.times[2]) / N))
    rates = np.array(rates)
    assert np.all(np.abs(rates.mean(axis=0)[1:] - eq.payoffs[1:]) < 0.05)
    sign = np.sign(rates[:, tr.ALLC] - rates[:, tr.DISC])
    assert np.all(sign == (1 if norm == "image scoring" else -1))


def test_fast_reputation_kernel_is_the_readable_rule():
    strategies = np.r_[np.full(50, 2), np.full(10, 1), np.full(10, 0)]
    for norm in tr.NORMS:
        a = tr.indirect_reciprocity(strategies, norm=norm, n_steps=3000, n_records=5, rng=3)
        b = tr.indirect_reciprocity(
            strategies, norm=norm, n_steps=3000, n_records=5, rng=3, step=rules.reputation_step
        )
        assert np.array_equal(a.final, b.final) and np.allclose(a.payoffs, b.payoffs)


def test_reputation_inputs_are_checked():
    with pytest.raises(ValueError, match="norm"):
        tr.indirect_reciprocity(np.full(10, 2), norm="tit for tat")
    with pytest.raises(ValueError, match="initial_strategies"):
        tr.indirect_reciprocity(np.full(10, 3))
    with pytest.raises(ValueError, match="fractions"):
        tr.reputation_equilibrium([0.5, 0.5, 0.5])


# --------------------------------------------------------------------------- naming game


def _final_b(rhs):
    """``p -> n_B(3000)`` of the mean-field equations ``rhs`` from Xie et al.'s start."""

    def final_b(p):
        sol = solve_ivp(
            lambda _t, z: rhs(z[0], z[1], p), (0, 3000), [0, 1 - p], rtol=1e-9, atol=1e-12
        )
        return sol.y[1, -1]

    return final_b


def _model_final_b(p):
    return tr.naming_game_mean_field(p, t_max=3000, n_records=1).shares[-1, 1]


def _tipping_point(final_b):
    """p_c by bisection: the smallest p at which B dies out from Xie et al.'s start."""

    def tips(p):
        return final_b(p) < 0.01

    low, high = 0.001, 0.5
    for _ in range(20):
        middle = (low + high) / 2
        low, high = (low, middle) if tips(middle) else (middle, high)
    return (low + high) / 2


def test_mean_field_tipping_point_is_xie_et_al():
    assert tr.naming_game_tipping_point() == pytest.approx(0.0979, abs=1e-4)
    assert _tipping_point(_model_final_b) == pytest.approx(0.0979, abs=1e-4)
    _, below = tr.naming_game_mean_field(0.09, t_max=500)
    _, above = tr.naming_game_mean_field(0.105, t_max=500)
    assert below[-1, 1] > 0.5 and above[-1, 0] > 0.99


def test_a_wrong_mean_field_misses_the_tipping_point():
    # Wrong: only the listener updates (the speaker's collapse on agreement dropped).
    def listener_only(a, b, p):
        ab = 1 - p - a - b
        return (
            -a * (b + ab / 2) + (a + p + ab / 2) * ab,
            -b * (a + p + ab / 2) + (b + ab / 2) * ab,
        )

    assert abs(_tipping_point(_final_b(listener_only)) - 0.0979) > 0.02  # it is about 0.072


def test_committed_minority_below_and_above_the_tipping_point():
    below = tr.committed_minority_consensus(N, 0.08, n_runs=10, max_steps=100 * N, rng=1)
    assert below.share_reached == 0.0  # no run within 100 N interactions
    above = tr.committed_minority_consensus(N, 0.12, n_runs=10, max_steps=100 * N, rng=2)
    assert above.share_reached == 1.0
    assert 33 <= above.median_time <= 47  # the issue: ~40 N
    fast = tr.committed_minority_consensus(N, 0.16, n_runs=10, max_steps=100 * N, rng=3)
    assert 21 <= fast.median_time <= 29  # ~25 N
    bigger = tr.committed_minority_consensus(2 * N, 0.12, n_runs=10, max_steps=100 * 2 * N, rng=4)
    assert bigger.share_reached == 1.0  # doubling N does not change the conclusion


def test_fast_naming_kernel_is_the_readable_rule():
    n = 100
    states = np.full(n, tr.WORD_B)
    states[:15] = tr.WORD_A
    mask = (states == tr.WORD_A).astype(int)
    for adjacency in (None, networks.erdos_renyi(n, mean_degree=6, rng=1)):
        kw = dict(committed=mask, adjacency=adjacency, max_steps=20_000, n_records=10, rng=2)
        a = tr.naming_game(states, **kw)
        b = tr.naming_game(states, step=rules.naming_game_step, **kw)
        assert a.n_steps_run == b.n_steps_run and np.array_equal(a.final, b.final)


def test_committed_agents_never_change():
    n = 50
    states = np.full(n, tr.WORD_B)
    states[:5] = tr.WORD_A
    run = tr.naming_game(states, committed=(states == 0).astype(int), max_steps=5000, rng=1)
    assert np.all(run.final[:5] == tr.WORD_A)


# --------------------------------------------------------------------------- institutions

GAME = dict(r=3.0, c=1.0, sigma=1.0, G=0.7, B=0.7, gamma=0.7, beta=0.7)
ALL5 = tr.SANCTION_STRATEGIES


def _compositions(group_size):
    """Every way to fill the ``group_size - 1`` co-players' seats with the five strategies."""
    seats = range(group_size)
    return [c for c in itertools.product(seats, repeat=5) if sum(c) == group_size - 1]


@pytest.mark.parametrize("second_order", [False, True])
def test_fast_group_payoffs_are_the_readable_rule(second_order):
    # The compiled expected payoffs against the readable rule, enumerated in plain Python:
    # populations in which every strategy is present, absent, rare or common.
    def rule(focal, comp):
        return rules.sanction_group_payoff(focal, comp, second_order=second_order, **GAME)

    populations = [(5, 5, 5, 5, 5), (1, 2, 0, 3, 4), (10, 1, 1, 0, 1), (0, 6, 2, 2, 0)]
    populations += [tuple(np.random.default_rng(k).integers(1, 9, size=5)) for k in range(4)]
    for counts in populations:
        fast = tr.sanction_expected_payoffs(list(counts), second_order=second_order)
        for focal in (s for s in range(5) if counts[s] > 0):
            assert fast[focal] == pytest.approx(_expected(counts, rule, focal), abs=1e-12)


def _rare(names, second_order, m=100, s=1000.0):
    return tr.sanction_rare_mutation(
        lambda: names, n_agents=m, imitation_strength=s, second_order=second_order
    )


@pytest.mark.parametrize("m", [50, 100])
def test_strong_imitation_limits_of_sigmund_et_al(m):
    # Closed forms of Sigmund et al. (2010) for s -> infinity, rare exploration.
    peer_pool = _rare(ALL5, False, m).stationary
    assert peer_pool == pytest.approx(np.array([6, 6, 4, 1, 3 * m + 6]) / (3 * m + 23), abs=1e-6)
    assert _rare(ALL5, True, m).share("pool punisher") == pytest.approx(1.0, abs=1e-6)
    pool_only = _rare(ALL5[:4], False, m).stationary
    assert pool_only == pytest.approx(np.array([2, 2, 2, 1]) / 7, abs=1e-6)
    assert _rare(ALL5[:4], True, m).share("pool punisher") == pytest.approx(1.0, abs=1e-6)
    peer_only = _rare((*ALL5[:3], ALL5[4]), False, m).stationary
    assert peer_only == pytest.approx(np.array([2, 2, 2, m + 2]) / (m + 8), abs=1e-6)


def test_compulsory_game_leaves_only_defectors():
    compulsory = _rare((ALL5[0], ALL5[1], ALL5[3], ALL5[4]), True)
    assert compulsory.share("defector") > 0.99


def _expected(counts, group_payoff, focal, group_size=5):
    """Expected payoff of `focal` by direct hypergeometric enumeration (pure Python)."""
    others = list(counts)
    others[focal] -= 1
    total = 0.0
    for comp in _compositions(group_size):
        weight = np.prod([comb(others[s], comp[s]) for s in range(5)])
        total += weight * group_payoff(focal, comp)
    return total / comb(sum(others), group_size - 1)


def _rho(resident, mutant, m, s, group_payoff):
    gaps = []
    for j in range(1, m):
        counts = [0] * 5
        counts[mutant], counts[resident] = j, m - j
        gaps.append(
            _expected(counts, group_payoff, resident) - _expected(counts, group_payoff, mutant)
        )
    return float(np.exp(-logsumexp(np.r_[0.0, s * np.cumsum(gaps)])))


def test_a_wrong_second_order_rule_breaks_the_peer_limit():
    # Right rule: cooperators drift neutrally into peer punishers (rho = 1/M), which gives
    # the (2, 2, 2, M + 2) limit. Wrong: peer punishers fine cooperators even when no
    # defector reveals them; cooperators can then no longer drift in.
    m, s = 30, 1000.0

    def right(focal, comp):
        return rules.sanction_group_payoff(focal, comp, second_order=True, **GAME)

    def wrong(focal, comp):
        value = right(focal, comp)
        if focal == tr.COOPERATOR and comp[tr.DEFECTOR] == 0:
            value -= GAME["beta"] * comp[tr.PEER_PUNISHER]
        return value

    model = tr.sanction_fixation_probability(
        "peer punisher", "cooperator", n_agents=m, imitation_strength=s, second_order=True
    )
    assert _rho(tr.PEER_PUNISHER, tr.COOPERATOR, m, s, right) == pytest.approx(model, rel=1e-9)
    assert model == pytest.approx(1 / m, rel=1e-9)
    assert _rho(tr.PEER_PUNISHER, tr.COOPERATOR, m, s, wrong) < 1e-6


def test_fixation_is_neutral_between_peer_punishers_and_cooperators():
    for m in (20, 100):
        rho = tr.sanction_fixation_probability(
            "peer punisher", "cooperator", n_agents=m, imitation_strength=5.0
        )
        assert rho == pytest.approx(1 / m, rel=1e-9)


def test_individual_based_runs_follow_the_rare_exploration_chain():
    start = [0, 0, 100, 0, 0]
    kw = dict(imitation_strength=1.0, exploration=1e-3, n_steps=1_000_000, n_records=10)
    without = np.array(
        [tr.sanctioning_institutions(start, rng=k, **kw).time_average for k in range(10)]
    )
    chain = tr.sanction_rare_mutation(imitation_strength=1.0).stationary
    assert without[:, tr.PEER_PUNISHER].mean() > 0.6 and chain[tr.PEER_PUNISHER] > 0.6
    assert without.mean(axis=0).argmax() == tr.PEER_PUNISHER
    with_second = np.array(
        [
            tr.sanctioning_institutions(start, rng=k, second_order=True, **kw).trajectory[-1]
            for k in range(10)
        ]
    )
    assert np.mean(with_second.argmax(axis=1) == tr.POOL_PUNISHER) >= 0.7


def test_social_learning_rule_matches_the_fast_path_in_distribution():
    start = [4, 4, 4, 4, 4]
    kw = dict(imitation_strength=2.0, exploration=0.05, n_steps=400, n_records=1)
    fast = np.array(
        [tr.sanctioning_institutions(start, rng=k, **kw).time_average for k in range(60)]
    )
    slow = np.array(
        [
            tr.sanctioning_institutions(
                start, rng=k, step=rules.social_learning_step, **kw
            ).time_average
            for k in range(60)
        ]
    )
    se = np.sqrt(fast.var(axis=0) / 60 + slow.var(axis=0) / 60)
    assert np.all(np.abs(fast.mean(axis=0) - slow.mean(axis=0)) < 3 * se + 0.01)


def test_sanction_inputs_are_checked():
    with pytest.raises(ValueError, match="counts"):
        tr.sanction_expected_payoffs([1, 1, 0, 0, 0])
    with pytest.raises(ValueError, match="mutant"):
        tr.sanction_fixation_probability("loner", "loner")
    with pytest.raises(ValueError, match="strategies"):
        tr.sanction_rare_mutation(lambda: ("loner",))
    with pytest.raises(TypeError, match="second_order"):
        tr.sanction_rare_mutation(second_order=1)


# --------------------------------------------------------------------------- explorers


def test_every_explorer_renders_its_default_frame_with_alt_text():
    from matplotlib.figure import Figure

    from socmodels.explorers.spec import iter_grid
    from socmodels.explorers.trust import EXPLORERS

    assert set(EXPLORERS) == {"trust", "reputation", "committed_minority", "institutions"}
    for name, spec in EXPLORERS.items():
        assert len(list(iter_grid(spec["controls"]))) <= 40, name
        defaults = {k: c.values[c.default_index] for k, c in spec["controls"].items()}
        assert isinstance(spec["render"](**defaults), Figure)
        text = spec["alt"](**defaults)
        assert isinstance(text, str) and len(text) > 80
