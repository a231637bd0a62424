// Live explorables of the trust chapter (chapters/trust/): indirect reciprocity with public
// reputations judged by a social norm, and the naming game with a committed minority. Ports
// of the readable rules in src/socmodels/rules/trust.py (`reputation_step`,
// `naming_game_step`), docked against socmodels.trust.indirect_reciprocity, .naming_game and
// .reputation_equilibrium by test/docking.test.js.

import { PALETTE, STYLE } from "./engine/palette.js";

// --------------------------------------------------------------------------- reputation

export const ALLD = 0;
export const ALLC = 1;
export const DISC = 2;

/** trust.NORMS: NORMS[name][action][recipient's reputation] is the donor's new reputation. */
export const NORMS = {
  "stern judging": [
    [1, 0],
    [0, 1],
  ],
  "simple standing": [
    [1, 0],
    [1, 1],
  ],
  shunning: [
    [0, 0],
    [0, 1],
  ],
  "image scoring": [
    [0, 0],
    [1, 1],
  ],
};

/**
 * One interaction of indirect reciprocity (rules.reputation_step): donor i meets recipient
 * j ≠ i; ALLC intends to help, ALLD not, DISC helps iff j is good; an intended help fails
 * with probability e; the observer sets r_i = norm[action][r_j], flipped with probability μ,
 * and everyone sees it. Returns 1 if the donor helped. In place.
 */
export function reputationStep(s, norm, { e, mu, b, c }, rng) {
  const n = s.strategies.length;
  const donor = Math.floor(rng.random() * n);
  let recipient = Math.floor(rng.random() * (n - 1));
  if (recipient >= donor) recipient += 1;
  const u2 = rng.random();
  const u3 = rng.random();
  const strategy = s.strategies[donor];
  const intends = strategy === ALLC || (strategy === DISC && s.reputations[recipient] === 1);
  const action = intends && u2 >= e ? 1 : 0;
  const verdict = norm[action][s.reputations[recipient]];
  s.reputations[donor] = u3 < mu ? 1 - verdict : verdict;
  s.payoff[donor] -= c * action;
  s.payoff[recipient] += b * action;
  return action;
}

/** A population: `counts` = [ALLD, ALLC, DISC] agents (in that order), everyone good. */
export function reputationPopulation(counts) {
  const strategies = new Uint8Array(counts[0] + counts[1] + counts[2]);
  strategies.fill(ALLC, counts[0], counts[0] + counts[1]);
  strategies.fill(DISC, counts[0] + counts[1]);
  return { strategies, reputations: new Uint8Array(strategies.length).fill(1), payoff: new Float64Array(strategies.length) };
}

/**
 * Stationary reputations with public reputations (trust.reputation_equilibrium, Ohtsuki &
 * Iwasa 2004): g_s = μ + (1 − 2μ)(α_s + β_s g), g = Σ x_s g_s, solved in closed form.
 */
export function reputationEquilibrium(fractions, normName, { e, mu, b = 5, c = 1 }) {
  const a = NORMS[normName];
  const helpedGood = (1 - e) * a[1][1] + e * a[0][1];
  const helpedBad = (1 - e) * a[1][0] + e * a[0][0];
  const alpha = [a[0][0], helpedBad, a[0][0]];
  const beta = [a[0][1] - a[0][0], helpedGood - helpedBad, helpedGood - a[0][0]];
  const dot = (x, y) => x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
  const good = (mu + (1 - 2 * mu) * dot(fractions, alpha)) / (1 - (1 - 2 * mu) * dot(fractions, beta));
  const byStrategy = alpha.map((al, k) => mu + (1 - 2 * mu) * (al + beta[k] * good));
  const helps = [0, 1 - e, (1 - e) * good];
  const received = byStrategy.map((gs) => b * (1 - e) * (fractions[ALLC] + fractions[DISC] * gs));
  return { good, byStrategy, cooperation: dot(fractions, helps), payoffs: received.map((r, k) => r - c * helps[k]) };
}

function populationCounts(p) {
  const allc = Math.round(p.allc * p.n);
  const alld = Math.round(p.alld * p.n);
  return [alld, allc, p.n - allc - alld];
}

function reputationMeasures(s) {
  let good = 0;
  for (const r of s.reputations) good += r;
  return good / s.reputations.length;
}

const REPUTATION_COLOURS = [PALETTE[3], "#f4c7a9", PALETTE[2], "#a8dcc8", PALETTE[0], "#a9cbe6"];

