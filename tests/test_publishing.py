"""Publishing: the PDF, the site's sitemap and social metadata, release metadata, workflows.

The PDF and site tests read what ``python3 scripts/tasks.py test`` has just built
(``_build/latex`` and ``_build/html``); run alone without a build they skip and say how to
build. The release-metadata and workflow tests need no build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The same overrides as tests/site (for checking a private build); CI uses the defaults.
SITE = Path(os.environ.get("SOCMODELS_SITE", ROOT / "_build" / "html")).resolve()
TOC = Path(os.environ.get("SOCMODELS_SITE_TOC", ROOT / "_toc.yml")).resolve()
LATEX = Path(os.environ.get("SOCMODELS_LATEX", ROOT / "_build" / "latex")).resolve()
PDF_NAME = "models-of-digital-society.pdf"
BIN = ROOT / ".venv" / "bin"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


# --------------------------------------------------------------------------- helpers


@cache
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _docnames(entries) -> list[str]:
    names = []
    for entry in entries or []:
        if "file" in entry:
            names.append(entry["file"])
        for key in ("sections", "chapters"):
            names.extend(_docnames(entry.get(key)))
    return names


@cache
def toc() -> dict:
    return yaml.safe_load(TOC.read_text(encoding="utf-8"))


def toc_docnames() -> list[str]:
    """Every page of the table of contents, root first, in reading order."""
    names = [toc()["root"]]
    for part in toc().get("parts", []):
        names.extend(_docnames(part.get("chapters")))
    return [n.removesuffix(".md").removesuffix(".ipynb") for n in names]


def page_title(docname: str) -> str:
    """The first level-1 heading of a page's source (markdown or notebook)."""
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{docname}{suffix}"
        if not path.exists():
            continue
        if suffix == ".md":
            text = path.read_text(encoding="utf-8")
        else:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        match = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
        assert match, f"{path} has no level-1 heading"
        return match.group(1).strip()
    raise FileNotFoundError(docname)


def _plain(text: str) -> str:
    """Titles as LaTeX/HTML print them: no markup, curly quotes straightened, no spaces."""
    text = re.sub(r"[*_`]", "", text).replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", "", text).casefold()


def base_url() -> str:
    url = config()["html"]["baseurl"]
    assert url.endswith("/"), "html.baseurl must end with '/'"
    return url


# --------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def pdf():
    path = LATEX / PDF_NAME
    if not path.exists():
        pytest.skip(
            f"*** PDF NOT BUILT: {path} is missing. Build it with `python3 scripts/tasks.py pdf` "
            "(the README's test command always does). ***"
        )
    from pypdf import PdfReader

    return PdfReader(path)


def _outline(reader, items=None, depth=0) -> list[tuple[int, str, int]]:
    """``(depth, title, page)`` of every outline entry, in order."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found.extend(_outline(reader, item, depth + 1))
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item)))
    return found


def test_pdf_outline_follows_the_table_of_contents(pdf):
    """Parts at the top, then each chapter page and its notebooks, in the toc's order."""
    outline = _outline(pdf)
    parts = [title for depth, title, _ in outline if depth == 0]
    expected_parts = [part["caption"] for part in toc()["parts"]]
    # LaTeX numbers parts with roman numerals: "I Foundations".
    assert [re.sub(r"^[IVXLC]+\s+", "", p) for p in parts] == expected_parts
    titles = [_plain(title) for _, title, _ in outline]
    pages = [page for _, _, page in outline]
    position = 0
    for docname in toc_docnames()[1:]:  # the root page is the front matter, not an entry
        title = _plain(page_title(docname))
        assert title in titles[position:], (
            f"{docname} ({page_title(docname)!r}) is missing from the PDF outline, or out of "
            f"the toc's order; outline: {[t for _, t, _ in outline]}"
        )
        position = titles.index(title, position)
    assert pages == sorted(pages), "outline entries must point at non-decreasing pages"


