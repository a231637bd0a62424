// Atomization: ports of the rules in src/socmodels/atomization.py — tie removal
// (percolation) and the Davidsen–Ebel–Bornholdt triadic-closure network with AI companions.
//
// Pure model functions (state in, state out, a seeded PRNG passed in), then the `explorables`
// the engine mounts. Docked against the Python models by test/docking.test.js.

import { unionFind, springLayout, fromEdges } from "./engine/graphs.js";
import { PALETTE, STYLE } from "./engine/palette.js";
import { createRng } from "./engine/prng.js";

// --------------------------------------------------------------------------- tie networks
//
// State of a tie-formation run: neighbour lists nbr[a] with the matching tie strengths
// str[a] (each tie stored at both ends, kept in sync), as the numba kernels of the Python
// module keep them; removal swaps the last entry into the gap, as _drop does.

/** n people without ties. */
export function emptyTies(n) {
  return { n, nbr: Array.from({ length: n }, () => []), str: Array.from({ length: n }, () => []) };
}

function find(t, a, b) {
  return t.nbr[a].indexOf(b);
}

function strengthen(t, a, posA, b) {
  t.str[a][posA] += 1;
  t.str[b][find(t, b, a)] += 1;
}

function drop(t, a, b) {
  const pos = find(t, a, b);
  const last = t.nbr[a].length - 1;
  t.nbr[a][pos] = t.nbr[a][last];
  t.str[a][pos] = t.str[a][last];
  t.nbr[a].pop();
  t.str[a].pop();
}

/** Tie a–b is created with strength 1, or strengthened by 1 if it exists. */
export function meet(t, a, b) {
  if (t.nbr[a].length <= t.nbr[b].length) {
    const pos = find(t, a, b);
    if (pos >= 0) return strengthen(t, a, pos, b);
  } else {
    const pos = find(t, b, a);
    if (pos >= 0) return strengthen(t, b, pos, a);
  }
  t.nbr[a].push(b);
  t.str[a].push(1);
  t.nbr[b].push(a);
  t.str[b].push(1);
  return undefined;
}

/** Agent v leaves: all its ties are deleted; a newcomer without ties takes its place. */
export function replaceAgent(t, v) {
  for (const w of t.nbr[v]) drop(t, w, v);
  t.nbr[v] = [];
  t.str[v] = [];
}

/**
 * Step 1 of Davidsen, Ebel & Bornholdt (2002) for agent a: with two or more acquaintances, a
 * introduces two distinct ones (j–l is created or strengthened; a uses both its ties);
 * otherwise a meets a uniformly random other agent.
 */
export function humanEvent(t, a, rng) {
  const k = t.nbr[a].length;
  if (k >= 2) {
    const s1 = rng.int(k);
    let s2 = rng.int(k - 1);
    if (s2 >= s1) s2 += 1;
    meet(t, t.nbr[a][s1], t.nbr[a][s2]);
    strengthen(t, a, s1, t.nbr[a][s1]);
    strengthen(t, a, s2, t.nbr[a][s2]);
    return t;
  }
  let r = rng.int(t.n - 1);
  if (r >= a) r += 1;
  meet(t, a, r);
  return t;
}

/** One step of the DEB model: an introduction, then turnover with probability p. */
export function debStep(t, { turnover }, rng) {
  humanEvent(t, rng.int(t.n), rng);
  if (rng.random() < turnover) replaceAgent(t, rng.int(t.n));
  return t;
}

/**
 * One step of the book's AI-companion extension (atomization.ai_companion_network): the
 * chosen agent spends the occasion with people (prob. 1 − α: the DEB introduction) or with
 * its AI (prob. α), which brokers a meeting with prob. β — with a stranger (prob.
 * strangerShare, or if there is no friend of a friend) or a friend of a friend — or else
 * takes the time: one uniformly chosen tie loses 1 strength and dissolves at 0. Then turnover.
 */
