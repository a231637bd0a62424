"""Parameter sweeps: run a model over a grid of parameters × seeds, get a tidy table.

One call, three places to run, the same numbers::

    table = run_sweep(model, {"mean_degree": [0.5, 1.0, 2.0]}, seeds=10, base_seed=2024,
                      summary={"giant": giant_component_fraction})            # in-process
    table = run_sweep(..., backend="joblib", n_jobs=2)                        # local cores
    table = run_sweep(..., client="tcp://scheduler:8786")                     # a Dask cluster

Every run ``(parameters, seed_index)`` draws from its own
:class:`numpy.random.SeedSequence`, derived from ``base_seed``, the parameter values
and the seed index alone (spawned from ``base_seed``, keyed by the point; replay one
row with :func:`run_one`). A run's random stream therefore does not
depend on where or in which order it executes, on the other points of the grid, or
on the backend: the serial, joblib and Dask tables are identical, and adding points
or seeds to a sweep leaves the existing rows unchanged.

The ``summary`` runs where the model runs (on a worker process or a cluster node),
so only a few scalars per run travel back, never the model's arrays.

Dask (``dask[distributed]``) is an optional extra, imported only when a Dask
backend is asked for.

Progress bars come from ``tqdm.auto``: a widget in Jupyter, text in a terminal, and
nothing when output is not a terminal. In a notebook the stored text of the widget is
its first state (``0/N`` runs), which re-execution reproduces, so strict nbval passes;
keep a long sweep in a cell of its own (assign the table, display it in the next
cell), or pass ``progress=False`` for sweeps of a few seconds.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import itertools
import numbers
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_choice, check_int
from .contract import (
    MAX_RUNS,
    Custom,
    Flag,
    Function,
    Integer,
    Optional,
    Options,
    check_work,
    constrained,
)

__all__ = ["BACKENDS", "SEED_COLUMN", "expand_grid", "run_one", "run_sweep"]

#: Where :func:`run_sweep` can execute runs.
BACKENDS = ("serial", "joblib", "dask")

#: Name of the table column holding each run's seed index.
SEED_COLUMN = "seed_index"

#: Keyword argument through which every model receives its random generator.
RNG_ARGUMENT = "rng"

#: Most runs one sweep may hold (grid points × seeds).
MAX_SWEEP_RUNS = 1_000_000
#: Seed indices are spawn-key words of a SeedSequence: non-negative 63-bit integers.
MAX_SEED_INDEX = 2**63 - 1

_DASK_HINT = (
    "the Dask backend needs the optional 'dask' extra of socmodels: run "
    "pip install -e '.[dask]' in the book's repository, or pip install 'dask[distributed]'"
)


# --------------------------------------------------------------------------- grid


def _canonical_value(value, where: str):
    """A plain-Python, hashable, tidy-table-friendly version of one parameter value."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return _canonical_value(value.item(), where)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, tuple):
        return tuple(_canonical_value(v, where) for v in value)
    raise TypeError(
        f"{where} must be a number, bool, str, None or a tuple of those (values that can "
        f"label a table row), got {type(value).__name__} {value!r}; pass other objects "
        "(arrays, networks) through functools.partial(model, ...) instead"
    )


def _values_list(name: str, values) -> list:
    where = f"grid[{name!r}]"
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(
            f"{where} must be a list of values, got {type(values).__name__} {values!r}; "
            "wrap a single value in a list"
        )
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValueError(f"{where} must be 1-dimensional, got shape {values.shape}")
    values = [_canonical_value(v, f"each value of {where}") for v in values]
    if not values:
        raise ValueError(f"{where} must hold at least one value, got none")
    keys = [repr(v) for v in values]
    if len(set(keys)) != len(keys):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"{where} must not repeat values, got duplicates {duplicates}")
    return values


def _check_name(name, where: str) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"{where} must be a Python identifier (a keyword argument), got {name!r}")
    if name in (RNG_ARGUMENT, SEED_COLUMN):
        raise ValueError(
            f"{where} must not be {name!r}: run_sweep sets {RNG_ARGUMENT!r} and {SEED_COLUMN!r} "
            "itself; choose the runs' seeds with base_seed and seeds"
        )
    return name


def _body_checked(name, value):
    # Checked (and converted) in the function body, where the message can name the key.
    return value