def test_pdf_page_count_matches_the_contents(pdf):
    """Every toc page starts on its own page inside the document, and none is empty."""
    outline = _outline(pdf)
    n_pages = len(pdf.pages)
    chapter_starts = sorted({page for depth, _, page in outline if depth == 1})
    # At least one page per chapter; the last chapter starts before the end.
    assert len(chapter_starts) >= len(toc()["parts"])
    assert chapter_starts[-1] < n_pages
    notebooks = [d for d in toc_docnames() if (ROOT / f"{d}.ipynb").exists()]
    # A chapter notebook (text, figures, exercises) fills more than one page.
    assert n_pages >= 2 * len(notebooks) + len(toc_docnames())
    assert n_pages < 60 * len(toc_docnames()), f"{n_pages} pages: runaway output?"


def test_pdf_prints_figures_and_explorers(pdf):
    """Figures and every explorer (as its default frame) appear as images."""
    expected = 0
    for docname in toc_docnames():
        path = ROOT / f"{docname}.ipynb"
        if path.exists():
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                if cell["cell_type"] == "code" and any(
                    "image/png" in out.get("data", {}) for out in cell.get("outputs", [])
                ):
                    expected += 1
    images = sum(len(page.images) for page in pdf.pages)
    # An explorer without its PNG would print as the widget's text summary instead.
    tex = (LATEX / PDF_NAME.replace(".pdf", ".tex")).read_text(encoding="utf-8")
    for widget_repr in ("Explorer(mode=", "VBox(", "HTML(value="):
        assert widget_repr not in tex, f"an explorer printed as text ({widget_repr}...)"
    assert expected > 0
    # Identical pictures may share one image object, so allow a little slack.
    assert images >= 0.9 * expected, f"{images} images in the PDF, {expected} figure cells"


def test_pdf_has_math_citations_and_no_unresolved_references(pdf):
    log = (LATEX / PDF_NAME.replace(".pdf", ".log")).read_text(encoding="utf-8", errors="replace")
    for problem in ("There were undefined references", "Citation `", "Missing character"):
        assert problem not in log, f"LaTeX log reports: {problem}"
    tex = (LATEX / PDF_NAME.replace(".pdf", ".tex")).read_text(encoding="utf-8")
    assert "\\begin{sphinxthebibliography}" in tex
    assert "\\begin{equation" in tex or "\\[" in tex or "\\(" in tex
    last_pages = "".join(page.extract_text() for page in pdf.pages[-3:])
    assert "Arendt" in last_pages or "Erd" in last_pages, "the bibliography lists the works cited"


def test_site_links_to_the_pdf():
    if not (SITE / "index.html").exists():
        pytest.skip("*** SITE NOT BUILT: run `python3 scripts/tasks.py book` ***")
    assert (SITE / PDF_NAME).exists(), "scripts/build_pdf.py copies the PDF into the site"
    pdf_url = base_url() + PDF_NAME
    root_page = SITE / f"{toc()['root']}.html"
    assert pdf_url in root_page.read_text(encoding="utf-8"), "the footer links to the PDF"


# --------------------------------------------------------------------------- site metadata


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.icons: list[str] = []
        self.logo_alts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), attrs.get("content"))
        elif tag == "link" and "icon" in (attrs.get("rel") or ""):
            self.icons.append(attrs.get("href", ""))
        elif tag == "img" and "logo__image" in (attrs.get("class") or ""):
            self.logo_alts.append(attrs.get("alt") or "")


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.skip(
            f"*** SITE NOT BUILT: {SITE} has no index.html. Build it with "
            "`python3 scripts/tasks.py book` (the README's test command always does). ***"
        )
    return SITE


def test_sitemap_lists_every_page_once(site):
    sitemap = site / "sitemap.xml"
    assert sitemap.exists(), "sphinx-sitemap writes sitemap.xml"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in ET.parse(sitemap).getroot().findall("s:url/s:loc", namespace)]
    assert len(urls) == len(set(urls))
    expected = {base_url() + f"{docname}.html" for docname in toc_docnames()}
    assert expected <= set(urls), f"missing from sitemap.xml: {sorted(expected - set(urls))}"
    assert all(url.startswith(base_url()) for url in urls)


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_has_opengraph_tags_title_and_description(site, docname):
    parser = _HeadParser()
    parser.feed((site / f"{docname}.html").read_text(encoding="utf-8"))
    meta = parser.meta
    assert _plain(meta.get("og:title", "")) == _plain(page_title(docname))
    assert meta.get("og:url") == base_url() + f"{docname}.html"
    assert meta.get("og:type") == "website"
    assert meta.get("og:site_name")
    description = meta.get("og:description") or ""
    assert len(description) >= 40, f"og:description is too short: {description!r}"
    assert meta.get("description") == description
    image = meta.get("og:image") or ""
    assert image.startswith(base_url())
    assert (site / image.removeprefix(base_url())).exists(), f"og:image {image} is not in the site"
    assert meta.get("og:image:alt")
    # The favicon and the logo, with alt text, on every page.
    assert parser.icons and all(
        (site / Path(docname).parent / icon).resolve().exists() for icon in parser.icons
    )
    assert parser.logo_alts and all(alt.strip() for alt in parser.logo_alts)