export function aiStep(t, { turnover, aiShare, brokerage, strangerShare = 0.5 }, rng) {
  const a = rng.int(t.n);
  const k = t.nbr[a].length;
  if (rng.random() < aiShare) {
    if (rng.random() < brokerage) {
      let r = -1;
      if (k >= 1 && rng.random() >= strangerShare) {
        const j = t.nbr[a][rng.int(k)];
        const kj = t.nbr[j].length;
        if (kj >= 2) {
          let s2 = rng.int(kj - 1);
          if (s2 >= find(t, j, a)) s2 += 1;
          r = t.nbr[j][s2];
        }
      }
      if (r < 0) {
        r = rng.int(t.n - 1);
        if (r >= a) r += 1;
      }
      meet(t, a, r);
    } else if (k >= 1) {
      const s = rng.int(k);
      const b = t.nbr[a][s];
      t.str[a][s] -= 1;
      t.str[b][find(t, b, a)] -= 1;
      if (t.str[a][s] <= 0) {
        drop(t, a, b);
        drop(t, b, a);
      }
    }
  } else {
    humanEvent(t, a, rng);
  }
  if (rng.random() < turnover) replaceAgent(t, rng.int(t.n));
  return t;
}

/**
 * The metrics of atomization._snapshot: mean degree, average local clustering (agents with
 * fewer than two ties count 0), isolates share, giant component fraction, mean core size
 * (strong ties, at most maxConfidants) and share with no confidant.
 */
export function tieMetrics(t, { strongThreshold = 3, maxConfidants = 5 } = {}) {
  const { n, nbr, str } = t;
  const mark = new Int32Array(n).fill(-1);
  const uf = unionFind(n);
  let totalDegree = 0;
  let isolates = 0;
  let clustering = 0;
  let core = 0;
  let noConfidant = 0;
  for (let i = 0; i < n; i += 1) {
    const k = nbr[i].length;
    totalDegree += k;
    if (k === 0) isolates += 1;
    let strong = 0;
    for (let s = 0; s < k; s += 1) {
      if (str[i][s] >= strongThreshold) strong += 1;
      if (nbr[i][s] > i) uf.union(i, nbr[i][s]);
    }
    core += Math.min(strong, maxConfidants);
    if (strong === 0) noConfidant += 1;
    if (k >= 2) {
      for (const j of nbr[i]) mark[j] = i;
      let closed = 0;
      for (const j of nbr[i]) for (const q of nbr[j]) if (mark[q] === i) closed += 1;
      clustering += closed / (k * (k - 1));
    }
  }
  return {
    meanDegree: totalDegree / n,
    clustering: clustering / n,
    isolatesShare: isolates / n,
    giantFraction: uf.largest / n,
    meanCoreSize: core / n,
    noConfidantShare: noConfidant / n,
  };
}

/** Ties as edge lists (lower end first, sorted as scipy's CSR) with their strengths. */
export function tieEdges(t) {
  const pairs = [];
  for (let a = 0; a < t.n; a += 1) {
    t.nbr[a].forEach((b, s) => {
      if (b > a) pairs.push([a, b, t.str[a][s]]);
    });
  }
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return {
    u: Int32Array.from(pairs, (p) => p[0]),
    v: Int32Array.from(pairs, (p) => p[1]),
    strength: Float64Array.from(pairs, (p) => p[2]),
  };
}

/** The run of davidsen_ebel_bornholdt / ai_companion_network: metrics at nRecords + 1 times. */
export function runTies(n, params, rng, { nSweeps = 6 / params.turnover, nRecords = 50, step = null } = {}) {
  const t = emptyTies(n);
  const update = step || (params.aiShare || params.brokerage ? aiStep : debStep);
  const nSteps = Math.max(1, Math.round(nSweeps * n));
  const recordAt = [];
  for (let r = 0; r <= nRecords; r += 1) recordAt.push(Math.round((nSteps * r) / nRecords));
  const records = [tieMetrics(t)];
  let done = 0;
  for (let r = 1; r < recordAt.length; r += 1) {
    for (; done < recordAt[r]; done += 1) update(t, params, rng);
    records.push(tieMetrics(t));
  }
  return { ties: t, records };
}

/** Mean of a metric over the last half of the records (TieNetworkRun.stationary). */
export function stationary(records, metric, lastFraction = 0.5) {
  const start = Math.min(Math.floor((1 - lastFraction) * records.length), records.length - 1);
  let total = 0;
  for (let i = start; i < records.length; i += 1) total += records[i][metric];
  return total / (records.length - start);
}

// --------------------------------------------------------------------------- percolation

/**
 * Neighbourhood overlap of every tie, O_ij = n_ij / ((k_i − 1) + (k_j − 1) − n_ij)
 * (atomization.neighbourhood_overlap; 0 when the denominator is 0).
 */