_GRID = Custom(
    "a mapping of parameter name -> list of values, or a list of parameter dicts",
    _body_checked,
    bad=["abc", 3, {"x": 3}, [], {"x": []}],
)
_PARAMS = Custom(
    "a mapping of parameter name -> value", _body_checked, bad=["abc", 3, [1, 2], None]
)
_SEED_INDEX = Integer(0, MAX_SEED_INDEX)
#: A SeedSequence entropy is at most 128 bits (what run_sweep draws when base_seed=None).
_BASE_SEED = Integer(0, 2**128 - 1)


@constrained(grid=_GRID)
def expand_grid(grid) -> list[dict[str, Any]]:
    """Return the parameter points of ``grid`` as a list of dicts.

    Parameters
    ----------
    grid : mapping of str to list, or sequence of mappings
        Either ``{"name": [values, ...], ...}`` — every combination (Cartesian
        product, the last name varying fastest) — or an explicit list of parameter
        dicts, all with the same names. Values must be numbers, bools, strings,
        ``None`` or tuples of those, so each point can label a table row; NumPy
        scalars are converted to Python ones. An empty mapping is one point with
        no parameters (a sweep over seeds only).

    Returns
    -------
    list of dict
        The points, in order.

    Raises
    ------
    TypeError, ValueError
        Naming the offending key or position: names that are not identifiers,
        empty or repeated value lists, points with different names, or repeated
        points (use more seeds for replicates, not repeated points).

    Examples
    --------
    >>> expand_grid({"n": [100, 1000], "mean_degree": [1.0, 2.0]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'n': 100, 'mean_degree': 1.0}, {'n': 100, 'mean_degree': 2.0},
     {'n': 1000, 'mean_degree': 1.0}, {'n': 1000, 'mean_degree': 2.0}]
    >>> expand_grid([{"epsilon": 0.1}, {"epsilon": 0.3}])
    [{'epsilon': 0.1}, {'epsilon': 0.3}]
    """
    if isinstance(grid, Mapping):
        names = [_check_name(name, "each grid key") for name in grid]
        columns = [_values_list(name, grid[name]) for name in names]
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*columns)]
    if isinstance(grid, str | bytes) or not isinstance(grid, Sequence):
        raise TypeError(
            "grid must be a mapping of parameter name -> list of values, or a list of "
            f"parameter dicts, got {type(grid).__name__}"
        )
    if len(grid) == 0:
        raise ValueError("grid must hold at least one parameter dict, got an empty list")
    points = []
    first_names = None
    seen = {}
    for position, point in enumerate(grid):
        if not isinstance(point, Mapping):
            raise TypeError(f"grid[{position}] must be a dict of parameters, got {point!r}")
        names = [_check_name(name, f"each key of grid[{position}]") for name in point]
        if first_names is None:
            first_names = names
        elif set(names) != set(first_names):
            raise ValueError(
                f"grid[{position}] must have the same parameter names as grid[0] "
                f"{sorted(first_names)}, got {sorted(names)}"
            )
        canonical = {
            name: _canonical_value(point[name], f"grid[{position}][{name!r}]")
            for name in first_names
        }
        key = _point_key(canonical)
        if key in seen:
            raise ValueError(
                f"grid[{position}] repeats grid[{seen[key]}] ({canonical}); ask for more "
                "seeds to replicate a point"
            )
        seen[key] = position
        points.append(canonical)
    return points


# --------------------------------------------------------------------------- seeds


def _point_key(params: Mapping[str, Any]) -> str:
    # repr of plain Python values is stable across processes, machines and versions
    # (unlike hash(), which is salted per process for strings).
    return repr(sorted(params.items()))


def _canonical_params(params) -> dict[str, Any]:
    """One point's parameters (checked names, plain-Python values), for seeds and rows."""
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of parameters, got {type(params).__name__}")
    return {
        _check_name(name, "each key of params"): _canonical_value(value, f"params[{name!r}]")
        for name, value in params.items()
    }


