// Live explorables of the spreading chapter (chapters/spreading/): Watts's global cascades on
// an Erdős–Rényi network and simple vs complex contagion on a rewired ring. Ports of the
// readable rules in src/socmodels/rules/spreading.py (`fractional_threshold_step`,
// `count_threshold_step`), docked against socmodels.spreading.watts_cascade and
// .complex_contagion by test/docking.test.js.

import { PALETTE, STYLE } from "./engine/palette.js";
import { erdosRenyi, fromEdges } from "./engine/graphs.js";

// --------------------------------------------------------------------------- the rules

/** Adopting contacts of every node (adjacency @ adopted). */
function adoptingContacts(adopted, network, out = new Int32Array(network.n)) {
  const { n, indptr, indices } = network;
  for (let i = 0; i < n; i += 1) {
    let c = 0;
    for (let q = indptr[i]; q < indptr[i + 1]; q += 1) c += adopted[indices[q]];
    out[i] = c;
  }
  return out;
}

/**
 * One synchronous round of Watts's (2002) cascade model (rules.fractional_threshold_step):
 * i adopts when (adopting contacts) / (contacts) ≥ φ, and stays adopted. Returns a new array.
 */
export function fractionalThresholdStep(adopted, network, threshold) {
  const counts = adoptingContacts(adopted, network);
  const next = Uint8Array.from(adopted);
  for (let i = 0; i < network.n; i += 1) {
    const degree = network.indptr[i + 1] - network.indptr[i];
    if (!next[i] && degree > 0 && counts[i] / degree >= threshold) next[i] = 1;
  }
  return next;
}

/**
 * One synchronous round of complex contagion (Centola & Macy 2007; rules.count_threshold_step):
 * i adopts when at least m of its contacts have adopted, and stays adopted. Returns a new array.
 */
export function countThresholdStep(adopted, network, threshold) {
  const counts = adoptingContacts(adopted, network);
  const next = Uint8Array.from(adopted);
  for (let i = 0; i < network.n; i += 1) if (!next[i] && counts[i] >= threshold) next[i] = 1;
  return next;
}

/**
 * Rounds of a threshold contagion from `seeds` until a round adds nobody (that round is
 * counted, as socmodels.spreading does): `{times, rounds, share}`, times = round of adoption
 * (−1 for never).
 */
export function runThreshold(network, seeds, threshold, step, maxRounds = 100000) {
  let adopted = new Uint8Array(network.n);
  const times = new Int32Array(network.n).fill(-1);
  for (const s of seeds) {
    adopted[s] = 1;
    times[s] = 0;
  }
  let rounds = 0;
  while (rounds < maxRounds) {
    const next = step(adopted, network, threshold);
    rounds += 1;
    let changed = false;
    for (let i = 0; i < network.n; i += 1) {
      if (next[i] && !adopted[i]) {
        times[i] = rounds;
        changed = true;
      }
    }
    adopted = next;
    if (!changed) break;
  }
  let count = 0;
  for (const a of adopted) count += a;
  return { times, rounds, share: count / network.n };
}

/** A node and its neighbours, sorted (spreading.neighbourhood): Centola & Macy's seed. */
export function neighbourhood(network, node) {
  const out = [node];
  for (let q = network.indptr[node]; q < network.indptr[node + 1]; q += 1) out.push(network.indices[q]);
  return [...new Set(out)].sort((x, y) => x - y);
}

/**
 * Watts–Strogatz ring (networks.watts_strogatz): n nodes, each tied to the k/2 nearest on
 * either side; each tie (i, i + d) has its far end moved, with probability p, to a uniformly
 * random node that is neither i nor already tied to i. (Python redraws conflicting proposals
 * in batches, this port one tie at a time, as Watts & Strogatz did: the same law up to which of
 * two conflicting proposals is redrawn.)
 */
