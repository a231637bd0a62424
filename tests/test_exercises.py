"""Exercises and the student's path, read from the notebooks' markdown (no build, no kernel).

Every chapter notebook in ``_toc.yml``:

- starts with its learning objectives and prerequisites (in its first markdown cell);
- has at least three exercises, each titled with a badge giving its level and its kind,
  ``:::{exercise} **[core · coding]** A title``, and each with a solution hidden until
  clicked (``:class: dropdown``: on the site, and in JupyterLab with jupyterlab-myst);

and every chapter (a folder of ``chapters/``) has at least one discussion question, which
needs no code, and at least one open project that extends a model.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("warm-up", "core", "challenge", "project")
KINDS = ("discussion", "coding", "mathematics")
MIN_EXERCISES = 3

#: An exercise directive: its title line and its options (the label among them).
EXERCISE = re.compile(
    r"^:::\{exercise\}(?P<title>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)", re.M
)
SOLUTION = re.compile(
    r"^:::\{solution\}[ \t]*(?P<label>\S+)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)", re.M
)
#: The badge that opens every exercise title.
BADGE = re.compile(r"^\*\*\[(?P<level>[\w-]+) · (?P<kind>[\w-]+)\]\*\*\s+\S")
ANY_EXERCISE = re.compile(r"\{exercise\}")
ANY_SOLUTION = re.compile(r"\{solution\}")


def _docnames(entries) -> list[str]:
    names = []
    for entry in entries or []:
        if "file" in entry:
            names.append(entry["file"])
        for key in ("sections", "chapters", "parts"):
            names.extend(_docnames(entry.get(key)))
    return names


def chapter_notebooks() -> list[Path]:
    """Notebooks listed in the table of contents, in its order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"], *_docnames(toc.get("parts")), *_docnames(toc.get("chapters"))]
    paths = [ROOT / f"{n.removesuffix('.ipynb').removesuffix('.md')}.ipynb" for n in names]
    return [p for p in paths if p.exists()]


