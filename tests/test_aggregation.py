"""The aggregation chapter's models against their papers, their readable rules and bad input.

Each model: the published headline result from >= 10 seeded runs with a tolerance a wrong
rule fails (and a deliberately wrong copy of the rule that does fail it); the compiled fast
path against the readable rule of :mod:`socmodels.rules.aggregation` (same seed, same run);
clear errors for bad input.
"""

from __future__ import annotations

import inspect
import time

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from socmodels import aggregation as ag
from socmodels.contract import constraints_of
from socmodels.explorers import aggregation as explorers
from socmodels.plots import aggregation as figures
from socmodels.rules import aggregation as rules

RUNS = 10


# --------------------------------------------------------------------------- Schelling


@pytest.fixture(scope="module")
def schelling_shares():
    """Final like shares, 10 runs each, NetLogo's 51 × 51 world at density 0.8."""
    shares = {}
    for wanted in (0.3, 0.5):
        runs = [
            ag.schelling(ag.random_city(51, density=0.8, rng=s), wanted=wanted, rng=s)
            for s in range(RUNS)
        ]
        assert all(run.converged for run in runs)
        shares[wanted] = np.array([[run.like_share[0], run.like_share[-1]] for run in runs])
    return shares


def test_schelling_mild_preferences_give_strong_sorting(schelling_shares):
    # NetLogo Segregation: from about 0.50, to about 0.71–0.74 at 30 % wanted and
    # about 0.85–0.89 at 50 % wanted (density 0.7–0.9).
    start = schelling_shares[0.3][:, 0]
    assert abs(start.mean() - 0.5) < 0.01
    assert 0.71 <= schelling_shares[0.3][:, 1].mean() <= 0.75
    assert 0.85 <= schelling_shares[0.5][:, 1].mean() <= 0.89


def _wrong_schelling_tick(grid, wanted, rng):
    """A wrong copy of the rule: empty cells counted as unlike neighbours."""
    like = np.zeros(grid.shape)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr or dc:
                like += (np.roll(grid, (dr, dc), axis=(0, 1)) == grid) & (grid > 0)
    unhappy = np.flatnonzero((grid > 0) & (like < wanted * 8))  # the error
    grid = grid.copy()
    for cell in unhappy[np.argsort(rng.random(unhappy.size), kind="stable")]:
        kind = grid.flat[cell]
        grid.flat[cell] = 0
        free = np.flatnonzero(grid.ravel() == 0)
        grid.flat[free[int(rng.random() * free.size)]] = kind
    return grid


def test_schelling_a_wrong_rule_fails_the_tolerance():
    wrong = [
        ag.schelling(
            ag.random_city(30, density=0.8, rng=s),
            wanted=0.3,
            rng=s,
            max_steps=60,
            step=_wrong_schelling_tick,
        ).like_share[-1]
        for s in range(RUNS)
    ]
    assert not 0.71 <= np.mean(wrong) <= 0.75


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_schelling_fast_path_is_the_readable_rule(seed):
    city = ag.random_city(12, density=0.8, rng=seed)
    fast = ag.schelling(city, wanted=0.5, rng=seed)
    slow = ag.schelling(city, wanted=0.5, rng=seed, step=rules.schelling_tick)
    assert fast.converged and slow.converged
    assert fast.n_steps_run == slow.n_steps_run
    np.testing.assert_array_equal(fast.final, slow.final)
    np.testing.assert_array_equal(fast.times, slow.times)


def test_schelling_measures_and_conservation():
    city = ag.random_city(20, density=0.75, rng=4)
    run = ag.schelling(city, wanted=0.4, rng=4, n_records=5)
    assert run.n_agents == 300
    for frame in run.trajectory:  # households only move: the kinds are conserved
        assert (frame == 1).sum() == (city == 1).sum() and (frame == 2).sum() == (city == 2).sum()
    assert run.unhappy_share[-1] == 0 and run.times[0] == 0 and run.times[-1] == run.n_steps_run
    like, unhappy = ag.schelling_measures(np.array([[1, 2, 0], [0, 0, 0], [0, 0, 0]]), wanted=0.5)
    assert (like, unhappy) == (0.0, 1.0)


