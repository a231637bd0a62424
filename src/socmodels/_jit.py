"""Compiled kernels: where numba keeps them between processes, and how large passes share cores.

Every ``@njit`` kernel of :mod:`socmodels` is compiled with ``cache=True``: numba writes
the machine code to disk the first time a kernel runs with new argument types, and
later processes (the next notebook's kernel, a test run, an explorer after a restart)
load it in milliseconds instead of compiling again. The cached code is the code a fresh
compilation produces, so results are bit-identical; numba recompiles when the module's
source changes (its index is keyed on a hash of the source file), when numba itself
changes, or on a CPU with other features.

numba looks for a writable directory in this order: ``NUMBA_CACHE_DIR`` if set, the
``__pycache__`` folder beside the module (the usual case: an editable install in a
clone, as in CI and on Binder), then a per-user cache folder (``~/.cache/numba``). If
none is writable — a read-only install *and* no writable home, as in some containers —
numba would refuse to import a cached kernel at all. :func:`ensure_cache_dir` (run when
:mod:`socmodels` is imported, before any kernel is defined) then points
``NUMBA_CACHE_DIR`` at a folder under the system's temporary directory.

Caching is safe here because every kernel depends only on its arguments and on other
kernels *of the same module*; numba's staleness check looks only at the file that
defines a kernel, so a kernel calling a compiled function from another module could
keep stale code after that module changed. A kernel that needs that must say so and
use ``cache=False``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

__all__ = ["ensure_cache_dir", "map_blocks", "row_blocks", "threads"]


def _writable(folder: Path) -> bool:
    """True if ``folder`` exists or can be created, and a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def _user_cache_dir() -> Path:
    """numba's per-user cache folder (its ``UserWideCacheLocator``), without importing it."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches")
    elif os.name == "nt":
        base = os.environ.get("LOCALAPPDATA", base)
    return Path(base) / "numba"


def ensure_cache_dir() -> str | None:
    """Make sure numba has a writable cache folder; return the one chosen, or None.

    Leaves numba's own choice alone when it has one (``NUMBA_CACHE_DIR`` set, or the
    package's ``__pycache__`` or the user cache folder writable). Otherwise sets
    ``NUMBA_CACHE_DIR`` (and numba's configuration, if numba is already imported) to a
    per-user folder under the temporary directory and returns it.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    if _writable(Path(__file__).resolve().parent / "__pycache__"):
        return None
    if _writable(_user_cache_dir()):
        return None
    user = getattr(os, "getuid", lambda: "user")()
    fallback = Path(tempfile.gettempdir()) / f"socmodels-numba-cache-{user}"
    os.environ["NUMBA_CACHE_DIR"] = str(fallback)
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba read its configuration already
        config.CACHE_DIR = str(fallback)
    return str(fallback)


# --------------------------------------------------------------------------- row blocks on threads
#
# Large synchronous steps and checks are cut into contiguous blocks of rows, each done by a
# compiled kernel that releases the GIL (``nogil=True``), on a small pool of Python threads.
# Blocks are independent and combined in block order, so results do not depend on the
# number of threads. Plain threads rather than numba's ``parallel=True``: a thread that
# finishes waits without spinning (OpenMP's busy-wait made steps several times slower on
# a shared, oversubscribed machine), any number of Python threads may call a kernel at once,
# and a forked child gets a fresh pool.

#: Below this many stored entries a step or check runs on the calling thread alone.
THREADED_MIN_ENTRIES = 1 << 20
#: Blocks per thread: small blocks keep both threads busy when degrees are uneven or a
#: core is shared with another program.
BLOCKS_PER_THREAD = 8
#: Threads to use; None: the cores this process may run on (``SOCMODELS_THREADS`` caps it).
THREADS: int | None = None

_POOL = None
_POOL_PID = None


def threads() -> int:
    """How many threads a large step may use."""
    if THREADS is not None:
        return max(1, int(THREADS))
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    cap = os.environ.get("SOCMODELS_THREADS", "")
    return max(1, min(available, int(cap))) if cap.isdigit() and int(cap) > 0 else available


def row_blocks(n_entries: int) -> int:
    """Number of blocks for a pass over ``n_entries`` stored entries (1: no threads)."""
    count = threads()
    if count < 2 or n_entries < THREADED_MIN_ENTRIES:
        return 1
    return count * BLOCKS_PER_THREAD


def map_blocks(function, n_rows: int, n_blocks: int) -> list:
    """``[function(start, stop) for each of n_blocks contiguous blocks of range(n_rows)]``,
    in block order; on the thread pool when there is more than one block."""
    size = max(1, -(-n_rows // max(1, n_blocks)))
    bounds = [(start, min(n_rows, start + size)) for start in range(0, n_rows, size)] or [(0, 0)]
    if len(bounds) == 1 or threads() < 2:
        return [function(start, stop) for start, stop in bounds]
    global _POOL, _POOL_PID
    if _POOL is None or _POOL_PID != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(max_workers=threads(), thread_name_prefix="socmodels")
        _POOL_PID = os.getpid()
    futures = [_POOL.submit(function, start, stop) for start, stop in bounds]
    return [future.result() for future in futures]
