"""The published site, page by page, in headless Chromium with every non-loopback host blocked.

Pages come from ``_toc.yml`` (see ``socmodels_sitemap``): a chapter is tested once it is listed;
the search and index pages are tested too.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest
import socmodels_sitemap as sitemap
from socmodels_sitemap import LOOPBACK, MODES

DOCS = sitemap.site_docnames()
NOTEBOOKS = sitemap.notebook_docnames()
EXPLORER_NOTEBOOKS = [d for d in NOTEBOOKS if sitemap.explorer_cells(d) > 0]
#: Pages with a live explorable (site/explorables; docs/explorables.md).
EXPLORABLE_PAGES = [d for d in sitemap.toc_docnames() if sitemap.explorable_placeholders(d)]
#: Biggest acceptable HTML page (explorer frames are inlined PNGs).
MAX_PAGE_BYTES = 5_000_000
#: Alt text that names a file or repeats matplotlib's repr instead of describing the picture.
FILE_LIKE_ALT = re.compile(r"(^[\w./-]+\.(png|jpe?g|gif|svg|webp)$)|(^<Figure)|(^\w+$)", re.I)


def _report(lines, limit=15):
    lines = list(lines)
    more = f"\n  … and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n  " + "\n  ".join(str(line) for line in lines[:limit]) + more


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("docname", DOCS)
def test_page_loads_without_errors_or_third_party_requests(site_visits, docname, mode):
    visit = site_visits.get(sitemap.page_path(docname), mode)
    problems = (
        [f"console error: {e}" for e in visit.console_errors]
        + [f"uncaught exception: {e}" for e in visit.page_errors]
        + [f"failed request: {r}" for r in visit.failed_requests]
        + [f"request to a third-party host (blocked): {r}" for r in visit.blocked_requests]
    )
    assert not problems, f"{docname} ({mode} mode):" + _report(problems)
    assert visit.theme == mode, f"the theme did not switch to {mode} mode (got {visit.theme!r})"


@pytest.mark.parametrize("docname", DOCS)
def test_every_image_loads_with_meaningful_alt_text(site_visits, docname):
    visit = site_visits.get(sitemap.page_path(docname), "light")
    problems = []
    for image in visit.images:
        if not image["complete"] or image["naturalWidth"] == 0:
            problems.append(f"not loaded: {image['src']}")
        if problem := _alt_problem(image["alt"]):
            problems.append(f"{problem} ({image['src']})")
    assert not problems, f"{docname}:" + _report(problems)
    assert visit.figure_reprs == 0, (
        f"{docname} shows {visit.figure_reprs} matplotlib '<Figure size …>' text(s), not figures"
    )


def _alt_problem(alt: str | None) -> str | None:
    alt = (alt or "").strip()
    if not alt:
        return "no alt text"
    if FILE_LIKE_ALT.search(alt) or len(alt) < 8:
        return f"alt text does not describe the image: {alt!r}"
    return None


@pytest.mark.parametrize("docname", EXPLORER_NOTEBOOKS or ["-"])
def test_every_explorer_frame_has_alt_text(site_dir, docname):
    """All precomputed frames, not only the ones a visit displays."""
    if docname == "-":
        pytest.skip("no notebook in _toc.yml builds an explorer")
    alts = sitemap.widget_frame_alts(docname)
    assert len(alts) >= 2, f"{docname}: {len(alts)} explorer frame(s) in the page's widget state"
    problems = [f"frame {i}: {p}" for i, alt in enumerate(alts) if (p := _alt_problem(alt))]
    assert not problems, f"{docname}:" + _report(problems)


@pytest.mark.parametrize("docname", DOCS)
def test_internal_links_and_anchors_resolve(site_dir, docname):
    page = sitemap.page_path(docname)
    assert (site_dir / page).is_file(), f"{page} is in _toc.yml but was not built"
    broken = sitemap.broken_internal_links(page)
    assert not broken, f"{page} has broken internal links:" + _report(broken)


def test_site_entry_point_leads_to_the_book(site_dir):
    root = sitemap.toc_docnames()[0]
    assert (site_dir / "index.html").is_file()
    assert sitemap.page_path(root) in (site_dir / "index.html").read_text(encoding="utf-8")
    assert not sitemap.broken_internal_links("index.html")


@pytest.mark.parametrize("docname", DOCS)
def test_page_weight(site_dir, docname):
    path = site_dir / sitemap.page_path(docname)
    assert path.is_file(), f"{path.name} is in _toc.yml but was not built"
    size = path.stat().st_size
    assert size <= MAX_PAGE_BYTES, (
        f"{docname}.html is {size / 1e6:.1f} MB (limit {MAX_PAGE_BYTES / 1e6:.0f} MB): "
        "use fewer explorer frames or smaller figures"
    )


@pytest.mark.parametrize(
    "docname",
    EXPLORER_NOTEBOOKS
    or [
        pytest.param(
            "-", marks=pytest.mark.skip(reason="no notebook in _toc.yml builds an explorer")
        )
    ],
)
def test_each_explorer_slider_changes_the_frame_by_keyboard(site_visits, docname):
    cells = sitemap.explorer_cells(docname)
    built_views = sitemap.widget_views_in_built_page(docname)
    assert built_views >= cells, (
        f"{docname} has {cells} explorer cell(s) but its page embeds {built_views} widget view(s): "
        "was the book built with SOCMODELS_STATIC_EXPLORERS=1?"
    )
    visit = site_visits.get(sitemap.page_path(docname), "light")
    assert visit.rendered_views == visit.widget_views == built_views, (
        f"{docname}: {built_views} widget views embedded, {visit.rendered_views} rendered "
        "(is the widget manager served?)"
    )
    assert len(visit.explorers) >= cells, (
        f"{docname}: {cells} explorer cell(s) but {len(visit.explorers)} explorer(s) with sliders"
    )
    problems = []
    for index, explorer in enumerate(visit.explorers):
        for slider in explorer["sliders"]:
            where = f"explorer {index}, slider {slider['label']!r}"
            if not slider["focused"]:
                problems.append(f"{where}: cannot take keyboard focus")
            if slider["valueAfter"] == slider["valueBefore"]:
                problems.append(f"{where}: {slider['key']} did not move it")
            if slider["before"] is None or slider["after"] == slider["before"]:
                problems.append(f"{where}: {slider['key']} did not change the displayed frame")
    assert not problems, f"{docname}:" + _report(problems)


@pytest.mark.parametrize("docname", NOTEBOOKS)
def test_launch_buttons_point_at_this_notebook(site_visits, docname):
    visit = site_visits.get(sitemap.page_path(docname), "light")
    expected = sitemap.expected_binder_url(docname)
    assert expected in visit.launch["binder"], (
        f"{docname}: no Binder link to {expected}; found {visit.launch['binder']}"
    )
    assert visit.launch["thebeButtons"] >= 1, f"{docname}: no Thebe (live code) button"
    config = sitemap.book_config()
    org_repo = urlparse(config["repository"]["url"]).path.strip("/")
    thebe = visit.launch["thebeConfig"] or ""
    folder = docname.rsplit("/", 1)[0] if "/" in docname else "."
    for needle in (
        f'repo: "{org_repo}"',
        f'ref: "{config["repository"]["branch"]}"',
        f'path: "./{folder}"',
    ):
        assert needle in thebe, f"{docname}: Thebe configuration lacks {needle}: {thebe}"


def test_first_visit_and_thebe_on_demand(browser, site_url):
    """A first visit (nothing in localStorage) is clean too; Thebe's JavaScript comes from its
    CDN only when the reader asks for live code, and reading a page never requests it."""
    if not NOTEBOOKS:
        pytest.skip("no notebook page in _toc.yml")
    context = browser.new_context()
    requested = []

    def route(route):
        if urlparse(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        page.goto(site_url + sitemap.page_path(NOTEBOOKS[0]), wait_until="load")
        page.wait_for_load_state("networkidle")
        assert requested == [], f"requests before asking for Thebe: {requested}"
        assert errors == [], f"errors on a first visit: {errors}"
        thebe_url = page.evaluate("typeof THEBE_JS_URL === 'string' ? THEBE_JS_URL : null")
        assert thebe_url, "THEBE_JS_URL is not defined once on the page"
        # As a reader does: open the launch menu, choose "Live Code".
        page.click(".dropdown-launch-buttons .dropdown-toggle")
        page.click(".btn-launch-thebe")
        deadline = time.monotonic() + 10
        while thebe_url not in requested and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        assert thebe_url in requested, f"the Thebe button did not load {thebe_url}: {requested}"
    finally:
        context.close()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("docname", DOCS)
def test_no_accessibility_violations(site_visits, docname, mode):
    """axe-core (site/package.json pins the version) finds nothing, whatever the impact."""
    visit = site_visits.get(sitemap.page_path(docname), mode)
    serious = list(visit.axe)
    lines = []
    for violation in serious:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['count']} element(s))"
        )
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {node['html']}\n      {summary}")
    assert not serious, f"axe-core on {docname} ({mode} mode):" + _report(lines, limit=40)


def _chapter_of(docname: str) -> str | None:
    parts = docname.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "chapters" else None


#: Chapters whose live explorables are still to be ported (none: every chapter has one).
#: Strict: once a chapter has one, its entry must go.
LIVE_PENDING: set[str] = set()


def test_every_chapter_with_explorers_has_a_live_explorable():
    """Each chapter whose notebooks build a (precomputed) explorer also has a live one."""
    chapters = {_chapter_of(d) for d in EXPLORER_NOTEBOOKS} - {None}
    live = {_chapter_of(d) for d in EXPLORABLE_PAGES}
    assert not (LIVE_PENDING & live), f"remove {sorted(LIVE_PENDING & live)} from LIVE_PENDING"
    missing = sorted(chapters - live - LIVE_PENDING)
    assert not missing, (
        f"chapters without a live explorable: {missing}. Add a module to site/explorables/ "
        "(start from site/explorables/_template.js) and a placeholder markdown cell: see "
        "docs/explorables.md"
    )


@pytest.mark.parametrize(
    "docname",
    EXPLORABLE_PAGES
    or [pytest.param("-", marks=pytest.mark.skip(reason="no page has a live explorable"))],
)
def test_live_explorables_animate_respond_and_reproduce(site_visits, docname):
    """Play animates; a slider (and a choice, if the explorable has a live one) moved while it
    runs acts without a restart and changes the run; reset with the same seed reproduces the
    same pictures step for step; axe-core finds nothing in the running explorable."""
    expected = sitemap.explorable_placeholders(docname)
    visit = site_visits.get(sitemap.page_path(docname), "light")
    found = [e["model"] for e in visit.explorables]
    assert found == expected, f"{docname}: placeholders {expected}, found {found}"
    problems = []
    for e in visit.explorables:
        where = e["model"]
        if e["state"] != "mounted":
            problems.append(f"{where}: not mounted (state {e['state']!r}; see the console errors)")
            continue
        if not e["status_text"].strip():
            problems.append(f"{where}: the live text summary (role=status) is empty")
        played = e["played"]
        if played["steps"] == 0 or not e["play_changed_picture"]:
            problems.append(
                f"{where}: pressing Play did not change the canvas ({played['steps']} steps, "
                f"{played['frames']} frames)"
            )
        for violation in e["axe_running"]:
            problems.append(f"{where}, running: axe-core [{violation['impact']}] {violation}")
        if not any(not c["select"] for c in e["controls"]):
            problems.append(f"{where}: no slider acts while the model runs")
        for c in e["controls"]:
            run = c["while_running"]
            if run["value_after"] == run["value_before"]:
                problems.append(f"{where}: moving {c['name']!r} while running did not change it")
            if not run["still_playing"] or run["steps_after"] <= run["steps_before"]:
                problems.append(
                    f"{where}: moving {c['name']!r} stopped or restarted the run: {run}"
                )
            if not c["changed_run"]:
                problems.append(f"{where}: moving {c['name']!r} halfway did not change the run")
        if not e["reset_picture_is_first"]:
            problems.append(f"{where}: Reset did not return to the first picture of this seed")
        if not e["reset_reproduces_steps"]:
            problems.append(f"{where}: the same seed and steps after Reset gave another picture")
    assert not problems, f"{docname}:" + _report(problems)


@pytest.mark.parametrize(
    "docname",
    sorted(set(EXPLORABLE_PAGES) | set(EXPLORER_NOTEBOOKS))
    or [pytest.param("-", marks=pytest.mark.skip(reason="no explorer or explorable"))],
)
def test_without_javascript_the_precomputed_frames_show(browser, site_url, docname):
    """No JavaScript: each precomputed explorer shows its default frame (from <noscript>), and
    each live explorable's placeholder says what it is instead of leaving a hole."""
    context = browser.new_context(java_script_enabled=False)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlparse(route.request.url).hostname in LOOPBACK
            else route.abort("blockedbyclient")
        ),
    )
    page = context.new_page()
    try:
        page.goto(site_url + sitemap.page_path(docname), wait_until="load")
        frames = page.evaluate(
            """() => [...document.querySelectorAll('img.socmodels-noscript-frame')].map(img => ({
                 visible: img.getBoundingClientRect().width > 0, alt: img.alt,
                 loaded: img.complete && img.naturalWidth > 0}))"""
        )
        placeholders = page.evaluate(
            """() => [...document.querySelectorAll('.socmodels-explorable[data-model]')]
                 .map(p => p.innerText.trim())"""
        )
    finally:
        context.close()
    problems = []
    cells = sitemap.explorer_cells(docname) if docname in NOTEBOOKS else 0
    if len(frames) < cells:
        problems.append(f"{cells} precomputed explorer(s) but {len(frames)} <noscript> frame(s)")
    for k, frame in enumerate(frames):
        if not (frame["visible"] and frame["loaded"]):
            problems.append(f"frame {k} is not shown: {frame}")
        if problem := _alt_problem(frame["alt"]):
            problems.append(f"frame {k}: {problem}")
    for k, text in enumerate(placeholders):
        if "JavaScript" not in text:
            problems.append(f"live explorable {k} shows no fallback text: {text!r}")
    assert not problems, f"{docname} without JavaScript:" + _report(problems)
