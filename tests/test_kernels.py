"""Compiled kernels: on-disk caching, bit-identical results, and checks of frozen matrices.

What is tested is correctness, never speed (that is ``benchmarks/``): a kernel loaded
from numba's cache gives the same bits as a fresh compilation; the parallel step
kernels give the same bits as the NumPy/scipy expressions they replaced, whatever the
number of threads; the linear-time adjacency check accepts and rejects exactly what
``|A - A^T| > 1e-12`` does; and a frozen matrix is checked once but can never be
changed into an invalid one unnoticed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import _jit, consensus, networks
from socmodels.networks import check_adjacency, freeze

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "socmodels"


# --------------------------------------------------------------------------- numba's cache


def test_no_kernel_opts_out_of_the_cache_without_saying_why():
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if "njit(" in line and "cache=False" in line:
                before = lines[number - 2].strip() if number > 1 else ""
                assert before.startswith("#"), (
                    f"{path.name}:{number}: cache=False needs a one-line comment above it "
                    "saying why the kernel cannot use numba's on-disk cache"
                )


_RUN_KERNELS = textwrap.dedent(
    """
    import dataclasses, hashlib, json, numpy as np
    from socmodels import atomization, commons, consensus, dividends, networks
    digest = hashlib.sha256()

    def add(result):
        for field in dataclasses.fields(result):
            value = getattr(result, field.name)
            if isinstance(value, np.ndarray) and value.dtype != object:
                digest.update(np.ascontiguousarray(value).tobytes())

    adjacency = networks.erdos_renyi(300, mean_degree=6, rng=1)
    x = np.random.default_rng(2).random(300)
    add(consensus.hegselmann_krause(x, epsilon=0.2, adjacency=adjacency, n_records=5))
    add(consensus.deffuant(x, epsilon=0.3, adjacency=adjacency, rng=3))
    add(consensus.voter_model((x > 0.5).astype(int), max_steps=2000, rng=4))
    add(dividends.yard_sale(np.ones(200), n_steps=50, n_records=4, rng=5))
    add(dividends.platform_growth(n_agents=2000, n_records=10, rng=6))
    dynamics = dict(n_agents=100, turnover=0.05, n_steps=500, n_records=5, rng=7)
    add(atomization.davidsen_ebel_bornholdt(**dynamics))
    add(commons.lattice_public_goods(10, synergy=4.0, n_steps=5, n_records=5, rng=8))
    print(json.dumps({"digest": digest.hexdigest()}))
    """
)


def _run_in_fresh_process(cache_dir: Path) -> str:
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir), PYTHONHASHSEED="0")
    result = subprocess.run(
        [sys.executable, "-c", _RUN_KERNELS],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "NumbaWarning" not in result.stderr, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["digest"]


def test_kernels_loaded_from_the_cache_give_the_bits_of_a_fresh_compilation(tmp_path):
    cache = tmp_path / "numba-cache"
    compiled = _run_in_fresh_process(cache)  # compiles, writes the cache
    written = sorted(p.name for p in cache.rglob("*.nbi"))
    modules = {name.split(".")[0] for name in written}
    assert {"atomization", "commons", "consensus", "dividends"} <= modules, written
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*.nbc")}
    loaded = _run_in_fresh_process(cache)  # loads every kernel from the cache
    assert loaded == compiled
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.nbc")} == stamps, (
        "the second process recompiled instead of loading the cache"
    )


def test_cache_dir_falls_back_to_a_temporary_folder_when_nothing_is_writable(monkeypatch):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(_jit, "_writable", lambda folder: False)
    import numba.core.config

    monkeypatch.setattr(numba.core.config, "CACHE_DIR", numba.core.config.CACHE_DIR)
    chosen = _jit.ensure_cache_dir()
    assert chosen is not None and os.environ["NUMBA_CACHE_DIR"] == chosen
    assert numba.core.config.CACHE_DIR == chosen
    assert Path(chosen).parent == Path(__import__("tempfile").gettempdir())


def test_cache_dir_is_left_to_numba_when_the_package_folder_is_writable(monkeypatch):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(_jit, "_writable", lambda folder: folder.name == "__pycache__")
    assert _jit.ensure_cache_dir() is None
    assert "NUMBA_CACHE_DIR" not in os.environ
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/somewhere")
    assert _jit.ensure_cache_dir() == "/somewhere"


# --------------------------------------------------------------------------- step kernels


@pytest.fixture(params=["small: NumPy", "compiled, one thread", "compiled, row blocks"])
def kernel_path(request, monkeypatch):
    """Run each test through every path: small matrices (NumPy/scipy, or numba's serial
    HK kernel), and the compiled passes on the calling thread and in blocks on threads."""
    small = request.param == "small: NumPy"
    for module in (consensus, networks):
        monkeypatch.setattr(module, "_PARALLEL_MIN_ENTRIES", 1 << 62 if small else 0)
    if request.param == "compiled, one thread":
        monkeypatch.setattr(_jit, "THREADS", 1)
    if request.param == "compiled, row blocks":
        monkeypatch.setattr(_jit, "THREADED_MIN_ENTRIES", 0)
        monkeypatch.setattr(_jit, "THREADS", 2)  # blocks on threads even on one core
    return request.param


def _network(n=3000, k=12, seed=5):
    return networks.erdos_renyi(n, mean_degree=k, rng=seed)


def test_degroot_steps_are_scipys_products_bit_for_bit(kernel_path):
    weights = consensus.degroot_weights(_network())
    x = np.random.default_rng(1).random(weights.shape[0])
    assert np.array_equal(consensus.degroot_step(weights, x), weights @ x)
    run = consensus.degroot(weights, x, max_steps=25, n_records=5)
    expected, rows = x.copy(), [x.copy()]
    for step in range(1, 26):
        expected = weights @ expected
        if step in run.times:
            rows.append(expected)
    assert run.n_steps_run == 25 and run.times.tolist() == [0, 5, 10, 15, 20, 25]
    assert np.array_equal(run.final, expected)
    assert np.array_equal(run.trajectory, np.array(rows))


def _hk_numpy_step(x, epsilon, adjacency):
    """One HK step on a network in plain NumPy, summing in stored order as the kernel."""
    out = np.empty_like(x)
    for i in range(x.size):
        neighbours = adjacency.indices[adjacency.indptr[i] : adjacency.indptr[i + 1]]
        total, count = x[i], 1.0
        for j in neighbours:
            if abs(x[j] - x[i]) <= epsilon:
                total += x[j]
                count += 1.0
        out[i] = total / count
    return out


def test_hk_network_step_with_anchors_is_the_numpy_expression_bit_for_bit(kernel_path):
    adjacency = _network(n=800, k=10)
    rng = np.random.default_rng(2)
    x = rng.random(adjacency.shape[0])
    stubborn = np.where(rng.random(x.size) < 0.3, rng.random(x.size), 0.0)
    expected, state = [], x.copy()
    for _ in range(4):
        state = (1.0 - stubborn) * _hk_numpy_step(state, 0.2, adjacency) + stubborn * x
        expected.append(state)
    run = consensus.hegselmann_krause(
        x, epsilon=0.2, adjacency=adjacency, stubbornness=stubborn, max_steps=4, tol=0.0
    )
    assert run.n_steps_run == 4
    assert np.array_equal(run.trajectory[1:], np.array(expected))
    step = consensus.hegselmann_krause_step(x, epsilon=0.2, adjacency=adjacency)
    assert np.array_equal(step, _hk_numpy_step(x, 0.2, adjacency))


def test_every_kernel_path_gives_the_same_bits(monkeypatch):
    adjacency = _network(n=20_000, k=20)
    weights = consensus.degroot_weights(adjacency)
    x = np.random.default_rng(3).random(adjacency.shape[0])

    def runs():
        return (
            consensus.hegselmann_krause(x, epsilon=0.1, adjacency=adjacency, max_steps=8).final,
            consensus.degroot(weights, x, max_steps=8).final,
            check_adjacency(adjacency).indices,
        )

    results = []
    for threshold, threaded, threads in ((1 << 62, 1 << 62, None), (0, 1 << 62, 1), (0, 0, 2)):
        monkeypatch.setattr(consensus, "_PARALLEL_MIN_ENTRIES", threshold)
        monkeypatch.setattr(networks, "_PARALLEL_MIN_ENTRIES", threshold)
        monkeypatch.setattr(_jit, "THREADED_MIN_ENTRIES", threaded)
        monkeypatch.setattr(_jit, "THREADS", threads)
        results.append(runs())
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            assert np.array_equal(a, b)


def test_blocks_cover_every_row_once_in_order(monkeypatch):
    monkeypatch.setattr(_jit, "THREADS", 2)
    for n_rows, n_blocks in ((10, 4), (9, 4), (1, 16), (0, 3), (100, 1)):
        bounds = _jit.map_blocks(lambda start, stop: (start, stop), n_rows, n_blocks)
        covered = [i for start, stop in bounds for i in range(start, stop)]
        assert covered == list(range(n_rows))
        assert len(bounds) <= max(1, n_blocks)


def test_small_models_load_no_compiled_code_for_their_checks_and_products():
    """A first frame of a pure-scipy explorer must not pay numba's start-up."""
    code = textwrap.dedent(
        """
        import sys, numpy as np
        from socmodels import consensus, networks
        adjacency = networks.erdos_renyi(200, mean_degree=6, rng=1)
        weights = consensus.degroot_weights(adjacency)
        consensus.degroot(weights, np.linspace(0, 1, 200), max_steps=5)
        consensus.degroot_step(weights, np.linspace(0, 1, 200))
        import numba.core.registry
        compiled = [
            f"{module.__name__}.{name}" for module in (consensus, networks)
            for name in dir(module)
            if hasattr(getattr(module, name), "signatures")
            and getattr(module, name).signatures
        ]
        print(compiled)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout


# --------------------------------------------------------------------------- adjacency checks


def _reference_outcome(matrix, symmetric, weighted):
    """What check_adjacency did before its compiled checks (kept here as the reference)."""
    m = sp.csr_array(matrix, dtype=float) if sp.issparse(matrix) else sp.csr_array(matrix)
    m.sum_duplicates()
    data = m.data
    if not np.all(np.isfinite(data)):
        return "finite"
    if data.size and data.min() < 0:
        return "non-negative"
    if not weighted:
        if data.size and not np.all((data == 0) | (data == 1)):
            return "0/1"
        if m.diagonal().any():
            return "diagonal"
    if symmetric and (abs(m - m.T) > 1e-12).nnz:
        return "symmetric"
    m.eliminate_zeros()
    return m


def _outcome(matrix, symmetric, weighted):
    try:
        return check_adjacency(matrix, symmetric=symmetric, weighted=weighted)
    except ValueError as error:
        for word in ("finite", "non-negative", "0/1", "diagonal", "symmetric"):
            if word in str(error):
                return word
        raise


def test_compiled_checks_accept_and_reject_exactly_what_the_reference_does(kernel_path):
    rng = np.random.default_rng(4)
    for _ in range(200):
        n = int(rng.integers(1, 9))
        dense = (rng.random((n, n)) < 0.4).astype(float)
        kind = rng.integers(0, 5)
        if kind >= 1:
            dense = np.triu(dense, 1)
            dense = dense + dense.T
        if kind == 2:
            dense[rng.integers(n), rng.integers(n)] = rng.choice(
                [0.5, 2.0, -1.0, np.nan, np.inf, 1e-13, 0.0]
            )
        if kind == 3:
            dense = dense * rng.random((n, n))
        if kind == 4 and n > 1:
            dense[0, 1] += 1e-13 * rng.integers(0, 3)  # within the tolerance, or not
        for symmetric in (True, False):
            for weighted in (True, False):
                expected = _reference_outcome(dense, symmetric, weighted)
                got = _outcome(sp.coo_array(dense), symmetric, weighted)
                if isinstance(expected, str):
                    assert got == expected, (dense, symmetric, weighted)
                else:
                    assert not isinstance(got, str), (dense, got)
                    assert (got != expected).nnz == 0 and got.nnz == expected.nnz


def test_large_network_check_finds_one_missing_or_unequal_partner(kernel_path):
    adjacency = _network(n=5000, k=10)
    assert check_adjacency(adjacency).nnz == adjacency.nnz
    lil = adjacency.tolil()
    i, j = 17, int(adjacency.indices[adjacency.indptr[17]])
    lil[i, j] = 0.0  # (j, i) stays: one tie stored at one end only
    with pytest.raises(ValueError, match="symmetric"):
        check_adjacency(sp.csr_array(lil))
    weighted = adjacency.copy()
    weighted.data[5] = 1.0 + 1e-9
    with pytest.raises(ValueError, match="symmetric"):
        check_adjacency(weighted, weighted=True)


# --------------------------------------------------------------------------- frozen matrices


def test_frozen_matrix_is_checked_once_and_gives_the_same_results():
    adjacency = _network(n=500, k=8)
    frozen = freeze(adjacency)
    assert not frozen.data.flags.writeable and frozen.indices.dtype == np.int32
    assert (frozen != adjacency).nnz == 0
    x = np.random.default_rng(6).random(500)
    assert np.array_equal(
        consensus.hegselmann_krause_step(x, epsilon=0.2, adjacency=frozen),
        consensus.hegselmann_krause_step(x, epsilon=0.2, adjacency=adjacency),
    )
    assert networks.passed_check(frozen, ("adjacency", True, False))
    weights = freeze(consensus.degroot_weights(adjacency))
    assert np.array_equal(consensus.degroot_step(weights, x), weights @ x)
    assert networks.passed_check(weights, ("row_stochastic", consensus._STOCHASTIC_TOL))
    assert not networks.passed_check(adjacency, ("adjacency", True, False))


def test_frozen_matrix_cannot_be_made_invalid_unnoticed():
    frozen = freeze(_network(n=300, k=6))
    check_adjacency(frozen)
    with pytest.raises(ValueError, match="read-only"):
        frozen.data[0] = 2.0
    with pytest.raises(ValueError):
        frozen.data.flags.writeable = True
    # Replacing an array is the only way to change it, and it is noticed.
    frozen.data = frozen.data * 2.0
    with pytest.raises(ValueError, match="0/1"):
        check_adjacency(frozen)
    asymmetric = freeze(sp.csr_array(np.triu(np.ones((4, 4)), 1)))
    with pytest.raises(ValueError, match="symmetric"):
        check_adjacency(asymmetric)
    with pytest.raises(ValueError, match="symmetric"):  # a failed check is not remembered
        check_adjacency(asymmetric)
    stochastic = freeze(np.array([[0.5, 0.5], [0.2, 0.7]]))
    with pytest.raises(ValueError, match="row-stochastic"):
        consensus.degroot_step(stochastic, [0.0, 1.0])


def test_check_returns_a_new_object_so_callers_cannot_change_the_frozen_one():
    frozen = freeze(_network(n=100, k=4))
    first = check_adjacency(frozen)
    second = check_adjacency(frozen)
    assert first is not frozen and second is not frozen
    first.data = np.zeros_like(first.data)  # a caller rebinding its copy's arrays
    assert check_adjacency(frozen).data.sum() == frozen.nnz
