"""Benchmarks: our speed against peers and against the book's budgets, in one run.

Usage::

    python benchmarks/run.py              # everything except the book build
    python benchmarks/run.py --quick      # fewer repeats, smaller scale runs
    python benchmarks/run.py --only foundation explorers
    python benchmarks/run.py --markdown   # the table as Markdown, to quote in an issue
    python benchmarks/run.py --book       # also time a clean build and rebuilds of the book
    python benchmarks/run.py --book --baseline e227c3f   # ... against the book at a commit
    python benchmarks/run.py --peers      # run inside benchmarks/.peers-venv (ndlib, Mesa)

Machines are noisy, so every comparison is made *in the same run* and reported as a
ratio; each time is the median of repeated calls (``time.perf_counter``) after one
untimed warm-up call (which absorbs imports, caches and numba compilation). The
budgets are those of ``docs/architecture.md`` §7; each is reported as met, MISSED or not measured.

Sections
--------
foundation
    Giant component and average clustering of an Erdős–Rényi graph (N = 10⁵,
    c = 3): :mod:`socmodels.measures` against networkx on the same graph, plus graph
    generation against ``networkx.fast_gnp_random_graph``.
peers
    Same update rule, same size (N = 1 000 and 10 000), against ndlib
    (Hegselmann–Krause, voter, algorithmic bias) and Mesa (Boltzmann wealth), as time
    per unit of work (node update, pair meeting, agent activation). The peers are
    optional extras in their own environment: ``--peers`` creates
    ``benchmarks/.peers-venv`` from ``requirements.txt`` and
    ``benchmarks/requirements-peers.txt`` and re-runs this script there. Without it, a
    peer that is not installed is listed as such.
scale
    One synchronous DeGroot and Hegselmann–Krause step on 10⁶ agents and 10⁷
    (undirected) edges, against scipy's CSR mat-vec and against a memory floor (a
    compiled pass reading the step's bytes once); the argument checks of the public
    one-step functions as a share of a step, for a frozen matrix
    (``networks.freeze``, checked once) and an ordinary one (checked on every call).
explorers
    Every registered explorer's update (compute + redraw, as the live explorer does
    it) at its default values. Explorers register themselves: any module
    ``socmodels.explorers.<theme>`` may define ``EXPLORERS``, a dict mapping a name to
    the keyword arguments of :func:`socmodels.widgets.explorer` (``render``,
    ``controls``, ``alt``, optionally ``fixed`` and ``dpi``). A notebook shows the
    same explorer with ``explorer(**EXPLORERS["name"])``, so the benchmark times
    exactly what readers use.
startup
    Every explorer's first frame in a fresh Python process (after the imports a
    notebook's first cell does), with numba's on-disk cache warm and, as the
    reference, empty (a fresh clone: the frame compiles its kernels).
book (only with ``--book``)
    On a copy of the repository in a temporary folder, as ``tasks.py book`` does it
    (``scripts/book_cache.py``, then ``jupyter-book build``): a clean build with an
    empty numba cache; a rebuild after editing one markdown cell; a rebuild after
    editing one model module (which notebooks re-ran); the PDF from the same outputs.
    ``--baseline REV`` also builds the book as it was at that git revision, as the
    clean build's reference.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no windows; the explorers draw to PNG as on the page

ROOT = Path(__file__).resolve().parent.parent

# docs/architecture.md §7
PEER_SPEEDUP_BUDGET = 100.0
SCALE_STEP_BUDGET_S = 0.1
CHECK_OVERHEAD_BUDGET = 0.10  # argument checks of a public one-step call, share of a step
EXPLORER_BUDGET_S = 0.150
BOOK_CLEAN_BUDGET_S = 180.0  # issue #20: a clean build in 3 minutes on 2 cores
BOOK_REBUILD_BUDGET_S = 30.0  # issue #20: a rebuild after a one-cell edit


# --------------------------------------------------------------------------- harness


@dataclass(frozen=True)
class Timing:
    """Median and best of ``repeats`` timed calls, in seconds."""

    median: float
    best: float
    repeats: int


def time_call(
    function: Callable[[], object],
    *,
    repeats: int,
    warmup: int = 1,
    setup: Callable[[], object] | None = None,
) -> Timing:
    """Time ``function()``: ``warmup`` untimed calls, then the median of ``repeats``.

    ``setup`` (untimed) runs before every call, e.g. to reset a model's state. The
    garbage collector is paused during each timed call, as in :mod:`timeit`.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be >= 1, got {repeats}")
    for _ in range(warmup):
        if setup is not None:
            setup()
        function()
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            if gc_was_enabled:
                gc.enable()
    return Timing(statistics.median(times), min(times), repeats)


@dataclass
class Row:
    """One line of the results table.

    ``ours`` and ``reference`` are median times in seconds (``None``: not measured,
    with the reason in ``note``). ``ratio`` is reference / ours (our speed-up).
    ``budget`` describes a ``docs/architecture.md`` §7 budget; ``met`` is its verdict (``None``:
    not measured).
    """

    section: str
    name: str
    ours: float | None = None
    reference: float | None = None
    reference_name: str = ""
    budget: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.reference is None or self.ours <= 0:
            return None
        return self.reference / self.ours

    @property
    def status(self) -> str:
        if not self.budget:
            return ""
        if self.met is None:
            return "not measured"
        return "met" if self.met else "MISSED"


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1e9:.0f} ns"  # per-agent costs of compiled kernels


def format_table(rows: list[Row], *, markdown: bool = False) -> str:
    header = ["section", "benchmark", "ours", "reference", "speed-up", "budget", "status", "note"]
    lines = []
    for row in rows:
        if row.reference is None:
            reference = row.reference_name or "—"  # e.g. why a peer was not measured
        else:
            reference = format_seconds(row.reference)
            if row.reference_name:
                reference += f" ({row.reference_name})"
        ratio = "—" if row.ratio is None else f"{row.ratio:,.1f}×"
        lines.append(
            [
                row.section,
                row.name,
                format_seconds(row.ours),
                reference,
                ratio,
                row.budget or "—",
                row.status or "—",
                row.note,
            ]
        )
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in lines
        ]
        return "\n".join(out)
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    render = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in [header, *lines]
    ]
    render.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in render)


@dataclass(frozen=True)
class Settings:
    quick: bool
    #: ``--baseline REV``: also build the book as it was at this git revision (book section).
    baseline: str | None = None

    @property
    def repeats(self) -> int:
        return 3 if self.quick else 7

    @property
    def slow_repeats(self) -> int:
        """Repeats for calls that take seconds (peers, networkx on large graphs)."""
        return 1 if self.quick else 3


