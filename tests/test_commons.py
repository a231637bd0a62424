"""Tests of socmodels.commons against closed forms and published results."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import commons as cm
from socmodels import networks

C_AND_D = (0.5, 0.5, 0.0, 0.0, 0.0)


# ---------------------------------------------------------------------------- one group
def test_group_payoffs_match_closed_form_for_every_composition():
    G, r = 5, 3.7
    for n_c in range(G + 1):
        counts = np.array([G - n_c, n_c, 0, 0, 0])
        p = cm.group_payoffs(counts, synergy=r)
        if n_c < G:
            assert p[0] == pytest.approx(r * n_c / G)
        if n_c > 0:
            assert p[1] == pytest.approx(r * n_c / G - 1)
        assert np.isnan(p[2:]).all()  # nobody plays these strategies


def test_group_payoffs_punishment_and_trust_by_hand():
    # group: 1 D, 1 C, 2 M, 1 I (G = 5); pot = 3 contributors
    r, beta, gamma = 4.0, 0.8, 0.2
    p = cm.group_payoffs([1, 1, 2, 1, 0], synergy=r, fine=beta, punish_cost=gamma)
    share = r * 3 / 5
    assert p[0] == pytest.approx(share - beta * 3 / 4)  # fined by 2 M + 1 I
    assert p[1] == pytest.approx(share - 1)
    assert p[2] == pytest.approx(share - 1 - gamma * 2 / 4)  # punishes D and I
    assert p[3] == pytest.approx(share - beta * 2 / 4 - gamma * 1 / 4)  # 2 M fine it; it fines D
    # conditional cooperators: 2 CC + 1 C + 2 D; each CC sees 2 other willing players
    gives = cm.group_payoffs([2, 1, 0, 0, 2], synergy=r, trust_threshold=2)
    withholds = cm.group_payoffs([2, 1, 0, 0, 2], synergy=r, trust_threshold=3)
    assert gives[4] == pytest.approx(r * 3 / 5 - 1)
    assert withholds[4] == pytest.approx(r * 1 / 5)
    assert withholds[0] == pytest.approx(r * 1 / 5)
    # θ = 0: a conditional cooperator is an unconditional one
    unconditional = cm.group_payoffs([3, 0, 0, 0, 2], synergy=r, trust_threshold=0)
    assert unconditional[4] == pytest.approx(cm.group_payoffs([3, 2, 0, 0, 0], synergy=r)[1])


def test_expected_payoffs_two_strategies_closed_form():
    G, r = 5, 3.0
    for x in (0.1, 0.5, 0.9):
        p = cm.expected_payoffs((1 - x, x, 0, 0, 0), group_size=G, synergy=r)
        assert p[0] == pytest.approx(r * (G - 1) * x / G)
        assert p[1] - p[0] == pytest.approx(-(1 - r / G))


def test_expected_payoffs_match_monte_carlo_groups():
    rng = np.random.default_rng(7)
    x = np.array([0.25, 0.15, 0.2, 0.1, 0.3])
    G, r, kw = 5, 3.5, {"fine": 0.7, "punish_cost": 0.3, "trust_threshold": 2}
    exact = cm.expected_payoffs(x, group_size=G, synergy=r, **kw)
    n = 200_000
    others = rng.multinomial(1, x, size=(n, G - 1)).sum(axis=1)
    for s in range(5):
        counts = others.copy()
        counts[:, s] += 1
        sampled = cm.group_payoffs(counts, synergy=r, **kw)[:, s]
        se = sampled.std() / np.sqrt(n)
        assert abs(sampled.mean() - exact[s]) < 5 * se + 1e-9, s


# ---------------------------------------------------------------------------- replicator
def test_replicator_matches_logistic_closed_form():
    times = np.linspace(0, 30, 31)
    for r in (2.0, 4.0, 6.5):
        numeric = cm.replicator_dynamics((0.3, 0.7, 0, 0, 0), group_size=5, synergy=r, times=times)
        exact = cm.replicator_cooperation_closed_form(0.7, group_size=5, synergy=r, times=times)
        np.testing.assert_allclose(numeric.fractions[:, 1], exact, atol=1e-6)


def test_closed_form_edges_are_fixed_points_never_nan():
    # x0 = 1 with r < G and x0 = 0 with r > G used to give 0 * inf = NaN.
    times = [0.0, 10.0, 1e4]
    for r in (3.0, 5.0, 7.0):
        for x0 in (0.0, 1.0):
            x = cm.replicator_cooperation_closed_form(x0, group_size=5, synergy=r, times=times)
            np.testing.assert_array_equal(x, x0)
    # inside (0, 1) the exponential over- or underflows to the exact limits 0 and 1
    assert cm.replicator_cooperation_closed_form(0.5, synergy=3.0, times=[1e6])[0] == 0.0
    assert cm.replicator_cooperation_closed_form(0.5, synergy=7.0, times=[1e6])[0] == 1.0


def test_payoffs_stay_finite_at_the_largest_synergy():
    lattice = networks.square_lattice(5)
    payoffs = cm.graph_payoffs(np.ones(25, dtype=int), lattice, synergy=cm.MAX_SYNERGY)
    np.testing.assert_allclose(payoffs, 5 * (cm.MAX_SYNERGY - 1))


def test_strategy_codes_are_named_once():
    assert [int(s) for s in cm.Strategy] == list(range(cm.N_STRATEGIES))
    assert cm.STRATEGY_NAMES[cm.MORALIST] == "moralist"
    assert cm.Strategy.CONDITIONAL == cm.CONDITIONAL == 4


def test_replicator_tragedy_below_group_size_and_rescue_above():
    times = np.array([0.0, 2000.0])  # δ = 1 - r/G = ±0.02: slow but sure
    low = cm.replicator_dynamics((0.01, 0.99, 0, 0, 0), group_size=5, synergy=4.9, times=times)
    high = cm.replicator_dynamics((0.99, 0.01, 0, 0, 0), group_size=5, synergy=5.1, times=times)
    assert low.fractions[-1, 1] < 1e-3
    assert high.fractions[-1, 1] > 0.999


def test_replicator_second_order_free_riding_erodes_punishment():
    times = np.linspace(0, 2000, 5)
    kw = {"fine": 1.0, "punish_cost": 0.3}
    # defectors versus moralists only: all-moralist state resists (fine > 1 - r/G)
    dm = cm.replicator_dynamics(
        (0.2, 0, 0.8, 0, 0), group_size=5, synergy=3.0, times=times, mutation=0.01, **kw
    )
    assert dm.fractions[-1, 2] > 0.95
    # add non-punishing cooperators: they drift in, punishment erodes, defectors win
    dcm = cm.replicator_dynamics(
        (0.1, 0.3, 0.6, 0, 0), group_size=5, synergy=3.0, times=times, mutation=0.01, **kw
    )
    assert dcm.fractions[-1, 0] > 0.9
    # fine below 1 - r/G = 0.4: defectors invade even a population of moralists
    weak = cm.replicator_dynamics(
        (0.05, 0, 0.95, 0, 0),
        group_size=5,
        synergy=3.0,
        times=times,
        fine=0.3,
        punish_cost=0.1,
        mutation=0.01,
    )
    assert weak.fractions[-1, 0] > 0.9


def test_replicator_all_or_none_conditional_cooperators_resist_defectors():
    times = np.linspace(0, 2000, 5)
    defectors = []
    for threshold in range(5):
        res = cm.replicator_dynamics(
            (0.1, 0, 0, 0, 0.9),
            group_size=5,
            synergy=3.0,
            times=times,
            trust_threshold=threshold,
            mutation=0.01,
        )
        defectors.append(res.fractions[-1, 0])
    # demanding more trust protects better; only unanimity (θ = G - 1) keeps defectors at
    # the mutation floor, and θ = 0 is the unconditional tragedy
    assert np.all(np.diff(defectors) < 0)
    assert defectors[4] < 0.01
    assert defectors[0] > 0.95


# ---------------------------------------------------------------------------- finite well mixed
def test_well_mixed_cooperators_die_out_below_group_size():
    for seed in range(3):
        res = cm.well_mixed_public_goods(1000, group_size=5, synergy=4.0, n_steps=400, rng=seed)
        assert res.fractions[-1, 1] == 0.0
    above = cm.well_mixed_public_goods(1000, group_size=5, synergy=7.0, n_steps=400, rng=0)
    assert above.fractions[-1, 1] == 1.0


def test_well_mixed_mean_payoffs_match_closed_form():
    N, G, r = 20_000, 5, 3.0
    res = cm.well_mixed_public_goods(N, group_size=G, synergy=r, n_steps=1, rng=11)
    n_c = round(res.fractions[0, 1] * N)
    # co-players are drawn without replacement from the other N - 1 players
    coop = r / G * (1 + (G - 1) * (n_c - 1) / (N - 1)) - 1
    defect = r / G * (G - 1) * n_c / (N - 1)
    assert res.mean_payoffs[0, 1] == pytest.approx(coop, abs=0.03)
    assert res.mean_payoffs[0, 0] == pytest.approx(defect, abs=0.03)


# ---------------------------------------------------------------------------- spatial payoffs
def _brute_force_payoffs(strategies, adjacency, r, **kw):
    membership = sp.csr_array(adjacency) + sp.eye_array(adjacency.shape[0], format="csr")
    onehot = np.eye(5, dtype=np.int64)[strategies]
    counts = np.rint(membership @ onehot).astype(np.int64)  # composition of group hosted by z
    table = np.nan_to_num(cm.group_payoffs(counts, synergy=r, **kw))
    per_player = membership @ table  # sum over the groups each player belongs to
    return per_player[np.arange(strategies.size), strategies]


@pytest.mark.parametrize("graph", ["lattice", "scale_free"])
def test_kernel_payoffs_equal_brute_force(graph):
    rng = np.random.default_rng(3)
    if graph == "lattice":
        A = networks.square_lattice(7)
    else:
        A = networks.barabasi_albert(200, 2, rng=1)
    s = rng.integers(0, 5, A.shape[0])
    kw = {"fine": 0.6, "punish_cost": 0.2, "trust_threshold": 2}
    np.testing.assert_allclose(
        cm.graph_payoffs(s, A, synergy=3.8, **kw), _brute_force_payoffs(s, A, 3.8, **kw), atol=1e-12
    )


def _python_reference_run(strategies, adjacency, r, noise, mcs, rng):
    """Random-sequential Fermi updates written out in plain Python (slow, obviously right)."""
    strategies = strategies.copy()
    A = sp.csr_array(adjacency)
    n = strategies.size
    for _ in range(mcs * n):
        x = rng.integers(0, n)
        neigh = A.indices[A.indptr[x] : A.indptr[x + 1]]
        y = neigh[rng.integers(0, neigh.size)]
        if strategies[x] == strategies[y]:
            continue
        p = _brute_force_payoffs(strategies, A, r)
        if rng.random() * (1.0 + np.exp((p[x] - p[y]) / noise)) < 1.0:
            strategies[x] = strategies[y]
    return strategies


def test_kernel_equals_plain_python_random_sequential_updates():
    A = networks.square_lattice(5)
    start = np.random.default_rng(0).integers(0, 2, 25)
    reference = _python_reference_run(start, A, 4.0, 0.5, 4, np.random.default_rng(42))
    res = cm.graph_public_goods(
        A, synergy=4.0, noise=0.5, n_steps=4, initial_strategies=start, rng=42
    )
    np.testing.assert_array_equal(res.strategies, reference)


# ---------------------------------------------------------------------------- lattice: published
@pytest.mark.slow
def test_lattice_thresholds_szolnoki_perc_szabo_2009():
    """K = 0.5: cooperators die out below r ≈ 3.74, defectors die out above r ≈ 5.49."""
    extinct = cm.lattice_public_goods(60, synergy=3.5, n_steps=5000, rng=1, n_records=50)
    assert extinct.cooperation[-1] == 0.0
    assert extinct.n_steps_simulated < 5000  # absorbed in the all-defector state
    full = cm.lattice_public_goods(60, synergy=5.7, n_steps=5000, rng=1, n_records=50)
    assert full.cooperation[-1] == 1.0
    # the mixed phase: coexistence, cooperation rising with r
    levels = []
    for r in (3.9, 4.5, 5.2):
        res = cm.lattice_public_goods(60, synergy=r, n_steps=3000, rng=2, n_records=30)
        tail = res.cooperation[-10:].mean()
        assert 0.0 < res.cooperation[-1] < 1.0, r
        levels.append(tail)
    assert 0.2 < levels[0] < 0.65
    assert levels[0] < levels[1] < levels[2]
    assert levels[2] > 0.85


@pytest.mark.slow
def test_lattice_just_inside_both_thresholds():
    """r = 3.8 (above 3.74) keeps cooperators; r = 5.4 (below 5.49) keeps defectors."""
    inside_low = cm.lattice_public_goods(60, synergy=3.8, n_steps=3000, rng=4, n_records=30)
    assert inside_low.cooperation[-1] > 0.05
    inside_high = cm.lattice_public_goods(60, synergy=5.4, n_steps=3000, rng=4, n_records=30)
    assert 0.9 < inside_high.cooperation[-1] < 1.0


def test_lattice_beats_random_regular_graph_with_same_groups():
    """Spatial clustering helps: the same G = 5 groups, randomly wired, keep fewer cooperators."""
    lattice = networks.square_lattice(40)
    rewired = cm.degree_preserving_rewire(lattice, rng=0)
    assert set(networks.degrees(rewired).tolist()) == {4}
    for r in (3.9, 4.5):
        on_lattice = cm.graph_public_goods(lattice, synergy=r, n_steps=1000, rng=5, n_records=20)
        on_random = cm.graph_public_goods(rewired, synergy=r, n_steps=1000, rng=5, n_records=20)
        assert on_random.cooperation[-1] < on_lattice.cooperation[-1] - 0.1, r


@pytest.mark.slow
def test_stable_groups_and_clustering_robust_to_size_and_run_length():
    """The page's claim at r = 4.5, with 4× the players (60 × 60) and twice the run (2000 MCS).

    10 runs each, a fresh random 4-regular graph per run: lattice > random graph > crowd, and
    the random graph keeps most of the lattice's cooperators (the page: 30 × 30, 1000 MCS).
    A rule that ignores who is in which group (regrouped every round) would keep none.
    """
    lattice = networks.square_lattice(60)
    rngs = np.random.default_rng(45).spawn(10)
    kw = dict(synergy=4.5, n_steps=2000, n_records=20)
    on_lattice = [
        cm.graph_public_goods(lattice, rng=g, **kw).cooperation[-10:].mean() for g in rngs
    ]
    on_random = [
        cm.graph_public_goods(cm.degree_preserving_rewire(lattice, rng=g), rng=g, **kw)
        .cooperation[-10:]
        .mean()
        for g in rngs
    ]
    crowd = cm.well_mixed_public_goods(3600, synergy=4.5, n_steps=400, rng=45).fractions[-1, 1]
    half = 1.96 * np.std(on_lattice, ddof=1) / np.sqrt(10) + 1.96 * np.std(
        on_random, ddof=1
    ) / np.sqrt(10)
    assert np.mean(on_lattice) - np.mean(on_random) > half  # clustering adds, significantly
    assert np.mean(on_random) > 0.7 * np.mean(on_lattice)  # stable groups carry most of it
    assert crowd == 0.0


# ---------------------------------------------------------------------------- governance
@pytest.mark.slow
def test_strong_punishment_raises_cooperation_on_the_lattice():
    r = 3.5  # below 3.74: without sanctions cooperators die out
    start = (1 / 3, 1 / 3, 1 / 3, 0.0, 0.0)
    none = cm.lattice_public_goods(
        50,
        synergy=r,
        n_steps=2000,
        rng=1,
        initial_fractions=start,
        fine=0.0,
        punish_cost=0.0,
        n_records=20,
    )
    weak = cm.lattice_public_goods(
        50,
        synergy=r,
        n_steps=2000,
        rng=1,
        initial_fractions=start,
        fine=0.1,
        punish_cost=0.05,
        n_records=20,
    )
    strong = cm.lattice_public_goods(
        50,
        synergy=r,
        n_steps=2000,
        rng=1,
        initial_fractions=start,
        fine=0.6,
        punish_cost=0.1,
        n_records=20,
    )
    # fine = cost = 0: moralists are plain cooperators, and all contributors die out
    assert none.cooperation[-1] == 0.0
    assert weak.cooperation[-1] == 0.0
    assert strong.cooperation[-1] > 0.95
    assert strong.fractions[-1, cm.MORALIST] > 0.95  # moralists crowd out second-order free-riders


def test_unanimity_trust_keeps_cooperation_on_the_lattice():
    start = (0.5, 0.0, 0.0, 0.0, 0.5)
    blind = cm.lattice_public_goods(
        40,
        synergy=3.5,
        n_steps=1000,
        rng=1,
        initial_fractions=start,
        trust_threshold=0,
        n_records=20,
    )
    wary = cm.lattice_public_goods(
        40,
        synergy=3.5,
        n_steps=1000,
        rng=1,
        initial_fractions=start,
        trust_threshold=4,
        n_records=20,
    )
    assert blind.cooperation[-1] == 0.0
    assert wary.cooperation[-1] == 1.0


# ---------------------------------------------------------------------------- heterogeneous
@pytest.mark.slow
def test_social_diversity_promotes_cooperation_santos_2008():
    ba = networks.barabasi_albert(1000, 2, rng=0)
    regular = networks.from_networkx(nx.random_regular_graph(4, 1000, seed=1))
    r = 0.6 * 5  # η = r / (<k> + 1) = 0.6

    def level(A, cost, seed):
        res = cm.diverse_public_goods(A, synergy=r, n_steps=2000, cost=cost, rng=seed)
        return res.cooperation[-200:].mean()

    for seed in (0, 1):
        assert level(ba, "per_individual", seed) > 0.6
        assert level(regular, "per_individual", seed) < 0.05
    # η = 0.5: only the cost-per-individual variant sustains cooperation on the scale-free graph
    r = 2.5
    per_ind = cm.diverse_public_goods(ba, synergy=r, n_steps=2000, cost="per_individual", rng=0)
    per_game = cm.diverse_public_goods(ba, synergy=r, n_steps=2000, cost="per_game", rng=0)
    assert per_ind.cooperation[-200:].mean() > 0.5
    assert per_game.cooperation[-200:].mean() < 0.05


# ---------------------------------------------------------------------------- bookkeeping
def test_reproducible_and_seed_dependent():
    a = cm.lattice_public_goods(20, synergy=4.5, n_steps=50, rng=9)
    b = cm.lattice_public_goods(20, synergy=4.5, n_steps=50, rng=9)
    c = cm.lattice_public_goods(20, synergy=4.5, n_steps=50, rng=10)
    np.testing.assert_array_equal(a.strategies, b.strategies)
    np.testing.assert_array_equal(a.fractions, b.fractions)
    assert not np.array_equal(a.strategies, c.strategies)
    w1 = cm.well_mixed_public_goods(
        100, group_size=5, synergy=4.0, n_steps=20, rng=np.random.default_rng(3)
    )
    w2 = cm.well_mixed_public_goods(
        100, group_size=5, synergy=4.0, n_steps=20, rng=np.random.default_rng(3)
    )
    np.testing.assert_array_equal(w1.fractions, w2.fractions)
    A = networks.barabasi_albert(200, 2, rng=0)
    d1 = cm.diverse_public_goods(A, synergy=3.0, n_steps=30, rng=4)
    d2 = cm.diverse_public_goods(A, synergy=3.0, n_steps=30, rng=4)
    np.testing.assert_array_equal(d1.cooperation, d2.cooperation)


def test_records_snapshots_and_chunked_runs_agree():
    whole = cm.lattice_public_goods(15, synergy=4.5, n_steps=40, rng=2, n_records=8)
    chunked = cm.lattice_public_goods(
        15, synergy=4.5, n_steps=40, rng=2, n_records=8, snapshot_times=[0, 10, 25, 40]
    )
    assert whole.fractions.shape == (9, 5)
    np.testing.assert_array_equal(whole.times, np.arange(0, 41, 5))
    np.testing.assert_array_equal(whole.strategies, chunked.strategies)
    assert chunked.snapshots.shape == (4, 15, 15)
    np.testing.assert_array_equal(chunked.snapshots[-1], chunked.strategies)
    np.testing.assert_allclose(chunked.fractions.sum(axis=1), 1.0)
    # the recorded fractions are those of the snapshot at the same time
    row = list(chunked.times).index(10)
    counts = np.bincount(chunked.snapshots[1].ravel(), minlength=5) / 225
    np.testing.assert_allclose(chunked.fractions[row], counts)


def test_record_times_when_n_steps_is_not_a_multiple_of_n_records():
    res = cm.lattice_public_goods(
        12, synergy=4.5, n_steps=23, rng=1, n_records=4, snapshot_times=[10, 12]
    )
    np.testing.assert_array_equal(res.times, [0, 6, 12, 17, 23])
    row = list(res.times).index(12)
    counts = np.bincount(res.snapshots[1].ravel(), minlength=5) / 144
    np.testing.assert_allclose(res.fractions[row], counts)


def test_absorbed_runs_stop_early_and_fill_the_record():
    res = cm.lattice_public_goods(
        10, synergy=2.0, n_steps=500, rng=0, n_records=50, snapshot_times=[100, 200]
    )
    assert res.n_steps_simulated < 500
    assert res.fractions.shape == (51, 5)
    assert res.fractions[-1, 0] == 1.0
    assert (res.snapshots == cm.DEFECTOR).all()


# ---------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: cm.lattice_public_goods(20, synergy=0.0), "synergy"),
        (lambda: cm.lattice_public_goods(20, synergy=-1.0), "synergy"),
        (lambda: cm.lattice_public_goods(20, synergy=4.0, noise=0.0), "noise"),
        (lambda: cm.lattice_public_goods(2, synergy=4.0), "side"),
        (lambda: cm.lattice_public_goods(20, synergy=4.0, n_steps=0), "n_steps"),
        (lambda: cm.lattice_public_goods(20, synergy=4.0, fine=-0.1), "fine"),
        (lambda: cm.lattice_public_goods(20, synergy=4.0, punish_cost=-1), "punish_cost"),
        (lambda: cm.lattice_public_goods(20, synergy=4.0, trust_threshold=-1), "trust_threshold"),
        (
            lambda: cm.lattice_public_goods(20, synergy=4.0, initial_fractions=(1, 0)),
            "initial_fractions",
        ),
        (
            lambda: cm.lattice_public_goods(20, synergy=4.0, initial_fractions=(0.9, 0.9, 0, 0, 0)),
            "initial_fractions",
        ),
        (lambda: cm.lattice_public_goods(20, synergy=4.0, n_steps=10, n_records=0), "n_records"),
        (
            lambda: cm.lattice_public_goods(20, synergy=4.0, n_steps=10, snapshot_times=[11]),
            "snapshot_times",
        ),
        (
            lambda: cm.lattice_public_goods(20, synergy=4.0, n_steps=10, snapshot_times=[5, 3]),
            "snapshot_times",
        ),
        (
            lambda: cm.lattice_public_goods(5, synergy=4.0, initial_strategies=np.full(25, 7)),
            "initial_strategies",
        ),
        (lambda: cm.graph_public_goods(np.zeros((4, 4)), synergy=4.0), "isolated"),
        (lambda: cm.graph_public_goods(np.ones((3, 2)), synergy=4.0), "adjacency"),
        (
            lambda: cm.graph_payoffs([0, 1, 2], networks.square_lattice(3), synergy=4.0),
            "strategies",
        ),
        (lambda: cm.group_payoffs([1, 1, 0, 0], synergy=3.0), "counts"),
        (lambda: cm.group_payoffs([1.5, 1, 0, 0, 0], synergy=3.0), "counts"),
        (lambda: cm.group_payoffs([1, 1, 0, 0, 0], synergy=1e308), "synergy"),
        (lambda: cm.group_payoffs(np.array([1, 1, 0, 0, 0]) + 0j, synergy=3.0), "counts"),
        (lambda: cm.contributor_fraction([np.nan, 0.5, 0.5, 0, 0]), "fractions"),
        (lambda: cm.contributor_fraction([np.inf, 0.5, 0.5, 0, 0]), "fractions"),
        (lambda: cm.contributor_fraction([1, 1, 1, 1, 1]), "fractions"),
        (lambda: cm.contributor_fraction("abc"), "fractions"),
        (lambda: cm.graph_public_goods(networks.square_lattice(4) * 1j), "adjacency"),
        (lambda: cm.lattice_public_goods(20, n_steps=2**62), "n_steps"),
        (lambda: cm.well_mixed_public_goods(10**6, n_steps=10**6), "n_steps"),
        (
            lambda: cm.degree_preserving_rewire(networks.square_lattice(100), swaps_per_edge=999),
            "swaps_per_edge",
        ),
        (lambda: cm.group_payoffs([0, 0, 0, 0, 0], synergy=3.0), "counts"),
        (lambda: cm.group_payoffs([1, 1, 0, 0, 0], synergy=float("nan")), "synergy"),
        (lambda: cm.expected_payoffs(C_AND_D, group_size=1, synergy=3.0), "group_size"),
        (lambda: cm.expected_payoffs(C_AND_D, group_size=5, synergy=0.0), "synergy"),
        (lambda: cm.replicator_dynamics(C_AND_D, group_size=5, synergy=3.0, times=[1, 2]), "times"),
        (
            lambda: cm.replicator_dynamics(
                C_AND_D, group_size=5, synergy=3.0, times=[0, 1], mutation=2
            ),
            "mutation",
        ),
        (
            lambda: cm.replicator_cooperation_closed_form(
                1.5, group_size=5, synergy=3.0, times=[0]
            ),
            "initial_cooperators",
        ),
        (
            lambda: cm.well_mixed_public_goods(101, group_size=5, synergy=3.0, n_steps=10),
            "n_agents",
        ),
        (lambda: cm.well_mixed_public_goods(100, group_size=5, synergy=3.0, n_steps=0), "n_steps"),
        (
            lambda: cm.well_mixed_public_goods(
                100, group_size=5, synergy=3.0, n_steps=10, noise=-1
            ),
            "noise",
        ),
        (
            lambda: cm.diverse_public_goods(
                networks.square_lattice(4), synergy=3.0, cost="per_head"
            ),
            "cost",
        ),
        (lambda: cm.diverse_public_goods(networks.square_lattice(4), synergy=-3.0), "synergy"),
        (lambda: cm.diverse_public_goods(np.zeros((3, 3)), synergy=3.0), "isolated"),
        (
            lambda: cm.degree_preserving_rewire(networks.square_lattice(4), swaps_per_edge=0.0),
            "swaps_per_edge",
        ),
        (lambda: cm.contributor_fraction([0.5, 0.5]), "fractions"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_wrong_types_raise_type_errors():
    with pytest.raises(TypeError, match="side"):
        cm.lattice_public_goods("20", synergy=4.0)
    with pytest.raises(ValueError, match="side"):
        cm.lattice_public_goods(20.5, synergy=4.0)
    with pytest.raises(TypeError, match="n_agents"):
        cm.well_mixed_public_goods(True)
    with pytest.raises(TypeError, match="synergy"):
        cm.lattice_public_goods(20, synergy="4")
    with pytest.raises(TypeError, match="rng"):
        cm.lattice_public_goods(20, synergy=4.0, rng="seed")


# ---------------------------------------------------------------------------- figures, explorers
@pytest.mark.parametrize("network", ["square lattice", "random regular", "scale-free"])
def test_spatial_explorer_every_network_and_sanction(network):
    import matplotlib.pyplot as plt

    from socmodels.explorers import commons as pc

    for fine in pc.SANCTION_FINES:
        fig = pc.render_spatial_explorer(4.5, 0.5, fine, network, n_steps=20)
        assert len(fig.axes) == 2
        plt.close(fig)
    with pytest.raises(ValueError, match="fine"):
        pc.render_spatial_explorer(4.5, 0.5, -1.0, network)
    with pytest.raises(ValueError, match="network"):
        pc.render_spatial_explorer(4.5, 0.5, 0.0, "hypercube")


def test_plot_functions_check_shapes():
    import matplotlib.pyplot as plt

    from socmodels.plots import commons as pc

    res = cm.lattice_public_goods(10, synergy=4.5, n_steps=10, rng=0, snapshot_times=[0, 10])
    figs = [
        pc.plot_snapshots(res.snapshots, res.snapshot_times),
        pc.plot_strategy_fractions(res.times, res.fractions, title="t"),
        pc.plot_phase_diagram([0.7, 0.9], [[0.0, 0.5]], thresholds=[0.748, 1.098]),
        pc.plot_diversity_curves([0.5, 0.6], {"a": [0.1, 0.2]}),
        pc.plot_payoff_gap(
            [0.2, 0.8],
            [cm.expected_payoffs((0.8, 0.2, 0, 0, 0), group_size=5, synergy=3.0)] * 2,
            group_size=5,
            synergy=3.0,
        ),
    ]
    assert all(len(f.axes) >= 1 for f in figs)
    plt.close("all")
    with pytest.raises(ValueError, match="fractions"):
        pc.plot_strategy_fractions(res.times, res.fractions[:, :2], title="t")
    with pytest.raises(ValueError, match="grid"):
        pc.plot_spatial_frame(np.zeros((3, 4)), res.times, res.fractions, title="t")
    with pytest.raises(ValueError, match="cooperation"):
        pc.plot_phase_diagram([0.7, 0.9], [0.1, 0.2, 0.3])


# ----------------------------------------------------------- the common-pool resource game
def test_cpr_equilibria_are_the_published_benchmarks():
    # Walker, Gardner & Ostrom (1990): n = 8, F(X) = 23X − 0.25X², w = 5 (cents).
    eq = cm.cpr_equilibria(8, endowment=10, return_rate=23, crowding=0.25, outside_return=5)
    assert eq.nash_investment == pytest.approx(8.0)
    assert eq.nash_total == pytest.approx(64.0)
    assert eq.optimal_total == pytest.approx(36.0)
    assert eq.open_access_total == pytest.approx(72.0)
    assert eq.optimal_rent == pytest.approx(18**2 / (4 * 0.25))  # (a − w)² / 4b = 324
    # The Nash equilibrium keeps 4n/(n+1)² = 32/81 (≈ 39 %) of the maximum rent.
    assert 1 - eq.rent_dissipation == pytest.approx(32 / 81, abs=1e-12)


@pytest.mark.parametrize("n", [1, 2, 5, 8, 20])
def test_cpr_nash_is_a_best_reply_and_the_optimum_maximises_the_group(n):
    game = {"endowment": 50, "return_rate": 23.0, "crowding": 0.25, "outside_return": 5.0}
    eq = cm.cpr_equilibria(n, **game)
    x = np.full(n, eq.nash_investment)
    base = cm.cpr_payoffs(x, **game)[0]
    for dev in (-0.5, -0.01, 0.01, 0.5):  # no unilateral deviation pays
        y = x.copy()
        y[0] += dev
        assert cm.cpr_payoffs(y, **game)[0] < base
    totals = np.linspace(0, n * 50, 2001)
    group = [cm.cpr_payoffs(np.full(n, t / n), **game).sum() for t in totals]
    assert totals[int(np.argmax(group))] == pytest.approx(eq.optimal_total, abs=n * 50 / 2000)
    assert eq.nash_total == pytest.approx(2 * n / (n + 1) * eq.optimal_total)


def test_cpr_endowment_caps_the_equilibrium():
    eq = cm.cpr_equilibria(2, endowment=5)  # unconstrained x* = 24 > 5
    assert eq.nash_investment == 5.0 and eq.nash_total == 10.0 and eq.rent_dissipation == 0.0


def test_cpr_best_response_converges_to_nash_in_every_run():
    for seed in range(10):
        res = cm.cpr_learning(8, rule="best_response", n_steps=400, rng=seed)
        np.testing.assert_allclose(res.final, 8.0, atol=1e-6)


def test_cpr_imitation_dissipates_the_rent_to_open_access():
    # Vega-Redondo (1997): imitating the best drives X to (a − w)/b = 72, not to Nash (64).
    means = [
        cm.cpr_learning(8, rule="imitation", n_steps=2000, rng=seed).totals[500:].mean()
        for seed in range(10)
    ]
    assert np.mean(means) == pytest.approx(72.0, abs=2.0)
    assert min(means) > 68.0  # every run: far above the Nash total 64


def test_cpr_learning_rejects_investments_outside_the_endowment():
    with pytest.raises(ValueError, match="initial_investments"):
        cm.cpr_learning(3, initial_investments=[1.0, 2.0, 11.0], endowment=10)
    with pytest.raises(ValueError, match="return_rate"):
        cm.cpr_equilibria(8, return_rate=4.0, outside_return=5.0)
    with pytest.raises(ValueError, match="investments"):
        cm.cpr_payoffs([1.0, 20.0], endowment=10)
