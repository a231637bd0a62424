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


def test_percolation_curve_with_the_readable_step_is_the_fast_curve(society):
    # step= runs the readable rule inside percolation_curve: the same curve, point for point.
    for strategy in at.REMOVAL_STRATEGIES:
        kw = dict(strategy=strategy, tie_strength=society.tie_strength, n_records=40, rng=8)
        fast = at.percolation_curve(society.adjacency, **kw)
        slow = at.percolation_curve(society.adjacency, step=rules.remove_tie_rule, **kw)
        np.testing.assert_array_equal(slow.giant_fraction, fast.giant_fraction)
        np.testing.assert_array_equal(slow.isolates_share, fast.isolates_share)
        np.testing.assert_array_equal(slow.mean_degree, fast.mean_degree)


def test_a_different_removal_step_changes_the_curve(society):
    # A step that forgets to remove the tie at the other end leaves half-ties behind: the
    # last tie removed does not leave everybody isolated.
    def one_sided(friends, i, j):
        friends[i].remove(j)
        n = len(friends)
        alone = sum(len(contacts) == 0 for contacts in friends)
        return rules.largest_group(friends) / n, alone / n

    kw = dict(strategy="random", n_records=40, rng=8)
    fast = at.percolation_curve(society.adjacency, **kw)
    wrong = at.percolation_curve(society.adjacency, step=one_sided, **kw)
    assert fast.isolates_share[-1] == 1.0
    assert wrong.isolates_share[-1] < 0.9


def test_a_removal_step_that_returns_nonsense_is_refused(society):
    with pytest.raises(ValueError, match="step must return"):
        at.percolation_curve(society.adjacency, step=lambda friends, i, j: None, rng=0)
    with pytest.raises(ValueError, match="step must return"):
        at.percolation_curve(society.adjacency, step=lambda friends, i, j: (2.0, 0.0), rng=0)


def _rule_ensemble(rule, n, n_steps, n_runs, **params):
    # The readable rule, run through the public functions' step= (the student's path).
    model = at.ai_companion_network if "ai_share" in params else at.davidsen_ebel_bornholdt
    values = []
    for rng in spawn_generators(11, n_runs):
        run = model(n, n_steps=n_steps, n_records=1, step=rule, rng=rng, **params)
        values.append({m: float(getattr(run, m)[-1]) for m in METRICS})
    return values


def _loop_ensemble(rule, n, n_steps, n_runs, **params):
    # The same rule in a loop of its own, measured independently of the package's snapshot.
    values = []
    for rng in spawn_generators(11, n_runs):
        friends, strength = [[] for _ in range(n)], {}
        for _ in range(n_steps):
            rule(friends, strength, rng=rng, **params)
        values.append(_measure(friends, strength))
    return values


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


def _fast_ensemble(n, n_steps, n_runs, **params):
    values = []
    for rng in spawn_generators(12, n_runs):
        run = at.ai_companion_network(n, n_steps=n_steps, n_records=1, rng=rng, **params)
        values.append({m: float(getattr(run, m)[-1]) for m in METRICS})
    return values


METRICS = ("mean_degree", "clustering", "mean_core_size", "isolates_share")
N, TURNOVER, RUNS = 60, 0.1, 40
STEPS = at.default_n_steps(N, TURNOVER)  # six mean lifetimes: 6 N / p steps


def _agree(slow, fast, metric):
    a = np.array([v[metric] for v in slow])
    b = np.array([v[metric] for v in fast])
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return abs(a.mean() - b.mean()), se, a.mean(), b.mean()


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


def test_step_runs_measure_what_the_rule_did():
    # The same seed and rule through step= and through a loop of its own: the same run, so
    # the package's measures of the custom run are the measures of the rule's network.
    through = _rule_ensemble(rules.triadic_closure_rule, N, 900, 3, turnover=TURNOVER)
    own = _loop_ensemble(rules.triadic_closure_rule, N, 900, 3, turnover=TURNOVER)
    for a, b in zip(through, own, strict=True):
        for metric in METRICS:
            assert a[metric] == pytest.approx(b[metric], abs=1e-12), metric


def test_a_different_ai_step_changes_the_result():
    # Neglect that dissolves a tie at once (instead of lowering its strength by one) is a
    # different model; through step= it must move the core size far outside the tolerance.
    def hasty_neglect(friends, strength, turnover, ai_share, brokerage, stranger_share, rng):
        i = int(rng.integers(len(friends)))
        if rng.random() < ai_share and rng.random() >= brokerage:
            if friends[i]:
                j = friends[i][rng.integers(len(friends[i]))]
                friends[i].remove(j)
                friends[j].remove(i)
                del strength[rules._pair(i, j)]
        else:
            rules.introduce(friends, strength, i, rng)
        rules._turnover(friends, strength, turnover, rng)

    params = dict(turnover=TURNOVER, ai_share=0.6, brokerage=0.0, stranger_share=0.5)
    slow = _rule_ensemble(hasty_neglect, N, STEPS, RUNS, **params)
    fast = _fast_ensemble(N, STEPS, RUNS, **params)
    gap, se, _, _ = _agree(slow, fast, "mean_core_size")
    assert gap > 4 * se


def test_a_tie_step_that_breaks_the_network_is_refused():
    def one_sided(friends, strength, turnover, rng):
        i, j = (int(x) for x in rng.choice(len(friends), size=2, replace=False))
        if j not in friends[i]:
            friends[i].append(j)
            strength[rules._pair(i, j)] = 1

    with pytest.raises(ValueError, match="step must keep"):
        at.davidsen_ebel_bornholdt(20, turnover=0.1, n_steps=50, step=one_sided, rng=0)


def test_custom_steps_start_from_initial_ties(society):
    # A step that changes nothing keeps the initial network exactly.
    run = at.davidsen_ebel_bornholdt(
        150,
        turnover=0.08,
        n_steps=10,
        initial_ties=society.tie_strength,
        step=lambda friends, strength, turnover, rng: None,
        rng=0,
    )
    assert (run.tie_strength != society.tie_strength).nnz == 0
    assert run.mean_degree[-1] == pytest.approx(society.mean_degree[-1])
