"""Docking: the live explorables' JavaScript models against the Python package.

The JavaScript ports in ``site/explorables/`` are run headless by ``node --test`` and compared
with ensemble statistics and exact results of the Python models, recorded in
``site/explorables/test/reference.json`` by ``scripts/docking_reference.py`` (NetLogo's
"docking"; see docs/explorables.md). This file checks that the recorded reference is what the
package computes now, then runs the node suites: the docking itself, the mutants (deliberately
wrong rules that must fail the docking) and the engine's own tests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "site" / "explorables" / "test"
sys.path.insert(0, str(ROOT / "scripts"))

import docking_reference  # noqa: E402  (a script, not a package)

SUITES = sorted(p.name for p in TESTS.glob("*.test.js"))


def test_docking_reference_is_current():
    """The committed Python side equals what the package computes now (it is all seeded)."""
    committed = json.loads(docking_reference.REFERENCE.read_text(encoding="utf-8"))
    stale = docking_reference.stale_entries(docking_reference.build(), committed)
    assert not stale, (
        "site/explorables/test/reference.json is out of date with the Python models:\n  "
        + "\n  ".join(stale)
        + "\nRegenerate it with `.venv/bin/python scripts/docking_reference.py`, check that "
        "`node --test site/explorables/test/` still passes, and commit both."
    )


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "`node` (Node.js 18 or newer) is needed for the docking tests of the live "
            "explorables: install Debian's nodejs (`python3 scripts/tasks.py test` does when it "
            "can) or Node.js from nodejs.org",
            pytrace=False,
        )
    return node


@pytest.mark.parametrize("suite", SUITES)
def test_node_suite(suite):
    """One node test file: every failure is listed with its model, statistic and numbers."""
    result = subprocess.run(
        [_node(), "--test", "--test-reporter=tap", str(TESTS / suite)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode == 0:
        return
    lines = result.stdout.splitlines()
    failures = []
    for k, line in enumerate(lines):
        if re.match(r"\s*not ok \d+ - ", line):
            name = re.sub(r"^\s*not ok \d+ - ", "", line)
            detail = next(
                (
                    re.sub(r"^\s*error:\s*", "", later).strip("'\" |")
                    for later in lines[k + 1 : k + 40]
                    if re.match(r"\s*error:", later)
                ),
                "",
            )
            failures.append(f"{name}\n      {detail}")
    summary = "\n  ".join(failures) or (result.stdout[-3000:] + result.stderr[-3000:])
    pytest.fail(f"node --test {suite}: {len(failures)} failure(s)\n  {summary}", pytrace=False)