def _run_seed(params: Mapping[str, Any], seed_index: int, base_seed: int) -> np.random.SeedSequence:
    """The :class:`numpy.random.SeedSequence` of one run ``(params, seed_index)`` of a sweep.

    The descendant of ``SeedSequence(base_seed)`` with spawn key ``(d0, d1, d2, d3,
    seed_index)``, ``d0..d3`` the four 32-bit words of a 128-bit BLAKE2 digest of the
    parameter values: the stream ``SeedSequence(base_seed, spawn_key=(d0, d1, d2,
    d3)).spawn(seed_index + 1)[-1]`` gives. It is :meth:`~numpy.random.SeedSequence.spawn`
    (what :func:`socmodels.contract.spawn_generators` uses) keyed by the point, so a run's
    stream depends only on ``base_seed``, its parameter values and ``seed_index`` — not on
    the other points, the order or the backend. Private: replay a row with
    :func:`run_one`; seed replicates inside a model with ``spawn_generators``.
    """
    canonical = _canonical_params(params)
    digest = hashlib.blake2b(_point_key(canonical).encode("utf-8"), digest_size=16).digest()
    words = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    return np.random.SeedSequence(base_seed, spawn_key=(*words, seed_index))


def _seed_indices(seeds) -> list[int]:
    if isinstance(seeds, numbers.Integral) and not isinstance(seeds, bool | np.bool_):
        return list(range(check_int("seeds", seeds, minimum=1, maximum=MAX_RUNS)))
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Iterable):
        raise TypeError(
            "seeds must be a number of seeds (int >= 1) or a list of seed indices, "
            f"got {type(seeds).__name__} {seeds!r}"
        )
    indices = [check_int("each of seeds", s, minimum=0, maximum=MAX_SEED_INDEX) for s in seeds]
    check_work("seeds", len(indices), what="number of seed indices", limit=MAX_SWEEP_RUNS)
    if not indices:
        raise ValueError("seeds must hold at least one seed index, got none")
    if len(set(indices)) != len(indices):
        raise ValueError(f"seeds must not repeat seed indices, got {indices}")
    return indices


# --------------------------------------------------------------------------- one run


def _accepts(model, name: str) -> bool | None:
    """Whether ``model`` takes keyword ``name`` (None when its signature is unknown)."""
    try:
        signature = inspect.signature(model)
    except (TypeError, ValueError):
        return None
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            return True
        if parameter.name == name and parameter.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ):
            return True
    return False


def _check_callable_with(model, params: Mapping[str, Any], pass_rng: bool) -> None:
    try:
        signature = inspect.signature(model)
    except (TypeError, ValueError):
        return
    trial = dict(params)
    if pass_rng:
        trial[RNG_ARGUMENT] = None
    try:
        signature.bind(**trial)
    except TypeError as exc:
        raise TypeError(
            f"model cannot be called with the grid's parameters {sorted(params)}"
            f"{' and rng' if pass_rng else ''}: {exc}"
        ) from None