const reputation = {
  id: "trust/reputation",
  title: "Indirect reciprocity: help the good, and be judged by a norm",
  params: [
    {
      name: "norm",
      label: "Social norm",
      options: ["stern judging", "image scoring", "simple standing", "shunning"].map((v) => ({ value: v, label: v })),
      value: "stern judging",
      live: true,
    },
    { name: "e", label: "Execution error e", min: 0, max: 0.2, step: 0.01, value: 0.02, live: true },
    { name: "mu", label: "Assessment error μ", min: 0, max: 0.2, step: 0.01, value: 0.01, live: true },
    { name: "allc", label: "Share of unconditional cooperators (restarts)", min: 0, max: 0.5, step: 0.05, value: 0, format: (v) => `${Math.round(100 * v)} %` },
    { name: "alld", label: "Share of unconditional defectors (restarts)", min: 0, max: 0.5, step: 0.05, value: 0, format: (v) => `${Math.round(100 * v)} %` },
    { name: "n", label: "Players N (restarts)", min: 100, max: 600, step: 100, value: 300 },
  ],
  speed: { label: "Interactions per frame", values: [1, 10, 30, 100, 300, 1200], value: 30 },
  recordEvery: (p) => p.n / 10,
  time: (steps, p) => steps / p.n,
  timeLabel: "rounds of N interactions",
  init(p) {
    const s = reputationPopulation(populationCounts(p));
    s.helped = 0;
    s.since = 0;
    s.cooperation = 0;
    s.good = 1;
    s.cols = 20;
    return s;
  },
  step(s, p, rng) {
    s.helped += reputationStep(s, NORMS[p.norm], { e: p.e, mu: p.mu, b: 5, c: 1 }, rng);
    s.since += 1;
    return s;
  },
  panels: [
    {
      kind: "lattice",
      title: "Players and their public reputations",
      shape: (s) => [Math.ceil(s.strategies.length / s.cols), s.cols],
      cells: (s) => Uint8Array.from(s.strategies, (x, i) => 2 * x + (s.reputations[i] ? 0 : 1)),
      colors: REPUTATION_COLOURS,
      legend: [
        { label: "discriminator, good / bad (pale)", color: PALETTE[0] },
        { label: "cooperator, good / bad (pale)", color: PALETTE[2] },
        { label: "defector, good / bad (pale)", color: PALETTE[3] },
      ],
      label: "Each square is a player, coloured by strategy (blue discriminators, green unconditional cooperators, red unconditional defectors), dark if its public reputation is good and pale if bad.",
    },
    {
      kind: "series",
      title: "Good reputations and cooperation",
      series: [
        { key: "good", label: "good reputations", color: PALETTE[0] },
        { key: "cooperation", label: "donors who helped", color: PALETTE[2] },
      ],
      references: [
        { label: "theory: good (closed form)", color: PALETTE[0], value: (p) => reputationEquilibrium(fractionsOf(p), p.norm, p).good },
        { label: "theory: cooperation", color: PALETTE[2], value: (p) => reputationEquilibrium(fractionsOf(p), p.norm, p).cooperation },
      ],
      y: [0, 1],
      window: 20,
      observe(s) {
        s.good = reputationMeasures(s);
        s.cooperation = s.since ? s.helped / s.since : s.cooperation;
        s.helped = 0;
        s.since = 0;
        return { good: s.good, cooperation: s.cooperation };
      },
      label: "Share of players with a good public reputation and share of interactions in which the donor helped, over rounds; dashed lines are the stationary values of the closed form.",
    },
  ],
  summary(s, p, t) {
    const eq = reputationEquilibrium(fractionsOf(p), p.norm, p);
    return (
      `Round ${Math.floor(t)} under ${p.norm}: ${Math.round(100 * s.good)} % have a good reputation and ${Math.round(100 * s.cooperation)} % of donors helped ` +
      `(closed form: ${Math.round(100 * eq.good)} % good, ${Math.round(100 * eq.cooperation)} % cooperation).`
    );
  },
};

function fractionsOf(p) {
  const counts = populationCounts(p);
  return counts.map((x) => x / p.n);
}

// --------------------------------------------------------------------------- naming game

export const WORD_A = 0;
export const WORD_B = 1;
export const WORD_AB = 2;

/**
 * One speaker–listener interaction of the binary naming game on the complete graph
 * (rules.naming_game_step): the speaker says its word (a random one of two); if the listener
 * has it, both keep only that word, else the listener adds it. Committed agents never
 * change. In place; returns nothing.
 */
export function namingGameStep(states, committed, rng) {
  const n = states.length;
  const speaker = Math.floor(rng.random() * n);
  let listener = Math.floor(rng.random() * (n - 1));
  if (listener >= speaker) listener += 1;
  const u = rng.random();
  const word = states[speaker] !== WORD_AB ? states[speaker] : u < 0.5 ? WORD_A : WORD_B;
  if (states[listener] === word || states[listener] === WORD_AB) {
    if (!committed[listener]) states[listener] = word;
    if (!committed[speaker]) states[speaker] = word;
  } else if (!committed[listener]) {
    states[listener] = WORD_AB;
  }
}

/** Xie et al.'s start: the first round(p n) agents committed to A, everyone else holds B. */
export function namingInitial(n, committedFraction) {
  const k = Math.round(committedFraction * n);
  const states = new Uint8Array(n).fill(WORD_B);
  states.fill(WORD_A, 0, k);
  const committed = new Uint8Array(n).fill(1, 0, k);
  return { states, committed, k };
}

/** Shares holding only A, only B, and both. */
export function wordShares(states) {
  const counts = [0, 0, 0];
  for (const x of states) counts[x] += 1;
  return counts.map((c) => c / states.length);
}