export function wattsStrogatz(n, k, p, rng) {
  const half = k / 2;
  const keys = new Set();
  const key = (i, j) => (i < j ? i * n + j : j * n + i);
  const u = [];
  const v = [];
  for (let i = 0; i < n; i += 1) {
    for (let d = 1; d <= half; d += 1) {
      u.push(i);
      v.push((i + d) % n);
      keys.add(key(i, (i + d) % n));
    }
  }
  const rewire = Uint8Array.from(u, () => (rng.random() < p ? 1 : 0));
  const degree = new Int32Array(n).fill(k);
  for (let e = 0; e < u.length; e += 1) {
    if (!rewire[e]) continue;
    const i = u[e];
    if (degree[i] >= n - 1) continue; // no free partner left: the tie stays
    let j;
    do j = rng.int(n);
    while (j === i || keys.has(key(i, j)));
    keys.delete(key(i, v[e]));
    degree[v[e]] -= 1;
    degree[j] += 1;
    keys.add(key(i, j));
    v[e] = j;
  }
  return fromEdges(n, u, v);
}

// --------------------------------------------------------------------------- Watts's window

function poissonSupport(z) {
  const kMax = Math.floor(z + 12 * Math.sqrt(z + 1) + 30);
  const p = new Float64Array(kMax + 1);
  p[0] = Math.exp(-z);
  for (let k = 1; k <= kMax; k += 1) p[k] = (p[k - 1] * z) / k;
  return p;
}

/**
 * Probability that one random seed triggers a global cascade on a large Erdős–Rényi graph of
 * mean degree z (spreading.cascade_probability, Watts 2002's generating functions): u is the
 * smallest root of u = Σ q_k [(1 − ρ_k) + ρ_k u^(k−1)], P = 1 − Σ p_k u^k, ρ_k = 1[k ≤ 1/φ].
 */
export function cascadeProbability(z, threshold) {
  if (z === 0) return 0;
  const p = poissonSupport(z);
  const rho = Float64Array.from(p, (_, k) => (k >= 1 && 1 / Math.max(k, 1) >= threshold ? 1 : 0));
  let u = 0;
  for (let it = 0; it < 100000; it += 1) {
    let next = 0;
    for (let k = 0; k < p.length; k += 1) next += ((k * p[k]) / z) * (1 - rho[k] + rho[k] * u ** Math.max(k - 1, 0));
    const done = Math.abs(next - u) < 1e-14;
    u = next;
    if (done) break;
  }
  let total = 0;
  for (let k = 0; k < p.length; k += 1) total += p[k] * u ** k;
  const probability = 1 - total;
  return probability < 1e-9 ? 0 : probability;
}

// --------------------------------------------------------------------------- trials

/** How many rounds a finished spread stays on screen before the next seed. */
const HOLD = 12;

/** Start a new spread (a trial) in place. */
function seedTrial(s, seeds) {
  s.adopted = new Uint8Array(s.network.n);
  s.times = new Int32Array(s.network.n).fill(-1);
  for (const i of seeds) {
    s.adopted[i] = 1;
    s.times[i] = 0;
  }
  s.seeds = seeds;
  s.round = 0;
  s.hold = 0;
  s.share = seeds.length / s.network.n;
}

/** One round of the current trial; when it adds nobody, the trial ends and is counted. */
function advanceTrial(s, threshold, step, onEnd) {
  const next = step(s.adopted, s.network, threshold);
  s.round += 1;
  let fresh = 0;
  let count = 0;
  for (let i = 0; i < s.network.n; i += 1) {
    if (next[i] && !s.adopted[i]) {
      s.times[i] = s.round;
      fresh += 1;
    }
    count += next[i];
  }
  s.adopted = next;
  s.share = count / s.network.n;
  if (fresh === 0) {
    s.hold = HOLD;
    onEnd(s);
  }
}

// --------------------------------------------------------------------------- Watts

/**
 * Rings by distance (in ties) from `root`, as plots.spreading.radial_layout draws the Python
 * explorer: the area inside each ring proportional to the nodes within it, nodes of a ring
 * spread evenly in the order they were reached, the unreachable on an outer ring. Written into
 * `out` (x, y pairs in [0, 1]²).
 */