# --------------------------------------------------------------------------- release metadata


@cache
def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def test_version_is_the_same_everywhere():
    import socmodels

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    version = project_version()
    assert socmodels.__version__ == version, "reinstall: .venv/bin/pip install -e ."
    assert str(citation["version"]) == version
    assert str(citation["preferred-citation"]["version"]) == version
    assert zenodo["version"] == version


def test_release_date_matches_the_changelog():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert releases, "CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' release"
    version, date = releases[0]
    assert version == project_version(), "the newest CHANGELOG release is the package version"
    assert str(citation["date-released"]) == date
    assert zenodo["publication_date"] == date
    assert dt.date.fromisoformat(date)
    assert "## [Unreleased]" in changelog


def test_citation_metadata_is_complete():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "license", "repository-code", "url"):
        assert citation.get(key), f"CITATION.cff lacks {key}"
    assert citation["repository-code"] == config()["repository"]["url"]
    assert citation["url"] == base_url()
    assert set(citation["license"]) == {"MIT", "CC-BY-4.0"}
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == citation["title"]
    assert zenodo["creators"] and zenodo["license"] and zenodo["upload_type"]


# --------------------------------------------------------------------------- workflows


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _uses(data: dict) -> list[str]:
    return [
        step["uses"]
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    ]


def test_workflows_exist_for_pull_requests_main_and_a_weekly_schedule():
    names = {p.name for p in WORKFLOWS}
    assert {"tests.yml", "publish.yml"} <= names
    tests = _workflow(ROOT / ".github/workflows/tests.yml")
    assert "pull_request" in tests["on"] and "pull_request_target" not in tests["on"]
    runs = [s.get("run", "") for j in tests["jobs"].values() for s in j["steps"]]
    assert "bash .ci/run" in runs, "PRs run the README's test command through .ci/run"
    publish = _workflow(ROOT / ".github/workflows/publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["on"]["schedule"][0]["cron"]
    uses = " ".join(_uses(publish))
    for action in (
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "actions/upload-artifact",
    ):
        assert action + "@" in uses
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/tasks.py test" in ci_run


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_pins_actions_to_commit_shas_with_least_privilege(path):
    data = _workflow(path)
    text = path.read_text(encoding="utf-8")
    for uses in _uses(data):
        assert SHA_PIN.match(uses), f"{path.name}: {uses} is not pinned to a full commit SHA"
        assert re.search(re.escape(uses) + r" # v\d", text), f"{uses}: say the version in a comment"
    assert data.get("permissions") == {}, "default to no permissions; grant per job"
    for name, job in data["jobs"].items():
        assert "permissions" in job, f"job {name} must state its permissions"
        granted = {k for k, v in job["permissions"].items() if v == "write"}
        assert granted <= {"pages", "id-token"}, f"job {name} writes {granted}"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False
    assert "secrets." not in text, "no secrets: forks' pull requests must run unchanged"


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: .venv/bin/pip install -r requirements-test.txt")
    return str(found)


def test_actionlint_passes_and_would_catch_an_error(tmp_path):
    actionlint = _tool("actionlint")
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: linux-latest\n    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
    )
    result = subprocess.run([actionlint, str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and "linux-latest" in result.stdout


def test_zizmor_finds_nothing_and_would_catch_an_unpinned_action(tmp_path):
    zizmor = _tool("zizmor")
    command = [zizmor, "--offline", "--no-progress", "--persona=pedantic"]
    result = subprocess.run([*command, str(ROOT / ".github")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
    )
    result = subprocess.run([*command, str(unsafe)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout + result.stderr
