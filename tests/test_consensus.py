"""Tests of socmodels.consensus against analytic and published results."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from socmodels import consensus as cs  # noqa: E402
from socmodels import networks  # noqa: E402
from socmodels.contract import record_times, spawn_generators  # noqa: E402
from socmodels.plots import consensus as pc  # noqa: E402
from socmodels.rules import consensus as rules  # noqa: E402

# ----------------------------------------------------------------------------- helpers


def random_primitive_weights(n, seed, density=0.3):
    """A random row-stochastic matrix with positive diagonal on a strongly connected digraph."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < density
    np.fill_diagonal(mask, True)
    # A directed cycle guarantees strong connectivity; the diagonal makes it aperiodic.
    mask[np.arange(n), (np.arange(n) + 1) % n] = True
    values = mask * rng.random((n, n))
    values[np.arange(n), np.arange(n)] += 0.1
    return sp.csr_array(values / values.sum(axis=1, keepdims=True))


def brute_force_hk_step(x, epsilon, adjacency=None):
    """Textbook HK: mean over {i} ∪ neighbours with |x_i - x_j| <= ε (dense, O(N²))."""
    n = x.size
    linked = np.ones((n, n), bool) if adjacency is None else adjacency.toarray() > 0
    np.fill_diagonal(linked, True)
    trust = linked & (np.abs(x[:, None] - x[None, :]) <= epsilon)
    return (trust * x[None, :]).sum(axis=1) / trust.sum(axis=1)


# ----------------------------------------------------------------------------- DeGroot


@pytest.mark.parametrize(
    ("seed", "n", "density"),
    [(0, 40, 0.3), (1, 60, 0.2), (2, 80, 0.1), (3, 400, 0.02), (4, 1000, 0.01)],
)
def test_degroot_iteration_matches_left_eigenvector(seed, n, density):
    # Small n: dense solve; n > 200: ARPACK on the sparse, non-symmetric matrix.
    weights = random_primitive_weights(n, seed, density)
    x0 = np.random.default_rng(100 + seed).normal(size=n)
    run = cs.degroot(weights, x0, max_steps=5000, tol=1e-14, n_records=1)
    pi = cs.influence_vector(weights)
    np.testing.assert_allclose(pi @ weights, pi, atol=1e-12)
    np.testing.assert_allclose(run.final, np.full(n, pi @ x0), atol=1e-8)
    assert cs.degroot_limit(weights, x0) == pytest.approx(pi @ x0, abs=1e-12)
    # Not the plain mean: the test would catch an averaging rule that ignores W.
    assert abs(pi @ x0 - x0.mean()) > 1e-4


def test_degroot_trajectory_is_matrix_power():
    weights = random_primitive_weights(12, 7)
    x0 = np.linspace(-1, 1, 12)
    run = cs.degroot(weights, x0, max_steps=6, n_records=3)
    assert run.times.tolist() == [0, 2, 4, 6]
    dense = weights.toarray()
    np.testing.assert_allclose(run.trajectory[2], np.linalg.matrix_power(dense, 4) @ x0)
    np.testing.assert_allclose(cs.degroot_step(weights, x0), dense @ x0)


@pytest.mark.parametrize("n", [3, 5, 10, 101, 1000])
def test_star_centre_influence_is_n_over_3n_minus_2(n):
    # W = row-normalised (A + I): everyone weighs itself like each neighbour.
    pi = cs.influence_vector(cs.degroot_weights(networks.star_graph(n)))
    assert pi[0] == pytest.approx(n / (3 * n - 2), abs=1e-12)
    np.testing.assert_allclose(pi[1:], 2 / (3 * n - 2), atol=1e-12)


def test_star_without_self_weight_gives_one_half():
    # Without self-weights π ∝ degree: the centre holds (n-1)/(2(n-1)) = 1/2, not n/(3n-2).
    pi = cs.influence_vector(cs.degroot_weights(networks.star_graph(8), include_self=False))
    assert pi[0] == pytest.approx(0.5, abs=1e-12)


def test_influence_proportional_to_degree_plus_one():
    adjacency = networks.erdos_renyi(300, mean_degree=8, rng=3)
    components = sp.csgraph.connected_components(adjacency)[1]
    keep = np.flatnonzero(components == np.bincount(components).argmax())
    adjacency = adjacency[keep][:, keep]
    pi = cs.influence_vector(cs.degroot_weights(adjacency))
    degree = networks.degrees(adjacency)
    np.testing.assert_allclose(pi, (degree + 1) / (degree + 1).sum(), atol=1e-12)