def _scalar(value, where: str):
    """A plain scalar for one summary statistic, or a clear error."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise TypeError(
                f"{where} must be a scalar, got an array of shape {value.shape}; "
                "summarise it (mean, final value, ...) in the summary function"
            )
        value = value.reshape(()).item()
        return _scalar(value, where)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, numbers.Number):
        return value
    raise TypeError(
        f"{where} must be a number, bool, str or None, got {type(value).__name__}; "
        "return scalars from the summary"
    )


def _summarise(result, summary) -> dict[str, Any]:
    if summary is None:
        if isinstance(result, Mapping):
            stats = result
        elif isinstance(result, str):
            stats = {"value": result}
        elif dataclasses.is_dataclass(result) or isinstance(result, np.ndarray | Sequence):
            raise TypeError(
                f"model returned a {type(result).__name__}; pass summary=... to reduce each "
                "result to a dict of scalars"
            )
        else:
            stats = {"value": result}
    elif isinstance(summary, Mapping):
        stats = {name: statistic(result) for name, statistic in summary.items()}
    else:
        stats = summary(result)
        if not isinstance(stats, Mapping):
            stats = {"value": stats}
    out = {}
    for name, value in stats.items():
        if not isinstance(name, str):
            raise TypeError(f"summary statistic names must be strings, got {name!r}")
        out[name] = _scalar(value, f"summary statistic {name!r}")
    return out


def _execute_run(model, summary, base_seed, pass_rng, params, seed_index) -> dict[str, Any]:
    """Run one ``(params, seed_index)`` and return its table row (runs on workers)."""
    kwargs = dict(params)
    if pass_rng:
        kwargs[RNG_ARGUMENT] = np.random.default_rng(_run_seed(params, seed_index, base_seed))
    try:
        stats = _summarise(model(**kwargs), summary)
    except Exception as exc:
        exc.add_note(f"in the sweep run with parameters {params}, {SEED_COLUMN}={seed_index}")
        raise
    clashes = (set(params) | {SEED_COLUMN}) & set(stats)
    if clashes:
        raise ValueError(
            f"summary statistic names must differ from the parameter names and "
            f"{SEED_COLUMN!r}, got {sorted(clashes)}"
        )
    return {**params, SEED_COLUMN: seed_index, **stats}


@constrained(model=Function(), params=_PARAMS, seed_index=_SEED_INDEX, base_seed=_BASE_SEED)
def run_one(model, params: Mapping[str, Any], seed_index: int = 0, *, base_seed: int):
    """Re-run one row of a sweep and return the model's full result (not the summary).

    Use it to look closely at an interesting row of a table from :func:`run_sweep`:
    the model gets exactly the random stream it had in the sweep.

    Parameters
    ----------
    model : callable
        As for :func:`run_sweep`.
    params : mapping
        The row's parameters.
    seed_index : int
        The row's seed index.
    base_seed : int
        The sweep's ``base_seed`` (also in ``table.attrs["base_seed"]``).

    Returns
    -------
    object
        Whatever ``model(**params, rng=...)`` returns.

    Examples
    --------
    >>> import numpy as np
    >>> def coin_flips(n, rng):
    ...     return {"heads": int(rng.integers(0, 2, size=n).sum())}
    >>> table = run_sweep(coin_flips, {"n": [10, 100]}, seeds=2, base_seed=1, progress=False)
    >>> row = table.iloc[3]
    >>> again = run_one(coin_flips, {"n": int(row["n"])}, int(row["seed_index"]), base_seed=1)
    >>> bool(again["heads"] == row["heads"])
    True
    """
    if not callable(model):
        raise TypeError(f"model must be callable, got {type(model).__name__}")
    params = _canonical_params(params)
    pass_rng = _accepts(model, RNG_ARGUMENT) is not False
    _check_callable_with(model, params, pass_rng)
    kwargs = dict(params)
    if pass_rng:
        kwargs[RNG_ARGUMENT] = np.random.default_rng(_run_seed(params, seed_index, base_seed))
    return model(**kwargs)


# --------------------------------------------------------------------------- backends


def _progress_bar(total: int, progress, description: str):
    from tqdm.auto import tqdm  # the notebook flavour when running in a Jupyter kernel

    # disable=None: tqdm's own rule, quiet when stderr is not a terminal (CI logs,
    # pytest) but shown in terminals and (as a widget) in notebooks.
    disable = None if progress is None else not progress
    return tqdm(total=total, desc=description, unit="run", disable=disable, leave=True)


def _run_serial(task, runs, bar) -> list[dict]:
    rows = []
    for params, seed_index in runs:
        rows.append(task(params, seed_index))
        bar.update(1)
    return rows


def _run_joblib(task, runs, bar, n_jobs) -> list[dict]:
    from joblib import Parallel, delayed

    # loky processes; models and summaries are sent with cloudpickle. Results come
    # back in submission order, so the table is the same as the serial one.
    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator")
    rows = []
    for row in parallel(delayed(task)(params, seed_index) for params, seed_index in runs):
        rows.append(row)
        bar.update(1)
    return rows


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(_DASK_HINT) from exc
    return distributed


def _dask_client(client):
    """Return ``(client, owned)``; ``owned`` clients are closed after the sweep."""
    distributed = _import_distributed()
    if client is None:
        try:
            return distributed.default_client(), False
        except ValueError:
            raise ValueError(
                "backend='dask' needs a cluster: pass client=<distributed.Client> or "
                "client='tcp://scheduler-address:8786', or create a Client first"
            ) from None
    if isinstance(client, str):
        if not client.strip():
            raise ValueError("client must be a scheduler address such as 'tcp://host:8786'")
        return distributed.Client(client, set_as_default=False), True
    if isinstance(client, distributed.Client):
        return client, False
    raise TypeError(
        "client must be a distributed.Client, a scheduler address string or None, "
        f"got {type(client).__name__}"
    )


def _run_dask(task, runs, bar, client, name: str) -> list[dict]:
    distributed = _import_distributed()
    client, owned = _dask_client(client)
    futures = []
    try:
        params_list = [params for params, _ in runs]
        seed_list = [seed_index for _, seed_index in runs]
        # Explicit unique keys: every run is its own task, named after the model on the
        # dashboard, even when two runs look alike.
        token = uuid.uuid4().hex[:12]
        keys = [f"sweep-{name}-{token}-{i}" for i in range(len(runs))]
        futures = client.map(task, params_list, seed_list, key=keys)
        for future in distributed.as_completed(futures, loop=client.loop):
            if future.status == "error":
                future.result()  # re-raise the run's error (with its note) at once
            bar.update(1)
        # gather in submission order, so the table does not depend on completion order
        return client.gather(futures)
    finally:
        if futures:
            client.cancel(futures)
        if owned:
            client.close()


# --------------------------------------------------------------------------- the sweep


def _describe(model) -> str:
    while isinstance(model, functools.partial):
        model = model.func
    return getattr(model, "__name__", type(model).__name__)


_SEEDS = Custom(
    f"a number of seeds in [1, {MAX_RUNS}] or a list of distinct seed indices >= 0",
    _body_checked,
    bad=[0, -1, True, 2.5, "3", [], [1, 1], 2**62],
)
_SUMMARY = Custom(
    "None, a callable, or a non-empty mapping of column name -> callable",
    _body_checked,
    bad=[3, "abc", {}],
)
_CLIENT = Custom("None, a distributed.Client or a scheduler address", _body_checked, bad=[3, ""])


@constrained(
    model=Function(),
    grid=_GRID,
    seeds=_SEEDS,
    base_seed=Optional(_BASE_SEED),
    summary=_SUMMARY,
    backend=Optional(Options(*BACKENDS)),
    n_jobs=Optional(Integer(-1, 1024)),
    client=_CLIENT,
    progress=Optional(Flag()),
)
def run_sweep(
    model: Callable[..., Any],
    grid,
    *,
    seeds=1,
    base_seed: int | None = None,
    summary=None,
    backend: str | None = None,
    n_jobs: int | None = None,
    client=None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Run ``model`` at every point of ``grid`` for every seed; return a tidy table.

    Each run calls ``model(**point, rng=generator)`` with its own
    :class:`numpy.random.Generator` spawned from ``base_seed`` and keyed by (point,
    seed_index), reduces the result to a dict of scalars with
    ``summary`` (on the worker that ran it), and becomes one row of the table.

    Parameters
    ----------
    model : callable
        ``model(**params, rng=numpy.random.Generator)``. Fix the arguments you do
        not sweep with :func:`functools.partial`. A model without an ``rng``
        parameter is treated as deterministic: it is called without one, and
        ``seeds`` must be 1. For the ``joblib`` and ``dask`` backends the model and
        summary are sent to other processes with cloudpickle: module-level
        functions (the usual case, e.g. everything in :mod:`socmodels`) are sent
        by name and must be importable there; functions and lambdas defined in a
        notebook or script are sent by value.
    grid : mapping of str to list, or list of mappings
        The parameter points; see :func:`expand_grid`.
    seeds : int or sequence of int, default 1
        ``n`` runs per point with seed indices ``0..n-1``, or explicit seed indices
        (e.g. ``range(10, 20)`` to extend a 10-seed sweep with 10 more runs).
    base_seed : int >= 0, optional
        The root of every run's seed. ``None`` draws one from the operating
        system; it is recorded in ``table.attrs["base_seed"]`` either way.
    summary : callable, mapping of str to callable, or None
        Reduces one model result to table columns: ``summary(result)`` returning a
        dict of scalars (or one scalar, stored as ``value``), or
        ``{"column": function(result), ...}``. With ``None`` the model itself must
        return a dict of scalars (or a scalar).
    backend : {"serial", "joblib", "dask"}, optional
        Where runs execute: in this process, in local processes (joblib's loky
        backend), or on a Dask cluster. Default: ``"dask"`` when ``client`` is
        given, else ``"serial"``.
    n_jobs : int, optional
        Number of local processes for ``backend="joblib"``: >= 1, or -1 for all
        cores (the default). Only valid with that backend.
    client : distributed.Client or str, optional
        The Dask cluster to use: a connected client, or a scheduler address such as
        ``"tcp://10.0.0.5:8786"`` (connected for this sweep and then closed). With
        ``backend="dask"`` and no client, the current default client is used.
    progress : bool, optional
        Show a ``tqdm.auto`` progress bar (a widget in Jupyter). ``None`` (the
        default) shows it in notebooks and terminals and stays quiet when output is
        not a terminal (logs, CI).

    Returns
    -------
    pandas.DataFrame
        One row per run, ordered by grid point and then seed index, whatever the
        backend: the parameter columns, ``seed_index``, then the summary columns.
        ``table.attrs`` records ``base_seed``, ``model`` and ``backend``.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments, naming the argument, before any run starts.
    ImportError
        For ``backend="dask"`` without Dask installed (the ``dask`` extra).

    Notes
    -----
    Identical tables from every backend rest on two facts: each run's stream is a
    function of (``base_seed``, point, seed index) only, and rows are assembled in
    grid order, not completion order. A model that itself uses threads or other
    hidden state (the global NumPy or ``random`` state) breaks the guarantee.

    Examples
    --------
    A sweep of a tiny stochastic model, two points × three seeds:

    >>> def coin_flips(n, rng):
    ...     return {"heads_share": rng.integers(0, 2, size=n).mean()}
    >>> table = run_sweep(coin_flips, {"n": [10, 10_000]}, seeds=3, base_seed=42,
    ...                   progress=False)
    >>> table
           n  seed_index  heads_share
    0     10           0       0.7000
    1     10           1       0.5000
    2     10           2       0.3000
    3  10000           0       0.5007
    4  10000           1       0.5004
    5  10000           2       0.5025

    The same call with ``backend="joblib"`` or a Dask ``client`` gives this table.
    """
    if not callable(model):
        raise TypeError(f"model must be callable, got {type(model).__name__}")
    points = expand_grid(grid)
    seed_indices = _seed_indices(seeds)
    if base_seed is None:
        base_seed = int(np.random.SeedSequence().entropy)
    if summary is not None and not callable(summary):
        if not isinstance(summary, Mapping) or not summary:
            raise TypeError(
                "summary must be a callable, a non-empty mapping of column name -> callable, "
                f"or None, got {type(summary).__name__}"
            )
        for name, statistic in summary.items():
            if not isinstance(name, str) or not name:
                raise TypeError(f"summary keys must be non-empty column names, got {name!r}")
            if not callable(statistic):
                raise TypeError(
                    f"summary[{name!r}] must be callable, got {type(statistic).__name__}"
                )
        clashes = (set(points[0]) | {SEED_COLUMN}) & set(summary)
        if clashes:
            raise ValueError(
                "summary column names must differ from the parameter names and "
                f"{SEED_COLUMN!r}, got {sorted(clashes)}"
            )

    if backend is None:
        backend = "serial" if client is None else "dask"
    backend = check_choice("backend", backend, BACKENDS)
    if client is not None and backend != "dask":
        raise ValueError(f"client is only used by backend='dask', got backend={backend!r}")
    if n_jobs is not None:
        if backend != "joblib":
            raise ValueError(f"n_jobs is only used by backend='joblib', got backend={backend!r}")
        n_jobs = check_int("n_jobs", n_jobs, minimum=-1)
        if n_jobs == 0:
            raise ValueError("n_jobs must be >= 1, or -1 for all cores, got 0")
    if progress is not None and not isinstance(progress, bool | np.bool_):
        raise TypeError(f"progress must be True, False or None, got {type(progress).__name__}")

    pass_rng = _accepts(model, RNG_ARGUMENT) is not False
    if not pass_rng and len(seed_indices) > 1:
        raise ValueError(
            f"model takes no {RNG_ARGUMENT!r} argument, so its runs are deterministic: "
            f"seeds must be 1, got {len(seed_indices)} seeds"
        )
    _check_callable_with(model, points[0], pass_rng)

    check_work(
        "seeds", len(points) * len(seed_indices), what="grid points × seeds", limit=MAX_SWEEP_RUNS
    )
    runs = [(point, seed_index) for point in points for seed_index in seed_indices]
    task = functools.partial(_execute_run, model, summary, base_seed, pass_rng)
    with _progress_bar(len(runs), progress, f"sweep {_describe(model)}") as bar:
        if backend == "serial":
            rows = _run_serial(task, runs, bar)
        elif backend == "joblib":
            rows = _run_joblib(task, runs, bar, -1 if n_jobs is None else n_jobs)
        else:
            rows = _run_dask(task, runs, bar, client, _describe(model))

    table = pd.DataFrame.from_records(rows)
    table.attrs.update({"base_seed": base_seed, "model": _describe(model), "backend": backend})
    return table
