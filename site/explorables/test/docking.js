// The JavaScript side of the docking tests (NetLogo's method): each case runs a ported model
// on the parameters recorded in reference.json (written by scripts/docking_reference.py from
// the Python package) and gives one value per run; the harness compares the ensemble with the
// Python one. Cases call every model function through `m` (the modules' namespaces), so the
// mutation tests can swap one function for a deliberately wrong rule and see the case fail.

import { readFileSync } from "node:fs";
import { createRng } from "../engine/prng.js";
import * as graphs from "../engine/graphs.js";
import * as stats from "../engine/stats.js";
import * as consensus from "../consensus.js";
import * as atomization from "../atomization.js";
import * as dividends from "../dividends.js";
import * as commons from "../commons.js";
import * as measures from "../measures.js";
import * as aggregation from "../aggregation.js";
import * as spreading from "../spreading.js";
import * as trust from "../trust.js";

export const MODULES = { graphs, stats, consensus, atomization, dividends, commons, measures, aggregation, spreading, trust };

export const REFERENCE = JSON.parse(readFileSync(new URL("./reference.json", import.meta.url), "utf-8"));

/** Combined standard errors allowed between the two means. */
export const Z = 4;

const halves = [0.5, 0.5, 0, 0, 0];
const thirds = [1 / 3, 1 / 3, 1 / 3, 0, 0];

function pggCooperation(m, p, fractions, game, rng) {
  const n = p.side * p.side;
  const payoff = (x, s, counts, network, g) => m.commons.playerPayoff(x, s, counts, network, g, m.commons.groupPayoff);
  const state = m.commons.createSpatial(m.graphs.squareLattice(p.side), m.commons.initialStrategies(n, fractions, rng));
  let total = 0;
  for (let mcs = 1; mcs <= p.mcs; mcs += 1) {
    for (let k = 0; k < n; k += 1) m.commons.fermiStep(state, game, rng, payoff);
    if (mcs > p.mcs - p.last) total += m.commons.contributorShare(state.totals, n);
  }
  return total / p.last;
}

function deb(m, p, metric, rng) {
  const ai = p.ai_share > 0 || p.brokerage > 0;
  const run = m.atomization.runTies(p.n, { turnover: p.turnover, aiShare: p.ai_share, brokerage: p.brokerage }, rng, {
    step: ai ? m.atomization.aiStep : m.atomization.debStep,
  });
  return m.atomization.stationary(run.records, metric);
}

function yardSale(m, p, rng) {
  const w = new Float64Array(p.n).fill(1);
  const order = Array.from({ length: p.n }, (_, i) => i);
  for (let r = 0; r < p.rounds; r += 1) m.dividends.yardSaleRound(w, { beta: p.beta, chi: p.chi, zeta: p.zeta }, 1, rng, order);
  return w;
}

function fjPublic(m, p, rng) {
  const { network, elite } = m.consensus.eliteOrEgalitarian(p.network, p.n, 10, rng);
  const x0 = m.consensus.uniformOpinions(p.n, rng);
  const lambda = new Float64Array(p.n);
  for (let i = 0; i < p.n; i += 1) {
    if (elite[i]) x0[i] = 0.9;
    lambda[i] = elite[i] ? 1 - p.stubbornness : 0.9;
  }
  const weights = m.consensus.degrootWeights(network);
  let x = Float64Array.from(x0);
  for (let t = 0; t < 40; t += 1) x = m.consensus.fjStep(x, weights, lambda, x0);
  let total = 0;
  for (let i = 0; i < p.n; i += 1) if (!elite[i]) total += x[i];
  return total / (p.n - 10);
}

/**
 * JavaScript side of every statistic: `(m, params, rng) => value of one run`. `slack` is an
 * absolute tolerance added to the statistical one, for statistics that hardly vary.
 */