def test_influence_vector_rejects_reducible_weights():
    two_cliques = sp.block_diag([np.full((3, 3), 1 / 3), np.full((2, 2), 1 / 2)], format="csr")
    with pytest.raises(ValueError, match="strongly connected"):
        cs.influence_vector(two_cliques)


# ----------------------------------------------------------------------------- Golub–Jackson


def test_wisdom_error_matches_influence_norm():
    weights = cs.degroot_weights(networks.core_periphery(400, 5, p_core_periphery=1.0, rng=1))
    result = cs.wisdom_of_crowds(weights, true_state=2.0, noise_sd=0.5, n_draws=4000, rng=5)
    expected = 0.5 * np.sqrt(np.sum(result.influence**2))
    assert result.predicted_rmse == pytest.approx(expected)
    # RMSE over 4000 draws: relative standard error ≈ 1/sqrt(2 * 4000) ≈ 1.1 %.
    assert result.rmse == pytest.approx(expected, rel=0.05)
    assert abs(result.errors.mean()) < 4 * expected / np.sqrt(4000)


def test_wise_crowds_shrink_like_inverse_sqrt_n_and_stars_do_not():
    sizes = [100, 400, 1600]
    egal = [
        cs.wisdom_of_crowds(cs.degroot_weights(networks.complete_graph(n)), n_draws=1)
        for n in sizes
    ]
    star = [
        cs.wisdom_of_crowds(cs.degroot_weights(networks.star_graph(n)), n_draws=1) for n in sizes
    ]
    for n, result in zip(sizes, egal, strict=True):
        assert result.predicted_rmse == pytest.approx(n**-0.5, rel=1e-9)
        assert result.max_influence == pytest.approx(1 / n, rel=1e-9)
    # The star's error stays above its centre's influence 1/3 (σ‖π‖ ≥ σ max π).
    for result in star:
        assert result.predicted_rmse > 1 / 3
        assert result.max_influence == pytest.approx(1 / 3, abs=0.005)


# ----------------------------------------------------------------------------- Friedkin–Johnsen


@pytest.mark.parametrize("seed", range(4))
def test_friedkin_johnsen_iteration_equals_linear_solve(seed):
    rng = np.random.default_rng(seed)
    n = 60
    weights = random_primitive_weights(n, 50 + seed)
    x0 = rng.random(n)
    lam = rng.uniform(0.3, 0.95, n)
    run = cs.friedkin_johnsen(weights, x0, lam, max_steps=20000, tol=1e-15, n_records=1)
    solved = cs.friedkin_johnsen_equilibrium(weights, x0, lam)
    dense = np.linalg.solve(np.eye(n) - lam[:, None] * weights.toarray(), (1 - lam) * x0)
    np.testing.assert_allclose(run.final, solved, atol=1e-10)
    np.testing.assert_allclose(solved, dense, atol=1e-10)
    # Persistent disagreement: no consensus although W is primitive.
    assert np.ptp(solved) > 1e-3


def test_friedkin_johnsen_limits():
    weights = random_primitive_weights(30, 9)
    x0 = np.random.default_rng(9).random(30)
    as_degroot = cs.friedkin_johnsen(weights, x0, 1.0, max_steps=25, tol=0.0)
    degroot = cs.degroot(weights, x0, max_steps=25)
    np.testing.assert_allclose(as_degroot.trajectory, degroot.trajectory, atol=1e-14)
    frozen = cs.friedkin_johnsen(weights, x0, 0.0, max_steps=10, tol=0.0)
    np.testing.assert_array_equal(frozen.final, x0)
    np.testing.assert_allclose(cs.friedkin_johnsen_equilibrium(weights, x0, 0.0), x0)


def test_friedkin_johnsen_single_stubborn_agent_wins():
    # With one fully stubborn agent and everyone else fully susceptible, all adopt its view.
    weights = cs.degroot_weights(networks.watts_strogatz(50, 4, 0.1, rng=2))
    x0 = np.random.default_rng(2).random(50)
    lam = np.ones(50)
    lam[7] = 0.0
    np.testing.assert_allclose(cs.friedkin_johnsen_equilibrium(weights, x0, lam), x0[7])


def test_friedkin_johnsen_equilibrium_needs_an_anchor():
    weights = random_primitive_weights(10, 1)
    with pytest.raises(ValueError, match="susceptibility"):
        cs.friedkin_johnsen_equilibrium(weights, np.zeros(10), 1.0)
    two_groups = sp.block_diag([np.full((2, 2), 0.5), np.full((2, 2), 0.5)], format="csr")
    with pytest.raises(ValueError, match="susceptibility"):
        cs.friedkin_johnsen_equilibrium(two_groups, np.zeros(4), [0.5, 0.5, 1.0, 1.0])


# ----------------------------------------------------------------------------- Deffuant


