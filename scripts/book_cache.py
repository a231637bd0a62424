"""Execute the book's notebooks into Jupyter Book's cache — only those whose code or inputs changed.

    .venv/bin/python scripts/book_cache.py            # bring the cache up to date, 2 at a time
    .venv/bin/python scripts/book_cache.py --status   # say what would run, and why; run nothing
    .venv/bin/python scripts/book_cache.py --jobs 1   # one notebook at a time

``python3 scripts/tasks.py book`` runs this before ``jupyter-book build``; notebooks run in
the build's environment (static explorers, ``PYTHONHASHSEED=0``). The book is configured with
``execute_notebooks: cache``, so the build then takes every notebook's outputs from the
cache and executes nothing itself. The PDF build (``scripts/build_pdf.py``) reads the same
cache, so the notebooks are executed once for both.

A notebook is executed again when its **key** changes. The key covers

* the notebook's code cells and their metadata (Jupyter Book's own cache key: editing a
  markdown cell changes nothing);
* the source of every ``socmodels`` module the notebook imported, directly or not, the last
  time it ran (recorded from the kernel's ``sys.modules``): editing a model re-runs only the
  notebooks that use it;
* the environment: Python and every installed package's version, ``_config.yml``'s
  ``execute`` settings, and the variables that change outputs
  (``SOCMODELS_STATIC_EXPLORERS``, ``PYTHONHASHSEED``).

Notebooks run as Jupyter Book runs them (nbclient, a fresh kernel started in the
notebook's folder, the ``execute.timeout`` of ``_config.yml``, no error allowed), so their
outputs are the same; several run at once, each in its own kernel, which changes no output.
The longest ones start first: by their last recorded time, or on a clean build (no
recorded time) by the estimates of ``ESTIMATED_SECONDS``. The state — key, imported
modules, time taken, when executed — is kept beside the cache in
``_build/.jupyter_cache/socmodels-execution.json``; ``_ext/socmodels_cache.py`` uses it to
make Sphinx re-read the pages whose notebooks were executed again.

A clean build (``tasks.py book --clean``, and always in CI) deletes ``_build``, cache included.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import platform
import sys
import time
import traceback
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STATE_NAME = "socmodels-execution.json"
STATE_VERSION = 1
#: Environment variables whose value changes what a notebook prints or draws.
OUTPUT_VARIABLES = ("SOCMODELS_STATIC_EXPLORERS", "PYTHONHASHSEED")
#: The book build's values of those (tasks.py): static explorers, a fixed hash seed. The
#: cache serves the site and the PDF, so notebooks always run with these.
BUILD_ENVIRONMENT = {"SOCMODELS_STATIC_EXPLORERS": "1", "PYTHONHASHSEED": "0"}
#: Seconds each notebook took in a CI build (2 at a time), for a clean build's schedule
#: when the cache holds no recorded time (it is deleted with ``_build``). Only the order
#: depends on these: a stale or missing estimate costs time, never a wrong output.
ESTIMATED_SECONDS = {
    "coevolving_networks": 40,
    "spatial_public_goods": 35,
    "algorithmic_bias": 31,
    "culture": 27,
    "global_cascades": 22,
    "joint_governance": 22,
    "validation": 22,
    "schelling": 18,
    "percolation": 16,
    "ai_companions": 16,
    "bounded_confidence": 15,
    "sharing_rules": 15,
    "trust_game": 14,
}
#: The estimate for a notebook not listed above (the others take 7–13 s).
DEFAULT_SECONDS = 10.0
_PROBE_MARK = "__socmodels_imported_modules__:"
#: Run after the notebook's own cells, in the same kernel; removed from the result.
_PROBE = (
    "import json as _j, sys as _s\n"
    "print(" + repr(_PROBE_MARK) + " + _j.dumps(sorted({getattr(_m, '__file__', None) or '' "
    "for _n, _m in list(_s.modules.items()) "
    "if _n == 'socmodels' or _n.startswith('socmodels.')})))"
)


# --------------------------------------------------------------------------- the book


def _toc_files(entries) -> list[str]:
    names = []
    for entry in entries or []:
        if "file" in entry:
            names.append(entry["file"])
        for key in ("sections", "chapters", "parts"):
            names.extend(_toc_files(entry.get(key)))
    return names


def toc_notebooks(book: Path) -> list[Path]:
    """The notebooks of the table of contents, in reading order."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"], *_toc_files(toc.get("parts")), *_toc_files(toc.get("chapters"))]
    found = []
    for name in names:
        path = book / f"{name.removesuffix('.ipynb').removesuffix('.md')}.ipynb"
        if path.exists() and path not in found:
            found.append(path)
    return found


