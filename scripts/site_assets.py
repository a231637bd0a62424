#!/usr/bin/env python3
"""Fetch the files the static site serves itself, so reading it needs no third-party host.

    python3 scripts/site_assets.py    # npm ci in site/ (if needed), copy into _site_assets/

``site/package.json`` and ``site/package-lock.json`` pin them; they come from the npm registry
with ``npm ci`` (exact versions from the lock file, integrity-checked), and nothing fetched is
committed: ``site/node_modules/`` and ``_site_assets/`` are git-ignored.

- ``@jupyter-widgets/html-manager`` 1.x: its standalone ``dist/embed.js`` (no require.js) with
  its lazily loaded chunks and fonts renders the explorers' widgets on the static pages.
- ``mathjax`` 3: typesets the book's mathematics (Sphinx would load it from a CDN).
- ``axe-core`` (a dev dependency, not copied into the site): the accessibility checks of
  ``tests/site``.

The live explorables (``site/explorables/``, the book's own modules, nothing fetched) are copied
into ``_site_assets/explorables/`` by the extension at every HTML build, not by this script.

The local Sphinx extension ``_ext/socmodels_site.py`` serves ``_site_assets/`` through
``html_extra_path`` (copied to the site's root, and loaded only by the pages that need it, unlike
files in a book's ``_static/``, which Jupyter Book adds to every page) and points myst-nb and
Sphinx's MathJax at these copies.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "site"
NODE_MODULES = PACKAGE_DIR / "node_modules"
OUTPUT = ROOT / "_site_assets"
#: Where the assets land inside the built site (``html_extra_path`` copies OUTPUT's contents).
VENDOR = "vendor"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

# What to copy from each package: (source folder, destination under OUTPUT/VENDOR, keep(path)).
# html-manager: the standalone bundle, the chunks it loads from its own folder and its fonts;
# not the source maps (≈ 11 MB) or the require.js variants.
# MathJax: the combined TeX+MathML→CHTML component and the folders it loads extensions, fonts,
# the accessibility menu and speech rules from; not the other combined components.
MATHJAX_KEEP = {"tex-mml-chtml.js", "input", "output", "a11y", "ui", "sre", "adaptors"}


def _keep_html_manager(relative: Path) -> bool:
    name = relative.name
    return not (name.endswith(".map") or name in {"embed-amd.js", "libembed-amd.js"})


def _keep_mathjax(relative: Path) -> bool:
    return relative.parts[0] in MATHJAX_KEEP and "svg" not in relative.parts[:2]


COPIES = [
    ("@jupyter-widgets/html-manager/dist", "html-manager", _keep_html_manager),
    ("mathjax/es5", "mathjax", _keep_mathjax),
]
LICENCES = {
    "@jupyter-widgets/html-manager/LICENSE": "html-manager/LICENSE",
    "mathjax/LICENSE": "mathjax/LICENSE",
}


def say(message: str) -> None:
    print(f"[site_assets] {message}", flush=True)


def find_npm() -> str:
    """Return the npm executable, installing Debian's ``npm`` when possible."""
    npm = shutil.which("npm")
    if npm:
        return npm
    # tasks.py sits beside this script (on sys.path when the script runs).
    from tasks import apt_install

    if apt_install(("nodejs", "npm"), "needed for the site's assets"):
        npm = shutil.which("npm")
        if npm:
            return npm
    sys.exit(
        "[site_assets] FAILED: `npm` (Node.js's package manager) is needed to fetch the site's "
        "widget manager, MathJax and axe-core, and it is not on PATH. Install Node.js 18+ with "
        "npm (on Debian/Ubuntu: `apt-get install nodejs npm`) and run this again."
    )


def lock_digest() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()


def install() -> None:
    """``npm ci`` unless node_modules already holds exactly the locked packages."""
    stamp = NODE_MODULES / ".socmodels-installed"
    digest = lock_digest()
    if stamp.exists() and stamp.read_text() == digest:
        say("site/node_modules is up to date with site/package-lock.json")
        return
    npm = find_npm()
    say("npm ci in site/ (exact versions from package-lock.json)")
    # --ignore-scripts: nothing we copy needs an install script (they print banners, or patch
    # core-js), and skipping them keeps the step side-effect free.
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PACKAGE_DIR,
        check=True,
    )
    stamp.write_text(digest)


def copy_assets() -> dict[str, int]:
    """Copy the served files into OUTPUT/VENDOR, replacing what was there; bytes per package."""
    target_root = OUTPUT / VENDOR
    if OUTPUT.exists():
        shutil.rmtree(OUTPUT)
    sizes = {}
    for source, destination, keep in COPIES:
        source_dir = NODE_MODULES / source
        if not source_dir.is_dir():
            sys.exit(f"[site_assets] FAILED: {source_dir} is missing after npm ci")
        total = 0
        for path in sorted(source_dir.rglob("*")):
            relative = path.relative_to(source_dir)
            if path.is_file() and keep(relative):
                target = target_root / destination / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                total += path.stat().st_size
        sizes[destination] = total
    for source, destination in LICENCES.items():
        shutil.copyfile(NODE_MODULES / source, target_root / destination)
    return sizes


def main() -> None:
    install()
    if not AXE_JS.exists():
        sys.exit(f"[site_assets] FAILED: {AXE_JS} is missing after npm ci")
    sizes = copy_assets()
    listing = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes.items())
    say(f"copied into {OUTPUT.relative_to(ROOT)}/{VENDOR}/: {listing}")


if __name__ == "__main__":
    main()