/**
 * The mean-field equations of trust.naming_game (time in N interactions), by RK4 with step
 * dt: n_A' = −n_A n_B + n_AB² + n_A n_AB + 3/2 p n_AB, n_B' = −n_A n_B + n_AB² + n_B n_AB − p n_B.
 * Returns the share holding only A (committed included) at each multiple of dt up to tMax.
 */
export function namingMeanField(p, tMax, dt = 0.05) {
  const rhs = (a, bb) => {
    const ab = 1 - p - a - bb;
    return [-a * bb + ab * ab + a * ab + 1.5 * p * ab, -a * bb + ab * ab + bb * ab - p * bb];
  };
  let a = 0;
  let bb = 1 - p;
  const out = [p + a];
  for (let t = 0; t < tMax - 1e-12; t += dt) {
    const k1 = rhs(a, bb);
    const k2 = rhs(a + (dt / 2) * k1[0], bb + (dt / 2) * k1[1]);
    const k3 = rhs(a + (dt / 2) * k2[0], bb + (dt / 2) * k2[1]);
    const k4 = rhs(a + dt * k3[0], bb + dt * k3[1]);
    a += (dt / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    bb += (dt / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    out.push(p + a);
  }
  return out;
}

const meanFieldCache = new Map();
function meanFieldAt(t, p) {
  const key = p.committed.toFixed(4);
  if (!meanFieldCache.has(key)) meanFieldCache.set(key, namingMeanField(p.committed, 400, 0.05));
  const curve = meanFieldCache.get(key);
  return curve[Math.min(curve.length - 1, Math.round(t / 0.05))];
}

const NAMING_COLOURS = [PALETTE[0], PALETTE[1], "#d9d9d9", "#014d77"];

const minority = {
  id: "trust/committed-minority",
  title: "A committed minority in the naming game: word A (committed) against the majority's B",
  params: [
    { name: "committed", label: "Committed share p", min: 0, max: 0.3, step: 0.01, value: 0.1, live: true, format: (v) => `${Math.round(100 * v)} %` },
    { name: "n", label: "Agents N (restarts)", min: 100, max: 1000, step: 100, value: 500 },
  ],
  speed: { label: "Interactions per frame", values: [10, 50, 100, 250, 500, 2000], value: 100 },
  recordEvery: (p) => p.n / 10,
  time: (steps, p) => steps / p.n,
  timeLabel: "interactions per agent",
  init(p) {
    const s = namingInitial(p.n, p.committed);
    s.cols = 25;
    s.shares = wordShares(s.states);
    return s;
  },
  step(s, p, rng) {
    namingGameStep(s.states, s.committed, rng);
    return s;
  },
  onParam(s, p) {
    // Commit (to A) or release agents 0 … k − 1, the committed ones of the start.
    const k = Math.round(p.committed * s.states.length);
    for (let i = Math.min(k, s.k); i < Math.max(k, s.k); i += 1) {
      s.committed[i] = i < k ? 1 : 0;
      if (i < k) s.states[i] = WORD_A;
    }
    s.k = k;
    s.shares = wordShares(s.states);
    return s;
  },
  finished: (s) => (s.shares[WORD_A] === 1 ? "everyone holds the committed word A" : s.shares[WORD_B] === 1 ? "everyone holds B" : null),
  panels: [
    {
      kind: "lattice",
      title: "Agents and their words",
      shape: (s) => [Math.ceil(s.states.length / s.cols), s.cols],
      cells: (s) => Uint8Array.from(s.states, (x, i) => (s.committed[i] ? 3 : x)),
      colors: NAMING_COLOURS,
      legend: [
        { label: "committed to A", color: NAMING_COLOURS[3] },
        { label: "only A", color: PALETTE[0] },
        { label: "only B", color: PALETTE[1] },
        { label: "both words", color: "#d9d9d9" },
      ],
      label: "Each square is an agent: dark blue are the committed, blue hold only word A, orange only word B, grey both words.",
    },
    {
      kind: "series",
      title: "Who holds which word",
      series: [
        { key: "a", label: "only A (committed included)", color: PALETTE[0] },
        { key: "b", label: "only B", color: PALETTE[1] },
        { key: "ab", label: "both", color: STYLE.muted },
      ],
      curves: [{ label: "mean field, A (from the start, this p)", color: PALETTE[0], y: (t, p) => meanFieldAt(t, p) }],
      y: [0, 1],
      window: 20,
      observe(s) {
        s.shares = wordShares(s.states);
        return { a: s.shares[WORD_A], b: s.shares[WORD_B], ab: s.shares[WORD_AB] };
      },
      label: "Shares of agents holding only word A, only word B, or both, over interactions per agent; the dashed curve is the mean-field prediction for A.",
    },
  ],
  summary: (s, p, t) =>
    `After ${Math.floor(t)} interactions per agent, with ${Math.round(100 * p.committed)} % committed: ${Math.round(100 * s.shares[WORD_A])} % hold only A, ` +
    `${Math.round(100 * s.shares[WORD_B])} % only B, ${Math.round(100 * s.shares[WORD_AB])} % both (the mean-field tipping point is 9.8 %).`,
};

export const explorables = { reputation, "committed-minority": minority };
