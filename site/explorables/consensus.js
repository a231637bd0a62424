// Consensus formation: ports of the rules in src/socmodels/consensus.py.
//
// Pure model functions (state in, state out, a seeded PRNG passed in), then the `explorables`
// the engine mounts. Docked against the Python models by test/docking.test.js.

import { corePeriphery, erdosRenyi, squareLattice, degrees } from "./engine/graphs.js";
import { clusterSizes, histogram } from "./engine/stats.js";
import { PALETTE } from "./engine/palette.js";

// --------------------------------------------------------------------------- opinions

/** n opinions uniform on [0, 1). */
export function uniformOpinions(n, rng) {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i += 1) x[i] = rng.random();
  return x;
}

// --------------------------------------------------------------------------- Deffuant

/**
 * One meeting of the Deffuant et al. (2000) model on the complete graph: ONE uniformly random
 * pair i ≠ j (the published schedule); if |x_i − x_j| < ε both move a fraction μ of their
 * difference towards each other. In place; returns x.
 *
 * (socmodels.consensus.deffuant draws its pairs the same way by default, schedule="pairs";
 * the docking tests compare the cluster counts of the two.)
 */
export function deffuantMeeting(x, epsilon, mu, rng) {
  const n = x.length;
  const i = rng.int(n);
  let j = rng.int(n - 1);
  if (j >= i) j += 1;
  const diff = x[j] - x[i];
  if (Math.abs(diff) < epsilon) {
    x[i] += mu * diff;
    x[j] -= mu * diff;
  }
  return x;
}

/** True if no two opinions differ by more than tol and less than ε (nothing can move any more). */
export function deffuantFrozen(x, epsilon, tol = 1e-6) {
  const xs = Float64Array.from(x).sort();
  const n = xs.length;
  let next = 0;
  for (let i = 0; i < n; i += 1) {
    if (next <= i) next = i + 1;
    while (next < n && xs[next] <= xs[i] + tol) next += 1;
    if (next < n && xs[next] - xs[i] < epsilon) return false;
  }
  return true;
}

/** Run Deffuant meetings until frozen (checked every n meetings) or maxMeetings. */
export function runDeffuant(x, { epsilon, mu = 0.5, maxMeetings = 1e8, tol = 1e-6 }, rng, meet = deffuantMeeting) {
  const n = x.length;
  let meetings = 0;
  let converged = deffuantFrozen(x, epsilon, tol);
  while (!converged && meetings < maxMeetings) {
    for (let k = 0; k < n; k += 1) meet(x, epsilon, mu, rng);
    meetings += n;
    converged = deffuantFrozen(x, epsilon, tol);
  }
  return { x, meetings, converged };
}

// --------------------------------------------------------------------------- Hegselmann–Krause

/**
 * One synchronous Hegselmann–Krause (2002) update: every agent moves to the mean of the
 * opinions it trusts, itself included, where i trusts j if they are linked and
 * |x_i − x_j| <= ε. `network` null is the complete graph (sort + two pointers over prefix sums,
 * as consensus._hk_sorted_kernel). Writes into `out` and returns it.
 */
export function hkStep(x, epsilon, network = null, out = new Float64Array(x.length)) {
  const n = x.length;
  if (network === null) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
    const xs = new Float64Array(n);
    for (let k = 0; k < n; k += 1) xs[k] = x[order[k]];
    const shift = xs[0];
    const prefix = new Float64Array(n + 1);
    for (let k = 0; k < n; k += 1) prefix[k + 1] = prefix[k] + (xs[k] - shift);
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < n; k += 1) {
      const xk = xs[k];
      while (xk - xs[lo] > epsilon) lo += 1;
      if (hi < k + 1) hi = k + 1;
      while (hi < n && xs[hi] - xk <= epsilon) hi += 1;
      const m = (prefix[hi] - prefix[lo]) / (hi - lo) + shift;
      out[order[k]] = Math.min(Math.max(m, xs[lo]), xs[hi - 1]);
    }
    return out;
  }
  const { indptr, indices } = network;
  for (let i = 0; i < n; i += 1) {
    const xi = x[i];
    let total = xi;
    let count = 1;
    for (let k = indptr[i]; k < indptr[i + 1]; k += 1) {
      const xj = x[indices[k]];
      if (Math.abs(xj - xi) <= epsilon) {
        total += xj;
        count += 1;
      }
    }
    out[i] = total / count;
  }
  return out;
}

