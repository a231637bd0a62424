"""Local Sphinx extension: a self-contained, error-free, accessible static site.

Registered in ``_config.yml`` (``sphinx: local_extensions``). It

- serves the files fetched by ``scripts/site_assets.py`` from the site itself
  (``html_extra_path``) and points myst-nb's widget manager (``nb_ipywidgets_js``) and Sphinx's
  MathJax (``mathjax_path``) at them, so no page loads anything from a third-party host;
- removes the duplicate inline scripts Sphinx 7 writes into every page (sphinx-thebe's
  configuration is added twice, so the browser reports "Identifier 'THEBE_JS_URL' has already
  been declared"; fixed upstream in Sphinx 8.2.2, which Jupyter Book 1.x cannot use);
- gives the theme a default colour mode (its page template otherwise logs "Got invalid theme
  mode: ." on a first visit) and the site a favicon if ``_config.yml`` names none (otherwise
  every page logs a 404 for /favicon.ico);
- repairs markup that fails accessibility checks where it is written (bibliography list roles,
  empty table header cells, and — in ``templates/`` — the theme's search and colour-mode
  buttons, whose accessible names must contain their visible text, WCAG 2.5.3), and adds
  ``static/socmodels-site.js`` for what only exists in the browser (widget sliders' names,
  MathJax 2 calls from the widgets, theme landmarks; see there) and ``static/socmodels-site.css``
  (a visible keyboard focus on the sliders);
- serves the live explorables (``site/explorables/``, plain ES modules) from the site: copied
  into ``_site_assets/explorables/`` for every HTML build and loaded only by the pages that hold
  a ``<div class="socmodels-explorable" data-model=...>`` placeholder (docs/explorables.md);
- gives readers without JavaScript the default frame of every precomputed explorer (a
  ``<noscript>`` picture, taken from the executed notebook's PNG fallback of the widget), since
  the widgets themselves need JavaScript too;
- leaves the live explorables out of every build that is not HTML (the PDF): a placeholder's
  whole markdown cell, the placeholder and the prose that tells the reader what to watch and
  try in the browser, is removed, and the precomputed explorer's default frame that follows
  prints instead (``DropLiveExplorables``);
- shows the level and kind that open each exercise's title, ``**[core · coding]**``, as a badge.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ASSETS = ROOT / "_site_assets"
VENDOR = "vendor"
#: Script paths are relative to ``_static/``; these resolve to ``<site root>/vendor/...``.
EMBED_JS = f"../{VENDOR}/html-manager/embed.js"
MATHJAX_JS = f"../{VENDOR}/mathjax/tex-mml-chtml.js"
#: The live explorables' sources, and where the site serves them (``<site root>/explorables/``).
EXPLORABLES = ROOT / "site" / "explorables"
EXPLORABLES_SERVED = "explorables"
#: What of site/explorables/ the site serves: the engine and the model modules (not the tests,
#: the node package file or the docking reference).
EXPLORABLE_SUFFIXES = {".js", ".css"}
EXPLORABLE_SKIP = {"test"}
MOUNT_JS = f"../{EXPLORABLES_SERVED}/engine/mount.js"
EXPLORABLE_CSS = f"../{EXPLORABLES_SERVED}/engine/explorable.css"
PLACEHOLDER = 'class="socmodels-explorable"'
#: myst-nb numbers the lines of a notebook's cell ``i`` from ``(i + 1) * 10000 + 1``
#: (``myst_nb.core.nb_to_tokens``), so a node's line number tells which cell it came from.
NB_CELL_LINES = 10_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def configure(app: Sphinx, config) -> None:
    # Only if present: Sphinx warns about a missing html_extra_path entry in every build, and
    # the PDF (LaTeX) build needs none of these files. HTML builds check for them below.
    if ASSETS.is_dir() and str(ASSETS) not in map(str, config.html_extra_path):
        config.html_extra_path = [*config.html_extra_path, str(ASSETS)]
    # The standalone embed.js renders the widget state myst-nb writes into the page; it needs no
    # require.js and loads its chunks and fonts from its own folder.
    config.nb_ipywidgets_js = {EMBED_JS: {}}
    config.mathjax_path = MATHJAX_JS
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    # Template overrides of theme components (accessibility fixes, see templates/).
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    if not config.html_favicon:
        # Without one, every browser asks for /favicon.ico and logs its 404 as a console error.
        config.html_favicon = str(HERE / "static" / "favicon.svg")
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


def check_assets(app: Sphinx) -> None:
    """An HTML build without the site's own copies would silently load nothing: stop it."""
    if app.builder is None or app.builder.format != "html":
        return
    embed = ASSETS / VENDOR / "html-manager" / "embed.js"
    mathjax = ASSETS / VENDOR / "mathjax" / "tex-mml-chtml.js"
    missing = [str(p.relative_to(ROOT)) for p in (embed, mathjax) if not p.exists()]
    if missing:
        raise ExtensionError(
            f"the site's own copies of the widget manager and MathJax are missing ({missing}); "
            "run `python3 scripts/site_assets.py` first (scripts/tasks.py book does)"
        )
    stage_explorables()


