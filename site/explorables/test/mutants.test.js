// Are the docking tolerances tight enough? Each mutant below is the model with one
// deliberately wrong rule (a plausible porting mistake); the docking cases named with it must
// then FAIL. If a mutant passes, the docking test could not tell the right rule from the wrong
// one: tighten that case (more runs, a sharper statistic) rather than deleting the mutant.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MODULES, REFERENCE, dock, checkExact } from "./docking.js";

function patched(module, replacements) {
  return { ...MODULES, [module]: { ...MODULES[module], ...replacements } };
}

const C = MODULES.consensus;
const A = MODULES.atomization;
const D = MODULES.dividends;
const P = MODULES.commons;
const G = MODULES.aggregation;
const S = MODULES.spreading;
const T = MODULES.trust;

/** A threshold round with the adoption test `adopts(adoptingContacts, degree)`. */
function thresholdRound(adopts) {
  return (adopted, network) => {
    const next = Uint8Array.from(adopted);
    for (let i = 0; i < network.n; i += 1) {
      let c = 0;
      for (let q = network.indptr[i]; q < network.indptr[i + 1]; q += 1) c += adopted[network.indices[q]];
      if (!next[i] && adopts(c, network.indptr[i + 1] - network.indptr[i])) next[i] = 1;
    }
    return next;
  };
}

