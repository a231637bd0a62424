"""socmodels: the models behind *Models of Digital Society*, an executable textbook.

Modules
-------
networks
    Seeded graph builders returning ``scipy.sparse`` CSR adjacency matrices.
measures
    Inequality, concentration and network measures used across chapters.
plots, widgets
    Figures and interactive explorers (import them explicitly; models never do).
"""

from importlib.metadata import PackageNotFoundError, version

from ._jit import ensure_cache_dir

# Before any module defines a kernel: numba's on-disk cache needs a writable folder.
ensure_cache_dir()

try:
    __version__ = version("socmodels")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
