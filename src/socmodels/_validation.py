"""The argument checks below the model contract (:mod:`socmodels.contract`, which
re-exports :func:`as_generator` and declares every other check as a constraint).

Each check raises :class:`TypeError` (wrong kind of object) or :class:`ValueError`
(right kind, wrong value) with a message that names the parameter, the value
received and the allowed range, e.g. ``n_jobs must be >= -1, got -2``.
They return the value converted to a canonical type, so callers write::

    n = check_int("n", n, minimum=2)
    rng = as_generator(rng)
"""

from __future__ import annotations

import numbers
import operator

import numpy as np

__all__ = ["as_generator", "check_int", "check_choice"]


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


def check_choice(name: str, value, allowed) -> str:
    """Check that ``value`` is one of the strings in ``allowed``."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {allowed}, got {type(value).__name__} {value!r}")
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value
