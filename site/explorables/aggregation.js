// Live explorables of the aggregation chapter (chapters/aggregation/): Schelling's segregation
// model and Holme & Newman's coevolving network. Ports of the readable rules in
// src/socmodels/rules/aggregation.py (`schelling_tick`, `holme_newman_update`), docked against
// socmodels.aggregation.schelling and .holme_newman by test/docking.test.js.

import { PALETTE, STYLE } from "./engine/palette.js";
import { unionFind } from "./engine/graphs.js";

// --------------------------------------------------------------------------- Schelling

/**
 * A side × side torus with round(density · side²) households (at least 2) on distinct random
 * cells: the first half (rounded down) of kind 1, the rest of kind 2; 0 is an empty cell
 * (socmodels.aggregation.random_city). Row-major Int8Array.
 */
export function randomCity(side, density, rng) {
  const cells = side * side;
  const households = Math.min(cells, Math.max(2, Math.round(density * cells)));
  const order = Int32Array.from({ length: cells }, (_, i) => i);
  for (let k = 0; k < households; k += 1) {
    const j = k + rng.int(cells - k);
    [order[k], order[j]] = [order[j], order[k]];
  }
  const grid = new Int8Array(cells);
  for (let k = 0; k < households; k += 1) grid[order[k]] = k < Math.floor(households / 2) ? 1 : 2;
  return grid;
}

/** Like and occupied neighbours of every cell among its 8 neighbours on the torus. */
export function mooreCounts(grid, side, like = new Int32Array(grid.length), occupied = new Int32Array(grid.length)) {
  like.fill(0);
  occupied.fill(0);
  for (let row = 0; row < side; row += 1) {
    for (let col = 0; col < side; col += 1) {
      const i = row * side + col;
      const kind = grid[i];
      for (let dr = -1; dr <= 1; dr += 1) {
        const r = (row + dr + side) % side;
        for (let dc = -1; dc <= 1; dc += 1) {
          if (!dr && !dc) continue;
          const other = grid[r * side + ((col + dc + side) % side)];
          if (other > 0) {
            occupied[i] += 1;
            if (kind > 0 && other === kind) like[i] += 1;
          }
        }
      }
    }
  }
  return { like, occupied };
}

/** Happy: like ≥ wanted · occupied (a household without neighbours is happy). */
export function isUnhappy(like, occupied, wanted) {
  return like < wanted * occupied;
}

/**
 * NetLogo's "percent similar" as a fraction (Σ like / Σ occupied over households) and the
 * share of unhappy households (socmodels.aggregation.schelling_measures).
 */
export function schellingMeasures(grid, side, wanted, m = { isUnhappy }) {
  const { like, occupied } = mooreCounts(grid, side);
  let likeSum = 0;
  let occupiedSum = 0;
  let households = 0;
  let unhappy = 0;
  for (let i = 0; i < grid.length; i += 1) {
    if (grid[i] === 0) continue;
    households += 1;
    likeSum += like[i];
    occupiedSum += occupied[i];
    if (m.isUnhappy(like[i], occupied[i], wanted)) unhappy += 1;
  }
  return { likeShare: occupiedSum ? likeSum / occupiedSum : 1, unhappyShare: unhappy / Math.max(1, households) };
}

/**
 * One tick of Schelling's model as NetLogo's Segregation runs it (rules.schelling_tick):
 * every household unhappy at the start of the tick, in random order, moves — it turns to a
 * random heading, walks a random distance in [0, 10) and repeats until it stands on an empty
 * cell (its own old cell counts as empty). In place; returns the number of movers.
 */
export function schellingTick(grid, side, wanted, rng, m = { isUnhappy }) {
  const { like, occupied } = mooreCounts(grid, side);
  const movers = [];
  for (let i = 0; i < grid.length; i += 1) {
    if (grid[i] > 0 && m.isUnhappy(like[i], occupied[i], wanted)) movers.push(i);
  }
  for (let k = movers.length - 1; k > 0; k -= 1) {
    const j = rng.int(k + 1);
    [movers[k], movers[j]] = [movers[j], movers[k]];
  }
  for (const cell of movers) {
    const kind = grid[cell];
    grid[cell] = 0;
    let y = Math.floor(cell / side);
    let x = cell % side;
    for (;;) {
      const heading = 2 * Math.PI * rng.random();
      const distance = 10 * rng.random();
      y = (((y + distance * Math.cos(heading)) % side) + side) % side;
      x = (((x + distance * Math.sin(heading)) % side) + side) % side;
      const row = Math.floor(y + 0.5) % side;
      const col = Math.floor(x + 0.5) % side;
      if (grid[row * side + col] === 0) {
        grid[row * side + col] = kind;
        break;
      }
    }
  }
  return movers.length;
}

