"""The shared argument checks: messages name the parameter, value and range."""

import numpy as np
import pytest
import scipy.sparse as sp

from socmodels._validation import (
    as_generator,
    check_adjacency,
    check_array,
    check_choice,
    check_int,
    check_probability,
    check_real,
)


def test_as_generator_accepts_generators_seeds_and_none():
    g = np.random.default_rng(1)
    assert as_generator(g) is g
    assert as_generator(5).random() == np.random.default_rng(5).random()
    assert as_generator(np.random.SeedSequence(3)).random() == np.random.default_rng(3).random()
    assert isinstance(as_generator(None), np.random.Generator)
    with pytest.raises(TypeError, match="rng must be"):
        as_generator(1.5)
    with pytest.raises(TypeError, match="rng must be"):
        as_generator(True)
    with pytest.raises(ValueError, match="rng must be a non-negative seed"):
        as_generator(-1)


def test_numeric_checks():
    assert check_int("n", np.int64(3), minimum=1) == 3
    assert check_real("x", 0.5, 0, 1) == 0.5
    with pytest.raises(ValueError, match=r"epsilon must be in \(0, 1\], got 1.5"):
        check_real("epsilon", 1.5, 0, 1, low_open=True)
    with pytest.raises(ValueError, match=r"epsilon must be in \(0, 1\], got 0.0"):
        check_real("epsilon", 0.0, 0, 1, low_open=True)
    with pytest.raises(ValueError, match="got nan"):
        check_real("x", float("nan"))
    with pytest.raises(TypeError, match="x must be a real number"):
        check_real("x", "1")
    with pytest.raises(TypeError, match="n must be an integer, got bool"):
        check_int("n", True)
    with pytest.raises(ValueError, match=r"p must be in \[0.0, 1.0\], got -0.1"):
        check_probability("p", -0.1)
    assert check_choice("mode", "a", ("a", "b")) == "a"
    with pytest.raises(ValueError, match="mode must be one of"):
        check_choice("mode", "c", ("a", "b"))


def test_check_array_copies_and_validates():
    source = np.array([1.0, 2.0])
    out = check_array("x", source)
    out[0] = 9
    assert source[0] == 1.0
    with pytest.raises(ValueError, match="x values must be >= 0"):
        check_array("x", [-1.0], minimum=0)
    with pytest.raises(ValueError, match="x must be 2-dimensional"):
        check_array("x", [1.0], ndim=2)


def test_check_adjacency_accepts_dense_and_sparse():
    dense = np.array([[0, 1], [1, 0]])
    assert check_adjacency(dense).format == "csr"
    assert check_adjacency(sp.coo_array(dense)).nnz == 2
    weighted = np.array([[0, 0.5], [0.5, 0]])
    assert check_adjacency(weighted, weighted=True).nnz == 2
    with pytest.raises(ValueError, match="0/1"):
        check_adjacency(weighted)
    directed = np.array([[0, 1], [0, 0]])
    assert check_adjacency(directed, symmetric=False).nnz == 1
    with pytest.raises(ValueError, match="adjacency must be non-negative"):
        check_adjacency(-weighted, weighted=True)
