"""Explorers: render functions, their UI-free controls and one registry per theme.

:mod:`socmodels.explorers.spec` holds :class:`~socmodels.explorers.spec.Control`; each
``socmodels.explorers.<theme>`` module (added as themes move here) holds ``render_*`` and
``describe_*`` functions and an ``EXPLORERS`` registry. See ``docs/architecture.md``.
"""

from .spec import EXPLORER_SEED, Control, iter_grid

__all__ = ["EXPLORER_SEED", "Control", "iter_grid"]