export const MUTANTS = [
  {
    name: "Deffuant: confidence compared with ε/2 (half-width confusion)",
    modules: patched("consensus", { deffuantMeeting: (x, eps, mu, rng) => C.deffuantMeeting(x, eps / 2, mu, rng) }),
    cases: ["consensus/deffuant: major clusters at ε = 0.15", "consensus/deffuant: major clusters at ε = 0.25"],
  },
  {
    name: "Hegselmann–Krause: the agent left out of its own neighbourhood (ndlib's variant)",
    modules: patched("consensus", {
      hkStep(x, epsilon, network, out = new Float64Array(x.length)) {
        const n = x.length;
        for (let i = 0; i < n; i += 1) {
          let total = 0;
          let count = 0;
          for (let j = 0; j < n; j += 1) {
            if (j !== i && Math.abs(x[j] - x[i]) <= epsilon) {
              total += x[j];
              count += 1;
            }
          }
          out[i] = count ? total / count : x[i];
        }
        return out;
      },
    }),
    cases: ["consensus/hk: synchronous steps to the fixed point (complete graph, ε = 0.15)"],
  },
  {
    name: "voter: an agent adopts the majority of three random others (majority rule, not imitation)",
    modules: patched("consensus", {
      voterUpdate(state, network, rng) {
        const n = state.length;
        const i = rng.int(n);
        let votes = 0;
        for (let k = 0; k < 3; k += 1) {
          let j = rng.int(n - 1);
          if (j >= i) j += 1;
          votes += state[j];
        }
        const next = votes >= 2 ? 1 : 0;
        const delta = next - state[i];
        state[i] = next;
        return delta;
      },
    }),
    cases: ["consensus/voter: exit probability (complete graph)", "consensus/voter: mean consensus time, sweeps (complete graph)"],
  },
  {
    name: "Friedkin–Johnsen: anchored with weight λ instead of 1 − λ",
    modules: patched("consensus", {
      fjStep: (x, w, lambda, x0, out) => C.fjStep(x, w, Float64Array.from(lambda, (l) => 1 - l), x0, out),
    }),
    cases: [
      "consensus/degroot-elite: 40 Friedkin–Johnsen steps on an elite network",
      "consensus/degroot-elite: public's mean opinion after 40 steps (elite network)",
    ],
  },
  {
    name: "Erdős–Rényi: link probability c/N counted per ordered pair (mean degree 2c)",
    modules: patched("graphs", { erdosRenyi: (n, c, rng) => MODULES.graphs.erdosRenyi(n, 2 * c, rng) }),
    cases: ["atomization/percolation: Erdős–Rényi giant component at c = 2"],
  },
  {
    name: "neighbourhood overlap without the common neighbours subtracted",
    modules: patched("atomization", {
      neighbourhoodOverlap(network, u, v) {
        const plain = A.neighbourhoodOverlap(network, u, v);
        const { indptr } = network;
        return Float64Array.from(plain, (o, e) => {
          const ku = indptr[u[e] + 1] - indptr[u[e]];
          const kv = indptr[v[e] + 1] - indptr[v[e]];
          const common = (o * (ku - 1 + kv - 1)) / (1 + o);
          return ku + kv - 2 > 0 ? common / (ku + kv - 2) : 0;
        });
      },
    }),
    cases: ["atomization/tie-removal: neighbourhood overlap and the percolation curve of a removal order"],
  },
  {
    name: "DEB: a leaver's ties are kept by the newcomer (turnover deletes nothing)",
    modules: patched("atomization", {
      debStep(t, params, rng) {
        A.humanEvent(t, rng.int(t.n), rng);
        rng.random();
        return t;
      },
    }),
    cases: ["atomization/ai-companions: DEB mean degree (no AI)", "atomization/ai-companions: DEB clustering (no AI)"],
  },
  {
    name: "DEB: a lonely agent meets a stranger only with no ties at all (not with fewer than two)",
    modules: patched("atomization", {
      debStep(t, { turnover }, rng) {
        const a = rng.int(t.n);
        if (t.nbr[a].length === 1) {
          const j = t.nbr[a][0];
          // with one tie the agent only uses it (strength + 1) instead of meeting a stranger
          t.str[a][0] += 1;
          t.str[j][t.nbr[j].indexOf(a)] += 1;
        } else A.humanEvent(t, a, rng);
        if (rng.random() < turnover) A.replaceAgent(t, rng.int(t.n));
        return t;
      },
    }),
    cases: ["atomization/ai-companions: DEB mean degree (no AI)", "atomization/ai-companions: DEB clustering (no AI)"],
  },
  {
    name: "AI companions: the brokerage rate is ignored (the AI never introduces anyone)",
    modules: patched("atomization", { aiStep: (t, p, rng) => A.aiStep(t, { ...p, brokerage: 0 }, rng) }),
    cases: ["atomization/ai-companions: mean degree (α = 0.5, β = 0.5)"],
  },
  {
    name: "random exchange: a pair splits its wealth equally (no random split)",
    modules: patched("dividends", {
      randomExchangeRound(w, rng, order) {
        rng.shuffle(order);
        const half = w.length >> 1;
        for (let p = 0; p < half; p += 1) {
          const pooled = w[order[p]] + w[order[half + p]];
          w[order[p]] = w[order[half + p]] = pooled / 2;
        }
        return w;
      },
    }),
    cases: ["dividends/wealth: Gini of random exchange"],
  },
  {
    name: "yard sale: the stake is β × the loser's wealth, not the poorer party's",
    modules: patched("dividends", {
      yardSaleRound(w, { beta, chi = 0, zeta = 0 }, meanWealth, rng, order) {
        rng.shuffle(order);
        const half = w.length >> 1;
        for (let p = 0; p < half; p += 1) {
          const i = order[p];
          const j = order[half + p];
          const eta = Math.max(-1, Math.min(1, ((zeta * beta) / meanWealth) * (w[i] - w[j])));
          if (rng.random() < 0.5 * (1 + eta)) {
            const stake = beta * w[j];
            w[i] += stake;
            w[j] -= stake;
          } else {
            const stake = beta * w[i];
            w[i] -= stake;
            w[j] += stake;
          }
        }
        const relax = chi * beta * beta;
        for (let k = 0; k < w.length; k += 1) w[k] = w[k] * (1 - relax) + relax * meanWealth;
        return 0;
      },
    }),
    cases: ["dividends/wealth: Gini of the yard sale without redistribution, 300 rounds", "dividends/wealth: Gini of the yard sale, χ = 0.04 > ζ = 0.02"],
  },
  {
    name: "yard sale: redistribution at rate χβ per round instead of χβ²",
    modules: patched("dividends", {
      yardSaleRound: (w, p, mean, rng, order) => D.yardSaleRound(w, { ...p, chi: p.chi / p.beta }, mean, rng, order),
    }),
    cases: ["dividends/wealth: Gini of the yard sale, χ = 0.04 > ζ = 0.02", "dividends/wealth: richest share of the yard sale, ζ = 0.06 > χ = 0.02"],
  },
  {
    name: "platform growth: attachment in proportion to size, whatever γ",
    modules: patched("dividends", { addUser: (market, p, rng) => D.addUser(market, { ...p, gamma: 1 }, rng) }),
    cases: ["dividends/platform-growth: leader's share at γ = 1.5", "dividends/platform-growth: leader's share at γ = 0.5"],
  },
  {
    name: "dividend economy: platforms' income does not add to their pull (every rule moves users like flat)",
    modules: patched("dividends", { dividendPeriod: (e, p, rng) => D.dividendPeriod(e, { ...p, rule: "flat" }, rng) }),
    cases: ["dividends/sharing: leader's share after 150 periods (winner keeps, γ = 0.9)"],
  },
  {
    name: "public goods: a contributor pays the cost once, not in each of its five groups",
    modules: patched("commons", {
      playerPayoff(x, s, counts, network, game, group) {
        const contributes = s === P.COOPERATOR || s === P.MORALIST;
        const groups = network.indptr[x + 1] - network.indptr[x] + 1;
        return P.playerPayoff(x, s, counts, network, game, group) + (contributes ? groups - 1 : 0);
      },
    }),
    cases: ["commons/spatial: cooperator fraction at r = 4.0", "commons/spatial: cooperator fraction at r = 4.5"],
  },
  {
    name: "public goods: imitation probability with the payoff difference reversed",
    modules: patched("commons", {
      fermiStep: (state, game, rng, payoff) => P.fermiStep(state, { ...game, noise: -game.noise }, rng, payoff),
    }),
    cases: ["commons/spatial: cooperator fraction at r = 4.0", "commons/spatial: cooperator fraction at r = 4.5"],
  },
  {
    name: "public goods: moralists fine defectors but pay no punishment cost",
    modules: patched("commons", {
      groupPayoff: (s, counts, offset, size, game) => P.groupPayoff(s, counts, offset, size, { ...game, punishCost: 0 }),
    }),
    cases: [
      "commons/spatial: payoffs of all five strategies on a 10 × 10 lattice",
      "commons/governance: contributor fraction with costly peer punishment (r = 3.5, fine 0.4, cost 0.3)",
    ],
  },
  {
    name: "public goods: peer punishment only fines, it is ignored in the dynamics (no sanctions at all)",
    modules: patched("commons", {
      groupPayoff: (s, counts, offset, size, game) => P.groupPayoff(s, counts, offset, size, { ...game, fine: 0, punishCost: 0 }),
    }),
    cases: ["commons/governance: contributor fraction with peer punishment (r = 3.5, fine 0.4, cost 0.05)"],
  },
  {
    name: "well-mixed game: the pot is shared among the contributors only",
    modules: patched("commons", {
      groupPayoff(s, counts, offset, size, game) {
        const pot = counts[offset + 1] + counts[offset + 2];
        const fair = P.groupPayoff(s, counts, offset, size, game);
        if (!pot) return fair;
        const contributes = s === P.COOPERATOR || s === P.MORALIST;
        // contributors get r × pot / pot instead of everyone getting r × pot / G
        return fair - (game.synergy * pot) / size + (contributes ? game.synergy : 0);
      },
    }),
    cases: ["commons/well-mixed: cooperators after 20 generations (r = 5.5, G = 5)"],
  },
  {
    name: "Schelling: empty cells counted as unlike neighbours (like < w × 8)",
    modules: patched("aggregation", { isUnhappy: (like, occupied, wanted) => like < wanted * 8 }),
    cases: [
      "aggregation/schelling: share of like neighbours when content (w = 0.3, density 0.9)",
      "aggregation/schelling: ticks until content (w = 0.3, density 0.9)",
    ],
  },
  {
    name: "Holme–Newman: a rewired tie goes to anyone, not to someone of the same opinion",
    modules: patched("aggregation", {
      holmeNewmanUpdate(s, phi, rng) {
        const i = rng.int(s.n);
        const ties = s.incident[i];
        if (ties.length === 0 || rng.random() >= phi) {
          // adopting as in the right rule (undo the draw we used: rerun it from scratch)
          return ties.length === 0 ? s : adoptNeighbour(s, i, rng);
        }
        const e = ties[rng.int(ties.length)];
        let fresh;
        do fresh = rng.int(s.n);
        while (fresh === i);
        const far = s.a[e] === i ? s.b[e] : s.a[e];
        const list = s.incident[far];
        list.splice(list.indexOf(e), 1);
        s.incident[fresh].push(e);
        s.a[e] = i;
        s.b[e] = fresh;
        s.discordant = 0;
        for (let f = 0; f < s.a.length; f += 1) if (s.opinions[s.a[f]] !== s.opinions[s.b[f]]) s.discordant += 1;
        return s;
      },
    }),
    cases: ["aggregation/coevolving: largest community at consensus (φ = 0.7, N = 150)"],
  },
  {
    name: "Watts: the node itself counted among its contacts (share = adopters / (k + 1))",
    modules: patched("spreading", { fractionalThresholdStep: (a, net, phi) => thresholdRound((c, k) => k > 0 && c / (k + 1) >= phi)(a, net) }),
    cases: [
      "spreading/cascade: adoption rounds of one cascade (ER, N = 400, z = 4, φ = 0.18)",
      "spreading/cascade: share of random seeds that cascade beyond 10 % (ER, N = 400, z = 4, φ = 0.18)",
    ],
  },
  {
    name: "complex contagion: more than m adopting contacts needed (> instead of ≥)",
    modules: patched("spreading", { countThresholdStep: (a, net, m) => thresholdRound((c) => c > m)(a, net) }),
    cases: [
      "spreading/complex-contagion: adoption rounds on a rewired ring (m = 2, p = 0.2)",
      "spreading/complex-contagion: final share, m = 2, ring N = 200, k = 8, p = 1",
    ],
  },
  {
    name: "Watts–Strogatz: rewiring probability halved (each end rewired with p/2)",
    modules: patched("spreading", { wattsStrogatz: (n, k, p, rng) => S.wattsStrogatz(n, k, p / 2, rng) }),
    cases: [
      "spreading/complex-contagion: final share, m = 3, ring N = 200, k = 8, p = 0.2",
      "spreading/complex-contagion: final share, m = 3, ring N = 200, k = 8, p = 0.5",
    ],
  },
  {
    name: "Watts's window: vulnerable only if k < 1/φ (strict)",
    modules: patched("spreading", {
      cascadeProbability(z, phi) {
        // the right formula with φ nudged so that k = 1/φ exactly no longer counts
        return S.cascadeProbability(z, phi * (1 + 1e-9) + 1e-12);
      },
    }),
    cases: ["spreading/cascade: Watts's cascade probability (generating functions)"],
  },
  {
    name: "reputation: the observer judges by the donor's own reputation, not the recipient's",
    modules: patched("trust", {
      reputationStep(s, norm, { e, mu, b, c }, rng) {
        const n = s.strategies.length;
        const donor = Math.floor(rng.random() * n);
        let recipient = Math.floor(rng.random() * (n - 1));
        if (recipient >= donor) recipient += 1;
        const u2 = rng.random();
        const u3 = rng.random();
        const strategy = s.strategies[donor];
        const intends = strategy === T.ALLC || (strategy === T.DISC && s.reputations[recipient] === 1);
        const action = intends && u2 >= e ? 1 : 0;
        const verdict = norm[action][s.reputations[donor]]; // the slip: donor instead of recipient
        s.reputations[donor] = u3 < mu ? 1 - verdict : verdict;
        s.payoff[donor] -= c * action;
        s.payoff[recipient] += b * action;
        return action;
      },
    }),
    cases: ["trust/reputation: good reputations, discriminators, image scoring (e = 0.02, μ = 0.01)", "trust/reputation: good reputations, 20 % ALLD, 20 % ALLC, simple standing"],
  },
  {
    name: "reputation: no assessment error (μ ignored)",
    modules: patched("trust", { reputationStep: (s, norm, params, rng) => T.reputationStep(s, norm, { ...params, mu: 0 }, rng) }),
    cases: ["trust/reputation: good reputations, discriminators, stern judging (e = 0.02, μ = 0.01)"],
  },
  {
    name: "reputation closed form: execution and assessment errors swapped",
    modules: patched("trust", { reputationEquilibrium: (x, norm, { e, mu, b, c }) => T.reputationEquilibrium(x, norm, { e: mu, mu: e, b, c }) }),
    cases: ["trust/reputation: stationary reputations in closed form (every norm)"],
  },
  {
    name: "naming game: on agreement only the listener drops the other word",
    modules: patched("trust", {
      namingGameStep(states, committed, rng) {
        const n = states.length;
        const speaker = Math.floor(rng.random() * n);
        let listener = Math.floor(rng.random() * (n - 1));
        if (listener >= speaker) listener += 1;
        const u = rng.random();
        const word = states[speaker] !== T.WORD_AB ? states[speaker] : u < 0.5 ? T.WORD_A : T.WORD_B;
        if (committed[listener]) return;
        states[listener] = states[listener] === word || states[listener] === T.WORD_AB ? word : T.WORD_AB;
      },
    }),
    cases: [
      "trust/committed-minority: interactions per agent to consensus on A (p = 0.16, N = 300)",
      "trust/committed-minority: share holding both words after 20 N interactions (p = 0.06, N = 300)",
    ],
  },
  {
    name: "Gini: normalised by n − 1 instead of n",
    modules: patched("stats", {
      gini: (values) => (MODULES.stats.gini(values) * values.length) / (values.length - 1),
    }),
    cases: ["measures: Gini, Lorenz curve and top-10 % share"],
  },
  {
    name: "Pareto draws by inversion with exponent −α instead of −1/α",
    modules: patched("measures", { paretoDraw: (alpha, rng) => (1 - rng.random()) ** -alpha }),
    cases: ["measures/lorenz-sample: Gini of a Pareto sample (α = 1.5, n = 1000)"],
  },
];

