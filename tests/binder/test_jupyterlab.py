"""Binder renders the book: JupyterLab from the book's environment, in headless Chromium.

Binder installs ``requirements.txt``, which pins JupyterLab, jupyterlab-myst (MyST markup,
exercises, hidden solutions) and the book's own extension ``labextension/socmodels-glue``
(glued numbers). This module starts JupyterLab from the test environment, which installs the
same file, on 127.0.0.1 (a free port, a random token, no browser, settings and runtime files in
a temporary folder), opens a copy of a chapter notebook in Debian's Chromium with every
non-loopback request blocked, and checks what a student sees: solutions collapsed, glued
numbers shown (from the stored outputs, and again after clearing and re-running the notebook),
citations and other MyST markup rendered rather than printed raw.

About 40 s on two cores, most of it running the notebook.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("SOCMODELS_CHROMIUM", "/usr/bin/chromium"))
#: As in tests/site/conftest.py: Debian's chromium, headless, no background traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: The chapter notebook the student opens (short to run, with glue, citations and solutions).
NOTEBOOK = Path("chapters/measures/measuring_society.ipynb")
STARTUP_SECONDS = 90
RUN_SECONDS = 300
MIME = "application/papermill.record/text/plain"
GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")
#: MyST that JupyterLab printed instead of rendering.
RAW_MYST = re.compile(r"\{(glue|cite|term|doc|numref|ref)[:}]|:::\{|```\{")
BADGE = re.compile(
    r"^\[(warm-up|core|challenge|project) · (discussion|coding|mathematics)\]", re.MULTILINE
)

LABEXTENSION = ROOT / "labextension" / "socmodels-glue"
INSTALLED = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "socmodels-glue"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def glued_values(path: Path) -> dict[str, str]:
    """Every glued value stored in a notebook's outputs (its text/plain), by name."""
    values = {}
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and MIME in output.get("data", {}):
                values[name] = output["data"][MIME]
    return values


def glue_roles(path: Path) -> list[str]:
    """The content of every ``{glue:text}`` role in a notebook's markdown ("key:format")."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return GLUE_ROLE.findall(text)


def expected_text(role: str, values: dict[str, str]) -> str:
    """What the site shows for a role: myst-nb's own formatting of the stored value."""
    key, _, spec = role.rpartition(":") if ":" in role else (role, "", "")
    return format_plain_text(values[key], spec)


def test_the_installed_extension_is_this_repository_s():
    """The copy JupyterLab loads is the one in labextension/ (pip installs it, not -e)."""
    sources = sorted(p.relative_to(LABEXTENSION) for p in LABEXTENSION.rglob("*") if p.is_file())
    assert sources, f"{LABEXTENSION} is empty"
    stale = [
        str(p)
        for p in sources
        if not (INSTALLED / p).is_file()
        or (INSTALLED / p).read_bytes() != (LABEXTENSION / p).read_bytes()
    ]
    assert not stale, (
        f"{INSTALLED} lacks or has old copies of {stale}: reinstall it with "
        "`.venv/bin/pip install --force-reinstall --no-deps ./labextension`"
    )


# --------------------------------------------------------------------------- JupyterLab


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of the chapter: ``(base_url, token)``."""
    if not (BIN / "jupyter-lab").exists():
        pytest.fail(
            "JupyterLab is not installed: .venv/bin/pip install -r requirements.txt", pytrace=False
        )
    home = tmp_path_factory.mktemp("jupyterlab")
    work = home / "work"
    shutil.copytree(ROOT / NOTEBOOK.parent, work / NOTEBOOK.parent.name)
    settings = home / "settings"
    for plugin, values in {
        # Render every cell at once (JupyterLab 4 otherwise renders only what is on screen).
        "notebook-extension/tracker": {"windowingMode": "none"},
        # No "would you like news?" toast over the page, and no update check.
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        target = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
        PYTHONHASHSEED="0",
    )
    env.pop("SOCMODELS_STATIC_EXPLORERS", None)
    port, token = _free_port(), secrets.token_hex(24)
    command = [
        str(BIN / "jupyter-lab"),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        "--LabApp.extension_manager=readonly",  # no queries to a package index
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run the notebook
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "server.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited ({server.returncode}):\n{_tail(home)}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start in {STARTUP_SECONDS} s:\n{_tail(home)}")
                time.sleep(0.3)
        yield base, token
    finally:
        _stop(server)
        log.close()


def _tail(home: Path, lines: int = 40) -> str:
    text = (home / "server.log").read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def _stop(server: subprocess.Popen) -> None:
    """Stop the server we started (its own process group: the server and its kernels)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def _in_thread(function):
    """Run Playwright's sync API in a thread of its own (pytest-playwright may own this one)."""
    result = {}

    def target():
        try:
            result["value"] = function()
        except BaseException as error:  # noqa: BLE001 - re-raised below
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