/**
 * Hegselmann–Krause with stubbornness s_i (the book's combination with Friedkin–Johnsen):
 * x(t+1) = (1 − s) HK(x(t)) + s x(0). Returns `{x, change}` (max |Δx|).
 */
export function hkAnchoredStep(x, x0, stubbornness, epsilon, network, out = new Float64Array(x.length)) {
  hkStep(x, epsilon, network, out);
  let change = 0;
  for (let i = 0; i < x.length; i += 1) {
    const s = stubbornness[i];
    if (s > 0) out[i] = (1 - s) * out[i] + s * x0[i];
    change = Math.max(change, Math.abs(out[i] - x[i]));
  }
  return { x: out, change };
}

/** Run HK to its fixed point (max change <= tol) or maxSteps; `{x, steps, converged}`. */
export function runHK(x0, { epsilon, network = null, maxSteps = 1000, tol = 1e-9 }, step = hkStep) {
  let x = Float64Array.from(x0);
  let out = new Float64Array(x.length);
  for (let t = 1; t <= maxSteps; t += 1) {
    step(x, epsilon, network, out);
    let change = 0;
    for (let i = 0; i < x.length; i += 1) change = Math.max(change, Math.abs(out[i] - x[i]));
    [x, out] = [out, x];
    if (change <= tol) return { x, steps: t, converged: true };
  }
  return { x, steps: maxSteps, converged: false };
}

// --------------------------------------------------------------------------- voter model

/**
 * One elementary update of the voter model: a uniformly random agent i copies a uniformly
 * random neighbour (network) or, with `network` null, a uniformly random other agent (the
 * complete graph). With `mixing` m, a share m of the copies are from anyone (the complete
 * graph's rule) and the rest from a network neighbour. Returns the change in the number of 1s.
 */
export function voterUpdate(state, network, rng, mixing = 0) {
  const n = state.length;
  const i = rng.int(n);
  let j;
  if (network === null || (mixing > 0 && rng.float() < mixing)) {
    j = rng.int(n - 1);
    if (j >= i) j += 1;
  } else {
    const start = network.indptr[i];
    const degree = network.indptr[i + 1] - start;
    j = degree === 0 ? i : network.indices[start + rng.int(degree)];
  }
  const delta = state[j] - state[i];
  state[i] = state[j];
  return delta;
}

/** Random positions for round(density · n) ones among n agents. */
export function voterInitial(n, density, rng) {
  const state = new Int8Array(n);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const ones = Math.round(density * n);
  for (let k = 0; k < ones; k += 1) state[order[k]] = 1;
  return state;
}

/** Run to consensus: `{winner, consensusTime}` (time in sweeps of n updates; -1, NaN if none). */
export function runVoter(state, network, rng, { maxSweeps = 100000 } = {}, update = voterUpdate) {
  const n = state.length;
  let ones = 0;
  for (let i = 0; i < n; i += 1) ones += state[i];
  let updates = 0;
  const limit = maxSweeps * n;
  while (ones > 0 && ones < n && updates < limit) {
    ones += update(state, network, rng);
    updates += 1;
  }
  if (ones === 0 || ones === n) return { winner: ones === n ? 1 : 0, consensusTime: updates / n };
  return { winner: -1, consensusTime: NaN };
}

/** Share of neighbour pairs that disagree (the voter model's "interface density"). */
export function discordantShare(state, network) {
  const { n, indptr, indices } = network;
  let discordant = 0;
  let pairs = 0;
  for (let a = 0; a < n; a += 1) {
    for (let k = indptr[a]; k < indptr[a + 1]; k += 1) {
      pairs += 1;
      if (state[a] !== state[indices[k]]) discordant += 1;
    }
  }
  return pairs ? discordant / pairs : 0;
}

// --------------------------------------------------------------------------- DeGroot, Friedkin–Johnsen

/** Row-stochastic DeGroot weights with self-weight: W_ij = (A_ij + δ_ij) / (d_i + 1), CSR. */
export function degrootWeights(network) {
  const { n, indptr, indices } = network;
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) rowPtr[i + 1] = rowPtr[i] + (indptr[i + 1] - indptr[i]) + 1;
  const cols = new Int32Array(rowPtr[n]);
  const data = new Float64Array(rowPtr[n]);
  for (let i = 0; i < n; i += 1) {
    const w = 1 / (indptr[i + 1] - indptr[i] + 1);
    let q = rowPtr[i];
    cols[q] = i;
    data[q] = w;
    q += 1;
    for (let k = indptr[i]; k < indptr[i + 1]; k += 1, q += 1) {
      cols[q] = indices[k];
      data[q] = w;
    }
  }
  return { n, indptr: rowPtr, indices: cols, data };
}