def test_deffuant_uses_strict_bound_and_mu():
    # |x_i - x_j| = ε exactly: no interaction (Deffuant et al. use |Δ| < d).
    run = cs.deffuant([0.25, 0.75], epsilon=0.5, max_steps=5, rng=0)
    np.testing.assert_array_equal(run.final, [0.25, 0.75])
    run = cs.deffuant([0.25, 0.75], epsilon=0.5001, mu=0.25, max_steps=1, check_every=1, rng=0)
    np.testing.assert_allclose(np.sort(run.final), [0.375, 0.625])


@pytest.mark.parametrize("network", [False, True])
def test_deffuant_conserves_mean_opinion(network):
    rng = np.random.default_rng(4)
    adjacency = networks.erdos_renyi(500, mean_degree=6, rng=rng) if network else None
    x0 = rng.random(500)
    run = cs.deffuant(x0, epsilon=0.3, mu=0.3, adjacency=adjacency, max_steps=300, rng=rng)
    assert run.final.mean() == pytest.approx(x0.mean(), abs=1e-12)
    assert not np.array_equal(run.final, x0)


def test_deffuant_on_network_only_neighbours_interact():
    # Two disconnected halves: each keeps its own mean (pairwise moves conserve sums).
    half = networks.complete_graph(50)
    adjacency = sp.block_diag([half, half], format="csr")
    x0 = np.concatenate([np.full(50, 0.2), np.full(50, 0.3)]) + np.linspace(0, 0.01, 100)
    run = cs.deffuant(x0, epsilon=0.9, adjacency=adjacency, rng=1)
    assert run.converged
    assert run.final[:50].mean() == pytest.approx(x0[:50].mean(), abs=1e-12)
    assert np.ptp(run.final[:50]) < 1e-5 and np.ptp(run.final[50:]) < 1e-5
    assert abs(run.final[0] - run.final[-1]) > 0.09


@pytest.mark.parametrize("check_every, n_records", [(1, 1), (7, 4), (10, 7)])
def test_deffuant_network_rounds_are_the_documented_random_matchings(check_every, n_records):
    # Reference in plain numpy: each round draws one priority per edge from the same
    # Generator, and the edges holding the lowest priority at both ends meet.
    adjacency = networks.erdos_renyi(300, mean_degree=6, rng=3)
    u, v = networks.edge_list(adjacency)
    x0 = np.random.default_rng(4).random(300)
    rounds = 23
    run = cs.deffuant(
        x0,
        epsilon=0.3,
        mu=0.3,
        adjacency=adjacency,
        max_steps=rounds,
        tol=0.0,
        check_every=check_every,
        n_records=n_records,
        schedule="matching",
        rng=5,
    )
    planned = record_times(rounds, n_records).tolist()
    assert run.times.tolist() == planned
    rng = np.random.default_rng(5)
    x = x0.copy()
    meetings = []
    for step in range(1, rounds + 1):
        priority = rng.random(u.size)
        lowest = np.full(300, np.inf)
        np.minimum.at(lowest, u, priority)
        np.minimum.at(lowest, v, priority)
        meet = (priority == lowest[u]) & (priority == lowest[v])
        i, j = u[meet], v[meet]
        assert np.unique(np.concatenate([i, j])).size == 2 * i.size  # a matching
        meetings.append(i.size)
        diff = x[j] - x[i]
        shift = np.where(np.abs(diff) < 0.3, 0.3 * diff, 0.0)
        x[i] += shift
        x[j] -= shift
        if step in planned:
            k = planned.index(step)
            np.testing.assert_allclose(run.trajectory[k], x, rtol=0, atol=1e-15)
    assert run.n_steps_run == rounds
    np.testing.assert_allclose(run.final, x, rtol=0, atol=1e-15)
    # a maximal-ish matching: a sizeable share of the 150 possible pairs meet each round
    assert min(meetings) > 40


