"""Argument checks shared by every public function of :mod:`socmodels`.

Each check raises :class:`TypeError` (wrong kind of object) or :class:`ValueError`
(right kind, wrong value) with a message that names the parameter, the value
received and the allowed range, e.g. ``epsilon must be in (0, 1], got 1.5``.
They return the value converted to a canonical type, so callers write::

    n = check_int("n", n, minimum=2)
    rng = as_generator(rng)
"""

from __future__ import annotations

import numbers
import operator

import numpy as np
import scipy.sparse as sp

__all__ = [
    "as_generator",
    "check_int",
    "check_real",
    "check_probability",
    "check_choice",
    "check_array",
    "check_adjacency",
]


def as_generator(rng=None, name: str = "rng") -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` from ``rng``.

    ``rng`` may be a Generator (used as is), an int seed, a
    :class:`numpy.random.SeedSequence`, or ``None`` (fresh OS entropy).
    The global NumPy random state is never used.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(
            f"{name} must be a numpy.random.Generator, an int seed, a SeedSequence "
            f"or None, got {type(rng).__name__}"
        )
    if rng < 0:
        raise ValueError(f"{name} must be a non-negative seed, got {rng}")
    return np.random.default_rng(int(rng))


def _range_text(minimum, maximum, low_open=False, high_open=False) -> str:
    if minimum is None and maximum is None:
        return "finite"
    if maximum is None:
        return f"{'>' if low_open else '>='} {minimum}"
    if minimum is None:
        return f"{'<' if high_open else '<='} {maximum}"
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f"in {left}{minimum}, {maximum}{right}"


def check_int(name: str, value, minimum: int | None = None, maximum: int | None = None) -> int:
    """Check that ``value`` is an integer (not a bool) in ``[minimum, maximum]``."""
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be an integer, got bool {value!r}")
    try:
        as_int = operator.index(value)
    except TypeError:
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}"
        ) from None
    if (minimum is not None and as_int < minimum) or (maximum is not None and as_int > maximum):
        raise ValueError(f"{name} must be {_range_text(minimum, maximum)}, got {as_int}")
    return int(as_int)


def check_real(
    name: str,
    value,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Check that ``value`` is a finite real number in the given (half-)open range."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    as_float = float(value)
    if not np.isfinite(as_float):
        raise ValueError(
            f"{name} must be {_range_text(minimum, maximum, low_open, high_open)}, got {as_float}"
        )
    too_low = minimum is not None and (as_float <= minimum if low_open else as_float < minimum)
    too_high = maximum is not None and (as_float >= maximum if high_open else as_float > maximum)
    if too_low or too_high:
        raise ValueError(
            f"{name} must be {_range_text(minimum, maximum, low_open, high_open)}, got {as_float}"
        )
    return as_float


def check_probability(name: str, value) -> float:
    """Check that ``value`` is a probability in [0, 1]."""
    return check_real(name, value, 0.0, 1.0)


def check_choice(name: str, value, allowed) -> str:
    """Check that ``value`` is one of the strings in ``allowed``."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {allowed}, got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def check_array(
    name: str,
    values,
    *,
    ndim: int = 1,
    min_size: int = 1,
    nonnegative: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    dtype=float,
) -> np.ndarray:
    """Convert ``values`` to a finite NumPy array and check its shape and range.

    Returns a new array (never a view of the caller's data), so models may
    update it in place.
    """
    if isinstance(values, str | bytes) or sp.issparse(values):
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}")
    try:
        array = np.array(values, dtype=dtype, copy=True)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of numbers, got {type(values).__name__}"
        ) from None
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if array.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} element(s), got {array.size}")
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    if nonnegative and array.size and array.min() < 0:
        raise ValueError(f"{name} must be non-negative, got minimum {array.min()}")
    if minimum is not None and array.size and array.min() < minimum:
        raise ValueError(
            f"{name} values must be {_range_text(minimum, maximum)}, got minimum {array.min()}"
        )
    if maximum is not None and array.size and array.max() > maximum:
        raise ValueError(
            f"{name} values must be {_range_text(minimum, maximum)}, got maximum {array.max()}"
        )
    return array


def check_adjacency(
    adjacency, name: str = "adjacency", *, symmetric: bool = True, weighted: bool = False
) -> sp.csr_array:
    """Check a square, finite, non-negative adjacency matrix; return it as CSR.

    The same as :func:`socmodels.networks.check_adjacency`, which does the work (in linear
    time, once only for a frozen matrix).
    """
    from .networks import check_adjacency as check

    return check(adjacency, name, symmetric=symmetric, weighted=weighted)