export function neighbourhoodOverlap(network, u, v) {
  const { indptr, indices } = network;
  const out = new Float64Array(u.length);
  for (let e = 0; e < u.length; e += 1) {
    let a = indptr[u[e]];
    const aEnd = indptr[u[e] + 1];
    let b = indptr[v[e]];
    const bEnd = indptr[v[e] + 1];
    let common = 0;
    while (a < aEnd && b < bEnd) {
      if (indices[a] === indices[b]) {
        common += 1;
        a += 1;
        b += 1;
      } else if (indices[a] < indices[b]) a += 1;
      else b += 1;
    }
    const denominator = aEnd - indptr[u[e]] - 1 + (bEnd - indptr[v[e]] - 1) - common;
    out[e] = denominator > 0 ? common / denominator : 0;
  }
  return out;
}

export const REMOVAL_STRATEGIES = ["random", "weak", "strong", "bridging"];

/**
 * The order (edge ids, first removed first) in which ties go under a strategy
 * (atomization.tie_removal_order): random; weakest first; strongest first; lowest
 * neighbourhood overlap first. Equal keys are broken at random.
 */
export function tieRemovalOrder(n, u, v, strength, strategy, rng) {
  let key;
  if (strategy === "random") key = new Float64Array(u.length);
  else if (strategy === "weak") key = Float64Array.from(strength);
  else if (strategy === "strong") key = Float64Array.from(strength, (s) => -s);
  else if (strategy === "bridging") key = neighbourhoodOverlap(fromEdges(n, u, v), u, v);
  else throw new RangeError(`strategy must be one of ${REMOVAL_STRATEGIES.join(", ")}, got ${strategy}`);
  const tie = Float64Array.from(u, () => rng.random());
  return Array.from(u, (_, e) => e).sort((a, b) => key[a] - key[b] || tie[a] - tie[b]);
}

/**
 * Giant component size after removing the first r ties of `order`, for r = 0 … m, by adding
 * them back in reverse with union–find (Newman & Ziff 2000; atomization.percolation_curve).
 * Returns `{giant, isolates}` (counts, Int32Array of length m + 1, index = ties removed).
 */
export function percolationCurve(n, u, v, order) {
  const m = order.length;
  const giant = new Int32Array(m + 1);
  const isolates = new Int32Array(m + 1);
  const uf = unionFind(n);
  const degree = new Int32Array(n);
  let alone = n;
  giant[m] = n > 0 ? 1 : 0;
  isolates[m] = n;
  for (let k = m - 1; k >= 0; k -= 1) {
    const e = order[k];
    if (degree[u[e]]++ === 0) alone -= 1;
    if (degree[v[e]]++ === 0) alone -= 1;
    uf.union(u[e], v[e]);
    giant[k] = uf.largest;
    isolates[k] = alone;
  }
  return { giant, isolates };
}

/** Component codes for drawing: 0 in the giant component, 1 elsewhere, 2 isolated. */
function componentCodes(n, u, v, present) {
  const uf = unionFind(n);
  const degree = new Int32Array(n);
  for (let e = 0; e < u.length; e += 1) {
    if (!present[e]) continue;
    uf.union(u[e], v[e]);
    degree[u[e]] += 1;
    degree[v[e]] += 1;
  }
  let root = -1;
  for (let i = 0; i < n; i += 1) if (uf.size(i) === uf.largest) root = uf.find(i);
  const codes = new Uint8Array(n);
  let isolated = 0;
  for (let i = 0; i < n; i += 1) {
    if (degree[i] === 0) {
      codes[i] = 2;
      isolated += 1;
    } else codes[i] = uf.find(i) === root ? 0 : 1;
  }
  return { codes, giant: uf.largest / n, isolates: isolated / n };
}

// --------------------------------------------------------------------------- explorables

function orderFor(s, strategy) {
  if (!s.orders[strategy]) {
    const rng = createRng((s.orderSeed + REMOVAL_STRATEGIES.indexOf(strategy)) >>> 0);
    s.orders[strategy] = tieRemovalOrder(s.n, s.u, s.v, s.strength, strategy, rng);
  }
  return s.orders[strategy];
}

function curveFor(s, strategy) {
  if (!s.curves[strategy]) s.curves[strategy] = percolationCurve(s.n, s.u, s.v, orderFor(s, strategy));
  return s.curves[strategy];
}

const TURNOVER = 0.05;
const GROWTH_LIFETIMES = 4;

