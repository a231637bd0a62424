"""Tests for socmodels.atomization: percolation and triadic closure with AI companions."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import brentq
from scipy.sparse.csgraph import connected_components

from socmodels import atomization as at
from socmodels.networks import erdos_renyi

METRICS = (
    "mean_degree",
    "clustering",
    "isolates_share",
    "giant_fraction",
    "mean_core_size",
    "no_confidant_share",
)


# ----------------------------------------------------------------------------- percolation


def _fixed_point_giant(c: float) -> float:
    """Independent solution of S = 1 - exp(-cS) by bracketing (not Lambert W)."""
    if c <= 1.0:
        return 0.0
    return brentq(lambda s: s - (1.0 - np.exp(-c * s)), 1e-12, 1.0)


@pytest.mark.parametrize("c", [0.0, 0.5, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0])
def test_er_giant_component_solves_the_self_consistency_equation(c):
    assert at.er_giant_component(c) == pytest.approx(_fixed_point_giant(c), abs=1e-10)


def test_er_giant_component_published_value_and_critical_point():
    assert at.er_giant_component(2.0) == pytest.approx(0.7968, abs=1e-4)
    # Continuous transition at c = 1 with slope 2 just above it.
    assert at.er_giant_component(1.0) == 0.0
    assert at.er_giant_component(1.001) == pytest.approx(2 * 0.001, rel=0.01)
    values = at.er_giant_component(np.array([0.9, 1.5, 4.0]))
    assert values.shape == (3,) and values[0] == 0.0 and np.all(np.diff(values) > 0)


@pytest.mark.parametrize("c", [1.5, 2.0, 3.0])
def test_simulated_er_giant_component_matches_theory(c):
    adjacency = erdos_renyi(100_000, mean_degree=c, rng=int(10 * c))
    curve = at.percolation_curve(adjacency, n_records=1, rng=0)
    assert curve.giant_fraction[0] == pytest.approx(at.er_giant_component(c), abs=0.01)
    # Isolates of G(n, c/n): share e^{-c}.
    assert curve.isolates_share[0] == pytest.approx(np.exp(-c), abs=0.005)


def test_random_tie_removal_follows_the_er_curve():
    adjacency = erdos_renyi(100_000, mean_degree=4.0, rng=11)
    curve = at.percolation_curve(adjacency, strategy="random", n_records=800, rng=3)
    c0 = curve.mean_degree[0]
    np.testing.assert_allclose(curve.mean_degree, c0 * (1 - curve.removed_fraction), atol=1e-4)
    for c in (1.5, 2.0, 3.0):
        k = int(np.argmin(np.abs(curve.mean_degree - c)))
        assert curve.giant_fraction[k] == pytest.approx(
            at.er_giant_component(curve.mean_degree[k]), abs=0.01
        )
    # Below the critical point c = 1 no giant component survives.
    assert curve.giant_fraction[curve.mean_degree < 0.8].max() < 0.01
    assert curve.critical_fraction == pytest.approx(1 - 1 / c0, abs=0.05)


def test_union_find_curve_matches_direct_component_count():
    adjacency = erdos_renyi(3000, mean_degree=3.0, rng=5)
    n = adjacency.shape[0]
    i, j = at.tie_removal_order(adjacency, strategy="random", rng=9)
    curve = at.percolation_curve(adjacency, strategy="random", n_records=10, rng=9)
    for f, giant, isolates in zip(
        curve.removed_fraction, curve.giant_fraction, curve.isolates_share, strict=True
    ):
        keep = slice(int(round(f * i.size)), None)
        remaining = sp.coo_array((np.ones(i[keep].size), (i[keep], j[keep])), shape=(n, n)).tocsr()
        remaining = remaining + remaining.T
        _, labels = connected_components(remaining, directed=False)
        assert giant == np.bincount(labels).max() / n
        assert isolates == np.mean(np.diff(remaining.indptr) == 0)


def test_neighbourhood_overlap_matches_brute_force():
    graph = nx.gnp_random_graph(60, 0.15, seed=4)
    adjacency = sp.csr_array(nx.to_scipy_sparse_array(graph, dtype=float))
    i, j, overlap = at.neighbourhood_overlap(adjacency)
    for a, b, o in zip(i, j, overlap, strict=True):
        common = len(set(graph[a]) & set(graph[b]))
        denominator = graph.degree[a] - 1 + graph.degree[b] - 1 - common
        assert o == pytest.approx(common / denominator if denominator > 0 else 0.0)


def test_removal_orders_follow_their_keys():
    run = at.davidsen_ebel_bornholdt(400, turnover=0.1, rng=2)
    strength = run.tie_strength
    i, j = at.tie_removal_order(run.adjacency, strategy="weak", tie_strength=strength, rng=1)
    weights = np.asarray(strength[i, j]).ravel()
    assert np.all(np.diff(weights) >= 0) and weights[0] < weights[-1]
    i, j = at.tie_removal_order(run.adjacency, strategy="strong", tie_strength=strength, rng=1)
    assert np.all(np.diff(np.asarray(strength[i, j]).ravel()) <= 0)
    ii, jj, overlap = at.neighbourhood_overlap(run.adjacency)
    lookup = dict(zip(zip(ii.tolist(), jj.tolist(), strict=True), overlap, strict=True))
    i, j = at.tie_removal_order(run.adjacency, strategy="bridging", rng=1)
    ordered = np.array([lookup[(a, b)] for a, b in zip(i.tolist(), j.tolist(), strict=True)])
    assert np.all(np.diff(ordered) >= 0)


def test_removing_bridges_first_fragments_a_clustered_network_sooner_than_random():
    run = at.davidsen_ebel_bornholdt(3000, turnover=0.05, rng=8)
    random = at.percolation_curve(run.adjacency, strategy="random", n_records=40, rng=1)
    bridging = at.percolation_curve(run.adjacency, strategy="bridging", n_records=40, rng=1)
    assert bridging.critical_fraction < random.critical_fraction - 0.05
    # After the collapse the bridging-first network has no giant component left while
    # random removal at the same fraction still has one.
    k = int(np.argmin(np.abs(bridging.removed_fraction - (bridging.critical_fraction + 0.05))))
    assert bridging.giant_fraction[k] < 0.1 < random.giant_fraction[k]


def test_bridges_first_drop_at_the_start_is_the_zero_overlap_ties():
    # The percolation page: the bridges-first curve drops at once because ties of overlap 0
    # go first, among them every tie to a person with no other tie (a pendant tie).
    run = at.davidsen_ebel_bornholdt(3000, turnover=0.05, rng=8)
    adjacency = run.adjacency
    n = adjacency.shape[0]
    degree = np.diff(adjacency.indptr)
    i, j, overlap = at.neighbourhood_overlap(adjacency)
    pendant = (degree[i] == 1) | (degree[j] == 1)
    assert np.all(overlap[pendant] == 0)  # a pendant tie always has overlap 0
    zero = overlap == 0
    curve = at.percolation_curve(adjacency, strategy="bridging", n_records=int(i.size), rng=1)

    def giant_without(removed):
        keep = ~removed
        kept = sp.csr_array((np.ones(keep.sum()), (i[keep], j[keep])), shape=(n, n))
        return np.bincount(connected_components(kept, directed=False)[1]).max() / n

    # Exactly the overlap-0 ties go first, and the curve after them is the network without them.
    n_zero = int(zero.sum())
    assert curve.giant_fraction[n_zero] == pytest.approx(giant_without(zero))
    # Each pendant tie cut isolates one person who was in the giant component or a small group:
    # the pendant ties alone account for a visible part of the drop, the other overlap-0 ties
    # (local bridges) for the rest; after them the curve falls far more slowly.
    start, after_zero = curve.giant_fraction[0], curve.giant_fraction[n_zero]
    assert start - giant_without(pendant) > 0.25 * (start - after_zero) > 0
    later = curve.giant_fraction[n_zero + i.size // 10]
    assert (after_zero - later) / (i.size // 10) < 0.2 * (start - after_zero) / n_zero


# ------------------------------------------------------------------ Davidsen–Ebel–Bornholdt


def _same_run(a, b):
    for name in METRICS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    np.testing.assert_array_equal(a.times, b.times)
    assert (a.tie_strength != b.tie_strength).nnz == 0


def test_ai_model_with_zero_ai_is_exactly_the_base_model():
    base = at.davidsen_ebel_bornholdt(500, turnover=0.05, n_steps=80 * 500, rng=123)
    extended = at.ai_companion_network(
        500, turnover=0.05, ai_share=0.0, brokerage=0.0, n_steps=80 * 500, rng=123
    )
    _same_run(base, extended)
    # Also when continuing from a given network, and whatever the stranger share.
    base2 = at.davidsen_ebel_bornholdt(
        500,
        turnover=0.05,
        n_steps=20 * 500,
        initial_ties=base.tie_strength,
        rng=np.random.default_rng(7),
    )
    extended2 = at.ai_companion_network(
        500,
        turnover=0.05,
        stranger_share=0.9,
        n_steps=20 * 500,
        initial_ties=base.tie_strength,
        rng=np.random.default_rng(7),
    )
    _same_run(base2, extended2)


def test_same_seed_same_run_and_different_seed_different_run():
    a = at.ai_companion_network(300, turnover=0.05, ai_share=0.4, brokerage=0.5, rng=5)
    b = at.ai_companion_network(300, turnover=0.05, ai_share=0.4, brokerage=0.5, rng=5)
    _same_run(a, b)
    c = at.ai_companion_network(300, turnover=0.05, ai_share=0.4, brokerage=0.5, rng=6)
    assert not np.array_equal(a.mean_degree, c.mean_degree)


def test_recorded_metrics_match_independent_measures():
    run = at.ai_companion_network(
        800, turnover=0.05, ai_share=0.3, brokerage=0.3, rng=3, strong_tie_threshold=3
    )
    strength = run.tie_strength
    assert (strength != strength.T).nnz == 0 and strength.diagonal().sum() == 0
    graph = nx.from_scipy_sparse_array(run.adjacency)
    n = graph.number_of_nodes()
    degrees = np.diff(strength.indptr)
    assert run.mean_degree[-1] == pytest.approx(degrees.mean())
    assert run.isolates_share[-1] == pytest.approx(np.mean(degrees == 0))
    assert run.clustering[-1] == pytest.approx(nx.average_clustering(graph))
    giant = max(len(c) for c in nx.connected_components(graph)) / n
    assert run.giant_fraction[-1] == pytest.approx(giant)
    strong = np.diff(sp.csr_array(strength >= 3).indptr)
    assert run.mean_core_size[-1] == pytest.approx(np.minimum(strong, 5).mean())
    assert run.no_confidant_share[-1] == pytest.approx(np.mean(strong == 0))


def test_triadic_closure_clustering_far_above_random_graph():
    n = 2000
    run = at.davidsen_ebel_bornholdt(n, turnover=0.05, rng=1)
    k, c = run.stationary("mean_degree"), run.stationary("clustering")
    assert c >= 10 * k / n
    assert c > 0.3  # DEB networks are highly clustered (C ≈ 0.4 here)


def test_clustering_falls_as_turnover_rises():
    turnovers = (0.02, 0.05, 0.1, 0.2)
    clustering = []
    for p in turnovers:
        runs = [at.davidsen_ebel_bornholdt(1500, turnover=p, rng=seed) for seed in (1, 2)]
        clustering.append(np.mean([r.stationary("clustering") for r in runs]))
    assert np.all(np.diff(clustering) < -0.01), clustering


@pytest.mark.parametrize("turnover", [0.05, 0.1])
def test_stationary_tie_balance(turnover):
    """Exact stationary balance of the DEB rule: ties made per step = ties lost per step.

    A step creates a tie unless the two introduced friends already know each other
    (probability C_i for the chosen agent) or the stranger is already a friend, so the
    creation rate is 1 - <C> - O(1/N); a replacement deletes a random agent's ties,
    p <k> per step. Hence <k> = (1 - <C>) / p. Wrong introduction or removal rules
    (e.g. a friend "introduced" to itself, or one tie removed per departure) break it by
    far more than the 2.5 % allowed for the noise of the time averages (≈ 1 %).
    """
    ratios = []
    for seed in (1, 2):
        run = at.davidsen_ebel_bornholdt(
            3000, turnover=turnover, n_steps=round(30 / turnover * 3000), n_records=300, rng=seed
        )
        late = run.times > run.times[-1] / 4
        k = run.mean_degree[late].mean()
        c = run.clustering[late].mean()
        ratios.append(k * turnover / (1 - c))
        assert k <= 1 / turnover
    assert np.mean(ratios) == pytest.approx(1.0, abs=0.025)


def test_ai_attention_without_brokerage_atomizes():
    alphas = (0.0, 0.3, 0.6)
    isolates, giant = [], []
    for alpha in alphas:
        runs = [
            at.ai_companion_network(1000, turnover=0.05, ai_share=alpha, rng=s) for s in (1, 2, 3)
        ]
        isolates.append(np.mean([r.stationary("isolates_share") for r in runs]))
        giant.append(np.mean([r.stationary("giant_fraction") for r in runs]))
    # Seed-to-seed noise of these means is < 0.01; require steps of at least 0.02.
    assert np.all(np.diff(isolates) > 0.02), isolates
    assert np.all(np.diff(giant) < -0.02), giant


def test_brokerage_counteracts_atomization():
    lonely = at.ai_companion_network(1000, turnover=0.05, ai_share=0.6, brokerage=0.0, rng=1)
    brokered = at.ai_companion_network(1000, turnover=0.05, ai_share=0.6, brokerage=1.0, rng=1)
    assert brokered.stationary("isolates_share") < lonely.stationary("isolates_share") - 0.1
    assert brokered.stationary("giant_fraction") > lonely.stationary("giant_fraction") + 0.1


@pytest.mark.slow
def test_stationarity_at_ten_thousand_agents():
    run = at.davidsen_ebel_bornholdt(10_000, turnover=0.05, rng=1)
    late = run.mean_degree[run.times > run.times[-1] / 2]
    first, second = np.array_split(late, 2)
    assert first.mean() == pytest.approx(second.mean(), rel=0.03)


def test_growing_neighbour_lists_do_not_change_the_run():
    # Start from a star: the centre's list must grow beyond the initial capacity.
    n = 200
    star = sp.csr_array((np.ones(n - 1), (np.zeros(n - 1, int), np.arange(1, n))), shape=(n, n))
    star = star + star.T
    run = at.davidsen_ebel_bornholdt(n, turnover=0.01, n_steps=2 * n, initial_ties=star, rng=1)
    assert run.mean_degree[0] == pytest.approx(2 * (n - 1) / n)
    assert np.all(np.isfinite(run.mean_degree))


# -------------------------------------------------------------------------- calibration


def test_calibration_picks_grid_minimum_and_moves_towards_2004():
    fit = at.calibrate_core_network(
        n_agents=400,
        turnover_grid=(0.04, 0.06, 0.1),
        threshold_grid=(2, 3),
        ai_share_grid=(0.0, 0.2, 0.4, 0.6),
        n_runs=1,
        rng=0,
    )
    a, b = np.unravel_index(np.argmin(fit.baseline_loss), fit.baseline_loss.shape)
    assert fit.turnover == fit.turnover_grid[a]
    assert fit.strong_tie_threshold == fit.threshold_grid[b]
    assert fit.ai_share == fit.ai_share_grid[np.argmin(fit.ai_loss)]
    # More AI time: smaller core networks and more people without a confidant.
    assert np.all(np.diff(fit.ai_core) < 0) and np.all(np.diff(fit.ai_no_confidant) > 0)
    assert fit.ai_share > 0
    assert fit.after["mean_core_size"] < fit.before["mean_core_size"]


def test_calibration_keeps_the_book_definition_of_a_confidant_by_default():
    fit = at.calibrate_core_network(
        n_agents=200, turnover_grid=(0.05, 0.1), ai_share_grid=(0.0, 0.3), n_runs=1, rng=0
    )
    assert fit.threshold_grid.tolist() == [at.CONFIDANT_THRESHOLD]
    assert fit.strong_tie_threshold == at.CONFIDANT_THRESHOLD
    run = at.davidsen_ebel_bornholdt(50, turnover=0.2, n_steps=100, rng=0)
    assert run.params["strong_tie_threshold"] == at.CONFIDANT_THRESHOLD


# ------------------------------------------------------------------------------ α–β map


def test_alpha_beta_map_shape_and_direction():
    grid = at.alpha_beta_map(300, turnover=0.1, ai_shares=(0.0, 0.7), brokerages=(0.0, 1.0), rng=2)
    for values in grid.values.values():
        assert values.shape == (2, 2)
    iso = grid.values["isolates_share"]
    # β has no effect without AI time (α = 0): identical cells.
    assert iso[0, 0] == iso[0, 1]
    assert iso[1, 0] > iso[0, 0] and iso[1, 1] < iso[1, 0]


# ------------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"ai_share": 1.5}, ValueError, "ai_share"),
        ({"ai_share": -0.1}, ValueError, "ai_share"),
        ({"brokerage": 2.0}, ValueError, "brokerage"),
        ({"stranger_share": -1.0}, ValueError, "stranger_share"),
        ({"turnover": -0.1}, ValueError, "turnover"),
        ({"turnover": 0.0}, ValueError, "turnover"),
        ({"n_agents": 1}, ValueError, "n_agents"),
        ({"n_agents": 10.5}, ValueError, "n_agents"),
        ({"n_steps": -1}, ValueError, "n_steps"),
        ({"n_records": 0}, ValueError, "n_records"),
        ({"strong_tie_threshold": 0}, ValueError, "strong_tie_threshold"),
        ({"max_confidants": 0}, ValueError, "max_confidants"),
        ({"ai_share": float("nan")}, ValueError, "ai_share"),
        ({"rng": "seed"}, TypeError, "rng"),
        ({"initial_ties": sp.csr_array((5, 5))}, ValueError, "initial_ties"),
        ({"initial_ties": sp.csr_array([[0, 0.5], [0.5, 0]])}, ValueError, "initial_ties"),
    ],
)
def test_ai_companion_network_rejects_bad_arguments(kwargs, exc, match):
    params = {"n_agents": 2, "turnover": 0.1, "n_steps": 2} | kwargs
    n_agents, turnover = params.pop("n_agents"), params.pop("turnover")
    with pytest.raises(exc, match=match):
        at.ai_companion_network(n_agents, turnover=turnover, **params)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        # The default run (6 n_agents / turnover steps) would exceed MAX_STEPS.
        ({"n_agents": 1_000_000, "turnover": 1e-6}, "n_steps"),
        # The tie table (n_agents × 3 / turnover) would exceed MAX_ELEMENTS.
        ({"n_agents": 1_000_000, "turnover": 1e-3, "n_steps": 10}, "n_agents × tie-table"),
        ({"n_agents": 2**62}, "n_agents"),
        ({"n_agents": 100, "n_steps": 2**62}, "n_steps"),
        ({"n_agents": 1_000_000, "n_records": 99_999, "n_steps": 10}, "n_records × n_agents"),
    ],
)
def test_huge_runs_are_refused_before_any_work(kwargs, match):
    with pytest.raises(ValueError, match=match):
        at.davidsen_ebel_bornholdt(**kwargs)


def test_sparse_input_gets_the_same_checks_as_dense_input():
    for bad in ([[0, np.nan], [np.nan, 0]], [[0, -1.0], [-1.0, 0]], [[0, np.inf], [np.inf, 0]]):
        for matrix in (np.array(bad), sp.csr_array(np.array(bad))):
            with pytest.raises(ValueError, match="adjacency"):
                at.tie_removal_order(matrix)
            with pytest.raises(ValueError, match="adjacency"):
                at.percolation_curve(matrix)
    strength = sp.csr_array(np.array([[0, 2.0], [2.0, 0]]))
    for bad in (np.nan, -1.0):
        weights = sp.csr_array(np.array([[0, bad], [bad, 0]]))
        with pytest.raises(ValueError, match="tie_strength"):
            at.tie_removal_order(strength, strategy="weak", tie_strength=weights)


def test_base_model_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_agents"):
        at.davidsen_ebel_bornholdt(1, turnover=0.1)
    with pytest.raises(ValueError, match="turnover"):
        at.davidsen_ebel_bornholdt(10, turnover=1.5)
    with pytest.raises(ValueError, match="initial_ties"):
        at.davidsen_ebel_bornholdt(3, turnover=0.1, initial_ties=np.eye(3))
    run = at.davidsen_ebel_bornholdt(10, turnover=0.5, n_steps=20, rng=0)
    with pytest.raises(ValueError, match="metric"):
        run.stationary("happiness")
    with pytest.raises(ValueError, match="last_fraction"):
        run.stationary("clustering", last_fraction=0.0)


def test_percolation_functions_reject_bad_arguments():
    adjacency = erdos_renyi(50, mean_degree=3.0, rng=1)
    with pytest.raises(ValueError, match="mean_degree"):
        at.er_giant_component(-1.0)
    with pytest.raises(ValueError, match="strategy"):
        at.percolation_curve(adjacency, strategy="loudest")
    with pytest.raises(TypeError, match="tie_strength"):
        at.percolation_curve(adjacency, strategy="weak")
    with pytest.raises(ValueError, match="tie_strength"):
        at.percolation_curve(adjacency, strategy="weak", tie_strength=sp.csr_array((3, 3)))
    with pytest.raises(ValueError, match="n_records"):
        at.percolation_curve(adjacency, n_records=0)
    with pytest.raises(ValueError, match="adjacency"):
        at.percolation_curve(sp.csr_array((5, 5)))
    with pytest.raises(ValueError, match="adjacency"):
        at.neighbourhood_overlap(np.array([[0, 1], [0, 0]]))


def test_calibration_and_map_reject_bad_arguments():
    with pytest.raises(ValueError, match="turnover_grid"):
        at.calibrate_core_network(turnover_grid=(0.0, 0.1))
    with pytest.raises(ValueError, match="threshold_grid"):
        at.calibrate_core_network(threshold_grid=(0, 2))
    with pytest.raises(ValueError, match="ai_share_grid"):
        at.calibrate_core_network(ai_share_grid=(0.5, 1.5))
    with pytest.raises(ValueError, match="years"):
        at.calibrate_core_network(years=(1985, 2024))
    with pytest.raises(ValueError, match="n_runs"):
        at.calibrate_core_network(n_runs=0)
    with pytest.raises(TypeError, match="targets"):
        at.calibrate_core_network(targets={1985: 2.94, 2004: 2.08})
    with pytest.raises(ValueError, match="mean_core_size"):
        at.calibrate_core_network(
            targets={1985: {"mean_core_size": -1.0, "no_confidant_share": 0.1}, 2004: {}}
        )
    with pytest.raises(ValueError, match="ai_shares"):
        at.alpha_beta_map(100, turnover=0.1, ai_shares=(-0.1,))
    with pytest.raises(ValueError, match="brokerages"):
        at.alpha_beta_map(100, turnover=0.1, brokerages=(1.1,))
    with pytest.raises(ValueError, match="turnover"):
        at.alpha_beta_map(100, turnover=0.0)


# ------------------------------------------------------------------ figures and explorers


def test_removal_explorer_alt_matches_its_curve():
    # Explorers of every theme are rendered and described in tests/test_explorers.py;
    # here: the alt text quotes the very curve the frame draws.
    from socmodels.explorers import atomization as ea

    text = ea.describe_removal_explorer("random", 0.0)
    # Nothing removed: the alt text reports the intact network's giant component.
    assert f"{ea.removal_curve('random').giant_fraction[0]:.0%} of people remain" in text
    with pytest.raises(ValueError, match="strategy"):
        ea.render_removal_explorer("loudest", 0.2)


def test_network_layout_matches_networkx_spring_layout():
    from socmodels.plots.atomization import network_layout

    society = at.davidsen_ebel_bornholdt(120, turnover=0.05, rng=3)
    matrix = sp.csr_array(society.adjacency)
    connected = np.flatnonzero(np.diff(matrix.indptr) > 0)
    assert 0 < connected.size < 120  # both the spring layout and the ring of isolates
    spring = nx.spring_layout(
        nx.from_scipy_sparse_array(matrix[connected][:, connected]),
        seed=5,
        iterations=25,
        k=2.0 / np.sqrt(connected.size),
    )
    expected = np.array([spring[i] for i in range(connected.size)])
    positions = network_layout(society.adjacency, seed=5)
    np.testing.assert_allclose(positions[connected], expected, atol=1e-4)
    isolated = np.setdiff1d(np.arange(120), connected)
    np.testing.assert_allclose(np.hypot(*positions[isolated].T), 1.2)


def test_percolation_frame_and_figures_return_figures():
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from socmodels.plots import atomization as pa

    small = at.davidsen_ebel_bornholdt(120, turnover=0.05, rng=1)
    positions = pa.network_layout(small.adjacency, seed=1)
    assert positions.shape == (120, 2) and np.all(np.isfinite(positions))
    order = at.tie_removal_order(small.adjacency, strategy="bridging", rng=1)
    curve = at.percolation_curve(small.adjacency, strategy="bridging", rng=1)
    figures = [
        pa.plot_removal_frame(small.tie_strength, positions, order, 0.6, curve),
        pa.plot_removal_strategies([curve]),
        pa.plot_er_percolation(
            curve, np.linspace(0, 4, 20), at.er_giant_component(np.linspace(0, 4, 20))
        ),
        pa.plot_ai_trajectories([small], ["base"]),
        pa.plot_turnover_clustering([0.05, 0.1], [0.4, 0.3], [10.0, 5.0], 120),
        pa.plot_alpha_beta_map(
            at.alpha_beta_map(60, turnover=0.2, ai_shares=(0.0, 0.5), brokerages=(0.0, 1.0), rng=1)
        ),
        pa.plot_core_calibration(
            at.calibrate_core_network(
                n_agents=80,
                turnover_grid=(0.1,),
                threshold_grid=(2,),
                ai_share_grid=(0.0, 0.3),
                n_runs=1,
                rng=1,
            )
        ),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
        plt.close(figure)