def optional_import(name: str):
    """The module ``name``, or ``None`` when it (or one of its imports) is missing."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# --------------------------------------------------------------------------- foundation


def bench_foundation(settings: Settings) -> list[Row]:
    import networkx as nx

    from socmodels import networks

    n, mean_degree, seed = 100_000, 3.0, 2024
    rows = []
    ours = time_call(
        lambda: networks.erdos_renyi(n, mean_degree=mean_degree, rng=seed),
        repeats=settings.repeats,
    )
    theirs = time_call(
        lambda: nx.fast_gnp_random_graph(n, mean_degree / (n - 1), seed=seed),
        repeats=settings.slow_repeats,
    )
    rows.append(
        Row(
            "foundation",
            "Erdős–Rényi G(n, p), N = 10⁵, c = 3",
            ours.median,
            theirs.median,
            "networkx fast_gnp_random_graph",
        )
    )

    measures = optional_import("socmodels.measures")
    if measures is None:
        for name in ("giant component", "average clustering"):
            rows.append(
                Row("foundation", f"{name}, ER N = 10⁵, c = 3", note="socmodels.measures missing")
            )
        return rows

    adjacency = networks.erdos_renyi(n, mean_degree=mean_degree, rng=seed)
    graph = networks.to_networkx(adjacency)

    def nx_giant():
        return len(max(nx.connected_components(graph), key=len)) / n

    checks = [
        ("giant component", measures.giant_component_fraction, nx_giant),
        ("average clustering", measures.average_clustering, lambda: nx.average_clustering(graph)),
    ]
    for name, ours_function, nx_function in checks:
        ours_value, nx_value = ours_function(adjacency), nx_function()
        agree = abs(ours_value - nx_value) <= 1e-12
        ours = time_call(lambda f=ours_function: f(adjacency), repeats=settings.repeats)
        theirs = time_call(nx_function, repeats=settings.slow_repeats)
        rows.append(
            Row(
                "foundation",
                f"{name}, ER N = 10⁵, c = 3",
                ours.median,
                theirs.median,
                "networkx",
                note=(
                    f"same value ({ours_value:.6f})"
                    if agree
                    else f"VALUES DIFFER: ours {ours_value!r}, networkx {nx_value!r}"
                ),
            )
        )
    return rows


# --------------------------------------------------------------------------- peers

# The peers live in their own environment, never in the book's venv (their
# dependencies could move our pinned versions). `--peers` builds it from
# requirements.txt + benchmarks/requirements-peers.txt in one resolve, so every pin
# of requirements.txt holds there too, and re-runs this script inside it.
PEERS_VENV = ROOT / "benchmarks" / ".peers-venv"
PEER_REQUIREMENTS = ("requirements.txt", "benchmarks/requirements-peers.txt")
PEERS_HINT = "run benchmarks/run.py --peers"

#: Sizes of every peer comparison (docs/architecture.md §7 asks for N = 10 000).
PEER_SIZES = (1_000, 10_000)
#: The budget verdict applies from this size on; smaller sizes report the ratio only.
PEER_BUDGET_MIN_N = 5_000
#: Mean degree of the shared Erdős–Rényi network of the ndlib comparisons. ndlib needs a
#: networkx graph, and a complete graph of 10⁴ nodes (5 × 10⁷ edges) does not fit in memory.
PEER_MEAN_DEGREE = 10.0


@dataclass(frozen=True)
class PeerMeasurement:
    """``ours`` and ``theirs``: median seconds per ``unit`` of work, same rule, same N."""

    ours: float
    theirs: float
    unit: str
    note: str = ""


@dataclass(frozen=True)
class PeerComparison:
    """Our model against a peer library's model.

    ``measure(settings, n)`` returns a :class:`PeerMeasurement`. ``same_rule=False``
    marks a reference row (a peer's published example whose rule differs from ours): its
    ratio is printed but judged against no budget.
    """

    peer: str
    module: str
    model: str
    measure: Callable[[Settings, int], PeerMeasurement]
    same_rule: bool = True
    sizes: tuple[int, ...] = PEER_SIZES


def peer_network(n: int, seed: int):
    """ER graph with mean degree ``PEER_MEAN_DEGREE`` and no isolated node (ndlib's voter
    model fails on a node without neighbours): the first seed from ``seed`` on that
    gives one. Returns ``(CSR adjacency, networkx graph)``, nodes ``0..n-1`` in both."""
    from socmodels import networks

    while True:
        adjacency = networks.erdos_renyi(n, mean_degree=PEER_MEAN_DEGREE, rng=seed)
        if networks.degrees(adjacency).min() > 0:
            return adjacency, networks.to_networkx(adjacency)
        seed += 1


def ndlib_model(model_class, graph, **parameters):
    """An ndlib model configured through its ``ModelConfig``, initial status set."""
    import ndlib.models.ModelConfig as mc

    model = model_class(graph)
    config = mc.Configuration()
    for name, value in parameters.items():
        config.add_model_parameter(name, value)
    model.set_initial_status(config)
    model.iteration(node_status=False)  # iteration 0 only reports the initial status
    return model


def per_unit_seconds(
    run: Callable[[int], object],
    work: Callable[[object], float],
    settings: Settings,
    *,
    units_per_step: float,
    target_units: float = 4e6,
) -> float:
    """Our steady-state cost per unit of work (a node update, a meeting, an activation).

    ``run(k)`` runs a model for at most ``k`` steps (rounds, sweeps) of about
    ``units_per_step`` units each, and ``work(result)``
    counts the units it actually did (models stop early at convergence or consensus).
    Returns (time of a long run − time of a 1-step run) / (their difference in units):
    argument checks and set-up, paid once per call, cancel out. The long run is sized
    for ``target_units`` units (tens to hundreds of milliseconds), so the difference is
    well above the noise. When the model stops within a few steps (the long run does
    less than 5× the work of the short one), the whole call's cost per unit is returned
    instead — checks included, so never in our favour.
    """
    long_steps = 1 + max(10, round(target_units / units_per_step))
    timings, units = [], []
    for steps, repeats in ((1, settings.repeats), (long_steps, settings.slow_repeats)):
        units.append(work(run(steps)))
        timings.append(time_call(lambda k=steps: run(k), repeats=repeats).median)
    if units[1] >= 5 * units[0] and timings[1] > timings[0]:
        return (timings[1] - timings[0]) / (units[1] - units[0])
    return timings[1] / units[1]


def format_count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def measure_hk_ndlib(settings: Settings, n: int) -> PeerMeasurement:
    import numpy as np
    from ndlib.models.opinions import HKModel

    from socmodels import consensus

    adjacency, graph = peer_network(n, seed=n)
    opinions = np.random.default_rng(1).random(n)
    ours = per_unit_seconds(
        lambda steps: consensus.hegselmann_krause(
            opinions, epsilon=0.2, adjacency=adjacency, max_steps=steps, tol=0.0, n_records=1
        ),
        lambda run: run.n_steps_run * n,
        settings,
        units_per_step=n,
    )
    model = ndlib_model(HKModel, graph, epsilon=0.2)
    theirs_iteration = time_call(
        lambda: model.iteration(node_status=False), repeats=settings.slow_repeats
    )
    return PeerMeasurement(
        ours,
        theirs_iteration.median / n,
        "node update",
        note=(
            f"ER ⟨k⟩ = {PEER_MEAN_DEGREE:.0f}, ε = 0.2. Ours: one synchronous step = N node "
            "updates. ndlib: one iteration computes N neighbourhood means but commits only "
            "the last (ndlib issue #263), counted here as N updates (generous to ndlib); its "
            "rule also leaves the agent itself out and uses |Δ| < ε"
        ),
    )


def measure_voter_ndlib(settings: Settings, n: int) -> PeerMeasurement:
    import numpy as np
    from ndlib.models.opinions import VoterModel

    from socmodels import consensus

    adjacency, graph = peer_network(n, seed=n)
    states = (np.random.default_rng(2).random(n) < 0.5).astype(np.int8)
    ours = per_unit_seconds(
        lambda sweeps: consensus.voter_model(states, adjacency=adjacency, max_steps=sweeps, rng=3),
        # consensus_time counts elementary updates / N; without consensus the run did all
        lambda run: run.consensus_time * n if run.converged else run.n_steps_run * n,
        settings,
        units_per_step=n,
    )
    model = ndlib_model(VoterModel, graph, fraction_infected=0.5)
    updates = 200

    def ndlib_updates():
        for _ in range(updates):
            model.iteration(node_status=False)

    theirs = time_call(ndlib_updates, repeats=settings.slow_repeats)
    return PeerMeasurement(
        ours,
        theirs.median / updates,
        "update",
        note=(
            f"ER ⟨k⟩ = {PEER_MEAN_DEGREE:.0f}, random-sequential: a random agent copies a "
            "random neighbour. ndlib: one iteration = one such update (and a recount of all "
            f"states); ours: sweeps of N updates. ndlib timed over {updates} iterations"
        ),
    )


def measure_bias_ndlib(settings: Settings, n: int) -> PeerMeasurement:
    import numpy as np
    from ndlib.models.opinions import AlgorithmicBiasModel

    from socmodels import consensus

    adjacency, graph = peer_network(n, seed=n)
    opinions = np.random.default_rng(4).random(n)
    meetings = n // 2  # one round of the published schedule: N/2 random edges, in sequence
    ours = per_unit_seconds(
        lambda rounds: consensus.deffuant(
            opinions, epsilon=0.2, mu=0.5, adjacency=adjacency, max_steps=rounds, rng=5
        ),
        lambda run: run.n_steps_run * meetings,
        settings,
        units_per_step=meetings,
    )
    # γ = 0: the partner is a uniformly random neighbour, so the algorithmic-bias model is
    # Deffuant's rule with μ = 1/2 (both move to their mean when |Δ| < ε).
    model = ndlib_model(AlgorithmicBiasModel, graph, epsilon=0.2, gamma=0.0)
    theirs_iteration = time_call(
        lambda: model.iteration(node_status=False), repeats=settings.slow_repeats
    )
    return PeerMeasurement(
        ours,
        theirs_iteration.median / n,
        "pair meeting",
        note=(
            f"ER ⟨k⟩ = {PEER_MEAN_DEGREE:.0f}, ε = 0.2, μ = 1/2 (ndlib γ = 0). ndlib: one "
            "iteration = N sequential random meetings, drawn with the unseeded random and "
            "np.random modules (not reproducible); ours: the published schedule, a round = "
            f"{meetings} sequential meetings across random edges (a compiled kernel)"
        ),
    )


def measure_bias_ndlib_complete(settings: Settings, n: int) -> PeerMeasurement:
    import networkx as nx
    import numpy as np
    from ndlib.models.opinions import AlgorithmicBiasModel

    from socmodels import consensus

    opinions = np.random.default_rng(4).random(n)
    ours = per_unit_seconds(
        lambda rounds: consensus.deffuant(opinions, epsilon=0.2, mu=0.5, max_steps=rounds, rng=5),
        lambda run: run.n_steps_run * (n // 2),
        settings,
        units_per_step=n // 2,
    )
    model = ndlib_model(AlgorithmicBiasModel, nx.complete_graph(n), epsilon=0.2, gamma=0.0)
    theirs_iteration = time_call(
        lambda: model.iteration(node_status=False), repeats=settings.slow_repeats
    )
    return PeerMeasurement(
        ours,
        theirs_iteration.median / n,
        "pair meeting",
        note=(
            "complete graph (Deffuant et al.'s mean-field setting), ε = 0.2, μ = 1/2 (ndlib "
            "γ = 0); ours: a round = N/2 sequential random pairs. N = 1 000 only: "
            "ndlib needs a networkx complete graph, and one of 10⁴ nodes does not fit in memory"
        ),
    )


def mesa_tutorial_money_model():
    """Mesa's introductory-tutorial Boltzmann wealth model, reproduced as published.

    Mesa 3.x does not ship the tutorial's model (its packaged example is the grid
    variant, see :func:`measure_boltzmann_mesa_grid`); this is the code of the
    tutorial's "Agents Exchange" section (``docs/tutorials/0_first_model.ipynb`` of the
    Mesa repository, not of this one) unchanged: every agent with wealth, activated once
    per step in random order (``shuffle_do``), gives one unit to an agent drawn from all
    agents, itself included — the rule of ``socmodels.dividends.boltzmann_wealth`` with the
    random-sequential schedule.
    """
    import mesa

    class MoneyAgent(mesa.Agent):
        """An agent with fixed initial wealth."""

        def __init__(self, model):
            super().__init__(model)
            self.wealth = 1

        def exchange(self):
            if self.wealth > 0:
                other_agent = self.random.choice(self.model.agents)
                if other_agent is not None:
                    other_agent.wealth += 1
                    self.wealth -= 1

    class MoneyModel(mesa.Model):
        """A model with some number of agents."""

        def __init__(self, n, seed=None):
            super().__init__(seed=seed)
            self.num_agents = n
            MoneyAgent.create_agents(model=self, n=n)

        def step(self):
            self.agents.shuffle_do("exchange")

    return MoneyModel


def our_boltzmann_step(settings: Settings, n: int) -> float:
    from socmodels import dividends

    per_activation = per_unit_seconds(
        lambda steps: dividends.boltzmann_wealth(
            n, n_steps=steps, schedule="random_sequential", n_records=1, rng=6
        ),
        lambda result: int(result.times[-1]) * n,
        settings,
        units_per_step=n,
    )
    return per_activation * n


def measure_boltzmann_mesa(settings: Settings, n: int) -> PeerMeasurement:
    model = mesa_tutorial_money_model()(n, seed=7)
    theirs = time_call(model.step, repeats=settings.slow_repeats)
    return PeerMeasurement(
        our_boltzmann_step(settings, n),
        theirs.median,
        "step (N activations)",
        note=(
            "Mesa's tutorial model as published: random-sequential unit gifts to a random "
            "agent (self included). Its random.choice on the AgentSet rebuilds the agent "
            "list on every draw, O(N) per gift, O(N²) per step: the published code's cost, "
            "not Mesa's floor"
        ),
    )


def measure_boltzmann_mesa_grid(settings: Settings, n: int) -> PeerMeasurement:
    import math

    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannWealth

    side = math.ceil(math.sqrt(n))
    model = BoltzmannWealth(n=n, width=side, height=side, seed=8)
    theirs = time_call(model.step, repeats=settings.slow_repeats)
    return PeerMeasurement(
        our_boltzmann_step(settings, n),
        theirs.median,
        "step (N activations)",
        note=(
            f"reference only, rule differs: Mesa's packaged example "
            f"(mesa.examples.basic.boltzmann_wealth_model, {side}×{side} torus) moves each "
            "agent to a random Moore neighbour cell and gives to a cellmate, and collects "
            "its Gini every step; ours is the tutorial's non-spatial rule"
        ),
    )


PEER_COMPARISONS = [
    PeerComparison("ndlib", "ndlib", "Hegselmann–Krause", measure_hk_ndlib),
    PeerComparison("ndlib", "ndlib", "voter", measure_voter_ndlib),
    PeerComparison("ndlib", "ndlib", "Deffuant-type algorithmic bias", measure_bias_ndlib),
    PeerComparison(
        "ndlib",
        "ndlib",
        "Deffuant-type algorithmic bias, complete graph",
        measure_bias_ndlib_complete,
        sizes=(1_000,),
    ),
    PeerComparison("Mesa", "mesa", "Boltzmann wealth (tutorial model)", measure_boltzmann_mesa),
    PeerComparison(
        "Mesa",
        "mesa",
        "Boltzmann wealth on a grid (packaged example)",
        measure_boltzmann_mesa_grid,
        same_rule=False,
    ),
]


def bench_peers(settings: Settings) -> list[Row]:
    rows = []
    budget = f"≥ {PEER_SPEEDUP_BUDGET:.0f}× at N ≥ {format_count(PEER_BUDGET_MIN_N)}"
    for comparison in PEER_COMPARISONS:
        if optional_import(comparison.module) is None:
            rows.append(
                Row(
                    "peers",
                    f"{comparison.model} vs {comparison.peer}",
                    reference_name=f"not installed ({PEERS_HINT})",
                    budget=(
                        budget
                        if comparison.same_rule and max(comparison.sizes) >= PEER_BUDGET_MIN_N
                        else ""
                    ),
                )
            )
            continue
        for n in comparison.sizes:
            judged = comparison.same_rule and n >= PEER_BUDGET_MIN_N
            name = f"{comparison.model} vs {comparison.peer}, N = {format_count(n)}"
            print(f"  {name} ...", file=sys.stderr, flush=True)
            try:
                result = comparison.measure(settings, n)
            except Exception as exc:  # a peer's failure must not hide the other rows
                rows.append(
                    Row(
                        "peers",
                        name,
                        budget=budget if judged else "",
                        note=f"FAILED: {type(exc).__name__}: {exc}",
                    )
                )
                continue
            row = Row(
                "peers",
                f"{name}, per {result.unit}",
                result.ours,
                result.theirs,
                comparison.peer,
                budget=budget if judged else "",
                note=result.note,
            )
            if judged:
                row.met = row.ratio is not None and row.ratio >= PEER_SPEEDUP_BUDGET
            rows.append(row)
    return rows


def peers_requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in PEER_REQUIREMENTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_peers_venv() -> Path:
    """Create or update ``benchmarks/.peers-venv``; return its Python.

    Rebuilt only when a requirements file changed (a digest is kept in the venv).
    """
    python = PEERS_VENV / "bin" / "python"
    stamp = PEERS_VENV / "requirements.sha256"
    digest = peers_requirements_digest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return python
    if not python.exists():
        base = getattr(sys, "_base_executable", None) or sys.executable
        print(f"creating {PEERS_VENV.relative_to(ROOT)} ...", file=sys.stderr, flush=True)
        subprocess.run([base, "-m", "venv", str(PEERS_VENV)], check=True)
    requirements = [arg for name in PEER_REQUIREMENTS for arg in ("-r", name)]
    print("installing the peers (a few minutes the first time) ...", file=sys.stderr, flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + requirements,
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(digest + "\n")
    return python


def in_peers_venv() -> bool:
    return Path(sys.prefix).resolve() == PEERS_VENV.resolve()


# --------------------------------------------------------------------------- scale


def per_step_seconds(run: Callable[[int], object], settings: Settings, extra_steps: int = 10):
    """Cost of one step inside a model's loop: (time of 1 + k steps - time of 1 step) / k.

    Argument checks and set-up, paid once per call, cancel out.
    """
    short = time_call(lambda: run(1), repeats=settings.slow_repeats)
    long = time_call(lambda: run(1 + extra_steps), repeats=settings.slow_repeats)
    return max(long.median - short.median, 0.0) / extra_steps


def _streaming_floor(indptr, indices, data, x):
    """A call that reads each given array once, in order, and writes one vector (``data``
    may be None), in blocks of rows on the threads the models' steps use.

    What a synchronous step over a CSR matrix cannot go below: it must read the row
    pointers, the column indices (and the weights, if any), the opinions, and write the
    result. The blocks and threads are those of ``socmodels.jit.map_blocks``, as in the
    steps, so the ratio compares the memory traffic and nothing else.
    """
    import numba
    import numpy as np

    from socmodels.jit import map_blocks, row_blocks

    @numba.njit(cache=True, nogil=True)
    def stream_weighted(indptr, indices, data, x, out, start, stop):
        total = 0.0
        for k in range(indptr[start], indptr[stop]):
            total += indices[k] + data[k]
        for i in range(start, stop):
            out[i] = x[i] + indptr[i]
        return total

    @numba.njit(cache=True, nogil=True)
    def stream_structure(indptr, indices, x, out, start, stop):
        total = 0
        for k in range(indptr[start], indptr[stop]):
            total += indices[k]
        for i in range(start, stop):
            out[i] = x[i] + indptr[i]
        return total

    out = np.empty_like(x)
    blocks = row_blocks(indices.shape[0])
    if data is None:
        return lambda: map_blocks(
            lambda a, b: stream_structure(indptr, indices, x, out, a, b), x.shape[0], blocks
        )
    return lambda: map_blocks(
        lambda a, b: stream_weighted(indptr, indices, data, x, out, a, b), x.shape[0], blocks
    )


def bench_scale(settings: Settings) -> list[Row]:
    import numpy as np
    import scipy.sparse as sp

    from socmodels import networks

    # 10⁷ undirected edges (2 × 10⁷ stored entries) on 10⁶ agents: mean degree 20.
    n, edges = (10**5, 10**6) if settings.quick else (10**6, 10**7)
    size = f"{n:.0e} agents / {edges:.0e} edges".replace("e+0", "e")
    budget = f"≤ {SCALE_STEP_BUDGET_S * 1e3:.0f} ms at 1e6 / 1e7"
    adjacency = networks.erdos_renyi(n, mean_degree=2 * edges / n, rng=7)
    opinions = np.random.default_rng(8).random(n)
    from socmodels.jit import threads as socmodels_threads

    threads = f"{socmodels_threads()} thread(s)"

    def verdict(row: Row) -> Row:
        if settings.quick:
            row.note = (row.note + "; " if row.note else "") + "--quick: 10× smaller, no verdict"
        else:
            row.met = row.ours <= SCALE_STEP_BUDGET_S
        return row

    # The reference a reader would write: scipy's CSR mat-vec, each agent averaging itself
    # and its neighbours.
    with_self = adjacency + sp.eye_array(n, format="csr")
    weights = sp.csr_array(with_self.multiply(1.0 / with_self.sum(axis=1)[:, None]))
    scipy_matvec = time_call(lambda: weights @ opinions, repeats=settings.repeats)
    rows = [
        Row(
            "scale",
            f"CSR mat-vec W x (scipy), {size}",
            scipy_matvec.median,
            note="reference: one thread, the matrix's own index width",
        )
    ]

    def _compact_csr_indices(matrix):  # int32, as the models' kernels read them
        return matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32)

    degroot_floor = time_call(
        _streaming_floor(*_compact_csr_indices(weights), weights.data, opinions),
        repeats=settings.repeats,
    ).median
    hk_floor = time_call(
        _streaming_floor(*_compact_csr_indices(adjacency), None, opinions),
        repeats=settings.repeats,
    ).median
    rows.append(
        Row(
            "scale",
            f"memory floor: read a DeGroot step's bytes once, {size}",
            degroot_floor,
            note=(
                f"int32 indices + float64 weights + opinions, in order, {threads}; "
                f"HK's bytes (no weights): {format_seconds(hk_floor)}"
            ),
        )
    )

    consensus = optional_import("socmodels.consensus")
    if consensus is None:
        for model in ("DeGroot", "Hegselmann–Krause"):
            rows.append(
                Row(
                    "scale",
                    f"{model} step, {size}",
                    budget=budget,
                    note="socmodels.consensus not available",
                )
            )
        return rows

    def degroot_run(steps):
        return consensus.degroot(weights, opinions, max_steps=steps, tol=0.0, n_records=1)

    def hk_run(steps):
        return consensus.hegselmann_krause(
            opinions, epsilon=0.2, adjacency=adjacency, max_steps=steps, tol=0.0, n_records=1
        )

    for model, run, model_floor in (
        ("DeGroot step in consensus.degroot", degroot_run, degroot_floor),
        ("HK step (ε = 0.2) in consensus.hegselmann_krause", hk_run, hk_floor),
    ):
        seconds = per_step_seconds(run, settings)
        rows.append(
            verdict(
                Row(
                    "scale",
                    f"{model}, {size}",
                    seconds,
                    scipy_matvec.median,
                    "scipy W x",
                    budget=budget,
                    note=(
                        f"per step of the model's loop, {threads}; "
                        f"{seconds / model_floor:.1f}× the memory floor "
                        f"({format_seconds(model_floor)})"
                    ),
                )
            )
        )
    rows.extend(_bench_public_steps(settings, consensus, adjacency, weights, opinions, size))
    return rows


def _paired(body, public, repeats: int) -> tuple[float, float, float]:
    """Medians of ``body()`` and ``public()`` and of their difference, the calls interleaved.

    Body and public call alternate (after one untimed call of each), so a change in the
    machine's load during the series hits both alike, and the checks are the median of
    the paired differences ``public - body`` (clipped at 0) rather than the difference of
    two separately taken medians, which on a shared machine is mostly noise.
    """
    body()
    public()
    bodies, publics = [], []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            body()
            middle = time.perf_counter()
            public()
            bodies.append(middle - start)
            publics.append(time.perf_counter() - middle)
    finally:
        if gc_was_enabled:
            gc.enable()
    differences = [p - b for b, p in zip(bodies, publics, strict=True)]
    return (
        statistics.median(bodies),
        statistics.median(publics),
        max(statistics.median(differences), 0.0),
    )


def _bench_public_steps(settings, consensus, adjacency, weights, opinions, size) -> list[Row]:
    """The public one-step functions: their argument checks against the step itself.

    The step is the function's unchecked body (``func.__wrapped__``, docs/architecture.md
    §2) given a frozen matrix, whose row-stochastic check is remembered, so it is the
    product or the HK pass alone; the checks are the public call minus that, paired call
    by call (:func:`_paired`). A matrix from ``networks.freeze`` is checked once and
    remembered; any other is checked in full on every call.
    """
    from socmodels import networks

    frozen_adjacency = networks.freeze(adjacency)
    frozen_weights = networks.freeze(weights)
    hk = consensus.hegselmann_krause_step
    dg = consensus.degroot_step
    hk(opinions, epsilon=0.2, adjacency=frozen_adjacency)  # first call: checked, remembered
    dg(frozen_weights, opinions)
    budget = f"checks ≤ {CHECK_OVERHEAD_BUDGET:.0%} of a step"
    rows = []
    for name, body, public, frozen, plain in (
        (
            "hegselmann_krause_step",
            lambda m: hk.__wrapped__(opinions, epsilon=0.2, adjacency=m),
            lambda m: hk(opinions, epsilon=0.2, adjacency=m),
            frozen_adjacency,
            adjacency,
        ),
        (
            "degroot_step",
            lambda m: dg.__wrapped__(m, opinions),
            lambda m: dg(m, opinions),
            frozen_weights,
            weights,
        ),
    ):
        step, frozen_call, frozen_checks = _paired(
            lambda: body(frozen),  # noqa: B023
            lambda: public(frozen),  # noqa: B023
            settings.repeats,
        )
        plain_call = time_call(lambda: public(plain), repeats=settings.slow_repeats).median  # noqa: B023
        full_checks = max(plain_call - step, 0.0)
        row = Row(
            "scale",
            f"consensus.{name}: checks of a frozen matrix, {size}",
            frozen_checks,
            step,
            "the step",
            budget=budget,
            note=(
                f"{frozen_checks / step:.1%} of a step ({format_seconds(step)}; public call "
                f"{format_seconds(frozen_call)}); matrix from networks.freeze, checked once"
            ),
        )
        if not settings.quick:
            row.met = frozen_checks <= CHECK_OVERHEAD_BUDGET * step
        rows.append(row)
        rows.append(
            Row(
                "scale",
                f"consensus.{name}: checks of an ordinary matrix, {size}",
                full_checks,
                step,
                "the step",
                note=(
                    f"{full_checks / step:.0%} of a step: on every call every entry is read "
                    "and matched with its partner (linear time, but a step reads less)"
                ),
            )
        )
    return rows


# --------------------------------------------------------------------------- explorers


def discover_explorers() -> tuple[dict[str, dict], dict[str, str]]:
    """Every ``EXPLORERS`` entry of the ``socmodels.explorers.<theme>`` modules.

    Returns ``("<theme>.<name>" -> explorer keyword arguments, theme -> import error)``;
    a module that fails to import is reported, not fatal.
    """
    from socmodels.explorers import registry

    return registry()


def default_params(spec: dict) -> dict:
    params = {
        name: control.values[control.default_index] for name, control in spec["controls"].items()
    }
    params.update(spec.get("fixed") or {})
    return params


def frame(spec: dict, params: dict) -> str:
    """Compute and draw one frame exactly as the live explorer does on a slider move."""
    from socmodels.widgets import figure_to_html

    figure = spec["render"](**params)
    return figure_to_html(figure, spec["alt"](**params), dpi=spec.get("dpi", 80))


def bench_explorers(settings: Settings) -> list[Row]:
    from socmodels.explorers import iter_grid

    explorers, failed = discover_explorers()
    budget = f"≤ {EXPLORER_BUDGET_S * 1e3:.0f} ms"
    rows = [
        Row("explorers", f"socmodels.explorers.{module}", note=f"import FAILED: {error}")
        for module, error in sorted(failed.items())
    ]
    if not explorers:
        rows.append(
            Row(
                "explorers",
                "every explorer's update",
                budget=budget,
                note="none registered (define EXPLORERS in socmodels/explorers/<theme>.py)",
            )
        )
    for name, spec in sorted(explorers.items()):
        params = default_params(spec)
        timing = time_call(lambda s=spec, p=params: frame(s, p), repeats=settings.repeats)
        rows.append(
            Row(
                "explorers",
                f"{name} update at defaults",
                timing.median,
                budget=budget,
                met=timing.median <= EXPLORER_BUDGET_S,
            )
        )
        if settings.quick:
            continue
        # Every frame once: what the static page costs at build time, and the worst frame.
        frame_times = []
        for grid_params in iter_grid(spec["controls"]):
            grid_params.update(spec.get("fixed") or {})
            start = time.perf_counter()
            frame(spec, grid_params)
            frame_times.append(time.perf_counter() - start)
        rows.append(
            Row(
                "explorers",
                f"{name}: all {len(frame_times)} frames (static page)",
                sum(frame_times),
                note=f"slowest frame {format_seconds(max(frame_times))}",
            )
        )
    return rows


# --------------------------------------------------------------------------- startup

#: What a notebook's first cell has done: the Agg backend chosen, every socmodels module
#: imported. Both fresh-process scripts below start with it.
_IMPORT_EVERY_MODULE = """
import importlib, pkgutil
import socmodels, socmodels.explorers, socmodels.plots
for package in (socmodels, socmodels.plots, socmodels.explorers):
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(package.__name__ + "." + info.name)
"""

_AGG = """
import json, sys, time
import matplotlib
matplotlib.use("Agg")
"""

#: Run in a fresh interpreter: import every socmodels module (timed apart), then time the
#: explorer's first frame and the same frame again.
_FIRST_FRAME = (
    _AGG
    + "started = time.perf_counter()\n"
    + _IMPORT_EVERY_MODULE
    + """
