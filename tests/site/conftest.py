"""Fixtures for the browser tests of the built site (``_build/html``).

The site is served on 127.0.0.1 by a thread of this process and read by Debian's headless
Chromium through pytest-playwright. Every request to any other host is blocked and recorded:
the site must be readable with no third-party host.

Each page is visited once per colour mode (light, dark); one visit collects everything the tests
check (console errors, failed and blocked requests, images, launch buttons, axe-core's report,
and, in light mode, what moving each explorer slider by keyboard does and what the live
explorables do when played, stepped, reset and steered), so the suite stays fast.

Environment variables (for working on a private build; CI uses the defaults):
``SOCMODELS_SITE`` (default ``_build/html``), ``SOCMODELS_SITE_TOC`` (default ``_toc.yml``),
``SOCMODELS_CHROMIUM`` (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import socmodels_sitemap as sitemap
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("SOCMODELS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = sitemap.LOOPBACK
MODES = sitemap.MODES
#: Browsers visiting pages at once (each visit is mostly Chromium's work).
WORKERS = int(os.environ.get("SOCMODELS_SITE_WORKERS", min(2, os.cpu_count() or 1)))
#: How long a page may take to settle (scripts, MathJax, widgets), in milliseconds.
SETTLE_TIMEOUT_MS = 20_000


#: Pages whose visits the selected tests need (so ``-k`` on one page visits only that page).
_WANTED_PAGES: list[str] = []


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session):
    """Remember the pages the selected tests will ask for (after ``-k``/``-m`` deselection)."""
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if "site_visits" in getattr(item, "fixturenames", ()) and callspec:
            docname = callspec.params.get("docname")
            if docname and sitemap.page_path(docname) not in _WANTED_PAGES:
                _WANTED_PAGES.append(sitemap.page_path(docname))


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (sitemap.SITE / "index.html").exists():
        pytest.skip(
            f"\n\n*** SITE NOT BUILT: {sitemap.SITE} has no index.html, so the browser tests "
            "cannot run. Build the book first: `python3 scripts/tasks.py book` (the README's "
            "test command, `python3 scripts/tasks.py test`, always does). ***\n"
        )
    return sitemap.SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments: Debian's chromium (Playwright cannot fetch its own)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`; "
            "scripts/tasks.py test does it when run as root) or set SOCMODELS_CHROMIUM",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@dataclass
class Visit:
    """What one visit of one page in one colour mode observed."""

    page: str
    mode: str
    seconds: float = 0.0
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    blocked_requests: list = field(default_factory=list)
    theme: str = ""
    images: list = field(default_factory=list)
    figure_reprs: int = 0
    launch: dict = field(default_factory=dict)
    explorers: list = field(default_factory=list)
    explorables: list = field(default_factory=list)
    widget_views: int = 0
    rendered_views: int = 0
    axe: list = field(default_factory=list)
    #: False while axe-core runs: its CSSOM preload resolves the theme's relative ``@import``
    #: against the page instead of the stylesheet and asks for a missing /basic.css. That request
    #: is the checker's, not the site's.
    recording: bool = True


def _record_blocking(context, visit: Visit) -> None:
    def route(route):
        url = route.request.url
        if urlparse(url).hostname in LOOPBACK:
            route.continue_()
        else:
            visit.blocked_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)


def _listen(page, visit: Visit) -> None:
    def on_console(message):
        if message.type == "error" and visit.recording:
            location = message.location or {}
            visit.console_errors.append(f"{message.text} [{location.get('url', '')}]")

    def on_failed(request):
        if request.url not in visit.blocked_requests and visit.recording:
            visit.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(response):
        if response.status >= 400 and visit.recording:
            visit.failed_requests.append(f"{response.url}: HTTP {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))  # always
    page.on("requestfailed", on_failed)
    page.on("response", on_response)


SETTLE_JS = """async (timeout) => {
  // MathJax 3 finishes typesetting; widgets (if any) are rendered by the html-manager.
  const views = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]');
  const deadline = Date.now() + timeout;
  const rendered = () =>
    [...views].filter(s => s.parentElement.querySelector('.jupyter-widgets')).length;
  while (rendered() < views.length && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
  }
  // Live explorables: every placeholder mounted (or failed, which the tests report).
  const placeholders = document.querySelectorAll('.socmodels-explorable[data-model]');
  while ([...placeholders].some(p => !p.dataset.state) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
  await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
  return [views.length, rendered()];
}"""

COLLECT_JS = """() => {
  const images = [...document.querySelectorAll('img')].map(img => ({
    src: img.getAttribute('src').startsWith('data:') ? 'data:…' : img.getAttribute('src'),
    alt: img.getAttribute('alt'),
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    inExplorer: !!img.closest('.jupyter-widgets'),
  }));
  const text = document.querySelector('main') ? document.querySelector('main').innerText : '';
  const thebeConfig = document.querySelector('script[type="text/x-thebe-config"]');
  const launch = {
    binder: [...document.querySelectorAll('a[href*="/v2/gh/"]')].map(a => a.href),
    thebeButtons: document.querySelectorAll('.btn-launch-thebe').length,
    thebeConfig: thebeConfig ? thebeConfig.textContent : null,
  };
  return {
    images,
    figureReprs: (text.match(/<Figure size/g) || []).length,
    launch,
    theme: document.documentElement.dataset.theme || '',
  };
}"""

# An explorer is a rendered widget box holding sliders (other widgets, such as a notebook's
# progress bar, are not); the frame it shows is its visible <img>.
EXPLORERS = ".widget-subarea > .jupyter-widgets:has([role=slider])"
FRAME_JS = """(box) => {
  const img = [...box.querySelectorAll('img')].find(i => i.checkVisibility());
  return img ? img.getAttribute('src').slice(-64) + '|' + img.alt : null;
}"""
SLIDERS_JS = """(boxes) => boxes.map((box, index) => ({
  sliders: [...box.querySelectorAll('[role="slider"]')].map((handle, position) => {
    handle.setAttribute('data-socmodels-probe', index + '-' + position);
    const widget = handle.closest('.widget-slider');
    const label = widget && widget.querySelector('.widget-label');
    return {
      probe: index + '-' + position,
      label: label ? label.textContent : '',
      atEnd: handle.getAttribute('aria-valuenow') === handle.getAttribute('aria-valuemax'),
    };
  }),
}))"""


def _explore_sliders(page, visit: Visit) -> None:
    """Move each slider of each explorer one step by keyboard; record the frames shown."""
    explorers = page.locator(EXPLORERS).evaluate_all(SLIDERS_JS)
    for index, explorer in enumerate(explorers):
        box = page.locator(EXPLORERS).nth(index)
        for slider in explorer["sliders"]:
            handle = page.locator(f'[data-socmodels-probe="{slider["probe"]}"]')
            slider["key"] = "ArrowLeft" if slider["atEnd"] else "ArrowRight"
            slider["before"] = box.evaluate(FRAME_JS)
            slider["valueBefore"] = handle.get_attribute("aria-valuenow")
            handle.focus()
            slider["focused"] = handle.evaluate("h => document.activeElement === h")
            page.keyboard.press(slider["key"])
            try:
                box.evaluate(
                    f"""async (box, before) => {{
                        const frame = {FRAME_JS};
                        const deadline = Date.now() + 3000;
                        while (frame(box) === before && Date.now() < deadline) {{
                            await new Promise(r => setTimeout(r, 25));
                        }}
                    }}""",
                    slider["before"],
                )
            finally:
                slider["after"] = box.evaluate(FRAME_JS)
                slider["valueAfter"] = handle.get_attribute("aria-valuenow")
    visit.explorers = explorers


# Live explorables (site/explorables): a picture is a hash of all the canvases' pixels.
EXPLORABLES = ".socmodels-explorable[data-model]"
PICTURE_JS = """(root) => {
  const s = [...root.querySelectorAll('canvas')].map(c => c.toDataURL()).join('|');
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16) + ':' + s.length;
}"""
EXPLORABLE_JS = """(root) => {
  const e = root.socmodelsExplorable;
  if (!e) return null;
  return {steps: e.runner.steps, playing: e.playing, frames: e.frames,
          params: JSON.parse(JSON.stringify(e.runner.params)),
          status: root.querySelector('[role=status]').textContent,
          firstFrameMs: e.firstFrameMs, finished: e.runner.finished, finishes: e.finishes};
}"""
#: Clicks of "Step" in the reproducibility checks (each runs one frame's worth of steps).
STEP_CLICKS = 4


def _live_controls(root) -> list:
    """The controls that act while the model runs, as the tests move them: the first live slider
    (every explorable must have one) and the first live choice, if any: [(info, locator)]."""
    infos = root.evaluate(
        """(root) => {
          const e = root.socmodelsExplorable;
          const live = e.spec.params.filter(q => q.live);
          const picks = [live.find(q => !q.options), live.find(q => q.options)].filter(Boolean);
          return picks.map(p => {
            const input = e.controls[p.name].input;
            input.setAttribute('data-socmodels-live-probe', p.name);
            return {name: p.name, select: input.tagName === 'SELECT',
                    value: e.runner.params[p.name]};
          });
        }"""
    )
    return [(info, root.locator(f'[data-socmodels-live-probe="{info["name"]}"]')) for info in infos]


def _move(page, control, info) -> None:
    """Move a control as a reader would: a range by keyboard (to an end), a select by choice."""
    if info["select"]:
        options = control.evaluate("s => [...s.options].map(o => o.value)")
        current = control.evaluate("s => s.value")
        control.select_option(next(o for o in options if o != current))
    else:
        control.focus()
        at_min = control.evaluate("i => Number(i.value) <= Number(i.min)")
        page.keyboard.press("End" if at_min else "Home")


def _restore(root, info) -> None:
    root.evaluate(
        """(root, info) => {
          const e = root.socmodelsExplorable;
          e.controls[info.name].setValue(info.value);
          e.set(info.name, info.value);
        }""",
        info,
    )


def _steps(root, clicks: int) -> None:
    step = root.get_by_role("button", name="Step", exact=True)
    for _ in range(clicks):
        step.click()


#: axe-core on one explorable while it runs (the page's own check sees it before Play).
AXE_ROOT_JS = """async (root) => {
  const result = await axe.run(root, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""
WAIT_FRAMES_JS = """async (root) => {
  const e = root.socmodelsExplorable, start = e.frames, deadline = Date.now() + 5000;
  while ((e.frames - start < 20 || e.runner.steps === 0) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 50));
  }
}"""

PAUSE_IF_PLAYING_JS = """(root) => {
  const toggle = '.socmodels-explorable__transport button[aria-pressed="true"]';
  if (root.socmodelsExplorable.playing) root.querySelector(toggle).click();
}"""


def _exercise_explorables(page, visit: Visit) -> None:
    """Play, steer, step and reset every live explorable of the page; record what happened."""
    roots = page.locator(EXPLORABLES)
    for index in range(roots.count()):
        root = roots.nth(index)
        report = {
            "model": root.get_attribute("data-model"),
            "state": root.get_attribute("data-state"),
        }
        visit.explorables.append(report)
        if report["state"] != "mounted":
            continue
        root.scroll_into_view_if_needed()
        play = root.get_by_role("button", name="Play", exact=True)
        reset = root.get_by_role("button", name="Reset", exact=True)
        start = root.evaluate(EXPLORABLE_JS)
        report["first_frame_ms"] = start["firstFrameMs"]
        report["status_text"] = start["status"]
        first_picture = root.evaluate(PICTURE_JS)
        # 1. Play changes the picture over time.
        play.click()
        root.evaluate(WAIT_FRAMES_JS)
        report["played"] = root.evaluate(EXPLORABLE_JS)
        report["play_changed_picture"] = root.evaluate(PICTURE_JS) != first_picture
        # ... and the running explorable (Pause button, status, drawn panels) is accessible.
        visit.recording = False
        try:
            report["axe_running"] = root.evaluate(AXE_ROOT_JS)
        finally:
            visit.recording = True
        # 2. Each control moved while it runs acts at once, without a restart (each from a
        # fresh run of the same seed, so that no earlier move has finished it).
        controls = _live_controls(root)
        report["controls"] = []
        for info, control in controls:
            if not root.evaluate(EXPLORABLE_JS)["playing"]:
                reset.click()
                play.click()
                root.evaluate(WAIT_FRAMES_JS)
            before = root.evaluate(EXPLORABLE_JS)
            _move(page, control, info)
            page.wait_for_timeout(400)
            after = root.evaluate(EXPLORABLE_JS)
            report["controls"].append(
                {
                    "name": info["name"],
                    "select": info["select"],
                    "while_running": {
                        "value_before": before["params"][info["name"]],
                        "value_after": after["params"][info["name"]],
                        "steps_before": before["steps"],
                        "steps_after": after["steps"],
                        # A run may finish during the move (and a later live change make
                        # it movable again): that stop is the model's, not the control's.
                        "still_playing": after["playing"]
                        or bool(after["finished"])
                        or after["finishes"] > before["finishes"],
                    },
                }
            )
            # The run may finish between reading its state and a click, on a slow machine, and
            # a finished run has no Pause button: check and pause in one step of the page.
            root.evaluate(PAUSE_IF_PLAYING_JS)
            _restore(root, info)
        # 3. Reset with the same seed reproduces the same pictures, step for step.
        reset.click()
        report["reset_picture_is_first"] = root.evaluate(PICTURE_JS) == first_picture
        _steps(root, STEP_CLICKS)
        stepped = root.evaluate(PICTURE_JS)
        reset.click()
        _steps(root, STEP_CLICKS)
        report["reset_reproduces_steps"] = root.evaluate(PICTURE_JS) == stepped
        # 4. The same steps with a control moved halfway give a different run.
        for (info, control), result in zip(controls, report["controls"], strict=True):
            reset.click()
            _steps(root, STEP_CLICKS // 2)
            _move(page, control, info)
            _steps(root, STEP_CLICKS - STEP_CLICKS // 2)
            result["changed_run"] = root.evaluate(PICTURE_JS) != stepped
            _restore(root, info)
        reset.click()


def _run_axe(page) -> list:
    page.add_script_tag(path=str(sitemap.AXE_JS))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({
              target: n.target.join(' '), html: n.html.slice(0, 240),
              summary: (n.failureSummary || '').slice(0, 400),
            })),
            count: v.nodes.length,
          }));
        }"""
    )


class SiteVisits:
    """Visits each page once per colour mode and remembers what it saw.

    On the first request it visits every page of the table of contents in both modes, in
    ``WORKERS`` threads, each with its own Playwright and Chromium (Playwright objects belong to
    the thread that made them). Most of a visit is Chromium's own work (axe-core's colour-contrast
    rule alone takes about 2 s on a notebook page), so two browsers halve the suite's time on two
    cores. A visit that raised re-raises in the tests of that page only.
    """

    def __init__(self, launch_args: dict, site_url: str, site_dir: Path, pages: list[str]):
        self.launch_args = launch_args
        self.site_dir = site_dir
        self.site_url = site_url
        self.pages = pages
        self._cache: dict[tuple[str, str], Visit | BaseException] = {}
        self._done = False

    def get(self, page_path: str, mode: str) -> Visit:
        if not (self.site_dir / page_path).is_file():
            pytest.fail(f"{page_path} is in the table of contents but was not built", pytrace=False)
        if not self._done:
            self._visit_all()
        key = (page_path, mode)
        if key not in self._cache:
            self._visit_in_threads([key])
        result = self._cache[key]
        if isinstance(result, BaseException):
            raise result
        return result

    def _visit_all(self) -> None:
        self._done = True
        jobs = [(page, mode) for page in self.pages for mode in MODES]
        self._visit_in_threads([job for job in jobs if (self.site_dir / job[0]).is_file()])

    def _visit_in_threads(self, jobs: list[tuple[str, str]]) -> None:
        pending = queue.SimpleQueue()
        for job in jobs:
            pending.put(job)

        def work():
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**self.launch_args)
                try:
                    while True:
                        try:
                            job = pending.get_nowait()
                        except queue.Empty:
                            return
                        try:
                            self._cache[job] = self._visit(browser, *job)
                        except Exception as error:  # noqa: BLE001 - re-raised by get()
                            self._cache[job] = error
                finally:
                    browser.close()

        threads = [threading.Thread(target=work) for _ in range(min(WORKERS, len(jobs)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _visit(self, browser, page_path: str, mode: str) -> Visit:
        visit = Visit(page=page_path, mode=mode)
        started = time.perf_counter()
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # The theme reads the reader's choice from localStorage before it paints.
        context.add_init_script(f"try {{ localStorage.setItem('mode', '{mode}'); }} catch (e) {{}}")
        _record_blocking(context, visit)
        page = context.new_page()
        _listen(page, visit)
        try:
            page.goto(self.site_url + page_path, wait_until="load")
            settled = page.evaluate(SETTLE_JS, SETTLE_TIMEOUT_MS)
            visit.widget_views, visit.rendered_views = settled
            page.wait_for_load_state("networkidle")
            # The precomputed explorers that a live one folds away: opened, so that the checks
            # below (accessibility, sliders) see them as a reader who opens them does.
            page.evaluate(
                "() => document.querySelectorAll('details.socmodels-precomputed')"
                ".forEach(d => { d.open = true; })"
            )
            collected = page.evaluate(COLLECT_JS)
            visit.images = collected["images"]
            visit.figure_reprs = collected["figureReprs"]
            visit.launch = collected["launch"]
            visit.theme = collected["theme"]
            visit.recording = False
            visit.axe = _run_axe(page)
            visit.recording = True
            if mode == "light":
                _explore_sliders(page, visit)
                _exercise_explorables(page, visit)
        finally:
            context.close()
        visit.seconds = time.perf_counter() - started
        return visit


@pytest.fixture(scope="session")
def site_visits(browser_type_launch_args, site_url, site_dir) -> SiteVisits:
    if not sitemap.AXE_JS.exists():
        pytest.fail(
            f"{sitemap.AXE_JS} is missing: run `python3 scripts/site_assets.py` "
            "(the book build does)",
            pytrace=False,
        )
    pages = list(_WANTED_PAGES) or [sitemap.page_path(name) for name in sitemap.site_docnames()]
    visits = SiteVisits(browser_type_launch_args, site_url, site_dir, pages)
    yield visits
    _write_report(visits, site_dir)


def _write_report(visits: SiteVisits, site_dir: Path) -> None:
    """Everything the visits saw, in ``_build/site-report.json`` (git-ignored): page sizes,
    visit times, explorer results and every axe-core finding, including minor ones."""
    pages = {}
    for (page, mode), visit in sorted(visits._cache.items()):
        path = site_dir / page
        size = path.stat().st_size if path.exists() else None
        entry = pages.setdefault(page, {"html_bytes": size})
        if isinstance(visit, BaseException):
            entry[mode] = {"error": repr(visit)}
            continue
        entry[mode] = {
            "seconds": round(visit.seconds, 2),
            "axe": [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "count": v["count"],
                    "targets": [n["target"] for n in v["nodes"]],
                }
                for v in visit.axe
            ],
            "explorers": [
                [{"label": s["label"], "changed": s["after"] != s["before"]} for s in e["sliders"]]
                for e in visit.explorers
            ],
            "explorables": visit.explorables,
            "problems": visit.console_errors
            + visit.page_errors
            + visit.failed_requests
            + visit.blocked_requests,
        }
    # Beside the site (pytest-playwright owns test-results/ and empties it).
    out = site_dir.parent / "site-report.json"
    out.write_text(json.dumps(pages, indent=1, ensure_ascii=False), encoding="utf-8")