def test_schelling_network_sorts_far_less_than_the_city(schelling_shares):
    kinds = np.repeat([1, 2], 300)
    final = []
    for s in range(RUNS):
        run = ag.schelling_network(np.random.default_rng(s).permutation(kinds), wanted=0.3, rng=s)
        assert run.converged
        adjacency = run.final
        # every person is happy at the end: like share >= wanted
        same = run.kinds[adjacency.indices] == np.repeat(run.kinds, np.diff(adjacency.indptr))
        like = np.add.reduceat(np.r_[same, False].astype(int), adjacency.indptr[:-1])
        degree = np.diff(adjacency.indptr)
        assert np.all(like[degree > 0] >= 0.3 * degree[degree > 0])
        assert adjacency.nnz // 2 == run.params["n_ties"]  # ties are swapped, never lost
        final.append(run.like_share[-1])
    assert 0.5 < np.mean(final) < 0.6 < schelling_shares[0.3][:, 1].min()


@pytest.mark.parametrize("seed", [0, 1])
def test_schelling_network_fast_path_is_the_readable_rule(seed):
    kinds = np.random.default_rng(seed).integers(1, 3, 50)
    fast = ag.schelling_network(kinds, wanted=0.5, rng=seed)
    slow = ag.schelling_network(kinds, wanted=0.5, rng=seed, step=rules.schelling_network_tick)
    assert fast.n_steps_run == slow.n_steps_run and fast.converged == slow.converged
    assert (fast.final != slow.final).nnz == 0


# --------------------------------------------------------------------------- Axelrod


@pytest.fixture(scope="module")
def culture_regions():
    """Largest region at the absorbing state, F = 10 on a 20 × 20 torus, 10 runs per q."""
    largest = {}
    for q in (10, 30, 50, 70, 100):
        runs = [
            ag.axelrod_culture(ag.random_culture(20, n_features=10, n_traits=q, rng=s), rng=s)
            for s in range(RUNS)
        ]
        assert all(run.converged for run in runs)
        largest[q] = np.array([run.largest_region[-1] for run in runs])
    return largest


def test_axelrod_order_disorder_transition_in_q(culture_regions):
    # Castellano, Marsili & Vespignani (2000): one culture for small q, fragmentation
    # for large q. Issue #17's figures: ≈ 1.0 (q = 10), 0.97 (30), 0.05 (70), 0.02 (100).
    assert culture_regions[10].mean() >= 0.99
    assert culture_regions[30].mean() >= 0.93
    assert culture_regions[70].mean() <= 0.1
    assert culture_regions[100].mean() <= 0.05
    # near the transition the outcome varies widely from run to run
    assert 0.1 <= culture_regions[50].mean() <= 0.75
    assert culture_regions[50].std() > 0.1


def test_axelrod_crossover_at_q50_on_20x20():
    # 40 runs at q = 50 on 20 × 20 (F = 10, uniform traits, run to absorption): our mean is
    # 0.32 ± 0.07. Issue #17 quoted ≈ 0.58 for this lattice; that value is outside the
    # interval and we found no source for it. The mean at q = 50 grows with the lattice
    # (the notebook shows 28 × 28), so it is a finite-size number, not a model constant.
    values = [
        ag.axelrod_culture(
            ag.random_culture(20, n_features=10, n_traits=50, rng=s), rng=s
        ).largest_region[-1]
        for s in range(40)
    ]
    mean = np.mean(values)
    half = 1.96 * np.std(values, ddof=1) / np.sqrt(len(values))
    assert 0.2 <= mean <= 0.45 and half < 0.1
    assert min(values) < 0.1 and max(values) > 0.6  # bimodal: ordered and fragmented runs


def _no_homophily_interaction(traits, neighbours, rng, media=None, media_strength=0.0):
    """A wrong copy of the rule: copy a differing trait always, whatever the overlap."""
    n_agents, _ = traits.shape
    i = int(rng.random() * n_agents)
    candidates = neighbours[i][neighbours[i] >= 0]
    other = traits[candidates[int(rng.random() * candidates.size)]]
    differ = np.flatnonzero(traits[i] != other)
    if differ.size:
        feature = differ[int(rng.random() * differ.size)]
        traits[i, feature] = other[feature]
    return traits


