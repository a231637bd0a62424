"""Validation: every model of the book against the published or analytic result it reproduces.

One registry, :data:`CHECKS`, of small check functions. Each runs a model of
:mod:`socmodels` at a modest size with fixed seeds and returns a :class:`CheckResult`:
the model, the result it should reproduce, the source (a citation key of the book's
``references.bib``), the expected value, the value measured now, the tolerance and
whether the check passed. The book's validation appendix shows :func:`run_checks` as a
table, and ``tests/test_validation_appendix.py`` asserts every row, so the page and the
test suite cannot disagree.

Curves (giant component against mean degree, opinion clusters against the confidence
bound, cooperation against the synergy factor) are sweeps over a parameter grid × seeds
with :func:`socmodels.sweeps.run_sweep`; :func:`giant_component_curve`,
:func:`bounded_confidence_curve` and :func:`cooperation_curve` return their tidy tables
(cached, so a check and the figure drawn from the same curve share one computation).

Expected values are computed independently of the model under test wherever the
result is analytic (a root of the self-consistency equation, a dense eigenvector, a
dense linear solve, a mean-field recursion), so a wrong rule in a model cannot also move
its own target. The sizes here are chosen for a reader's summary that runs in well under
a minute; the chapters' own tests check the same results at larger sizes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.optimize
import scipy.stats

from . import (
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
from ._validation import check_choice
from .contract import Real, constrained
from .sweeps import run_sweep

__all__ = [
    "CHECKS",
    "CHECK_SOURCES",
    "RELATIONS",
    "CheckResult",
    "bounded_confidence_curve",
    "cooperation_curve",
    "giant_component_curve",
    "run_check",
    "run_checks",
    "results_table",
]

#: How ``measured`` is compared with ``expected``.
RELATIONS = ("≈", "≥", "≤")


@dataclass(frozen=True)
class CheckResult:
    """One row of the validation table.

    Attributes
    ----------
    name : str
        Key of the check in :data:`CHECKS`.
    model : str
        The model (as the chapters name it).
    result : str
        The published or analytic result, in words.
    source : str
        Citation key in ``references.bib``.
    expected : float
        The published or analytic value.
    measured : float
        The value our code gives now.
    tolerance : float
        Allowed deviation (``>= 0``).
    relation : {"≈", "≥", "≤"}
        ``"≈"``: ``|measured - expected| <= tolerance``; ``"≥"``: ``measured >=
        expected - tolerance``; ``"≤"``: ``measured <= expected + tolerance``.
    setup : str
        Size, seeds and parameters of the measurement.
    passed : bool
        Whether the relation holds.
    """

    name: str
    model: str
    result: str
    source: str
    expected: float
    measured: float
    tolerance: float
    relation: str
    setup: str
    passed: bool

    @classmethod
    def judge(
        cls, name, model, result, source, expected, measured, tolerance, relation="≈", setup=""
    ) -> CheckResult:
        """The row for a measurement: applies the pass rule of ``relation`` (see above).

        A NaN or inf ``measured`` never passes.

        >>> CheckResult.judge("x", "m", "r", "erdos1960", 1.0, 1.04, 0.05).passed
        True
        >>> CheckResult.judge("x", "m", "r", "erdos1960", 1.0, 0.9, 0.05, "≥").criterion
        'measured ≥ 0.95'
        """
        return _result(name, model, result, source, expected, measured, tolerance, relation, setup)

    @property
    def criterion(self) -> str:
        """The pass rule in words, e.g. ``|measured − 0.7968| ≤ 0.01``."""
        e, t = _fmt(self.expected), _fmt(self.tolerance)
        if self.relation == "≈":
            return f"|measured − {e}| ≤ {t}"
        bound = (
            self.expected - self.tolerance
            if self.relation == "≥"
            else (self.expected + self.tolerance)
        )
        return f"measured {self.relation} {_fmt(bound)}"


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        return f"{value:.1e}"
    return f"{value:.4g}"


def _result(
    name, model, result, source, expected, measured, tolerance, relation="≈", setup=""
) -> CheckResult:
    relation = check_choice("relation", relation, RELATIONS)
    expected, measured, tolerance = float(expected), float(measured), float(tolerance)
    if relation == "≈":
        passed = abs(measured - expected) <= tolerance
    elif relation == "≥":
        passed = measured >= expected - tolerance
    else:
        passed = measured <= expected + tolerance
    return CheckResult(
        name=name,
        model=model,
        result=result,
        source=source,
        expected=expected,
        measured=measured,
        tolerance=tolerance,
        relation=relation,
        setup=setup,
        passed=bool(passed and math.isfinite(measured)),
    )


#: name -> check function returning a :class:`CheckResult`, in the order of the book.
CHECKS: dict[str, Callable[[], CheckResult]] = {}

#: name -> the citation key (``references.bib``) each check reproduces, known without
#: running it; a check whose row cites another source raises.
CHECK_SOURCES: dict[str, str] = {}


def _check(name: str, *, source: str):
    def register(function):
        if name in CHECKS:
            raise ValueError(f"duplicate check name {name!r}")

        @functools.wraps(function)
        def run() -> CheckResult:
            row = function(name)
            if row.source != source:
                raise RuntimeError(f"check {name!r} cites {row.source!r}, declared {source!r}")
            return row

        CHECKS[name] = run
        CHECK_SOURCES[name] = source
        return run

    return register


def run_check(name: str) -> CheckResult:
    """Run the check ``name`` of :data:`CHECKS`.

    Examples
    --------
    >>> row = run_check("golub_jackson_star")
    >>> row.passed, row.source
    (True, 'golub2010')
    """
    name = check_choice("name", name, tuple(CHECKS))
    return CHECKS[name]()


def run_checks(names=None) -> list[CheckResult]:
    """Run several checks (default: all of :data:`CHECKS`, in order)."""
    if names is None:
        names = list(CHECKS)
    elif isinstance(names, str):
        raise TypeError("names must be a list of check names, got a single string")
    return [run_check(name) for name in names]


def results_table(results) -> pd.DataFrame:
    """The rows as a table for the book: model, result, source, expected, measured, ...

    ``source`` is rendered as a MyST citation role by the appendix; numbers are
    formatted with four significant digits.
    """
    rows = []
    for row in results:
        if not isinstance(row, CheckResult):
            raise TypeError(f"results must hold CheckResult rows, got {type(row).__name__}")
        rows.append(
            {
                "model": row.model,
                "result": row.result,
                "source": row.source,
                "expected": _fmt(row.expected),
                "measured": _fmt(row.measured),
                "criterion": row.criterion,
                "setup": row.setup,
                "pass": "✓ pass" if row.passed else "✗ FAIL",
            }
        )
    return pd.DataFrame(rows)


# =========================================================================== curves


def _er_giant(n_agents: int, mean_degree: float, rng) -> float:
    adjacency = networks.erdos_renyi(n_agents, mean_degree=mean_degree, rng=rng)
    return measures.giant_component_fraction(adjacency)


@constrained(mean_degree=Real(0.0, 1e6))
def er_giant_theory(mean_degree: float) -> float:
    """Root of ``S = 1 - exp(-c S)`` by bracketing (independent of the model code).

    References
    ----------
    Erdős, P. & Rényi, A. (1960). On the evolution of random graphs. *Publications of the
    Mathematical Institute of the Hungarian Academy of Sciences* 5, 17–61.

    Examples
    --------
    >>> round(er_giant_theory(2.0), 4), er_giant_theory(0.5)
    (0.7968, 0.0)
    """
    if mean_degree <= 1.0:
        return 0.0
    return float(scipy.optimize.brentq(lambda s: s - (1.0 - np.exp(-mean_degree * s)), 1e-12, 1.0))


GIANT_CURVE_DEGREES = (0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0)


@functools.lru_cache(maxsize=1)
def _giant_component_curve() -> pd.DataFrame:
    table = run_sweep(
        _er_giant,
        {"n_agents": [20_000], "mean_degree": list(GIANT_CURVE_DEGREES)},
        seeds=4,
        base_seed=1960,
        summary=lambda giant: {"giant_fraction": giant},
        progress=False,
    )
    table["theory"] = [er_giant_theory(c) for c in table["mean_degree"]]
    return table


def giant_component_curve() -> pd.DataFrame:
    """Giant-component fraction of G(N = 20 000, c/N) for c in 0.5…4, 4 seeds each.

    Returns
    -------
    pandas.DataFrame
        One row per run: ``n_agents``, ``mean_degree``, ``seed_index``,
        ``giant_fraction`` and ``theory`` (the root of S = 1 − e^(−cS)).
    """
    return _giant_component_curve().copy()


def _bc_clusters(model: str, n_agents: int, epsilon: float, rng) -> dict:
    opinions = rng.random(n_agents)
    if model == "deffuant":
        final = consensus.deffuant(opinions, epsilon=epsilon, rng=rng).final
    else:
        final = consensus.hegselmann_krause(opinions, epsilon=epsilon, n_records=1).final
    clusters = consensus.opinion_clusters(final, gap=1e-3)
    shares = clusters.sizes / n_agents
    return {
        "major_clusters": int(np.sum(shares >= 0.1)),
        "clusters": clusters.n_clusters,
        "consensus": clusters.n_clusters == 1,
    }


BC_EPSILONS = {
    "deffuant": (0.1, 0.15, 0.2, 0.3, 0.55),
    "hk": (0.1, 0.15, 0.2, 0.25, 0.3),
}


@functools.lru_cache(maxsize=2)
def _bounded_confidence_curve(model: str) -> pd.DataFrame:
    return run_sweep(
        functools.partial(_bc_clusters, model),
        {"n_agents": [1000], "epsilon": list(BC_EPSILONS[model])},
        seeds=8,
        base_seed=2000 if model == "deffuant" else 2005,
        progress=False,
    )


def bounded_confidence_curve(model: str) -> pd.DataFrame:
    """Final opinion clusters against ε, N = 1 000 agents, opinions uniform on [0, 1].

    Parameters
    ----------
    model : {"deffuant", "hk"}
        Deffuant et al. (μ = 0.5, complete graph) or Hegselmann–Krause (complete graph).

    Returns
    -------
    pandas.DataFrame
        One row per run (8 seeds per ε): ``epsilon``, ``major_clusters`` (clusters
        holding ≥ 10 % of the agents; clusters split at opinion gaps > 10⁻³),
        ``clusters`` and ``consensus``.
    """
    model = check_choice("model", model, ("deffuant", "hk"))
    return _bounded_confidence_curve(model).copy()


def _lattice_cooperation(side: int, synergy: float, rng) -> dict:
    run = commons.lattice_public_goods(
        side, synergy=synergy, n_steps=MCS, rng=rng, n_records=MCS // 50
    )
    return {
        "final_cooperation": float(run.cooperation[-1]),
        "late_cooperation": float(run.cooperation[-5:].mean()),
    }


COOPERATION_SYNERGIES = (3.5, 4.0, 4.5, 5.0, 5.7)
MCS = 2000


@functools.lru_cache(maxsize=1)
def _cooperation_curve() -> pd.DataFrame:
    return run_sweep(
        _lattice_cooperation,
        {"side": [40], "synergy": list(COOPERATION_SYNERGIES)},
        seeds=1,
        base_seed=2009,
        progress=False,
    )


def cooperation_curve() -> pd.DataFrame:
    """Cooperator fraction on a 40 × 40 torus against the synergy factor r (G = 5, K = 0.5).

    Returns
    -------
    pandas.DataFrame
        One row per r: ``final_cooperation`` after ``MCS`` Monte Carlo steps (or at
        absorption) and ``late_cooperation`` (mean of the last five records, 50 MCS
        apart).
    """
    return _cooperation_curve().copy()


# =========================================================================== networks


@_check("er_giant_at_2", source="erdos1960")
def _er_giant_at_2(name):
    curve = _giant_component_curve()
    measured = curve.loc[curve["mean_degree"] == 2.0, "giant_fraction"].mean()
    return _result(
        name,
        "Erdős–Rényi graph",
        "giant component S(2) = 0.7968, root of S = 1 − e^(−cS)",
        "erdos1960",
        0.7968,
        measured,
        0.01,
        setup="G(N = 20 000, c = 2), mean of 4 seeds",
    )


@_check("er_giant_curve", source="erdos1960")
def _er_giant_curve(name):
    curve = _giant_component_curve()
    supercritical = curve[curve["mean_degree"] >= 1.5]
    means = supercritical.groupby("mean_degree")[["giant_fraction", "theory"]].mean()
    measured = (means["giant_fraction"] - means["theory"]).abs().max()
    return _result(
        name,
        "Erdős–Rényi graph",
        "giant component follows S = 1 − e^(−cS) for c ≥ 1.5 (largest deviation)",
        "erdos1960",
        0.0,
        measured,
        0.015,
        setup="N = 20 000, c = 1.5 … 4, mean of 4 seeds per c",
    )


@_check("er_no_giant_below_1", source="erdos1960")
def _er_no_giant_below_1(name):
    curve = _giant_component_curve()
    measured = curve.loc[curve["mean_degree"] <= 0.8, "giant_fraction"].max()
    return _result(
        name,
        "Erdős–Rényi graph",
        "no giant component below c = 1 (largest component fraction)",
        "erdos1960",
        0.0,
        measured,
        0.01,
        "≤",
        setup="N = 20 000, c = 0.5 and 0.8, 4 seeds each",
    )


@_check("ba_degree_distribution", source="dorogovtsev2000")
def _ba_degree_distribution(name):
    m, n = 3, 50_000
    degree = networks.degrees(networks.barabasi_albert(n, m, rng=2000))
    k = np.arange(m, m + 6)
    theory = 2 * m * (m + 1) / (k * (k + 1) * (k + 2))
    observed = np.array([np.mean(degree == kk) for kk in k])
    return _result(
        name,
        "Barabási–Albert graph",
        "P(k) = 2m(m+1)/(k(k+1)(k+2)), k = m … m+5 (largest relative deviation)",
        "dorogovtsev2000",
        0.0,
        np.max(np.abs(observed / theory - 1)),
        0.08,
        setup="N = 50 000, m = 3, one graph",
    )


@_check("percolation_random_removal", source="callaway2000")
def _percolation_random_removal(name):
    mean_degree = 4.0
    adjacency = networks.erdos_renyi(20_000, mean_degree=mean_degree, rng=2000)
    curve = atomization.percolation_curve(adjacency, strategy="random", n_records=200, rng=1)
    c0 = curve.mean_degree[0]
    return _result(
        name,
        "Tie removal (percolation)",
        "random removal breaks the giant component at f_c = 1 − 1/c",
        "callaway2000",
        1 - 1 / c0,
        curve.critical_fraction,
        0.05,
        setup="G(N = 20 000, c = 4), 201 removal fractions",
    )


# =========================================================================== atomization


@functools.lru_cache(maxsize=1)
def _deb_run():
    return atomization.davidsen_ebel_bornholdt(
        2000, turnover=0.1, n_steps=300 * 2000, n_records=300, rng=2002
    )


@_check("deb_clustering", source="davidsen2002")
def _deb_clustering(name):
    run = _deb_run()
    k, c = run.stationary("mean_degree"), run.stationary("clustering")
    return _result(
        name,
        "Triadic closure with turnover (DEB)",
        "clustering far above a random graph's ⟨k⟩/N (ratio C / (⟨k⟩/N)); catches new ties "
        "made at random instead of by introduction through a common friend (ratio ≈ 1)",
        "davidsen2002",
        100.0,
        c / (k / 2000),
        0.0,
        "≥",
        setup="N = 2 000, turnover p = 0.1, second half of 300 sweeps",
    )


@_check("deb_tie_balance", source="davidsen2002")
def _deb_tie_balance(name):
    run = _deb_run()
    late = run.times > run.times[-1] / 4
    k = run.mean_degree[late].mean()
    c = run.clustering[late].mean()
    return _result(
        name,
        "Triadic closure with turnover (DEB)",
        "stationary balance of ties made and lost: ⟨k⟩ p / (1 − ⟨C⟩) = 1",
        "davidsen2002",
        1.0,
        k * 0.1 / (1 - c),
        0.03,
        setup="N = 2 000, p = 0.1, last three quarters of 300 sweeps",
    )


@_check("deb_turnover", source="davidsen2002")
def _deb_turnover(name):
    clustering = [
        atomization.davidsen_ebel_bornholdt(
            600, turnover=p, n_steps=round(20 / p * 600), rng=7
        ).stationary("clustering")
        for p in (0.02, 0.1)
    ]
    return _result(
        name,
        "Triadic closure with turnover (DEB)",
        "clustering falls as turnover rises (C at p = 0.02 minus C at p = 0.1); catches a "
        "turnover that ignores p or does not delete the leaver's ties (difference ≈ 0)",
        "davidsen2002",
        0.05,
        clustering[0] - clustering[1],
        0.0,
        "≥",
        setup="N = 600, 20/p sweeps, one run each",
    )


@_check("ai_companions_reduce_to_deb", source="davidsen2002")
def _ai_companions_reduce_to_deb(name):
    base = atomization.davidsen_ebel_bornholdt(300, turnover=0.1, n_steps=20 * 300, rng=5)
    extended = atomization.ai_companion_network(
        300, turnover=0.1, ai_share=0.0, n_steps=20 * 300, rng=5
    )
    difference = max(
        np.max(np.abs(base.mean_degree - extended.mean_degree)),
        np.max(np.abs(base.clustering - extended.clustering)),
    )
    return _result(
        name,
        "AI companions (the book's extension of DEB)",
        "with no time spent on AI it is exactly the DEB model (largest difference)",
        "davidsen2002",
        0.0,
        difference,
        0.0,
        setup="N = 300, p = 0.1, 20 sweeps, same seed",
    )


# =========================================================================== consensus


def _random_primitive_weights(n: int, rng) -> np.ndarray:
    adjacency = networks.erdos_renyi(n, mean_degree=6, rng=rng).toarray()
    np.fill_diagonal(adjacency, 1.0)
    ring = np.roll(np.eye(n), 1, axis=1)  # a directed cycle keeps W irreducible
    weights = (adjacency + ring) * rng.uniform(0.5, 1.5, size=(n, n))
    weights[(adjacency + ring) == 0] = 0.0
    return weights / weights.sum(axis=1, keepdims=True)


@_check("degroot_limit", source="degroot1974")
def _degroot_limit(name):
    import scipy.sparse as sp

    rng = np.random.default_rng(1974)
    dense = _random_primitive_weights(60, rng)
    x0 = rng.normal(size=60)
    values, vectors = np.linalg.eig(dense.T)
    pi = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    pi = pi / pi.sum()
    run = consensus.degroot(sp.csr_array(dense), x0, max_steps=5000, tol=1e-15, n_records=1)
    return _result(
        name,
        "DeGroot averaging",
        "everyone converges to π·x(0), π the left unit eigenvector (largest error)",
        "degroot1974",
        0.0,
        np.max(np.abs(run.final - pi @ x0)),
        1e-8,
        setup="N = 60, random irreducible aperiodic W; π from a dense eigensolver",
    )


@_check("golub_jackson_star", source="golub2010")
def _golub_jackson_star(name):
    n = 1000
    pi = consensus.influence_vector(consensus.degroot_weights(networks.star_graph(n)))
    return _result(
        name,
        "Golub–Jackson naive learning",
        "a star's centre keeps influence n/(3n − 2) → 1/3: the crowd is not wise",
        "golub2010",
        n / (3 * n - 2),
        pi[0],
        1e-10,
        setup="star with n = 1 000, equal weights on self and neighbours",
    )


@_check("golub_jackson_wise", source="golub2010")
def _golub_jackson_wise(name):
    n, draws = 400, 4000
    result = consensus.wisdom_of_crowds(
        consensus.degroot_weights(networks.complete_graph(n)), n_draws=draws, rng=2010
    )
    return _result(
        name,
        "Golub–Jackson naive learning",
        "egalitarian crowd is wise: consensus error σ/√n",
        "golub2010",
        1 / math.sqrt(n),
        result.rmse,
        0.05 / math.sqrt(n),
        setup=f"complete graph n = {n}, σ = 1, {draws} draws of signals",
    )


@_check("friedkin_johnsen", source="friedkin1990")
def _friedkin_johnsen(name):
    import scipy.sparse as sp

    rng = np.random.default_rng(1990)
    n = 50
    dense = _random_primitive_weights(n, rng)
    x0 = rng.random(n)
    susceptibility = rng.uniform(0.2, 0.9, size=n)
    lam = np.diag(susceptibility)
    expected = np.linalg.solve(np.eye(n) - lam @ dense, (np.eye(n) - lam) @ x0)
    run = consensus.friedkin_johnsen(
        sp.csr_array(dense), x0, susceptibility, max_steps=5000, tol=1e-15, n_records=1
    )
    return _result(
        name,
        "Friedkin–Johnsen influence",
        "x* = (I − ΛW)⁻¹(I − Λ)x(0) (largest error of the iterated model)",
        "friedkin1990",
        0.0,
        np.max(np.abs(run.final - expected)),
        1e-9,
        setup="N = 50, random W and λ ∈ [0.2, 0.9]; dense linear solve",
    )


def _bc_mean(model, epsilon, column):
    curve = _bounded_confidence_curve(model)
    return float(curve.loc[np.isclose(curve["epsilon"], epsilon), column].mean())


@_check("deffuant_two_clusters", source="deffuant2000")
def _deffuant_two_clusters(name):
    return _result(
        name,
        "Deffuant bounded confidence",
        "⌊1/(2ε)⌋ major clusters: 2 at ε = 0.2",
        "deffuant2000",
        2.0,
        _bc_mean("deffuant", 0.2, "major_clusters"),
        0.3,
        setup="N = 1 000, μ = 0.5, 8 seeds; major = ≥ 10 % of agents",
    )


@_check("deffuant_consensus", source="fortunato2004")
def _deffuant_consensus(name):
    return _result(
        name,
        "Deffuant bounded confidence",
        "consensus for ε > 1/2 (share of runs at ε = 0.55)",
        "fortunato2004",
        1.0,
        _bc_mean("deffuant", 0.55, "consensus"),
        0.0,
        "≥",
        setup="N = 1 000, μ = 0.5, 8 seeds",
    )


@_check("hk_no_consensus_below", source="fortunato2005")
def _hk_no_consensus_below(name):
    return _result(
        name,
        "Hegselmann–Krause bounded confidence",
        "ε_c ≈ 0.2: no consensus at ε = 0.15 (share of runs)",
        "fortunato2005",
        0.0,
        _bc_mean("hk", 0.15, "consensus"),
        0.1,
        "≤",
        setup="complete graph, N = 1 000, 8 seeds",
    )


@_check("hk_consensus_above", source="fortunato2005")
def _hk_consensus_above(name):
    return _result(
        name,
        "Hegselmann–Krause bounded confidence",
        "ε_c ≈ 0.2: consensus at ε = 0.25 (share of runs)",
        "fortunato2005",
        1.0,
        _bc_mean("hk", 0.25, "consensus"),
        0.1,
        "≥",
        setup="complete graph, N = 1 000, 8 seeds",
    )


@_check("voter_exit_probability", source="sood2005")
def _voter_exit_probability(name):
    density, runs = 0.3, 1500
    stats = consensus.voter_exit_probability(100, density, n_runs=runs, rng=2005)
    return _result(
        name,
        "Voter model",
        "exit probability = initial density ρ = 0.3 (complete graph)",
        "sood2005",
        density,
        stats.exit_probability,
        3 * math.sqrt(density * (1 - density) / runs),
        setup=f"N = 100, {runs} runs; tolerance 3 binomial standard errors",
    )


@_check("voter_consensus_time", source="sood2005")
def _voter_consensus_time(name):
    n, density = 200, 0.5
    stats = consensus.voter_exit_probability(n, density, n_runs=400, rng=2006)
    expected = -n * (density * math.log(density) + (1 - density) * math.log(1 - density))
    return _result(
        name,
        "Voter model",
        "mean consensus time −N[ρ ln ρ + (1 − ρ) ln(1 − ρ)] sweeps",
        "sood2005",
        expected,
        stats.mean_consensus_time,
        0.1 * expected,
        setup="N = 200, ρ = 0.5, 400 runs; tolerance 10 %",
    )


# =========================================================================== dividends


@_check("simon_size_distribution", source="simon1955")
def _simon_size_distribution(name):
    entry_prob = 0.5
    result = dividends.platform_growth(150_000, gamma=1.0, entry_prob=entry_prob, rng=1955)
    k, share = dividends.size_distribution(result.sizes)
    k, share = k[:5], share[:5]
    theory = dividends.simon_size_distribution(k, entry_prob=entry_prob)
    return _result(
        name,
        "Platform growth, linear preferential attachment",
        "Simon's law f(k) = ρ B(k, ρ + 1), k = 1 … 5 (largest relative deviation)",
        "simon1955",
        0.0,
        np.max(np.abs(share / theory - 1)),
        0.08,
        setup="150 000 users, entry probability 0.5",
    )


@_check("superlinear_monopoly", source="krapivsky2000")
def _superlinear_monopoly(name):
    entry_prob = 0.1
    result = dividends.platform_growth(50_000, gamma=1.5, entry_prob=entry_prob, rng=2000)
    return _result(
        name,
        "Platform growth, superlinear attachment",
        "one platform takes every joining user: leader share → 1 − entry probability",
        "krapivsky2000",
        1 - entry_prob,
        result.sizes.max() / result.sizes.sum(),
        0.05,
        setup="50 000 users, γ = 1.5, entry probability 0.1",
    )


@_check("polya_uniform_limit", source="eggenberger1923")
def _polya_uniform_limit(name):
    result = dividends.polya_urn((1, 1), n_steps=2000, n_runs=2000, rng=1923)
    return _result(
        name,
        "Pólya urn (lock-in)",
        "limit share uniform on [0, 1]: variance 1/12",
        "eggenberger1923",
        1 / 12,
        result.shares[:, 0].var(),
        0.005,
        setup="one ball of each colour, 2 000 draws, 2 000 urns",
    )


@functools.lru_cache(maxsize=1)
def _random_exchange_wealth():
    runs = [dividends.random_exchange(np.ones(1000), n_steps=300, rng=seed) for seed in range(4)]
    return np.mean([run.gini[-1] for run in runs]), np.concatenate([run.wealth for run in runs])


@_check("random_exchange_gini", source="dragulescu2000")
def _random_exchange_gini(name):
    gini, _ = _random_exchange_wealth()
    return _result(
        name,
        "Random exchange",
        "exponential (Boltzmann–Gibbs) wealth has Gini 1/2",
        "dragulescu2000",
        0.5,
        gini,
        0.02,
        setup="N = 1 000, 300 rounds, mean of 4 seeds",
    )


@_check("random_exchange_exponential", source="dragulescu2000")
def _random_exchange_exponential(name):
    _, wealth = _random_exchange_wealth()
    return _result(
        name,
        "Random exchange",
        "wealth is exponential with mean 1 (Kolmogorov–Smirnov distance)",
        "dragulescu2000",
        0.0,
        scipy.stats.kstest(wealth, scipy.stats.expon(scale=1.0).cdf).statistic,
        0.03,
        setup="N = 1 000, 300 rounds, 4 seeds pooled",
    )


@functools.lru_cache(maxsize=1)
def _boltzmann_ginis():
    kwargs = {"n_records": 10, "rng": 3}
    sync = dividends.boltzmann_wealth(5000, n_steps=500, schedule="synchronous", **kwargs)
    seq = dividends.boltzmann_wealth(5000, n_steps=500, schedule="random_sequential", **kwargs)
    return float(sync.gini[5:].mean()), float(seq.gini[5:].mean())


@_check("boltzmann_synchronous", source="dragulescu2000")
def _boltzmann_synchronous(name):
    sync, _ = _boltzmann_ginis()
    return _result(
        name,
        "Boltzmann wealth (unit transfers), synchronous",
        "stationary Gini of the mean-field unit-transfer chain",
        "dragulescu2000",
        dividends.synchronous_boltzmann_mean_field().gini,
        sync,
        0.01,
        setup="N = 5 000, steps 250–500; expected value from the mean-field recursion",
    )


@_check("boltzmann_schedules_differ", source="kazil2020")
def _boltzmann_schedules_differ(name):
    sync, seq = _boltzmann_ginis()
    return _result(
        name,
        "Boltzmann wealth (unit transfers), random-sequential",
        "Mesa's random-sequential schedule is a different model: higher Gini than synchronous "
        "(difference of the Ginis); catches a sequential schedule run as a synchronous one "
        "(difference 0 within noise ±0.01)",
        "kazil2020",
        0.03,
        seq - sync,
        0.0,
        "≥",
        setup="N = 5 000, steps 250–500, same seed",
    )


@_check("yard_sale_condensation", source="boghosian2015")
def _yard_sale_condensation(name):
    result = dividends.yard_sale(np.ones(1000), n_steps=3000, trade_fraction=0.2, rng=2015)
    return _result(
        name,
        "Yard-sale model",
        "without redistribution wealth condenses: Gini → 1",
        "boghosian2015",
        0.95,
        result.gini[-1],
        0.0,
        "≥",
        setup="N = 1 000, 3 000 rounds, stake 20 % of the poorer's wealth",
    )


@_check("eysm_oligarch_share", source="boghosian2017")
def _eysm_oligarch_share(name):
    chi, zeta = 0.025, 0.05
    result = dividends.yard_sale(
        np.ones(200),
        n_steps=20_000,
        trade_fraction=0.2,
        redistribution=chi,
        advantage=zeta,
        n_records=40,
        rng=2017,
    )
    late = result.largest_share[len(result.largest_share) // 2 :]
    return _result(
        name,
        "Extended yard-sale model",
        "wealth-attained advantage ζ > χ: an oligarch holds 1 − χ/ζ",
        "boghosian2017",
        1 - chi / zeta,
        late.mean(),
        0.1,
        setup="N = 200, χ = 0.025, ζ = 0.05, second half of 20 000 rounds",
    )


@_check("eysm_no_oligarch", source="boghosian2017")
def _eysm_no_oligarch(name):
    result = dividends.yard_sale(
        np.ones(1000),
        n_steps=5000,
        trade_fraction=0.1,
        redistribution=0.1,
        advantage=0.05,
        n_records=20,
        rng=2018,
    )
    late = result.largest_share[len(result.largest_share) // 2 :]
    return _result(
        name,
        "Extended yard-sale model",
        "redistribution χ above the advantage ζ prevents oligarchy (largest share)",
        "boghosian2017",
        0.0,
        late.max(),
        0.03,
        "≤",
        setup="N = 1 000, χ = 0.1, ζ = 0.05, second half of 5 000 rounds",
    )


@_check("metcalfe_dividend", source="shapiro1999")
def _metcalfe_dividend(name):
    sizes = np.random.default_rng(1999).integers(1, 1000, size=12)
    n = sizes.sum()
    expected_total = n * np.sum((sizes / n) ** 2)  # D = N · HHI under Metcalfe's law
    worst = 0.0
    for rule in ("winner_keeps", "proportional", "flat", "tax_redistribute"):
        split = dividends.share_dividend(sizes, rule=rule, tax_rate=0.3, network_exponent=2.0)
        paid = split.platform_income.sum() + n * split.income_per_user
        worst = max(worst, abs(split.total - expected_total), abs(paid - expected_total))
    return _result(
        name,
        "Sharing the network dividend (the book's model)",
        "Metcalfe's law: dividend D = N · HHI, and every sharing rule pays out exactly D",
        "shapiro1999",
        0.0,
        worst,
        1e-9 * expected_total,
        setup="12 platforms of random size, four sharing rules, a = 2",
    )


@_check("platform_competition_neutral", source="eggenberger1923")
def _platform_competition_neutral(name):
    n_users, runs = 2000, 60
    start = [600, 350, 350, 350, 350]
    shares = [
        dividends.dividend_economy(
            n_users, 5, 200, rule="flat", gamma=1.0, initial_users=start, rng=seed
        ).platform_users[-1, 0]
        / n_users
        for seed in range(runs)
    ]
    return _result(
        name,
        "Platform competition with a network dividend (the book's model)",
        "linear attachment (γ = 1, flat sharing) is a Pólya urn: expected share stays 0.3",
        "eggenberger1923",
        start[0] / n_users,
        np.mean(shares),
        0.025,
        setup=f"{n_users} users, 5 platforms, 200 periods, {runs} runs; tolerance ≈ 3.5 s.e.",
    )


# =========================================================================== commons


@_check("replicator_closed_form", source="hofbauer1998")
def _replicator_closed_form(name):
    times = np.linspace(0, 30, 31)
    worst = 0.0
    for synergy in (2.0, 4.0, 6.5):
        numeric = commons.replicator_dynamics(
            (0.3, 0.7, 0, 0, 0), group_size=5, synergy=synergy, times=times
        )
        # Cooperators earn 1 − r/G less than defectors in every group, so their share
        # follows the logistic x(t) = x0 / (x0 + (1 − x0) e^{(1 − r/G) t}).
        x0 = 0.7
        exact = x0 / (x0 + (1 - x0) * np.exp((1 - synergy / 5) * times))
        worst = max(worst, float(np.max(np.abs(numeric.fractions[:, 1] - exact))))
    return _result(
        name,
        "Public goods game, replicator dynamics",
        "cooperators follow the logistic law with rate 1 − r/G (largest error); catches a wrong "
        "rate such as r/G − 1/G or a payoff not relative to the mean (errors > 0.01)",
        "hofbauer1998",
        0.0,
        worst,
        1e-6,
        setup="G = 5, r = 2, 4, 6.5, t = 0 … 30",
    )


@_check("well_mixed_tragedy", source="hauert2002")
def _well_mixed_tragedy(name):
    result = commons.well_mixed_public_goods(1000, group_size=5, synergy=4.0, n_steps=400, rng=1968)
    return _result(
        name,
        "Public goods game, finite well-mixed population",
        "tragedy of the commons for r < G: cooperators die out (final share); catches a pot "
        "shared among contributors only or a cost paid by free-riders too (cooperators survive)",
        "hauert2002",
        0.0,
        result.fractions[-1, 1],
        0.0,
        "≤",
        setup="N = 1 000, G = 5, r = 4, 400 generations",
    )


@_check("lattice_cooperators_die_out", source="szolnoki2009")
def _lattice_cooperators_die_out(name):
    curve = _cooperation_curve()
    return _result(
        name,
        "Spatial public goods game (square lattice)",
        "cooperators die out below r ≈ 3.74 (final share at r = 3.5); catches a cost paid once "
        "in all instead of once per group (r effectively ×5: cooperators win)",
        "szolnoki2009",
        0.0,
        curve.loc[curve["synergy"] == 3.5, "final_cooperation"].iloc[0],
        0.0,
        "≤",
        setup=f"40 × 40 torus, G = 5, K = 0.5, ≤ {MCS} MCS",
    )


@_check("lattice_coexistence", source="szolnoki2009")
def _lattice_coexistence(name):
    curve = _cooperation_curve()
    middle = curve.loc[curve["synergy"] == 4.5, "late_cooperation"].iloc[0]
    return _result(
        name,
        "Spatial public goods game (square lattice)",
        "between the thresholds both strategies survive: min(ρ_C, 1 − ρ_C) at r = 4.5; catches "
        "groups redrawn each round (cooperators die) and a per-player cost (defectors die)",
        "szolnoki2009",
        0.1,
        min(middle, 1 - middle),
        0.0,
        "≥",
        setup=f"40 × 40 torus, G = 5, K = 0.5, last records of {MCS} MCS",
    )


@_check("lattice_defectors_die_out", source="szolnoki2009")
def _lattice_defectors_die_out(name):
    curve = _cooperation_curve()
    return _result(
        name,
        "Spatial public goods game (square lattice)",
        "defectors die out above r ≈ 5.49 (share of cooperators at r = 5.7); catches an "
        "imitation that ignores payoffs (the voter model keeps both strategies for long)",
        "szolnoki2009",
        1.0,
        curve.loc[curve["synergy"] == 5.7, "late_cooperation"].iloc[0],
        0.02,
        "≥",
        setup=f"40 × 40 torus, G = 5, K = 0.5, last records of {MCS} MCS",
    )


@_check("diversity_promotes_cooperation", source="santos2008")
def _diversity_promotes_cooperation(name):
    import networkx as nx

    synergy = 0.6 * 5  # η = r / (⟨k⟩ + 1) = 0.6
    scale_free = networks.barabasi_albert(1000, 2, rng=2008)
    regular = networks.from_networkx(nx.random_regular_graph(4, 1000, seed=2008))
    levels = [
        np.mean(
            [
                commons.diverse_public_goods(graph, synergy=synergy, n_steps=2000, rng=seed)
                .cooperation[-200:]
                .mean()
                for seed in (1, 2)
            ]
        )
        for graph in (scale_free, regular)
    ]
    return _result(
        name,
        "Public goods game on diverse networks",
        "scale-free networks sustain cooperation that regular ones lose (difference at η = 0.6); "
        "catches a cost per game instead of per individual (difference 0 in this setup)",
        "santos2008",
        0.7,
        levels[0] - levels[1],
        0.0,
        "≥",
        setup="N = 1 000, BA m = 2 vs random 4-regular, last 200 of 2 000 generations, 2 seeds",
    )


@functools.lru_cache(maxsize=1)
def _punishment_replicator():
    times = np.linspace(0, 2000, 5)
    sanctions = {"fine": 1.0, "punish_cost": 0.3, "mutation": 0.01}
    punishers_only = commons.replicator_dynamics(
        (0.2, 0, 0.8, 0, 0), group_size=5, synergy=3.0, times=times, **sanctions
    )
    with_second_order = commons.replicator_dynamics(
        (0.1, 0.3, 0.6, 0, 0), group_size=5, synergy=3.0, times=times, **sanctions
    )
    return punishers_only.fractions[-1], with_second_order.fractions[-1]


@_check("punishers_resist_defectors", source="sigmund2010")
def _punishers_resist_defectors(name):
    punishers_only, _ = _punishment_replicator()
    return _result(
        name,
        "Public goods game with peer punishment, replicator dynamics",
        "punishing cooperators resist defectors when the fine exceeds 1 − r/G (their share); "
        "catches a fine not charged to defectors (punishers then die out: share ≈ 0)",
        "sigmund2010",
        0.95,
        punishers_only[commons.MORALIST],
        0.0,
        "≥",
        setup="G = 5, r = 3, fine 1, cost 0.3, mutation 0.01, t = 2 000",
    )


@_check("second_order_free_riding", source="sigmund2010")
def _second_order_free_riding(name):
    _, with_second_order = _punishment_replicator()
    return _result(
        name,
        "Public goods game with peer punishment, replicator dynamics",
        "non-punishing cooperators erode punishment and defectors take over (their share); "
        "catches a punishment cost not charged (punishers then never lose to cooperators)",
        "sigmund2010",
        0.9,
        with_second_order[commons.DEFECTOR],
        0.0,
        "≥",
        setup="as above, starting with 30 % non-punishing cooperators",
    )


@_check("lattice_punishment", source="helbing2010")
def _lattice_punishment(name):
    run = commons.lattice_public_goods(
        40,
        synergy=3.5,
        n_steps=1000,
        rng=2010,
        initial_fractions=(1 / 3, 1 / 3, 1 / 3, 0.0, 0.0),
        fine=0.6,
        punish_cost=0.1,
        n_records=10,
    )
    return _result(
        name,
        "Spatial public goods game with peer punishment",
        "strong punishment lets punishing cooperators win below r ≈ 3.74 (cooperators' share); "
        "catches a fine not charged to defectors (then, as at r = 3.5 above, cooperators die)",
        "helbing2010",
        0.95,
        run.cooperation[-1],
        0.0,
        "≥",
        setup="40 × 40 torus, r = 3.5, fine 0.6, cost 0.1, ≤ 1 000 MCS",
    )


@_check("lattice_conditional_cooperation", source="szolnoki2012")
def _lattice_conditional_cooperation(name):
    run = commons.lattice_public_goods(
        40,
        synergy=3.5,
        n_steps=1000,
        rng=2012,
        initial_fractions=(0.5, 0.0, 0.0, 0.0, 0.5),
        trust_threshold=4,
        n_records=20,
    )
    return _result(
        name,
        "Spatial public goods game with conditional cooperation",
        "the most cautious conditional cooperators (contribute only if all G − 1 others do) "
        "beat defectors below r ≈ 3.74 (cooperators' share); catches a rule that "
        "ignores θ (they are then plain cooperators, who die out at r = 3.5)",
        "szolnoki2012",
        0.95,
        run.cooperation[-1],
        0.0,
        "≥",
        setup="40 × 40 torus, r = 3.5, half defectors, half conditional (θ = 4), ≤ 1 000 MCS",
    )


# ---- spreading chapter
#
# Expected values are computed here from the papers' formulas (root finding, sums over the
# Poisson distribution), not with the analytic helpers of socmodels.spreading.


def _poisson_pmf(z, k_max=200):
    k = np.arange(k_max + 1)
    return k, scipy.stats.poisson.pmf(k, z)


@_check("sir_er_outbreak_size", source="newman2002")
def _sir_er_outbreak_size(name):
    graph = networks.erdos_renyi(10_000, mean_degree=4.0, rng=2002)
    sizes = spreading.outbreak_sizes(graph, transmissibility=0.5, n_runs=100, rng=2002)
    ct = 0.5 * graph.nnz / graph.shape[0]  # T times the graph's own mean degree (≈ 4)
    expected = scipy.optimize.brentq(lambda s: s - 1 + math.exp(-ct * s), 1e-9, 1.0)
    return _result(
        name,
        "Independent cascade (SIR) on networks",
        "a large outbreak reaches S = 1 − exp(−cTS) (c ≈ 4, T = 0.5)",
        "newman2002",
        expected,
        sizes.sizes[sizes.large()].mean(),
        0.01,
        setup="Erdős–Rényi N = 10 000, 100 single-seed outbreaks; mean over the large ones",
    )


@_check("sir_mean_outbreak_below_threshold", source="newman2002")
def _sir_mean_outbreak_below_threshold(name):
    graph = networks.erdos_renyi(10_000, mean_degree=4.0, rng=2003)
    k = networks.degrees(graph).astype(float)
    t = 0.15
    expected = 1 + t * k.mean() / (1 - t * (np.mean(k * k) - k.mean()) / k.mean())
    sizes = spreading.outbreak_sizes(graph, transmissibility=t, n_runs=2000, rng=2003)
    return _result(
        name,
        "Independent cascade (SIR) on networks",
        "below T_c, mean outbreak 1 + T⟨k⟩ / (1 − T(⟨k²⟩ − ⟨k⟩)/⟨k⟩) (T = 0.15)",
        "newman2002",
        expected,
        sizes.counts.mean(),
        0.2,
        setup="Erdős–Rényi N = 10 000, c = 4, 2 000 outbreaks; tolerance ≈ 3 standard errors",
    )


@_check("scale_free_no_threshold", source="pastorsatorras2001")
def _scale_free_no_threshold(name):
    graph = networks.barabasi_albert(10_000, 2, rng=2001)
    sizes = spreading.outbreak_sizes(graph, transmissibility=0.2, n_runs=150, rng=2001)
    return _result(
        name,
        "Independent cascade (SIR) on networks",
        "heavy tails: large outbreaks below the Erdős–Rényi threshold 1/⟨k⟩ (share of runs)",
        "pastorsatorras2001",
        0.1,
        sizes.large().mean(),
        0.0,
        "≥",
        setup="Barabási–Albert N = 10 000, ⟨k⟩ = 4, T = 0.2 < 1/4, 150 outbreaks",
    )


@_check("watts_cascade_inside_window", source="watts2002")
def _watts_cascade_inside_window(name):
    z, phi, runs = 4.0, 0.18, 200
    k, p = _poisson_pmf(z)
    rho = ((k >= 1) & (k * phi <= 1)).astype(float)
    q = k * p / z
    u = 0.0
    for _ in range(10_000):
        u = float(np.sum(q * ((1 - rho) + rho * u ** np.maximum(k - 1, 0))))
    expected = 1 - float(np.sum(p * u**k))
    stats = spreading.cascade_frequency(10_000, mean_degree=z, threshold=phi, n_runs=runs, rng=2)
    return _result(
        name,
        "Watts threshold model (global cascades)",
        "one random seed cascades with the extended vulnerable cluster's probability (z = 4)",
        "watts2002",
        expected,
        stats.frequency.estimate,
        3 * math.sqrt(expected * (1 - expected) / runs),
        setup=f"Erdős–Rényi N = 10 000, φ = 0.18, {runs} networks; 3 binomial standard errors",
    )


@_check("watts_no_cascade_beyond_window", source="watts2002")
def _watts_no_cascade_beyond_window(name):
    stats = spreading.cascade_frequency(10_000, mean_degree=6.5, threshold=0.18, n_runs=100, rng=3)
    return _result(
        name,
        "Watts threshold model (global cascades)",
        "no global cascades beyond the window's upper edge z = 5.76 (share of seeds, z = 6.5)",
        "watts2002",
        0.0,
        stats.frequency.estimate,
        0.0,
        "≤",
        setup="Erdős–Rényi N = 10 000, φ = 0.18, 100 networks",
    )


@_check("complex_contagion_clustered", source="centola2007")
def _complex_contagion_clustered(name):
    stats = spreading.rewired_lattice_contagion(1000, k=8, rewire_prob=0.1, n_runs=20, rng=2007)
    return _result(
        name,
        "Complex contagion (threshold 2)",
        "spreads to everyone on a clustered ring lattice (p = 0.1; smallest share of 20 runs)",
        "centola2007",
        1.0,
        stats.final_shares.min(),
        0.01,
        "≥",
        setup="ring N = 1 000, k = 8, seeded neighbourhood",
    )


@_check("complex_contagion_random", source="centola2007")
def _complex_contagion_random(name):
    stats = spreading.rewired_lattice_contagion(1000, k=8, rewire_prob=1.0, n_runs=100, rng=2008)
    return _result(
        name,
        "Complex contagion (threshold 2)",
        "fails once every tie is a random long tie (p = 1; mean share adopting)",
        "centola2007",
        0.12,
        stats.final_shares.mean(),
        0.0,
        "≤",
        setup="rewired ring N = 1 000, k = 8, seeded neighbourhood, 100 runs",
    )


@_check("rumour_never_heard", source="sudbury1985")
def _rumour_never_heard(name):
    theta = scipy.optimize.brentq(lambda x: x * math.exp(2 * (1 - x)) - 1, 0.01, 0.9)
    stats = spreading.rumour_statistics(10_000, n_runs=50, rng=1985)
    return _result(
        name,
        "Maki–Thompson rumour",
        "share never hearing the rumour → θ, θ e^(2(1 − θ)) = 1",
        "sudbury1985",
        theta,
        stats.never_heard.mean(),
        0.005,
        setup="complete graph, N = 10 000, 50 runs (a double-counted spreader meeting: 0.285)",
    )


@_check("daley_kendall_never_heard", source="daley1965")
def _daley_kendall_never_heard(name):
    # θ = exp(−2(1 − θ)); counting each pair of spreaders twice (ordered pairs) gives ≈ 0.285
    theta = spreading.rumour_limit()
    stats = spreading.daley_kendall_never_heard(10_000, n_runs=50, rng=1964)
    return _result(
        name,
        "Daley–Kendall rumour",
        "share never hearing the rumour → θ, θ = exp(−2(1 − θ))",
        "daley1965",
        theta,
        stats.never_heard.mean(),
        0.005,
        setup="complete graph, N = 10 000, 50 runs, pairs meet symmetrically "
        "(spreader pairs counted twice, as ordered pairs: 0.285)",
    )


# ---- trust chapter


@_check("berg_data_summary", source="berg1995")
def _berg_data_summary(name):
    data = trust.berg1995_no_history()
    return _result(
        name,
        "Trust (investment) game, Berg et al.'s no-history treatment (data in the package)",
        "mean transfer of the 32 senders, $ of $10 (the paper: $5.16; 30 of 32 sent something)",
        "berg1995",
        5.16,
        float(data.sent.mean()),
        0.005,
        setup=f"{int((data.sent > 0).sum())} of {data.sent.size} senders sent something",
    )


def _trust_long_run(information):
    runs = [
        trust.trust_among_strangers(200, information=information, n_steps=200, rng=seed).trust
        for seed in range(10)
    ]
    return float(np.mean([run[-40:].mean() for run in runs]))


@_check("trust_sustained_with_information", source="manapat2013")
def _trust_sustained_with_information(name):
    return _result(
        name,
        "Trust game among strangers with visible past behaviour (the book's model)",
        "trust is sustained when more senders see the record than the return share, q > k "
        "(share of trusting senders)",
        "manapat2013",
        0.9,
        _trust_long_run(0.65),
        0.0,
        "≥",
        setup="200 agents, k = 1/2, m = 3, q = 0.65, last 40 of 200 generations, 10 seeds",
    )


@_check("trust_collapses_without_information", source="berg1995")
def _trust_collapses_without_information(name):
    return _result(
        name,
        "Trust game among strangers with visible past behaviour (the book's model)",
        "trust collapses when q < k (share of trusting senders)",
        "berg1995",
        0.1,
        _trust_long_run(0.35),
        0.0,
        "≤",
        setup="as above, q = 0.35",
    )


def _discriminator_cooperation(norm):
    runs = [
        trust.indirect_reciprocity(
            np.full(1000, trust.DISC), norm=norm, n_steps=300_000, n_records=10, rng=seed
        )
        for seed in range(10)
    ]
    return float(np.mean([run.cooperation[5:].mean() for run in runs]))


@_check("stern_judging_cooperation", source="pacheco2006")
def _stern_judging_cooperation(name):
    e, mu = 0.02, 0.01
    expected = (1 - mu) / (1 + (1 - 2 * mu) * e) * (1 - e)  # derived by hand
    return _result(
        name,
        "Indirect reciprocity, public reputations, stern judging",
        "discriminators cooperate in ≈ 95 % of interactions (closed form g(1 − e))",
        "pacheco2006",
        expected,
        _discriminator_cooperation("stern judging"),
        0.005,
        setup="1 000 discriminators, e = 0.02, μ = 0.01, rounds 150–300, 10 seeds",
    )


@_check("image_scoring_cooperation", source="nowak1998")
def _image_scoring_cooperation(name):
    e, mu = 0.02, 0.01
    expected = mu / (1 - (1 - 2 * mu) * (1 - e)) * (1 - e)  # derived by hand
    return _result(
        name,
        "Indirect reciprocity, public reputations, image scoring",
        "errors cascade: discriminators cooperate in only ≈ 25 % of interactions",
        "nowak1998",
        expected,
        _discriminator_cooperation("image scoring"),
        0.03,
        setup="as above, image scoring",
    )


@_check("simple_standing_cooperation", source="ohtsuki2004")
def _simple_standing_cooperation(name):
    expected = trust.reputation_equilibrium([0.0, 0.0, 1.0], norm="simple standing").cooperation
    return _result(
        name,
        "Indirect reciprocity, public reputations, simple standing",
        "discriminators cooperate in ≈ 95 % of interactions (closed form g(1 − e))",
        "ohtsuki2004",
        expected,
        _discriminator_cooperation("simple standing"),
        0.005,
        setup="as above, simple standing",
    )


@_check("shunning_cooperation", source="ohtsuki2004")
def _shunning_cooperation(name):
    expected = trust.reputation_equilibrium([0.0, 0.0, 1.0], norm="shunning").cooperation
    return _result(
        name,
        "Indirect reciprocity, public reputations, shunning",
        "as under image scoring, discriminators cooperate in only ≈ 25 % of interactions",
        "ohtsuki2004",
        expected,
        _discriminator_cooperation("shunning"),
        0.03,
        setup="as above, shunning",
    )


def _allc_advantage(norm, mutant=trust.ALLC):
    strategies = np.r_[np.full(100, mutant), np.full(900, trust.DISC)]
    gaps = []
    for seed in range(10):
        run = trust.indirect_reciprocity(strategies, norm=norm, n_steps=100_000, n_records=10,
                                         rng=seed)  # fmt: skip
        pay = run.payoffs[-1] - run.payoffs[2]
        gaps.append(pay[mutant] - pay[trust.DISC])
    return float(np.mean(gaps)) / ((run.times[-1] - run.times[2]) / 1000)


@_check("image_scoring_cooperators_invade", source="ohtsuki2004")
def _image_scoring_cooperators_invade(name):
    return _result(
        name,
        "Indirect reciprocity, image scoring",
        "unconditional cooperators earn more than discriminators, so they invade "
        "(payoff advantage per round)",
        "ohtsuki2004",
        0.0,
        _allc_advantage("image scoring"),
        0.0,
        "≥",
        setup="10 % ALLC among 1 000 discriminators, rounds 20–100, 10 seeds",
    )


@_check("stern_judging_resists_cooperators", source="pacheco2006")
def _stern_judging_resists_cooperators(name):
    return _result(
        name,
        "Indirect reciprocity, stern judging",
        "unconditional cooperators earn less than discriminators (payoff advantage per round)",
        "pacheco2006",
        0.0,
        _allc_advantage("stern judging"),
        0.0,
        "≤",
        setup="as above, stern judging",
    )


@_check("stern_judging_resists_defectors", source="pacheco2006")
def _stern_judging_resists_defectors(name):
    return _result(
        name,
        "Indirect reciprocity, stern judging",
        "unconditional defectors earn less than discriminators (payoff advantage per round)",
        "pacheco2006",
        0.0,
        _allc_advantage("stern judging", mutant=trust.ALLD),
        0.0,
        "≤",
        setup="10 % ALLD among 1 000 discriminators, rounds 20–100, 10 seeds",
    )


@_check("naming_game_tipping_point", source="xie2011")
def _naming_game_tipping_point(name):
    return _result(
        name,
        "Naming game with a committed minority, mean field",
        "critical committed fraction p_c",
        "xie2011",
        0.0979,
        trust.naming_game_tipping_point(),
        1e-4,
        setup="saddle-node of the mean-field equations (complete graph)",
    )


@_check("committed_minority_wins", source="xie2011")
def _committed_minority_wins(name):
    runs = trust.committed_minority_consensus(1000, 0.12, n_runs=10, max_steps=100_000, rng=12)
    return _result(
        name,
        "Naming game with a committed minority, N = 1 000",
        "above p_c the committed minority's norm takes over (median time, units of N)",
        "xie2011",
        40.0,
        runs.median_time if runs.share_reached == 1.0 else float("inf"),
        8.0,
        setup="p = 0.12, 10 runs, at most 100 N interactions; every run must reach consensus",
    )


@_check("committed_minority_fails_below", source="xie2011")
def _committed_minority_fails_below(name):
    runs = trust.committed_minority_consensus(1000, 0.08, n_runs=10, max_steps=100_000, rng=8)
    return _result(
        name,
        "Naming game with a committed minority, N = 1 000",
        "below p_c the majority norm survives (share of runs reaching the minority's norm)",
        "xie2011",
        0.0,
        runs.share_reached,
        0.0,
        "≤",
        setup="p = 0.08, 10 runs of 100 N interactions",
    )


@_check("peer_punishers_win_without_second_order", source="sigmund2010")
def _peer_punishers_win_without_second_order(name):
    m = 100
    chain = trust.sanction_rare_mutation(n_agents=m, imitation_strength=1000.0)
    return _result(
        name,
        "Voluntary public goods game, pool vs peer punishment, rare exploration",
        "without second-order punishment peer punishers win: share (3M + 6)/(3M + 23)",
        "sigmund2010",
        (3 * m + 6) / (3 * m + 23),
        chain.share("peer punisher"),
        1e-6,
        setup="M = 100, N = 5, r = 3, σ = 1, G = B = β = γ = 0.7, s = 1 000",
    )


@_check("institution_wins_with_second_order", source="sigmund2010")
def _institution_wins_with_second_order(name):
    chain = trust.sanction_rare_mutation(n_agents=100, imitation_strength=1000.0, second_order=True)
    return _result(
        name,
        "Voluntary public goods game, pool vs peer punishment, rare exploration",
        "with second-order punishment the institution (pool punishers) takes over",
        "sigmund2010",
        1.0,
        chain.share("pool punisher"),
        1e-6,
        setup="as above, with second-order punishment",
    )


# ---- aggregation chapter


def _schelling_like_share(wanted):

    shares = [
        aggregation.schelling(
            aggregation.random_city(51, density=0.8, rng=1971 + s), wanted=wanted, rng=1971 + s
        ).like_share[-1]
        for s in range(10)
    ]
    return float(np.mean(shares))


@_check("schelling_mild_preferences", source="wilensky1997")
def _schelling_mild_preferences(name):
    return _result(
        name,
        "Schelling segregation (NetLogo rule)",
        "30 % wanted like neighbours: the share of like neighbours rises from 0.5 to 0.71–0.74",
        "wilensky1997",
        0.725,
        _schelling_like_share(0.3),
        0.02,
        setup="51 × 51 torus, density 0.8, run until all are happy, mean of 10 runs",
    )


@_check("schelling_half_wanted", source="wilensky1997")
def _schelling_half_wanted(name):
    return _result(
        name,
        "Schelling segregation (NetLogo rule)",
        "50 % wanted like neighbours: the share of like neighbours rises to 0.85–0.89",
        "wilensky1997",
        0.87,
        _schelling_like_share(0.5),
        0.02,
        setup="51 × 51 torus, density 0.8, run until all are happy, mean of 10 runs",
    )


def _axelrod_largest(n_traits, runs):

    return float(
        np.mean(
            [
                aggregation.axelrod_culture(
                    aggregation.random_culture(20, n_features=10, n_traits=n_traits, rng=1997 + s),
                    rng=1997 + s,
                ).largest_region[-1]
                for s in range(runs)
            ]
        )
    )


@_check("axelrod_ordered", source="castellano2000")
def _axelrod_ordered(name):
    return _result(
        name,
        "Axelrod's dissemination of culture",
        "few traits (q = 10): one culture covers the lattice (largest region's share)",
        "castellano2000",
        1.0,
        _axelrod_largest(10, 10),
        0.01,
        "≥",
        setup="20 × 20 torus, F = 10, run to the absorbing state, mean of 10 runs",
    )


@_check("axelrod_fragmented", source="castellano2000")
def _axelrod_fragmented(name):
    return _result(
        name,
        "Axelrod's dissemination of culture",
        "many traits (q = 100): the public fragments (largest region's share ≈ 0.02)",
        "castellano2000",
        0.02,
        _axelrod_largest(100, 10),
        0.02,
        setup="20 × 20 torus, F = 10, run to the absorbing state, mean of 10 runs",
    )


def _holme_newman_largest(phi):

    return float(
        np.mean(
            [
                aggregation.holme_newman(
                    np.random.default_rng(2006 + s).integers(0, 100, 1000), phi=phi, rng=2006 + s
                ).largest_community
                for s in range(10)
            ]
        )
    )


@_check("holme_newman_consensus", source="holme2006")
def _holme_newman_consensus(name):
    return _result(
        name,
        "Holme–Newman coevolving network",
        "little rewiring (φ = 0.05): one community holds almost everyone",
        "holme2006",
        0.96,
        _holme_newman_largest(0.05),
        0.03,
        setup="N = 1 000, ⟨k⟩ = 4, N/G = 10, run to consensus, mean of 10 runs",
    )


@_check("holme_newman_fragmented", source="holme2006")
def _holme_newman_fragmented(name):
    return _result(
        name,
        "Holme–Newman coevolving network",
        "much rewiring (φ = 0.6, above φ_c ≈ 0.46): small like-minded communities only",
        "holme2006",
        0.04,
        _holme_newman_largest(0.6),
        0.02,
        setup="N = 1 000, ⟨k⟩ = 4, N/G = 10, run to consensus, mean of 10 runs",
    )


def _major_groups(opinions):

    sizes = aggregation.opinion_groups(opinions, gap=0.01)
    return int((sizes >= 0.01 * opinions.size).sum())


@_check("algorithmic_bias_unbiased", source="sirbu2019")
def _algorithmic_bias_unbiased(name):

    groups = [
        _major_groups(
            aggregation.algorithmic_bias(
                np.random.default_rng(2019 + s).random(500),
                gamma=0.0,
                rng=2019 + s,
                max_steps=5000 * 500,
            ).final
        )
        for s in range(10)
    ]
    return _result(
        name,
        "Bounded confidence with algorithmic bias",
        "no bias (γ = 0), ε = 0.2: the public settles into 2 groups (most common count)",
        "sirbu2019",
        2,
        int(np.bincount(groups).argmax()),
        0,
        setup="complete graph, N = 500, μ = 1/2, until settled; groups ≥ 1 % of users, 10 runs",
    )


@_check("algorithmic_bias_fragments", source="sirbu2019")
def _algorithmic_bias_fragments(name):

    groups = [
        _major_groups(
            aggregation.algorithmic_bias(
                np.random.default_rng(2019 + s).random(500),
                gamma=1.5,
                rng=2019 + s,
                max_steps=1000 * 500,
                n_records=1,
            ).final
        )
        for s in range(3)
    ]
    return _result(
        name,
        "Bounded confidence with algorithmic bias",
        "strong bias (γ = 1.5): still ≥ 10 groups after 1 000 meetings per person (fewest)",
        "sirbu2019",
        10,
        min(groups),
        0,
        "≥",
        setup="complete graph, N = 500, μ = 1/2, ε = 0.2, stopped at 1 000 meetings each, 3 runs",
    )