module = importlib.import_module("socmodels.explorers." + sys.argv[1])
from socmodels.widgets import figure_to_html
spec = module.EXPLORERS[sys.argv[2]]
params = {n: c.values[c.default_index] for n, c in spec["controls"].items()}
params.update(spec.get("fixed") or {})
imported = time.perf_counter()
def frame():
    return figure_to_html(spec["render"](**params), spec["alt"](**params), dpi=spec.get("dpi", 80))
frame()
first = time.perf_counter()
frame()
second = time.perf_counter()
print(json.dumps({"import": imported - started, "first": first - imported,
                  "second": second - first}))
"""
)

#: Run in a fresh interpreter after the same imports: numba's one-off start-up (a one-line
#: cached kernel's first call) and matplotlib's first figure, then the same figure again.
_START_UP_PARTS = (
    _AGG
    + _IMPORT_EVERY_MODULE
    + """
import matplotlib.pyplot as plt
from socmodels.widgets import figure_to_html
sys.path.insert(0, sys.argv[1])
import numba_probe  # a one-line cached kernel, written beside the numba cache
started = time.perf_counter()
numba_probe.probe(1.0)
numba = time.perf_counter() - started
def figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    ax.set_title("probe")
    return figure_to_html(fig, "probe", dpi=80)