/**
 * One Friedkin–Johnsen (1990) update, x(t+1) = Λ W x(t) + (I − Λ) x(0), with
 * susceptibilities λ (λ = 1 for everyone is DeGroot). Writes into `out`.
 */
export function fjStep(x, weights, lambda, x0, out = new Float64Array(x.length)) {
  const { n, indptr, indices, data } = weights;
  for (let i = 0; i < n; i += 1) {
    let total = 0;
    for (let k = indptr[i]; k < indptr[i + 1]; k += 1) total += data[k] * x[indices[k]];
    out[i] = lambda[i] * total + (1 - lambda[i]) * x0[i];
  }
  return out;
}

/**
 * The chapter's two networks with the same number of agents and links
 * (consensus._elite_or_egalitarian): "elite", a fully linked core of `eliteSize` accounts that
 * each peripheral agent follows with probability 1/2, with on average 2 peripheral contacts;
 * "egalitarian", an Erdős–Rényi network with the same mean degree in which `eliteSize`
 * random agents play the elite. Returns `{network, elite}` (elite: a 0/1 mask).
 */
export function eliteOrEgalitarian(kind, n, eliteSize, rng) {
  const periphery = n - eliteSize;
  const pPeriphery = Math.min(1, 2 / Math.max(periphery - 1, 1));
  const eliteNet = corePeriphery(n, eliteSize, { pCore: 1, pCorePeriphery: 0.5, pPeriphery }, rng);
  const elite = new Uint8Array(n);
  if (kind === "elite") {
    elite.fill(1, 0, eliteSize);
    return { network: eliteNet, elite };
  }
  const meanDegree = eliteNet.indptr[n] / n;
  const network = erdosRenyi(n, meanDegree, rng);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let k = 0; k < eliteSize; k += 1) elite[order[k]] = 1;
  return { network, elite };
}

// --------------------------------------------------------------------------- explorables

const opinionHistogram = (values) => ({
  kind: "histogram",
  title: "Opinions now",
  values,
  range: [0, 1],
  bins: 40,
  orientation: "horizontal",
  xlabel: "agents",
  color: PALETTE[0],
  label: "Histogram of the opinions now: how many agents hold each opinion from 0 to 1.",
});

function describeClusters(x, gap) {
  const sizes = clusterSizes(x, gap);
  const n = x.length;
  const major = sizes.filter((s) => s / n >= 0.05);
  const largest = Math.max(...sizes);
  return `${major.length} group${major.length === 1 ? "" : "s"} of at least 5 % (the largest holds ${Math.round((100 * largest) / n)} %)`;
}

const deffuant = {
  id: "consensus/deffuant",
  title: "Deffuant bounded confidence: one random pair per meeting",
  params: [
    { name: "epsilon", label: "Confidence bound ε", min: 0.05, max: 0.6, step: 0.01, value: 0.25, live: true },
    { name: "mu", label: "Convergence μ", min: 0.05, max: 0.5, step: 0.05, value: 0.5, live: true },
    { name: "n", label: "Agents N (restarts)", min: 100, max: 2000, step: 100, value: 500 },
  ],
  speed: { label: "Meetings per frame", values: [1, 10, 50, 250, 1000, 5000], value: 250 },
  recordEvery: (p) => p.n / 2,
  time: (steps, p) => steps / (p.n / 2),
  timeLabel: "rounds of N/2 meetings",
  init: (p, rng) => ({ x: uniformOpinions(p.n, rng) }),
  step(state, p, rng) {
    deffuantMeeting(state.x, p.epsilon, p.mu, rng);
    return state;
  },
  finished: (state, p) => (deffuantFrozen(state.x, p.epsilon) ? "frozen: no pair within ε can still move" : null),
  panels: [
    {
      kind: "trajectories",
      title: "Opinions over time (a dot per agent and round)",
      values: (s) => s.x,
      window: 64,
      ylabel: "opinion",
      label: "Opinions of all agents over time, one dot per agent and round; they gather into groups.",
    },
    opinionHistogram((s) => s.x),
  ],
  summary: (s, p, t) => `Round ${Math.floor(t)}: ${describeClusters(s.x, 0.02)}.`,
};

