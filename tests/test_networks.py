"""Graph builders: structure, published degree distributions, seeding and bad input."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import networks
from socmodels.measures import giant_component_fraction
from socmodels.networks import (
    barabasi_albert,
    complete_graph,
    core_periphery,
    degrees,
    edge_list,
    erdos_renyi,
    from_edges,
    from_networkx,
    square_lattice,
    star_graph,
    to_networkx,
    watts_strogatz,
)


def assert_simple_undirected(A, n):
    assert sp.issparse(A) and A.format == "csr"
    assert A.shape == (n, n)
    assert (abs(A - A.T)).nnz == 0
    assert A.diagonal().sum() == 0
    assert set(np.unique(A.data)) <= {1.0}


def er_giant_component(c):
    """Root of S = 1 - exp(-c S) by fixed-point iteration (the non-trivial one for c > 1)."""
    s = 1.0
    for _ in range(10_000):
        s = 1.0 - np.exp(-c * s)
    return s


@pytest.mark.parametrize(
    "builder",
    [
        lambda rng: erdos_renyi(300, mean_degree=4, rng=rng),
        lambda rng: erdos_renyi(300, p=0.02, rng=rng),
        lambda rng: barabasi_albert(300, 3, rng=rng),
        lambda rng: watts_strogatz(300, 6, 0.2, rng=rng),
        lambda rng: core_periphery(
            300, 20, p_core=0.9, p_core_periphery=0.3, p_periphery=0.01, rng=rng
        ),
    ],
)
def test_random_builders_are_simple_and_reproducible(builder):
    a = builder(7)
    b = builder(np.random.default_rng(7))
    assert_simple_undirected(a, 300)
    assert (a != b).nnz == 0
    assert (builder(8) != a).nnz > 0


def test_erdos_renyi_giant_component_matches_analytic_s_of_2():
    # S(2) = 0.7968 solves S = 1 - exp(-2 S) (Erdős & Rényi 1960).
    assert er_giant_component(2.0) == pytest.approx(0.7968, abs=1e-4)
    A = erdos_renyi(100_000, mean_degree=2.0, rng=2024)
    assert giant_component_fraction(A) == pytest.approx(0.7968, abs=0.01)


def test_erdos_renyi_edge_count_is_binomial():
    n, p = 2000, 0.003
    counts = [erdos_renyi(n, p=p, rng=s).nnz // 2 for s in range(30)]
    pairs = n * (n - 1) / 2
    mean, sd = pairs * p, np.sqrt(pairs * p * (1 - p))
    assert abs(np.mean(counts) - mean) < 4 * sd / np.sqrt(30)
    assert np.std(counts, ddof=1) == pytest.approx(sd, rel=0.35)


def test_erdos_renyi_pairs_are_uniform():
    # Every pair equally likely: each node's degree is Binomial(n-1, p).
    n = 50
    total = sum(erdos_renyi(n, p=0.5, rng=s).toarray() for s in range(400))
    freq = total[np.triu_indices(n, 1)] / 400
    assert abs(freq.mean() - 0.5) < 0.01
    assert freq.std() < 0.05


def test_erdos_renyi_extremes():
    assert erdos_renyi(10, p=0.0, rng=0).nnz == 0
    assert (erdos_renyi(10, p=1.0, rng=0) != complete_graph(10)).nnz == 0
    assert erdos_renyi(1, p=0.5, rng=0).shape == (1, 1)


def test_barabasi_albert_degree_distribution_matches_dorogovtsev():
    # P(k) = 2m(m+1) / (k(k+1)(k+2)) for small k (Dorogovtsev, Mendes & Samukhin 2000).
    m = 3
    k = degrees(barabasi_albert(100_000, m, rng=11))
    for kk in range(m, m + 6):
        expected = 2 * m * (m + 1) / (kk * (kk + 1) * (kk + 2))
        assert np.mean(k == kk) == pytest.approx(expected, rel=0.05), kk


def test_barabasi_albert_structure():
    n, m = 2000, 4
    A = barabasi_albert(n, m, rng=3)
    assert_simple_undirected(A, n)
    assert A.nnz // 2 == m * (m + 1) // 2 + m * (n - m - 1)
    assert degrees(A).min() == m
    assert giant_component_fraction(A) == 1.0
    # Early nodes become hubs: preferential attachment, not uniform attachment.
    assert degrees(A)[:10].mean() > 5 * degrees(A)[-1000:].mean()


def test_watts_strogatz_ring_and_rewiring():
    ring = watts_strogatz(100, 4, 0.0)
    assert set(degrees(ring).tolist()) == {4}
    i, j = edge_list(ring)
    assert set(((j - i) % 100).tolist()) | set(((i - j) % 100).tolist()) >= {1, 2}
    rewired = watts_strogatz(1000, 6, 0.3, rng=1)
    assert_simple_undirected(rewired, 1000)
    assert rewired.nnz // 2 == 3000  # rewiring keeps the number of edges
    changed = (rewired - watts_strogatz(1000, 6, 0.0)).nnz // 4
    assert 0.25 < changed / 3000 < 0.35  # about rewire_prob of the edges moved


def test_square_lattice_periodic_and_open():
    A = square_lattice(5)
    assert set(degrees(A).tolist()) == {4}
    assert A[0, 1] == 1 and A[0, 5] == 1 and A[0, 4] == 1 and A[0, 20] == 1
    open_lattice = square_lattice(5, periodic=False)
    assert sorted(set(degrees(open_lattice).tolist())) == [2, 3, 4]
    assert open_lattice.nnz // 2 == 2 * 5 * 4


def test_complete_and_star():
    assert (complete_graph(6).nnz) == 30
    s = star_graph(6)
    assert degrees(s).tolist() == [5, 1, 1, 1, 1, 1]


def test_core_periphery_block_densities():
    n, core = 2000, 100
    A = core_periphery(n, core, p_core=0.8, p_core_periphery=0.1, p_periphery=0.002, rng=5)
    dense = A.toarray()
    assert dense[:core, :core][np.triu_indices(core, 1)].mean() == pytest.approx(0.8, abs=0.02)
    assert dense[:core, core:].mean() == pytest.approx(0.1, abs=0.005)
    peri = dense[core:, core:][np.triu_indices(n - core, 1)]
    assert peri.mean() == pytest.approx(0.002, abs=0.0003)


def test_networkx_round_trip():
    A = barabasi_albert(200, 2, rng=1)
    G = to_networkx(A)
    assert G.number_of_nodes() == 200 and G.number_of_edges() == A.nnz // 2
    assert (from_networkx(G) != A).nnz == 0
    H = nx.karate_club_graph()
    assert from_networkx(H).nnz // 2 == H.number_of_edges()


def test_from_edges_drops_loops_and_duplicates():
    A = from_edges(4, [0, 0, 1, 2], [1, 1, 1, 3])
    assert A.nnz // 2 == 2 and A.diagonal().sum() == 0


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: erdos_renyi(-1, p=0.1), ValueError, "n_agents must be"),
        (lambda: erdos_renyi(2.5, p=0.1), ValueError, "n_agents must be an integer"),
        (lambda: erdos_renyi(10, p=1.5), ValueError, r"p must be a real number in \[0, 1\]"),
        (lambda: erdos_renyi(10, p=float("nan")), ValueError, "p must be"),
        (lambda: erdos_renyi(10, mean_degree=20), ValueError, "mean_degree must be"),
        (lambda: erdos_renyi(10), TypeError, "exactly one"),
        (lambda: erdos_renyi(10, p=0.1, mean_degree=1), TypeError, "exactly one"),
        (lambda: erdos_renyi(10, p=0.1, rng="seed"), TypeError, "rng must be"),
        (lambda: barabasi_albert(3, 3), ValueError, r"n_agents must be an integer in \[4, "),
        (lambda: barabasi_albert(10, 0), ValueError, r"links_per_node must be an integer in \[1, "),
        (lambda: watts_strogatz(10, 3, 0.1), ValueError, "ring_neighbours must be even"),
        (lambda: watts_strogatz(10, 4, -0.1), ValueError, "rewire_prob must be"),
        (lambda: square_lattice(2), ValueError, r"side must be an integer in \[3, "),
        (lambda: square_lattice(4, periodic="yes"), TypeError, "periodic must be"),
        (lambda: star_graph(1), ValueError, r"n_agents must be an integer in \[2, "),
        (lambda: complete_graph(0), ValueError, r"n_agents must be an integer in \[1, "),
        (lambda: core_periphery(10, 11), ValueError, "core_size must be"),
        (lambda: core_periphery(10, 2, p_core=2), ValueError, "p_core must be"),
        (lambda: from_edges(3, [0, 5], [1, 2]), ValueError, "sources must be node indices"),
        (lambda: from_edges(3, [0, 1], [1]), ValueError, "equal length"),
        (lambda: from_edges(3, [0.5], [1]), ValueError, "sources must be .* integer"),
        (lambda: to_networkx(np.ones((2, 3))), ValueError, "adjacency must be square"),
        (lambda: to_networkx(np.array([[0, 1], [0, 0]])), ValueError, "symmetric"),
        (lambda: to_networkx(np.array([[0, np.nan], [np.nan, 0]])), ValueError, "finite"),
        (lambda: degrees(np.zeros((0, 0))), ValueError, "at least one node"),
        (lambda: degrees("abc"), TypeError, "adjacency must be"),
        (lambda: from_networkx(nx.DiGraph([(0, 1)])), ValueError, "undirected"),
        (lambda: from_networkx([(0, 1)]), TypeError, "graph must be"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_every_public_builder_is_documented_with_examples():
    for name in networks.__all__:
        doc = getattr(networks, name).__doc__
        assert doc and "Examples" in doc, name