def stage_explorables() -> int:
    """Copy the explorables' engine and modules into ``_site_assets/explorables/`` (served at
    ``<site root>/explorables/`` by ``html_extra_path``), fresh on every HTML build so the site
    never serves stale modules. Returns the number of bytes copied."""
    target = ASSETS / EXPLORABLES_SERVED
    if target.exists():
        shutil.rmtree(target)
    total = 0
    for path in sorted(EXPLORABLES.rglob("*")):
        relative = path.relative_to(EXPLORABLES)
        if not path.is_file() or path.suffix not in EXPLORABLE_SUFFIXES:
            continue
        if relative.parts[0] in EXPLORABLE_SKIP or relative.name.startswith("_"):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        total += path.stat().st_size
    return total


def add_explorables(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the explorable engine (an ES module) and its styles on pages with a placeholder."""
    body = context.get("body")
    if isinstance(body, str) and PLACEHOLDER in body:
        app.add_js_file(MOUNT_JS, type="module")
        app.add_css_file(EXPLORABLE_CSS)


def _nb_cell(node: nodes.Node) -> tuple[str | None, int] | None:
    """(source, cell index) of a node parsed from a notebook cell, or None if unknown."""
    line = getattr(node, "line", None)
    if not isinstance(line, int) or line <= NB_CELL_LINES:
        return None
    return getattr(node, "source", None), line // NB_CELL_LINES


class DropLiveExplorables(SphinxPostTransform):
    """Outside HTML, remove each live explorable's markdown cell: its placeholder and its prose.

    The live explorable needs a browser; what its cell says ("**Live.** … *Notice* … *Try* …")
    describes controls the PDF does not have. The cell is found by its placeholder (raw HTML
    with ``class="socmodels-explorable"``); every node of the same notebook cell beside it goes,
    and nothing else: the next cell, usually the precomputed explorer whose default frame is
    the PDF's picture, stays. MyST's ``{only} html`` cannot be used in the notebook instead:
    jupyterlab-myst shows it as an unknown directive in Binder (docs/explorables.md).
    """

    # Before references are resolved (10): the removed prose's references never are.
    default_priority = 5

    def is_supported(self) -> bool:
        return self.app.builder.format != "html"

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split() or PLACEHOLDER not in raw.astext():
                continue
            parent = raw.parent
            if parent is None:
                continue
            cell = _nb_cell(raw)
            if cell is None:
                logger.warning(
                    "a live explorable outside a notebook markdown cell: only its placeholder "
                    "is left out of the %s build (docs/explorables.md)",
                    self.app.builder.name,
                    location=raw,
                )
                parent.remove(raw)
                continue
            for sibling in [child for child in parent.children if _nb_cell(child) == cell]:
                parent.remove(sibling)


_WIDGET_VIEW_SCRIPT = re.compile(
    r'(<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>)', re.S
)


def _executed_notebook(app: Sphinx, pagename: str) -> dict | None:
    config = getattr(app.env, "mystnb_config", None)
    folder = getattr(config, "output_folder", None)
    if not folder:
        return None
    path = Path(folder) / f"{pagename}.ipynb"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _frame_alt(notebook: dict, png: str) -> str:
    """The alt text the precomputed frame with these PNG bytes carries in the widget state."""
    state = json.dumps(notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}))
    marker = f"base64,{png[:120]}"
    start = state.find(marker)
    if start >= 0:
        match = re.search(r'alt=\\"(.*?)\\"', state[start : start + len(png) + 2000])
        if match:
            return html.unescape(json.loads(f'"{match.group(1)}"'))
    return "The explorer's default picture, precomputed by the book's Python package"


def add_noscript_frames(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """After each widget view with a PNG fallback, a <noscript> copy of that picture.

    myst-nb shows a widget cell by its widget view only (rendered by JavaScript), so without
    JavaScript an explorer would show nothing; the PNG of its default frame is in the same
    output (socmodels.widgets.Explorer offers it for print), and in the executed notebook.
    """
    body = context.get("body")
    if not isinstance(body, str) or WIDGET_VIEW not in body:
        return
    notebook = _executed_notebook(app, pagename)
    if notebook is None:
        return
    frames = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view, png = data.get(WIDGET_VIEW), data.get("image/png")
            if isinstance(view, dict) and png:
                png = "".join(png) if isinstance(png, list) else png
                png = "".join(png.split())
                frames[view.get("model_id")] = (png, _frame_alt(notebook, png))

    def insert(match: re.Match) -> str:
        try:
            model_id = json.loads(html.unescape(match.group(2))).get("model_id")
        except ValueError:
            return match.group(0)
        if model_id not in frames:
            return match.group(0)
        png, alt = frames[model_id]
        picture = (
            f'<noscript><img class="socmodels-noscript-frame" src="data:image/png;base64,{png}" '
            f'alt="{html.escape(alt, quote=True)}" style="max-width:100%;height:auto"></noscript>'
        )
        return match.group(1) + picture

    context["body"] = _WIDGET_VIEW_SCRIPT.sub(insert, body)


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script's filename is "" when Sphinx copies it from the registry and None when an
    # extension adds it to the builder directly: that difference is the whole duplicate.
    return (
        str(getattr(script, "filename", script) or ""),
        tuple(sorted((k, str(v)) for k, v in attributes.items() if k != "priority")),
    )


def deduplicate_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Keep the first of identical script entries (same source or body and attributes)."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen = set()
    unique = []
    for script in sorted(scripts, key=lambda s: getattr(s, "priority", 500)):
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    if len(unique) != len(scripts):
        # In place: this is the builder's own list, which Sphinx restores before the next page.
        scripts[:] = unique


def fix_bibliography_roles(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Make docutils' citation list a valid ARIA list.

    docutils writes ``<div role="list" class="citation-list">`` around entries with
    ``role="doc-biblioentry"``; a list must own list items (axe: aria-required-children, critical),
    and ARIA 1.3 deprecates ``doc-biblioentry``. The entries become list items, so a screen reader
    announces "list, N items" and each reference as an item of it.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_EMPTY_TH = re.compile(r"<th(\s[^>]*)?>(?:\s|&nbsp;|&#160;)*</th>")


def fix_empty_table_headers(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Turn empty header cells into plain cells.

    A pandas table's top-left corner is an empty ``<th>`` (above the row labels): a header that
    names nothing (axe: empty-table-header). As a ``<td>`` it is what it is, an empty corner,
    and the row and column headers keep their roles.
    """
    body = context.get("body")
    if not isinstance(body, str) or "<thead>" not in body:
        return

    def fix(match: re.Match) -> str:
        return _EMPTY_TH.sub(lambda cell: f"<td{cell.group(1) or ''}></td>", match.group(0))

    context["body"] = _THEAD.sub(fix, body)


_ADMONITION_TITLE = re.compile(r'<p class="admonition-title">.*?</p>', re.S)
_BADGE = re.compile(
    r"\(<strong>\[(warm-up|core|challenge|project) · (discussion|coding|mathematics)\]</strong>\s*"
)


def style_exercise_badges(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Show the ``**[level · kind]**`` that opens an exercise's title as a badge.

    The notebooks write it in plain MyST, so it reads the same in JupyterLab and the PDF;
    here sphinx-exercise's title "Exercise 3 (**[core · coding]** Title)" becomes
    "Exercise 3 <badge> (Title)", styled by ``.socmodels-badge`` (static/socmodels-site.css).
    Only exercise and solution titles change.
    """
    body = context.get("body")
    if not isinstance(body, str) or "<strong>[" not in body:
        return

    def badge(match: re.Match) -> str:
        level, kind = match.group(1), match.group(2)
        return f'<span class="socmodels-badge socmodels-badge-{level}">{level} · {kind}</span> ('

    context["body"] = _ADMONITION_TITLE.sub(lambda t: _BADGE.sub(badge, t.group(0)), body)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", configure)
    app.connect("builder-inited", check_assets)
    # After every other extension (myst-nb and MathJax add their scripts at priority 500).
    app.connect("html-page-context", deduplicate_scripts, priority=900)
    app.connect("html-page-context", fix_bibliography_roles)
    app.connect("html-page-context", fix_empty_table_headers)
    app.connect("html-page-context", style_exercise_badges)
    app.connect("html-page-context", add_explorables)
    app.connect("html-page-context", add_noscript_frames)
    app.add_post_transform(DropLiveExplorables)
    # Not deferred, and first: its MathJax shim must be in place before any other script runs.
    app.add_js_file("socmodels-site.js", priority=100)
    app.add_css_file("socmodels-site.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