@pytest.mark.parametrize("network", [False, True])
@pytest.mark.parametrize("check_every, n_records", [(1, 1), (7, 4), (10, 9)])
def test_deffuant_default_is_the_readable_rule_step_for_step(network, check_every, n_records):
    # The published schedule: ⌊N/2⌋ sequential meetings of random pairs (random edges) per
    # round. The compiled kernel and the readable rule, fed by the same generator, give the
    # same opinions after every recorded round, whatever the block size of the draws.
    n, rounds = 80, 29
    adjacency = networks.erdos_renyi(n, mean_degree=5, rng=3) if network else None
    neighbours = None if adjacency is None else rules.neighbour_lists(adjacency)
    x0 = np.random.default_rng(4).random(n)
    run = cs.deffuant(
        x0,
        epsilon=0.3,
        mu=0.3,
        adjacency=adjacency,
        max_steps=rounds,
        tol=0.0,
        check_every=check_every,
        n_records=n_records,
        rng=5,
    )
    planned = record_times(rounds, n_records).tolist()
    assert run.times.tolist() == planned and run.n_steps_run == rounds
    rng = np.random.default_rng(5)
    x = x0.copy()
    for step in range(1, rounds + 1):
        for _ in range(n // 2):
            rules.deffuant_rule(x, 0.3, 0.3, rng, neighbours)
        if step in planned:
            np.testing.assert_array_equal(run.trajectory[planned.index(step)], x)
    np.testing.assert_array_equal(run.final, x)


def test_deffuant_schedules_give_different_clusters():
    # Deffuant et al. (2000) draw one random pair per meeting; a random perfect matching per
    # round is another model. At ε = 0.45, N = 1000, all agents end in one cluster in
    # 0.37 ± 0.03 of the runs with random pairs and 0.67 ± 0.03 with matchings (1000 runs
    # each, seed 12345, 95 % intervals). With 120 runs each the standard error is ≈ 0.045:
    # ±0.13 is about 3 standard errors, and either schedule in the other's place misses by
    # ≈ 0.30.
    def one_cluster_share(schedule):
        hits = []
        for gen in spawn_generators(7, 120):
            run = cs.deffuant(gen.random(1000), epsilon=0.45, schedule=schedule, rng=gen)
            hits.append(cs.opinion_clusters(run.final, gap=1e-3).n_clusters == 1)
        return float(np.mean(hits))

    pairs = one_cluster_share("pairs")
    assert abs(pairs - 0.37) < 0.13
    assert abs(one_cluster_share("matching") - 0.67) < 0.13
    sweep = cs.bounded_confidence_sweep("deffuant", [0.45], n_agents=1000, n_runs=120, rng=7)
    assert sweep.consensus_probability[0] == pytest.approx(pairs)  # the sweep uses the default


@pytest.mark.slow
def test_deffuant_two_major_clusters_at_epsilon_0_2():
    # Deffuant et al. (2000): ≈ floor(1 / (2ε)) major clusters; 2 at ε = 0.2.
    sweep = cs.bounded_confidence_sweep(
        "deffuant", [0.2], n_agents=1000, n_runs=16, min_fraction=0.1, rng=2000
    )
    assert 1.7 <= sweep.mean_major_clusters[0] <= 2.3
    assert not sweep.consensus.any()


@pytest.mark.slow
def test_deffuant_consensus_above_one_half():
    sweep = cs.bounded_confidence_sweep("deffuant", [0.55], n_agents=1000, n_runs=40, rng=55)
    assert sweep.consensus_probability[0] >= 0.95


# ----------------------------------------------------------------------------- Hegselmann–Krause


def test_hk_step_includes_self_and_uses_closed_bound():
    x = np.array([0.0, 0.25, 0.5, 2.0])
    # ε = 0.25 is exact in binary: |0 - 0.25| = ε counts as trusted (≤).
    np.testing.assert_allclose(
        cs.hegselmann_krause_step(x, epsilon=0.25), [0.125, 0.25, 0.375, 2.0]
    )


@pytest.mark.parametrize("seed", range(3))
def test_hk_step_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    x = rng.random(300)
    adjacency = networks.erdos_renyi(300, mean_degree=10, rng=rng)
    for epsilon in (0.05, 0.2, 0.6):
        np.testing.assert_allclose(
            cs.hegselmann_krause_step(x, epsilon=epsilon),
            brute_force_hk_step(x, epsilon),
            atol=1e-13,
        )
        np.testing.assert_allclose(
            cs.hegselmann_krause_step(x, epsilon=epsilon, adjacency=adjacency),
            brute_force_hk_step(x, epsilon, adjacency),
            atol=1e-13,
        )
        np.testing.assert_allclose(
            cs.hegselmann_krause_step(x, epsilon=epsilon, adjacency=networks.complete_graph(300)),
            cs.hegselmann_krause_step(x, epsilon=epsilon),
            atol=1e-13,
        )


def test_hk_reaches_fixed_point_in_finite_time():
    x0 = np.random.default_rng(8).random(500)
    run = cs.hegselmann_krause(x0, epsilon=0.1, tol=0.0, max_steps=500)
    assert run.converged and run.n_steps_run < 100
    np.testing.assert_array_equal(cs.hegselmann_krause_step(run.final, epsilon=0.1), run.final)
    positions = cs.opinion_clusters(run.final, gap=1e-9).positions
    # Surviving clusters are further apart than ε.
    assert np.all(np.diff(positions) > 0.1)


@pytest.mark.slow
def test_hk_consensus_threshold_near_0_2_on_complete_graph():
    # Fortunato (2005): ε_c ≈ 0.2 on the complete graph.
    sweep = cs.bounded_confidence_sweep("hk", [0.15, 0.25], n_agents=1000, n_runs=20, rng=2005)
    below, above = sweep.consensus_probability
    assert below <= 0.1
    assert above >= 0.9


def test_hk_stubborn_agents_keep_their_anchor():
    x0 = np.random.default_rng(3).random(100)
    stubbornness = np.zeros(100)
    stubbornness[:5] = 1.0
    run = cs.hegselmann_krause(x0, epsilon=0.4, stubbornness=stubbornness, max_steps=50)
    np.testing.assert_array_equal(run.final[:5], x0[:5])


# ----------------------------------------------------------------------------- convex hull


opinions_strategy = st.lists(
    st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False), min_size=2, max_size=60
)


