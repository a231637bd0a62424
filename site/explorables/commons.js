// Governing the commons: ports of the rules in src/socmodels/commons.py — the public goods
// game with peer punishment and trust, well mixed and on a lattice (Szolnoki, Perc & Szabó
// 2009; Helbing et al. 2010).
//
// Pure model functions (state in, state out, a seeded PRNG passed in), then the `explorables`
// the engine mounts. Docked against the Python models by test/docking.test.js.

import { squareLattice } from "./engine/graphs.js";
import { PALETTE, STRATEGY_COLOURS } from "./engine/palette.js";

export const DEFECTOR = 0;
export const COOPERATOR = 1;
export const MORALIST = 2;
export const IMMORALIST = 3;
export const CONDITIONAL = 4;
export const STRATEGY_NAMES = ["defector", "cooperator", "moralist", "immoralist", "conditional"];

/**
 * Payoff of strategy s in one group of `size` players whose strategy counts are
 * counts[offset .. offset + 4] (commons._group_payoff): contributors pay 1, the pot times r is
 * shared by all; each punisher fines each defecting co-member fine/(size − 1) at a cost
 * punishCost/(size − 1); a conditional cooperator gives only if at least θ others are willing.
 */
export function groupPayoff(s, counts, offset, size, { synergy, fine = 0, punishCost = 0, trustThreshold = 0 }) {
  const nDef = counts[offset];
  const nCoop = counts[offset + 1];
  const nMor = counts[offset + 2];
  const nImm = counts[offset + 3];
  const nCond = counts[offset + 4];
  const gives = nCoop + nMor + nCond - 1 >= trustThreshold;
  let pot = nCoop + nMor;
  if (gives) pot += nCond;
  let payoff = (synergy * pot) / size;
  if (s === COOPERATOR || s === MORALIST || (s === CONDITIONAL && gives)) payoff -= 1;
  const others = size > 1 ? size - 1 : 1;
  if (s === DEFECTOR) payoff -= (fine * (nMor + nImm)) / others;
  else if (s === MORALIST) payoff -= (punishCost * (nDef + nImm)) / others;
  else if (s === IMMORALIST) payoff -= (fine * (nMor + nImm - 1)) / others + (punishCost * (nDef + nImm - 1)) / others;
  return payoff;
}

/** Strategy counts of every group (node z and its neighbours): Int32Array of 5 per node. */
export function groupCounts(strategies, network) {
  const { n, indptr, indices } = network;
  const counts = new Int32Array(5 * n);
  for (let z = 0; z < n; z += 1) {
    counts[5 * z + strategies[z]] += 1;
    for (let k = indptr[z]; k < indptr[z + 1]; k += 1) counts[5 * z + strategies[indices[k]]] += 1;
  }
  return counts;
}

/**
 * Player x's total payoff as strategy s over the groups centred on x and its neighbours
 * (a contributor pays the cost in each of them, as in Szolnoki, Perc & Szabó 2009).
 */
export function playerPayoff(x, s, counts, network, game, group = groupPayoff) {
  const { indptr, indices } = network;
  let total = group(s, counts, 5 * x, indptr[x + 1] - indptr[x] + 1, game);
  for (let k = indptr[x]; k < indptr[x + 1]; k += 1) {
    const z = indices[k];
    total += group(s, counts, 5 * z, indptr[z + 1] - indptr[z] + 1, game);
  }
  return total;
}

/** Every player's total payoff (commons.graph_payoffs). */
export function graphPayoffs(strategies, network, game, group = groupPayoff) {
  const counts = groupCounts(strategies, network);
  return Float64Array.from(strategies, (s, x) => playerPayoff(x, s, counts, network, game, group));
}

/** Each player's strategy drawn independently with probabilities `fractions` (length 5). */
export function initialStrategies(n, fractions, rng) {
  const strategies = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    let u = rng.random();
    let s = 0;
    while (s < 4 && u >= fractions[s]) {
      u -= fractions[s];
      s += 1;
    }
    strategies[i] = s;
  }
  return strategies;
}

/** Spatial game state: strategies, group counts and strategy totals. */
export function createSpatial(network, strategies) {
  const totals = new Int32Array(5);
  for (const s of strategies) totals[s] += 1;
  return { network, strategies, counts: groupCounts(strategies, network), totals };
}

/**
 * One elementary step of random-sequential Fermi imitation (commons._fermi_kernel): a random
 * player x and a random neighbour y; x adopts y's strategy with probability
 * 1 / (1 + exp((P_x − P_y) / K)), payoffs from the current strategies. In place. (`payoff`
 * is playerPayoff; the docking tests pass a wrong one to check that they notice.)
 */
