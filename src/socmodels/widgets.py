"""Interactive explorers: sliders over a model's parameters, showing a figure.

One helper, :func:`explorer`, serves every chapter. It is *thin*: it calls a
``render`` function (which runs a model and a plot function and returns a
matplotlib figure) and shows the picture.

It works in two modes, from the same call:

``static``
    Every combination of the controls' values is rendered once, at execution
    time, and the frames are put in nested :class:`ipywidgets.Stack` widgets whose
    ``selected_index`` is linked to the sliders with :func:`ipywidgets.jslink`.
    The browser switches frames by itself, so the explorer responds on the
    published static site, with no kernel.
``live``
    Only the shown frame is rendered; moving a slider re-runs ``render`` in the
    kernel (Binder, local Jupyter).

The mode defaults to ``static`` when the environment variable
``SOCMODELS_STATIC_EXPLORERS`` is ``1`` (the book build sets it) and to ``live``
otherwise.
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .contract import Custom, Flag, Function, Integer, Optional, constrained
from .explorers.spec import Control

__all__ = [
    "Control",
    "Explorer",
    "explorer",
    "figure_to_html",
    "figure_to_png",
    "static_mode_default",
]

STATIC_ENV_VAR = "SOCMODELS_STATIC_EXPLORERS"

#: More frames than this would make a page heavy (≈ 15–40 KB each); refuse rather than bloat.
MAX_STATIC_FRAMES = 120


def _slider(control: Control) -> widgets.SelectionSlider:
    """The ipywidgets slider for one UI-free :class:`~socmodels.explorers.spec.Control`."""
    options = [(control.format.format(v), i) for i, v in enumerate(control.values)]
    return widgets.SelectionSlider(
        options=options,
        value=control.default_index,
        description=control.label,
        continuous_update=False,
        readout=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="min(100%, 32rem)"),
    )


class Explorer(widgets.VBox):
    """The sliders above the picture, as returned by :func:`explorer`.

    ``links`` holds the client-side links from sliders to frame stacks (static
    mode). Its text form is short and stable, so a notebook's stored output does
    not change from run to run.
    """

    def __init__(
        self, children, *, mode: str, labels: Sequence[str], links=(), default_png: bytes = b""
    ):
        super().__init__(children)
        self.mode = mode
        self.labels = tuple(labels)
        self.links = tuple(links)
        self.default_png = default_png

    def __repr__(self) -> str:
        return f"Explorer(mode={self.mode!r}, controls={list(self.labels)!r})"

    def _repr_mimebundle_(self, **kwargs):
        # Besides the live widget, offer the default frame as a plain PNG: print and
        # PDF builds (and notebooks opened before running) show that picture.
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and self.default_png:
            bundle["image/png"] = base64.b64encode(self.default_png).decode("ascii")
        return bundle


def _check_figure(name, value):
    if not isinstance(value, Figure):
        raise TypeError(f"{name} must be a matplotlib Figure, got {type(value).__name__}")
    return value


def _check_alt(name, value):
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a non-empty str describing the figure, got {type(value).__name__}"
        )
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty description of the figure")
    return value


def _check_controls_arg(name, value):
    return _check_controls(value)


def _check_fixed(name, value):
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a mapping of keyword arguments or None, got {type(value).__name__}"
        )
    return dict(value)


_FIG = Custom("a matplotlib Figure", _check_figure, bad=("abc", None, 3))
_ALT = Custom("a non-empty str", _check_alt, bad=("", "   ", None, 3))
#: Frame resolution: dots per inch (a frame of 6 × 4 inches at 600 dpi is 8.6 Mpixel).
_DPI = Integer(10, 600)


def static_mode_default() -> bool:
    """True when the environment asks for static (precomputed) explorers."""
    return os.environ.get(STATIC_ENV_VAR, "") == "1"


@constrained(fig=_FIG, dpi=_DPI)
def figure_to_png(fig, *, dpi: int = 80) -> bytes:
    """Render ``fig`` to PNG bytes (no date or software stamps) and close it."""
    buffer = io.BytesIO()
    # The whole figure, not a "tight" box: the frames lay themselves out (constrained
    # layout or fixed margins), and a tight box costs a second full draw per frame.
    # (bbox_inches=None would fall back to the book style's "tight".)
    with plt.rc_context({"savefig.bbox": "standard"}):
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _img_html(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        f'style="max-width:100%;height:auto" />'
    )


@constrained(fig=_FIG, alt=_ALT, dpi=_DPI)
def figure_to_html(fig, alt: str, *, dpi: int = 80) -> str:
    """Render ``fig`` to an inline PNG ``<img>`` with alt text, and close it."""
    return _img_html(figure_to_png.__wrapped__(fig, dpi=dpi), alt)


def _check_controls(controls: Mapping[str, Control]) -> dict[str, Control]:
    if not isinstance(controls, Mapping) or not controls:
        raise TypeError("controls must be a non-empty mapping of parameter name -> Control")
    for name, control in controls.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"controls: names must be Python identifiers, got {name!r}")
        if not isinstance(control, Control):
            raise TypeError(f"controls[{name!r}] must be a Control, got {type(control).__name__}")
    return dict(controls)


@constrained(
    render=Function(),
    controls=Custom(
        "a non-empty mapping of parameter name to Control",
        _check_controls_arg,
        bad=({}, None, {"x": 1}),
    ),
    alt=Function(),
    static=Optional(Flag()),
    dpi=_DPI,
    fixed=Custom("None or a mapping of keyword arguments", _check_fixed, bad=(3, "abc")),
)
def explorer(
    render: Callable[..., object],
    controls: Mapping[str, Control],
    *,
    alt: Callable[..., str],
    static: bool | None = None,
    dpi: int = 80,
    fixed: Mapping[str, object] | None = None,
) -> Explorer:
    """Build an explorer: one slider per control, showing ``render(**params)``.

    Parameters
    ----------
    render : callable
        ``render(**params) -> matplotlib.figure.Figure``; params are the controls'
        current values plus ``fixed``.
    controls : mapping of str to Control
        The sliders, keyed by the keyword argument of ``render`` they set.
    alt : callable
        ``alt(**params) -> str``: alt text describing the frame for those params.
    static : bool, optional
        Precompute every frame (works without a kernel) or render live. Default:
        see :func:`static_mode_default`.
    dpi : int
        Resolution of the frames.
    fixed : mapping, optional
        Further keyword arguments passed unchanged to ``render`` and ``alt``.

    Returns
    -------
    Explorer
        An :class:`ipywidgets.VBox`: the sliders above the picture.

    Examples
    --------
    >>> import numpy as np
    >>> from socmodels.plots import new_figure
    >>> def render(slope):
    ...     fig, ax = new_figure(width=3, height=2)
    ...     ax.plot([0, 1], [0, slope])
    ...     return fig
    >>> box = explorer(render, {"slope": Control("Slope", [0.5, 1.0, 2.0])},
    ...                alt=lambda slope: f"A line of slope {slope}", static=True)
    >>> len(box.children[-1].children)   # one frame per slider position
    3
    """
    overlap = set(fixed) & set(controls)
    if overlap:
        raise ValueError(f"fixed and controls must not share names, both have {sorted(overlap)}")
    if static is None:
        static = static_mode_default()
    names = list(controls)
    sliders = [_slider(controls[name]) for name in names]

    default_indices = tuple(s.value for s in sliders)
    default_png = []

    def frame_html(indices: Sequence[int]) -> str:
        params = {n: controls[n].values[i] for n, i in zip(names, indices, strict=True)}
        params.update(fixed)
        text = alt(**params)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"alt must return a non-empty description, got {text!r}")
        fig = render(**params)
        if not isinstance(fig, Figure):
            raise TypeError(
                f"render must return a matplotlib Figure, got {type(fig).__name__} for {params}"
            )
        png = figure_to_png.__wrapped__(fig, dpi=dpi)
        if tuple(indices) == default_indices and not default_png:
            default_png.append(png)
        return _img_html(png, text)

    if not static:
        picture = widgets.HTML(frame_html([s.value for s in sliders]))

        def update(_change=None):
            picture.value = frame_html([s.value for s in sliders])

        for slider in sliders:
            slider.observe(update, names="value")
        return Explorer(
            [*sliders, picture],
            mode="live",
            labels=[s.description for s in sliders],
            default_png=default_png[0],
        )

    n_frames = 1
    for name in names:
        n_frames *= len(controls[name].values)
    if n_frames > MAX_STATIC_FRAMES:
        raise ValueError(
            f"a static explorer would hold {n_frames} frames; at most {MAX_STATIC_FRAMES} "
            "keep the page light: use fewer values per control"
        )

    links = []

    def build(level: int, prefix: tuple[int, ...]) -> widgets.Widget:
        if level == len(names):
            return widgets.HTML(frame_html(prefix))
        control = controls[names[level]]
        children = [build(level + 1, prefix + (i,)) for i in range(len(control.values))]
        stack = widgets.Stack(children=children, selected_index=sliders[level].value)
        # Client-side link: the browser switches frames with no kernel.
        links.append(widgets.jslink((sliders[level], "index"), (stack, "selected_index")))
        return stack

    frames = build(0, ())
    return Explorer(
        [*sliders, frames],
        mode="static",
        labels=[s.description for s in sliders],
        links=links,
        default_png=default_png[0],
    )
