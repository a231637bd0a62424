"""Local Sphinx extension: incremental builds that give the same site as a clean build.

Registered in ``_config.yml`` (``sphinx: local_extensions``). It

- makes Sphinx re-read the pages whose notebooks were executed again (below);
- keeps every page in ``sitemap.xml``: sphinx-sitemap lists only the pages written in the
  current build, so an incremental build would leave out every unchanged page.

``scripts/book_cache.py`` executes a notebook again when a ``socmodels`` module it imports
(or the environment) changed, even though the notebook file itself did not. Sphinx decides
what to re-read from the source files' modification times, so on an incremental build it
would keep the page built from the old outputs. This extension reads the time each
notebook was last executed from ``socmodels-execution.json`` beside Jupyter Book's cache and
marks every page read before that time as outdated.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

STATE_NAME = "socmodels-execution.json"


def _cache_dir(app: Sphinx) -> Path:
    config = getattr(app.env, "mystnb_config", None)
    configured = getattr(config, "execution_cache_path", "") if config else ""
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def outdated_notebooks(app: Sphinx, env, added, changed, removed) -> list[str]:
    try:
        state = json.loads((_cache_dir(app) / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    srcdir = Path(app.srcdir).resolve()
    outdated = []
    for name, entry in state.get("notebooks", {}).items():
        path = Path(name) if Path(name).is_absolute() else srcdir / name
        try:
            docname = str(path.resolve().relative_to(srcdir).with_suffix("")).replace("\\", "/")
        except ValueError:
            continue
        read_at = env.all_docs.get(docname)  # microseconds since the epoch, when last read
        if read_at is not None and entry.get("executed_us", 0) > read_at:
            outdated.append(docname)
    return outdated


def _record_written(app: Sphinx, pagename, templatename, context, doctree) -> None:
    app.socmodels_written = getattr(app, "socmodels_written", set()) | {pagename}


def complete_sitemap(app: Sphinx, exception) -> None:
    """Queue the pages this build did not write, before sphinx-sitemap writes its file."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.name != "html":
        return
    from sphinx_sitemap import is_excluded

    written = getattr(app, "socmodels_written", set())
    suffix = app.builder.config.html_file_suffix or ".html"
    for docname in sorted(app.env.found_docs - written):
        link = docname + suffix
        if not is_excluded(link, app.builder.config.sitemap_excludes):
            links.put((link, None))


def _merge_cached_outputs_in_place() -> None:
    """Make myst-nb render the cached outputs, not the ones stored in the notebook file.

    myst-nb 1.4's cache client merges the cached outputs into a *new* notebook object, while
    the page is rendered (and ``jupyter_execute/`` written) from the object it passed in: a
    cached build then shows the file's stored outputs and drops the widget state that only
    the build's static explorers have (no explorer, no ``<noscript>`` frame). Force mode
    executes in place, so it never showed. Copy the merged outputs and notebook metadata
    into the original object.
    """
    from myst_nb.core.execute.cache import NotebookClientCache

    if getattr(NotebookClientCache, "_socmodels_in_place", False):
        return
    start_client = NotebookClientCache.start_client

    def start_in_place(self):
        original = self._notebook
        start_client(self)
        merged = self._notebook
        if merged is original:
            return
        original.metadata.update(merged.metadata)
        for cell, cached in zip(original.cells, merged.cells, strict=True):
            if cell.get("cell_type") == "code":
                cell.outputs = cached.get("outputs", [])
                cell.execution_count = cached.get("execution_count")
        self._notebook = original

    NotebookClientCache.start_client = start_in_place
    NotebookClientCache._socmodels_in_place = True


def setup(app: Sphinx) -> dict:
    _merge_cached_outputs_in_place()
    app.connect("env-get-outdated", outdated_notebooks)
    app.connect("html-page-context", _record_written)
    # Before sphinx-sitemap's own build-finished handler (default priority 500).
    app.connect("build-finished", complete_sitemap, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
