"""Normalise notebooks so a pull request shows only real changes (a pre-commit hook).

Applies the same :func:`execute_notebooks.normalise` the execute script uses: drops
per-cell execution timing, ``collapsed``/``scrolled`` view state, notebook-level widget
state and widget-view outputs (whose ids change on every run), outputs stored on
non-code cells, and pins the kernel metadata to ``python3``. Outputs themselves are kept:
they are the record that strict nbval re-checks.

    .venv/bin/python scripts/normalize_notebooks.py chapters/x/y.ipynb ...   # rewrite in place
    .venv/bin/python scripts/normalize_notebooks.py --check chapters/x/y.ipynb

Exits 1 when a file was (or, with ``--check``, would be) changed, as pre-commit expects.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute_notebooks import normalise  # noqa: E402  (the one definition; not copied)


def normalised_text(path: Path) -> tuple[str, str]:
    """The file's current text and its normalised text."""
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    return before, nbformat.writes(normalise(nb)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)
    changed = []
    for path in args.notebooks:
        if path.suffix != ".ipynb":
            continue
        before, after = normalised_text(path)
        if before != after:
            changed.append(path)
            if not args.check:
                path.write_text(after, encoding="utf-8")
    for path in changed:
        verb = "would normalise" if args.check else "normalised"
        print(f"{verb} {path}")
    if changed and args.check:
        print(
            "Fix with: .venv/bin/python scripts/normalize_notebooks.py "
            + " ".join(str(p) for p in changed),
            file=sys.stderr,
        )
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
