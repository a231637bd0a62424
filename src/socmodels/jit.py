"""How the compiled steps share the cores: the public face of :mod:`socmodels._jit`.

A synchronous step over a large sparse matrix (DeGroot, Hegselmann–Krause, the network
checks) splits its rows into contiguous blocks and runs one compiled pass per block on a
thread pool. Code outside the package that wants to run *on the same blocks and threads*
— the benchmarks' memory floor, a reader's own kernel — uses these three functions
(aliases of the package's internals, so they are always the ones the models use):

* :func:`threads` — how many threads a large step may use (``SOCMODELS_THREADS`` caps it);
* :func:`row_blocks` — how many blocks a pass over ``n_entries`` stored entries uses
  (1: too small to be worth threads);
* :func:`map_blocks` — ``[function(start, stop) for each block]``, in block order.

>>> map_blocks(lambda start, stop: stop - start, 10, 1)
[10]
>>> row_blocks(10)
1
"""

from __future__ import annotations

from ._jit import map_blocks, row_blocks, threads

__all__ = ["map_blocks", "row_blocks", "threads"]
