"""The shared explorer: static frames linked client-side, live recomputation, bad input."""

import base64
import time

import ipywidgets as widgets
import pytest

from socmodels.plots import new_figure
from socmodels.widgets import (
    MAX_STATIC_FRAMES,
    Control,
    explorer,
    figure_to_html,
    figure_to_png,
)


def render(slope, offset=0.0):
    fig, ax = new_figure(width=3, height=2)
    ax.plot([0, 1], [offset, offset + slope])
    return fig


def describe(slope, offset=0.0):
    return f"A line of slope {slope} starting at {offset}"


def frames_of(box):
    """All HTML frames below the picture widget, depth first."""
    picture = box.children[-1]
    out, todo = [], [picture]
    while todo:
        w = todo.pop(0)
        if isinstance(w, widgets.Stack):
            todo = list(w.children) + todo
        else:
            out.append(w)
    return out


def test_static_explorer_has_one_frame_per_combination_linked_to_sliders():
    controls = {
        "slope": Control("Slope", [0.5, 1.0, 2.0]),
        "offset": Control("Offset", [0.0, 1.0], default=1.0),
    }
    box = explorer(render, controls, alt=describe, static=True)
    sliders = box.children[:-1]
    assert [s.description for s in sliders] == ["Slope", "Offset"]
    assert sliders[0].index == 1 and sliders[1].index == 1  # middle value, explicit default
    frames = frames_of(box)
    assert len(frames) == 6
    assert all(
        'alt="A line of slope' in f.value and "data:image/png;base64," in f.value for f in frames
    )
    outer = box.children[-1]
    assert outer.selected_index == 1 and all(s.selected_index == 1 for s in outer.children)
    targets = {(id(link.source[0]), id(link.target[0])) for link in box.links}
    assert all(
        link.source[1] == "index" and link.target[1] == "selected_index" for link in box.links
    )
    assert repr(box) == "Explorer(mode='static', controls=['Slope', 'Offset'])"
    assert (id(sliders[0]), id(outer)) in targets
    assert all((id(sliders[1]), id(inner)) in targets for inner in outer.children)


def test_explorer_offers_its_default_frame_as_png_for_print():
    for static in (True, False):
        box = explorer(
            render, {"slope": Control("Slope", [1.0, 2.0, 3.0])}, alt=describe, static=static
        )
        bundle = box._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert bundle["text/plain"] == repr(box)
        png = base64.b64decode(bundle["image/png"])
        assert png.startswith(b"\x89PNG") and png == box.default_png
        # The default frame is the middle value's picture.
        assert png == figure_to_png(render(2.0))


def test_frames_differ_and_alt_text_is_escaped():
    box = explorer(
        render,
        {"slope": Control("Slope", [0.0, 3.0])},
        alt=lambda slope: f'slope "{slope}" <b>',
        static=True,
    )
    first, second = (f.value for f in frames_of(box))
    assert first != second
    assert "&quot;" in first and "&lt;b&gt;" in first


def test_live_explorer_recomputes_on_slider_change():
    calls = []

    def counting_render(slope):
        calls.append(slope)
        return render(slope)

    box = explorer(
        counting_render,
        {"slope": Control("Slope", [1.0, 2.0, 3.0])},
        alt=lambda slope: f"slope {slope}",
        static=False,
    )
    assert calls == [2.0]
    slider, picture = box.children
    before = picture.value
    slider.value = 2
    assert calls == [2.0, 3.0] and picture.value != before and 'alt="slope 3.0"' in picture.value


def test_mode_follows_environment(monkeypatch):
    monkeypatch.setenv("SOCMODELS_STATIC_EXPLORERS", "1")
    box = explorer(render, {"slope": Control("Slope", [1.0, 2.0])}, alt=describe)
    assert isinstance(box.children[-1], widgets.Stack)
    monkeypatch.delenv("SOCMODELS_STATIC_EXPLORERS")
    box = explorer(render, {"slope": Control("Slope", [1.0, 2.0])}, alt=describe)
    assert isinstance(box.children[-1], widgets.HTML)