@settings(max_examples=60, deadline=None)
@given(
    x0=opinions_strategy,
    epsilon=st.floats(0.01, 1.0),
    seed=st.integers(0, 2**31 - 1),
    model=st.sampled_from(["hk", "hk-network", "deffuant", "deffuant-network", "degroot", "fj"]),
)
def test_averaging_never_leaves_convex_hull(x0, epsilon, seed, model):
    x0 = np.asarray(x0)
    n = x0.size
    rng = np.random.default_rng(seed)
    adjacency = networks.erdos_renyi(n, p=0.3, rng=rng)
    if model == "hk":
        trajectory = cs.hegselmann_krause(x0, epsilon=epsilon, max_steps=20).trajectory
    elif model == "hk-network":
        trajectory = cs.hegselmann_krause(
            x0, epsilon=epsilon, adjacency=adjacency, max_steps=20
        ).trajectory
    elif model == "deffuant":
        trajectory = cs.deffuant(x0, epsilon=epsilon, max_steps=20, n_records=20, rng=rng)
        trajectory = trajectory.trajectory
    elif model == "deffuant-network":
        trajectory = cs.deffuant(
            x0, epsilon=epsilon, adjacency=adjacency, max_steps=20, n_records=20, rng=rng
        ).trajectory
    else:
        weights = cs.degroot_weights(adjacency)
        if model == "degroot":
            trajectory = cs.degroot(weights, x0, max_steps=20).trajectory
        else:
            lam = rng.random(n)
            trajectory = cs.friedkin_johnsen(weights, x0, lam, max_steps=20).trajectory
    slack = 1e-12
    assert trajectory.min() >= x0.min() - slack
    assert trajectory.max() <= x0.max() + slack


# ----------------------------------------------------------------------------- voter model


def test_voter_exit_probability_equals_initial_density_on_complete_graph():
    for k, density in enumerate((0.2, 0.7)):
        stats = cs.voter_exit_probability(100, density, n_runs=3000, rng=2024 + k)
        assert abs(stats.exit_probability - density) <= 3 * stats.standard_error


def test_voter_consensus_time_matches_sood_redner():
    stats = cs.voter_exit_probability(200, 0.5, n_runs=600, rng=11)
    predicted = cs.voter_mean_consensus_time(200, 0.5)
    # Consensus times have a standard deviation of the order of their mean: 600 runs give
    # a relative standard error of ≈ 3 %.
    assert stats.mean_consensus_time == pytest.approx(predicted, rel=0.1)


@pytest.mark.slow
def test_voter_exit_probability_is_degree_weighted_on_networks():
    adjacency = networks.barabasi_albert(200, 2, rng=4)
    degree = networks.degrees(adjacency)
    state = np.zeros(200)
    state[np.argsort(degree)[-20:]] = 1  # the 20 best-connected agents hold opinion 1
    predicted = (degree * state).sum() / degree.sum()
    wins = np.array([cs.voter_model(state, adjacency=adjacency, rng=k).winner for k in range(2000)])
    p = wins.mean()
    se = np.sqrt(predicted * (1 - predicted) / wins.size)
    assert abs(p - predicted) <= 3 * se
    assert abs(p - 0.1) > 6 * se  # not the plain density


def test_voter_run_records_density():
    run = cs.voter_model(np.r_[np.ones(30), np.zeros(70)], rng=1)
    assert run.converged
    assert run.times.tolist() == list(range(run.density.size))
    assert run.n_steps_run == run.times[-1] >= run.consensus_time
    assert run.density[0] == pytest.approx(0.3)
    assert run.density[-1] == run.winner
    assert run.consensus_time > 0