/** Run to contentment (or maxTicks): `{grid, ticks, converged}`. */
export function runSchelling(grid, side, wanted, rng, maxTicks = 1000, m = { schellingTick, isUnhappy }) {
  let ticks = 0;
  while (ticks < maxTicks) {
    if (m.schellingTick(grid, side, wanted, rng, m) === 0) return { grid, ticks, converged: true };
    ticks += 1;
  }
  return { grid, ticks, converged: schellingMeasures(grid, side, wanted, m).unhappyShare === 0 };
}

const schelling = {
  id: "aggregation/schelling",
  title: "Schelling's city: households move when too few neighbours are like them",
  params: [
    { name: "wanted", label: "Wanted share of like neighbours", min: 0, max: 0.9, step: 0.05, value: 0.3, live: true, format: (v) => `${Math.round(100 * v)} %` },
    { name: "density", label: "Share of cells occupied (restarts)", min: 0.5, max: 0.98, step: 0.02, value: 0.9, format: (v) => `${Math.round(100 * v)} %` },
    { name: "side", label: "City side (restarts)", min: 20, max: 80, step: 10, value: 40 },
  ],
  speed: { label: "Ticks per frame", values: [0.05, 0.1, 0.25, 0.5, 1], value: 0.25 },
  timeLabel: "ticks",
  init(p, rng) {
    const grid = randomCity(p.side, p.density, rng);
    return { side: p.side, grid, moved: 0, ...schellingMeasures(grid, p.side, p.wanted) };
  },
  step(s, p, rng) {
    s.moved = schellingTick(s.grid, s.side, p.wanted, rng);
    return s;
  },
  onParam(s, p) {
    Object.assign(s, schellingMeasures(s.grid, s.side, p.wanted));
    return s;
  },
  panels: [
    {
      kind: "lattice",
      title: "The city (a torus)",
      side: (s) => s.side,
      cells: (s) => s.grid,
      colors: ["#ffffff", PALETTE[0], PALETTE[1]],
      legend: [
        { label: "kind 1", color: PALETTE[0] },
        { label: "kind 2", color: PALETTE[1] },
        { label: "empty", color: "#ffffff" },
      ],
      label: "The city as a grid of cells: blue and orange squares are households of the two kinds, white cells are empty.",
    },
    {
      kind: "series",
      title: "Like neighbours and unhappy households",
      series: [
        { key: "like", label: "share of like neighbours", color: PALETTE[0] },
        { key: "unhappy", label: "unhappy households", color: PALETTE[3] },
      ],
      references: [{ label: "random city (1/2)", color: STYLE.muted, value: () => 0.5 }],
      y: [0, 1],
      window: 20,
      observe(s, p) {
        Object.assign(s, schellingMeasures(s.grid, s.side, p.wanted));
        return { like: s.likeShare, unhappy: s.unhappyShare };
      },
      label: "Share of like neighbours among all neighbours, and share of unhappy households, tick by tick.",
    },
  ],
  // No `finished`: a content city keeps ticking (nobody moves), so raising the wanted share
  // sets it moving again at once.
  summary: (s, p, t) =>
    `Tick ${Math.floor(t)}: ${Math.round(100 * s.likeShare)} % of neighbours are alike; ` +
    (s.unhappyShare === 0
      ? `every household has at least ${Math.round(100 * p.wanted)} % like neighbours, and nobody moves.`
      : `${Math.round(100 * s.unhappyShare)} % of households want at least ${Math.round(100 * p.wanted)} % like neighbours and do not have them.`),
};

// --------------------------------------------------------------------------- Holme & Newman

