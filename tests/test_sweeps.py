"""Tests of socmodels.sweeps: same table on every backend, independent reproducible seeds.

The Dask tests start a real ``distributed.LocalCluster`` with two worker processes.
Toy models are defined inside functions, so cloudpickle sends them to worker
processes by value (as it does for functions defined in a notebook).
"""

from __future__ import annotations

import functools
import os
import re
import sys

import distributed  # pinned in requirements-test.txt: the Dask tests must run, not skip
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from socmodels import measures, networks
from socmodels.sweeps import SEED_COLUMN, expand_grid, run_one, run_sweep


def uniform_model():
    """A model whose every run reports its first two uniform draws."""

    def draws(label, rng):
        return {"u": rng.random(), "v": rng.random()}

    return draws


def giant_component_sweep_args(n=300):
    """An Erdős–Rényi sweep summarised by socmodels measures and a local function."""

    def edge_count(adjacency):
        return adjacency.nnz // 2

    return dict(
        model=functools.partial(networks.erdos_renyi, n),
        grid={"mean_degree": [0.5, 2.0, 4.0]},
        seeds=3,
        base_seed=2024,
        summary={
            "giant": measures.giant_component_fraction,
            "clustering": measures.average_clustering,
            "edges": edge_count,
        },
        progress=False,
    )


def giant_component_theory(mean_degree: float) -> float:
    """Root of S = 1 - exp(-c S) (0 for c <= 1), by fixed-point iteration."""
    size = 1.0
    for _ in range(10_000):
        size = 1.0 - np.exp(-mean_degree * size)
    return size


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as dask_client:
        yield dask_client


# --------------------------------------------------------------------------- backends agree


@pytest.fixture(scope="module")
def serial_table():
    return run_sweep(**giant_component_sweep_args())


def test_serial_table_is_tidy(serial_table):
    assert list(serial_table.columns) == [
        "mean_degree",
        SEED_COLUMN,
        "giant",
        "clustering",
        "edges",
    ]
    assert len(serial_table) == 9
    assert serial_table["mean_degree"].tolist() == [0.5] * 3 + [2.0] * 3 + [4.0] * 3
    assert serial_table[SEED_COLUMN].tolist() == [0, 1, 2] * 3
    assert serial_table.attrs["base_seed"] == 2024
    # Each row is the summary of the network that row's parameters and seed produce.
    for _, row in serial_table.iterrows():
        adjacency = run_one(
            functools.partial(networks.erdos_renyi, 300),
            {"mean_degree": row["mean_degree"]},
            int(row[SEED_COLUMN]),
            base_seed=2024,
        )
        assert row["giant"] == measures.giant_component_fraction(adjacency)
        assert row["edges"] == adjacency.nnz // 2


def test_joblib_on_two_processes_gives_the_serial_table(serial_table):
    table = run_sweep(**giant_component_sweep_args(), backend="joblib", n_jobs=2)
    pd.testing.assert_frame_equal(table, serial_table, check_exact=True)


def test_dask_local_cluster_gives_the_serial_table(serial_table, client):
    table = run_sweep(**giant_component_sweep_args(), client=client)
    assert table.attrs["backend"] == "dask"
    pd.testing.assert_frame_equal(table, serial_table, check_exact=True)


def test_dask_by_scheduler_address_gives_the_serial_table(serial_table, cluster):
    table = run_sweep(**giant_component_sweep_args(), client=cluster.scheduler_address)
    pd.testing.assert_frame_equal(table, serial_table, check_exact=True)


def test_dask_backend_uses_the_default_client(serial_table, cluster):
    with distributed.Client(cluster):  # becomes the default client
        table = run_sweep(**giant_component_sweep_args(), backend="dask")
    pd.testing.assert_frame_equal(table, serial_table, check_exact=True)


def test_dask_runs_execute_in_the_worker_processes(client):
    def where(label, rng):
        return {"pid": os.getpid()}

    table = run_sweep(where, {"label": list(range(8))}, base_seed=1, client=client)
    worker_pids = set(client.run(os.getpid).values())
    assert set(table["pid"]) <= worker_pids
    assert os.getpid() not in set(table["pid"])


