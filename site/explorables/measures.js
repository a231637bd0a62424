// How we measure a society: live versions of the measures of src/socmodels/measures.py —
// the Lorenz curve and Gini coefficient of a changing sample, and the giant component of a
// random network as ties are added or removed.
//
// Pure model functions (state in, state out, a seeded PRNG passed in), then the `explorables`
// the engine mounts. Docked against the Python models by test/docking.test.js.

import { gini, sortedCopy } from "./engine/stats.js";
import { unionFind } from "./engine/graphs.js";
import { PALETTE } from "./engine/palette.js";

/** One draw from a Pareto law with x_m = 1 and tail α (numpy's pareto(α) + 1), by inversion. */
export function paretoDraw(alpha, rng) {
  return (1 - rng.random()) ** (-1 / alpha);
}

/** One draw from the standard exponential law. */
export function exponentialDraw(rng) {
  return -Math.log(1 - rng.random());
}

/** A draw from the named law ("pareto" with tail α, or "exponential"). */
export function draw(law, alpha, rng) {
  return law === "pareto" ? paretoDraw(alpha, rng) : exponentialDraw(rng);
}

/** Gini coefficient of the law: 1/(2α − 1) for Pareto (α > 1), 1/2 for the exponential. */
export function lawGini(law, alpha) {
  return law === "pareto" ? 1 / (2 * alpha - 1) : 0.5;
}

/** Lorenz curve of the law (measures.pareto_lorenz_curve; exponential: p + (1 − p) ln(1 − p)). */
export function lawLorenz(law, alpha) {
  if (law === "pareto") return (p) => 1 - (1 - p) ** (1 - 1 / alpha);
  return (p) => (p >= 1 ? 1 : p + (1 - p) * Math.log(1 - p));
}

/** Share held by the top `fraction` of a sample (measures.top_share: ceil(fraction·n) people). */
export function topShare(values, fraction = 0.1) {
  const x = sortedCopy(values);
  const k = Math.max(1, Math.ceil(fraction * x.length - 1e-12));
  let top = 0;
  let total = 0;
  for (let i = 0; i < x.length; i += 1) {
    total += x[i];
    if (i >= x.length - k) top += x[i];
  }
  return top / total;
}

/** The giant component of an Erdős–Rényi graph, S = 1 − e^{−cS} (measures.er_giant_component). */
export function erGiant(c) {
  if (c <= 1) return 0;
  let s = 1;
  for (let k = 0; k < 500; k += 1) s = 1 - Math.exp(-c * s);
  return s;
}

// --------------------------------------------------------------------------- a random network

/** n nodes without ties; ties are added and removed uniformly at random. */
export function createRandomGraph(n) {
  return { n, keys: new Set(), u: [], v: [] };
}

/** Add one tie between a uniformly random pair not yet linked. */
export function addRandomTie(g, rng) {
  for (;;) {
    const i = rng.int(g.n);
    let j = rng.int(g.n - 1);
    if (j >= i) j += 1;
    const a = Math.min(i, j);
    const b = Math.max(i, j);
    const key = a * g.n + b;
    if (!g.keys.has(key)) {
      g.keys.add(key);
      g.u.push(a);
      g.v.push(b);
      return g;
    }
  }
}

/** Remove one uniformly random tie. */
export function removeRandomTie(g, rng) {
  const e = rng.int(g.u.length);
  g.keys.delete(g.u[e] * g.n + g.v[e]);
  g.u[e] = g.u[g.u.length - 1];
  g.v[e] = g.v[g.v.length - 1];
  g.u.pop();
  g.v.pop();
  return g;
}

/** `{giant, isolates}` shares of a random graph. */
export function componentShares(g) {
  const uf = unionFind(g.n);
  const degree = new Int32Array(g.n);
  for (let e = 0; e < g.u.length; e += 1) {
    uf.union(g.u[e], g.v[e]);
    degree[g.u[e]] += 1;
    degree[g.v[e]] += 1;
  }
  let isolated = 0;
  for (let i = 0; i < g.n; i += 1) if (degree[i] === 0) isolated += 1;
  return { giant: uf.largest / g.n, isolates: isolated / g.n };
}

// --------------------------------------------------------------------------- explorables