/**
 * The initial network of socmodels.aggregation.holme_newman: M = round(N⟨k⟩/2) edges, each
 * between a uniformly random person and a uniformly random other person (duplicates allowed),
 * and opinions uniform on 0 … G − 1 with G = round(N / perOpinion).
 */
export function coevolutionInitial(n, meanDegree, perOpinion, rng) {
  const groups = Math.max(1, Math.round(n / perOpinion));
  const opinions = Int32Array.from({ length: n }, () => rng.int(groups));
  const m = Math.round((n * meanDegree) / 2);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let e = 0; e < m; e += 1) {
    a[e] = rng.int(n);
    b[e] = (a[e] + 1 + rng.int(n - 1)) % n;
  }
  return coevolutionState(opinions, a, b, groups);
}

/** The state the update works on: edge ends, incidence lists, opinion counts, discordance. */
export function coevolutionState(opinions, a, b, groups) {
  const n = opinions.length;
  const incident = Array.from({ length: n }, () => []);
  for (let e = 0; e < a.length; e += 1) {
    incident[a[e]].push(e);
    incident[b[e]].push(e);
  }
  const count = new Int32Array(Math.max(groups, ...opinions) + 1);
  for (const g of opinions) count[g] += 1;
  let discordant = 0;
  for (let e = 0; e < a.length; e += 1) if (opinions[a[e]] !== opinions[b[e]]) discordant += 1;
  return { n, opinions, a, b, incident, count, discordant };
}

function farEnd(s, e, i) {
  return s.a[e] === i ? s.b[e] : s.a[e];
}

/**
 * One update of Holme & Newman's model (rules.holme_newman_update): a random person i with at
 * least one tie picks one of its ties at random; with probability φ it moves the far end to a
 * uniformly random other holder of i's opinion (if there is one), otherwise i adopts the far
 * end's opinion. In place.
 */
export function holmeNewmanUpdate(s, phi, rng) {
  const i = rng.int(s.n);
  const ties = s.incident[i];
  if (ties.length === 0) return s;
  const g = s.opinions[i];
  if (rng.random() < phi) {
    if (s.count[g] <= 1) return s;
    const k = rng.int(ties.length);
    const e = ties[k];
    let fresh;
    do fresh = rng.int(s.n);
    while (fresh === i || s.opinions[fresh] !== g);
    const far = farEnd(s, e, i);
    if (s.opinions[far] !== g) s.discordant -= 1;
    const list = s.incident[far];
    list.splice(list.indexOf(e), 1);
    s.incident[fresh].push(e);
    s.a[e] = i;
    s.b[e] = fresh;
  } else {
    const e = ties[rng.int(ties.length)];
    const adopted = s.opinions[farEnd(s, e, i)];
    if (adopted !== g) {
      for (const f of ties) {
        const other = s.opinions[farEnd(s, f, i)];
        s.discordant += (other !== adopted ? 1 : 0) - (other !== g ? 1 : 0);
      }
      s.count[g] -= 1;
      s.count[adopted] += 1;
      s.opinions[i] = adopted;
    }
  }
  return s;
}

/** Sizes of the connected components (communities), largest first. */
export function communitySizes(s) {
  const uf = unionFind(s.n);
  for (let e = 0; e < s.a.length; e += 1) uf.union(s.a[e], s.b[e]);
  const sizes = new Map();
  for (let i = 0; i < s.n; i += 1) {
    const root = uf.find(i);
    sizes.set(root, (sizes.get(root) || 0) + 1);
  }
  return [...sizes.values()].sort((x, y) => y - x);
}

/** Run to consensus (no discordant edge) or maxUpdates: `{state, updates, converged}`. */
export function runCoevolution(s, phi, rng, maxUpdates = 1e8, m = { holmeNewmanUpdate }) {
  let updates = 0;
  while (s.discordant > 0 && updates < maxUpdates) {
    m.holmeNewmanUpdate(s, phi, rng);
    updates += 1;
  }
  return { state: s, updates, converged: s.discordant === 0 };
}

const OPINION_COLOURS = [PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3], PALETTE[4], PALETTE[9], PALETTE[5], "#bdbdbd"];