started = time.perf_counter()
figure()
first = time.perf_counter() - started
started = time.perf_counter()
figure()
second = time.perf_counter() - started
print(json.dumps({"numba": numba, "figure_first": first, "figure_second": second}))
"""
)

_PROBE = "from numba import njit\n\n\n@njit(cache=True)\ndef probe(x):\n    return x + 1.0\n"


def _fresh_process(script: str, args: list[str], cache_dir: Path) -> dict:
    """Run ``script`` in a fresh interpreter with numba's cache in ``cache_dir``; its last
    line of output, as JSON."""
    environment = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir), PYTHONHASHSEED="0")
    environment.pop("SOCMODELS_STATIC_EXPLORERS", None)
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _start_up_parts(folder: Path) -> dict:
    """Numba's and matplotlib's one-off costs in a fresh process (cache filled by a first run)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "numba_probe.py").write_text(_PROBE)
    # The first run compiles the probe into the cache; the second loads it.
    _fresh_process(_START_UP_PARTS, [str(folder)], folder / "cache")
    return _fresh_process(_START_UP_PARTS, [str(folder)], folder / "cache")


def _first_frame(theme: str, name: str, cache_dir: Path) -> dict:
    return _fresh_process(_FIRST_FRAME, [theme, name], cache_dir)