const tieRemoval = {
  id: "atomization/tie-removal",
  title: "Removing ties from a tie-formation society",
  params: [
    {
      name: "strategy",
      label: "Removal order",
      options: REMOVAL_STRATEGIES.map((s) => ({
        value: s,
        label: { random: "random", weak: "weakest first", strong: "strongest first", bridging: "bridges first" }[s],
      })),
      value: "random",
      live: true,
    },
    { name: "target", label: "Share of ties to remove", min: 0, max: 1, step: 0.05, value: 1, live: true, format: (v) => `${Math.round(100 * v)} %` },
    { name: "n", label: "People N (restarts)", min: 50, max: 400, step: 50, value: 150 },
  ],
  speed: { label: "Ties per frame", values: [0.05, 0.1, 0.25, 0.5, 1, 2], value: 0.25 },
  time: (steps, p, s) => s.removed.length / s.u.length,
  timeLabel: "share of ties removed",
  init(p, rng) {
    // The chapter's society: DEB with turnover 0.05, grown from no ties for four mean
    // lifetimes. (The Python default is six; at N = 150 the mean degree, clustering, giant
    // component and core size after four, six and twelve lifetimes agree within their 95 %
    // intervals over 200 runs, and four keep the first frame within its 100 ms budget.)
    const ties = emptyTies(p.n);
    const nSteps = Math.round((GROWTH_LIFETIMES / TURNOVER) * p.n);
    const deb = { turnover: TURNOVER };
    for (let k = 0; k < nSteps; k += 1) debStep(ties, deb, rng);
    const { u, v, strength } = tieEdges(ties);
    const network = fromEdges(p.n, u, v);
    const positions = springLayout(network, rng, { iterations: 40 });
    const present = new Uint8Array(u.length).fill(1);
    // Removal orders (and where each leads) are drawn when first needed, each from its own
    // generator seeded from this run's, so the run does not depend on which were looked at.
    const orderSeed = rng.uint32();
    const state = { n: p.n, u, v, strength, orderSeed, orders: {}, curves: {}, positions, present, removed: [] };
    orderFor(state, p.strategy);
    return Object.assign(state, componentCodes(p.n, u, v, present));
  },
  step(s, p) {
    const m = s.u.length;
    const target = Math.round(p.target * m);
    if (s.removed.length < target) {
      const e = orderFor(s, p.strategy).find((f) => s.present[f]);
      s.present[e] = 0;
      s.removed.push(e);
    } else if (s.removed.length > target) {
      s.present[s.removed.pop()] = 1;
    } else return s;
    Object.assign(s, componentCodes(s.n, s.u, s.v, s.present));
    return s;
  },
  finished: (s, p) => (s.removed.length === Math.round(p.target * s.u.length) && p.target === 1 ? "every tie is gone" : null),
  panels: [
    {
      kind: "network",
      title: "The society (strong ties thick)",
      positions: (s) => s.positions,
      edges(s) {
        const keep = [];
        for (let e = 0; e < s.u.length; e += 1) if (s.present[e]) keep.push(e);
        return {
          u: keep.map((e) => s.u[e]),
          v: keep.map((e) => s.v[e]),
          style: keep.map((e) => (s.strength[e] >= 3 ? 1 : 0)),
        };
      },
      edgeStyles: [
        { color: STYLE.muted, width: 0.6, alpha: 0.55 },
        { color: PALETTE[0], width: 1.4, alpha: 0.9 },
      ],
      nodes: (s) => s.codes,
      nodeColors: [PALETTE[0], PALETTE[0], PALETTE[1]],
      nodeShapes: ["fill", "ring", "cross"],
      legend: [
        { label: "in the largest group", color: PALETTE[0] },
        { label: "in a smaller group (ring)", color: PALETTE[0] },
        { label: "isolated (cross)", color: PALETTE[1] },
      ],
      label: "The network of the society: dots are people, lines their ties; filled dots belong to the largest connected group, crosses are isolated people.",
    },
    {
      kind: "series",
      title: "Largest group and isolated people",
      series: [
        { key: "giant", label: "largest group (now)", color: PALETTE[0] },
        { key: "isolates", label: "isolated (now)", color: PALETTE[1] },
      ],
      curves: [
        { label: "this order, all the way", color: PALETTE[7], y: (t, p, s) => curveFor(s, p.strategy).giant[Math.round(t * s.u.length)] / s.n },
      ],
      window: 1,
      y: [0, 1],
      ylabel: "share of people",
      observe: (s) => ({ giant: s.giant, isolates: s.isolates }),
      label: "Share of people in the largest connected group and share isolated, against the share of ties removed.",
    },
  ],
  summary: (s) =>
    `${Math.round((100 * s.removed.length) / s.u.length)} % of ${s.u.length} ties removed: ` +
    `${Math.round(100 * s.giant)} % of people are in the largest group, ${Math.round(100 * s.isolates)} % are isolated.`,
};