const hk = {
  id: "consensus/hk",
  title: "Hegselmann–Krause on an elite or an egalitarian network",
  params: [
    {
      name: "network",
      label: "Network (restarts)",
      options: [
        { value: "elite", label: "elite (core–periphery)" },
        { value: "egalitarian", label: "egalitarian (random)" },
        { value: "complete", label: "everyone hears everyone" },
      ],
      value: "elite",
    },
    { name: "epsilon", label: "Trust ε", min: 0.02, max: 0.6, step: 0.01, value: 0.2, live: true },
    { name: "stubbornness", label: "Stubbornness of the 15", min: 0, max: 1, step: 0.05, value: 0, live: true },
    { name: "n", label: "Agents N (restarts)", min: 50, max: 1000, step: 50, value: 300 },
  ],
  speed: { label: "Steps per frame", values: [0.05, 0.1, 0.2, 0.5, 1], value: 0.1 },
  timeLabel: "steps",
  init(p, rng) {
    const eliteSize = 15;
    let network = null;
    let elite = new Uint8Array(p.n);
    if (p.network === "complete") {
      const order = rng.shuffle(Array.from({ length: p.n }, (_, i) => i));
      for (let k = 0; k < eliteSize; k += 1) elite[order[k]] = 1;
    } else {
      ({ network, elite } = eliteOrEgalitarian(p.network, p.n, eliteSize, rng));
    }
    const x0 = uniformOpinions(p.n, rng);
    return { network, elite, x0, x: Float64Array.from(x0), out: new Float64Array(p.n), s: new Float64Array(p.n), change: 1 };
  },
  step(state, p) {
    for (let i = 0; i < state.x.length; i += 1) state.s[i] = state.elite[i] ? p.stubbornness : 0;
    const { x, change } = hkAnchoredStep(state.x, state.x0, state.s, p.epsilon, state.network, state.out);
    state.out = state.x;
    state.x = x;
    state.change = change;
    return state;
  },
  finished: (s) => (s.change <= 1e-9 ? "converged: no opinion moves any more" : null),
  panels: [
    {
      kind: "trajectories",
      title: "Opinions over time (the 15 in red)",
      values: (s) => s.x,
      highlight: (s) => s.elite,
      highlightLabel: "the 15 (elite or stubborn)",
      window: 32,
      ylabel: "opinion",
      label: "Opinions of all agents over time, the 15 elite or stubborn agents in red.",
    },
    opinionHistogram((s) => s.x),
  ],
  summary: (s, p, t) => `Step ${t}: ${describeClusters(s.x, 0.02)}.`,
};