/** The adopt branch of Holme & Newman's update (for the rewiring mutant). */
function adoptNeighbour(s, i, rng) {
  const ties = s.incident[i];
  const e = ties[rng.int(ties.length)];
  const g = s.opinions[i];
  const adopted = s.opinions[s.a[e] === i ? s.b[e] : s.a[e]];
  if (adopted !== g) {
    for (const f of ties) {
      const other = s.opinions[s.a[f] === i ? s.b[f] : s.a[f]];
      s.discordant += (other !== adopted ? 1 : 0) - (other !== g ? 1 : 0);
    }
    s.count[g] -= 1;
    s.count[adopted] += 1;
    s.opinions[i] = adopted;
  }
  return s;
}

const byId = new Map([...REFERENCE.statistics, ...REFERENCE.exact].map((c) => [c.id, c]));

for (const mutant of MUTANTS) {
  test(`mutant fails docking: ${mutant.name}`, () => {
    const outcomes = mutant.cases.map((id) => {
      const reference = byId.get(id);
      assert.ok(reference, `mutant ${mutant.name}: no docking case ${id}`);
      const result = reference.python ? dock(reference, mutant.modules) : checkExact(reference, mutant.modules);
      return result;
    });
    assert.ok(
      outcomes.some((o) => !o.ok),
      `the docking tests cannot tell this wrong rule from the right one — ${mutant.name}:\n  ` + outcomes.map((o) => o.message).join("\n  "),
    );
  });
}