def test_axelrod_without_homophily_would_not_fragment():
    right, wrong = [], []
    for s in range(RUNS):
        start = ag.random_culture(5, n_features=3, n_traits=100, rng=s)
        right.append(ag.axelrod_culture(start, rng=s).largest_region[-1])
        wrong.append(
            ag.axelrod_culture(
                start, rng=s, step=_no_homophily_interaction, max_steps=200_000
            ).largest_region[-1]
        )
    assert np.mean(right) <= 0.1
    assert np.mean(wrong) > 0.5  # the wrong rule drifts to one culture: it fails the target


@pytest.mark.parametrize("media_strength", [0.0, 0.05])
def test_axelrod_fast_path_is_the_readable_rule(media_strength):
    for s in range(3):
        start = ag.random_culture(6, n_features=3, n_traits=4, rng=s)
        fast = ag.axelrod_culture(start, media_strength=media_strength, rng=s)
        slow = ag.axelrod_culture(
            start, media_strength=media_strength, rng=s, step=rules.axelrod_interaction
        )
        assert fast.converged and slow.converged
        np.testing.assert_array_equal(fast.final, slow.final)


def test_axelrod_absorbing_state_and_regions():
    run = ag.axelrod_culture(ag.random_culture(10, n_features=4, n_traits=8, rng=3), rng=3)
    assert run.converged and run.active_links[-1] == 0
    sizes = ag.cultural_regions(run.final)
    assert sizes.sum() == 100 and sizes[0] / 100 == run.largest_region[-1]
    assert sizes.size == run.n_regions[-1]
    # absorbing: every pair of neighbours identical or with nothing in common
    flat = run.final.reshape(100, 4)
    for dr, dc in ((0, 1), (1, 0)):
        other = np.roll(run.final, (-dr, -dc), axis=(0, 1)).reshape(100, 4)
        overlap = (flat == other).sum(axis=1)
        assert np.all((overlap == 0) | (overlap == 4))


def test_axelrod_strong_media_align_the_public_with_themselves():
    start = ag.random_culture(10, n_features=5, n_traits=5, rng=1)
    media = np.zeros(5, dtype=int)
    run = ag.axelrod_culture(start, media_strength=0.5, media=media, rng=1)
    assert run.converged
    share_like_media = np.mean(np.all(run.final.reshape(100, 5) == media, axis=1))
    assert share_like_media > 0.5


# --------------------------------------------------------------------------- Holme & Newman


