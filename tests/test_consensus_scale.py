"""The scale-step kernels read CSR indices as unsigned views: same bits, any index width.

``consensus._hk_rows`` and ``consensus._matvec_rows`` get ``indptr``/``indices`` viewed as
uint32/uint64 (no copy), so numba adds no negative-index wrap-around to every read, and
the HK inner loop adds a trusted neighbour by a select instead of a branch. Neither may
change a result: these tests compare, bit for bit, with the plain NumPy/scipy expressions,
for int32 and int64 indices, negative opinions and signed zeros, on one thread and in row
blocks on two.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import _jit, consensus, networks


def _hk_reference(x, epsilon, adjacency):
    """One HK step in plain Python, the agent first, then its neighbours in stored order."""
    out = np.empty_like(x)
    for i in range(x.size):
        total, count = x[i], 1.0
        for j in adjacency.indices[adjacency.indptr[i] : adjacency.indptr[i + 1]]:
            if abs(x[j] - x[i]) <= epsilon:
                total += x[j]
                count += 1.0
        out[i] = total / count
    return out


def _with_index_width(matrix, dtype):
    wide = sp.csr_array(matrix, copy=True)
    wide.indptr = wide.indptr.astype(dtype)
    wide.indices = wide.indices.astype(dtype)
    return wide


@pytest.fixture(params=["one thread", "row blocks on two threads"])
def threads(request, monkeypatch):
    monkeypatch.setattr(consensus, "_PARALLEL_MIN_ENTRIES", 0)
    if request.param == "one thread":
        monkeypatch.setattr(_jit, "THREADS", 1)
    else:
        monkeypatch.setattr(_jit, "THREADED_MIN_ENTRIES", 0)
        monkeypatch.setattr(_jit, "THREADS", 2)
    return request.param


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_hk_step_is_the_reference_bit_for_bit_for_any_index_width(threads, dtype):
    adjacency = _with_index_width(networks.erdos_renyi(600, mean_degree=9, rng=11), dtype)
    rng = np.random.default_rng(12)
    x = rng.uniform(-1.0, 1.0, adjacency.shape[0])
    x[::7] = -0.0  # a signed zero must stay signed when no neighbour is trusted
    x[::11] = 0.0
    for epsilon in (1e-9, 0.1, 0.4, 3.0):
        got = consensus.hegselmann_krause_step(x, epsilon=epsilon, adjacency=adjacency)
        expected = _hk_reference(x, epsilon, adjacency)
        assert np.array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(expected))


def test_an_isolated_agent_keeps_its_opinion_and_its_sign(threads):
    adjacency = sp.csr_array((3, 3))  # nobody linked
    x = np.array([-0.0, 0.25, -0.5])
    got = consensus.hegselmann_krause_step(x, epsilon=0.5, adjacency=adjacency)
    assert np.array_equal(got, x) and np.signbit(got[0])


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_degroot_step_is_scipys_product_bit_for_bit_for_any_index_width(threads, dtype):
    weights = consensus.degroot_weights(networks.erdos_renyi(700, mean_degree=8, rng=13))
    weights = _with_index_width(weights, dtype)
    x = np.random.default_rng(14).uniform(-2.0, 2.0, weights.shape[0])
    assert np.array_equal(consensus.degroot_step(weights, x), weights @ x)


def test_unsigned_views_share_memory_and_keep_the_values():
    for dtype, unsigned in ((np.int32, np.uint32), (np.int64, np.uint64)):
        index = np.arange(5, dtype=dtype) * 3
        view = consensus._unsigned(index)
        assert view.dtype == unsigned and np.shares_memory(view, index)
        assert view.tolist() == index.tolist()
    frozen = networks.freeze(networks.erdos_renyi(50, mean_degree=4, rng=1))
    assert not consensus._unsigned(frozen.indices).flags.writeable  # read-only stays so
