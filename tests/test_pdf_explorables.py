"""The PDF leaves the live explorables out and prints the precomputed frames in their place.

A live explorable is a markdown cell: the placeholder ``<div class="socmodels-explorable">``
and the prose about what to watch and try in the browser ("**Live.** … *Notice* … *Try* …").
Outside HTML, ``_ext/socmodels_site.py`` (``DropLiveExplorables``) removes that cell; the
precomputed explorer after it prints as its default frame (docs/explorables.md).

The first tests build a small book with Sphinx's LaTeX builder (no TeX needed, a few seconds)
from the book's own cells: every live cell with the cell after it. The last one reads the whole
book's ``.tex`` if the PDF was built (``scripts/build_pdf.py``; ``SOCMODELS_LATEX`` points
elsewhere) and skips otherwise.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LATEX = Path(os.environ.get("SOCMODELS_LATEX", ROOT / "_build" / "latex")).resolve()
BOOK_TEX = LATEX / "models-of-digital-society.tex"
PLACEHOLDER = 'class="socmodels-explorable"'
#: How the live cells' prose prints in LaTeX: the bold "Live." (or "Live: …") that opens it,
#: the italic *Notice* and *Try* of its list, and the placeholder's fallback paragraph.
LIVE_MARKS = (
    r"\sphinxstylestrong{Live",
    r"\sphinxstyleemphasis{Notice}",
    r"\sphinxstyleemphasis{Try}",
    "Live explorable: it runs in the browser",
)
#: Where each page starts in the book's LaTeX: ``\label{\detokenize{<docname>::doc}}``.
PAGE_LABEL = re.compile(r"\\label\{\\detokenize\{([^}]+)::doc\}\}")
#: A cell put after a live cell that is followed by text, not by an explorer: it must print.
AFTER = "This paragraph follows a live explorable and belongs to every edition."


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


@cache
def live_cells() -> tuple[tuple[str, int], ...]:
    """(notebook, cell index) of every cell of the book's chapters with a placeholder."""
    found = []
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        if "_template" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            if PLACEHOLDER in _source(cell):
                found.append((str(path.relative_to(ROOT)), index))
    return tuple(found)


def _cells(notebook: str) -> list[dict]:
    return json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]


def _frame(cell: dict) -> str | None:
    """The PNG (base64) of a precomputed explorer's default frame, if the cell shows one (an
    ``explorer(...)`` cell; its stored output, and the build's, has the frame as image/png)."""
    if cell["cell_type"] != "code" or "explorer(" not in _source(cell):
        return None
    for output in cell.get("outputs", []):
        png = output.get("data", {}).get("image/png")
        if png:
            return "".join("".join(png) if isinstance(png, list) else png).replace("\n", "")
    return None


def test_the_book_has_live_explorables_in_markdown_cells_without_headings():
    """The PDF drops a live explorable's whole cell, and only its own section's part of it: so a
    live cell is markdown and holds no heading (text for every edition goes in another cell)."""
    assert len(live_cells()) >= 20
    problems = []
    for notebook, index in live_cells():
        cell = _cells(notebook)[index]
        if cell["cell_type"] != "markdown":
            problems.append(f"{notebook} cell {index}: a {cell['cell_type']} cell")
        if re.search(r"^\s{0,3}#{1,6}\s", _source(cell), re.M):
            problems.append(f"{notebook} cell {index}: a heading in a live explorable's cell")
    assert not problems, "\n".join(problems)


def test_every_live_explorable_with_a_precomputed_one_is_followed_by_its_frame():
    """``data-precomputed="next"``: a later code cell of the notebook shows a precomputed explorer
    with a PNG of its default frame, the picture without JavaScript and in the PDF."""
    problems = []
    for notebook, index in live_cells():
        cells = _cells(notebook)
        if 'data-precomputed="next"' not in _source(cells[index]):
            continue
        if not any(_frame(cell) for cell in cells[index + 1 :]):
            problems.append(
                f"{notebook} cell {index}: no precomputed explorer with a frame after it"
            )
    assert not problems, "\n".join(problems)


