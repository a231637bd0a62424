"""Re-execute chapter notebooks in place, deterministically.

The stored outputs are the record that strict nbval re-checks, so they must be
exactly what a fresh run produces. This script:

* runs each notebook top to bottom in a fresh kernel started in the notebook's
  own folder (as nbval and the book build do), with ``PYTHONHASHSEED=0``;
* records no per-cell timing metadata (``jupyter execute`` always writes it);
* drops notebook-level widget state and widget-view outputs, whose model ids
  change on every run (the text/plain summary of each widget is kept);
* normalises notebook metadata to the ``python3`` kernel.

Usage::

    python scripts/execute_notebooks.py                 # every notebook under chapters/
    python scripts/execute_notebooks.py chapters/measures/measuring_society.ipynb
    python scripts/execute_notebooks.py --check         # exit 1 if any notebook would change
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def chapter_notebooks() -> list[Path]:
    """Every notebook under chapters/ except checkpoints and the template."""
    found = []
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(".") or p.startswith("_") for p in parts[1:-1]):
            continue
        found.append(path)
    return found


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes between identical runs; keep everything a reader sees."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    language = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": language.get("name", "python")}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        for output in cell.outputs:
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
    return nb


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    os.environ["PYTHONHASHSEED"] = "0"
    # Stored notebooks hold live-mode explorers; the book build makes static ones.
    os.environ.pop("SOCMODELS_STATIC_EXPLORERS", None)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return normalise(nb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: all under chapters/")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if a notebook's stored outputs differ from a fresh run",
    )
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or chapter_notebooks()
    stale = []
    for path in paths:
        if path.suffix != ".ipynb" or not path.exists():
            parser.error(f"not a notebook: {path}")
        start = time.perf_counter()
        before = normalise(copy.deepcopy(nbformat.read(path, as_version=4)))
        after = execute(path, timeout=args.timeout)
        seconds = time.perf_counter() - start
        changed = nbformat.writes(before) != nbformat.writes(after)
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if args.check:
            status = "STALE" if changed else "ok"
            if changed:
                stale.append(rel)
        else:
            nbformat.write(after, path)
            status = "updated" if changed else "unchanged"
        print(f"{status:9s} {rel}  ({seconds:.1f} s)", flush=True)
    if stale:
        print(
            "\nThese notebooks' stored outputs are out of date; regenerate them with\n"
            "  python scripts/execute_notebooks.py " + " ".join(str(s) for s in stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