export const STATISTICS = {
  "consensus/deffuant: major clusters at ε = 0.15": { slack: 0.25, run: deffuantClusters },
  "consensus/deffuant: major clusters at ε = 0.25": { slack: 0.25, run: deffuantClusters },
  "consensus/hk: consensus probability at ε = 0.22": {
    run(m, p, rng) {
      const { x } = m.consensus.runHK(m.consensus.uniformOpinions(p.n, rng), { epsilon: p.epsilon, maxSteps: 10000 }, m.consensus.hkStep);
      return m.stats.clusterSizes(x, 1e-3).length === 1 ? 1 : 0;
    },
  },
  "consensus/hk: major clusters at ε = 0.1": {
    slack: 0.25,
    run(m, p, rng) {
      const { x } = m.consensus.runHK(m.consensus.uniformOpinions(p.n, rng), { epsilon: p.epsilon, maxSteps: 10000 }, m.consensus.hkStep);
      return m.stats.majorClusters(x);
    },
  },
  "consensus/voter: exit probability (complete graph)": {
    run: (m, p, rng) => (m.consensus.runVoter(m.consensus.voterInitial(p.n, p.density, rng), null, rng, {}, m.consensus.voterUpdate).winner === 1 ? 1 : 0),
  },
  "consensus/voter: mean consensus time, sweeps (complete graph)": {
    run: (m, p, rng) => m.consensus.runVoter(m.consensus.voterInitial(p.n, p.density, rng), null, rng, {}, m.consensus.voterUpdate).consensusTime,
  },
  "consensus/voter: mean consensus time, sweeps (10 × 10 lattice)": {
    run: (m, p, rng) =>
      m.consensus.runVoter(m.consensus.voterInitial(p.side * p.side, p.density, rng), m.graphs.squareLattice(p.side), rng, {}, m.consensus.voterUpdate)
        .consensusTime,
  },
  "consensus/degroot-elite: public's mean opinion after 40 steps (elite network)": { run: fjPublic },
  "consensus/degroot-elite: public's mean opinion after 40 steps (egalitarian network)": { run: fjPublic },
  "atomization/percolation: Erdős–Rényi giant component at c = 2": {
    run: (m, p, rng) => m.graphs.giantFraction(m.graphs.erdosRenyi(p.n, p.mean_degree, rng)),
  },
  "atomization/tie-removal: giant component after removing half the ties at random (ER, c = 4)": {
    run(m, p, rng) {
      const { u, v } = m.graphs.edgeList(m.graphs.erdosRenyi(p.n, p.mean_degree, rng));
      const order = m.atomization.tieRemovalOrder(p.n, u, v, null, "random", rng);
      const curve = m.atomization.percolationCurve(p.n, u, v, order);
      return curve.giant[Math.round(0.5 * u.length)] / p.n;
    },
  },
  "atomization/ai-companions: DEB clustering (no AI)": { run: (m, p, rng) => deb(m, p, "clustering", rng) },
  "atomization/ai-companions: DEB mean degree (no AI)": { run: (m, p, rng) => deb(m, p, "meanDegree", rng) },
  "atomization/ai-companions: isolates share (α = 0.6, β = 0)": { run: (m, p, rng) => deb(m, p, "isolatesShare", rng) },
  "atomization/ai-companions: mean degree (α = 0.5, β = 0.5)": { run: (m, p, rng) => deb(m, p, "meanDegree", rng) },
  "atomization/ai-companions: mean core size (α = 0.3, β = 0)": { run: (m, p, rng) => deb(m, p, "meanCoreSize", rng) },
  "dividends/wealth: Gini of random exchange": {
    run(m, p, rng) {
      const w = new Float64Array(p.n).fill(1);
      const order = Array.from({ length: p.n }, (_, i) => i);
      for (let r = 0; r < p.rounds; r += 1) m.dividends.randomExchangeRound(w, rng, order);
      return m.stats.gini(w);
    },
  },
  "dividends/wealth: Gini of the yard sale, χ = 0.04 > ζ = 0.02": { run: (m, p, rng) => m.stats.gini(yardSale(m, p, rng)) },
  "dividends/wealth: Gini of the yard sale without redistribution, 300 rounds": { run: (m, p, rng) => m.stats.gini(yardSale(m, p, rng)) },
  "dividends/wealth: richest share of the yard sale, ζ = 0.06 > χ = 0.02": { run: (m, p, rng) => m.stats.largestShare(yardSale(m, p, rng)) },
  "dividends/platform-growth: leader's share at γ = 1.5": { run: growthLeader },
  "dividends/platform-growth: leader's share at γ = 0.5": { run: growthLeader },
  "dividends/platform-growth: share of platforms with one user at γ = 1": {
    run(m, p, rng) {
      const market = growth(m, p, rng);
      let ones = 0;
      for (let k = 0; k < market.platforms; k += 1) if (market.sizes[k] === 1) ones += 1;
      return ones / market.platforms;
    },
  },
  "dividends/sharing: leader's share after 150 periods (flat, γ = 1.1)": { run: economyLeader },
  "dividends/sharing: leader's share after 150 periods (winner keeps, γ = 0.9)": { run: economyLeader },
  "commons/spatial: cooperator fraction at r = 4.0": { run: (m, p, rng) => pggCooperation(m, p, halves, { synergy: p.synergy, noise: 0.5 }, rng) },
  "commons/spatial: cooperator fraction at r = 4.5": { run: (m, p, rng) => pggCooperation(m, p, halves, { synergy: p.synergy, noise: 0.5 }, rng) },
  "commons/governance: contributor fraction with peer punishment (r = 3.5, fine 0.4, cost 0.05)": {
    run: (m, p, rng) => pggCooperation(m, p, thirds, { synergy: p.synergy, noise: 0.5, fine: p.fine, punishCost: p.punish_cost }, rng),
  },
  "commons/governance: contributor fraction with costly peer punishment (r = 3.5, fine 0.4, cost 0.3)": {
    run: (m, p, rng) => pggCooperation(m, p, thirds, { synergy: p.synergy, noise: 0.5, fine: p.fine, punishCost: p.punish_cost }, rng),
  },
  "commons/well-mixed: cooperators after 20 generations (r = 5.5, G = 5)": {
    run(m, p, rng) {
      let s = m.commons.initialStrategies(p.n, halves, rng);
      for (let g = 0; g < p.generations; g += 1) {
        s = m.commons.wellMixedGeneration(s, { groupSize: p.group_size, synergy: p.synergy, noise: 0.5 }, rng, m.commons.groupPayoff);
      }
      return s.reduce((a, b) => a + (b === 1 ? 1 : 0), 0) / p.n;
    },
  },
  "aggregation/schelling: share of like neighbours when content (w = 0.3, density 0.9)": { run: (m, p, rng) => schelling(m, p, rng).likeShare },
  "aggregation/schelling: ticks until content (w = 0.3, density 0.9)": { run: (m, p, rng) => schelling(m, p, rng).ticks },
  "aggregation/schelling: share of like neighbours after 100 ticks (w = 0.5, density 0.8)": { run: (m, p, rng) => schelling(m, p, rng).likeShare },
  "aggregation/coevolving: largest community at consensus (φ = 0.2, N = 150)": { run: (m, p, rng) => coevolving(m, p, rng).largest },
  "aggregation/coevolving: largest community at consensus (φ = 0.7, N = 150)": { run: (m, p, rng) => coevolving(m, p, rng).largest },
  "aggregation/coevolving: updates to consensus, per person (φ = 0.46, N = 150)": { run: (m, p, rng) => coevolving(m, p, rng).updates / p.n },
  "spreading/cascade: share of random seeds that cascade beyond 10 % (ER, N = 400, z = 2, φ = 0.18)": { run: (m, p, rng) => (cascadeShare(m, p, rng) > 0.1 ? 1 : 0) },
  "spreading/cascade: share of random seeds that cascade beyond 10 % (ER, N = 400, z = 4, φ = 0.18)": { run: (m, p, rng) => (cascadeShare(m, p, rng) > 0.1 ? 1 : 0) },
  "spreading/cascade: mean final share from a random seed (ER, N = 400, z = 4, φ = 0.18)": { run: cascadeShare },
  "spreading/complex-contagion: final share, m = 3, ring N = 200, k = 8, p = 0.2": { run: (m, p, rng) => ring(m, p, rng).share },
  "spreading/complex-contagion: final share, m = 3, ring N = 200, k = 8, p = 0.5": { run: (m, p, rng) => ring(m, p, rng).share },
  "spreading/complex-contagion: final share, m = 2, ring N = 200, k = 8, p = 1": { run: (m, p, rng) => ring(m, p, rng).share },
  "spreading/complex-contagion: rounds until it stops, m = 2, ring N = 200, k = 8, p = 0.1": { run: (m, p, rng) => ring(m, p, rng).rounds },
  "trust/reputation: good reputations, discriminators, stern judging (e = 0.02, μ = 0.01)": { run: (m, p, rng) => reputation(m, p, rng).good },
  "trust/reputation: good reputations, discriminators, image scoring (e = 0.02, μ = 0.01)": { run: (m, p, rng) => reputation(m, p, rng).good },
  "trust/reputation: good reputations, 20 % ALLD, 20 % ALLC, simple standing": { run: (m, p, rng) => reputation(m, p, rng).good },
  "trust/reputation: cooperation, discriminators, stern judging (e = 0.02, μ = 0.01)": { run: (m, p, rng) => reputation(m, p, rng).cooperation },
  "trust/committed-minority: share holding only A after 20 N interactions (p = 0.06, N = 300)": { run: namingShare },
  "trust/committed-minority: share holding both words after 20 N interactions (p = 0.06, N = 300)": { run: namingShare },
  "trust/committed-minority: interactions per agent to consensus on A (p = 0.16, N = 300)": {
    run(m, p, rng) {
      const s = m.trust.namingInitial(p.n, p.committed);
      // An interaction changes at most two agents, so counting every 25 steps (and every step
      // near the end) sees consensus the moment it happens.
      let a = s.k;
      let t = 0;
      const max = p.max_interactions * p.n;
      while (a < p.n && t < max) {
        m.trust.namingGameStep(s.states, s.committed, rng);
        t += 1;
        if (t % 25 === 0 || a > p.n - 60) a = m.trust.wordShares(s.states)[m.trust.WORD_A] * p.n;
      }
      return a >= p.n - 1e-9 ? t / p.n : Infinity;
    },
  },
  "measures/lorenz-sample: Gini of a Pareto sample (α = 1.5, n = 1000)": {
    run: (m, p, rng) => m.stats.gini(Float64Array.from({ length: p.n }, () => m.measures.paretoDraw(p.alpha, rng))),
  },
};