def test_stubborn_elite_pulls_harder_from_the_centre():
    pulls = {}
    for network in ("elite", "egalitarian"):
        sc = cs.stubborn_elite_scenario(network, elite_stubbornness=1.0, rng=3)
        assert sc.elite.sum() == 10
        np.testing.assert_array_equal(sc.initial_opinions[sc.elite], 0.9)
        x = cs.friedkin_johnsen_equilibrium(sc.weights, sc.initial_opinions, sc.susceptibility)
        np.testing.assert_allclose(x[sc.elite], 0.9)  # fully stubborn: never move
        public = ~sc.elite
        pulls[network] = x[public].mean() - sc.initial_opinions[public].mean()
    assert pulls["elite"] > 2 * pulls["egalitarian"] > 0


# ----------------------------------------------------------------------------- reproducibility


def test_same_seed_same_results():
    x0 = np.random.default_rng(0).random(200)
    adjacency = networks.erdos_renyi(200, mean_degree=5, rng=0)
    a = cs.deffuant(x0, epsilon=0.3, adjacency=adjacency, max_steps=50, rng=7)
    b = cs.deffuant(x0, epsilon=0.3, adjacency=adjacency, max_steps=50, rng=7)
    np.testing.assert_array_equal(a.final, b.final)
    c = cs.deffuant(x0, epsilon=0.3, adjacency=adjacency, max_steps=50, rng=8)
    assert not np.array_equal(a.final, c.final)
    v1 = cs.voter_model(np.r_[np.ones(50), np.zeros(50)], rng=3)
    v2 = cs.voter_model(np.r_[np.ones(50), np.zeros(50)], rng=3)
    np.testing.assert_array_equal(v1.density, v2.density)
    s1 = cs.bounded_confidence_sweep("hk", [0.1, 0.3], n_agents=100, n_runs=2, rng=1)
    s2 = cs.bounded_confidence_sweep("hk", [0.1, 0.3], n_agents=100, n_runs=2, rng=1)
    np.testing.assert_array_equal(s1.n_major_clusters, s2.n_major_clusters)
    w1 = cs.wisdom_of_crowds(cs.degroot_weights(networks.star_graph(20)), rng=4)
    w2 = cs.wisdom_of_crowds(cs.degroot_weights(networks.star_graph(20)), rng=4)
    np.testing.assert_array_equal(w1.errors, w2.errors)
    r1 = cs.elite_public_scenario("egalitarian", rng=5)
    r2 = cs.elite_public_scenario("egalitarian", rng=5)
    np.testing.assert_array_equal(r1.trajectory, r2.trajectory)


# ----------------------------------------------------------------------------- bad input


