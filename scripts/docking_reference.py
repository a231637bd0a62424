#!/usr/bin/env python3
"""The Python side of the docking tests of the live explorables (NetLogo's method).

    .venv/bin/python scripts/docking_reference.py          # rewrite the reference file
    .venv/bin/python scripts/docking_reference.py --check  # exit 1 if it is not current

The JavaScript ports in ``site/explorables/`` are tested headless by ``node --test
site/explorables/test/``: each runs the same model on the same parameters with its own seeded
generator and compares its ensemble statistics with the Python model's, recorded here in
``site/explorables/test/reference.json``. Two kinds of case:

- ``statistics``: a statistic of many independent runs of the Python model (its mean, standard
  error and number of runs). The JavaScript mean must lie within 4 combined standard errors
  (plus a small absolute slack for statistics with no spread, such as a cluster count that is
  the same in every run) — tight enough that a wrong rule fails (test/mutants.test.js checks
  that deliberately wrong rules do).
- ``exact``: deterministic functions (Hegselmann–Krause, Friedkin–Johnsen, payoffs, the
  percolation curve for a given removal order, Gini and Lorenz) on inputs from the Python side;
  the JavaScript values must agree to 1e-9.

Everything is seeded, so the file is a pure function of the package's code: ``tests/
test_docking.py`` recomputes it and fails if the committed file is stale (run this script and
commit the result), then runs the node suite.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from socmodels import (
    aggregation,
    atomization,
    commons,
    consensus,
    dividends,
    measures,
    networks,
    spreading,
    trust,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "site" / "explorables" / "test" / "reference.json"


def _summary(values) -> dict:
    values = np.asarray(values, dtype=float)
    n = values.size
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    return {"mean": float(values.mean()), "se": sd / math.sqrt(n), "n": int(n)}


def _seeds(key: int, runs: int) -> list[np.random.Generator]:
    return [np.random.default_rng(seed) for seed in np.random.SeedSequence(key).spawn(runs)]


def _per_run(p, run) -> list[float]:
    """``run(generator)`` once per seeded run of ``p`` (``p["seed"]``, ``p["runs"]``)."""
    return [float(run(g)) for g in _seeds(p["seed"], p["runs"])]


def _yard_sale(p, g):
    """One run of the extended yard-sale model on the parameters of a statistic."""
    return dividends.yard_sale(
        np.ones(p["n"]),
        n_steps=p["rounds"],
        trade_fraction=p["beta"],
        redistribution=p["chi"],
        advantage=p["zeta"],
        rng=g,
    )


STATISTICS = []


def statistic(model: str, name: str, **params):
    """Register a statistic: ``function(params) -> list of per-run values``."""

    def register(function):
        STATISTICS.append((model, name, params, function))
        return function

    return register


# --------------------------------------------------------------------------- consensus


def _bc(model, p):
    sweep = consensus.bounded_confidence_sweep(
        model, [p["epsilon"]], n_agents=p["n"], n_runs=p["runs"], rng=p["seed"]
    )
    return sweep


@statistic("consensus/deffuant", "major clusters at ε = 0.15", epsilon=0.15, n=300, runs=20, seed=1)
@statistic("consensus/deffuant", "major clusters at ε = 0.25", epsilon=0.25, n=300, runs=20, seed=2)
def _deffuant_clusters(p):
    return _bc("deffuant", p).n_major_clusters[0].tolist()


@statistic(
    "consensus/hk", "consensus probability at ε = 0.22", epsilon=0.22, n=200, runs=60, seed=3
)
def _hk_consensus(p):
    return _bc("hk", p).consensus[0].astype(float).tolist()


@statistic("consensus/hk", "major clusters at ε = 0.1", epsilon=0.1, n=200, runs=20, seed=4)
def _hk_clusters(p):
    return _bc("hk", p).n_major_clusters[0].tolist()


@statistic(
    "consensus/voter", "exit probability (complete graph)", n=50, density=0.3, runs=2000, seed=5
)
def _voter_exit(p):
    stats = consensus.voter_exit_probability(p["n"], p["density"], n_runs=p["runs"], rng=p["seed"])
    # exit probability = mean of the indicator "opinion 1 won", rebuilt from the runs' count
    wins = round(stats.exit_probability * p["runs"])
    return [1.0] * wins + [0.0] * (p["runs"] - wins)


@statistic(
    "consensus/voter",
    "mean consensus time, sweeps (complete graph)",
    n=50,
    density=0.3,
    runs=2000,
    seed=6,
)
def _voter_time(p):
    stats = consensus.voter_exit_probability(p["n"], p["density"], n_runs=p["runs"], rng=p["seed"])
    return stats.consensus_times.tolist()


@statistic(
    "consensus/voter",
    "mean consensus time, sweeps (10 × 10 lattice)",
    side=10,
    density=0.5,
    runs=300,
    seed=7,
)
def _voter_lattice_time(p):
    lattice = networks.square_lattice(p["side"])
    stats = consensus.voter_exit_probability(
        p["side"] ** 2, p["density"], n_runs=p["runs"], adjacency=lattice, rng=p["seed"]
    )
    return stats.consensus_times.tolist()


@statistic(
    "consensus/degroot-elite",
    "public's mean opinion after 40 steps (elite network)",
    network="elite",
    n=200,
    stubbornness=0.5,
    runs=30,
    seed=8,
)
@statistic(
    "consensus/degroot-elite",
    "public's mean opinion after 40 steps (egalitarian network)",
    network="egalitarian",
    n=200,
    stubbornness=0.5,
    runs=30,
    seed=9,
)
def _fj_public(p):
    out = []
    for gen in _seeds(p["seed"], p["runs"]):
        sc = consensus.stubborn_elite_scenario(
            p["network"], elite_stubbornness=p["stubbornness"], n_agents=p["n"], rng=gen
        )
        run = consensus.friedkin_johnsen(
            sc.weights, sc.initial_opinions, sc.susceptibility, max_steps=40, tol=0.0
        )
        out.append(float(run.final[~sc.elite].mean()))
    return out


# --------------------------------------------------------------------------- atomization


@statistic(
    "atomization/percolation",
    "Erdős–Rényi giant component at c = 2",
    n=2000,
    mean_degree=2.0,
    runs=30,
    seed=10,
)
def _er_giant(p):
    return [
        measures.giant_component_fraction(
            networks.erdos_renyi(p["n"], mean_degree=p["mean_degree"], rng=g)
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


@statistic(
    "atomization/tie-removal",
    "giant component after removing half the ties at random (ER, c = 4)",
    n=2000,
    mean_degree=4.0,
    runs=20,
    seed=11,
)
def _random_removal(p):
    out = []
    for g in _seeds(p["seed"], p["runs"]):
        adjacency = networks.erdos_renyi(p["n"], mean_degree=p["mean_degree"], rng=g)
        curve = atomization.percolation_curve(adjacency, strategy="random", n_records=2, rng=g)
        out.append(float(curve.giant_fraction[1]))
    return out


def _deb(p, metric):
    return [
        atomization.ai_companion_network(
            p["n"], turnover=p["turnover"], ai_share=p["ai_share"], brokerage=p["brokerage"], rng=g
        ).stationary(metric)
        for g in _seeds(p["seed"], p["runs"])
    ]


@statistic(
    "atomization/ai-companions",
    "DEB clustering (no AI)",
    n=200,
    turnover=0.05,
    ai_share=0.0,
    brokerage=0.0,
    runs=10,
    seed=12,
)
def _deb_clustering(p):
    return _deb(p, "clustering")


@statistic(
    "atomization/ai-companions",
    "DEB mean degree (no AI)",
    n=200,
    turnover=0.05,
    ai_share=0.0,
    brokerage=0.0,
    runs=10,
    seed=13,
)
def _deb_degree(p):
    return _deb(p, "mean_degree")


@statistic(
    "atomization/ai-companions",
    "isolates share (α = 0.6, β = 0)",
    n=200,
    turnover=0.05,
    ai_share=0.6,
    brokerage=0.0,
    runs=10,
    seed=14,
)
def _ai_isolates(p):
    return _deb(p, "isolates_share")


@statistic(
    "atomization/ai-companions",
    "mean degree (α = 0.5, β = 0.5)",
    n=200,
    turnover=0.05,
    ai_share=0.5,
    brokerage=0.5,
    runs=10,
    seed=15,
)
def _ai_degree(p):
    return _deb(p, "mean_degree")


@statistic(
    "atomization/ai-companions",
    "mean core size (α = 0.3, β = 0)",
    n=200,
    turnover=0.05,
    ai_share=0.3,
    brokerage=0.0,
    runs=10,
    seed=16,
)
def _ai_core(p):
    return _deb(p, "mean_core_size")


# --------------------------------------------------------------------------- dividends


@statistic("dividends/wealth", "Gini of random exchange", n=500, rounds=300, runs=10, seed=17)
def _random_exchange(p):
    return [
        float(dividends.random_exchange(np.ones(p["n"]), n_steps=p["rounds"], rng=g).gini[-1])
        for g in _seeds(p["seed"], p["runs"])
    ]


#: The extended yard sale of 100 agents over 3000 rounds (trade fraction β = 0.3).
_YARD_SALE = dict(n=100, rounds=3000, beta=0.3, runs=10)


@statistic(
    "dividends/wealth",
    "Gini of the yard sale, χ = 0.04 > ζ = 0.02",
    **_YARD_SALE, chi=0.04, zeta=0.02, seed=18,
)  # fmt: skip
@statistic(
    "dividends/wealth",
    "Gini of the yard sale without redistribution, 300 rounds",
    n=200, rounds=300, beta=0.2, chi=0.0, zeta=0.0, runs=10, seed=19,
)  # fmt: skip
def _yard_gini(p):
    return _per_run(p, lambda g: _yard_sale(p, g).gini[-1])


@statistic(
    "dividends/wealth",
    "richest share of the yard sale, ζ = 0.06 > χ = 0.02",
    **_YARD_SALE, chi=0.02, zeta=0.06, seed=20,
)  # fmt: skip
def _yard_richest(p):
    return _per_run(p, lambda g: _yard_sale(p, g).largest_share[-1])


@statistic(
    "dividends/platform-growth",
    "leader's share at γ = 1.5",
    users=5000,
    gamma=1.5,
    entry_prob=0.1,
    runs=20,
    seed=21,
)
@statistic(
    "dividends/platform-growth",
    "leader's share at γ = 0.5",
    users=5000,
    gamma=0.5,
    entry_prob=0.1,
    runs=20,
    seed=22,
)
def _leader(p):
    return [
        float(
            dividends.platform_growth(
                p["users"], gamma=p["gamma"], entry_prob=p["entry_prob"], rng=g
            ).leader_share[-1]
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


@statistic(
    "dividends/platform-growth",
    "share of platforms with one user at γ = 1",
    users=20000,
    gamma=1.0,
    entry_prob=0.1,
    runs=10,
    seed=23,
)
def _singletons(p):
    return [
        float(
            np.mean(
                dividends.platform_growth(
                    p["users"], gamma=p["gamma"], entry_prob=p["entry_prob"], rng=g
                ).sizes
                == 1
            )
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


@statistic(
    "dividends/sharing",
    "leader's share after 150 periods (flat, γ = 1.1)",
    users=2000,
    platforms=10,
    periods=150,
    rule="flat",
    gamma=1.1,
    runs=20,
    seed=24,
)
@statistic(
    "dividends/sharing",
    "leader's share after 150 periods (winner keeps, γ = 0.9)",
    users=2000,
    platforms=10,
    periods=150,
    rule="winner_keeps",
    gamma=0.9,
    runs=20,
    seed=25,
)
def _economy(p):
    return [
        float(
            dividends.dividend_economy(
                p["users"], p["platforms"], p["periods"], rule=p["rule"], gamma=p["gamma"], rng=g
            ).leader_share[-1]
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


# --------------------------------------------------------------------------- commons


@statistic(
    "commons/spatial",
    "cooperator fraction at r = 4.0",
    side=30,
    synergy=4.0,
    mcs=400,
    last=100,
    runs=8,
    seed=26,
)
@statistic(
    "commons/spatial",
    "cooperator fraction at r = 4.5",
    side=30,
    synergy=4.5,
    mcs=400,
    last=100,
    runs=8,
    seed=27,
)
def _pgg(p):
    return [
        float(
            commons.lattice_public_goods(
                p["side"], synergy=p["synergy"], n_steps=p["mcs"], n_records=p["mcs"], rng=g
            )
            .cooperation[-p["last"] :]
            .mean()
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


@statistic(
    "commons/governance",
    "contributor fraction with peer punishment (r = 3.5, fine 0.4, cost 0.05)",
    side=30,
    synergy=3.5,
    fine=0.4,
    punish_cost=0.05,
    mcs=300,
    last=100,
    runs=8,
    seed=28,
)
@statistic(
    "commons/governance",
    "contributor fraction with costly peer punishment (r = 3.5, fine 0.4, cost 0.3)",
    side=30,
    synergy=3.5,
    fine=0.4,
    punish_cost=0.3,
    mcs=300,
    last=100,
    runs=8,
    seed=31,
)
def _governance(p):
    return [
        float(
            commons.lattice_public_goods(
                p["side"],
                synergy=p["synergy"],
                n_steps=p["mcs"],
                n_records=p["mcs"],
                initial_fractions=(1 / 3, 1 / 3, 1 / 3, 0, 0),
                fine=p["fine"],
                punish_cost=p["punish_cost"],
                rng=g,
            )
            .cooperation[-p["last"] :]
            .mean()
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


@statistic(
    "commons/well-mixed",
    "cooperators after 20 generations (r = 5.5, G = 5)",
    n=1000,
    group_size=5,
    synergy=5.5,
    generations=20,
    runs=20,
    seed=29,
)
def _well_mixed(p):
    return [
        float(
            commons.well_mixed_public_goods(
                p["n"],
                group_size=p["group_size"],
                synergy=p["synergy"],
                n_steps=p["generations"],
                rng=g,
            ).fractions[-1, 1]
        )
        for g in _seeds(p["seed"], p["runs"])
    ]


# --------------------------------------------------------------------------- measures


@statistic(
    "measures/lorenz-sample",
    "Gini of a Pareto sample (α = 1.5, n = 1000)",
    alpha=1.5,
    n=1000,
    runs=100,
    seed=30,
)
def _pareto_gini(p):
    return [
        measures.gini(g.pareto(p["alpha"], size=p["n"]) + 1.0) for g in _seeds(p["seed"], p["runs"])
    ]


# --------------------------------------------------------------------------- aggregation


@statistic(
    "aggregation/schelling",
    "share of like neighbours when content (w = 0.3, density 0.9)",
    side=40, density=0.9, wanted=0.3, max_ticks=1000, runs=20, seed=32,
)  # fmt: skip
def _schelling_like(p):
    return _per_run(p, lambda g: _schelling_run(p, g).like_share[-1])


@statistic(
    "aggregation/schelling",
    "ticks until content (w = 0.3, density 0.9)",
    side=40, density=0.9, wanted=0.3, max_ticks=1000, runs=20, seed=33,
)  # fmt: skip
def _schelling_ticks(p):
    return _per_run(p, lambda g: _schelling_run(p, g).n_steps_run)


@statistic(
    "aggregation/schelling",
    "share of like neighbours after 100 ticks (w = 0.5, density 0.8)",
    side=40, density=0.8, wanted=0.5, max_ticks=100, runs=10, seed=34,
)  # fmt: skip
def _schelling_like_half(p):
    return _per_run(p, lambda g: _schelling_run(p, g).like_share[-1])


def _schelling_run(p, g):
    city = aggregation.random_city(p["side"], density=p["density"], rng=g)
    return aggregation.schelling(
        city, wanted=p["wanted"], max_steps=p["max_ticks"], n_records=1, rng=g
    )


@statistic(
    "aggregation/coevolving",
    "largest community at consensus (φ = 0.2, N = 150)",
    n=150, phi=0.2, mean_degree=4.0, per_opinion=10, runs=30, seed=35,
)  # fmt: skip
@statistic(
    "aggregation/coevolving",
    "largest community at consensus (φ = 0.7, N = 150)",
    n=150, phi=0.7, mean_degree=4.0, per_opinion=10, runs=30, seed=36,
)  # fmt: skip
def _coevolving_largest(p):
    return _per_run(p, lambda g: _coevolving_run(p, g).largest_community)


@statistic(
    "aggregation/coevolving",
    "updates to consensus, per person (φ = 0.46, N = 150)",
    n=150, phi=0.46, mean_degree=4.0, per_opinion=10, runs=30, seed=37,
)  # fmt: skip
def _coevolving_time(p):
    return _per_run(p, lambda g: _coevolving_run(p, g).n_steps_run / p["n"])


def _coevolving_run(p, g):
    opinions = g.integers(0, p["n"] // p["per_opinion"], p["n"])
    return aggregation.holme_newman(
        opinions, phi=p["phi"], mean_degree=p["mean_degree"], n_records=1, rng=g
    )


# --------------------------------------------------------------------------- spreading


@statistic(
    "spreading/cascade",
    "share of random seeds that cascade beyond 10 % (ER, N = 400, z = 2, φ = 0.18)",
    n=400, z=2.0, threshold=0.18, runs=300, seed=38,
)  # fmt: skip
@statistic(
    "spreading/cascade",
    "share of random seeds that cascade beyond 10 % (ER, N = 400, z = 4, φ = 0.18)",
    n=400, z=4.0, threshold=0.18, runs=300, seed=39,
)  # fmt: skip
def _cascade_frequency(p):
    return _per_run(p, lambda g: _cascade_run(p, g).final_share > 0.1)


@statistic(
    "spreading/cascade",
    "mean final share from a random seed (ER, N = 400, z = 4, φ = 0.18)",
    n=400, z=4.0, threshold=0.18, runs=300, seed=40,
)  # fmt: skip
def _cascade_size(p):
    return _per_run(p, lambda g: _cascade_run(p, g).final_share)


def _cascade_run(p, g):
    network = networks.erdos_renyi(p["n"], mean_degree=p["z"], rng=g)
    return spreading.watts_cascade(network, threshold=p["threshold"], n_records=1, rng=g)


@statistic(
    "spreading/complex-contagion",
    "final share, m = 3, ring N = 200, k = 8, p = 0.2",
    n=200, k=8, rewire=0.2, threshold=3, runs=60, seed=41,
)  # fmt: skip
@statistic(
    "spreading/complex-contagion",
    "final share, m = 3, ring N = 200, k = 8, p = 0.5",
    n=200, k=8, rewire=0.5, threshold=3, runs=60, seed=50,
)  # fmt: skip
@statistic(
    "spreading/complex-contagion",
    "final share, m = 2, ring N = 200, k = 8, p = 1",
    n=200, k=8, rewire=1.0, threshold=2, runs=60, seed=42,
)  # fmt: skip
def _ring_share(p):
    return _per_run(p, lambda g: _ring_run(p, g).final_share)


@statistic(
    "spreading/complex-contagion",
    "rounds until it stops, m = 2, ring N = 200, k = 8, p = 0.1",
    n=200, k=8, rewire=0.1, threshold=2, runs=40, seed=43,
)  # fmt: skip
def _ring_rounds(p):
    return _per_run(p, lambda g: _ring_run(p, g).n_steps_run)


def _ring_run(p, g):
    ring = networks.watts_strogatz(p["n"], p["k"], p["rewire"], rng=g)
    seeds = spreading.neighbourhood(ring, 0)
    return spreading.complex_contagion(
        ring, threshold=p["threshold"], initial_adopters=seeds, n_records=1
    )


# --------------------------------------------------------------------------- trust


@statistic(
    "trust/reputation",
    "good reputations, discriminators, stern judging (e = 0.02, μ = 0.01)",
    norm="stern judging", fractions=[0, 0, 1], n=300, rounds=60, last=30, runs=10, seed=44,
)  # fmt: skip
@statistic(
    "trust/reputation",
    "good reputations, discriminators, image scoring (e = 0.02, μ = 0.01)",
    norm="image scoring", fractions=[0, 0, 1], n=300, rounds=60, last=30, runs=10, seed=45,
)  # fmt: skip
@statistic(
    "trust/reputation",
    "good reputations, 20 % ALLD, 20 % ALLC, simple standing",
    norm="simple standing", fractions=[0.2, 0.2, 0.6], n=300, rounds=60, last=30, runs=30, seed=46,
)  # fmt: skip
def _reputation_good(p):
    return _per_run(p, lambda g: _reputation_run(p, g).good[-p["last"] :].mean())


@statistic(
    "trust/reputation",
    "cooperation, discriminators, stern judging (e = 0.02, μ = 0.01)",
    norm="stern judging", fractions=[0, 0, 1], n=300, rounds=60, last=30, runs=10, seed=47,
)  # fmt: skip
def _reputation_cooperation(p):
    return _per_run(p, lambda g: _reputation_run(p, g).cooperation[-p["last"] :].mean())


def _reputation_run(p, g):
    counts = [round(f * p["n"]) for f in p["fractions"]]
    strategies = np.repeat([trust.ALLD, trust.ALLC, trust.DISC], counts)
    return trust.indirect_reciprocity(
        strategies, norm=p["norm"], execution_error=0.02, assessment_error=0.01,
        n_steps=p["rounds"] * p["n"], n_records=p["rounds"], rng=g,
    )  # fmt: skip


@statistic(
    "trust/committed-minority",
    "share holding only A after 20 N interactions (p = 0.06, N = 300)",
    n=300, committed=0.06, interactions=20, word=0, runs=20, seed=48,
)  # fmt: skip
@statistic(
    "trust/committed-minority",
    "share holding both words after 20 N interactions (p = 0.06, N = 300)",
    n=300, committed=0.06, interactions=20, word=2, runs=20, seed=51,
)  # fmt: skip
def _naming_share(p):
    k = round(p["committed"] * p["n"])
    states = np.full(p["n"], trust.WORD_B)
    states[:k] = trust.WORD_A
    mask = (np.arange(p["n"]) < k).astype(int)
    return _per_run(
        p,
        lambda g: trust.naming_game(
            states, committed=mask, max_steps=p["interactions"] * p["n"], n_records=1, rng=g
        ).trajectory[-1, p["word"]],
    )


@statistic(
    "trust/committed-minority",
    "interactions per agent to consensus on A (p = 0.16, N = 300)",
    n=300, committed=0.16, max_interactions=400, runs=30, seed=49,
)  # fmt: skip
def _naming_time(p):
    run = trust.committed_minority_consensus(
        p["n"], p["committed"], n_runs=p["runs"], max_steps=p["max_interactions"] * p["n"],
        rng=p["seed"],
    )  # fmt: skip
    return run.consensus_times.tolist()


# --------------------------------------------------------------------------- exact cases


def _edges(adjacency):
    u, v = networks.edge_list(adjacency)
    return {"u": u.tolist(), "v": v.tolist()}


def exact_cases() -> list[dict]:
    gen = np.random.default_rng(2024)
    cases = []

    x0 = gen.random(60)
    run = consensus.hegselmann_krause(x0, epsilon=0.15, max_steps=200, n_records=1)
    cases.append(
        {
            "id": "consensus/hk: synchronous steps to the fixed point (complete graph, ε = 0.15)",
            "inputs": {"x0": x0.tolist(), "epsilon": 0.15},
            "expected": {"final": run.final.tolist(), "steps": run.n_steps_run},
        }
    )
    er = networks.erdos_renyi(60, mean_degree=6.0, rng=gen)
    run = consensus.hegselmann_krause(x0, epsilon=0.3, adjacency=er, max_steps=200, n_records=1)
    cases.append(
        {
            "id": "consensus/hk: synchronous steps to the fixed point (random network, ε = 0.3)",
            "inputs": {"x0": x0.tolist(), "epsilon": 0.3, "n": 60, **_edges(er)},
            "expected": {"final": run.final.tolist(), "steps": run.n_steps_run},
        }
    )

    sc = consensus.stubborn_elite_scenario("elite", elite_stubbornness=0.5, n_agents=80, rng=gen)
    adjacency = sc.weights.copy()
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    run = consensus.friedkin_johnsen(
        sc.weights, sc.initial_opinions, sc.susceptibility, max_steps=40, tol=0.0
    )
    cases.append(
        {
            "id": "consensus/degroot-elite: 40 Friedkin–Johnsen steps on an elite network",
            "inputs": {
                "n": 80,
                **_edges((adjacency > 0).astype(float)),
                "x0": sc.initial_opinions.tolist(),
                "susceptibility": sc.susceptibility.tolist(),
            },
            "expected": {"final": run.final.tolist()},
        }
    )

    society = atomization.davidsen_ebel_bornholdt(100, turnover=0.05, rng=gen)
    i, j = atomization.tie_removal_order(society.adjacency, strategy="bridging", rng=gen)
    curve = atomization.percolation_curve(
        society.adjacency, strategy="bridging", n_records=1, rng=gen
    )
    ei, ej, overlap = atomization.neighbourhood_overlap(society.adjacency)
    index = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(ei, ej, strict=True))}
    order = [index[(int(a), int(b))] for a, b in zip(i, j, strict=True)]
    from socmodels.atomization import _newman_ziff

    giant, isolates = _newman_ziff(100, i[::-1].copy(), j[::-1].copy())
    cases.append(
        {
            "id": (
                "atomization/tie-removal: neighbourhood overlap and the percolation curve "
                "of a removal order"
            ),
            "inputs": {"n": 100, "u": ei.tolist(), "v": ej.tolist(), "order": order},
            "expected": {
                "overlap": overlap.tolist(),
                "giant": giant[::-1].tolist(),
                "isolates": isolates[::-1].tolist(),
                "giant_at_ends": curve.giant_fraction.tolist(),
            },
        }
    )

    lattice = networks.square_lattice(10)
    strategies = gen.integers(0, 5, size=100)
    game = {"synergy": 3.5, "fine": 0.3, "punish_cost": 0.2, "trust_threshold": 2}
    payoffs = commons.graph_payoffs(strategies, lattice, **game)
    cases.append(
        {
            "id": "commons/spatial: payoffs of all five strategies on a 10 × 10 lattice",
            "inputs": {"side": 10, "strategies": strategies.tolist(), **game},
            "expected": {"payoffs": payoffs.tolist()},
        }
    )

    wealth = np.concatenate([gen.exponential(size=30), [0.0, 5.0]])
    population, share = measures.lorenz_curve(wealth)
    cases.append(
        {
            "id": "measures: Gini, Lorenz curve and top-10 % share",
            "inputs": {"values": wealth.tolist()},
            "expected": {
                "gini": measures.gini(wealth),
                "lorenz": share.tolist(),
                "top10": measures.top_share(wealth, fraction=0.1),
            },
        }
    )

    users = [30, 10, 5, 0, 55]
    splits = {}
    for rule in dividends.SHARING_RULES:
        split = dividends.share_dividend(users, rule=rule, tax_rate=0.3)
        splits[rule] = {
            "total": split.total,
            "platform": split.platform_income.tolist(),
            "per_user": split.income_per_user,
        }
    cases.append(
        {
            "id": "dividends/sharing: one period's dividend under each sharing rule",
            "inputs": {"users": users, "tax_rate": 0.3},
            "expected": splits,
        }
    )

    times = [0.0, 1.0, 5.0, 20.0]
    cases.append(
        {
            "id": "commons/well-mixed: the replicator equation's closed form",
            "inputs": {"x0": 0.5, "group_size": 5, "synergy": 4.0, "times": times},
            "expected": {
                "x": commons.replicator_cooperation_closed_form(
                    0.5, group_size=5, synergy=4.0, times=times
                ).tolist()
            },
        }
    )
    cases.append(
        {
            "id": "measures/giant-component: the Erdős–Rényi giant component S(c)",
            "inputs": {"c": [0.5, 1.5, 2.0, 4.0]},
            "expected": {"S": [measures.er_giant_component(c) for c in (0.5, 1.5, 2.0, 4.0)]},
        }
    )
    er = networks.erdos_renyi(400, mean_degree=4.0, rng=gen)
    seed = next(
        node for node in range(400)
        if spreading.watts_cascade(er, threshold=0.18, initial_adopters=[node]).final_share > 0.1
    )  # fmt: skip
    run = spreading.watts_cascade(er, threshold=0.18, initial_adopters=[seed])
    cases.append(
        {
            "id": (
                "spreading/cascade: adoption rounds of one cascade (ER, N = 400, z = 4, φ = 0.18)"
            ),
            "inputs": {"n": 400, **_edges(er), "seeds": [seed], "threshold": 0.18},
            "expected": {"times": run.adoption_times.tolist(), "rounds": run.n_steps_run},
        }
    )
    ring = networks.watts_strogatz(200, 8, 0.2, rng=gen)
    seeds = spreading.neighbourhood(ring, 0)
    run = spreading.complex_contagion(ring, threshold=2, initial_adopters=seeds)
    cases.append(
        {
            "id": "spreading/complex-contagion: adoption rounds on a rewired ring (m = 2, p = 0.2)",
            "inputs": {"n": 200, **_edges(ring), "seeds": seeds.tolist(), "threshold": 2},
            "expected": {"times": run.adoption_times.tolist(), "rounds": run.n_steps_run},
        }
    )
    pairs = [[2.0, 0.18], [4.0, 0.18], [6.0, 0.18], [3.0, 0.25], [1.0, 0.18]]
    cases.append(
        {
            "id": "spreading/cascade: Watts's cascade probability (generating functions)",
            "inputs": {"pairs": pairs},
            "expected": {
                "p": [spreading.cascade_probability(z, threshold=phi) for z, phi in pairs]
            },
        }
    )
    equilibria = {}
    for norm in trust.NORMS:
        for fractions in ([0.0, 0.0, 1.0], [0.2, 0.2, 0.6]):
            eq = trust.reputation_equilibrium(
                fractions, norm=norm, execution_error=0.02, assessment_error=0.01
            )
            equilibria[f"{norm} {fractions}"] = {
                "norm": norm,
                "fractions": fractions,
                "good": eq.good,
                "cooperation": eq.cooperation,
                "payoffs": eq.payoffs.tolist(),
            }
    cases.append(
        {
            "id": "trust/reputation: stationary reputations in closed form (every norm)",
            "inputs": {"e": 0.02, "mu": 0.01},
            "expected": equilibria,
        }
    )
    curves = {}
    for p in (0.08, 0.12):
        times, shares = trust.naming_game_mean_field(p, t_max=50.0, n_records=10)
        curves[str(p)] = {"p": p, "times": times.tolist(), "a": shares[:, trust.WORD_A].tolist()}
    cases.append(
        {
            "id": "trust/committed-minority: the mean-field share of A (p = 0.08, 0.12)",
            "inputs": {},
            "expected": curves,
        }
    )
    return cases


def build() -> dict:
    stats = []
    for model, name, params, function in STATISTICS:
        values = function(params)
        stats.append(
            {
                "id": f"{model}: {name}",
                "model": model,
                "statistic": name,
                "params": params,
                "python": _summary(values),
            }
        )
    stats.sort(key=lambda case: case["id"])
    return {
        "about": (
            "Python side of the docking tests of site/explorables (see scripts/"
            "docking_reference.py). Regenerate: .venv/bin/python scripts/docking_reference.py"
        ),
        "statistics": stats,
        "exact": exact_cases(),
    }


def _close(a, b, rel=1e-9, abs_=1e-12) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k], rel, abs_) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, rel, abs_) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    return a == b


def stale_entries(current: dict, committed: dict) -> list[str]:
    """Ids of cases whose committed values differ from a fresh computation."""
    problems = []
    for kind in ("statistics", "exact"):
        fresh = {case["id"]: case for case in current[kind]}
        old = {case["id"]: case for case in committed.get(kind, [])}
        for key in sorted(fresh.keys() | old.keys()):
            if key not in old:
                problems.append(f"{kind}: {key} is new")
            elif key not in fresh:
                problems.append(f"{kind}: {key} no longer exists")
            elif not _close(fresh[key], old[key]):
                problems.append(f"{kind}: {key} changed")
    return problems


def write(data: dict) -> None:
    REFERENCE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is current")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        committed = json.loads(REFERENCE.read_text(encoding="utf-8"))
        problems = stale_entries(data, committed)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    write(data)
    print(
        f"wrote {REFERENCE.relative_to(ROOT)}: {len(data['statistics'])} statistics, "
        f"{len(data['exact'])} exact cases"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