def test_a_failing_run_raises_its_error_naming_the_run(client):
    def fragile(threshold, rng):
        if threshold > 1:
            raise ValueError("threshold too high")
        return {"ok": 1}

    for backend_kwargs in ({}, {"client": client}, {"backend": "joblib", "n_jobs": 2}):
        with pytest.raises(ValueError, match="threshold too high") as info:
            run_sweep(fragile, {"threshold": [0, 2]}, base_seed=0, **backend_kwargs)
        assert any("'threshold': 2" in note for note in info.value.__notes__)


# --------------------------------------------------------------------------- the science


def test_erdos_renyi_sweep_reproduces_the_giant_component_curve():
    """S = 1 - exp(-cS): S(2) = 0.7968, S(4) = 0.9802, S(0.5) = 0 (Erdős & Rényi 1960)."""
    args = giant_component_sweep_args(n=4000)
    args["seeds"] = 4
    table = run_sweep(**args)
    means = table.groupby("mean_degree")["giant"].mean()
    assert means[2.0] == pytest.approx(0.7968, abs=0.015)
    assert means[4.0] == pytest.approx(giant_component_theory(4.0), abs=0.01)
    assert means[0.5] < 0.01
    # Mean degree c gives about c N / 2 edges in every run.
    edges = table.groupby("mean_degree")["edges"].mean()
    assert edges[2.0] == pytest.approx(4000, rel=0.05)


# --------------------------------------------------------------------------- seeds


def test_a_runs_stream_depends_on_its_parameter_values_not_their_order():
    def draws(epsilon, n, rng):
        return {"u": rng.random()}

    row = run_one(draws, {"epsilon": 0.25, "n": 100}, 3, base_seed=9)
    same = run_one(draws, {"n": 100, "epsilon": 0.25}, 3, base_seed=9)
    other = run_one(draws, {"n": 100, "epsilon": 0.26}, 3, base_seed=9)
    assert row == same
    assert row != other


def test_runs_are_independent_uniform_streams():
    table = run_sweep(uniform_model(), {"label": list(range(100))}, seeds=5, base_seed=3)
    draws = table["u"].to_numpy()
    assert len(np.unique(draws)) == 500
    # If runs shared or overlapped streams, these would fail (p-values ~ 0).
    assert stats.kstest(draws, "uniform").pvalue > 1e-3
    assert abs(stats.pearsonr(table["u"], table["v"]).statistic) < 4 / np.sqrt(500)
    by_seed = table.pivot(index="label", columns=SEED_COLUMN, values="u")
    correlations = np.corrcoef(by_seed.to_numpy().T)[np.triu_indices(5, 1)]
    assert np.all(np.abs(correlations) < 0.4)


