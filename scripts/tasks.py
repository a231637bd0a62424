#!/usr/bin/env python3
"""The book's two commands: build it, and test it.

    python3 scripts/tasks.py book [--serve]   # install into .venv, build the site
    python3 scripts/tasks.py book --clean     # the same from scratch: every notebook executed
    python3 scripts/tasks.py test             # install test tools, build from clean, run every test
    python3 scripts/tasks.py pdf              # the whole book as one PDF (installs TeX Live)

``book`` executes only the notebooks whose code cells, ``socmodels`` modules or environment
changed since the last build (``scripts/book_cache.py``, two at a time) and lets Sphinx
re-read only the changed pages; ``--clean``, ``test`` and any run with ``CI`` set delete
``_build`` first, so every notebook is executed (still two at a time). The PDF reuses the
notebook outputs the site build cached. ``test`` runs pytest on two workers
(``pytest-xdist --dist loadfile``: each file, so each notebook's cells, stays in one worker
and one kernel) and ends with the time each phase took.

Needs Python 3.11+ with its ``venv`` module, and Node.js's ``npm`` for the files the site
serves itself (widget manager, MathJax; ``scripts/site_assets.py`` installs Debian's ``npm``
when it is missing and it can). Everything else is installed into ``.venv`` from the pinned
``requirements*.txt``. The test command also installs
Debian's ``chromium`` for the browser tests, ``nodejs`` for the docking tests of the live
explorables (``node --test``, run by ``tests/test_docking.py``) and TeX Live for the PDF when it
can (as root, or with sudo).
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
SITE = ROOT / "_build" / "html"


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(*command, env=None, check=True) -> int:
    print("$ " + " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(f"\nFAILED (exit {result.returncode}): {' '.join(str(c) for c in command)}")
    return result.returncode


def ensure_venv(requirements: str) -> None:
    """Create .venv and install ``requirements`` unless that exact file is installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs on the system Python, maybe older
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        say("Creating the virtual environment .venv")
        run(sys.executable, "-m", "venv", VENV)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    digest = hashlib.sha256()
    for name in sorted({requirements, "requirements.txt", "pyproject.toml"}):
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    say(f"Installing {requirements} into .venv")
    run(
        PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements
    )
    stamp.write_text(digest.hexdigest())


def site_assets() -> None:
    """Fetch the files the static site serves itself (see scripts/site_assets.py)."""
    script = ROOT / "scripts" / "site_assets.py"
    if script.exists():
        run(PYTHON, script)


#: (phase, seconds) of this run, printed at the end of ``test`` (and of ``book``).
PHASES: list[tuple[str, float]] = []


