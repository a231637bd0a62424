"""The readable rules of the commons chapter against the package's fast paths."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from socmodels import commons, networks
from socmodels.rules import commons as rules
from socmodels.rules import show
from socmodels.rules.consensus import neighbour_lists


def test_strategy_codes_are_the_packages():
    for name in ("DEFECTOR", "COOPERATOR", "MORALIST", "IMMORALIST", "CONDITIONAL"):
        assert getattr(rules, name) == getattr(commons, name)


@pytest.mark.parametrize("game", [(3.0, 0.0, 0.0, 0), (4.5, 0.6, 0.1, 0), (3.8, 0.3, 0.2, 2)])
def test_payoff_rule_is_group_payoffs_for_every_composition(game):
    synergy, fine, punish_cost, trust = game
    for group in itertools.combinations_with_replacement(range(5), 5):
        counts = np.bincount(group, minlength=5)
        fast = commons.group_payoffs(
            counts, synergy=synergy, fine=fine, punish_cost=punish_cost, trust_threshold=trust
        )
        for s in set(group):
            slow = rules.public_goods_payoff_rule(s, list(group), synergy, fine, punish_cost, trust)
            assert slow == pytest.approx(fast[s], abs=1e-12)


def test_payoff_rule_is_the_published_game():
    # 3 contributors among 5 at r = 3: a free-rider gets 9/5, a contributor 9/5 - 1.
    group = [1, 1, 1, 0, 0]
    assert rules.public_goods_payoff_rule(0, group, 3.0) == pytest.approx(1.8)
    assert rules.public_goods_payoff_rule(1, group, 3.0) == pytest.approx(0.8)
    # A moralist fines each defector fine/(G-1) and pays punish_cost/(G-1) per defector.
    group = [2, 0, 0, 1, 1]
    assert rules.public_goods_payoff_rule(0, group, 3.0, 0.8, 0.4) == pytest.approx(1.8 - 0.2)
    assert rules.public_goods_payoff_rule(2, group, 3.0, 0.8, 0.4) == pytest.approx(0.8 - 0.2)


@pytest.mark.parametrize("fine", [0.0, 0.6])
def test_fermi_rule_is_the_compiled_kernel_step_for_step(fine):
    # Same seed, same initial state: the readable rule, called N times per MCS, gives the
    # very run of the compiled kernel (same random numbers drawn in the same order).
    side, n_steps = 8, 20
    adjacency = networks.square_lattice(side)
    start = np.random.default_rng(1).integers(0, 3 if fine else 2, side * side)
    kw = dict(synergy=4.0, noise=0.5, fine=fine, punish_cost=0.1, n_steps=n_steps, n_records=20)
    fast = commons.graph_public_goods(adjacency, initial_strategies=start, rng=7, **kw)
    slow = commons.graph_public_goods(
        adjacency, initial_strategies=start, step=rules.fermi_imitation_rule, rng=7, **kw
    )
    np.testing.assert_array_equal(slow.strategies, fast.strategies)
    np.testing.assert_array_equal(slow.fractions, fast.fractions)

    strategies = start.copy()
    rng = np.random.default_rng(7)
    neighbours = neighbour_lists(adjacency)
    for _ in range(n_steps * side * side):
        rules.fermi_imitation_rule(strategies, neighbours, 4.0, 0.5, rng, fine, 0.1)
    np.testing.assert_array_equal(strategies, fast.strategies)


def test_a_custom_step_changes_the_outcome():
    # A wrong rule (copy the neighbour always, whatever the payoffs) is the voter model:
    # the run differs from the Fermi rule's.
    def always_copy(strategies, neighbours, synergy, noise, rng, *game):
        x = rng.integers(0, len(strategies))
        strategies[x] = strategies[neighbours[x][rng.integers(0, len(neighbours[x]))]]

    kw = dict(synergy=3.0, n_steps=30, n_records=30, rng=3)
    fermi = commons.lattice_public_goods(10, **kw)
    voter = commons.lattice_public_goods(10, step=always_copy, **kw)
    assert fermi.cooperation[-1] == 0.0  # r = 3 < 3.74: cooperators die out
    assert voter.cooperation[-1] > 0.1  # the voter model does not care about payoffs


def test_step_must_be_callable():
    with pytest.raises(TypeError, match="^step"):
        commons.lattice_public_goods(5, step="fermi")


def test_replicator_rule_follows_the_replicator_equation():
    # Small Euler steps of the readable rule track the package's ODE solution and the
    # closed form x(t) = x0 / (x0 + (1 - x0) e^{δ t}), δ = 1 - r/G.
    dt, t_end = 0.001, 10.0
    fractions = np.array([0.5, 0.5, 0.0, 0.0, 0.0])
    for _ in range(int(t_end / dt)):
        payoffs = commons.expected_payoffs(fractions, group_size=5, synergy=4.0)
        fractions = rules.replicator_rule(fractions, payoffs, dt)
    exact = commons.replicator_cooperation_closed_form(
        0.5, group_size=5, synergy=4.0, times=[t_end]
    )[0]
    ode = commons.replicator_dynamics(
        (0.5, 0.5, 0, 0, 0), group_size=5, synergy=4.0, times=[0, t_end]
    )
    assert fractions.sum() == pytest.approx(1.0, abs=1e-12)
    assert fractions[1] == pytest.approx(exact, abs=1e-3)
    assert fractions[1] == pytest.approx(ode.fractions[-1, 1], abs=1e-3)
    # a wrong rule without the average (dx = x P) would not conserve the total
    assert exact == pytest.approx(0.5 / (0.5 + 0.5 * np.exp(0.2 * t_end)))


def test_every_rule_can_be_shown():
    for name in rules.__all__:
        if name.isupper():
            continue
        text = show(getattr(rules, name))._repr_markdown_()
        assert text.startswith("```python\ndef ") and "socmodels.rules.commons" in text


# ----------------------------------------------------------- the common-pool resource game
CPR_GAME = {"endowment": 10, "return_rate": 23.0, "crowding": 0.25, "outside_return": 5.0}


def test_cpr_payoff_rule_is_the_package_payoffs_and_the_published_game():
    rng = np.random.default_rng(3)
    for _ in range(50):
        x = rng.integers(0, 11, size=8).astype(float)
        slow = rules.cpr_payoff_rule(list(x), **CPR_GAME)
        assert np.array_equal(slow, commons.cpr_payoffs(x, **CPR_GAME))
    # At the Nash equilibrium (8 tokens each, X = 64): 5·2 + 8·(23 − 16) = 66 cents each.
    assert rules.cpr_payoff_rule([8.0] * 8, **CPR_GAME) == pytest.approx([66.0] * 8)
    # Nobody invests: everyone keeps w·e.
    assert rules.cpr_payoff_rule([0.0] * 4, **CPR_GAME) == pytest.approx([50.0] * 4)


@pytest.mark.parametrize(
    ("rule_name", "readable"),
    [("imitation", rules.imitate_the_best_rule), ("best_response", rules.best_response_rule)],
)
def test_cpr_learning_rules_give_the_fast_path_run_for_the_same_seed(rule_name, readable):
    start = np.array([0.0, 2.0, 3.0, 5.0, 7.0, 9.0, 10.0, 4.0])
    fast = commons.cpr_learning(
        8,
        rule=rule_name,
        initial_investments=start,
        n_steps=300,
        n_records=300,
        experimentation=0.05,
        rng=11,
        **CPR_GAME,
    )
    rng = np.random.default_rng(11)
    x = start.copy()
    slow = [x]
    for _ in range(300):
        x = readable(x, rng, **CPR_GAME, revision=0.5, experimentation=0.05)
        slow.append(x)
    if rule_name == "imitation":  # whole tokens: every sum is exact, so the runs are identical
        assert np.array_equal(np.array(slow), fast.investments)
    else:  # the same draws; Python's and NumPy's sums of the others' investments round apart
        np.testing.assert_allclose(np.array(slow), fast.investments, rtol=0, atol=1e-9)


def test_show_displays_the_cpr_rules():
    for rule in (rules.cpr_payoff_rule, rules.imitate_the_best_rule, rules.best_response_rule):
        assert "def " + rule.__name__ in show(rule)._repr_markdown_()