def execute_settings(book: Path) -> dict:
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
    return dict(config.get("execute") or {})


def cache_path(book: Path, path_output: Path | None) -> Path:
    """Where Jupyter Book keeps its execution cache (``execute.cache`` or the default)."""
    configured = execute_settings(book).get("cache")
    if configured:
        return (book / configured).resolve()
    return ((path_output or book) / "_build" / ".jupyter_cache").resolve()


# --------------------------------------------------------------------------- keys


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def environment_fingerprint(book: Path) -> str:
    """Python, every installed distribution's version, execute settings, output variables."""
    distributions = sorted(
        {
            f"{dist.metadata['Name']}=={dist.version}"
            for dist in importlib.metadata.distributions()
            if dist.metadata["Name"]
        }
    )
    variables = [f"{name}={os.environ.get(name, '')}" for name in OUTPUT_VARIABLES]
    settings = json.dumps(execute_settings(book), sort_keys=True, default=str)
    return _digest(sys.version, platform.machine(), settings, *variables, *distributions)


def _file_digest(path: str, book: Path) -> str:
    file = Path(path) if Path(path).is_absolute() else book / path
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def notebook_key(code_hash: str, modules: list[str], environment: str, book: Path) -> str:
    return _digest(
        code_hash, environment, *(f"{m}:{_file_digest(m, book)}" for m in sorted(modules))
    )


def _relative(path: str, book: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(book))
    except ValueError:
        return str(Path(path).resolve())


# --------------------------------------------------------------------------- state