export function radialLayout(network, root, out = new Float64Array(2 * network.n)) {
  const { n, indptr, indices } = network;
  const distance = new Int32Array(n).fill(-1);
  distance[root] = 0;
  const layers = [[root]];
  for (;;) {
    const fresh = [];
    for (const a of layers[layers.length - 1]) {
      for (let q = indptr[a]; q < indptr[a + 1]; q += 1) {
        const b = indices[q];
        if (distance[b] < 0) {
          distance[b] = layers.length;
          fresh.push(b);
        }
      }
    }
    if (!fresh.length) break;
    layers.push(fresh);
  }
  const unreached = [];
  for (let i = 0; i < n; i += 1) if (distance[i] < 0) unreached.push(i);
  if (unreached.length) layers.push(unreached);
  const outer = Math.sqrt(n - 0.5 * layers[layers.length - 1].length) || 1;
  let before = 0;
  for (const layer of layers) {
    const radius = before ? Math.sqrt(before + 0.5 * layer.length) : 0;
    before += layer.length;
    layer.forEach((node, k) => {
      const angle = (2 * Math.PI * (k + 0.5)) / layer.length;
      out[2 * node] = 0.5 + (0.48 * radius * Math.cos(angle)) / outer;
      out[2 * node + 1] = 0.5 + (0.48 * radius * Math.sin(angle)) / outer;
    });
  }
  return out;
}

function vulnerableMask(network, threshold) {
  return Uint8Array.from({ length: network.n }, (_, i) => {
    const k = network.indptr[i + 1] - network.indptr[i];
    return k >= 1 && 1 / k >= threshold ? 1 : 0;
  });
}

function seedCascade(s, node) {
  seedTrial(s, [node]);
  radialLayout(s.network, node, s.positions);
}

