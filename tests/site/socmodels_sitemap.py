"""What the built site should contain, read from the book's own files (no browser needed).

The pages come from ``_toc.yml``, so a new chapter is tested as soon as it is listed there.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("SOCMODELS_SITE", ROOT / "_build" / "html")).resolve()
TOC = Path(os.environ.get("SOCMODELS_SITE_TOC", ROOT / "_toc.yml")).resolve()
CONFIG = ROOT / "_config.yml"
AXE_JS = ROOT / "site" / "node_modules" / "axe-core" / "axe.min.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Hosts the tests let the browser reach: the site's own server. Everything else is blocked.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: The theme's colour modes; each page is checked in both.
MODES = ("light", "dark")


def _docnames(entries) -> list[str]:
    names = []
    for entry in entries or []:
        if "file" in entry:
            names.append(entry["file"])
        for key in ("sections", "chapters", "parts"):
            names.extend(_docnames(entry.get(key)))
    return names


@cache
def toc_docnames() -> tuple[str, ...]:
    """Every page of the table of contents, root first, without suffix."""
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    names = [toc["root"], *_docnames(toc.get("parts")), *_docnames(toc.get("chapters"))]
    names.extend(_docnames(toc.get("sections")))
    return tuple(dict.fromkeys(n.removesuffix(".md").removesuffix(".ipynb") for n in names))


#: Pages Sphinx makes besides the table of contents, which readers reach from every page.
GENERATED_PAGES = ("search", "genindex")


def site_docnames() -> tuple[str, ...]:
    """The table of contents plus the search and index pages."""
    return (*toc_docnames(), *GENERATED_PAGES)


def page_path(docname: str) -> str:
    """The page's path in the site, e.g. ``chapters/intro.html``."""
    return f"{docname}.html"


def source_of(docname: str) -> Path | None:
    for suffix in (".ipynb", ".md"):
        path = ROOT / f"{docname}{suffix}"
        if path.exists():
            return path
    return None


def notebook_docnames() -> list[str]:
    return [d for d in toc_docnames() if (ROOT / f"{d}.ipynb").exists()]


def explorer_cells(docname: str) -> int:
    """How many code cells of the notebook build an explorer (call ``explorer(``)."""
    notebook = json.loads((ROOT / f"{docname}.ipynb").read_text(encoding="utf-8"))
    return sum(
        1
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "explorer(" in "".join(cell["source"])
    )


def explorable_placeholders(docname: str) -> list[str]:
    """The live explorables (``data-model`` of each placeholder) in a page's markdown."""
    source = source_of(docname)
    if source is None:
        return []
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return re.findall(r'class="socmodels-explorable" data-model="([^"]+)"', text)


def widget_views_in_built_page(docname: str) -> int:
    path = SITE / page_path(docname)
    if not path.exists():
        return 0
    return path.read_text(encoding="utf-8").count(f'type="{WIDGET_VIEW}"')


@cache
def book_config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def expected_binder_url(docname: str) -> str:
    """The Binder link sphinx-book-theme should build from ``_config.yml`` for a notebook."""
    config = book_config()
    repository = config["repository"]
    org_repo = urlsplit(repository["url"]).path.strip("/")
    hub = config["launch_buttons"]["binderhub_url"].rstrip("/")
    book_path = (repository.get("path_to_book") or "").strip("/")
    notebook = posixpath.join(book_path, f"{docname}.ipynb") if book_path else f"{docname}.ipynb"
    interface = config["launch_buttons"].get("notebook_interface", "classic")
    urlpath = f"lab/tree/{notebook}" if interface == "jupyterlab" else f"tree/{notebook}"
    return f"{hub}/v2/gh/{org_repo}/{repository['branch']}?urlpath={urlpath}"


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        elif (
            tag == "link"
            and attrs.get("href")
            and attrs.get("rel") in {"prev", "next", "index", "search", "stylesheet"}
        ):
            self.links.append(attrs["href"])


@cache
def parse_page(relative: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """``(ids, hrefs)`` of a built HTML file, by its path relative to the site."""
    parser = _LinkParser()
    parser.feed((SITE / relative).read_text(encoding="utf-8"))
    return frozenset(parser.ids), tuple(parser.links)


def broken_internal_links(page: str) -> list[str]:
    """Links of ``page`` to a missing file of the site, or to a missing anchor in one."""
    _, links = parse_page(page)
    problems = []
    for href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            continue
        target = page
        if parts.path:
            folder = posixpath.dirname(page)
            target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            if target.startswith(".."):
                problems.append(f"{href}: leaves the site")
                continue
            if (SITE / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (SITE / target).is_file():
                problems.append(f"{href}: no file {target}")
                continue
        fragment = unquote(parts.fragment)
        if fragment and target.endswith(".html"):
            ids, _ = parse_page(target)
            if fragment not in ids:
                problems.append(f"{href}: no element with id {fragment!r} in {target}")
    return sorted(set(problems))


_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S
)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r'\balt="([^"]*)"', re.I)


def widget_frame_alts(docname: str) -> list[str | None]:
    """Alt text of every picture in the page's embedded widget state (every explorer frame,
    shown or not); ``None`` for a picture without an alt attribute."""
    text = (SITE / page_path(docname)).read_text(encoding="utf-8")
    alts = []
    for block in _STATE.findall(text):
        state = json.loads(block)
        for model in state.get("state", {}).values():
            value = model.get("state", {}).get("value")
            if isinstance(value, str):
                for tag in _IMG.findall(value):
                    match = _ALT.search(tag)
                    alts.append(html.unescape(match.group(1)) if match else None)
    return alts