function tieCsr(t) {
  const indptr = new Int32Array(t.n + 1);
  for (let a = 0; a < t.n; a += 1) indptr[a + 1] = indptr[a] + t.nbr[a].length;
  const indices = new Int32Array(indptr[t.n]);
  for (let a = 0; a < t.n; a += 1) indices.set(t.nbr[a], indptr[a]);
  return { n: t.n, indptr, indices };
}

const aiCompanions = {
  id: "atomization/ai-companions",
  title: "Friends introduce friends, people leave, and AI companions take or broker time",
  params: [
    { name: "aiShare", label: "AI attention share α", min: 0, max: 0.9, step: 0.05, value: 0.3, live: true },
    { name: "brokerage", label: "AI brokerage rate β", min: 0, max: 1, step: 0.05, value: 0, live: true },
    { name: "turnover", label: "Turnover p", min: 0.01, max: 0.2, step: 0.01, value: 0.05, live: true },
    { name: "n", label: "People N (restarts)", min: 50, max: 400, step: 50, value: 200 },
  ],
  speed: { label: "Steps per frame", values: [5, 20, 50, 200, 800, 3200], value: 200 },
  recordEvery: (p) => p.n,
  time: (steps, p) => steps / p.n,
  timeLabel: "sweeps of N steps",
  init: (p) => ({ ties: emptyTies(p.n), metrics: tieMetrics(emptyTies(p.n)) }),
  step(s, p, rng) {
    aiStep(s.ties, p, rng);
    return s;
  },
  panels: [
    {
      kind: "network",
      title: "Ties now (strong ties thick)",
      size: (s) => s.ties.n,
      csr: (s) => tieCsr(s.ties),
      edges(s) {
        const e = tieEdges(s.ties);
        return { u: e.u, v: e.v, style: Array.from(e.strength, (w) => (w >= 3 ? 1 : 0)) };
      },
      edgeStyles: [
        { color: STYLE.muted, width: 0.6, alpha: 0.5 },
        { color: PALETTE[0], width: 1.3, alpha: 0.9 },
      ],
      nodes: (s) => Uint8Array.from(s.ties.nbr, (list) => (list.length ? 0 : 1)),
      nodeColors: [PALETTE[0], PALETTE[1]],
      nodeShapes: ["fill", "cross"],
      legend: [
        { label: "person with ties", color: PALETTE[0] },
        { label: "isolated (cross)", color: PALETTE[1] },
      ],
      label: "The acquaintance network as it forms: dots are people, lines their ties, crosses people without ties.",
    },
    {
      kind: "series",
      title: "Ties per person",
      series: [
        { key: "meanDegree", label: "acquaintances", color: PALETTE[0] },
        { key: "meanCoreSize", label: "confidants (strong ties, up to 5)", color: PALETTE[2] },
      ],
      y: "auto",
      window: 64,
      observe(s) {
        s.metrics = tieMetrics(s.ties);
        return s.metrics;
      },
      label: "Mean number of acquaintances and of confidants per person over time.",
    },
    {
      kind: "series",
      title: "Shares of people, and clustering",
      series: [
        { key: "clustering", label: "clustering", color: PALETTE[4] },
        { key: "isolatesShare", label: "isolated", color: PALETTE[1] },
        { key: "noConfidantShare", label: "no confidant", color: PALETTE[3] },
      ],
      y: [0, 1],
      window: 64,
      observe: (s) => s.metrics,
      label: "Average clustering, share of isolated people and share with no confidant over time.",
    },
  ],
  summary(s, p, t) {
    const m = s.metrics;
    return (
      `Sweep ${Math.floor(t)}: ${m.meanDegree.toFixed(1)} acquaintances and ${m.meanCoreSize.toFixed(2)} confidants per person; ` +
      `clustering ${m.clustering.toFixed(2)}; ${Math.round(100 * m.isolatesShare)} % isolated, ${Math.round(100 * m.noConfidantShare)} % without a confidant.`
    );
  },
};

export const explorables = { "tie-removal": tieRemoval, "ai-companions": aiCompanions };