def test_fixed_arguments_are_passed_through():
    box = explorer(
        render, {"slope": Control("Slope", [1.0])}, alt=describe, fixed={"offset": 5.0}, static=True
    )
    assert "starting at 5.0" in frames_of(box)[0].value


def test_a_frame_renders_quickly():
    start = time.perf_counter()
    figure_to_html(render(1.0), "a line")
    assert time.perf_counter() - start < 2.0  # generous: a smoke check, budgets live in benchmarks


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: Control("", [1]), TypeError, "label must be"),
        (lambda: Control("x", []), ValueError, "must not be empty"),
        (lambda: Control("x", [1, 1]), ValueError, "must be distinct"),
        (lambda: Control("x", [1, 2], default=3), ValueError, "default of control"),
        (lambda: Control("x", ["a"], format="{:.2f}"), ValueError, "format"),
        (lambda: explorer(1, {"a": Control("A", [1])}, alt=describe), TypeError, "render must"),
        (lambda: explorer(render, {"slope": Control("A", [1])}, alt="x"), TypeError, "alt must"),
        (lambda: explorer(render, {}, alt=describe), TypeError, "controls must"),
        (lambda: explorer(render, {"slope": 1}, alt=describe), TypeError, r"controls\['slope'\]"),
        (
            lambda: explorer(render, {"not valid": Control("A", [1])}, alt=describe),
            ValueError,
            "identifiers",
        ),
        (
            lambda: explorer(
                render, {"slope": Control("A", [1])}, alt=describe, fixed={"slope": 1}
            ),
            ValueError,
            "must not share",
        ),
        (
            lambda: explorer(
                render,
                {"slope": Control("A", list(range(MAX_STATIC_FRAMES + 1)))},
                alt=describe,
                static=True,
            ),
            ValueError,
            "frames",
        ),
        (lambda: figure_to_html(render(1.0), ""), ValueError, "alt must be"),
        (lambda: figure_to_html(render(1.0), None), TypeError, "alt must be"),
        (lambda: Control("x", [1, 2], format=3), TypeError, "format"),
        (lambda: Control("x", 5), TypeError, "values"),
        (lambda: Control("x", "ab"), TypeError, "values"),
    ],
)
def test_bad_input_is_rejected(call, error, match):
    with pytest.raises(error, match=match):
        call()


_ONE = {"slope": Control("Slope", [1.0, 2.0])}


@pytest.mark.parametrize("fig", [None, "figure", 3, widgets.HTML("x")])
@pytest.mark.parametrize("helper", [figure_to_png, lambda fig: figure_to_html(fig, "alt")])
def test_a_figure_helper_names_a_bad_fig(helper, fig):
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        helper(fig)


@pytest.mark.parametrize(
    ("dpi", "error"),
    [
        (True, TypeError),
        ("80", TypeError),
        (80.5, ValueError),
        (0, ValueError),
        (10**6, ValueError),
    ],
)
def test_a_bad_dpi_is_rejected_by_name(dpi, error):
    with pytest.raises(error, match="dpi"):
        figure_to_png(render(1.0), dpi=dpi)
    with pytest.raises(error, match="dpi"):
        figure_to_html(render(1.0), "a line", dpi=dpi)
    with pytest.raises(error, match="dpi"):
        explorer(render, _ONE, alt=describe, static=True, dpi=dpi)


@pytest.mark.parametrize("static", ["yes", 1, 0.0])
def test_a_bad_static_is_rejected_by_name(static):
    with pytest.raises(TypeError, match="static"):
        explorer(render, _ONE, alt=describe, static=static)


@pytest.mark.parametrize("static", [True, False])
def test_a_render_that_returns_no_figure_is_named(static):
    with pytest.raises(TypeError, match="render must return a matplotlib Figure"):
        explorer(lambda slope: None, _ONE, alt=describe, static=static)


def test_bad_fixed_is_rejected_by_name():
    with pytest.raises(TypeError, match="fixed"):
        explorer(render, _ONE, alt=describe, static=True, fixed=3)