/** Node codes: the six most held opinions get a colour each (by rank), the rest grey. */
function opinionCodes(s) {
  const ranked = [...s.count.keys()].filter((g) => s.count[g] > 0).sort((x, y) => s.count[y] - s.count[x] || x - y);
  const rank = new Map(ranked.slice(0, OPINION_COLOURS.length - 1).map((g, k) => [g, k]));
  return Uint8Array.from(s.opinions, (g) => (rank.has(g) ? rank.get(g) : OPINION_COLOURS.length - 1));
}

function coevolutionCsr(s) {
  const indptr = new Int32Array(s.n + 1);
  for (let i = 0; i < s.n; i += 1) indptr[i + 1] = indptr[i] + s.incident[i].length;
  const indices = new Int32Array(indptr[s.n]);
  for (let i = 0; i < s.n; i += 1) s.incident[i].forEach((e, k) => (indices[indptr[i] + k] = farEnd(s, e, i)));
  return { n: s.n, indptr, indices };
}

const coevolving = {
  id: "aggregation/coevolving",
  title: "Holme & Newman: rewire to the like-minded (φ) or adopt a contact's opinion",
  params: [
    { name: "phi", label: "Rewiring probability φ", min: 0, max: 1, step: 0.01, value: 0.46, live: true },
    { name: "n", label: "People N (restarts)", min: 50, max: 400, step: 50, value: 150 },
    { name: "meanDegree", label: "Mean degree ⟨k⟩ (restarts)", min: 2, max: 8, step: 1, value: 4 },
  ],
  speed: { label: "Updates per frame", values: [1, 10, 50, 150, 600, 2400], value: 50 },
  recordEvery: (p) => p.n,
  time: (steps, p) => steps / p.n,
  timeLabel: "sweeps of N updates",
  init(p, rng) {
    const s = coevolutionInitial(p.n, p.meanDegree, 10, rng);
    s.edges0 = s.a.length;
    s.sizes = communitySizes(s);
    return s;
  },
  step(s, p, rng) {
    return holmeNewmanUpdate(s, p.phi, rng);
  },
  finished: (s) => (s.discordant === 0 ? "consensus: every tie joins people of one opinion" : null),
  panels: [
    {
      kind: "network",
      title: "People (colour: opinion) and their ties",
      size: (s) => s.n,
      csr: coevolutionCsr,
      edges: (s) => ({ u: s.a, v: s.b, style: Uint8Array.from(s.a, (x, e) => (s.opinions[x] === s.opinions[s.b[e]] ? 0 : 1)) }),
      edgeStyles: [
        { color: STYLE.muted, width: 0.6, alpha: 0.5 },
        { color: PALETTE[3], width: 1, alpha: 0.8 },
      ],
      nodes: opinionCodes,
      nodeColors: OPINION_COLOURS,
      legend: [
        { label: "the six most held opinions", color: PALETTE[0] },
        { label: "other opinions (grey)", color: "#bdbdbd" },
        { label: "tie between opinions (red)", color: PALETTE[3] },
      ],
      label: "The network: dots are people coloured by opinion, grey lines ties between like-minded people, red lines ties between different opinions.",
    },
    {
      kind: "series",
      title: "Disagreement and communities",
      series: [
        { key: "discordant", label: "ties between opinions", color: PALETTE[3] },
        { key: "largest", label: "largest community", color: PALETTE[0] },
        { key: "opinion", label: "largest opinion group", color: PALETTE[2] },
      ],
      y: [0, 1],
      window: 40,
      observe(s) {
        s.sizes = communitySizes(s);
        let top = 0;
        for (const c of s.count) if (c > top) top = c;
        return { discordant: s.discordant / s.a.length, largest: s.sizes[0] / s.n, opinion: top / s.n };
      },
      label: "Share of ties joining different opinions, share of people in the largest connected community and in the largest opinion group, over time.",
    },
  ],
  summary(s, p, t) {
    const groups = s.count.filter((c) => c > 0).length;
    return (
      `Sweep ${Math.floor(t)}: ${groups} opinions left; ${Math.round((100 * s.discordant) / s.a.length)} % of ties join different opinions; ` +
      `${s.sizes.length} communities, the largest with ${Math.round((100 * s.sizes[0]) / s.n)} % of the people.`
    );
  },
};

export const explorables = { schelling, coevolving };