def _small_book(folder: Path) -> tuple[Path, list[str]]:
    """A notebook of every live cell of the book and the cell after it (an explorer with its
    stored outputs, or a paragraph that must stay); returns its folder and the frames' PNGs."""
    folder.mkdir(parents=True, exist_ok=True)
    cells, frames = [], []
    for notebook, index in live_cells():
        source = _cells(notebook)
        cells.append(copy.deepcopy(source[index]))
        following = source[index + 1] if index + 1 < len(source) else None
        if following is not None and _frame(following):
            cells.append(copy.deepcopy(following))
            frames.append(_frame(following))
        else:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": AFTER})
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "index.md").write_text(
        "# Live explorables\n\n```{toctree}\nlive\n```\n", encoding="utf-8"
    )
    (folder / "live.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return folder, frames


#: The builds of the small book: (builder, with the extension), and the file each writes.
BUILDS = {
    ("latex", False): "book.tex",
    ("latex", True): "book.tex",
    ("html", True): "live.html",
}


def _write_project(folder: Path, builder: str, *, with_extension: bool) -> Path:
    source, _ = _small_book(folder / "src")
    extensions = ["myst_nb", *(["socmodels_site"] if with_extension else [])]
    conf = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})",
        f"extensions = {extensions!r}",
        "project = 'live explorables'",
        "nb_execution_mode = 'off'",
        "myst_enable_extensions = ['amsmath', 'dollarmath', 'colon_fence']",
        "suppress_warnings = ['mystnb.unknown_mime_type']",
        "latex_documents = [('index', 'book.tex', 'Live', 'Authors', 'manual')]",
    ]
    if builder == "html" and with_extension:
        # The site's own copies of the widget manager and MathJax (scripts/site_assets.py),
        # which the extension requires of an HTML build: empty stand-ins in a folder of its own.
        assets = folder / "assets"
        for name in ("vendor/html-manager/embed.js", "vendor/mathjax/tex-mml-chtml.js"):
            (assets / name).parent.mkdir(parents=True, exist_ok=True)
            (assets / name).write_text("", encoding="utf-8")
        conf += [
            "import socmodels_site, pathlib",
            f"socmodels_site.ASSETS = pathlib.Path({str(assets)!r})",
        ]
    (source / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> dict[tuple[str, bool], str]:
    """What the small book's builds write (``BUILDS``): three Sphinx builds in one fresh process
    (importing myst-nb is most of their time)."""
    folders = {build: tmp_path_factory.mktemp(f"live-{build[0]}-{build[1]}") for build in BUILDS}
    argv = [
        [
            "-b",
            builder,
            "-q",
            str(_write_project(folder, builder, with_extension=flag)),
            str(folder / "out"),
        ]
        for (builder, flag), folder in folders.items()
    ]
    script = (
        "import sys\nfrom sphinx.cmd.build import build_main\n"
        f"sys.exit(max(build_main(a) for a in {argv!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return {
        build: (folder / "out" / BUILDS[build]).read_text(encoding="utf-8")
        for build, folder in folders.items()
    }


def test_without_the_extension_the_live_text_would_print(small_book):
    """The control: the cells' live text does reach LaTeX unless the extension removes it."""
    tex = small_book["latex", False]
    assert tex.count(LIVE_MARKS[0]) == len(live_cells())
    for mark in LIVE_MARKS[1:3]:
        assert mark in tex


def test_html_keeps_the_live_explorables(small_book):
    """The site keeps every placeholder and its prose (the removal is for other builders)."""
    page = small_book["html", True]
    assert page.count(PLACEHOLDER) == len(live_cells())
    assert page.count("<strong>Live") == len(live_cells())
    assert "<em>Notice</em>" in page and "<em>Try</em>" in page


def test_latex_drops_the_live_text_and_keeps_the_frames_and_the_text_after(small_book, tmp_path):
    tex = small_book["latex", True]
    printed = [mark for mark in LIVE_MARKS if mark in tex]
    assert not printed, f"live explorable text in the LaTeX: {printed}"
    _, frames = _small_book(tmp_path)
    assert len(frames) >= 15
    for png in frames:
        name = hashlib.sha256(base64.b64decode(png)).hexdigest()
        assert f"\\sphinxincludegraphics{{{{{name}}}.png}}" in tex, (
            f"a precomputed explorer's frame ({name}.png) is missing from the LaTeX"
        )
    followed_by_text = len(live_cells()) - len(frames)
    assert followed_by_text >= 1
    assert tex.count(AFTER) == followed_by_text, "text after a live cell was dropped with it"


def _explorer_frames(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(1 for cell in cells if _frame(cell))


def test_the_book_pdf_has_no_live_text_and_every_page_its_frames():
    """On the whole book's LaTeX (after ``scripts/build_pdf.py``)."""
    if not BOOK_TEX.exists():
        pytest.skip(
            f"*** PDF NOT BUILT: {BOOK_TEX} is missing. Build it with `python3 scripts/tasks.py "
            "pdf` (the README's test command does) or set SOCMODELS_LATEX. ***"
        )
    tex = BOOK_TEX.read_text(encoding="utf-8")
    printed = [mark for mark in LIVE_MARKS if mark in tex]
    assert not printed, f"live explorable text in {BOOK_TEX.name}: {printed}"
    starts = {m.group(1): m.start() for m in PAGE_LABEL.finditer(tex)}
    bounds = sorted(starts.values()) + [len(tex)]
    problems = []
    for notebook in sorted({notebook for notebook, _ in live_cells()}):
        docname = notebook.removesuffix(".ipynb")
        if docname not in starts:
            problems.append(f"{docname}: not in the PDF")
            continue
        start = starts[docname]
        page = tex[start : next(b for b in bounds if b > start)]
        expected = _explorer_frames(ROOT / notebook)
        images = page.count("\\sphinxincludegraphics")
        if images < expected:
            problems.append(f"{docname}: {expected} explorer frame(s), {images} image(s)")
    assert not problems, "\n".join(problems)
