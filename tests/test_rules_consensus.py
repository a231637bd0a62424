"""The readable rules of the consensus chapter against the package's fast paths."""

from __future__ import annotations

import numpy as np
import pytest

from socmodels import consensus, networks
from socmodels.rules import consensus as rules
from socmodels.rules import show


def _row_stochastic(n, rng):
    weights = rng.random((n, n)) * (rng.random((n, n)) < 0.4)
    weights[np.arange(n), np.arange(n)] += 0.1
    return weights / weights.sum(axis=1, keepdims=True)


def test_degroot_rule_is_the_fast_step():
    rng = np.random.default_rng(1)
    weights = _row_stochastic(30, rng)
    opinions = rng.random(30)
    fast = consensus.degroot_step(weights, opinions)
    np.testing.assert_allclose(rules.degroot_rule(weights, opinions), fast, rtol=0, atol=1e-12)


def test_friedkin_johnsen_rule_converges_to_the_closed_form():
    rng = np.random.default_rng(2)
    weights = _row_stochastic(20, rng)
    initial = rng.random(20)
    susceptibility = rng.uniform(0.2, 0.9, 20)
    opinions = initial.copy()
    for _ in range(400):
        opinions = rules.friedkin_johnsen_rule(weights, opinions, initial, susceptibility)
    expected = consensus.friedkin_johnsen_equilibrium(weights, initial, susceptibility)
    np.testing.assert_allclose(opinions, expected, atol=1e-9)


@pytest.mark.parametrize("network", [False, True])
@pytest.mark.parametrize("epsilon", [0.05, 0.2, 0.5])
def test_hegselmann_krause_rule_is_the_fast_step(network, epsilon):
    rng = np.random.default_rng(3)
    opinions = rng.random(80)
    adjacency = networks.erdos_renyi(80, mean_degree=6, rng=4) if network else None
    neighbours = rules.neighbour_lists(adjacency) if network else None
    fast = consensus.hegselmann_krause_step(opinions, epsilon=epsilon, adjacency=adjacency)
    readable = rules.hegselmann_krause_rule(opinions, epsilon, neighbours)
    np.testing.assert_allclose(readable, fast, rtol=0, atol=1e-12)


def test_hegselmann_krause_rule_includes_the_agent_itself():
    # A wrong rule that averages only over *other* close agents would move an isolated
    # agent (no close contact) to NaN or leave a pair at distance epsilon unmerged.
    out = rules.hegselmann_krause_rule(np.array([0.0, 0.3, 1.0]), 0.3)
    np.testing.assert_allclose(out, [0.15, 0.15, 1.0])


def test_deffuant_rule_meets_the_published_update():
    rng = np.random.default_rng(5)
    opinions = np.array([0.2, 0.4])
    rules.deffuant_rule(opinions, epsilon=0.3, mu=0.5, rng=rng)
    np.testing.assert_allclose(opinions, [0.3, 0.3])  # both move half-way: they meet
    far = np.array([0.0, 0.5])
    rules.deffuant_rule(far, epsilon=0.3, mu=0.5, rng=rng)
    np.testing.assert_allclose(far, [0.0, 0.5])  # too far apart: nothing happens


def test_deffuant_rule_conserves_the_mean_and_splits_at_small_epsilon():
    # ⌊1/(2ε)⌋ major clusters (Deffuant et al. 2000): at ε = 0.15 three, at ε = 0.6 one.
    counts = {}
    for epsilon in (0.15, 0.6):
        found = []
        for seed in range(10):
            rng = np.random.default_rng(seed)
            opinions = rng.random(100)
            mean = opinions.mean()
            for _ in range(20_000):
                rules.deffuant_rule(opinions, epsilon, 0.5, rng)
            assert opinions.mean() == pytest.approx(mean, abs=1e-12)
            sizes = np.diff(np.flatnonzero(np.diff(np.r_[-1.0, np.sort(opinions), 2.0]) > 0.05))
            found.append(int(np.sum(sizes >= 5)))
        counts[epsilon] = np.mean(found)
    assert counts[0.6] == 1
    assert 2.5 <= counts[0.15] <= 4.0


def test_voter_rule_exit_probability_is_the_initial_density():
    # Sood & Redner (2005): on the complete graph opinion 1 wins with probability ρ.
    rng = np.random.default_rng(6)
    n_agents, n_runs, wins = 10, 600, 0
    for _ in range(n_runs):
        states = np.zeros(n_agents, dtype=int)
        states[:3] = 1  # ρ = 0.3
        while 0 < states.sum() < n_agents:
            rules.voter_rule(states, rng)
        wins += states[0]
    share = wins / n_runs
    half_width = 1.96 * np.sqrt(0.3 * 0.7 / n_runs)
    assert abs(share - 0.3) < half_width + 0.01


def test_voter_rule_on_a_network_copies_a_contact():
    adjacency = networks.star_graph(5)
    neighbours = rules.neighbour_lists(adjacency)
    rng = np.random.default_rng(7)
    for _ in range(50):
        states = np.arange(5)
        i, j = rules.voter_rule(states, rng, neighbours)
        assert j in neighbours[i] and states[i] == j


def test_every_rule_can_be_shown():
    for name in rules.__all__:
        text = show(getattr(rules, name))._repr_markdown_()
        assert text.startswith("```python\ndef ") and "socmodels.rules.consensus" in text


def test_deffuant_pairs_schedule_matches_the_readable_rule_in_distribution():
    # The published schedule (one random pair per meeting) against the readable rule:
    # same share of runs ending in one cluster at ε = 0.3, N = 40 (a matching-only
    # implementation or a rule with the wrong pair draw shifts it).
    def one_cluster(final):
        return consensus.opinion_clusters(final, gap=1e-3).n_clusters == 1

    fast, slow = [], []
    for seed in range(40):
        rng = np.random.default_rng(seed)
        x0 = rng.random(40)
        run = consensus.deffuant(x0, epsilon=0.3, schedule="pairs", max_steps=5000, rng=rng)
        fast.append(one_cluster(run.final))
        x = x0.copy()
        for _ in range(20 * 600):
            rules.deffuant_rule(x, 0.3, 0.5, rng)
        slow.append(one_cluster(x))
    assert abs(np.mean(fast) - np.mean(slow)) < 0.25


def test_deffuant_schedule_is_checked():
    with pytest.raises(ValueError, match="schedule"):
        consensus.deffuant(np.random.default_rng(0).random(10), schedule="random")
    with pytest.raises(ValueError, match="schedule"):
        consensus.deffuant(np.random.default_rng(0).random(10), schedule="sequential")
