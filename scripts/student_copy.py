"""Student copies of chapter notebooks: the same notebooks without the exercises' solutions.

On the site and in JupyterLab (Binder) solutions are hidden until clicked, but a student can
still open them, and their text is in the notebook file. For graded work, hand out copies
without them:

    .venv/bin/python scripts/student_copy.py chapters/measures/measuring_society.ipynb -o out/
    .venv/bin/python scripts/student_copy.py --in-place chapters/*/*.ipynb   # on a class branch

Every ``:::{solution}`` block is removed from the markdown cells; everything else — the
exercises, the text, the code cells and their stored outputs (and so the glued numbers) —
is kept as it is. The copies are written as the project writes notebooks (nbformat, 1-space
indent), so they stay valid for Jupyter, nbval and the book build.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

OPEN = re.compile(r"^(?P<colons>:{3,})\{(?P<name>[\w:-]+)\}")
CLOSE = re.compile(r"^(?P<colons>:{3,})\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")


def without_solutions(markdown: str) -> tuple[str, int]:
    """The markdown without its ``{solution}`` directives (colon fences), and how many."""
    lines = markdown.split("\n")
    kept: list[str] = []
    removed = 0
    i = 0
    while i < len(lines):
        match = OPEN.match(lines[i])
        if not (match and match["name"] == "solution"):
            kept.append(lines[i])
            i += 1
            continue
        # Skip to the fence that closes this one, minding nested directives and code.
        depth, code, i = [len(match["colons"])], None, i + 1
        while i < len(lines) and depth:
            line = lines[i]
            fence = FENCE.match(line)
            if code is not None:
                if fence and line.strip().startswith(code):
                    code = None
            elif fence:
                code = fence.group(1)
            elif (inner := OPEN.match(line)) is not None:
                depth.append(len(inner["colons"]))
            elif (close := CLOSE.match(line)) is not None and len(close["colons"]) >= depth[-1]:
                depth.pop()
            i += 1
        removed += 1
        # No blank line left behind twice.
        while kept and kept[-1] == "" and i < len(lines) and lines[i] == "":
            kept.pop()
    text = "\n".join(kept)
    return text.rstrip("\n") + ("\n" if markdown.endswith("\n") else ""), removed


def student_copy(notebook: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """A copy of the notebook without solutions, and how many were removed."""
    copy = nbformat.from_dict(notebook)
    total = 0
    for cell in copy.cells:
        if cell.cell_type == "markdown":
            cell.source, removed = without_solutions(cell.source)
            total += removed
    return copy, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, help="folder for the copies")
    where.add_argument("--in-place", action="store_true", help="rewrite the notebooks")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        notebook = nbformat.read(path, as_version=4)
        copy, removed = student_copy(notebook)
        target = path if args.in_place else args.output / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(copy) + "\n", encoding="utf-8")
        print(f"{target}: {removed} solution(s) removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