def read_state(cache: Path) -> dict:
    try:
        state = json.loads((cache / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if state.get("version") != STATE_VERSION:
        return {}
    return state.get("notebooks", {})


def write_state(cache: Path, notebooks: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / STATE_NAME
    temporary = target.with_suffix(".tmp")
    temporary.write_text(
        json.dumps({"version": STATE_VERSION, "notebooks": notebooks}, indent=1, sort_keys=True),
        encoding="utf-8",
    )
    temporary.replace(target)


def plan(book: Path, cache, notebooks: list[Path], state: dict, environment: str):
    """``[(path, code hash, reason or None)]``: None when the cached outputs are current."""
    import nbformat
    from jupyter_cache.cache.db import NbCacheRecord

    result = []
    for path in notebooks:
        name = _relative(str(path), book)
        nb = nbformat.read(path, as_version=4)
        _, code_hash = cache.create_hashed_notebook(nb)
        entry = state.get(name)
        try:
            record = NbCacheRecord.record_from_hashkey(code_hash, cache.db)
        except KeyError:
            record = None
        if entry is None or record is None:
            reason = "not in the cache"
        elif entry.get("hash") != code_hash:
            reason = "code cells changed"
        elif entry.get("record") != record.pk:
            reason = "cached by another tool"
        elif entry.get("environment") != environment:
            reason = "environment changed (Python, packages, settings or variables)"
        elif entry.get("key") != notebook_key(code_hash, entry["modules"], environment, book):
            changed = [
                m
                for m in entry["modules"]
                if entry.get("module_digests", {}).get(m) != _file_digest(m, book)
            ]
            reason = "changed: " + (", ".join(changed) or "its inputs")
        else:
            reason = None
        result.append((path, code_hash, reason))
    return result


# --------------------------------------------------------------------------- execution


def expected_seconds(path: Path, state: dict, book: Path) -> float:
    """How long ``path`` should take: its last recorded time, else :data:`ESTIMATED_SECONDS`."""
    recorded = state.get(_relative(str(path), book), {}).get("seconds")
    if recorded is not None:
        return float(recorded)
    return float(ESTIMATED_SECONDS.get(Path(path).stem, DEFAULT_SECONDS))


def execute_notebook(path: str, timeout: int | None, allow_errors: bool):
    """Run one notebook as Jupyter Book does; returns (notebook JSON, modules, seconds, error)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(path, as_version=4)
    # As jupyter-cache (Jupyter Book's executor): a notebook's own settings win.
    overrides = nb.metadata.get("execution", {})
    timeout = overrides.get("timeout", timeout)
    allow_errors = overrides.get("allow_errors", allow_errors)
    nb.cells.append(nbformat.v4.new_code_cell(_PROBE))
    client = NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=allow_errors,
        record_timing=False,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        return None, [], time.perf_counter() - started, str(error)
    except Exception:  # a kernel that dies, a missing kernel: report, do not hang the pool
        return None, [], time.perf_counter() - started, traceback.format_exc()
    seconds = time.perf_counter() - started
    probe = nb.cells.pop()
    modules = []
    for output in probe.get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(_PROBE_MARK):
                modules = [m for m in json.loads(line[len(_PROBE_MARK) :]) if m]
    return nbformat.writes(nb), modules, seconds, None


def update(
    book: Path = ROOT,
    path_output: Path | None = None,
    *,
    jobs: int = 2,
    status_only: bool = False,
    log=print,
) -> dict:
    """Bring the cache up to date; returns the names ``executed``, ``cached`` and ``failed``."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    os.environ.update(BUILD_ENVIRONMENT)  # inherited by the workers and their kernels
    book = book.resolve()
    cache_dir = cache_path(book, path_output)
    cache = get_cache(str(cache_dir))
    notebooks = toc_notebooks(book)
    state = read_state(cache_dir)
    environment = environment_fingerprint(book)
    decisions = plan(book, cache, notebooks, state, environment)
    todo = [(path, code_hash, reason) for path, code_hash, reason in decisions if reason]
    cached = [_relative(str(p), book) for p, _, reason in decisions if not reason]
    summary = {"executed": [], "cached": cached, "failed": []}
    log(
        f"Notebook outputs: {len(cached)} of {len(decisions)} current in {cache_dir}"
        + (f"; {len(todo)} to execute" if todo else "")
    )
    for path, _, reason in todo:
        log(f"  {_relative(str(path), book)}: {reason}")
    if status_only or not todo:
        return summary

    settings = execute_settings(book)
    timeout = settings.get("timeout")
    allow_errors = bool(settings.get("allow_errors", False))
    # Longest first, so the last notebook to start is a short one (and no worker idles
    # while the other finishes a long one): by the last recorded time, else the estimate.
    todo.sort(key=lambda item: -expected_seconds(item[0], state, book))
    jobs = max(1, min(jobs, len(todo)))
    log(f"Executing {len(todo)} notebook(s), {jobs} at a time")
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            pool.submit(execute_notebook, str(path), timeout, allow_errors): (path, code_hash)
            for path, code_hash, _ in todo
        }
        for future in concurrent.futures.as_completed(futures):
            path, code_hash = futures[future]
            name = _relative(str(path), book)
            text, modules, seconds, error = future.result()
            if error is not None:
                log(f"  FAILED {name} ({seconds:.0f} s):\n{error}")
                summary["failed"].append(name)
                continue
            nb = nbformat.reads(text, as_version=4)
            record = cache.cache_notebook_bundle(
                CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            # Drop this notebook's records for older code: they can never match again.
            for old in cache.list_cache_records():
                if old.uri == str(path) and old.pk != record.pk:
                    cache.remove_cache(old.pk)
            modules = sorted({_relative(m, book) for m in modules})
            state[name] = {
                "hash": code_hash,
                "record": record.pk,
                "environment": environment,
                "modules": modules,
                "module_digests": {m: _file_digest(m, book) for m in modules},
                "key": notebook_key(code_hash, modules, environment, book),
                "seconds": round(seconds, 2),
                "executed_us": time.time_ns() // 1_000,
            }
            write_state(cache_dir, state)
            summary["executed"].append(name)
            log(f"  executed {name} in {seconds:.1f} s")
    log(f"Executed {len(summary['executed'])} notebook(s) in {time.perf_counter() - started:.0f} s")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT, help="the book's folder")
    parser.add_argument(
        "--path-output", type=Path, default=None, help="as jupyter-book build's (default: --book)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=int(os.environ.get("SOCMODELS_NOTEBOOK_JOBS", 0)) or min(2, os.cpu_count() or 1),
        help="notebooks executed at once (default: 2, or fewer cores; SOCMODELS_NOTEBOOK_JOBS)",
    )
    parser.add_argument("--status", action="store_true", help="only say what would be executed")
    args = parser.parse_args(argv)
    summary = update(args.book, args.path_output, jobs=args.jobs, status_only=args.status)
    if summary["failed"]:
        print(
            "\nFAILED: these notebooks raised (the traceback is above): "
            + " ".join(summary["failed"]),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
