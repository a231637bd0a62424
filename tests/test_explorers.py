"""Every registered explorer of every theme (``socmodels.explorers.<theme>.EXPLORERS``).

One parametrised test set for all themes: a theme module added under
``socmodels.explorers`` is picked up without editing this file. Speed is measured in
``benchmarks/run.py --only explorers``, not here.
"""

from __future__ import annotations

import inspect

import ipywidgets
import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from socmodels import explorers
from socmodels.explorers import Control, iter_grid
from socmodels.widgets import MAX_STATIC_FRAMES, explorer

FOUND, FAILED = explorers.registry()
NAMES = sorted(FOUND)

#: At most this many frames per explorer: the static site precomputes every one.
MAX_FRAMES = 40


def _params(spec, grid_point):
    return {**grid_point, **(spec.get("fixed") or {})}


def _default(spec):
    return _params(spec, {n: c.values[c.default_index] for n, c in spec["controls"].items()})


def test_every_theme_module_imports_and_registers_explorers():
    assert not FAILED, FAILED
    themes = {name.split(".")[0] for name in NAMES}
    assert themes == {t for t in explorers.theme_modules()}, "a theme without EXPLORERS"


@pytest.mark.parametrize("name", NAMES)
def test_spec_is_ui_free_data(name):
    spec = FOUND[name]
    assert set(spec) <= {"render", "controls", "alt", "fixed", "dpi"}
    assert callable(spec["render"]) and callable(spec["alt"])
    assert spec["controls"] and all(isinstance(c, Control) for c in spec["controls"].values())
    frames = len(list(iter_grid(spec["controls"])))
    assert frames <= min(MAX_FRAMES, MAX_STATIC_FRAMES)
    # Each control sets a keyword of the render and alt functions.
    for function in (spec["render"], spec["alt"]):
        parameters = inspect.signature(function).parameters
        assert set(spec["controls"]) | set(spec.get("fixed") or {}) <= set(parameters)
        # Explorers seed their models like models do: rng=, never seed=.
        assert "seed" not in parameters


@pytest.mark.parametrize("name", NAMES)
def test_default_frame_renders_a_figure_and_builds_a_live_explorer(name):
    spec = FOUND[name]
    figure = spec["render"](**_default(spec))
    assert isinstance(figure, Figure) and figure.axes
    plt.close(figure)
    box = explorer(**{**spec, "static": False})
    assert isinstance(box, ipywidgets.VBox)
    assert box.default_png.startswith(b"\x89PNG")


@pytest.mark.parametrize("name", NAMES)
def test_every_frame_has_its_own_alt_text(name):
    spec = FOUND[name]
    texts = [spec["alt"](**_params(spec, point)) for point in iter_grid(spec["controls"])]
    assert all(isinstance(text, str) and len(text) > 40 for text in texts)
    # Each frame is described by its own values, not one text for all.
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("name", NAMES)
def test_every_frame_renders(name):
    spec = FOUND[name]
    for point in iter_grid(spec["controls"]):
        figure = spec["render"](**_params(spec, point))
        assert isinstance(figure, Figure), point
        plt.close(figure)
