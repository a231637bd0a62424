"""scripts/book_cache.py: which notebooks a build executes again, and why.

A tiny book in a temporary folder (one notebook importing ``socmodels.measures``) is
brought up to date twice; each edit must re-execute exactly when the outputs could change.
One kernel per execution, a few seconds in all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import book_cache  # noqa: E402


@pytest.fixture
def tiny_book(tmp_path) -> Path:
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: nb\n")
    (tmp_path / "_config.yml").write_text("execute:\n  execute_notebooks: cache\n  timeout: 120\n")
    (tmp_path / "intro.md").write_text("# Intro\n")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A notebook\n\nSome prose."),
        nbformat.v4.new_code_cell("from socmodels import measures\nprint(measures.gini([1, 3]))"),
    ]
    nbformat.write(nb, tmp_path / "nb.ipynb")
    return tmp_path


def _update(book: Path) -> dict:
    return book_cache.update(book, jobs=1, log=lambda *_: None)


def _edit(book: Path, cell: int, source: str) -> None:
    nb = nbformat.read(book / "nb.ipynb", as_version=4)
    nb.cells[cell].source = source
    nbformat.write(nb, book / "nb.ipynb")


def _reasons(book: Path) -> list:
    from jupyter_cache import get_cache

    cache_dir = book_cache.cache_path(book, None)
    decisions = book_cache.plan(
        book,
        get_cache(str(cache_dir)),
        book_cache.toc_notebooks(book),
        book_cache.read_state(cache_dir),
        book_cache.environment_fingerprint(book),
    )
    return [reason for _, _, reason in decisions]


def test_toc_notebooks_are_the_books_notebooks_in_reading_order():
    notebooks = book_cache.toc_notebooks(ROOT)
    assert notebooks and all(p.suffix == ".ipynb" and p.exists() for p in notebooks)
    assert ROOT / "chapters" / "measures" / "measuring_society.ipynb" == notebooks[0]
    assert not any("_template" in p.parts for p in notebooks)


def test_only_code_or_inputs_changes_execute_a_notebook_again(tiny_book, monkeypatch):
    first = _update(tiny_book)
    assert first["executed"] == ["nb.ipynb"] and not first["failed"]
    state = book_cache.read_state(book_cache.cache_path(tiny_book, None))["nb.ipynb"]
    imported = {Path(m).name for m in state["modules"]}
    assert {"measures.py", "_validation.py", "__init__.py"} <= imported
    assert "consensus.py" not in imported  # not imported by this notebook: its edits are free

    assert _update(tiny_book)["executed"] == []
    _edit(tiny_book, 0, "# A notebook\n\nOther prose.")  # markdown only
    assert _update(tiny_book)["executed"] == []

    measures = next(m for m in state["modules"] if m.endswith("measures.py"))
    real_digest = book_cache._file_digest
    monkeypatch.setattr(
        book_cache,
        "_file_digest",
        lambda path, book: "edited" if path == measures else real_digest(path, book),
    )
    assert _reasons(tiny_book) == [f"changed: {measures}"]
    monkeypatch.setattr(book_cache, "_file_digest", real_digest)

    monkeypatch.setenv("SOCMODELS_STATIC_EXPLORERS", "0")  # the build's value is "1"
    assert _reasons(tiny_book) == ["environment changed (Python, packages, settings or variables)"]
    monkeypatch.setenv("SOCMODELS_STATIC_EXPLORERS", "1")

    _edit(tiny_book, 1, "from socmodels import measures\nprint(measures.gini([1, 4]))")
    assert _reasons(tiny_book) == ["not in the cache"]
    assert _update(tiny_book)["executed"] == ["nb.ipynb"]


def test_outputs_are_cached_as_jupyter_book_reads_them(tiny_book):
    from jupyter_cache import get_cache

    _update(tiny_book)
    cache = get_cache(str(book_cache.cache_path(tiny_book, None)))
    source = nbformat.read(tiny_book / "nb.ipynb", as_version=4)
    _, merged = cache.merge_match_into_notebook(source)  # what myst-nb does in cache mode
    code = [c for c in merged.cells if c.cell_type == "code"]
    assert len(code) == 1, "the module probe must not be left in the cached notebook"
    assert code[0].outputs[0]["text"].strip() == "0.25"
    assert code[0].execution_count == 1


def test_a_failing_notebook_is_reported_and_not_cached(tiny_book):
    _edit(tiny_book, 1, "raise RuntimeError('boom')")
    result = _update(tiny_book)
    assert result["failed"] == ["nb.ipynb"] and result["executed"] == []
    assert _reasons(tiny_book) == ["not in the cache"]


def test_a_clean_build_starts_the_longest_notebooks_first():
    notebooks = book_cache.toc_notebooks(ROOT)
    stems = {p.stem for p in notebooks}
    # Every estimate names a notebook of the book (a renamed notebook would lose its place).
    assert set(book_cache.ESTIMATED_SECONDS) <= stems
    order = sorted(notebooks, key=lambda p: -book_cache.expected_seconds(p, {}, ROOT))
    longest = max(book_cache.ESTIMATED_SECONDS, key=book_cache.ESTIMATED_SECONDS.get)
    assert order[0].stem == longest
    assert book_cache.expected_seconds(order[-1], {}, ROOT) == book_cache.DEFAULT_SECONDS
    # A recorded time wins over the estimate.
    name = str(order[-1].relative_to(ROOT))
    assert book_cache.expected_seconds(order[-1], {name: {"seconds": 99.5}}, ROOT) == 99.5