function schelling(m, p, rng) {
  const grid = m.aggregation.randomCity(p.side, p.density, rng);
  const run = m.aggregation.runSchelling(grid, p.side, p.wanted, rng, p.max_ticks, m.aggregation);
  return { ticks: run.ticks, likeShare: m.aggregation.schellingMeasures(grid, p.side, p.wanted, m.aggregation).likeShare };
}

function coevolving(m, p, rng) {
  const s = m.aggregation.coevolutionInitial(p.n, p.mean_degree, p.per_opinion, rng);
  const run = m.aggregation.runCoevolution(s, p.phi, rng, 1e9, m.aggregation);
  return { largest: m.aggregation.communitySizes(s)[0] / p.n, updates: run.updates };
}

function cascadeShare(m, p, rng) {
  const network = m.graphs.erdosRenyi(p.n, p.z, rng);
  return m.spreading.runThreshold(network, [rng.int(p.n)], p.threshold, m.spreading.fractionalThresholdStep).share;
}

function ring(m, p, rng) {
  const network = m.spreading.wattsStrogatz(p.n, p.k, p.rewire, rng);
  return m.spreading.runThreshold(network, m.spreading.neighbourhood(network, 0), p.threshold, m.spreading.countThresholdStep);
}

function namingShare(m, p, rng) {
  const s = m.trust.namingInitial(p.n, p.committed);
  for (let t = 0; t < p.interactions * p.n; t += 1) m.trust.namingGameStep(s.states, s.committed, rng);
  return m.trust.wordShares(s.states)[p.word];
}

