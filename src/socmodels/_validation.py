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
import weakref

import numba
import numpy as np
import scipy.sparse as sp

from ._jit import map_blocks, row_blocks

__all__ = [
    "as_generator",
    "check_int",
    "check_real",
    "check_probability",
    "check_choice",
    "check_array",
    "check_adjacency",
    "freeze",
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


#: Largest |a_ij - a_ji| an adjacency matrix called symmetric may have.
_SYMMETRY_TOL = 1e-12
#: From this many stored entries on, the entry checks are compiled passes (on threads from
#: socmodels._jit.THREADED_MIN_ENTRIES); below, NumPy and scipy (as fast there, and nothing
#: compiled to load on a first call).
_PARALLEL_MIN_ENTRIES = 1 << 17


@numba.njit(cache=True, nogil=True)
def _entry_check_rows(indptr, indices, data, start, stop, counts):
    """Count, over the rows ``start:stop`` of a CSR matrix, the entries
    :func:`check_adjacency` rejects.

    Parameters
    ----------
    indptr, indices, data : ndarray
        The CSR arrays.
    start, stop : int
        The rows to examine.
    counts : ndarray of int64, shape (5,)
        Incremented by the numbers of entries that are not finite, negative, neither 0
        nor 1, non-zero on the diagonal, and explicit zeros.
    """
    nonfinite = 0
    negative = 0
    nonbinary = 0
    diagonal = 0
    zeros = 0
    for i in range(start, stop):
        for k in range(indptr[i], indptr[i + 1]):
            value = data[k]
            if not np.isfinite(value):
                nonfinite += 1
                continue
            if value < 0.0:
                negative += 1
            if value == 0.0:
                zeros += 1
            else:
                if value != 1.0:
                    nonbinary += 1
                if indices[k] == i:
                    diagonal += 1
    counts[0] += nonfinite
    counts[1] += negative
    counts[2] += nonbinary
    counts[3] += diagonal
    counts[4] += zeros


@numba.njit(cache=True)
def _bin_upper(indptr, indices, data, size, n_bins, unit):
    """The entries above the diagonal of a CSR matrix, grouped by column block.

    Parameters
    ----------
    indptr, indices, data : ndarray
        The CSR arrays.
    size, n_bins : int
        Column block *b* holds the columns ``b * size`` to ``(b + 1) * size - 1``.
    unit : bool
        Every stored entry is 1: the values are not copied (``values`` is empty).

    Returns
    -------
    offsets : ndarray of int64, shape (n_bins + 1,)
        Block *b*'s entries are ``offsets[b]:offsets[b + 1]`` of the arrays below.
    rows, cols : ndarray of int32
        Row and column of each entry :math:`a_{ij}`, :math:`i < j`; within a block in
        row-major order (the matrix has fewer than 2**31 rows).
    values : ndarray of float64
        Their values, unless ``unit``.
    """
    n = indptr.shape[0] - 1
    offsets = np.zeros(n_bins + 1, dtype=np.int64)
    for i in range(n):
        for k in range(indptr[i], indptr[i + 1]):
            j = indices[k]
            if j > i:
                offsets[j // size + 1] += 1
    for b in range(n_bins):
        offsets[b + 1] += offsets[b]
    fill = offsets[:-1].copy()
    rows = np.empty(offsets[-1], dtype=np.int32)
    cols = np.empty(offsets[-1], dtype=np.int32)
    values = np.empty(0 if unit else offsets[-1], dtype=data.dtype)
    for i in range(n):
        for k in range(indptr[i], indptr[i + 1]):
            j = indices[k]
            if j > i:
                b = j // size
                q = fill[b]
                fill[b] = q + 1
                rows[q] = i
                cols[q] = j
                if not unit:
                    values[q] = data[k]
    return offsets, rows, cols, values


@numba.njit(cache=True, nogil=True)
def _asymmetric_in_block(indptr, indices, data, tol, first, last, rows, cols, values, unit, lo, hi):
    """Count the asymmetric entries of a canonical CSR matrix that lie in the columns
    (above the diagonal) or rows (below it) ``first:last``.

    Parameters
    ----------
    indptr, indices, data : ndarray
        CSR arrays in canonical form: each row's column indices sorted, no duplicates.
    tol : float
        :math:`a_{ij}` is asymmetric if :math:`|a_{ij} - a_{ji}| > tol` (a missing
        entry is 0).
    first, last : int
        The column block.
    rows, cols, values, unit, lo, hi
        The block's entries above the diagonal, ``[lo:hi]`` of the arrays of
        :func:`_bin_upper`, in row-major order (``unit``: every value is 1).

    Returns
    -------
    int
        Entries without a partner within ``tol`` (a pair may count once or twice).

    Linear time and no transposed copy: each entry :math:`a_{ij}` above the diagonal,
    in row-major order, is matched against the next unread entry below the diagonal of
    row *j*, which — rows being sorted — is :math:`a_{ji}` if that exists. Entries below
    the diagonal passed over, or left at the end, have no partner. A column block keeps
    the rows it reads close together in memory.
    """
    cursor = indptr[first:last].copy()  # next unread entry of rows first..last-1
    asymmetric = 0
    for q in range(lo, hi):
        i = rows[q]
        j = cols[q]
        row_end = indptr[j + 1]
        p = cursor[j - first]
        while p < row_end and indices[p] < i:  # below the diagonal, partner missing
            if abs(data[p]) > tol:
                asymmetric += 1
            p += 1
        value = 1.0 if unit else values[q]
        if p < row_end and indices[p] == i:
            if abs(value - data[p]) > tol:
                asymmetric += 1
            p += 1
        elif abs(value) > tol:
            asymmetric += 1
        cursor[j - first] = p
    for j in range(first, last):
        p = cursor[j - first]
        while p < indptr[j + 1] and indices[p] < j:
            if abs(data[p]) > tol:
                asymmetric += 1
            p += 1
    return asymmetric


def _entry_counts_numpy(matrix: sp.csr_array, symmetric: bool) -> list[int]:
    """:func:`_entry_counts` with NumPy and scipy (small matrices: no compiled code)."""
    data = matrix.data
    nonfinite = int(data.size - np.count_nonzero(np.isfinite(data)))
    if nonfinite:
        return [nonfinite, 0, 0, 0, 0, 0]
    negative = int(np.count_nonzero(data < 0))
    zeros = int(np.count_nonzero(data == 0))
    nonbinary = int(np.count_nonzero((data != 0) & (data != 1)))
    diagonal = int(np.count_nonzero(matrix.diagonal()))
    asymmetric = int((abs(matrix - matrix.T) > _SYMMETRY_TOL).nnz) if symmetric else 0
    return [nonfinite, negative, nonbinary, diagonal, asymmetric, zeros]


def _entry_counts(matrix: sp.csr_array, symmetric: bool) -> list[int]:
    """Entries that are not finite, negative, not 0/1, non-zero on the diagonal,
    asymmetric (0 unless ``symmetric``) and explicit zeros, in a canonical matrix.

    Large matrices: compiled linear-time passes over blocks of rows or columns (on a pool
    of threads for very large ones, see :mod:`socmodels._jit`). Small ones: NumPy and
    scipy, so a model's first call loads no compiled code. Both count the same.
    """
    if matrix.nnz < _PARALLEL_MIN_ENTRIES:
        return _entry_counts_numpy(matrix, symmetric)
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    n = matrix.shape[0]

    def rows(start, stop):
        counts = np.zeros(5, dtype=np.int64)
        _entry_check_rows(indptr, indices, data, start, stop, counts)
        return counts

    counts = np.sum(map_blocks(rows, n, row_blocks(matrix.nnz)), axis=0)
    nonfinite, negative, nonbinary, diagonal, zeros = (int(c) for c in counts)
    asymmetric = 0
    if symmetric and not nonfinite:
        unit = nonbinary == 0 and zeros == 0  # every entry is 1: no values to compare
        # Column blocks of about 2**15 rows keep each block's reads in the caches.
        blocks = max(row_blocks(matrix.nnz), -(-n // (1 << 15)))
        size = -(-n // blocks)
        offsets, upper_rows, upper_cols, values = _bin_upper(
            indptr, indices, data, size, blocks, unit
        )

        def columns(first, last):
            b = first // size
            return _asymmetric_in_block(
                indptr,
                indices,
                data,
                _SYMMETRY_TOL,
                first,
                last,
                upper_rows,
                upper_cols,
                values,
                unit,
                offsets[b],
                offsets[b + 1],
            )

        asymmetric = int(sum(map_blocks(columns, n, blocks)))
    return [nonfinite, negative, nonbinary, diagonal, asymmetric, zeros]


# --------------------------------------------------------------------------- frozen matrices
#
# A check of a large matrix reads every entry, which costs about as much as one step of a
# model over it. Matrices made by `freeze` hold arrays whose memory cannot be written (a
# NumPy array over a `bytes` object cannot be made writeable), so a check they passed
# stays passed for as long as they hold those same arrays: it is remembered, keyed by the
# matrix object and the identity of its three arrays, and not repeated.


class _FrozenRecord:
    __slots__ = ("ref", "arrays", "shape", "passed")

    def __init__(self, matrix):
        self.ref = weakref.ref(matrix)
        self.arrays = (matrix.indptr, matrix.indices, matrix.data)
        self.shape = matrix.shape
        self.passed: set = set()


_FROZEN: dict[int, _FrozenRecord] = {}


def _immutable_copy(array: np.ndarray) -> np.ndarray:
    """A read-only copy whose memory is a ``bytes`` object (it cannot be made writeable)."""
    array = np.ascontiguousarray(array)
    return np.frombuffer(array.tobytes(), dtype=array.dtype)


def _frozen_record(matrix) -> _FrozenRecord | None:
    """The record of a matrix made by :func:`freeze` that still holds its frozen arrays."""
    record = _FROZEN.get(id(matrix))
    if record is None or record.ref() is not matrix:
        return None
    arrays = (matrix.indptr, matrix.indices, matrix.data)
    if any(a is not b for a, b in zip(arrays, record.arrays, strict=True)):
        return None
    if matrix.shape != record.shape:
        return None
    return record


def passed_check(matrix, check) -> bool:
    """True if the frozen ``matrix`` (see :func:`freeze`) already passed ``check``."""
    record = _frozen_record(matrix)
    return record is not None and check in record.passed


def remember_check(matrix, check) -> None:
    """Remember that ``matrix`` passed ``check``, if it is frozen (otherwise do nothing)."""
    record = _frozen_record(matrix)
    if record is not None:
        record.passed.add(check)


def freeze(matrix) -> sp.csr_array:
    """A read-only copy of a matrix whose argument checks are done only once.

    Every model checks its network or weight matrix on every call (square, finite, 0/1,
    symmetric, ...), which reads every entry: for a network of 10⁷ edges about as long
    as one synchronous step. A frozen matrix cannot change — its arrays are read-only
    and cannot be made writeable again — so each check it passes is remembered and
    later calls skip it. Use it when one large matrix is passed to many calls, e.g. one
    :func:`~socmodels.consensus.hegselmann_krause_step` at a time. Results are exactly
    those of the unfrozen matrix.

    Parameters
    ----------
    matrix : (N, N) array or sparse matrix

    Returns
    -------
    scipy.sparse.csr_array
        Float entries in canonical form (sorted indices, no duplicates, no explicit
        zeros), int32 indices when they fit. Writing to it raises ``ValueError``
        (read-only); ``frozen.copy()`` gives a writeable copy.

    Examples
    --------
    >>> from socmodels.networks import erdos_renyi
    >>> frozen = freeze(erdos_renyi(100, mean_degree=4, rng=1))
    >>> frozen.data.flags.writeable
    False
    >>> (check_adjacency(frozen) != frozen).nnz     # checked once, then remembered
    0
    """
    if sp.issparse(matrix):
        copy = sp.csr_array(matrix, dtype=float, copy=True)
    else:
        copy = sp.csr_array(np.asarray(matrix, dtype=float))
    copy.sum_duplicates()
    copy.eliminate_zeros()
    index_dtype = np.int32 if max(copy.nnz, *copy.shape) < np.iinfo(np.int32).max else np.int64
    frozen = sp.csr_array(copy.shape, dtype=float)
    frozen.indptr = _immutable_copy(copy.indptr.astype(index_dtype, copy=False))
    frozen.indices = _immutable_copy(copy.indices.astype(index_dtype, copy=False))
    frozen.data = _immutable_copy(copy.data)
    frozen.has_canonical_format = True
    _FROZEN[id(frozen)] = _FrozenRecord(frozen)
    weakref.finalize(frozen, _FROZEN.pop, id(frozen), None)
    return frozen


def _shares_frozen(matrix) -> sp.csr_array:
    """A new CSR object over the same (frozen) arrays, marked canonical."""
    view = sp.csr_array(matrix)
    view.has_canonical_format = True
    return view


def check_adjacency(
    adjacency, name: str = "adjacency", *, symmetric: bool = True, weighted: bool = False
) -> sp.csr_array:
    """Check a square, finite, non-negative adjacency matrix; return it as CSR.

    Dense arrays and any scipy.sparse format are accepted. With ``symmetric``
    (the default: an undirected social network) an asymmetric matrix is an
    error. Without ``weighted`` every stored entry must be 0 or 1 and the
    diagonal must be empty (a simple graph).

    The entry checks are one compiled pass over the stored entries (symmetry by a
    binary search for each entry's partner), linear in their number. A matrix made by
    :func:`freeze` is checked once: later calls with it return at once.
    """
    check = ("adjacency", bool(symmetric), bool(weighted))
    if passed_check(adjacency, check):
        return _shares_frozen(adjacency)
    if sp.issparse(adjacency):
        matrix = sp.csr_array(adjacency, dtype=float)
    else:
        if isinstance(adjacency, str | bytes):
            raise TypeError(f"{name} must be a square matrix, got {type(adjacency).__name__}")
        try:
            dense = np.asarray(adjacency, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must be a square matrix, got {type(adjacency).__name__}"
            ) from None
        if dense.ndim != 2:
            raise ValueError(f"{name} must be a square matrix, got shape {dense.shape}")
        matrix = sp.csr_array(dense)
    rows, cols = matrix.shape
    if rows != cols:
        raise ValueError(f"{name} must be square, got shape {matrix.shape}")
    if rows == 0:
        raise ValueError(f"{name} must have at least one node, got shape {matrix.shape}")
    read_only = not all(a.flags.writeable for a in (matrix.indptr, matrix.indices, matrix.data))
    if read_only and not matrix.has_canonical_format:
        matrix = matrix.copy()  # sum_duplicates works in place
    matrix.sum_duplicates()
    nonfinite, negative, nonbinary, diagonal, asymmetric, zeros = _entry_counts(
        matrix, bool(symmetric)
    )
    data = matrix.data
    if nonfinite:
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    if negative:
        raise ValueError(f"{name} must be non-negative, got minimum {data.min()}")
    if not weighted:
        if nonbinary:
            raise ValueError(f"{name} must be a 0/1 matrix (pass a weighted matrix elsewhere)")
        if diagonal:
            raise ValueError(f"{name} must have an empty diagonal (no self-loops)")
    if symmetric and asymmetric:
        raise ValueError(f"{name} must be symmetric (an undirected network)")
    if zeros:
        if read_only:
            matrix = matrix.copy()  # eliminate_zeros works in place
        matrix.eliminate_zeros()
    remember_check(adjacency, check)
    return matrix
