"""No page of the built site shows MyST markup that did not render.

A role or directive the parser does not know (or an extension that is not enabled) does not
fail the build: it reaches the reader as text. The front page once showed
"**Atomization.** : Do AI …" because MyST's ``deflist`` extension was off. This reads each
built page (no browser needed) and looks at its text outside code, maths and scripts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import socmodels_sitemap as sitemap

DOCS = sitemap.site_docnames()
#: Markup that survives as text when it does not render.
RAW = [
    (re.compile(r"\{glue(:\w+)?\}"), "a glue role"),
    (re.compile(r"\{cite(:\w+)?\}"), "a citation role"),
    (re.compile(r"\{(term|doc|ref|numref|eq|download|abbr|sup|sub)\}`"), "a role"),
    (re.compile(r":::\s*\{"), "a colon-fence directive"),
    (re.compile(r"```\s*\{"), "a backtick directive"),
    (re.compile(r"^\s*:(label|class|name|header-rows|widths):\s", re.M), "a directive option"),
    (re.compile(r"^\s*\(\w[\w-]*\)=\s*$", re.M), "a target label"),
]
#: Elements whose text is shown as written (code) or is not shown (scripts).
VERBATIM = {"code", "pre", "script", "style", "kbd", "samp", "textarea", "template"}


class _Text(HTMLParser):
    """The page's readable text, per block (paragraphs, list items, cells, titles)."""

    BLOCKS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = "".join(self.current).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in VERBATIM:
            if not self.skip:
                self.current.append("\u27e8code\u27e9")  # keeps "x: y" after code from ": y"
            self.skip += 1
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in VERBATIM:
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def page_blocks(docname: str) -> list[str]:
    return page_blocks_of((sitemap.SITE / sitemap.page_path(docname)).read_text(encoding="utf-8"))


def page_blocks_of(html: str) -> list[str]:
    parser = _Text()
    # Maths is typeset from its TeX source by MathJax: \( … \) and \[ … \] are not markup.
    html = re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", "\u27e8math\u27e9", html, flags=re.S)
    parser.feed(html)
    parser.close()
    return parser.blocks


def raw_markup(blocks: list[str]) -> list[str]:
    problems = []
    for text in blocks:
        if text.startswith(": ") or "\n: " in text:
            problems.append(f"a definition list rendered as text (deflist off?): {text[:100]!r}")
        for pattern, what in RAW:
            if match := pattern.search(text):
                start = max(0, match.start() - 40)
                problems.append(f"{what}: …{text[start : match.end() + 40]!r}…")
    return problems


def test_the_checker_finds_what_it_should():
    assert raw_markup([": Do AI companions thin ties?"])
    assert raw_markup(["The share is {glue:text}`gini:.3f` here"])
    assert raw_markup(["as {cite:p}`key` showed"])
    assert raw_markup([":::{exercise}"])
    assert not raw_markup(["A ratio 1:2 and a time 10:30", "Exercise 1 ([core · coding] Title)"])
    assert not raw_markup(page_blocks_of("<li><span class='math'>\\(x\\)</span>: a list item</li>"))
    assert not raw_markup(page_blocks_of("<p>columns <code>a</code> and\n<code>b</code>: rows</p>"))


@pytest.mark.parametrize("docname", DOCS)
def test_no_raw_myst_markup_on_the_page(site_dir, docname):
    path = site_dir / sitemap.page_path(docname)
    assert path.is_file(), f"{path.name} is in _toc.yml but was not built"
    problems = raw_markup(page_blocks(docname))
    assert not problems, f"{docname} shows markup that did not render:\n  " + "\n  ".join(
        problems[:20]
    )