#: Everything the checks need from the page, in one call.
SNAPSHOT_JS = r"""() => {
  const cells = [...document.querySelectorAll('.jp-MarkdownCell')];
  const myst = cells.map(c => c.querySelector('.myst')).filter(Boolean);
  return {
    markdownCells: cells.length,
    rendered: myst.length,
    texts: myst.map(m => m.innerText),
    glue: [...document.querySelectorAll('.jp-MarkdownCell .myst [data-socmodels-glue]')]
      .map(s => [s.getAttribute('data-socmodels-glue'), s.textContent]),
    solutions: [...document.querySelectorAll('.jp-MarkdownCell .myst details')].map(d => ({
      open: d.open,
      title: d.querySelector('summary') ? d.querySelector('summary').innerText : '',
      bodyVisible: [...d.children].filter(e => e.tagName !== 'SUMMARY')
        .some(e => e.checkVisibility()),
    })),
    exercises: [...document.querySelectorAll('.jp-MarkdownCell .myst aside[id]')]
      .map(a => a.innerText.split('\n')[0]),
  };
}"""

RUN_ALL_JS = r"""async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  await new Promise(resolve => setTimeout(resolve, 500));  // the extension's next pass
  const cleared = [...document.querySelectorAll('[data-socmodels-glue]')]
    .map(s => [s.getAttribute('data-socmodels-glue'), s.textContent]);
  const started = performance.now();
  await app.commands.execute('notebook:run-all-cells');
  return {cleared, seconds: (performance.now() - started) / 1000};
}"""

EXECUTED_JS = r"""() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  let pending = 0, errors = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    if (cell.executionCount === null) pending++;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
    }
  }
  const idle = panel.sessionContext.session.kernel.status === 'idle';
  return {pending, errors, idle};
}"""


def _visit(base: str, token: str, formats: list[tuple[str, str]]) -> dict:
    from playwright.sync_api import sync_playwright

    report = {"blocked": [], "page_errors": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})

            def route(route):
                if urlparse(route.request.url).hostname in LOOPBACK:
                    route.continue_()
                else:
                    report["blocked"].append(route.request.url)
                    route.abort("blockedbyclient")

            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda error: report["page_errors"].append(str(error)))
            started = time.perf_counter()
            page.goto(f"{base}/lab/tree/{NOTEBOOK.parent.name}/{NOTEBOOK.name}?token={token}")
            page.wait_for_function(
                """() => {
                  const cells = document.querySelectorAll('.jp-MarkdownCell');
                  const glue = [...document.querySelectorAll('[data-socmodels-glue]')];
                  return cells.length > 0 && window.socmodelsGlue && glue.length > 0 &&
                    [...cells].every(c => c.querySelector('.myst'));
                }""",
                timeout=STARTUP_SECONDS * 1000,
            )
            page.wait_for_timeout(500)  # the extension's debounced pass after the last render
            report["open_seconds"] = time.perf_counter() - started
            report["stored"] = page.evaluate(SNAPSHOT_JS)
            report["formats"] = page.evaluate(
                "pairs => pairs.map(([text, spec]) => window.socmodelsGlue.format(text, spec))",
                formats,
            )
            ran = page.evaluate(RUN_ALL_JS)
            report["cleared"], report["run_seconds"] = ran["cleared"], ran["seconds"]
            page.wait_for_function(
                f"() => {{ const s = ({EXECUTED_JS})(); return s.pending === 0 && s.idle; }}",
                timeout=RUN_SECONDS * 1000,
                polling=500,
            )
            page.wait_for_timeout(500)
            report["executed"] = page.evaluate(EXECUTED_JS)
            report["after_run"] = page.evaluate(SNAPSHOT_JS)
        finally:
            browser.close()
    return report


@pytest.fixture(scope="module")
def lab_report(jupyterlab) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium", pytrace=False)
    # Every glue role of every chapter notebook, formatted in the browser by the extension.
    formats, expected = [], []
    for path in sorted((ROOT / "chapters").glob("*/*.ipynb")):
        if "_template" in path.parts:
            continue
        values = glued_values(path)
        for role in glue_roles(path):
            key, _, spec = role.rpartition(":") if ":" in role else (role, "", "")
            if key in values:
                formats.append((values[key], spec))
                expected.append((f"{path.name}: {role}", expected_text(role, values)))
    report = _in_thread(lambda: _visit(*jupyterlab, formats))
    report["expected_formats"] = expected
    return report


