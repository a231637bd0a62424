"""Numbers in the book's prose are computed, not typed in.

Every digit in a notebook's markdown must be one of:

- glued from code (``{glue:text}`name:.3f```, ``{glue:}``), or inside mathematics, code,
  a citation, a cross-reference, a link target or a heading anchor;
- a year (1900–2099), an ordinal or a section number such as "Figure 2";
- a value the page *declares* in ``tests/prose_numbers.toml``: a parameter the page sets
  (N = 1000, 40 steps), a constant of an equation or of a paper quoted as such (the HHI
  threshold 0.25 of the merger guidelines). Declaring it is a reviewable act: the file says
  which kind each value is.

A result (a Gini, a share, a threshold the model *produced*) is never declared: glue it.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DECLARED = ROOT / "tests" / "prose_numbers.toml"

#: Spans whose digits are not prose: math, code, roles and directives' arguments, links, HTML.
_SKIP = [
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$"),  # inline math
    re.compile(r"```.*?```", re.S),  # fenced code / directives
    re.compile(r"`[^`\n]*`"),  # inline code and role targets ({glue:text}`x`, {cite}`k`)
    re.compile(r"\{[a-z:]+\}"),  # the role names themselves
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>\n]+>"),  # HTML tags and autolinks
    re.compile(r"^\s*:[a-z-]+:.*$", re.M),  # directive options (:label:, :class:)
    re.compile(r"^\s*:::+\s*\{[^}]*\}.*$", re.M),  # colon-fence directive lines
    re.compile(r"^\(.*\)=\s*$", re.M),  # MyST targets
]
#: A number: digits grouped by (thin) spaces or commas as one token ("10 000"), a decimal part,
#: an optional per-cent sign. Not digits inside words or labels ("ex-1", "top-10", "x2").
_NUMBER = re.compile(
    r"(?<![\w.\-])[-−]?\d{1,3}(?:[ \u202f\u2009,]\d{3})+(?:\.\d+)?(?:\s?%)?(?![\w])"
    r"|(?<![\w.\-])[-−]?\d+(?:\.\d+)?(?:/\d+)?(?:\s?%)?(?![\w])"
)
_LIST_ITEM = re.compile(r"^\s*\d+\.\s", re.M)
_ORDINAL_CONTEXT = re.compile(
    r"(Figure|Fig\.|Table|Section|Chapter|Exercise|Step|Part|item|issue|#)\s*$", re.I
)


def toc_notebooks() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                path = ROOT / (entry["file"] + ".ipynb")
                if path.exists():
                    files.append(path)
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return files


def prose_numbers(notebook: Path) -> list[tuple[str, str]]:
    """(number, context) for every digit run in the notebook's prose."""
    found = []
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for pattern in _SKIP:
            text = pattern.sub(" ", text)
        text = _LIST_ITEM.sub(" ", text)
        for match in _NUMBER.finditer(text):
            token = re.sub(r"[ \u202f\u2009]", "", match.group(0).replace("−", "-"))
            before = text[max(0, match.start() - 12) : match.start()]
            plain = token.rstrip("%")
            if re.fullmatch(r"(19|20)\d\d", plain):
                continue  # a year
            if _ORDINAL_CONTEXT.search(before):
                continue
            context = text[max(0, match.start() - 40) : match.end() + 30].replace("\n", " ")
            found.append((token, context.strip()))
    return found


def declared_numbers() -> dict[str, set[str]]:
    data = tomllib.loads(DECLARED.read_text()) if DECLARED.exists() else {}
    allowed = {}
    for page, kinds in data.items():
        values = set()
        for kind, tokens in kinds.items():
            assert kind in {"parameters", "constants", "counts"}, (
                f"{DECLARED.name} [{page}]: unknown kind {kind!r} "
                "(use parameters, constants or counts)"
            )
            values.update(str(t) for t in tokens)
        allowed[page] = values
    return allowed


NOTEBOOKS = toc_notebooks()

#: Pages that still state model results typed in by hand (issue #14, item 11: "glue them").
#: Strict: once a page is fixed the test passes, the xfail fails, and its entry must go.
PENDING_AUDIT: dict[str, str] = {}


def _param(path: Path):
    page = str(path.relative_to(ROOT).with_suffix(""))
    marks = []
    if page in PENDING_AUDIT:
        reason = f"typed-in results still to glue: {PENDING_AUDIT[page]}"
        marks.append(pytest.mark.xfail(reason=reason, strict=True))
    return pytest.param(path, marks=marks, id=page)


@pytest.mark.parametrize("notebook", [_param(p) for p in NOTEBOOKS])
def test_numbers_in_prose_are_glued_or_declared(notebook):
    page = str(notebook.relative_to(ROOT).with_suffix(""))
    allowed = declared_numbers().get(page, set())
    typed = [(t, c) for t, c in prose_numbers(notebook) if t not in allowed]
    assert not typed, (
        f"{page}: numbers typed into the prose. Glue each computed value from code "
        f"({{glue:text}}), or, if it is a parameter or a constant, declare it under "
        f"[{page!r}] in tests/prose_numbers.toml:\n"
        + "\n".join(f"  {t!r} in: …{c}…" for t, c in typed[:20])
    )


def test_declarations_are_used():
    """A declared value the page no longer contains is stale: remove it."""
    stale = []
    for page, values in declared_numbers().items():
        path = ROOT / f"{page}.ipynb"
        if not path.exists():
            stale.append(f"[{page}]: no such notebook")
            continue
        present = {t for t, _ in prose_numbers(path)}
        stale += [f"[{page}] {v!r}" for v in sorted(values - present)]
    assert not stale, "tests/prose_numbers.toml declares values no page uses:\n  " + "\n  ".join(
        stale
    )


def test_the_check_catches_a_typed_result(tmp_path):
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["The Gini rose to 0.63."]}
    glued = {
        "cell_type": "markdown",
        "metadata": {},
        "source": ["The Gini rose to {glue:text}`gini:.2f` in $N=100$ runs (1990)."],
    }
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps({"cells": [cell, glued], "metadata": {}, "nbformat": 4}))
    assert [t for t, _ in prose_numbers(path)] == ["0.63"]
