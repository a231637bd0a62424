// Docking: every ported model against the Python package (see test/docking.js and
// scripts/docking_reference.py). Run: node --test site/explorables/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { REFERENCE, STATISTICS, EXACT, dock, checkExact } from "./docking.js";

for (const reference of REFERENCE.statistics) {
  test(`docking ${reference.id}`, () => {
    const result = dock(reference);
    assert.ok(result.ok, `DOCKING FAILED for ${result.message}`);
  });
}

for (const reference of REFERENCE.exact) {
  test(`docking (exact) ${reference.id}`, () => {
    const result = checkExact(reference);
    assert.ok(result.ok, `DOCKING FAILED for ${result.message}`);
  });
}

test("every JavaScript docking case has a Python reference (none is silently skipped)", () => {
  const ids = new Set(REFERENCE.statistics.map((c) => c.id));
  const exact = new Set(REFERENCE.exact.map((c) => c.id));
  assert.deepEqual(Object.keys(STATISTICS).filter((id) => !ids.has(id)), [], "statistics without a Python reference: regenerate reference.json");
  assert.deepEqual(Object.keys(EXACT).filter((id) => !exact.has(id)), [], "exact cases without a Python reference: regenerate reference.json");
});
