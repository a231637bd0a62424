// TEMPLATE for a new explorable module: copy to site/explorables/<theme>.js, port the rule of
// src/socmodels/<theme>.py, and read docs/explorables.md ("Live explorables").
//
// The shape every module has:
//   1. pure model functions: state in, state out, the seeded PRNG passed in (never
//      Math.random), no DOM — so `node --test` runs them headless and docks them against the
//      Python model;
//   2. `export const explorables = {name: spec}`: what the engine mounts for
//      <div class="socmodels-explorable" data-model="<theme>/<name>">.
//
// This template is a complete, working explorable (a voter-like "copy a random other agent"
// rule on N agents): test/engine.test.js runs it headless like every module. (The site does
// not serve files whose names start with "_", so it never appears in the book.)

import { PALETTE } from "./engine/palette.js";

// 1. The model -------------------------------------------------------------------------

/** Initial state: n agents, each holding opinion 1 with probability `density`. */
export function initial(n, density, rng) {
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) state[i] = rng.random() < density ? 1 : 0;
  return state;
}

/**
 * One elementary update: a random agent copies a random other agent or, with probability
 * `noise`, picks an opinion at random (the "noisy voter model"). In place.
 */
export function update(state, noise, rng) {
  const n = state.length;
  const i = rng.int(n);
  if (rng.random() < noise) {
    state[i] = rng.random() < 0.5 ? 1 : 0;
    return state;
  }
  let j = rng.int(n - 1);
  if (j >= i) j += 1;
  state[i] = state[j];
  return state;
}

// 2. The explorable --------------------------------------------------------------------

const example = {
  id: "_template/example",
  title: "TEMPLATE: agents copy a random other agent",
  // Controls. `live: true` acts on the running model (at least one must); others restart it
  // (same seed): say so in the label ("(restarts)", checked by test/engine.test.js). Ranges have min/max/step/value; choices have `options` [{value, label}].
  params: [
    { name: "density", label: "Initial share of opinion 1 (restarts)", min: 0, max: 1, step: 0.05, value: 0.3 },
    { name: "n", label: "Agents N (restarts)", min: 100, max: 2500, step: 100, value: 900 },
    { name: "noise", label: "Random opinion changes", min: 0, max: 0.1, step: 0.005, value: 0, live: true },
  ],
  // Steps per frame (a step is one call of `step`); fractions mean one step every few frames.
  speed: { label: "Updates per frame", values: [1, 10, 100, 900, 9000], value: 900 },
  // Record (what the time-series panels plot) every this many steps; time in the model's unit.
  recordEvery: (p) => p.n,
  time: (steps, p) => steps / p.n,
  timeLabel: "sweeps of N updates",
  init: (p, rng) => ({ state: initial(p.n, p.density, rng) }),
  step(s, p, rng) {
    update(s.state, p.noise, rng);
    return s;
  },
  // Optional: a reason to stop (the engine pauses and says it).
  finished(s) {
    const ones = s.state.reduce((a, b) => a + b, 0);
    return ones === 0 || ones === s.state.length ? "everyone agrees" : null;
  },
  // Panels: lattice, network, trajectories, series, histogram, bars, lorenz (engine/panels.js).
  // `label` is the canvas's accessible description: say what the picture shows.
  panels: [
    {
      kind: "lattice",
      title: "Agents",
      side: (s) => Math.ceil(Math.sqrt(s.state.length)),
      cells: (s) => s.state,
      colors: [PALETTE[1], PALETTE[0]],
      legend: [
        { label: "opinion 0", color: PALETTE[1] },
        { label: "opinion 1", color: PALETTE[0] },
      ],
      label: "Each square is an agent, blue for opinion 1 and orange for opinion 0.",
    },
    {
      kind: "series",
      title: "Share of opinion 1",
      series: [{ key: "ones", label: "opinion 1", color: PALETTE[0] }],
      y: [0, 1],
      observe: (s) => ({ ones: s.state.reduce((a, b) => a + b, 0) / s.state.length }),
      label: "Share of agents holding opinion 1 over time.",
    },
  ],
  // The live text summary (role="status"): the state in words, for screen readers.
  summary: (s, p, t) => `Sweep ${Math.floor(t)}: ${Math.round((100 * s.state.reduce((a, b) => a + b, 0)) / s.state.length)} % hold opinion 1.`,
};

export const explorables = { example };
