"""The UI-free description of an explorer: its controls, as plain data.

An explorer (see ``docs/architecture.md``) is a render function, its controls and an alt-text
function, registered in ``EXPLORERS`` of :mod:`socmodels.explorers.<theme>`. Nothing here
imports ipywidgets: :func:`socmodels.widgets.explorer` turns a spec into sliders, the benchmark
walks its grid, and tests render every registered explorer.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["EXPLORER_SEED", "Control", "iter_grid"]

#: The one seed of every explorer: each frame is the same run on every page load.
EXPLORER_SEED = 2024


@dataclass(frozen=True)
class Control:
    """One slider of an explorer.

    Parameters
    ----------
    label : str
        Text shown beside the slider; also its accessible name.
    values : sequence
        The values the slider steps through (the grid precomputed in static mode).
    default : optional
        Initial value; must be one of ``values``. Defaults to the middle value.
    format : str
        Format string for the slider's readout, e.g. ``"{:.2f}"``.
    """

    label: str
    values: Sequence
    default: object = None
    format: str = "{}"
    _index: int = field(init=False, repr=False, default=0)

    def __post_init__(self):
        if not isinstance(self.label, str) or not self.label.strip():
            raise TypeError(f"label must be a non-empty string, got {self.label!r}")
        if isinstance(self.values, str | bytes) or not isinstance(self.values, Iterable):
            raise TypeError(
                f"values of control {self.label!r} must be a sequence of values, got "
                f"{type(self.values).__name__}"
            )
        values = tuple(self.values)
        if len(values) == 0:
            raise ValueError(f"values of control {self.label!r} must not be empty")
        if len(set(map(repr, values))) != len(values):
            raise ValueError(f"values of control {self.label!r} must be distinct")
        object.__setattr__(self, "values", values)
        if self.default is None:
            index = (len(values) - 1) // 2
        else:
            matches = [i for i, v in enumerate(values) if v == self.default]
            if not matches:
                raise ValueError(
                    f"default of control {self.label!r} must be one of {values}, "
                    f"got {self.default!r}"
                )
            index = matches[0]
        object.__setattr__(self, "_index", index)
        if not isinstance(self.format, str):
            raise TypeError(
                f"format of control {self.label!r} must be a format string such as "
                f"'{{:.2f}}', got {type(self.format).__name__}"
            )
        try:
            self.format.format(values[0])
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"format {self.format!r} cannot format {values[0]!r}: {exc}") from None

    @property
    def default_index(self) -> int:
        return self._index


def iter_grid(controls: Mapping[str, Control]):
    """Every combination of the controls' values, as keyword dictionaries.

    >>> list(iter_grid({"a": Control("A", [1, 2]), "b": Control("B", ["x"])}))
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'x'}]
    """
    names = list(controls)
    for combo in itertools.product(*(controls[n].values for n in names)):
        yield dict(zip(names, combo, strict=True))