function reputation(m, p, rng) {
  const counts = p.fractions.map((f) => Math.round(f * p.n));
  const s = m.trust.reputationPopulation(counts);
  const norm = m.trust.NORMS[p.norm];
  let good = 0;
  let helped = 0;
  for (let r = 0; r < p.rounds; r += 1) {
    let h = 0;
    for (let k = 0; k < p.n; k += 1) h += m.trust.reputationStep(s, norm, { e: 0.02, mu: 0.01, b: 5, c: 1 }, rng);
    if (r >= p.rounds - p.last) {
      good += s.reputations.reduce((x, y) => x + y, 0) / p.n;
      helped += h / p.n;
    }
  }
  return { good: good / p.last, cooperation: helped / p.last };
}

function deffuantClusters(m, p, rng) {
  const x = m.consensus.uniformOpinions(p.n, rng);
  m.consensus.runDeffuant(x, { epsilon: p.epsilon, mu: 0.5, maxMeetings: (10000 * p.n) / 2 }, rng, m.consensus.deffuantMeeting);
  return m.stats.majorClusters(x);
}

function growth(m, p, rng) {
  const market = m.dividends.createMarket(p.users);
  for (let k = 1; k < p.users; k += 1) m.dividends.addUser(market, { gamma: p.gamma, entryProb: p.entry_prob }, rng);
  return market;
}