const cascade = {
  id: "spreading/cascade",
  title: "Watts's cascades: adopt once a share φ of your contacts has",
  params: [
    { name: "threshold", label: "Threshold φ", min: 0.05, max: 0.5, step: 0.01, value: 0.18, live: true },
    { name: "z", label: "Mean degree z (restarts)", min: 1, max: 10, step: 0.5, value: 4 },
    { name: "n", label: "People N (restarts)", min: 100, max: 800, step: 100, value: 400 },
  ],
  speed: { label: "Rounds per frame", values: [0.05, 0.1, 0.25, 0.5, 1, 4], value: 0.25 },
  timeLabel: "rounds",
  init(p, rng) {
    const network = erdosRenyi(p.n, p.z, rng);
    // One array of positions, redrawn around each new seed (the panel keeps this array).
    const s = { network, positions: new Float64Array(2 * p.n), trials: 0, cascades: 0, sizeSum: 0, vulnerable: vulnerableMask(network, p.threshold) };
    seedCascade(s, rng.int(p.n));
    return s;
  },
  step(s, p, rng) {
    if (s.hold > 0) {
      s.hold -= 1;
      if (s.hold === 0) seedCascade(s, rng.int(p.n));
      return s;
    }
    advanceTrial(s, p.threshold, fractionalThresholdStep, (t) => {
      t.trials += 1;
      t.sizeSum += t.share;
      if (t.share > 0.1) t.cascades += 1;
    });
    return s;
  },
  onParam(s, p) {
    s.vulnerable = vulnerableMask(s.network, p.threshold);
    return s;
  },
  panels: [
    {
      kind: "network",
      title: "Who has adopted (rings: ties from the seed)",
      positions: (s) => s.positions,
      edges: (s) => {
        const { n, indptr, indices } = s.network;
        const u = [];
        const v = [];
        const style = [];
        for (let a = 0; a < n; a += 1) {
          for (let q = indptr[a]; q < indptr[a + 1]; q += 1) {
            if (indices[q] <= a) continue;
            u.push(a);
            v.push(indices[q]);
            style.push(s.adopted[a] && s.adopted[indices[q]] ? 1 : 0);
          }
        }
        return { u, v, style };
      },
      edgeStyles: [
        { color: STYLE.muted, width: 0.5, alpha: 0.35 },
        { color: PALETTE[0], width: 0.9, alpha: 0.8 },
      ],
      nodes: (s) => Uint8Array.from(s.adopted, (a, i) => (s.times[i] === 0 ? 3 : a ? 2 : s.vulnerable[i] ? 1 : 0)),
      nodeColors: ["#9e9e9e", PALETTE[1], PALETTE[0], PALETTE[3]],
      nodeShapes: ["fill", "ring", "fill", "fill"],
      legend: [
        { label: "not adopted, stable (k > 1/φ)", color: "#9e9e9e" },
        { label: "not adopted, vulnerable (k ≤ 1/φ, ring)", color: PALETTE[1] },
        { label: "adopted", color: PALETTE[0] },
        { label: "the seed", color: PALETTE[3] },
      ],
      label: "The random network drawn in rings by distance from this trial's seed (red, at the centre): dots are people, lines their ties; blue dots have adopted, orange rings are vulnerable people whom one adopting contact would tip.",
    },
    {
      kind: "series",
      title: "This seed's reach, and how often seeds cascade",
      series: [
        { key: "share", label: "share adopted (this seed)", color: PALETTE[0] },
        { key: "frequency", label: "seeds so far that cascaded (> 10 %)", color: PALETTE[2] },
      ],
      references: [{ label: "theory: cascade probability (large N)", color: PALETTE[2], value: (p) => cascadeProbability(p.z, p.threshold) }],
      y: [0, 1],
      window: 100,
      observe: (s) => ({ share: s.share, frequency: s.trials ? s.cascades / s.trials : 0 }),
      label: "Share of the network that has adopted from the current seed, and the share of the seeds so far whose cascade reached more than 10 percent, over rounds; the dashed line is Watts's prediction.",
    },
  ],
  summary(s, p) {
    const now = s.hold > 0 ? `the spread from seed ${s.trials} stopped at ${Math.round(100 * s.share)} %` : `round ${s.round} from seed ${s.trials + 1}: ${Math.round(100 * s.share)} % have adopted`;
    return (
      `Threshold ${p.threshold}, mean degree ${p.z}: ${now}. ${s.cascades} of ${s.trials} seeds so far cascaded beyond 10 % ` +
      `(theory for a large network: ${Math.round(100 * cascadeProbability(p.z, p.threshold))} %).`
    );
  },
};

// --------------------------------------------------------------------------- rings

function ringPositions(n) {
  const pos = new Float64Array(2 * n);
  for (let i = 0; i < n; i += 1) {
    const angle = (2 * Math.PI * i) / n - Math.PI / 2;
    pos[2 * i] = 0.5 + 0.47 * Math.cos(angle);
    pos[2 * i + 1] = 0.5 + 0.47 * Math.sin(angle);
  }
  return pos;
}

function newRing(s, p, rng) {
  s.network = wattsStrogatz(p.n, p.k, p.rewire, rng);
  s.rewire = p.rewire;
  seedTrial(s, neighbourhood(s.network, rng.int(p.n)));
  // The simple contagion (threshold 1) from the same seeds, for comparison.
  s.simple = runThreshold(s.network, s.seeds, 1, countThresholdStep);
}

const ringEdges = (s) => {
  const { n, indptr, indices } = s.network;
  const u = [];
  const v = [];
  const style = [];
  for (let a = 0; a < n; a += 1) {
    for (let q = indptr[a]; q < indptr[a + 1]; q += 1) {
      const b = indices[q];
      if (b <= a) continue;
      u.push(a);
      v.push(b);
      const d = Math.min(b - a, n - (b - a));
      style.push(d <= s.k / 2 ? 0 : 1);
    }
  }
  return { u, v, style };
};