class phase:
    """Time a phase of the command: ``with phase("book build"): ...``."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        PHASES.append((self.name, time.perf_counter() - self.started))
        return False


def print_phases() -> None:
    if not PHASES:
        return
    total = sum(seconds for _, seconds in PHASES)
    width = max(len(name) for name, _ in PHASES)
    say("Time per phase")
    for name, seconds in PHASES:
        print(f"  {name:<{width}}  {seconds:7.1f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'total':<{width}}  {total:7.1f} s", flush=True)
    PHASES.clear()


def in_ci() -> bool:
    """True on a CI runner (GitHub Actions and most others set ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def notebook_jobs() -> int:
    """Notebooks executed (and pytest workers) at once: 2, or 1 on a single core;
    ``SOCMODELS_NOTEBOOK_JOBS`` overrides."""
    configured = os.environ.get("SOCMODELS_NOTEBOOK_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return min(2, os.cpu_count() or 1)


def build_book(*, clean: bool) -> None:
    """Build the site into _build/html.

    ``clean``: delete _build first (its execution cache included), so every notebook is
    executed and every page read again, as in CI. Otherwise only the notebooks whose code
    or inputs changed are executed (scripts/book_cache.py) and Sphinx re-reads only the
    pages that changed.
    """
    with phase("site assets"):
        site_assets()
    env = dict(os.environ, SOCMODELS_STATIC_EXPLORERS="1", PYTHONHASHSEED="0")
    if clean and SITE.parent.exists():
        shutil.rmtree(SITE.parent)
    say(
        "Building the book "
        + (
            "from clean (every notebook is executed"
            if clean
            else "(only notebooks whose code or inputs changed are executed"
        )
        + "; warnings are errors)"
    )
    started = time.perf_counter()
    with phase("notebooks executed (book_cache.py)"):
        run(PYTHON, ROOT / "scripts" / "book_cache.py", "--jobs", notebook_jobs(), env=env)
    with phase("site build (jupyter-book)"):
        run(BIN / "jupyter-book", "build", ".", "-W", "-n", "--keep-going", env=env)
    print(f"Built in {time.perf_counter() - started:.0f} s. The site is at {SITE / 'index.html'}")
    if not clean:
        print(
            "(An incremental build: Sphinx repeats no warning of an unchanged page. "
            "`python3 scripts/tasks.py book --clean` builds from scratch, as CI does.)"
        )


def serve(port: int) -> None:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving the book at http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def apt_install(packages, reason: str) -> bool:
    """Install Debian packages (as root, or with passwordless sudo); False if this user can't."""
    apt = shutil.which("apt-get")
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if apt is None or prefix is None:
        return False
    say(f"Installing Debian's {' '.join(packages)} ({reason})")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = ["-o", "Dpkg::Use-Pty=0"]
    run(*prefix, apt, *quiet, "update", "-qq", env=env)
    run(*prefix, apt, *quiet, "install", "-y", "-qq", "--no-install-recommends", *packages, env=env)
    return True


def ensure_browser() -> None:
    """Install Debian's chromium for the browser tests if it is missing."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if not apt_install(("chromium", "fonts-dejavu-core"), "for the browser tests"):
        print("chromium is missing and this user cannot install it; browser tests will fail.")


def ensure_node() -> None:
    """Install Debian's nodejs for the docking tests of the live explorables if it is missing."""
    if shutil.which("node"):
        return
    if not apt_install(("nodejs",), "for the docking tests of the live explorables"):
        print("node is missing and this user cannot install it; the docking tests will fail.")


#: Debian packages for the PDF (XeLaTeX, the LaTeX packages Sphinx and Jupyter Book load,
#: the FreeFont and Latin Modern fonts). About 95 MB; measured 3 min to install.
TEX_PACKAGES = (
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "texlive-xetex",
    "latexmk",
    "tex-gyre",
    "fonts-freefont-otf",
    "lmodern",
)


def ensure_tex() -> None:
    """Install Debian's TeX Live for the PDF build if it is missing."""
    freefont = Path("/usr/share/fonts/opentype/freefont/FreeSerif.otf")
    if shutil.which("latexmk") and shutil.which("xelatex") and freefont.exists():
        return
    if not apt_install(TEX_PACKAGES, "TeX Live for the PDF, about 3 minutes"):
        sys.exit(
            "The PDF needs TeX Live: install the Debian packages "
            + " ".join(TEX_PACKAGES)
            + " (this user cannot: no apt-get, or not root and no sudo)"
        )


def build_pdf() -> None:
    say("Building the PDF (scripts/build_pdf.py; warnings are errors; the site's outputs)")
    with phase("PDF build"):
        run(PYTHON, ROOT / "scripts" / "build_pdf.py")


def check_repository() -> None:
    """The pre-commit hooks on every file, as a contributor's commit runs them."""
    if not (ROOT / ".git").exists():
        print("Not a git checkout: skipping the pre-commit hooks.")
        return
    say(
        "Pre-commit hooks on every file: ruff, codespell, notebook metadata, YAML/JSON, "
        "actionlint, zizmor"
    )
    # Strict nbval on every notebook runs in pytest below; the hook would only repeat it.
    env = dict(os.environ, SKIP="nbval-changed")
    with phase("pre-commit hooks"):
        run(
            BIN / "pre-commit",
            "run",
            "--all-files",
            "--show-diff-on-failure",
            "--color=never",
            env=env,
        )


def pytest_command(workers: int) -> list:
    """Every test: unit, doctests, strict nbval, site. ``workers`` > 1: pytest-xdist with
    ``--dist loadfile``, which keeps every test of a file in one worker, so all cells of a
    notebook run in order in the one kernel nbval starts for that file (plain ``-n`` would
    scatter a notebook's cells over workers and kernels)."""
    command = [BIN / "pytest", "src", "tests", "chapters", "--doctest-modules", "--nbval"]
    command += ["--nbval-sanitize-with", "tests/sanitize.cfg", "--durations=15", "-ra"]
    if workers > 1:
        command += ["-n", str(workers), "--dist", "loadfile"]
    return command


def test() -> None:
    with phase("environment (.venv)"):
        ensure_venv("requirements-test.txt")
    check_repository()  # seconds: fail fast, before the system installs and the builds
    with phase("system packages (chromium, node, TeX Live)"):
        ensure_browser()
        ensure_node()
        ensure_tex()
    build_book(clean=True)  # the verdict CI gives: every notebook executed, every page read
    build_pdf()  # reuses the notebook outputs the site build just cached
    say("Running every test: unit and literature checks, doctests, strict nbval, site tests")
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("SOCMODELS_STATIC_EXPLORERS", None)
    with phase("pytest (unit, doctests, strict nbval, site)"):
        code = run(*pytest_command(notebook_jobs()), env=env, check=False)
    print_phases()  # before the verdict, so a failing run shows them too
    if code == 5:
        sys.exit("FAILED: pytest collected no tests")
    if code != 0:
        sys.exit(f"FAILED: pytest exited with {code} (the failures are listed above)")
    say("All tests passed")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    book = sub.add_parser("book", help="install into .venv and build the site into _build/html")
    book.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    book.add_argument(
        "--clean",
        action="store_true",
        help="delete _build first and execute every notebook (always so when CI is set)",
    )
    book.add_argument("--port", type=int, default=8000)
    sub.add_parser("test", help="install test tools, build the book and run every test")
    sub.add_parser("pdf", help="install TeX Live and build the book as one PDF")
    args = parser.parse_args(argv)
    try:
        if args.command == "book":
            ensure_venv("requirements.txt")
            build_book(clean=args.clean or in_ci())
            print_phases()
            if args.serve:
                serve(args.port)
        elif args.command == "pdf":
            ensure_venv("requirements.txt")
            ensure_tex()
            build_pdf()
        else:
            test()
    finally:
        print_phases()  # also when a phase failed: the times up to the failure


if __name__ == "__main__":
    main()