def bench_startup(settings: Settings) -> list[Row]:
    """Every explorer's first frame in a fresh Python process, as after a kernel restart.

    Each explorer gets its own process (every socmodels module imported first, as by a
    notebook's first cell; not timed). The first frame also pays numba's one-off start-up
    in the process (its first compiled call, even from the cache) and matplotlib's first
    figure. "Cold":
    numba's cache is empty, as on a fresh clone, so the frame pays for compiling its
    kernels; "warm": the cache the cold run left, as on every later start.
    """
    explorers, failed = discover_explorers()
    rows = [
        Row("startup", f"socmodels.explorers.{module}", note=f"import FAILED: {error}")
        for module, error in sorted(failed.items())
    ]
    budget = f"≤ {EXPLORER_BUDGET_S * 1e3:.0f} ms"
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as folder:
        # What every first frame below pays before any model work: the reason a warm first
        # frame can miss the budget that its second frame meets.
        try:
            parts = _start_up_parts(Path(folder) / "probe")
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            rows.append(Row("startup", "one-off costs of a fresh process", note=f"FAILED: {exc}"))
        else:
            rows.append(
                Row(
                    "startup",
                    "numba's one-off start-up: a one-line cached kernel's first call "
                    "in a fresh process (cache warm)",
                    parts["numba"],
                    note="paid once per process by the first compiled call, whatever it is; "
                    "in a chapter notebook the cells before an explorer have paid it",
                )
            )
            rows.append(
                Row(
                    "startup",
                    "matplotlib's first figure (one line, to PNG) in a fresh process",
                    parts["figure_first"],
                    parts["figure_second"],
                    "the same figure again",
                    note="fonts and the Agg renderer are set up on the first figure",
                )
            )
        for key in sorted(explorers):
            theme, name = key.split(".", 1)
            cache_dir = Path(folder) / key  # one explorer's kernels only
            try:
                cold = _first_frame(theme, name, cache_dir)  # compiles, fills the cache
                warm = _first_frame(theme, name, cache_dir)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                rows.append(Row("startup", f"{key} first frame", note=f"FAILED: {exc}"))
                continue
            note = (
                f"imports {format_seconds(warm['import'])} (not counted); the same frame again "
                f"in that process {format_seconds(warm['second'])}"
            )
            rows.append(
                Row(
                    "startup",
                    f"{key} first frame after a fresh start (numba cache warm)",
                    warm["first"],
                    cold["first"],
                    "empty numba cache",
                    budget=budget,
                    met=warm["first"] <= EXPLORER_BUDGET_S,
                    note=note,
                )
            )
    return rows