export function fermiStep(state, game, rng, payoff = playerPayoff) {
  const { network, strategies, counts, totals } = state;
  const { indptr, indices } = network;
  const x = rng.int(network.n);
  const start = indptr[x];
  const degree = indptr[x + 1] - start;
  const y = indices[start + rng.int(degree)];
  const sx = strategies[x];
  const sy = strategies[y];
  if (sx === sy) return state;
  const px = payoff(x, sx, counts, network, game);
  const py = payoff(y, sy, counts, network, game);
  if (rng.random() * (1 + Math.exp((px - py) / game.noise)) < 1) {
    strategies[x] = sy;
    totals[sx] -= 1;
    totals[sy] += 1;
    counts[5 * x + sx] -= 1;
    counts[5 * x + sy] += 1;
    for (let k = start; k < start + degree; k += 1) {
      const z = indices[k];
      counts[5 * z + sx] -= 1;
      counts[5 * z + sy] += 1;
    }
  }
  return state;
}

/** Share of willing contributors (cooperators, moralists, conditional cooperators). */
export function contributorShare(totals, n) {
  return (totals[COOPERATOR] + totals[MORALIST] + totals[CONDITIONAL]) / n;
}

/**
 * One generation of the finite well-mixed game (commons.well_mixed_public_goods): random
 * disjoint groups of G, payoffs, then everyone at once imitates a random other player with
 * the Fermi probability. Returns the new strategies.
 */
export function wellMixedGeneration(strategies, { groupSize, synergy, noise, fine = 0, punishCost = 0, trustThreshold = 0 }, rng, group = groupPayoff) {
  const n = strategies.length;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const payoffs = new Float64Array(n);
  const counts = new Int32Array(5);
  const game = { synergy, fine, punishCost, trustThreshold };
  for (let g = 0; g < n / groupSize; g += 1) {
    counts.fill(0);
    for (let k = 0; k < groupSize; k += 1) counts[strategies[order[g * groupSize + k]]] += 1;
    for (let k = 0; k < groupSize; k += 1) {
      const i = order[g * groupSize + k];
      payoffs[i] = group(strategies[i], counts, 0, groupSize, game);
    }
  }
  const next = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    let model = rng.int(n - 1);
    if (model >= i) model += 1;
    const adopt = rng.random() < 1 / (1 + Math.exp(-(payoffs[model] - payoffs[i]) / noise));
    next[i] = adopt ? strategies[model] : strategies[i];
  }
  return next;
}

/** Replicator dynamics of cooperators and defectors: x(t) = x0 / (x0 + (1 − x0) e^{(1 − r/G) t}). */
export function replicatorCooperation(x0, groupSize, synergy, t) {
  return x0 / (x0 + (1 - x0) * Math.exp((1 - synergy / groupSize) * t));
}

// --------------------------------------------------------------------------- explorables

const MIXES = {
  halves: [0.5, 0.5, 0, 0, 0],
  thirds: [1 / 3, 1 / 3, 1 / 3, 0, 0],
};

function spatialExplorable(id, title, defaults) {
  return {
    id,
    title,
    params: [
      { name: "synergy", label: "Synergy r", min: 2, max: 7, step: 0.05, value: defaults.synergy, live: true },
      { name: "noise", label: "Noise K", min: 0.05, max: 2, step: 0.05, value: 0.5, live: true },
      { name: "fine", label: "Fine β", min: 0, max: 1, step: 0.05, value: defaults.fine, live: true },
      { name: "punishCost", label: "Punishment cost γ", min: 0, max: 0.5, step: 0.01, value: defaults.punishCost, live: true },
      {
        name: "start",
        label: "Start (restarts)",
        options: [
          { value: "halves", label: "cooperators and defectors, half each" },
          { value: "thirds", label: "defectors, cooperators, moralists: thirds" },
        ],
        value: defaults.start,
      },
      { name: "side", label: "Lattice side L (restarts)", min: 10, max: 100, step: 10, value: 50 },
    ],
    speed: { label: "Updates per frame", values: [10, 100, 500, 2500, 10000], value: 2500 },
    recordEvery: (p) => p.side * p.side,
    time: (steps, p) => steps / (p.side * p.side),
    timeLabel: "Monte Carlo steps",
    init: (p, rng) => createSpatial(squareLattice(p.side), initialStrategies(p.side * p.side, MIXES[p.start], rng)),
    step: (s, p, rng) => fermiStep(s, p, rng),
    finished(s) {
      const n = s.strategies.length;
      const k = s.totals.findIndex((c) => c === n);
      return k >= 0 ? `only ${STRATEGY_NAMES[k]}s are left` : null;
    },
    panels: [
      {
        kind: "lattice",
        title: "Strategies on the lattice",
        side: (s) => Math.round(Math.sqrt(s.strategies.length)),
        cells: (s) => s.strategies,
        colors: STRATEGY_COLOURS,
        legend: [
          { label: "defector", color: STRATEGY_COLOURS[0] },
          { label: "cooperator", color: STRATEGY_COLOURS[1] },
          { label: "moralist (cooperates, punishes)", color: STRATEGY_COLOURS[2] },
        ],
        label: "Each square is a player: orange defectors, blue cooperators, green moralists.",
      },
      {
        kind: "series",
        title: "Strategies over time",
        series: [
          { key: "d", label: "defectors", color: STRATEGY_COLOURS[0] },
          { key: "c", label: "cooperators", color: STRATEGY_COLOURS[1] },
          { key: "m", label: "moralists", color: STRATEGY_COLOURS[2] },
        ],
        y: [0, 1],
        window: 64,
        observe: (s) => {
          const n = s.strategies.length;
          return { d: s.totals[0] / n, c: s.totals[1] / n, m: s.totals[2] / n };
        },
        label: "Fractions of defectors, cooperators and moralists over time.",
      },
    ],
    summary(s, p, t) {
      const n = s.strategies.length;
      const pct = (k) => Math.round((100 * s.totals[k]) / n);
      return `MCS ${Math.floor(t)}: ${pct(0)} % defectors, ${pct(1)} % cooperators, ${pct(2)} % moralists; ${Math.round(100 * contributorShare(s.totals, n))} % contribute.`;
    },
  };
}