def _holme_newman_largest(phi, n_agents=1000, runs=RUNS, **kw):
    out = []
    for s in range(runs):
        opinions = np.random.default_rng(100 + s).integers(0, n_agents // 10, n_agents)
        run = ag.holme_newman(opinions, phi=phi, rng=s, **kw)
        assert run.converged
        out.append(run.largest_community)
    return np.array(out)


@pytest.mark.parametrize(
    "phi, expected, tolerance",
    [
        (0.05, 0.96, 0.03),
        (0.2, 0.94, 0.04),
        (0.35, 0.73, 0.1),
        (0.458, 0.09, 0.03),
        (0.6, 0.04, 0.02),
    ],
)
def test_holme_newman_transition(phi, expected, tolerance):
    # Holme & Newman (2006), <k> = 4, N/G = 10, N = 1000, run to consensus. At 0.458 the
    # share depends on N (test below); 0.09 ± 0.03 is ours at N = 1000 (issue #17: 0.13).
    assert abs(_holme_newman_largest(phi).mean() - expected) <= tolerance


def test_holme_newman_critical_share_falls_with_n():
    # At phi_c the largest community's share is a finite-size quantity: it falls with N
    # (0.125, 0.088, 0.058 at N = 500, 1000, 2000 in 10 runs each), so a single value quoted
    # at phi = 0.458 (issue #17: 0.13) fits N = 500, not N = 1000.
    small = _holme_newman_largest(0.458, n_agents=500)
    large = _holme_newman_largest(0.458, n_agents=2000)
    assert small.mean() > 1.5 * large.mean()
    assert abs(small.mean() - 0.125) < 0.04 and abs(large.mean() - 0.058) < 0.025


def _random_rewiring_update(opinions, edges, phi, rng):
    """A wrong copy of the rule: rewire to anyone at all, not to the like-minded."""
    n_agents = opinions.size
    i = int(rng.random() * n_agents)
    mine = np.flatnonzero((edges[:, 0] == i) | (edges[:, 1] == i))
    if mine.size == 0:
        return opinions, edges
    tie = mine[int(rng.random() * mine.size)]
    if rng.random() < phi:
        new = (i + 1 + int(rng.random() * (n_agents - 1))) % n_agents
        edges[tie] = (i, new)
    else:
        far = edges[tie, 1] if edges[tie, 0] == i else edges[tie, 0]
        opinions[i] = opinions[far]
    return opinions, edges


def test_holme_newman_needs_rewiring_to_the_like_minded():
    right = _holme_newman_largest(0.6, n_agents=100)
    wrong = []
    for s in range(RUNS):
        opinions = np.random.default_rng(100 + s).integers(0, 10, 100)
        wrong.append(
            ag.holme_newman(
                opinions, phi=0.6, rng=s, step=_random_rewiring_update
            ).largest_community
        )
    assert right.mean() < 0.3 and np.mean(wrong) > 0.6


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_holme_newman_fast_path_is_the_readable_rule(seed):
    opinions = np.random.default_rng(seed).integers(0, 5, 40)
    fast = ag.holme_newman(opinions, phi=0.4, rng=seed)
    slow = ag.holme_newman(opinions, phi=0.4, rng=seed, step=rules.holme_newman_update)
    assert fast.n_steps_run == slow.n_steps_run and fast.converged and slow.converged
    np.testing.assert_array_equal(fast.final, slow.final)
    np.testing.assert_array_equal(np.sort(fast.edges, axis=1), np.sort(slow.edges, axis=1))


def test_holme_newman_conserves_edges_and_reaches_consensus():
    opinions = np.random.default_rng(5).integers(0, 30, 300)
    run = ag.holme_newman(opinions, phi=0.3, rng=5)
    assert run.edges.shape == (600, 2) and np.all(run.edges[:, 0] != run.edges[:, 1])
    assert run.converged and np.all(run.final[run.edges[:, 0]] == run.final[run.edges[:, 1]])
    assert run.community_sizes.sum() == 300 and run.discordant_edges[-1] == 0


# --------------------------------------------------------------------------- algorithmic bias


@pytest.fixture(scope="module")
def unbiased_runs():
    runs = [
        ag.algorithmic_bias(
            np.random.default_rng(s).random(500), gamma=0.0, rng=s, max_steps=5_000 * 500
        )
        for s in range(RUNS)
    ]
    assert all(run.converged for run in runs)
    return runs


def _major_groups(opinions):
    sizes = ag.opinion_groups(opinions, gap=0.01)
    return int((sizes >= 0.01 * opinions.size).sum())


def test_unbiased_public_ends_in_two_groups(unbiased_runs):
    # Sîrbu et al. (2019), complete graph, N = 500, mu = 1/2, epsilon = 0.2, gamma = 0:
    # two groups, after about 230 meetings per person (we report the median: the
    # distribution is wide).
    groups = [_major_groups(run.final) for run in unbiased_runs]
    assert np.bincount(groups).argmax() == 2
    sweeps = np.median([run.n_steps_run / 500 for run in unbiased_runs])
    assert 100 <= sweeps <= 500


def test_biased_public_stays_fragmented_after_1000_meetings(unbiased_runs):
    counts = []
    for s in range(RUNS):
        run = ag.algorithmic_bias(
            np.random.default_rng(s).random(500),
            gamma=1.5,
            rng=s,
            max_steps=1000 * 500,
            n_records=2,
        )
        assert not run.converged
        counts.append(_major_groups(run.final))
    assert min(counts) >= 10
    # a recommender that ignored gamma (the unbiased runs) would fail this target
    assert max(_major_groups(run.final) for run in unbiased_runs) < 10


@pytest.mark.parametrize("gamma", [0.0, 1.5])
def test_bias_fast_path_is_the_readable_rule(gamma):
    x0 = np.random.default_rng(3).random(60)
    fast = ag.algorithmic_bias(x0, gamma=gamma, max_steps=6000, rng=3)
    slow = ag.algorithmic_bias(x0, gamma=gamma, max_steps=6000, rng=3, step=rules.biased_meeting)
    assert fast.n_steps_run == slow.n_steps_run and fast.converged == slow.converged
    np.testing.assert_array_equal(fast.final, slow.final)


def test_learning_ai_fast_path_is_the_readable_rules():
    x0 = np.random.default_rng(4).random(40)
    learns = (x0 < 0.5).astype(int)
    run = ag.learning_ai_public(x0, learns_from=learns, gamma=1.0, n_steps=3000, rng=4, n_records=1)
    rng = np.random.default_rng(4)
    x, stance = x0.copy(), 0.5
    for _ in range(3000):
        if rng.random() < 0.1:
            x, stance = rules.ai_conversation(x, stance, learns.astype(bool), 0.2, 0.5, 0.01, rng)
        else:
            x = rules.biased_meeting(x, 0.2, 0.5, 1.0, rng)
    np.testing.assert_array_equal(run.final, x)
    assert run.ai_stance[-1] == stance


def test_curated_ai_follows_its_training_set():
    x0 = np.random.default_rng(6).random(300)
    left = (x0 < 0.3).astype(int)
    everyone = ag.learning_ai_public(x0, n_steps=60_000, rng=6)
    curated = ag.learning_ai_public(x0, learns_from=left, n_steps=60_000, rng=6)
    assert abs(everyone.ai_stance[-1] - 0.5) < 0.15
    assert curated.ai_stance[-1] < 0.3
    silent = ag.learning_ai_public(
        x0, learns_from=np.zeros(300, dtype=int), ai_initial_stance=0.7, n_steps=1000, rng=6
    )
    assert np.all(silent.ai_stance == 0.7)  # learns from nobody: never moves


# --------------------------------------------------------------------------- contract


PUBLIC_MODELS = [
    ag.random_city,
    ag.schelling,
    ag.schelling_network,
    ag.random_culture,
    ag.cultural_regions,
    ag.axelrod_culture,
    ag.holme_newman,
    ag.opinion_groups,
    ag.algorithmic_bias,
    ag.learning_ai_public,
    ag.schelling_measures,
]


@pytest.mark.parametrize("function", PUBLIC_MODELS, ids=lambda f: f.__name__)
def test_every_parameter_is_declared_and_keyword_only(function):
    signature = inspect.signature(function)
    declared = constraints_of(function)
    for name, parameter in signature.parameters.items():
        assert name in declared, name
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            assert parameter.default is not parameter.empty
    positional = [
        p
        for p in signature.parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    assert len(positional) == 1  # the state first
    assert "Valid ranges" in function.__doc__


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ag.schelling(np.full((5, 5), 3)), "initial_grid"),
        (lambda: ag.schelling(np.ones((5, 5))), "empty cell"),
        (lambda: ag.schelling(ag.random_city(5, rng=1), wanted=1.5), "wanted"),
        (lambda: ag.schelling(ag.random_city(5, rng=1), max_steps=2.5), "max_steps"),
        (lambda: ag.random_city(5, density=0.0), "density"),
        (lambda: ag.schelling_network([1, 2, 3]), "initial_kinds"),
        (lambda: ag.schelling_network([1, 2, 2], adjacency=np.zeros((4, 4))), "adjacency"),
        (lambda: ag.axelrod_culture(np.zeros((3, 4, 2))), "initial_traits"),
        (lambda: ag.axelrod_culture(np.zeros((3, 3, 2)), media=[0, 0, 0]), "media"),
        (lambda: ag.axelrod_culture(np.full((3, 3, 2), -1)), "initial_traits"),
        (lambda: ag.holme_newman([0, 1, 0], phi=float("nan")), "phi"),
        (lambda: ag.holme_newman([0.5, 1, 0]), "initial_opinions"),
        (lambda: ag.algorithmic_bias([0.1, 1.2]), "initial_opinions"),
        (lambda: ag.algorithmic_bias([0.1, 0.2], mu=0.7), "mu"),
        (lambda: ag.algorithmic_bias(np.zeros(100_000), max_steps=10**8), "n_agents × steps"),
        (lambda: ag.learning_ai_public([0.1, 0.2], learns_from=[1, 1, 1]), "learns_from"),
        (lambda: ag.learning_ai_public([0.1, 0.2], rng=-1), "rng"),
    ],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_same_seed_same_run():
    city = ag.random_city(15, rng=9)
    assert np.array_equal(ag.schelling(city, rng=9).final, ag.schelling(city, rng=9).final)
    x0 = np.random.default_rng(9).random(50)
    first = ag.learning_ai_public(x0, n_steps=2000, rng=9)
    second = ag.learning_ai_public(x0, n_steps=2000, rng=np.random.default_rng(9))
    assert np.array_equal(first.final, second.final)


