// The engine and the shape of every explorable, headless (no DOM): node --test site/explorables/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRng, checkSeed } from "../engine/prng.js";
import { Runner, defaultParams } from "../engine/runner.js";
import { PANEL_KINDS } from "../engine/panels.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FOLDER = path.dirname(HERE);
const ROOT = path.resolve(FOLDER, "..", "..");
const MODULE_FILES = readdirSync(FOLDER).filter((f) => f.endsWith(".js"));

async function allExplorables() {
  const found = [];
  for (const file of MODULE_FILES) {
    const module = await import(path.join(FOLDER, file));
    for (const [name, spec] of Object.entries(module.explorables || {})) found.push({ file, name, spec });
  }
  return found;
}

test("the PRNG is reproducible, uniform and rejects bad seeds", () => {
  const a = createRng(42);
  const b = createRng(42);
  for (let i = 0; i < 1000; i += 1) assert.equal(a.uint32(), b.uint32());
  assert.notEqual(createRng(1).uint32(), createRng(2).uint32());
  const rng = createRng(7);
  const counts = new Array(10).fill(0);
  const draws = 200000;
  for (let i = 0; i < draws; i += 1) counts[rng.int(10)] += 1;
  // chi-square with 9 degrees of freedom: 27.9 is its 99.9th percentile
  const chi2 = counts.reduce((s, c) => s + (c - draws / 10) ** 2 / (draws / 10), 0);
  assert.ok(chi2 < 27.9, `int(10) is not uniform: chi-square ${chi2.toFixed(1)}`);
  let mean = 0;
  for (let i = 0; i < draws; i += 1) mean += rng.random() / draws;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `random() has mean ${mean}`);
  for (const bad of [-1, 1.5, 2 ** 32, "x", NaN]) assert.throws(() => checkSeed(bad), /seed must be an integer/);
});

test("every module has the one shape: pure functions plus an `explorables` export", async () => {
  for (const file of MODULE_FILES) {
    const module = await import(path.join(FOLDER, file));
    assert.equal(typeof module.explorables, "object", `${file} exports no explorables`);
    for (const [name, spec] of Object.entries(module.explorables)) {
      const where = `${file}: ${name}`;
      assert.equal(spec.id, `${file.replace(/\.js$/, "")}/${name}`, `${where}: id must be "<module>/<name>"`);
      for (const key of ["title", "init", "step", "panels", "summary"]) assert.ok(spec[key], `${where} has no ${key}`);
      assert.ok(spec.params.some((p) => p.live), `${where}: no control acts while the model runs (live: true)`);
      for (const p of spec.params) {
        assert.ok(p.label && p.name, `${where}: a parameter without name or label`);
        if (!p.live) assert.match(p.label, /restarts/, `${where}: ${p.name} restarts the run, so its label must say "(restarts)"`);
        if (!p.options) assert.ok(p.min <= p.value && p.value <= p.max, `${where}: ${p.name}'s default is out of range`);
      }
      for (const panel of spec.panels) {
        assert.ok(PANEL_KINDS.includes(panel.kind), `${where}: unknown panel kind ${panel.kind}`);
        assert.ok(panel.label && panel.label.length > 20, `${where}: panel "${panel.title}" needs a description (label) for screen readers`);
      }
      if (spec.speed) assert.ok(spec.speed.values.includes(spec.speed.value), `${where}: default speed is not one of its values`);
    }
  }
});

test("every explorable runs headless: reproducible, finite, with a summary", async () => {
  for (const { name, spec } of await allExplorables()) {
    const records = [];
    const runner = new Runner(spec, { seed: 11, onRecord: (r) => records.push(observe(spec, r)) });
    const steps = Math.max(3 * runner.recordEvery, 30);
    runner.advance(steps);
    const first = JSON.stringify(records);
    // The same seed again, in uneven chunks: the same records (frames never change a run).
    const again = [];
    const other = new Runner(spec, { seed: 11, onRecord: (r) => again.push(observe(spec, r)) });
    let left = steps;
    for (const chunk of [1, 7, 2, 50]) {
      const k = Math.min(chunk, left);
      other.advance(k);
      left -= k;
    }
    other.advance(left);
    assert.equal(JSON.stringify(again), first, `${name}: the same seed gave a different run when stepped in other chunks`);
    for (const row of records) {
      for (const [key, value] of Object.entries(row)) assert.ok(Number.isFinite(value), `${name}: ${key} is ${value}`);
    }
    const text = spec.summary(runner.state, runner.params, runner.time, runner);
    assert.equal(typeof text, "string");
    assert.ok(text.length > 10, `${name}: summary too short`);
  }
});

function observe(spec, runner) {
  const row = { time: runner.time };
  spec.panels.forEach((panel, k) => {
    if (panel.kind === "series") {
      for (const [key, value] of Object.entries(panel.observe(runner.state, runner.params, runner.time))) row[`${k}.${key}`] = value;
    }
  });
  return row;
}

test("a live parameter acts on the running model; the others restart it with the same seed", async () => {
  const { explorables } = await import("../consensus.js");
  const spec = explorables.deffuant;
  const runner = new Runner(spec, { seed: 3 });
  runner.advance(1000);
  assert.equal(runner.set("epsilon", 0.4), false);
  assert.equal(runner.steps, 1000, "a live change must not restart the run");
  assert.equal(runner.set("n", 200), true);
  assert.equal(runner.steps, 0);
  assert.equal(runner.state.x.length, 200);
  assert.throws(() => runner.set("epsilon", 5), /epsilon must be in/);
  assert.throws(() => defaultParams(spec, { nope: 1 }), /unknown parameter/);
});

test("every placeholder in the chapters names an explorable that exists", async () => {
  const known = new Set((await allExplorables()).map(({ spec }) => spec.id));
  const chapters = path.join(ROOT, "chapters");
  if (!existsSync(chapters)) return;
  const pattern = /data-model=\\?"([^"\\]+)\\?"/g;
  const problems = [];
  let seen = 0;
  for (const folder of readdirSync(chapters)) {
    if (folder.startsWith("_")) continue;
    const dir = path.join(chapters, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ipynb") || f.endsWith(".md"))) {
      const text = readFileSync(path.join(dir, file), "utf-8");
      for (const match of text.matchAll(pattern)) {
        seen += 1;
        if (!known.has(match[1])) problems.push(`${folder}/${file}: ${match[1]}`);
      }
    }
  }
  assert.deepEqual(problems, [], `placeholders naming no explorable (known: ${[...known].join(", ")})`);
  assert.ok(seen > 0 || !existsSync(path.join(chapters, "consensus")), "no placeholder found in the chapters");
});