W3 = np.full((3, 3), 1 / 3)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: cs.degroot_weights(np.ones((2, 3))), ValueError, "adjacency"),
        (
            lambda: cs.degroot_weights(networks.star_graph(3), include_self=1),
            TypeError,
            "include_self",
        ),
        (lambda: cs.degroot_weights(np.zeros((3, 3)), include_self=False), ValueError, "isolated"),
        (lambda: cs.degroot(np.ones((3, 3)), [0, 1, 2]), ValueError, "weights"),
        (lambda: cs.degroot(W3, [0, 1]), ValueError, "initial_opinions"),
        (lambda: cs.degroot(W3, [0, 1, np.nan]), ValueError, "initial_opinions"),
        (lambda: cs.degroot(W3, [0, 1, 2], max_steps=-1), ValueError, "max_steps"),
        (lambda: cs.degroot(W3, [0, 1, 2], max_steps=2**62), ValueError, "max_steps"),
        (lambda: cs.degroot(W3, [0, 1, 2], tol=-1.0), ValueError, "tol"),
        (lambda: cs.degroot(W3, [0, 1, 2], n_records=1.5), ValueError, "n_records"),
        (lambda: cs.degroot(W3 + 0j, [0, 1, 2]), TypeError, "weights"),
        (lambda: cs.degroot(W3, [0, 1j, 2]), TypeError, "initial_opinions"),
        (lambda: cs.degroot_step(-W3, [0, 1, 2]), ValueError, "weights"),
        (lambda: cs.degroot_step(W3, "abc"), TypeError, "opinions"),
        (lambda: cs.influence_vector("W"), TypeError, "weights"),
        (lambda: cs.degroot_limit(W3, [1.0]), ValueError, "initial_opinions"),
        (lambda: cs.wisdom_of_crowds(W3, noise_sd=0.0), ValueError, "noise_sd"),
        (lambda: cs.wisdom_of_crowds(W3, n_draws=0), ValueError, "n_draws"),
        (lambda: cs.wisdom_of_crowds(W3, true_state=np.inf), ValueError, "true_state"),
        (lambda: cs.wisdom_of_crowds(W3, rng="seed"), TypeError, "rng"),
        (lambda: cs.friedkin_johnsen(W3, [0, 1, 2], 1.5), ValueError, "susceptibility"),
        (lambda: cs.friedkin_johnsen(W3, [0, 1, 2], [0.5, 0.5]), ValueError, "susceptibility"),
        (lambda: cs.friedkin_johnsen(W3, [0, 1, 2], 0.5, max_steps=-2), ValueError, "max_steps"),
        (lambda: cs.friedkin_johnsen_equilibrium(W3, [0, 1], 0.5), ValueError, "initial_opinions"),
        (lambda: cs.deffuant([0.1, 0.5], epsilon=0.0), ValueError, "epsilon"),
        (lambda: cs.deffuant([0.1, 0.5], epsilon=0.3, mu=0.6), ValueError, "mu"),
        (lambda: cs.deffuant([0.1, 1.5], epsilon=0.3), ValueError, "initial_opinions"),
        (
            lambda: cs.deffuant([0.1, 0.5], epsilon=0.3, adjacency=np.eye(3)),
            ValueError,
            "adjacency",
        ),
        (lambda: cs.deffuant([0.1, 0.5], epsilon=0.3, check_every=0), ValueError, "check_every"),
        (lambda: cs.deffuant([0.1, 0.5], epsilon=0.3, max_steps=-1), ValueError, "max_steps"),
        (lambda: cs.hegselmann_krause_step([0.1, 0.5], epsilon=-0.1), ValueError, "epsilon"),
        (lambda: cs.hegselmann_krause_step([0.1, 0.5], epsilon="a"), TypeError, "epsilon"),
        (lambda: cs.hegselmann_krause([0.1, 0.5], epsilon=1.2), ValueError, "epsilon"),
        (
            lambda: cs.hegselmann_krause([0.1, 0.5], epsilon=0.2, stubbornness=2.0),
            ValueError,
            "stubbornness",
        ),
        (
            lambda: cs.hegselmann_krause([0.1, 0.5], epsilon=0.2, stubbornness=[0.1]),
            ValueError,
            "stubbornness",
        ),
        (
            lambda: cs.hegselmann_krause([0.1, 0.5], epsilon=0.2, max_steps=-1),
            ValueError,
            "max_steps",
        ),
        (
            lambda: cs.hegselmann_krause([0.1, 0.5], epsilon=0.2, adjacency=np.ones((2, 2))),
            ValueError,
            "adjacency",
        ),
        (lambda: cs.opinion_clusters([0.1, 0.2], gap=-1.0), ValueError, "gap"),
        (lambda: cs.voter_model([0, 1, 2]), ValueError, "initial_states"),
        (lambda: cs.voter_model([1]), ValueError, "initial_states"),
        (lambda: cs.voter_model([0, 1], max_steps=0), ValueError, "max_steps"),
        (
            lambda: cs.voter_model(np.arange(1000) % 2, max_steps=10**8),
            ValueError,
            "max_steps",
        ),
        (lambda: cs.voter_model([0, 1], rng=-1), ValueError, "rng"),
        (lambda: cs.voter_exit_probability(1, 0.5), ValueError, "n_agents"),
        (lambda: cs.voter_exit_probability(10, 1.5), ValueError, "initial_density"),
        (lambda: cs.voter_exit_probability(10, 0.5, n_runs=0), ValueError, "n_runs"),
        (lambda: cs.voter_exit_probability(100, 0.5, n_runs=10**5), ValueError, "n_runs"),
        (lambda: cs.voter_mean_consensus_time(10, -0.1), ValueError, "initial_density"),
        (lambda: cs.voter_mean_consensus_time(1.5, 0.5), ValueError, "n_agents"),
        (lambda: cs.voter_mean_consensus_time(True, 0.5), TypeError, "n_agents"),
        (lambda: cs.bounded_confidence_sweep("sznajd", [0.2]), ValueError, "model"),
        (lambda: cs.bounded_confidence_sweep("hk", [0.0, 0.2]), ValueError, "epsilons"),
        (lambda: cs.bounded_confidence_sweep("hk", [0.2], network=3), TypeError, "network"),
        (lambda: cs.bounded_confidence_sweep("hk", [0.2], n_runs=0), ValueError, "n_runs"),
        (lambda: cs.bounded_confidence_sweep("hk", [0.2], n_runs=10**5), ValueError, "n_runs"),
        (
            lambda: cs.bounded_confidence_sweep("hk", [0.2], min_fraction=2),
            ValueError,
            "min_fraction",
        ),
        (lambda: cs.elite_public_scenario("oligarchy"), ValueError, "network"),
        (lambda: cs.elite_public_scenario(stubbornness=-0.5), ValueError, "stubbornness"),
        (lambda: cs.elite_public_scenario(n_agents=10, elite_size=10), ValueError, "n_agents"),
        (lambda: cs.elite_public_scenario(n_steps=-1), ValueError, "n_steps"),
        (lambda: cs.stubborn_elite_scenario("club"), ValueError, "network"),
        (
            lambda: cs.stubborn_elite_scenario(elite_stubbornness=1.5),
            ValueError,
            "elite_stubbornness",
        ),
        (
            lambda: cs.stubborn_elite_scenario(public_susceptibility=1.0),
            ValueError,
            "public_susceptibility",
        ),
        (lambda: cs.stubborn_elite_scenario(elite_opinion=-0.1), ValueError, "elite_opinion"),
        (lambda: cs.stubborn_elite_scenario(elite_size=0), ValueError, "elite_size"),
    ],
)
def test_bad_input_names_the_parameter(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_plot_functions_validate_inputs():
    run = cs.hegselmann_krause(np.linspace(0, 1, 20), epsilon=0.2)
    with pytest.raises(ValueError, match="highlight"):
        pc.plot_opinion_run(run, highlight=[True])
    with pytest.raises(TypeError, match="run"):
        pc.plot_opinion_run(np.zeros(3))
    with pytest.raises(TypeError, match="sweep"):
        pc.plot_bifurcation(None)
    with pytest.raises(ValueError, match="curves"):
        pc.plot_consensus_probability([0.1, 0.2], {"a": [0.0]})
    with pytest.raises(ValueError, match="results"):
        pc.plot_wisdom_scaling([10], {})
    with pytest.raises(ValueError, match="runs"):
        pc.plot_voter_density({})
    with pytest.raises(ValueError, match="prediction"):
        pc.plot_voter_statistics([0.5], [0.5], [0.1], [1.0], prediction=([0.5], []), n_agents=2)
    plt.close("all")


# ----------------------------------------------------------------------------- figures, explorer


def test_plot_functions_return_figures():
    sweep = cs.bounded_confidence_sweep("hk", [0.1, 0.3], n_agents=100, n_runs=2, rng=1)
    sizes = [50, 100]
    wisdom = {
        "complete": [
            cs.wisdom_of_crowds(cs.degroot_weights(networks.complete_graph(n)), n_draws=20, rng=1)
            for n in sizes
        ],
    }
    figures = [
        pc.plot_bifurcation(sweep, title="HK"),
        pc.plot_consensus_probability(
            sweep.epsilons, {"complete": sweep.consensus_probability}, threshold=0.2
        ),
        pc.plot_wisdom_scaling(sizes, wisdom),
        pc.plot_disagreement([0.0, 0.5], {"a": [0.0, 0.1]}),
        pc.plot_voter_statistics(
            [0.2, 0.5],
            [0.2, 0.5],
            [0.01, 0.01],
            [50.0, 69.0],
            prediction=([0.2, 0.35, 0.5], [50.0, 64.7, 69.3]),
            n_agents=100,
        ),
        pc.plot_voter_density({"complete": [cs.voter_model([0, 1, 1, 0], rng=1)]}),
    ]
    assert all(isinstance(fig, Figure) for fig in figures)
    plt.close("all")


def test_explorer_frames_show_the_setting():
    from socmodels.explorers import consensus as pe

    fig = pe.render_voter_explorer("10 × 10 lattice", 0.1)
    (ax,) = fig.axes
    assert ax.get_title() == "10 × 10 lattice, initial share 0.1"
    assert len(ax.lines) == 20
    # the 1s start on the ten best-connected nodes: every run starts at density 0.1
    assert all(line.get_ydata()[0] == pytest.approx(0.1) for line in ax.lines)
    fig = pe.render_bounded_confidence_explorer("egalitarian", 0.3, 0.9)
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == "stubborn 15"
    with pytest.raises(ValueError, match="network"):
        pe.render_voter_explorer("ring", 0.3)
    plt.close("all")


def test_consensus_probability_bands_are_wilson_intervals():
    # 95 % Wilson interval of 0 successes in 10 runs: [0, 0.2775]; of 5 in 10: [0.2366, 0.7634].
    fig = pc.plot_consensus_probability([0.1, 0.2], {"a": [0.0, 0.5]}, n_runs=10)
    (band,) = fig.axes[0].collections
    upper = band.get_paths()[0].vertices[:, 1].max()
    lower = band.get_paths()[0].vertices[:, 1].min()
    assert upper == pytest.approx(0.7634, abs=1e-4) and lower == pytest.approx(0.0, abs=1e-12)
    plt.close(fig)
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="n_runs"):
            pc.plot_consensus_probability([0.1], {"a": [0.5]}, n_runs=bad)