# --------------------------------------------------------------------------- figures, explorers


def test_figures_draw_from_data():
    city = ag.random_city(10, rng=1)
    run = ag.holme_newman(np.random.default_rng(1).integers(0, 5, 50), phi=0.5, rng=1)
    bias = ag.learning_ai_public(np.random.default_rng(1).random(30), n_steps=300, rng=1)
    made = [
        figures.plot_city(city),
        figures.plot_cities([city, city], ["a", "b"]),
        figures.plot_transition(
            [1, 2],
            {"a": np.array([[0.1, 0.2], [0.3, 0.4]])},
            xlabel="x",
            ylabel="y",
            references={"paper": ([1], [0.2])},
            vline=(1.5, "critical"),
        ),
        figures.plot_culture_map(ag.random_culture(5, n_traits=2, rng=1)),
        figures.plot_community_sizes(run.community_sizes, exponent=3.5),
        figures.plot_coevolving_network(run.final, run.edges),
        figures.plot_opinion_trajectories({"AI": bias}),
        figures.plot_ai_scenarios(["a", "b"], {"m": np.array([[0.1, 0.2], [0.5, 0.6]])}),
    ]
    assert all(isinstance(fig, Figure) for fig in made)
    with pytest.raises(ValueError, match="values"):
        figures.mean_interval([[1.0], [2.0]])  # one run per row: no interval
    plt.close("all")


