"""The readable rules of the atomization chapter against the package's fast paths."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import atomization as at
from socmodels.contract import spawn_generators
from socmodels.measures import average_clustering
from socmodels.rules import atomization as rules
from socmodels.rules import show
from socmodels.rules.consensus import neighbour_lists


@pytest.fixture(scope="module")
def society():
    return at.davidsen_ebel_bornholdt(150, turnover=0.08, rng=5)


@pytest.mark.parametrize("strategy", at.REMOVAL_STRATEGIES)
def test_remove_tie_rule_is_the_percolation_curve_tie_for_tie(society, strategy):
    # Same seed, same removal order: the readable rule, one removal at a time, gives every
    # point of the union–find curve exactly.
    kw = dict(strategy=strategy, tie_strength=society.tie_strength, rng=3)
    i, j = at.tie_removal_order(society.adjacency, **kw)
    curve = at.percolation_curve(society.adjacency, n_records=i.size, **kw)
    friends = neighbour_lists(society.adjacency)
    n = len(friends)
    assert curve.giant_fraction[0] == rules.largest_group(friends) / n
    for step, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True), start=1):
        giant, isolates = rules.remove_tie_rule(friends, a, b)
        assert giant == curve.giant_fraction[step]
        assert isolates == curve.isolates_share[step]
    assert all(len(f) == 0 for f in friends)


def _measure(friends, strength):
    n = len(friends)
    pairs = list(strength)
    rows = [a for a, b in pairs] + [b for a, b in pairs]
    cols = [b for a, b in pairs] + [a for a, b in pairs]
    adjacency = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    strong = np.zeros(n)
    for (a, b), uses in strength.items():
        if uses >= at.CONFIDANT_THRESHOLD:
            strong[a] += 1
            strong[b] += 1
    return {
        "mean_degree": adjacency.nnz / n,
        "clustering": average_clustering(adjacency) if adjacency.nnz else 0.0,
        "mean_core_size": float(np.minimum(strong, 5).mean()),
        "isolates_share": float(np.mean([len(f) == 0 for f in friends])),
    }


def _rule_ensemble(rule, n, n_steps, n_runs, **params):
    values = []
    for rng in spawn_generators(11, n_runs):
        friends, strength = [[] for _ in range(n)], {}
        for _ in range(n_steps):
            rule(friends, strength, rng=rng, **params)
        values.append(_measure(friends, strength))
    return values


def _fast_ensemble(n, n_steps, n_runs, **params):
    values = []
    for rng in spawn_generators(12, n_runs):
        run = at.ai_companion_network(n, n_steps=n_steps, n_records=1, rng=rng, **params)
        values.append({m: float(getattr(run, m)[-1]) for m in _measure([[]], {})})
    return values


N, TURNOVER, RUNS = 60, 0.1, 40
STEPS = at.default_n_steps(N, TURNOVER)  # six mean lifetimes: 6 N / p steps


def _agree(slow, fast, metric):
    a = np.array([v[metric] for v in slow])
    b = np.array([v[metric] for v in fast])
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return abs(a.mean() - b.mean()), se, a.mean(), b.mean()


METRICS = ("mean_degree", "clustering", "mean_core_size", "isolates_share")


@pytest.mark.parametrize(
    "ai",
    [None, (0.6, 0.0, 0.5), (0.6, 1.0, 0.5), (0.4, 0.5, 0.0)],
    ids=["DEB", "substitute", "broker", "friends-of-friends"],
)
def test_readable_rules_match_the_compiled_models_in_distribution(ai):
    # The compiled kernels draw their random numbers in batches, so the same seed gives a
    # different run; the stationary statistics of 40 runs must agree within 4 standard
    # errors (a wrong rule, e.g. introductions that do not use the introducer's ties, or
    # neglect that removes a tie at once, moves the core size or the degree by far more).
    if ai is None:
        slow = _rule_ensemble(rules.triadic_closure_rule, N, STEPS, RUNS, turnover=TURNOVER)
        fast = _fast_ensemble(N, STEPS, RUNS, turnover=TURNOVER)
    else:
        alpha, beta, strangers = ai
        params = dict(ai_share=alpha, brokerage=beta, stranger_share=strangers)
        slow = _rule_ensemble(rules.ai_companion_rule, N, STEPS, RUNS, turnover=TURNOVER, **params)
        fast = _fast_ensemble(N, STEPS, RUNS, turnover=TURNOVER, **params)
    for metric in METRICS:
        gap, se, a, b = _agree(slow, fast, metric)
        assert gap <= 4 * se + 1e-9, (metric, a, b, se)


def test_the_tolerance_catches_a_wrong_rule():
    # Forgetting that the introducer uses its two ties (the ties' strength, not the
    # network, changes) must fail the comparison above on the core size.
    def wrong(friends, strength, turnover, rng):
        i = int(rng.integers(len(friends)))
        if len(friends[i]) >= 2:
            j, k = (int(x) for x in rng.choice(friends[i], size=2, replace=False))
            rules.meet(friends, strength, j, k)
        else:
            rules.meet(friends, strength, i, rules.random_stranger(len(friends), i, rng))
        rules.apply_turnover(friends, strength, turnover, rng)

    slow = _rule_ensemble(wrong, N, STEPS, RUNS, turnover=TURNOVER)
    fast = _fast_ensemble(N, STEPS, RUNS, turnover=TURNOVER)
    gap, se, _, _ = _agree(slow, fast, "mean_core_size")
    assert gap > 4 * se


def test_rules_are_shown_from_the_package():
    for rule in (rules.remove_tie_rule, rules.triadic_closure_rule, rules.ai_companion_rule):
        source = repr(show(rule))
        assert source.startswith("def ") and rule.__name__ in source
