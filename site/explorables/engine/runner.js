// The model side of an explorable, without a DOM: parameters, seeded state, stepping and the
// record of observations. The page (engine/explorable.js) draws what it records; the docking
// tests and the benchmark drive it directly.
//
// Records are taken every `recordEvery` model steps, never per animation frame, so the
// history (and every picture drawn from it) depends only on the seed, the parameters and the
// number of steps: "reset with the same seed" reproduces the same picture however the steps
// were split into frames.

import { createRng, checkSeed } from "./prng.js";

/** Default values of a specification's parameters, overridden by `overrides`. */
export function defaultParams(spec, overrides = {}) {
  const params = {};
  for (const p of spec.params || []) params[p.name] = p.value;
  for (const [name, value] of Object.entries(overrides)) {
    const p = (spec.params || []).find((q) => q.name === name);
    if (!p) throw new Error(`${spec.id || "explorable"}: unknown parameter ${JSON.stringify(name)}`);
    params[name] = checkParam(p, value);
  }
  return params;
}

/** A parameter value checked against its declaration (range or options). */
export function checkParam(p, value) {
  if (p.options) {
    const allowed = p.options.map((o) => o.value);
    if (!allowed.includes(value)) {
      throw new RangeError(`${p.name} must be one of ${JSON.stringify(allowed)}, got ${JSON.stringify(value)}`);
    }
    return value;
  }
  const number = Number(value);
  if (!Number.isFinite(number) || number < p.min || number > p.max) {
    throw new RangeError(`${p.name} must be in [${p.min}, ${p.max}], got ${value}`);
  }
  return number;
}

export class Runner {
  /**
   * @param spec an explorable specification (see docs/explorables.md)
   * @param options `{seed, params, onRecord}`: the initial seed, parameter overrides and a
   *   first record listener (so that it sees the record at step 0)
   */
  constructor(spec, { seed = 1, params = {}, onRecord = null } = {}) {
    this.spec = spec;
    this.params = defaultParams(spec, params);
    this.listeners = onRecord ? [onRecord] : [];
    this.reset(seed);
  }

  /** Call `listener(runner)` after every record (including the one at step 0). */
  onRecord(listener) {
    this.listeners.push(listener);
  }

  /** Restart from step 0 with `seed` (default: the current seed). */
  reset(seed = this.seed) {
    this.seed = checkSeed(seed);
    this.rng = createRng(this.seed);
    this.steps = 0;
    this.finished = null;
    this.recordEvery = Math.max(1, Math.round(this.spec.recordEvery ? this.spec.recordEvery(this.params) : 1));
    this.state = this.spec.init(this.params, this.rng);
    this.records = 0;
    this.record();
  }

  /** Set a parameter; a parameter that is not `live` restarts the run (same seed). */
  set(name, value) {
    const p = this.spec.params.find((q) => q.name === name);
    if (!p) throw new Error(`${this.spec.id}: unknown parameter ${name}`);
    this.params[name] = checkParam(p, value);
    if (p.live) {
      if (this.spec.onParam) this.state = this.spec.onParam(this.state, this.params, name) || this.state;
      // A live change can make a finished run move again (e.g. a wider ε after freezing).
      this.finished = null;
      return false;
    }
    this.reset();
    return true;
  }

  /** Model time in the explorable's unit (e.g. rounds or sweeps). */
  get time() {
    return this.spec.time ? this.spec.time(this.steps, this.params, this.state) : this.steps;
  }

  record() {
    this.records += 1;
    for (const listener of this.listeners) listener(this);
  }

  /**
   * Advance by up to `k` steps (stopping early when the model says it is finished) or until
   * `deadline` (a performance.now() value) passes; returns the number of steps taken.
   */
  advance(k, deadline = Infinity, now = () => 0) {
    const { spec, params, rng } = this;
    let taken = 0;
    while (taken < k && !this.finished) {
      this.state = spec.step(this.state, params, rng);
      this.steps += 1;
      taken += 1;
      if (this.steps % this.recordEvery === 0) {
        this.record();
        if (spec.finished) this.finished = spec.finished(this.state, params) || null;
      }
      // Records depend on step counts only, so stopping anywhere keeps runs reproducible.
      if ((taken & 63) === 0 && now() > deadline) break;
    }
    return taken;
  }
}