@pytest.mark.parametrize("name", sorted(explorers.EXPLORERS))
def test_registered_explorer_renders_its_default_frame_quickly(name):
    from socmodels.widgets import figure_to_html

    spec = explorers.EXPLORERS[name]
    assert set(spec) <= {"render", "controls", "alt", "fixed", "dpi"}
    n_frames = int(np.prod([len(c.values) for c in spec["controls"].values()]))
    assert n_frames <= 40
    params = {k: c.values[c.default_index] for k, c in spec["controls"].items()}
    fig = spec["render"](**params)
    assert fig.get_layout_engine() is None
    figure_to_html(fig, spec["alt"](**params), dpi=spec["dpi"])  # warm-up
    start = time.perf_counter()
    html = figure_to_html(spec["render"](**params), spec["alt"](**params), dpi=spec["dpi"])
    assert html.startswith("<img") and 'alt="' in html
    # 150 ms on a quiet machine (a new setting: the model runs, then the frame is drawn);
    # the repeat here is cached, so allow for a loaded runner.
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("name", sorted(explorers.EXPLORERS))
def test_registered_explorer_describes_every_frame(name):
    from socmodels.explorers.spec import iter_grid

    spec = explorers.EXPLORERS[name]
    texts = set()
    for params in iter_grid(spec["controls"]):
        text = spec["alt"](**params)
        for value in params.values():
            assert str(value) in text, (value, text)
        texts.add(text)
    assert len(texts) == int(np.prod([len(c.values) for c in spec["controls"].values()]))