const spatial = spatialExplorable("commons/spatial", "The spatial public goods game: neighbours imitate better-off neighbours", {
  synergy: 4.5,
  fine: 0,
  punishCost: 0.1,
  start: "halves",
});

const governance = spatialExplorable("commons/governance", "Peer punishment on the lattice: moralists fine defectors", {
  synergy: 3.5,
  fine: 0.4,
  punishCost: 0.05,
  start: "thirds",
});

const wellMixed = {
  id: "commons/well-mixed",
  title: "The tragedy in a well-mixed crowd: random groups every generation",
  params: [
    { name: "synergy", label: "Synergy r", min: 1, max: 10, step: 0.1, value: 4, live: true },
    { name: "noise", label: "Noise K", min: 0.05, max: 2, step: 0.05, value: 0.5, live: true },
    {
      name: "groupSize",
      label: "Group size G (restarts)",
      options: [3, 4, 5, 6, 8, 10].map((g) => ({ value: g, label: String(g) })),
      value: 5,
    },
  ],
  speed: { label: "Generations per frame", values: [0.05, 0.1, 0.25, 0.5, 1, 2], value: 0.25 },
  timeLabel: "generations",
  init: (p, rng) => ({ strategies: initialStrategies(1200, MIXES.halves, rng), rows: 30, cols: 40 }),
  step(s, p, rng) {
    s.strategies = wellMixedGeneration(s.strategies, p, rng);
    return s;
  },
  finished(s) {
    let c = 0;
    for (const v of s.strategies) c += v;
    if (c === 0) return "only defectors are left";
    if (c === s.strategies.length) return "only cooperators are left";
    return null;
  },
  panels: [
    {
      kind: "lattice",
      title: "1200 players (no neighbours: groups are random)",
      shape: (s) => [s.rows, s.cols],
      cells: (s) => s.strategies,
      colors: STRATEGY_COLOURS,
      legend: [
        { label: "defector", color: STRATEGY_COLOURS[0] },
        { label: "cooperator", color: STRATEGY_COLOURS[1] },
      ],
      label: "Each square is one of 1200 players, blue cooperators and orange defectors; positions carry no meaning.",
    },
    {
      kind: "series",
      title: "Cooperators",
      series: [{ key: "c", label: "simulation", color: PALETTE[0] }],
      curves: [{ label: "replicator equation (infinite population)", color: PALETTE[1], y: (t, p) => replicatorCooperation(0.5, p.groupSize, p.synergy, t) }],
      y: [0, 1],
      window: 32,
      observe(s) {
        let c = 0;
        for (const v of s.strategies) c += v;
        return { c: c / s.strategies.length };
      },
      label: "Fraction of cooperators over generations, with the replicator equation's curve for the current r and G.",
    },
  ],
  summary(s, p, t) {
    let c = 0;
    for (const v of s.strategies) c += v;
    return `Generation ${t}: ${Math.round((100 * c) / s.strategies.length)} % cooperate (r/G = ${(p.synergy / p.groupSize).toFixed(2)}).`;
  },
};

export const explorables = { spatial, governance, "well-mixed": wellMixed };
