"""The shared argument checks, through the public API: messages name the parameter, value
and range (``socmodels.contract``'s constraints and ``rng`` handling,
``socmodels.networks.check_adjacency``, and the checks of the sweeps and the validation
appendix)."""

import numpy as np
import pytest
import scipy.sparse as sp

from socmodels import networks, sweeps, validation
from socmodels.contract import Array, Integer, Options, Probability, Real, Seed, as_generator


def test_as_generator_accepts_generators_seeds_and_none():
    g = np.random.default_rng(1)
    assert as_generator(g) is g
    assert as_generator(5).random() == np.random.default_rng(5).random()
    assert as_generator(np.random.SeedSequence(3)).random() == np.random.default_rng(3).random()
    assert isinstance(as_generator(None), np.random.Generator)
    assert Seed().check("rng", 5).random() == np.random.default_rng(5).random()
    with pytest.raises(TypeError, match="rng must be"):
        as_generator(1.5)
    with pytest.raises(TypeError, match="rng must be"):
        as_generator(True)
    with pytest.raises(ValueError, match="rng must be a non-negative seed"):
        as_generator(-1)
    with pytest.raises(TypeError, match="seed must be"):
        Seed().check("seed", "abc")


def test_numeric_checks():
    assert Integer(1).check("n", np.int64(3)) == 3
    assert Real(0, 1).check("x", 0.5) == 0.5
    with pytest.raises(ValueError, match=r"epsilon must be a real number in \(0, 1\], got 1.5"):
        Real(0, 1, low_open=True).check("epsilon", 1.5)
    with pytest.raises(ValueError, match=r"epsilon must be a real number in \(0, 1\], got 0.0"):
        Real(0, 1, low_open=True).check("epsilon", 0.0)
    with pytest.raises(ValueError, match="got nan"):
        Real().check("x", float("nan"))
    with pytest.raises(TypeError, match="x must be a finite real number"):
        Real().check("x", "1")
    with pytest.raises(TypeError, match=r"n must be an integer in \[1, \d+\], got bool"):
        Integer(1).check("n", True)
    with pytest.raises(ValueError, match=r"p must be a real number in \[0, 1\], got -0.1"):
        Probability().check("p", -0.1)
    assert Options("a", "b").check("mode", "a") == "a"
    with pytest.raises(ValueError, match="mode must be one of 'a', 'b', got 'c'"):
        Options("a", "b").check("mode", "c")


def test_array_check_copies_and_validates():
    source = np.array([1.0, 2.0])
    out = Array().check("x", source)
    out[0] = 9
    assert source[0] == 1.0
    with pytest.raises(ValueError, match="x must be .* >= 0 .*got minimum -1.0"):
        Array(low=0).check("x", [-1.0])
    with pytest.raises(ValueError, match=r"x must be a 2-d array .*got shape \(1,\)"):
        Array(2).check("x", [1.0])


def test_check_adjacency_accepts_dense_and_sparse():
    dense = np.array([[0, 1], [1, 0]])
    assert networks.check_adjacency(dense).format == "csr"
    assert networks.check_adjacency(sp.coo_array(dense)).nnz == 2
    weighted = np.array([[0, 0.5], [0.5, 0]])
    assert networks.check_adjacency(weighted, weighted=True).nnz == 2
    with pytest.raises(ValueError, match="0/1"):
        networks.check_adjacency(weighted)
    directed = np.array([[0, 1], [0, 0]])
    assert networks.check_adjacency(directed, symmetric=False).nnz == 1
    with pytest.raises(ValueError, match="adjacency must be non-negative"):
        networks.check_adjacency(-weighted, weighted=True)


def _constant(x, rng):
    return {"x": x}


def test_sweep_and_appendix_arguments_are_checked_by_name():
    with pytest.raises(ValueError, match="seeds"):
        sweeps.run_sweep(_constant, {"x": [1]}, seeds=[0, -1], base_seed=1)
    with pytest.raises(ValueError, match="backend must be one of"):
        sweeps.run_sweep(_constant, {"x": [1]}, backend="no such backend", base_seed=1)
    with pytest.raises(ValueError, match="name must be one of"):
        validation.run_check("no such check")