# --------------------------------------------------------------------------- book


def _copy_book(target: Path) -> None:
    """The repository's tracked files (and the fetched site assets) into ``target``."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        files = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "_build", "_site_assets", "node_modules"}
        files = [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if (ROOT / "_site_assets").is_dir():
        (target / "_site_assets").symlink_to(ROOT / "_site_assets")


def _build_copy(book: Path, environment: dict) -> tuple[float, list[str], str]:
    """tasks.py book's two steps on the copy: returns (seconds, notebooks executed, log)."""
    commands = [
        [sys.executable, str(book / "scripts" / "book_cache.py"), "--book", str(book)],
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(book)]
        + ["-W", "-n", "--keep-going"],
    ]
    started = time.perf_counter()
    log = ""
    for command in commands:
        result = subprocess.run(command, cwd=book, env=environment, capture_output=True, text=True)
        log += result.stdout + result.stderr
        if result.returncode != 0:
            # Sphinx's last lines are a banner: say which warnings (-W) or errors failed it.
            lines = (result.stdout + result.stderr).strip().splitlines()
            reasons = [
                line
                for line in lines
                if ("WARNING" in line or "ERROR" in line) and "IPKernelApp" not in line
            ][:3]
            tail = " | ".join(reasons or lines[-2:])
            raise RuntimeError(f"{Path(command[1]).name} failed (exit {result.returncode}): {tail}")
    seconds = time.perf_counter() - started
    executed = [line.split()[1] for line in log.splitlines() if line.startswith("  executed ")]
    return seconds, executed, log