def _raw_myst(texts: list[str]) -> list[str]:
    problems = []
    for index, text in enumerate(texts):
        for line in text.splitlines():
            if RAW_MYST.search(line) or line.startswith(": "):
                problems.append(f"markdown cell {index}: {line[:120]!r}")
    return problems


def test_jupyterlab_renders_every_markdown_cell_with_myst(lab_report):
    stored = lab_report["stored"]
    assert stored["markdownCells"] > 0
    assert stored["rendered"] == stored["markdownCells"], (
        f"jupyterlab-myst rendered {stored['rendered']} of {stored['markdownCells']} markdown "
        "cells (is it installed and enabled?)"
    )
    problems = _raw_myst(stored["texts"])
    assert not problems, "raw MyST markup in JupyterLab:\n  " + "\n  ".join(problems)
    assert lab_report["blocked"] == [], f"requests to other hosts: {lab_report['blocked']}"
    assert lab_report["page_errors"] == [], lab_report["page_errors"]


def test_solutions_are_collapsed_until_clicked(lab_report):
    source = "\n".join(c.source for c in nbformat.read(ROOT / NOTEBOOK, as_version=4).cells)
    n_solutions = source.count(":::{solution}")
    # Every collapsed box: the solutions and the "going deeper" dropdowns.
    boxes = lab_report["stored"]["solutions"]
    solutions = [box for box in boxes if box["title"].startswith("Solution to")]
    assert len(solutions) == n_solutions >= 3, boxes
    shown = [box["title"] for box in boxes if box["open"] or box["bodyVisible"]]
    assert not shown, f"solutions or dropdowns open without a click: {shown}"


def test_exercises_show_their_level_and_kind(lab_report):
    exercises = lab_report["stored"]["exercises"]
    assert len(exercises) >= 3, exercises
    for title in exercises:
        subtitle = title.split("(", 1)[1] if "(" in title else ""
        assert BADGE.match(subtitle), f"exercise title without a level · kind badge: {title!r}"


def test_glued_numbers_render_from_the_stored_outputs(lab_report):
    values = glued_values(ROOT / NOTEBOOK)
    roles = glue_roles(ROOT / NOTEBOOK)
    shown = dict(lab_report["stored"]["glue"])
    assert set(shown) == set(roles), f"roles not rendered: {sorted(set(roles) - set(shown))}"
    wrong = {
        r: (shown[r], expected_text(r, values))
        for r in roles
        if shown[r] != expected_text(r, values)
    }
    assert not wrong, f"glued values (JupyterLab, site): {wrong}"
    text = "\n".join(lab_report["stored"]["texts"])
    assert expected_text("gini_exponential:.3f", values) in text


def test_glued_numbers_follow_a_new_run_of_the_notebook(lab_report):
    # Cleared outputs: the roles fall back to their names; after Run All, the new values.
    cleared = dict(lab_report["cleared"])
    assert cleared and all(shown == role for role, shown in cleared.items()), cleared
    executed = lab_report["executed"]
    assert executed["errors"] == [], executed["errors"]
    values = glued_values(ROOT / NOTEBOOK)  # the notebook is deterministic (strict nbval)
    after = dict(lab_report["after_run"]["glue"])
    wrong = {r: s for r, s in after.items() if s != expected_text(r, values)}
    assert after and not wrong, f"after running the notebook: {wrong}"
    assert not _raw_myst(lab_report["after_run"]["texts"])


def test_citations_are_rendered_not_raw(lab_report):
    text = "\n".join(lab_report["stored"]["texts"])
    assert "{cite" not in text
    assert "lorenz1905" in text, "the citation's key should be shown in place of the role"


def test_the_extension_formats_like_myst_nb(lab_report):
    """Every glue role of every chapter: the extension's text equals the site's."""
    got = lab_report["formats"]
    expected = lab_report["expected_formats"]
    assert len(got) == len(expected) > 100
    wrong = [
        f"{where}: {mine!r} != {theirs!r}"
        for (where, theirs), mine in zip(expected, got, strict=True)
        if mine != theirs
    ]
    assert not wrong, "\n  ".join(["formatting differs from myst-nb:", *wrong])