const contagion = {
  id: "spreading/complex-contagion",
  title: "Complex contagion on a rewired ring: adopt once m contacts have",
  params: [
    { name: "threshold", label: "Contacts needed m (1 = simple contagion)", min: 1, max: 4, step: 1, value: 2, live: true },
    { name: "rewire", label: "Rewiring p (next seed)", min: 0, max: 1, step: 0.05, value: 0.1, live: true },
    { name: "n", label: "People N (restarts)", min: 100, max: 500, step: 50, value: 200 },
    { name: "k", label: "Ring neighbours k (restarts)", min: 4, max: 12, step: 2, value: 8 },
  ],
  speed: { label: "Rounds per frame", values: [0.05, 0.1, 0.25, 0.5, 1, 4], value: 0.25 },
  timeLabel: "rounds",
  init(p, rng) {
    const s = { k: p.k, positions: ringPositions(p.n), trials: 0, reachSum: 0 };
    newRing(s, p, rng);
    return s;
  },
  step(s, p, rng) {
    if (s.hold > 0) {
      s.hold -= 1;
      if (s.hold === 0) newRing(s, p, rng);
      return s;
    }
    advanceTrial(s, p.threshold, countThresholdStep, (t) => {
      t.trials += 1;
      t.reachSum += t.share;
    });
    return s;
  },
  panels: [
    {
      kind: "network",
      title: "The ring (long ties orange)",
      positions: (s) => s.positions,
      edges: ringEdges,
      edgeStyles: [
        { color: STYLE.muted, width: 0.5, alpha: 0.4 },
        { color: PALETTE[1], width: 0.8, alpha: 0.7 },
      ],
      nodes: (s) => Uint8Array.from(s.adopted, (a, i) => (s.times[i] === 0 ? 2 : a ? 1 : 0)),
      nodeColors: ["#9e9e9e", PALETTE[0], PALETTE[3]],
      legend: [
        { label: "not adopted", color: "#9e9e9e" },
        { label: "adopted", color: PALETTE[0] },
        { label: "seeded neighbourhood", color: PALETTE[3] },
      ],
      label: "A ring of people, each tied to the nearest on either side (grey) and some rewired into long ties (orange); blue dots have adopted, red dots are the seeded neighbourhood.",
    },
    {
      kind: "series",
      title: "Share adopted: this contagion and a simple one",
      series: [
        { key: "share", label: "this contagion (threshold m)", color: PALETTE[0] },
        { key: "simple", label: "simple contagion (m = 1), same ring and seeds", color: PALETTE[2] },
        { key: "mean", label: "mean final reach of the seeds so far", color: PALETTE[4] },
      ],
      y: [0, 1],
      window: 60,
      observe(s) {
        let simple = 0;
        for (const t of s.simple.times) if (t >= 0 && t <= s.round) simple += 1;
        return { share: s.share, simple: simple / s.network.n, mean: s.trials ? s.reachSum / s.trials : 0 };
      },
      label: "Share of the ring that has adopted, round by round, for the contagion with the chosen threshold and for a simple contagion from the same seeds; and the mean final reach of the seeds so far.",
    },
  ],
  summary(s, p) {
    const kind = p.threshold === 1 ? "simple contagion" : `complex contagion (m = ${p.threshold})`;
    const now = s.hold > 0 ? `stopped at ${Math.round(100 * s.share)} % after ${s.round - 1} rounds` : `round ${s.round}: ${Math.round(100 * s.share)} % have adopted`;
    return (
      `Ring rewired with p = ${s.rewire}, ${kind}: ${now}; a simple contagion from the same seeds reaches ${Math.round(100 * s.simple.share)} % ` +
      `in ${s.simple.rounds - 1} rounds. Mean reach over ${s.trials} seeds so far: ${s.trials ? Math.round((100 * s.reachSum) / s.trials) : 0} %.`
    );
  },
};

export const explorables = { cascade, "complex-contagion": contagion };