def _baseline_build(revision: str, folder: Path, environment: dict) -> float:
    """Seconds for the book at ``revision`` to build its own way, from clean (its
    ``_config.yml`` and kernels: before issue #20, every notebook re-executed one after
    the other, each compiling its numba kernels), on a copy with its own ``src``."""
    import io
    import tarfile

    target = folder / "baseline"
    target.mkdir()
    archive = subprocess.run(
        ["git", "archive", revision], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    if (ROOT / "_site_assets").is_dir():
        (target / "_site_assets").symlink_to(ROOT / "_site_assets")
    env = dict(
        environment,
        PYTHONPATH=str(target / "src"),
        NUMBA_CACHE_DIR=str(folder / "baseline-numba-cache"),
    )
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(target)]
    started = time.perf_counter()
    result = subprocess.run(
        command + ["-W", "-n", "--keep-going"], cwd=target, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        tail = " ".join((result.stdout + result.stderr).strip().splitlines()[-2:])
        raise RuntimeError(f"exit {result.returncode}: {tail}")
    return time.perf_counter() - started


def _schedule(log: str) -> tuple[float, float] | None:
    """book_cache.py's log in numbers: (seconds of the notebook phase, sum of the
    notebooks' own times); None if the log holds no execution."""

    def seconds(prefix: str) -> list[float]:
        return [
            float(line.rsplit(" in ", 1)[1].split()[0])
            for line in log.splitlines()
            if line.startswith(prefix) and " in " in line
        ]

    each, phase = seconds("  executed "), seconds("Executed ")
    return (phase[-1], sum(each)) if each and phase else None


def _pages_read(log: str) -> int:
    return sum(1 for line in log.splitlines() if "reading sources..." in line and "]" in line)


def bench_book(settings: Settings) -> list[Row]:
    """A clean build, then rebuilds after small edits, on a copy of the repository.

    The copy's ``src`` comes first on ``PYTHONPATH``, so the kernels import the copy's
    ``socmodels`` and a model can be edited without touching the working tree; numba's
    cache starts empty (``NUMBA_CACHE_DIR``), as on a fresh clone.
    """
    builder = Path(sys.executable).with_name("jupyter-book")
    if not builder.exists():
        return [Row("book", "execute + build the book", note=f"{builder} not found")]
    if not (ROOT / "_site_assets").is_dir():  # the site build needs them (-W)
        note = "no _site_assets/: run scripts/site_assets.py (or tasks.py book) first"
        return [Row("book", "execute + build the book", note=note)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="book-bench-") as folder:
        book = Path(folder) / "book"
        _copy_book(book)
        environment = dict(
            os.environ,
            SOCMODELS_STATIC_EXPLORERS="1",
            PYTHONHASHSEED="0",
            NUMBA_CACHE_DIR=str(Path(folder) / "numba-cache"),
            PYTHONPATH=os.pathsep.join(
                [str(book / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        )
        cores = f"{os.cpu_count()} cores"
        try:
            seconds, executed, log = _build_copy(book, environment)
        except RuntimeError as exc:
            return [Row("book", "clean build", budget="≤ 3 min", note=f"FAILED: {exc}")]
        total = len(executed)
        clean = Row(
            "book",
            "clean build: execute every notebook + build the site",
            seconds,
            budget=f"≤ {BOOK_CLEAN_BUDGET_S / 60:.0f} min on 2 cores",
            met=seconds <= BOOK_CLEAN_BUDGET_S,
            note=(
                f"{total} notebooks executed, 2 at a time; numba cache empty at start; "
                f"{cores}, load average {os.getloadavg()[0]:.1f} after the build"
            ),
        )
        schedule = _schedule(log)
        if schedule:
            # The ratio to the ideal two-worker makespan (1.00: no worker ever idles) is
            # less sensitive to the machine's load than the seconds themselves.
            phase, summed = schedule
            clean.note += (
                f"; notebooks {phase:.0f} s (sum of their times {summed:.0f} s, "
                f"makespan / (sum / 2) = {phase / (summed / 2):.2f}), site {seconds - phase:.0f} s"
            )
        rows.append(clean)
        if settings.baseline:
            try:
                clean.reference = _baseline_build(settings.baseline, Path(folder), environment)
                clean.reference_name = f"the build at {settings.baseline}"
            except (RuntimeError, subprocess.CalledProcessError) as exc:
                clean.note += f"; baseline {settings.baseline} FAILED: {exc}"

        # One markdown cell: no notebook executes, Sphinx re-reads one page.
        import nbformat

        path = book / "chapters" / "consensus" / "voter.ipynb"
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "markdown" and " the " in c.source)
        cell.source = cell.source.replace(" the ", " the very ", 1)
        nbformat.write(nb, path)
        try:
            seconds, executed, log = _build_copy(book, environment)
            rows.append(
                Row(
                    "book",
                    "rebuild after editing one markdown cell",
                    seconds,
                    budget=f"≤ {BOOK_REBUILD_BUDGET_S:.0f} s",
                    met=seconds <= BOOK_REBUILD_BUDGET_S and not executed,
                    note=(
                        f"{len(executed)} notebooks executed, {_pages_read(log)} page(s) "
                        "re-read (chapters/consensus/voter.ipynb)"
                    ),
                )
            )
        except RuntimeError as exc:
            rows.append(Row("book", "rebuild after editing one markdown cell", note=str(exc)))

        # One model module: exactly the notebooks that import it execute again.
        state = json.loads(
            (book / "_build" / ".jupyter_cache" / "socmodels-execution.json").read_text()
        )["notebooks"]
        module = "src/socmodels/dividends.py"
        expected = sorted(n for n, entry in state.items() if module in entry["modules"])
        with (book / module).open("a", encoding="utf-8") as handle:
            handle.write("\n# edited by benchmarks/run.py --book\n")
        try:
            seconds, executed, log = _build_copy(book, environment)
            rows.append(
                Row(
                    "book",
                    f"rebuild after editing one model module ({module})",
                    seconds,
                    budget="only its notebooks re-run",
                    met=sorted(executed) == expected,
                    note=(
                        f"{len(executed)} of {total} notebooks executed "
                        f"({', '.join(Path(n).stem for n in sorted(executed))}); "
                        f"{len(expected)} import it; {_pages_read(log)} page(s) re-read"
                    ),
                )
            )
        except RuntimeError as exc:
            rows.append(Row("book", "rebuild after editing one model module", note=str(exc)))

        # The PDF from the same cache: nothing executes twice.
        if shutil.which("xelatex") and shutil.which("latexmk"):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, str(book / "scripts" / "build_pdf.py")],
                cwd=book,
                env=environment,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            log = result.stdout + result.stderr
            executed = [line for line in log.splitlines() if line.startswith("  executed ")]
            rows.append(
                Row(
                    "book",
                    "PDF after the site build (LaTeX included)",
                    seconds,
                    budget="no notebook executed again",
                    met=result.returncode == 0 and not executed,
                    note=(
                        f"{len(executed)} notebooks executed"
                        if result.returncode == 0
                        else f"FAILED (exit {result.returncode})"
                    ),
                )
            )
        else:
            rows.append(
                Row(
                    "book",
                    "PDF after the site build",
                    budget="no notebook executed again",
                    note="TeX Live not installed (python3 scripts/tasks.py pdf installs it)",
                )
            )
    return rows


SECTIONS: dict[str, Callable[[Settings], list[Row]]] = {
    "foundation": bench_foundation,
    "peers": bench_peers,
    "scale": bench_scale,
    "explorers": bench_explorers,
    "startup": bench_startup,
    "book": bench_book,
}
DEFAULT_SECTIONS = ["foundation", "peers", "scale", "explorers", "startup"]


def machine_summary() -> str:
    import networkx
    import numpy
    import scipy

    peers = []
    for name in ("ndlib", "mesa"):
        try:
            peers.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            peers.append(f"{name} not installed")
    return (
        f"Python {platform.python_version()}, numpy {numpy.__version__}, scipy "
        f"{scipy.__version__}, networkx {networkx.__version__}; peers: {', '.join(peers)}; "
        f"{os.cpu_count()} CPU(s), {platform.machine()} {platform.system()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller scale runs")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(SECTIONS),
        metavar="SECTION",
        help=f"run only these sections ({', '.join(SECTIONS)})",
    )
    parser.add_argument("--book", action="store_true", help="also time building the whole book")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="with --book: also build the book as at this git revision, as the clean build's "
        "reference (e.g. the commit before a speed change)",
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 if a measured budget is missed"
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help=(
            "run inside benchmarks/.peers-venv (created or updated from requirements.txt + "
            "benchmarks/requirements-peers.txt), where ndlib and Mesa are installed"
        ),
    )
    args = parser.parse_args(argv)
    if args.peers and not in_peers_venv():
        python = ensure_peers_venv()
        command = [
            str(python),
            str(Path(__file__).resolve()),
            *(sys.argv[1:] if argv is None else argv),
        ]
        sys.stdout.flush()
        return subprocess.run(command, cwd=ROOT).returncode
    sections = args.only or DEFAULT_SECTIONS + (["book"] if args.book else [])
    settings = Settings(quick=args.quick, baseline=args.baseline)

    print(machine_summary(), flush=True)
    print(f"mode: {'quick' if args.quick else 'full'}; times are medians of repeated calls\n")
    rows: list[Row] = []
    for section in sections:
        print(f"running {section} ...", file=sys.stderr, flush=True)
        rows.extend(SECTIONS[section](settings))
    print(format_table(rows, markdown=args.markdown))

    verdicts = [row.status for row in rows if row.budget]
    print(
        f"\nbudgets: {verdicts.count('met')} met, {verdicts.count('MISSED')} missed, "
        f"{verdicts.count('not measured')} not measured"
    )
    return 1 if args.strict and "MISSED" in verdicts else 0


if __name__ == "__main__":
    sys.exit(main())