def test_rows_do_not_depend_on_grid_order_or_other_points():
    model = uniform_model()
    full = run_sweep(model, {"label": ["a", "b", "c"]}, seeds=2, base_seed=11)
    reversed_grid = run_sweep(model, {"label": ["c", "b", "a"]}, seeds=2, base_seed=11)
    alone = run_sweep(model, {"label": ["b"]}, seeds=2, base_seed=11)
    key = ["label", SEED_COLUMN]
    pd.testing.assert_frame_equal(
        reversed_grid.sort_values(key).reset_index(drop=True),
        full.sort_values(key).reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(
        alone.reset_index(drop=True),
        full[full["label"] == "b"].reset_index(drop=True),
    )


def test_more_seeds_extend_a_sweep_without_changing_it():
    model = uniform_model()
    first = run_sweep(model, {"label": [1, 2]}, seeds=3, base_seed=5)
    extension = run_sweep(model, {"label": [1, 2]}, seeds=range(3, 6), base_seed=5)
    everything = run_sweep(model, {"label": [1, 2]}, seeds=6, base_seed=5)
    combined = pd.concat([first, extension]).sort_values(["label", SEED_COLUMN])
    pd.testing.assert_frame_equal(combined.reset_index(drop=True), everything)


def test_base_seed_changes_every_run_and_none_draws_a_recorded_seed():
    model = uniform_model()
    one = run_sweep(model, {"label": [1, 2]}, seeds=2, base_seed=1)
    two = run_sweep(model, {"label": [1, 2]}, seeds=2, base_seed=2)
    assert not np.any(one["u"].to_numpy() == two["u"].to_numpy())
    fresh = run_sweep(model, {"label": [1, 2]}, seeds=2)
    again = run_sweep(model, {"label": [1, 2]}, seeds=2, base_seed=fresh.attrs["base_seed"])
    pd.testing.assert_frame_equal(fresh, again)


def test_numpy_scalars_and_python_values_are_the_same_point():
    model = uniform_model()
    plain = run_sweep(model, {"label": [1, 2]}, base_seed=4)
    numpy_values = run_sweep(model, {"label": np.array([1, 2])}, base_seed=4)
    pd.testing.assert_frame_equal(plain, numpy_values)
    assert expand_grid({"x": np.array([0.5])}) == [{"x": 0.5}]
    assert type(expand_grid({"x": np.array([0.5])})[0]["x"]) is float


def test_list_of_points_and_product_grid():
    assert expand_grid({"a": [1, 2], "b": ["x", "y"]}) == [
        {"a": 1, "b": "x"},
        {"a": 1, "b": "y"},
        {"a": 2, "b": "x"},
        {"a": 2, "b": "y"},
    ]
    assert expand_grid({}) == [{}]
    model = uniform_model()
    explicit = run_sweep(model, [{"label": 2}, {"label": 1}], seeds=2, base_seed=8)
    product = run_sweep(model, {"label": [2, 1]}, seeds=2, base_seed=8)
    pd.testing.assert_frame_equal(explicit, product)


# --------------------------------------------------------------------------- summaries


def test_summary_forms():
    def wealth(n, rng):
        return rng.exponential(size=n)

    callable_summary = run_sweep(
        wealth, {"n": [1000]}, base_seed=1, summary=lambda w: {"gini": measures.gini(w)}
    )
    mapping_summary = run_sweep(wealth, {"n": [1000]}, base_seed=1, summary={"gini": measures.gini})
    scalar_summary = run_sweep(wealth, {"n": [1000]}, base_seed=1, summary=measures.gini)
    assert callable_summary["gini"].item() == mapping_summary["gini"].item()
    assert scalar_summary["value"].item() == mapping_summary["gini"].item()
    # Exponential wealth has Gini 1/2.
    assert mapping_summary["gini"].item() == pytest.approx(0.5, abs=0.03)

    def counts(n, rng):
        return {"heads": np.int64(rng.integers(0, 2, size=n).sum()), "label": "coin"}

    table = run_sweep(counts, {"n": [10]}, base_seed=0)
    assert type(table["heads"].item()) is int
    assert table["label"].item() == "coin"


def test_deterministic_model_without_rng():
    def square(x):
        return {"square": x * x}

    table = run_sweep(square, {"x": [1, 2, 3]})
    assert table["square"].tolist() == [1, 4, 9]
    with pytest.raises(ValueError, match="seeds"):
        run_sweep(square, {"x": [1]}, seeds=2)


# --------------------------------------------------------------------------- progress


def test_progress_bar_shown_on_request_and_quiet_otherwise(capsys):
    model = uniform_model()
    run_sweep(model, {"label": [1, 2, 3]}, base_seed=0, progress=True)
    shown = capsys.readouterr().err
    assert "3/3" in shown and "draws" in shown
    run_sweep(model, {"label": [1, 2, 3]}, base_seed=0)  # stderr is not a terminal here
    run_sweep(model, {"label": [1, 2, 3]}, base_seed=0, progress=False)
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------- bad input


def _bad(exception, match, *args, **kwargs):
    kwargs.setdefault("base_seed", 0)
    with pytest.raises(exception, match=re.escape(match)):
        run_sweep(*args, **kwargs)


def test_bad_model_and_grid():
    model = uniform_model()
    _bad(TypeError, "model", 5, {"label": [1]})
    _bad(TypeError, "grid", model, 5)
    _bad(TypeError, "grid", model, "label")
    _bad(TypeError, "grid['label']", model, {"label": 5})
    _bad(TypeError, "grid['label']", model, {"label": "abc"})
    _bad(ValueError, "grid['label']", model, {"label": []})
    _bad(ValueError, "grid['label'] must not repeat", model, {"label": [1, 1]})
    _bad(ValueError, "grid['label']", model, {"label": np.zeros((2, 2))})
    _bad(TypeError, "grid['label']", model, {"label": [np.zeros(3)]})
    _bad(ValueError, "'rng'", model, {"rng": [1]})
    _bad(ValueError, "'seed_index'", model, {"seed_index": [1]})
    _bad(ValueError, "identifier", model, {"not a name": [1]})
    _bad(ValueError, "grid must hold", model, [])
    _bad(TypeError, "grid[1]", model, [{"label": 1}, 2])
    _bad(ValueError, "grid[1]", model, [{"label": 1}, {"other": 2}])
    _bad(ValueError, "grid[1] repeats grid[0]", model, [{"label": 1}, {"label": 1}])
    _bad(TypeError, "model cannot be called", model, {"wrong_name": [1]})


def test_bad_seeds_and_summary():
    model = uniform_model()
    grid = {"label": [1]}
    _bad(ValueError, "seeds", model, grid, seeds=0)
    _bad(TypeError, "seeds", model, grid, seeds=1.5)
    _bad(TypeError, "seeds", model, grid, seeds=True)
    _bad(ValueError, "seeds", model, grid, seeds=[])
    _bad(ValueError, "seeds must not repeat", model, grid, seeds=[1, 1])
    _bad(ValueError, "each of seeds", model, grid, seeds=[-1])
    _bad(ValueError, "base_seed", model, grid, base_seed=-1)
    _bad(ValueError, "base_seed", model, grid, base_seed=1.5)
    _bad(TypeError, "base_seed", model, grid, base_seed="1")
    _bad(ValueError, "seeds", model, grid, seeds=2**62)
    _bad(ValueError, "base_seed", model, grid, base_seed=2**128)
    _bad(TypeError, "summary", model, grid, summary=5)
    _bad(TypeError, "summary", model, grid, summary={})
    _bad(TypeError, "summary['u2']", model, grid, summary={"u2": 5})
    _bad(ValueError, "summary column names", model, grid, summary={"label": len})

    def vector(label, rng):
        return rng.random(3)

    _bad(TypeError, "summary=", vector, grid)
    _bad(TypeError, "summary statistic 'x'", vector, grid, summary={"x": lambda v: v})
    _bad(TypeError, "summary statistic 'x'", vector, grid, summary={"x": lambda v: [1, 2]})
    _bad(ValueError, "summary statistic names", model, grid, summary=lambda r: {"label": 1})


def test_bad_backend_arguments():
    model = uniform_model()
    grid = {"label": [1]}
    _bad(ValueError, "backend", model, grid, backend="spark")
    _bad(TypeError, "backend", model, grid, backend=1)
    _bad(ValueError, "client", model, grid, backend="serial", client="tcp://127.0.0.1:1")
    _bad(ValueError, "client", model, grid, backend="joblib", client="tcp://127.0.0.1:1")
    _bad(ValueError, "n_jobs", model, grid, n_jobs=2)
    _bad(ValueError, "n_jobs", model, grid, backend="joblib", n_jobs=0)
    _bad(ValueError, "n_jobs", model, grid, backend="joblib", n_jobs=-2)
    _bad(ValueError, "n_jobs", model, grid, backend="joblib", n_jobs=1.5)
    _bad(TypeError, "n_jobs", model, grid, backend="joblib", n_jobs="2")
    _bad(TypeError, "client", model, grid, client=5)
    _bad(ValueError, "client", model, grid, client="  ")
    _bad(ValueError, "backend='dask' needs a cluster", model, grid, backend="dask")
    _bad(TypeError, "progress", model, grid, progress="yes")


def test_missing_dask_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(ImportError, match="'dask' extra"):
        run_sweep(uniform_model(), {"label": [1]}, base_seed=0, backend="dask")


def test_bad_run_one():
    with pytest.raises(TypeError, match="params"):
        run_one(uniform_model(), [("a", 1)], 0, base_seed=0)
    with pytest.raises(ValueError, match="seed_index"):
        run_one(uniform_model(), {"label": 1}, -1, base_seed=0)
    with pytest.raises(ValueError, match="base_seed"):
        run_one(uniform_model(), {"label": 1}, 0, base_seed=-3)
    with pytest.raises(TypeError, match=re.escape("params['a']")):
        run_one(uniform_model(), {"a": [1, 2]}, 0, base_seed=0)
    with pytest.raises(TypeError, match="model"):
        run_one(None, {"label": 1}, base_seed=0)
    with pytest.raises(TypeError, match="model cannot be called"):
        run_one(uniform_model(), {"wrong": 1}, base_seed=0)
