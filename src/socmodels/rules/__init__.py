"""Readable rules: one short, plain-NumPy step per model family, shown on the book's pages.

Each ``socmodels.rules.<theme>`` module holds the reference implementation of one step of
each model of that theme — 5 to 25 lines, named variables, the formula beside them. It is the
specification: the tests run it against the fast path of the model, and the notebooks show its
source with :func:`show` (so what a student reads is exactly what is tested). See
``docs/architecture.md`` §3.
"""

from __future__ import annotations

import inspect
import textwrap

__all__ = ["RuleSource", "show"]


class RuleSource:
    """The source of a rule, displayed as a Python code block (Markdown) in a notebook."""

    def __init__(self, func):
        if not callable(func):
            raise TypeError(f"func must be a function, got {type(func).__name__}")
        func = inspect.unwrap(func)
        try:
            source = inspect.getsource(func)
        except (OSError, TypeError):
            raise TypeError(f"func must be a Python function with source, got {func!r}") from None
        self.name = func.__qualname__
        self.module = func.__module__
        self.source = textwrap.dedent(source).rstrip() + "\n"

    def __repr__(self) -> str:
        return self.source

    def _repr_markdown_(self) -> str:
        return f"```python\n{self.source}```\n\n*From `{self.module}`.*"


def show(func) -> RuleSource:
    """Display the source of ``func`` (a readable rule) in a notebook.

    >>> def halve(x):
    ...     return x / 2
    >>> print(repr(show(halve)).strip().splitlines()[0])
    def halve(x):
    """
    return RuleSource(func)
