"""Explorers: render functions, their UI-free controls and one registry per theme.

Each ``socmodels.explorers.<theme>`` module holds ``render_*`` functions (run a small model,
call a figure of :mod:`socmodels.plots`), ``describe_*`` functions (the frame's alt text,
built from the same constants the render function passes to the model) and one registry,
``EXPLORERS``: name -> ``{"render", "controls", "alt"[, "fixed", "dpi"]}``, shown in a
notebook with ``socmodels.widgets.explorer(**EXPLORERS[name])``. :mod:`.spec` holds the
UI-free :class:`~socmodels.explorers.spec.Control`; nothing here imports ipywidgets.

:func:`registry` collects every theme's explorers, for ``tests/test_explorers.py`` and the
benchmark (``benchmarks/run.py``). See ``docs/architecture.md`` §1.
"""

from __future__ import annotations

import importlib
import pkgutil

from .spec import EXPLORER_SEED, Control, iter_grid

__all__ = ["EXPLORER_SEED", "Control", "iter_grid", "registry", "theme_modules"]


def theme_modules() -> list[str]:
    """Names of the ``socmodels.explorers.<theme>`` modules (``spec`` excluded)."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and info.name != "spec"
    )


def registry() -> tuple[dict[str, dict], dict[str, str]]:
    """Every registered explorer: ``("<theme>.<name>" -> spec, theme -> import error)``.

    A theme module that fails to import is reported in the second dictionary rather than
    raised, so a benchmark can still time the others (the tests fail on it).
    """
    found, failed = {}, {}
    for theme in theme_modules():
        try:
            module = importlib.import_module(f"{__name__}.{theme}")
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            failed[theme] = f"{type(exc).__name__}: {exc}"
            continue
        for name, spec in getattr(module, "EXPLORERS", {}).items():
            found[f"{theme}.{name}"] = spec
    return found, failed