function growthLeader(m, p, rng) {
  const market = growth(m, p, rng);
  return market.leader / market.users;
}

function economyLeader(m, p, rng) {
  const economy = m.dividends.createEconomy(p.users, p.platforms);
  for (let t = 0; t < p.periods; t += 1) m.dividends.dividendPeriod(economy, { rule: p.rule, gamma: p.gamma }, rng);
  return Math.max(...economy.users) / p.users;
}

function seedOf(id) {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return h;
}

/** Run one statistic: `{js: {mean, se, n}, python, difference, tolerance, ok, message}`. */
export function dock(reference, m = MODULES) {
  const js = STATISTICS[reference.id];
  if (!js) return { ok: false, message: `${reference.id}: no JavaScript port of this statistic in test/docking.js` };
  const values = [];
  const base = seedOf(reference.id);
  for (let r = 0; r < reference.python.n; r += 1) values.push(js.run(m, reference.params, createRng((base + r) >>> 0)));
  const ours = stats.meanAndError(values);
  const py = reference.python;
  const difference = ours.mean - py.mean;
  const tolerance = Z * Math.hypot(ours.se, py.se) + (js.slack || 0);
  const ok = Number.isFinite(ours.mean) && Math.abs(difference) <= tolerance;
  const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4));
  const message =
    `${reference.model} — ${reference.statistic}: JavaScript ${fmt(ours.mean)} ± ${fmt(ours.se)} (${ours.n} runs), ` +
    `Python ${fmt(py.mean)} ± ${fmt(py.se)} (${py.n} runs); difference ${fmt(difference)}, allowed ${fmt(tolerance)} ` +
    `(${Z} combined standard errors${js.slack ? ` + ${js.slack}` : ""})`;
  return { js: ours, python: py, difference, tolerance, ok, message };
}