const degrootElite = {
  id: "consensus/degroot-elite",
  title: "Friedkin–Johnsen: an anchored elite inside a public that averages",
  params: [
    {
      name: "network",
      label: "Network (restarts)",
      options: [
        { value: "elite", label: "elite (core–periphery)" },
        { value: "egalitarian", label: "egalitarian (random)" },
      ],
      value: "elite",
    },
    { name: "eliteStubbornness", label: "Elite stubbornness", min: 0, max: 1, step: 0.05, value: 0.5, live: true },
    { name: "publicSusceptibility", label: "Public susceptibility λ", min: 0, max: 0.99, step: 0.01, value: 0.9, live: true },
    { name: "n", label: "Agents N (restarts)", min: 50, max: 1000, step: 50, value: 200 },
  ],
  speed: { label: "Steps per frame", values: [0.05, 0.1, 0.2, 0.5, 1], value: 0.2 },
  timeLabel: "steps",
  init(p, rng) {
    const eliteSize = 10;
    const { network, elite } = eliteOrEgalitarian(p.network, p.n, eliteSize, rng);
    const x0 = uniformOpinions(p.n, rng);
    for (let i = 0; i < p.n; i += 1) if (elite[i]) x0[i] = 0.9;
    let publicStart = 0;
    for (let i = 0; i < p.n; i += 1) if (!elite[i]) publicStart += x0[i] / (p.n - eliteSize);
    return {
      weights: degrootWeights(network),
      elite,
      x0,
      x: Float64Array.from(x0),
      out: new Float64Array(p.n),
      lambda: new Float64Array(p.n),
      publicStart,
    };
  },
  step(state, p) {
    for (let i = 0; i < state.x.length; i += 1) {
      state.lambda[i] = state.elite[i] ? 1 - p.eliteStubbornness : p.publicSusceptibility;
    }
    const next = fjStep(state.x, state.weights, state.lambda, state.x0, state.out);
    state.out = state.x;
    state.x = next;
    return state;
  },
  panels: [
    {
      kind: "trajectories",
      title: "Opinions over time (the elite in red)",
      values: (s) => s.x,
      highlight: (s) => s.elite,
      highlightLabel: "elite accounts",
      window: 32,
      ylabel: "opinion",
      label: "Opinions over time: the ten elite accounts start at 0.9 (red); the public starts spread out.",
    },
    {
      kind: "series",
      title: "Mean opinion",
      series: [
        { key: "public", label: "public", color: PALETTE[0] },
        { key: "elite", label: "elite", color: PALETTE[3] },
      ],
      y: [0, 1],
      observe(s) {
        let pub = 0;
        let eli = 0;
        let ne = 0;
        for (let i = 0; i < s.x.length; i += 1) {
          if (s.elite[i]) {
            eli += s.x[i];
            ne += 1;
          } else pub += s.x[i];
        }
        return { public: pub / (s.x.length - ne), elite: eli / ne };
      },
      label: "Mean opinion of the public and of the elite over time.",
    },
  ],
  summary(s, p, t) {
    let pub = 0;
    let ne = 0;
    for (let i = 0; i < s.x.length; i += 1) {
      if (s.elite[i]) ne += 1;
      else pub += s.x[i];
    }
    pub /= s.x.length - ne;
    return `Step ${t}: the public's mean opinion is ${pub.toFixed(3)} (it started at ${s.publicStart.toFixed(3)}; the elite started at 0.9).`;
  },
};

const voter = {
  id: "consensus/voter",
  title: "The voter model on a lattice: copy a random neighbour",
  params: [
    { name: "density", label: "Initial share of opinion 1 (restarts)", min: 0.05, max: 0.95, step: 0.05, value: 0.3 },
    { name: "mixing", label: "Copies from anyone (0 = neighbours, 1 = complete graph)", min: 0, max: 1, step: 0.05, value: 0, live: true },
    { name: "side", label: "Lattice side L (restarts)", min: 10, max: 80, step: 5, value: 40 },
  ],
  speed: { label: "Updates per frame", values: [10, 100, 400, 1600, 6400, 25600], value: 1600 },
  recordEvery: (p) => p.side * p.side,
  time: (steps, p) => steps / (p.side * p.side),
  timeLabel: "sweeps of N updates",
  init(p, rng) {
    const n = p.side * p.side;
    const state = voterInitial(n, p.density, rng);
    let ones = 0;
    for (let i = 0; i < n; i += 1) ones += state[i];
    return { state, ones, network: squareLattice(p.side), side: p.side };
  },
  step(s, p, rng) {
    s.ones += voterUpdate(s.state, s.network, rng, p.mixing);
    return s;
  },
  finished(s) {
    if (s.ones === 0) return "consensus on opinion 0";
    if (s.ones === s.state.length) return "consensus on opinion 1";
    return null;
  },
  panels: [
    {
      kind: "lattice",
      title: "Opinions on the lattice",
      side: (s) => s.side,
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
      title: "Share of opinion 1 and of disagreeing neighbours",
      series: [
        { key: "density", label: "opinion 1", color: PALETTE[0] },
        { key: "discordant", label: "disagreeing neighbour pairs", color: PALETTE[7] },
      ],
      y: [0, 1],
      observe: (s) => ({ density: s.ones / s.state.length, discordant: discordantShare(s.state, s.network) }),
      label: "Share of agents holding opinion 1, and share of neighbour pairs that disagree, over time.",
    },
  ],
  summary: (s, p, t) =>
    `Sweep ${Math.floor(t)}: ${Math.round((100 * s.ones) / s.state.length)} % hold opinion 1; ` +
    `${Math.round(100 * discordantShare(s.state, s.network))} % of neighbour pairs disagree.`,
};

export const explorables = { deffuant, hk, "degroot-elite": degrootElite, voter };

// Helpers for tests.
export { histogram, degrees };