def markdown(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def exercises(text: str) -> list[dict]:
    """Each exercise: label, title, level and kind (None when the badge is missing)."""
    found = []
    for match in EXERCISE.finditer(text):
        label = re.search(r"^:label:\s*(\S+)", match["options"], re.M)
        title = match["title"].strip()
        badge = BADGE.match(title)
        found.append(
            {
                "label": label.group(1) if label else None,
                "title": title,
                "level": badge["level"] if badge else None,
                "kind": badge["kind"] if badge else None,
            }
        )
    return found


def solutions(text: str) -> dict[str, str]:
    """Each solution's options, by the label of its exercise."""
    return {m["label"]: m["options"] for m in SOLUTION.finditer(text)}


NOTEBOOKS = chapter_notebooks()
CHAPTERS = sorted({p.parent for p in NOTEBOOKS})
#: The template new chapters start from follows the same format.
TEMPLATE = ROOT / "chapters" / "_template" / "model_family.ipynb"
CHECKED = [*NOTEBOOKS, TEMPLATE]
IDS = [str(p.relative_to(ROOT)) for p in CHECKED]


def test_the_toc_lists_chapter_notebooks():
    assert len(NOTEBOOKS) >= 10, NOTEBOOKS


@pytest.mark.parametrize("path", CHECKED, ids=IDS)
def test_notebook_opens_with_objectives_and_prerequisites(path):
    first = markdown(path)[0]
    assert first.lstrip().startswith("# "), (
        f"{path.name}: the first cell should open with its title"
    )
    assert re.search(r"learning objectives", first, re.I), (
        f"{path.name}: no learning objectives in the first markdown cell"
    )
    assert re.search(r"prerequisites", first, re.I), (
        f"{path.name}: no prerequisites in the first markdown cell"
    )


@pytest.mark.parametrize("path", CHECKED, ids=IDS)
def test_every_exercise_has_a_level_a_kind_and_a_hidden_solution(path):
    text = "\n\n".join(markdown(path))
    found = exercises(text)
    assert len(ANY_EXERCISE.findall(text)) == len(found), (
        f"{path.name}: write exercises as ':::{{exercise}} **[level · kind]** Title' followed "
        "by ':label:' (colon fences), so that they can be counted"
    )
    assert len(found) >= MIN_EXERCISES, (
        f"{path.name}: {len(found)} exercises, at least {MIN_EXERCISES} wanted"
    )
    problems = []
    hidden = solutions(text)
    assert len(ANY_SOLUTION.findall(text)) == len(hidden), f"{path.name}: unparsed solutions"
    for exercise in found:
        name = exercise["label"] or exercise["title"]
        if exercise["label"] is None:
            problems.append(f"{name}: no :label:")
        if exercise["level"] not in LEVELS or exercise["kind"] not in KINDS:
            problems.append(
                f"{name}: title {exercise['title']!r} does not start with a badge "
                f"**[level · kind]**, level in {LEVELS}, kind in {KINDS}"
            )
        options = hidden.get(exercise["label"])
        if options is None:
            problems.append(f"{name}: no solution")
        elif not re.search(r"^:class:.*\bdropdown\b", options, re.M):
            problems.append(f"{name}: its solution is not hidden (add ':class: dropdown')")
    stray = set(hidden) - {e["label"] for e in found}
    problems += [f"solution {label}: no exercise with that label" for label in sorted(stray)]
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_exercise_labels_are_unique_in_the_book():
    labels = [e["label"] for p in NOTEBOOKS for e in exercises("\n\n".join(markdown(p)))]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    assert not duplicates, f"exercise labels used twice: {duplicates}"


@pytest.mark.parametrize("folder", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_every_chapter_has_a_discussion_question_and_a_project(folder):
    found = [
        e for p in NOTEBOOKS if p.parent == folder for e in exercises("\n\n".join(markdown(p)))
    ]
    kinds = {e["kind"] for e in found}
    levels = {e["level"] for e in found}
    assert "discussion" in kinds, f"{folder.name}: no discussion question (kind 'discussion')"
    assert "project" in levels, f"{folder.name}: no open project (level 'project')"


def test_the_parser_reads_the_documented_format():
    text = (
        ":::{exercise} **[core · coding]** Six ties per person\n:label: x-ex-1\nQ\n:::\n\n"
        ":::{solution} x-ex-1\n:class: dropdown\nA\n:::\n\n"
        ":::{exercise} Untitled badge\n:label: x-ex-2\nQ\n:::\n"
    )
    first, second = exercises(text)
    assert (first["label"], first["level"], first["kind"]) == ("x-ex-1", "core", "coding")
    assert second["level"] is None and second["label"] == "x-ex-2"
    assert solutions(text) == {"x-ex-1": ":class: dropdown\n"}


# --------------------------------------------------------------------------- student copies


def test_student_copy_removes_every_solution_and_nothing_else(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import student_copy

    source = ROOT / "chapters" / "measures" / "measuring_society.ipynb"
    assert student_copy.main([str(source), "-o", str(tmp_path)]) == 0
    original = nbformat.read(source, as_version=4)
    copy = nbformat.read(tmp_path / source.name, as_version=4)
    nbformat.validate(copy)
    text = "\n\n".join(markdown(tmp_path / source.name))
    assert not ANY_SOLUTION.search(text)
    assert [e["label"] for e in exercises(text)] == [
        e["label"] for e in exercises("\n\n".join(markdown(source)))
    ]
    for before, after in zip(original.cells, copy.cells, strict=True):
        if before.cell_type == "code":
            assert after == before, "code cells and their outputs are kept as they are"


def test_student_copy_handles_code_and_nested_directives():
    sys.path.insert(0, str(ROOT / "scripts"))
    from student_copy import without_solutions

    text = (
        ":::{exercise} **[core · coding]** T\n:label: a\nQ\n:::\n\n"
        ":::{solution} a\n:class: dropdown\n```python\n:::\n```\n"
        "::::{note}\ninner\n::::\nend\n:::\n\nAfter.\n"
    )
    kept, removed = without_solutions(text)
    assert removed == 1
    assert kept == ":::{exercise} **[core · coding]** T\n:label: a\nQ\n:::\n\nAfter.\n"