const lorenzSample = {
  id: "measures/lorenz-sample",
  title: "A society whose members are replaced one at a time: Lorenz curve and Gini",
  params: [
    {
      name: "law",
      label: "Newcomers' incomes",
      options: [
        { value: "pareto", label: "Pareto (heavy tail)" },
        { value: "exponential", label: "exponential" },
      ],
      value: "pareto",
      live: true,
    },
    { name: "alpha", label: "Tail exponent α", min: 1.1, max: 6, step: 0.1, value: 1.5, live: true },
    { name: "n", label: "People N (restarts)", min: 100, max: 20000, step: 100, value: 1000 },
  ],
  speed: { label: "Newcomers per frame", values: [1, 5, 20, 100, 500], value: 20 },
  recordEvery: () => 10,
  time: (steps, p) => steps / p.n,
  timeLabel: "generations (N newcomers each)",
  init(p, rng) {
    const x = new Float64Array(p.n);
    for (let i = 0; i < p.n; i += 1) x[i] = draw(p.law, p.alpha, rng);
    return { x };
  },
  step(s, p, rng) {
    s.x[rng.int(s.x.length)] = draw(p.law, p.alpha, rng);
    return s;
  },
  panels: [
    {
      kind: "lorenz",
      title: "Lorenz curve of incomes",
      values: (s) => s.x,
      reference: (p) => lawLorenz(p.law, p.alpha),
      referenceLabel: "the newcomers' law",
      label: "Lorenz curve of the society's incomes, with the curve of the law newcomers are drawn from.",
    },
    {
      kind: "series",
      title: "Gini coefficient",
      series: [{ key: "gini", label: "the society now", color: PALETTE[0] }],
      references: [{ label: "the newcomers' law", color: PALETTE[1], value: (p) => lawGini(p.law, p.alpha) }],
      y: [0, 1],
      window: 4,
      observe: (s) => ({ gini: gini(s.x) }),
      label: "The society's Gini coefficient over time, and the Gini coefficient of the law newcomers are drawn from.",
    },
  ],
  summary: (s, p) =>
    `Gini ${gini(s.x).toFixed(3)} (the law: ${lawGini(p.law, p.alpha).toFixed(3)}); the richest tenth hold ${Math.round(100 * topShare(s.x))} %.`,
};

const giantComponent = {
  id: "measures/giant-component",
  title: "A random network gains or loses ties: when does a giant component appear?",
  params: [
    { name: "target", label: "Target mean degree c", min: 0, max: 4, step: 0.1, value: 3, live: true },
    { name: "n", label: "People N (restarts)", min: 200, max: 10000, step: 200, value: 2000 },
  ],
  speed: { label: "Ties per frame", values: [1, 2, 5, 10, 50], value: 5 },
  time: (steps, p, s) => (2 * s.graph.u.length) / p.n,
  timeLabel: "mean degree c",
  init: (p) => ({ graph: createRandomGraph(p.n), giant: 1 / p.n, isolates: 1 }),
  step(s, p, rng) {
    const ties = s.graph.u.length;
    const target = Math.round((p.target * p.n) / 2);
    if (ties < target) addRandomTie(s.graph, rng);
    else if (ties > target) removeRandomTie(s.graph, rng);
    else return s;
    Object.assign(s, componentShares(s.graph));
    return s;
  },
  finished: (s, p) => (s.graph.u.length === Math.round((p.target * p.n) / 2) ? "the network has the target mean degree" : null),
  panels: [
    {
      kind: "series",
      title: "Giant component and isolated people",
      series: [
        { key: "giant", label: "largest component", color: PALETTE[0] },
        { key: "isolates", label: "isolated", color: PALETTE[1] },
      ],
      curves: [
        { label: "theory: S = 1 − exp(−cS)", color: PALETTE[7], y: (c) => erGiant(c) },
        { label: "theory: isolated e^(−c)", color: PALETTE[5], y: (c) => Math.exp(-c) },
      ],
      window: 4,
      y: [0, 1],
      ylabel: "share of people",
      observe: (s) => ({ giant: s.giant, isolates: s.isolates }),
      label: "Share of people in the largest component and share isolated, against the mean degree, with the theoretical curves.",
    },
  ],
  summary: (s, p, c) =>
    `Mean degree ${c.toFixed(2)}: the largest component holds ${(100 * s.giant).toFixed(1)} % (theory ${(100 * erGiant(c)).toFixed(1)} %); ${Math.round(100 * s.isolates)} % are isolated.`,
};

export const explorables = { "lorenz-sample": lorenzSample, "giant-component": giantComponent };