function close(a, b, tol = 1e-9) {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

function compareArrays(name, ours, theirs, tol) {
  if (ours.length !== theirs.length) return [`${name}: length ${ours.length}, Python ${theirs.length}`];
  const bad = [];
  for (let i = 0; i < ours.length; i += 1) {
    if (!close(ours[i], theirs[i], tol)) bad.push(i);
  }
  return bad.length ? [`${name}: ${bad.length} of ${ours.length} values differ, first at [${bad[0]}]: ${ours[bad[0]]} vs Python ${theirs[bad[0]]}`] : [];
}

/** JavaScript side of every exact case: returns a list of problems (empty if it agrees). */
export const EXACT = {
  "consensus/hk: synchronous steps to the fixed point (complete graph, ε = 0.15)"(m, { inputs, expected }) {
    const run = m.consensus.runHK(inputs.x0, { epsilon: inputs.epsilon, maxSteps: 200 }, m.consensus.hkStep);
    return [...compareArrays("final opinions", run.x, expected.final, 1e-9), ...(run.steps === expected.steps ? [] : [`steps ${run.steps}, Python ${expected.steps}`])];
  },
  "consensus/hk: synchronous steps to the fixed point (random network, ε = 0.3)"(m, { inputs, expected }) {
    const network = m.graphs.fromEdges(inputs.n, inputs.u, inputs.v);
    const run = m.consensus.runHK(inputs.x0, { epsilon: inputs.epsilon, network, maxSteps: 200 }, m.consensus.hkStep);
    return [...compareArrays("final opinions", run.x, expected.final, 1e-9), ...(run.steps === expected.steps ? [] : [`steps ${run.steps}, Python ${expected.steps}`])];
  },
  "consensus/degroot-elite: 40 Friedkin–Johnsen steps on an elite network"(m, { inputs, expected }) {
    const weights = m.consensus.degrootWeights(m.graphs.fromEdges(inputs.n, inputs.u, inputs.v));
    const x0 = Float64Array.from(inputs.x0);
    let x = Float64Array.from(x0);
    for (let t = 0; t < 40; t += 1) x = m.consensus.fjStep(x, weights, inputs.susceptibility, x0);
    return compareArrays("final opinions", x, expected.final, 1e-9);
  },
  "atomization/tie-removal: neighbourhood overlap and the percolation curve of a removal order"(m, { inputs, expected }) {
    const { n, u, v, order } = inputs;
    const overlap = m.atomization.neighbourhoodOverlap(m.graphs.fromEdges(n, u, v), u, v);
    const curve = m.atomization.percolationCurve(n, u, v, order);
    return [
      ...compareArrays("overlap", overlap, expected.overlap, 1e-12),
      ...compareArrays("giant component after r removals", curve.giant, expected.giant, 0),
      ...compareArrays("isolated after r removals", curve.isolates, expected.isolates, 0),
    ];
  },
  "commons/spatial: payoffs of all five strategies on a 10 × 10 lattice"(m, { inputs, expected }) {
    const game = { synergy: inputs.synergy, fine: inputs.fine, punishCost: inputs.punish_cost, trustThreshold: inputs.trust_threshold };
    const payoffs = m.commons.graphPayoffs(Uint8Array.from(inputs.strategies), m.graphs.squareLattice(inputs.side), game, m.commons.groupPayoff);
    return compareArrays("payoffs", payoffs, expected.payoffs, 1e-12);
  },
  "measures: Gini, Lorenz curve and top-10 % share"(m, { inputs, expected }) {
    return [
      ...compareArrays("Gini", [m.stats.gini(inputs.values)], [expected.gini], 1e-12),
      ...compareArrays("Lorenz curve", m.stats.lorenz(inputs.values).share, expected.lorenz, 1e-12),
      ...compareArrays("top-10 % share", [m.measures.topShare(inputs.values, 0.1)], [expected.top10], 1e-12),
    ];
  },
  "dividends/sharing: one period's dividend under each sharing rule"(m, { inputs, expected }) {
    const problems = [];
    for (const [rule, split] of Object.entries(expected)) {
      const ours = m.dividends.shareDividend(inputs.users, rule, { taxRate: inputs.tax_rate });
      problems.push(
        ...compareArrays(`${rule}: total`, [ours.total], [split.total], 1e-12),
        ...compareArrays(`${rule}: platform income`, ours.platform, split.platform, 1e-12),
        ...compareArrays(`${rule}: income per user`, [ours.perUser], [split.per_user], 1e-12),
      );
    }
    return problems;
  },
  "commons/well-mixed: the replicator equation's closed form"(m, { inputs, expected }) {
    const x = inputs.times.map((t) => m.commons.replicatorCooperation(inputs.x0, inputs.group_size, inputs.synergy, t));
    return compareArrays("cooperators", x, expected.x, 1e-12);
  },
  "spreading/cascade: adoption rounds of one cascade (ER, N = 400, z = 4, φ = 0.18)"(m, { inputs, expected }) {
    const run = m.spreading.runThreshold(m.graphs.fromEdges(inputs.n, inputs.u, inputs.v), inputs.seeds, inputs.threshold, m.spreading.fractionalThresholdStep);
    return [...compareArrays("adoption rounds", run.times, expected.times, 0), ...(run.rounds === expected.rounds ? [] : [`rounds ${run.rounds}, Python ${expected.rounds}`])];
  },
  "spreading/complex-contagion: adoption rounds on a rewired ring (m = 2, p = 0.2)"(m, { inputs, expected }) {
    const network = m.graphs.fromEdges(inputs.n, inputs.u, inputs.v);
    const seeds = m.spreading.neighbourhood(network, 0);
    const run = m.spreading.runThreshold(network, seeds, inputs.threshold, m.spreading.countThresholdStep);
    return [
      ...compareArrays("seeded neighbourhood", seeds, inputs.seeds, 0),
      ...compareArrays("adoption rounds", run.times, expected.times, 0),
      ...(run.rounds === expected.rounds ? [] : [`rounds ${run.rounds}, Python ${expected.rounds}`]),
    ];
  },
  "spreading/cascade: Watts's cascade probability (generating functions)"(m, { inputs, expected }) {
    return compareArrays("P(cascade)", inputs.pairs.map(([z, phi]) => m.spreading.cascadeProbability(z, phi)), expected.p, 1e-9);
  },
  "trust/reputation: stationary reputations in closed form (every norm)"(m, { inputs, expected }) {
    const problems = [];
    for (const [name, eq] of Object.entries(expected)) {
      const ours = m.trust.reputationEquilibrium(eq.fractions, eq.norm, { e: inputs.e, mu: inputs.mu });
      problems.push(
        ...compareArrays(`${name}: good`, [ours.good], [eq.good], 1e-12),
        ...compareArrays(`${name}: cooperation`, [ours.cooperation], [eq.cooperation], 1e-12),
        ...compareArrays(`${name}: payoffs`, ours.payoffs, eq.payoffs, 1e-12),
      );
    }
    return problems;
  },
  "trust/committed-minority: the mean-field share of A (p = 0.08, 0.12)"(m, { expected }) {
    const problems = [];
    for (const curve of Object.values(expected)) {
      const dt = 0.01;
      const ours = m.trust.namingMeanField(curve.p, curve.times[curve.times.length - 1], dt);
      // RK4 with step 0.01 against scipy's solve_ivp (rtol 1e-9): agreement to 1e-6.
      problems.push(...compareArrays(`p = ${curve.p}`, curve.times.map((t) => ours[Math.round(t / dt)]), curve.a, 1e-6));
    }
    return problems;
  },
  "measures/giant-component: the Erdős–Rényi giant component S(c)"(m, { inputs, expected }) {
    return compareArrays("S(c)", inputs.c.map((c) => m.measures.erGiant(c)), expected.S, 1e-9);
  },
};

/** Check one exact case: `{ok, message}`. */
export function checkExact(reference, m = MODULES) {
  const js = EXACT[reference.id];
  if (!js) return { ok: false, message: `${reference.id}: no JavaScript port of this exact case in test/docking.js` };
  const problems = js(m, reference);
  return { ok: problems.length === 0, message: `${reference.id}: ${problems.length ? problems.join("; ") : "agrees"}` };
}
