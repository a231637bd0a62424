"""Measures against known values and networkx, plus bad input."""

import networkx as nx
import numpy as np
import pytest

from socmodels import measures
from socmodels.measures import (
    average_clustering,
    component_sizes,
    count_opinion_clusters,
    degree_distribution,
    effective_number,
    giant_component_fraction,
    gini,
    hhi,
    isolates_share,
    local_clustering,
    lorenz_curve,
    mean_degree,
    opinion_cluster_sizes,
    shannon_entropy,
    top_share,
)
from socmodels.networks import (
    barabasi_albert,
    erdos_renyi,
    from_edges,
    star_graph,
    to_networkx,
    watts_strogatz,
)


@pytest.mark.parametrize("n", [1, 2, 10, 1000])
def test_gini_extremes(n):
    assert gini(np.ones(n)) == 0.0
    one_holds_all = np.zeros(n)
    one_holds_all[0] = 5.0
    assert gini(one_holds_all) == pytest.approx((n - 1) / n)


def test_gini_equals_mean_absolute_difference_definition():
    rng = np.random.default_rng(0)
    x = rng.lognormal(size=300)
    direct = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size * x.sum())
    assert gini(x) == pytest.approx(direct, rel=1e-12)


def test_gini_of_exponential_and_pareto():
    rng = np.random.default_rng(1)
    assert gini(rng.exponential(size=200_000)) == pytest.approx(0.5, abs=0.005)
    alpha = 3.0  # Pareto(alpha) has Gini 1 / (2 alpha - 1)
    assert gini(rng.pareto(alpha, size=400_000) + 1) == pytest.approx(1 / 5, abs=0.005)


def test_gini_is_twice_the_area_under_the_diagonal_of_lorenz():
    x = np.random.default_rng(2).exponential(size=1000)
    p, L = lorenz_curve(x)
    assert p[0] == L[0] == 0 and p[-1] == L[-1] == 1
    assert np.all(np.diff(L) >= 0)
    area = np.sum((L[1:] + L[:-1]) / 2 * np.diff(p))
    assert 1 - 2 * area == pytest.approx(gini(x), abs=1e-12)


def test_top_share_and_concentration():
    assert top_share([1, 1, 1, 7], fraction=0.25) == pytest.approx(0.7)
    assert top_share(np.ones(100), fraction=0.1) == pytest.approx(0.1)
    assert hhi(np.ones(8)) == pytest.approx(1 / 8)
    assert hhi([3, 0, 0]) == 1.0
    assert shannon_entropy(np.ones(5)) == pytest.approx(np.log(5))
    assert effective_number(np.ones(7)) == pytest.approx(7.0)
    assert effective_number([1, 0, 0]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "graph",
    [
        lambda: erdos_renyi(500, mean_degree=8, rng=1),
        lambda: watts_strogatz(500, 8, 0.1, rng=2),
        lambda: barabasi_albert(500, 3, rng=3),
    ],
)
def test_clustering_equals_networkx(graph):
    A = graph()
    G = to_networkx(A)
    assert average_clustering(A) == pytest.approx(nx.average_clustering(G), abs=1e-12)
    ours = local_clustering(A)
    theirs = nx.clustering(G)
    assert np.allclose(ours, [theirs[i] for i in range(A.shape[0])], atol=1e-12)


def test_er_clustering_is_about_mean_degree_over_n():
    A = erdos_renyi(4000, mean_degree=10, rng=4)
    assert average_clustering(A) == pytest.approx(10 / 3999, rel=0.15)


def test_components_and_isolates():
    A = from_edges(6, [0, 1, 3], [1, 2, 4])
    assert component_sizes(A).tolist() == [3, 2, 1]
    assert giant_component_fraction(A) == pytest.approx(0.5)
    assert isolates_share(A) == pytest.approx(1 / 6)
    assert mean_degree(A) == pytest.approx(1.0)
    G = to_networkx(erdos_renyi(3000, mean_degree=1.5, rng=5))
    largest = max(len(c) for c in nx.connected_components(G))
    assert giant_component_fraction(erdos_renyi(3000, mean_degree=1.5, rng=5)) == largest / 3000


def test_degree_distribution_sums_to_one():
    k, p = degree_distribution(star_graph(11))
    assert k.tolist() == [1, 10] and p.sum() == pytest.approx(1.0)


def test_opinion_clusters():
    x = np.concatenate([np.full(50, 0.25), np.full(45, 0.75), [0.5] * 5])
    assert opinion_cluster_sizes(x, gap=0.01).tolist() == [50, 45, 5]
    assert count_opinion_clusters(x, gap=0.01) == 3
    assert count_opinion_clusters(x, gap=0.01, min_fraction=0.1) == 2
    assert count_opinion_clusters(x, gap=0.3) == 1


# Single-parameter checks (NaN, empty, negative, wrong shape or type, out of range) are
# generated from the declared constraints in tests/test_contract.py; these are the rules
# that span a parameter's values or the body's own checks.
@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: gini([0, 0]), ValueError, "positive sum"),
        (lambda: gini([True, False]), TypeError, "values must be"),
        (lambda: hhi([1 + 1j, 2]), TypeError, "sizes must be"),
        (lambda: giant_component_fraction(np.ones((2, 3))), ValueError, "square"),
        (lambda: isolates_share([[0, 1], [0, 0]]), ValueError, "symmetric"),
        (lambda: average_clustering([[0, 2], [2, 0]]), ValueError, "0/1"),
        (lambda: average_clustering([[1, 0], [0, 0]]), ValueError, "diagonal"),
        (lambda: opinion_cluster_sizes([0.1, 0.2], gap=0), ValueError, "gap must be"),
        (
            lambda: count_opinion_clusters([0.1], gap=0.1, min_fraction=1),
            ValueError,
            "min_fraction must be",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_huge_finite_values_give_finite_measures_not_nan():
    # A sum beyond 1e308 overflows; every measure here is scale-invariant, so the result
    # must be the one for the same distribution at a small scale.
    huge = np.array([1e308, 1e308, 0.0, 5e307])
    small = huge / 1e300
    assert gini(huge) == pytest.approx(gini(small), rel=1e-12)
    population, share = lorenz_curve(huge)
    np.testing.assert_allclose(share, lorenz_curve(small)[1], rtol=1e-12)
    assert hhi(huge) == pytest.approx(hhi(small), rel=1e-12)
    assert top_share(huge, fraction=0.25) == pytest.approx(0.4, rel=1e-12)
    assert shannon_entropy(huge) == pytest.approx(shannon_entropy(small), rel=1e-12)


def test_every_public_measure_is_documented_with_examples():
    for name in measures.__all__:
        doc = getattr(measures, name).__doc__
        assert doc and "Examples" in doc, name
