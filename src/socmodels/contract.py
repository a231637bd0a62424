"""The model contract: one way to name, seed, validate and return, for every model.

Every public model of :mod:`socmodels` follows the rules written out in
``docs/architecture.md``. This module holds the pieces they share:

* **argument constraints** declared once per function with :func:`constrained` — the same
  declaration validates each call, writes the allowed ranges into the docstring and drives
  the generated bad-input tests and the fuzzer (``tests/test_contract.py``);
* :func:`as_generator` — ``rng`` (a Generator, an int seed or None) as a Generator;
* :func:`spawn_generators` — the one way a model that runs replicates derives independent
  child generators from its ``rng``, and :func:`replicate`, the one replicate loop over them;
* :func:`record_times` — the one record schedule (which steps a trajectory keeps);
* :func:`iterate` — the one iterate / record / converge loop of deterministic models.

Constraints convert as they check (an ``Integer`` returns a Python ``int``, an ``Array`` a
fresh ``float`` array the model may update in place, a ``Seed`` a Generator), so a model's
body works on clean values only.

Examples
--------
>>> import numpy as np
>>> @constrained(n_agents=Integer(2, 10**6), epsilon=Real(0, 1, low_open=True), rng=Seed())
... def toy(n_agents, *, epsilon=0.5, rng=None):
...     "A toy model."
...     return rng.random(n_agents) < epsilon
>>> toy(3, epsilon=0.5, rng=1).shape
(3,)
>>> toy(1)
Traceback (most recent call last):
...
ValueError: n_agents must be an integer in [2, 1000000], got 1
>>> toy(3, epsilon=float("nan"))
Traceback (most recent call last):
...
ValueError: epsilon must be a real number in (0, 1], got nan
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import operator
from collections.abc import Callable as _CallableABC
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._validation import as_generator

__all__ = [
    "MAX_AGENTS",
    "MAX_STEPS",
    "MAX_RUNS",
    "MAX_RECORDS",
    "MAX_WORK",
    "MAX_ELEMENTS",
    "as_generator",
    "check_budget",
    "check_work",
    "Constraint",
    "Integer",
    "Real",
    "Probability",
    "Flag",
    "Options",
    "Array",
    "Adjacency",
    "Seed",
    "Function",
    "Optional",
    "AnyOf",
    "Custom",
    "constrained",
    "constraints_of",
    "spawn_generators",
    "replicate",
    "record_times",
    "IterationResult",
    "iterate",
]

#: Documented upper bounds for counts: large enough for every use in the book and its
#: benchmarks, small enough that no call can hang or exhaust memory by accident.
MAX_AGENTS = 10_000_000
MAX_STEPS = 100_000_000
MAX_RUNS = 100_000
MAX_RECORDS = 100_000
#: Bounds across parameters, checked in a model's body with :func:`check_budget` before any
#: work or allocation: elementary updates of one call (agents × steps, runs × steps, …) and
#: array elements it allocates (records × agents, agents × tie-table width, …).
MAX_WORK = 10_000_000_000
MAX_ELEMENTS = 100_000_000


def check_budget(names: str, amount: int, *, limit: int = MAX_WORK, what: str = "work") -> int:
    """Refuse a call whose work or memory, a product of several parameters, is too large.

    ``names`` is the product as the user wrote it (``"n_agents × n_steps"``), so the
    message names the parameters to change. Returns ``amount``.

    >>> check_budget("n_agents × n_steps", 10**6 * 10**3)
    1000000000
    >>> check_budget("n_records × n_agents", 2**62, limit=MAX_ELEMENTS, what="memory")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: n_records × n_agents must be at most 100000000 (the memory bound ...), got 4.612e+18
    """
    if amount > limit:
        bound = "MAX_WORK" if limit == MAX_WORK else "MAX_ELEMENTS" if limit == MAX_ELEMENTS else ""
        source = f" (the {what} bound {bound})" if bound else f" (the {what} bound)"
        raise ValueError(f"{names} must be at most {limit}{source}, got {float(amount):.4g}")
    return amount


def _fmt(x) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x) if isinstance(x, str) else str(x)


class Constraint:
    """What one parameter may be. Subclasses implement :meth:`check` and :meth:`describe`.

    ``check(name, value)`` returns the value converted to its canonical type, or raises
    :class:`TypeError` (wrong kind of object) / :class:`ValueError` (wrong value) with a
    message that starts with the parameter's name.
    """

    def check(self, name: str, value):  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def bad_values(self) -> list:
        """Values this constraint must reject (used by the generated bad-input tests)."""
        return ["not a valid value", object()]

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.describe()}>"


class Integer(Constraint):
    """An integer (not a bool) in ``[low, high]``; ``high`` defaults to :data:`MAX_STEPS`."""

    def __init__(self, low: int | None = 0, high: int | None = MAX_STEPS):
        self.low, self.high = low, high

    def describe(self) -> str:
        if self.high is None:
            return f"an integer >= {self.low}"
        if self.low is None:
            return f"an integer <= {self.high}"
        return f"an integer in [{self.low}, {self.high}]"

    def check(self, name, value):
        if isinstance(value, bool | np.bool_):
            raise TypeError(f"{name} must be {self.describe()}, got bool {value!r}")
        if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
            # 2.0 is a count; 2.5 is not, and is never silently truncated.
            if not (math.isfinite(value) and float(value).is_integer()):
                raise ValueError(f"{name} must be {self.describe()}, got {value!r}")
            value = int(value)
        try:
            as_int = int(operator.index(value))
        except TypeError:
            raise TypeError(
                f"{name} must be {self.describe()}, got {type(value).__name__} {value!r}"
            ) from None
        if (self.low is not None and as_int < self.low) or (
            self.high is not None and as_int > self.high
        ):
            # Huge ints (10**400) cannot be formatted as floats: give their order instead.
            shown = as_int if abs(as_int) < 10**30 else f"about 10**{len(str(abs(as_int))) - 1}"
            raise ValueError(f"{name} must be {self.describe()}, got {shown}")
        return as_int

    def bad_values(self):
        bad = [True, "3", 2.5, float("nan"), None, 10**400]
        if self.low is not None:
            bad.append(self.low - 1)
        if self.high is not None:
            bad.append(self.high + 1)
        return bad


class Real(Constraint):
    """A finite real number in a (half-)open or closed interval."""

    def __init__(self, low=None, high=None, *, low_open=False, high_open=False):
        self.low, self.high, self.low_open, self.high_open = low, high, low_open, high_open

    def describe(self) -> str:
        if self.low is None and self.high is None:
            return "a finite real number"
        if self.high is None:
            return f"a real number {'>' if self.low_open else '>='} {_fmt(self.low)}"
        if self.low is None:
            return f"a real number {'<' if self.high_open else '<='} {_fmt(self.high)}"
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"a real number in {left}{_fmt(self.low)}, {_fmt(self.high)}{right}"

    def check(self, name, value):
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise TypeError(
                f"{name} must be {self.describe()}, got {type(value).__name__} {value!r}"
            )
        try:
            x = float(value)
        except OverflowError:  # a Python int beyond float range, e.g. 10**400
            raise ValueError(f"{name} must be {self.describe()}, got a value too large") from None
        bad = not math.isfinite(x)
        if not bad and self.low is not None:
            bad = x <= self.low if self.low_open else x < self.low
        if not bad and self.high is not None:
            bad = x >= self.high if self.high_open else x > self.high
        if bad:
            raise ValueError(f"{name} must be {self.describe()}, got {x!r}")
        return x

    def bad_values(self):
        bad = [float("nan"), float("inf"), -float("inf"), True, "0.5", None, 1j]
        if self.low is not None:
            bad.append(self.low if self.low_open else self.low - 1e-3 * (1 + abs(self.low)))
        if self.high is not None:
            bad.append(self.high if self.high_open else self.high + 1e-3 * (1 + abs(self.high)))
        return bad


def Probability() -> Real:  # noqa: N802 - reads as a type in declarations
    """A probability in ``[0, 1]``."""
    return Real(0.0, 1.0)


class Flag(Constraint):
    """``True`` or ``False`` (NumPy bools accepted), nothing else."""

    def describe(self):
        return "True or False"

    def check(self, name, value):
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        return bool(value)

    def bad_values(self):
        return [0, 1, "yes", None]


class Options(Constraint):
    """One of a fixed set of strings."""

    def __init__(self, *options: str):
        if not options or not all(isinstance(o, str) for o in options):
            raise TypeError("Options needs at least one string")
        self.options = tuple(options)

    def describe(self):
        return "one of " + ", ".join(repr(o) for o in self.options)

    def check(self, name, value):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        if value not in self.options:
            raise ValueError(f"{name} must be {self.describe()}, got {value!r}")
        return value

    def bad_values(self):
        return ["no such option", 3, None]


class Array(Constraint):
    """A finite real (or integer) NumPy array of a given dimension, size and range.

    Returns a fresh array (never a view of the caller's data). Complex input, bools,
    strings, sparse matrices, ragged lists, NaN/inf and — for ``integer=True`` — non-integral
    values are rejected, never silently cast. ``ndim`` may be a tuple of allowed dimensions
    (``(0, 1)``: a number or a 1-d array).
    """

    def __init__(
        self,
        ndim: int | tuple[int, ...] = 1,
        *,
        min_size: int = 1,
        max_size: int = MAX_AGENTS,
        low=None,
        high=None,
        integer: bool = False,
        square: bool = False,
    ):
        self.ndim, self.min_size, self.max_size = ndim, min_size, max_size
        self.low, self.high, self.integer, self.square = low, high, integer, square

    @property
    def _ndims(self) -> tuple[int, ...]:
        return self.ndim if isinstance(self.ndim, tuple) else (self.ndim,)

    def describe(self):
        kind = "integer" if self.integer else "real"
        shape = " or ".join(f"{d}-d" for d in self._ndims)
        text = f"a {shape} array of finite {kind} numbers"
        if self._ndims == (0, 1):
            text = f"a number or 1-d array of finite {kind} numbers"
        if self.square:
            text = f"a square matrix of finite {kind} numbers"
        if self.low is not None and self.high is not None:
            text += f" in [{_fmt(self.low)}, {_fmt(self.high)}]"
        elif self.low is not None:
            text += f" >= {_fmt(self.low)}"
        elif self.high is not None:
            text += f" <= {_fmt(self.high)}"
        return text + f" with {self.min_size} to {self.max_size} elements"

    def check(self, name, value):
        if isinstance(value, str | bytes | dict | set) or sp.issparse(value) or value is None:
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        try:
            raw = np.asarray(value)
        except (TypeError, ValueError, OverflowError):
            raise TypeError(
                f"{name} must be {self.describe()} (could not read it as an array)"
            ) from None
        if raw.dtype == object:
            try:
                raw = np.asarray(value, dtype=float)
            except (TypeError, ValueError, OverflowError):
                raise TypeError(
                    f"{name} must be {self.describe()} (ragged, or not numbers)"
                ) from None
        if raw.dtype.kind in "bcUSVOMm":  # bools, complex, strings, objects, dates
            raise TypeError(f"{name} must be {self.describe()}, got dtype {raw.dtype}")
        if raw.ndim not in self._ndims:
            raise ValueError(f"{name} must be {self.describe()}, got shape {raw.shape}")
        if self.square and raw.shape[0] != raw.shape[-1]:
            raise ValueError(f"{name} must be {self.describe()}, got shape {raw.shape}")
        if not self.min_size <= raw.size <= self.max_size:
            raise ValueError(f"{name} must be {self.describe()}, got {raw.size} elements")
        array = np.array(raw, dtype=float, copy=True)
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} must be {self.describe()}, got NaN or inf")
        if self.low is not None and array.size and array.min() < self.low:
            lowest = float(array.min())
            raise ValueError(f"{name} must be {self.describe()}, got minimum {lowest!r}")
        if self.high is not None and array.size and array.max() > self.high:
            highest = float(array.max())
            raise ValueError(f"{name} must be {self.describe()}, got maximum {highest!r}")
        if self.integer:
            if not np.all(array == np.round(array)):
                raise ValueError(f"{name} must be {self.describe()}, got non-integral values")
            # Beyond 2**53 a float no longer holds every integer, and beyond 2**63 the
            # conversion to int64 would overflow: refuse rather than wrap around.
            if array.size and np.abs(array).max() > 2.0**53:
                raise ValueError(
                    f"{name} must be {self.describe()} of magnitude at most 2**53, "
                    f"got {np.abs(array).max():.3g}"
                )
            return array.astype(np.int64)
        return array

    def bad_values(self):
        good_shape = (2,) * max(self._ndims)
        bad = [
            "abc",
            None,
            np.full(good_shape, np.nan),
            np.full(good_shape, np.inf),
            np.zeros(good_shape, dtype=complex),
            np.zeros((2,) * (max(self._ndims) + 1)),
        ]
        if self.min_size >= 1 and min(self._ndims) >= 1:
            bad.append(np.zeros((0,) * max(self._ndims)))
        if self.integer:
            bad.append(np.full(good_shape, 0.5))
        # Just outside the range, relative to its size (1e300 + 1 would still be 1e300).
        if self.low is not None:
            bad.append(np.full(good_shape, self.low - 1e-3 * (1 + abs(self.low))))
        if self.high is not None:
            bad.append(np.full(good_shape, self.high + 1e-3 * (1 + abs(self.high))))
        return bad


class Adjacency(Constraint):
    """A square, finite, non-negative adjacency matrix (dense or any sparse format).

    Returns CSR. ``symmetric`` (an undirected network) and ``weighted`` (entries other than
    0/1 allowed) as in :func:`socmodels.networks.check_adjacency`, which does the work in
    linear time (and once only for a matrix made by :func:`socmodels.networks.freeze`).
    """

    def __init__(self, *, symmetric: bool = True, weighted: bool = False):
        self.symmetric, self.weighted = symmetric, weighted

    def describe(self):
        kind = "a symmetric" if self.symmetric else "a square"
        weights = "non-negative weighted" if self.weighted else "0/1 (simple graph)"
        return f"{kind} {weights} adjacency matrix"

    def check(self, name, value):
        from .networks import check_adjacency, passed_check

        # A matrix made by networks.freeze that passed this check before: no second pass.
        if passed_check(value, ("adjacency", self.symmetric, self.weighted)):
            return check_adjacency(value, name, symmetric=self.symmetric, weighted=self.weighted)
        if value is None or isinstance(value, str | bytes | numbers.Number):
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        if not sp.issparse(value):
            try:
                dtype = getattr(np.asarray(value), "dtype", None)
            except (ValueError, TypeError) as error:  # ragged nested lists, odd objects
                raise ValueError(
                    f"{name} must be {self.describe()}; it is not a rectangular array ({error})"
                ) from None
            if dtype is not None and dtype.kind in "cUSO":
                raise TypeError(f"{name} must be {self.describe()}, got dtype {dtype}")
        elif value.dtype.kind == "c":
            raise TypeError(f"{name} must be {self.describe()}, got dtype {value.dtype}")
        return check_adjacency(value, name, symmetric=self.symmetric, weighted=self.weighted)

    def bad_values(self):
        bad = [
            "abc",
            None,
            np.zeros((2, 3)),
            np.array([[0.0, np.nan], [np.nan, 0.0]]),
            np.array([[0, 1j], [1j, 0]]),
            np.zeros((0, 0)),
            # Sparse input must meet the same checks as dense input.
            sp.csr_array(np.array([[0.0, np.nan], [np.nan, 0.0]])),
            sp.csr_array(np.array([[0.0, -1.0], [-1.0, 0.0]])),
            sp.csr_array(np.array([[0, 1j], [1j, 0]])),
        ]
        if self.symmetric:
            bad.append(np.array([[0.0, 1.0], [0.0, 0.0]]))
        if not self.weighted:
            bad.append(np.array([[0.0, 2.0], [2.0, 0.0]]))
        return bad


class Seed(Constraint):
    """``rng``: a :class:`numpy.random.Generator`, an int seed >= 0, or None."""

    def describe(self):
        return "a numpy.random.Generator, a non-negative int seed or None"

    def check(self, name, value):
        return as_generator(value, name)

    def bad_values(self):
        return ["abc", 1.5, -1, True]


class Function(Constraint):
    """A callable (e.g. a custom update rule)."""

    def describe(self):
        return "a callable"

    def check(self, name, value):
        if not callable(value):
            raise TypeError(f"{name} must be {self.describe()}, got {type(value).__name__}")
        return value

    def bad_values(self):
        return ["abc", 3]


class Optional(Constraint):
    """``None``, or a value the inner constraint accepts."""

    def __init__(self, inner: Constraint):
        self.inner = inner

    def describe(self):
        return f"None or {self.inner.describe()}"

    def check(self, name, value):
        return None if value is None else self.inner.check(name, value)

    def bad_values(self):
        return [v for v in self.inner.bad_values() if v is not None]


class AnyOf(Constraint):
    """A value that at least one of several constraints accepts (tried in order).

    For parameters that take, say, one number for everyone or one number per agent:
    ``AnyOf(Probability(), Array(low=0, high=1))``. The first constraint that accepts the
    value converts it.
    """

    def __init__(self, *choices: Constraint):
        if len(choices) < 2 or not all(isinstance(c, Constraint) for c in choices):
            raise TypeError("AnyOf needs at least two Constraints")
        self.choices = choices

    def describe(self):
        return " or ".join(c.describe() for c in self.choices)

    def check(self, name, value):
        errors = []
        for choice in self.choices:
            try:
                return choice.check(name, value)
            except (TypeError, ValueError) as exc:
                errors.append(exc)
        # A ValueError if some choice accepted the kind of object but not its value.
        kind = ValueError if any(isinstance(e, ValueError) for e in errors) else TypeError
        shown = value if isinstance(value, numbers.Number) else type(value).__name__
        raise kind(f"{name} must be {self.describe()}, got {shown!r}")

    def bad_values(self):
        bad = []
        for value in (v for c in self.choices for v in c.bad_values()):
            try:
                self.check("value", value)
            except (TypeError, ValueError):
                bad.append(value)
        return bad


class Custom(Constraint):
    """A parameter checked by a function of its own (a mapping, a callable's signature, …).

    ``check(name, value)`` returns the converted value or raises TypeError/ValueError
    naming ``name``; ``description`` is what the docstring's "Valid ranges" shows and
    ``bad`` lists values it must reject (for the generated tests).
    """

    def __init__(self, description: str, check, *, bad=("not a valid value",)):
        if not callable(check):
            raise TypeError("Custom needs a check function")
        self.description, self._check, self._bad = description, check, list(bad)

    def describe(self):
        return self.description

    def check(self, name, value):
        return self._check(name, value)

    def bad_values(self):
        return list(self._bad)


def check_work(name: str, work: int, *, what: str, limit: int = MAX_WORK) -> None:
    """Refuse a call whose work (an exact integer count) exceeds ``limit``.

    ``name`` is the parameter to blame (the count the caller may lower) and ``what``
    says how the work is counted, e.g. ``"max_steps × n_agents"``.

    >>> check_work("max_steps", 10**12, what="max_steps × n_agents")
    Traceback (most recent call last):
    ...
    ValueError: max_steps is too large: max_steps × n_agents must be at most 1e+10, got 1e+12
    """
    if work > limit:
        raise ValueError(
            f"{name} is too large: {what} must be at most {float(limit):.0e}, got {float(work):.0e}"
        )


def _insert_ranges(doc: str | None, constraints: dict[str, Constraint]) -> str:
    """Put a "Valid ranges" section before References/Examples (or at the end)."""
    doc = inspect.cleandoc(doc or "")
    lines = ["Valid ranges", "------------"]
    lines += [f"* ``{name}``: {c.describe()}" for name, c in constraints.items()]
    block = "\n".join(lines)
    parts = doc.split("\n")
    for i in range(len(parts) - 1):
        if parts[i].strip() in {"References", "Examples"} and set(parts[i + 1].strip()) == {"-"}:
            return "\n".join(parts[:i]).rstrip() + "\n\n" + block + "\n\n" + "\n".join(parts[i:])
    return doc.rstrip() + "\n\n" + block + "\n"


def constrained(**constraints: Constraint):
    """Declare, once, what each parameter of a public function may be.

    The decorated function checks every declared argument on each call (converting it to
    its canonical type), lists the ranges in its docstring, and exposes the declaration as
    ``func.__constraints__`` for the contract tests and the fuzzer. Checks beyond single
    parameters (two arrays of the same length, a network as large as the opinions) stay in
    the function's body.
    """
    for name, c in constraints.items():
        if not isinstance(c, Constraint):
            raise TypeError(f"constraint for {name} must be a Constraint, got {c!r}")

    def decorate(func):
        signature = inspect.signature(func)
        unknown = set(constraints) - set(signature.parameters)
        if unknown:
            raise TypeError(f"{func.__name__} has no parameter(s) {sorted(unknown)}")

        @functools.wraps(func)
        def checked(*args, **kwargs):
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"{func.__name__}(): {exc}") from None
            bound.apply_defaults()
            arguments = bound.arguments
            for name, constraint in constraints.items():
                arguments[name] = constraint.check(name, arguments[name])
            return func(*bound.args, **bound.kwargs)

        checked.__constraints__ = dict(constraints)
        checked.__doc__ = _insert_ranges(func.__doc__, constraints)
        checked.__wrapped__ = func
        return checked

    return decorate


def constraints_of(func) -> dict[str, Constraint]:
    """The declared constraints of a public function (empty if it declares none)."""
    return dict(getattr(func, "__constraints__", {}))


def spawn_generators(rng, n: int, *, name: str = "rng") -> list[np.random.Generator]:
    """``n`` independent child generators of ``rng`` (the one way models seed replicates).

    Uses :meth:`numpy.random.Generator.spawn`, so children are statistically independent of
    each other and of the parent, and the same int seed always gives the same children.

    >>> a = spawn_generators(7, 3)
    >>> b = spawn_generators(7, 3)
    >>> [g.random() == h.random() for g, h in zip(a, b)]
    [True, True, True]
    """
    n = Integer(0, MAX_RUNS).check("n", n)
    return list(as_generator(rng, name).spawn(n))


def replicate(run: _CallableABC[[np.random.Generator], object], n_runs: int, rng, *,
              name: str = "rng") -> list:  # fmt: skip
    """``[run(g) for g in spawn_generators(rng, n_runs)]``: the one replicate loop of the models.

    Run ``r`` gets the ``r``-th child generator of ``rng`` and nothing else random, so a
    replicate's result depends only on ``rng`` and its index, never on the other runs.
    Returns the ``n_runs`` results in order.

    >>> def draw(g):
    ...     return round(float(g.random()), 6)
    >>> replicate(draw, 3, 7) == [draw(g) for g in spawn_generators(7, 3)]
    True
    """
    if not callable(run):
        raise TypeError(f"run must be a callable, got {type(run).__name__}")
    return [run(child) for child in spawn_generators(rng, n_runs, name=name)]


def record_times(n_steps: int, n_records: int) -> np.ndarray:
    """The steps at which a trajectory is recorded: ``n_records + 1`` points from 0 to ``n_steps``.

    Evenly spaced and rounded to whole steps; duplicates (when ``n_records > n_steps``) are
    dropped, so the first entry is always 0 and the last always ``n_steps``.

    >>> record_times(10, 4).tolist()
    [0, 2, 5, 8, 10]
    >>> record_times(2, 5).tolist()
    [0, 1, 2]
    """
    n_steps = Integer(0, MAX_STEPS).check("n_steps", n_steps)
    n_records = Integer(1, MAX_RECORDS).check("n_records", n_records)
    return np.unique(np.linspace(0, n_steps, n_records + 1).round().astype(np.int64))


@dataclass(frozen=True)
class IterationResult:
    """What :func:`iterate` returns.

    Attributes
    ----------
    times : ndarray of int, shape (R,)
        Steps at which ``trajectory`` rows were recorded (0 first, the last step last).
    trajectory : ndarray, shape (R, ...)
        The state at those steps.
    final : ndarray
        The state when the loop stopped.
    n_steps_run : int
        Steps performed.
    converged : bool
        True if ``max |x(t+1) − x(t)| <= tol`` was met before ``max_steps``.
    """

    times: np.ndarray
    trajectory: np.ndarray
    final: np.ndarray
    n_steps_run: int
    converged: bool


def iterate(
    step: _CallableABC[[np.ndarray], np.ndarray],
    initial: np.ndarray,
    *,
    max_steps: int,
    tol: float = 0.0,
    record_every: int = 1,
    n_records: int | None = None,
) -> IterationResult:
    """Apply ``step`` until the state stops changing or ``max_steps`` steps have run.

    The one iterate / record / converge loop of the deterministic models. Convergence is
    ``max |x(t+1) − x(t)| <= tol``; with ``tol = 0`` the loop stops at an exact fixed point
    (and, like every other ``tol``, records the step that reached it).

    The trajectory keeps the steps of ``record_times(max_steps, n_records)`` that were
    reached, and the last step run (so a run that converges early ends its trajectory
    where it stopped). Without ``n_records``, every ``record_every``-th step is kept.

    >>> it = iterate(lambda x: x / 2, np.array([1.0]), max_steps=100, tol=1e-3)
    >>> it.n_steps_run, it.converged, bool(it.times[-1] == it.n_steps_run)
    (10, True, True)
    >>> iterate(lambda x: x / 2, np.array([1.0]), max_steps=8, n_records=2).times.tolist()
    [0, 4, 8]
    """
    max_steps = Integer(0, MAX_STEPS).check("max_steps", max_steps)
    tol = Real(0).check("tol", tol)
    record_every = Integer(1, MAX_STEPS).check("record_every", record_every)
    if n_records is None:
        planned = None
    else:
        planned = record_times(max_steps, n_records)
    next_record = 1  # index into planned of the next step to keep
    state = np.asarray(initial)
    times = [0]
    frames = [state.copy()]
    converged = False
    t = 0
    while t < max_steps:
        new = step(state)
        t += 1
        change = float(np.max(np.abs(new - state))) if state.size else 0.0
        state = new
        if change <= tol:
            converged = True
        if planned is None:
            due = t % record_every == 0
        else:
            due = next_record < planned.size and planned[next_record] == t
            next_record += due
        if converged or due or t == max_steps:
            times.append(t)
            frames.append(state.copy())
        if converged:
            break
    return IterationResult(
        times=np.asarray(times, dtype=np.int64),
        trajectory=np.asarray(frames),
        final=state,
        n_steps_run=t,
        converged=converged,
    )
