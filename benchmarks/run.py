"""Benchmarks: our speed against peers and against the book's budgets, in one run.

Usage::

    python benchmarks/run.py              # everything except the book build
    python benchmarks/run.py --quick      # fewer repeats, smaller scale runs
    python benchmarks/run.py --only foundation explorers
    python benchmarks/run.py --markdown   # the table as Markdown, to quote in an issue
    python benchmarks/run.py --book       # also time a clean execute + build of the book
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
    One synchronous step on 10⁶ agents and 10⁷ (undirected) edges.
explorers
    Every registered explorer's update (compute + redraw, as the live explorer does
    it) at its default values. Explorers register themselves: any module
    ``socmodels.explorers.<theme>`` may define ``EXPLORERS``, a dict mapping a name to
    the keyword arguments of :func:`socmodels.widgets.explorer` (``render``,
    ``controls``, ``alt``, optionally ``fixed`` and ``dpi``). A notebook shows the
    same explorer with ``explorer(**EXPLORERS["name"])``, so the benchmark times
    exactly what readers use.
book (only with ``--book``)
    Execute and build the whole book from clean into a temporary folder.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import importlib.metadata
import os
import platform
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
SCALE_STEP_BUDGET_S = 0.2
EXPLORER_BUDGET_S = 0.150
BOOK_BUDGET_S = 300.0


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
    tutorial's "Agents Exchange" section (docs/tutorials/0_first_model.ipynb) unchanged:
    every agent with wealth, activated once per step in random order
    (``shuffle_do``), gives one unit to an agent drawn from all agents, itself
    included — the rule of ``socmodels.dividends.boltzmann_wealth`` with the
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

    def verdict(row: Row) -> Row:
        if settings.quick:
            row.note = (row.note + "; " if row.note else "") + "--quick: 10× smaller, no verdict"
        else:
            row.met = row.ours <= SCALE_STEP_BUDGET_S
        return row

    # The floor any DeGroot step pays: one CSR mat-vec, each agent averaging itself
    # and its neighbours.
    with_self = adjacency + sp.eye_array(n, format="csr")
    weights = sp.csr_array(with_self.multiply(1.0 / with_self.sum(axis=1)[:, None]))
    floor = time_call(lambda: weights @ opinions, repeats=settings.repeats)
    rows = [Row("scale", f"CSR mat-vec W x (scipy), {size}", floor.median, note="reference")]

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

    rows.append(
        verdict(
            Row(
                "scale",
                f"DeGroot step in consensus.degroot, {size}",
                per_step_seconds(degroot_run, settings),
                budget=budget,
                note="per step of the model's loop",
            )
        )
    )
    rows.append(
        verdict(
            Row(
                "scale",
                f"HK step (ε = 0.2) in consensus.hegselmann_krause, {size}",
                per_step_seconds(hk_run, settings),
                budget=budget,
                note="per step of the model's loop",
            )
        )
    )
    # A lone public step also validates its arguments (symmetry check of the matrix).
    public = time_call(
        lambda: consensus.hegselmann_krause_step(opinions, epsilon=0.2, adjacency=adjacency),
        repeats=settings.slow_repeats,
    )
    rows.append(
        Row(
            "scale",
            f"consensus.hegselmann_krause_step, {size}",
            public.median,
            note="one public call, argument checks included",
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


# --------------------------------------------------------------------------- book


def bench_book(settings: Settings) -> list[Row]:
    builder = Path(sys.executable).with_name("jupyter-book")
    if not builder.exists():
        return [Row("book", "execute + build the book", note=f"{builder} not found")]
    environment = dict(os.environ, SOCMODELS_STATIC_EXPLORERS="1", PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory(prefix="book-bench-") as output:
        command = [
            str(builder),
            "build",
            str(ROOT),
            "--path-output",
            output,
            "-W",
            "-n",
            "--keep-going",
        ]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    budget = f"≤ {BOOK_BUDGET_S / 60:.0f} min on 2 cores"
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-1:]
        return [
            Row(
                "book",
                "execute + build the book from clean",
                seconds,
                budget=budget,
                note=f"build FAILED (exit {result.returncode}): {' '.join(tail)}",
            )
        ]
    return [
        Row(
            "book",
            "execute + build the book from clean",
            seconds,
            budget=budget,
            met=seconds <= BOOK_BUDGET_S,
            note=f"{os.cpu_count()} cores",
        )
    ]


SECTIONS: dict[str, Callable[[Settings], list[Row]]] = {
    "foundation": bench_foundation,
    "peers": bench_peers,
    "scale": bench_scale,
    "explorers": bench_explorers,
    "book": bench_book,
}
DEFAULT_SECTIONS = ["foundation", "peers", "scale", "explorers"]


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
    settings = Settings(quick=args.quick)

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
