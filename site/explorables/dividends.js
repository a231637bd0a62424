// Who gets the digital dividend: ports of the rules in src/socmodels/dividends.py — exchange
// economies (random exchange, the extended yard-sale model), platform growth by nonlinear
// preferential attachment with entry, and the dividend economy with its sharing rules.
//
// Pure model functions (state in, state out, a seeded PRNG passed in), then the `explorables`
// the engine mounts. Docked against the Python models by test/docking.test.js.

import { gini, largestShare } from "./engine/stats.js";
import { PALETTE } from "./engine/palette.js";

// --------------------------------------------------------------------------- exchange economies

/** A uniformly random perfect matching: agent order[p] meets order[half + p]. */
function shuffled(order, rng) {
  return rng.shuffle(order);
}

/**
 * One round of random exchange (Drăgulescu & Yakovenko 2000) on a fresh random perfect
 * matching: each pair pools its wealth and splits it at a uniform random point
 * (dividends.random_exchange's schedule of disjoint-pair batches). In place.
 */
export function randomExchangeRound(w, rng, order) {
  shuffled(order, rng);
  const half = w.length >> 1;
  for (let p = 0; p < half; p += 1) {
    const i = order[p];
    const j = order[half + p];
    const pooled = w[i] + w[j];
    const split = rng.random() * pooled;
    w[i] = split;
    w[j] = pooled - split;
  }
  return w;
}

/**
 * One round of the extended yard-sale model (Boghosian et al. 2017; dividends.yard_sale):
 * each pair of a random perfect matching trades Δw = β min(w_i, w_j), i winning with
 * probability (1 + η)/2, η = ζ β (w_i − w_j)/w̄ (clipped); then everyone relaxes towards the
 * mean, w ← w + χ β² (w̄ − w). Returns the number of trades whose bias was clipped.
 */
export function yardSaleRound(w, { beta, chi = 0, zeta = 0 }, meanWealth, rng, order) {
  shuffled(order, rng);
  const half = w.length >> 1;
  const biasScale = (zeta * beta) / meanWealth;
  let clipped = 0;
  for (let p = 0; p < half; p += 1) {
    const i = order[p];
    const j = order[half + p];
    const wi = w[i];
    const wj = w[j];
    const stake = beta * Math.min(wi, wj);
    let firstWins;
    if (biasScale > 0) {
      const eta = biasScale * (wi - wj);
      if (Math.abs(eta) > 1) clipped += 1;
      firstWins = rng.random() < 0.5 * (1 + eta);
    } else firstWins = rng.random() < 0.5;
    const transfer = firstWins ? stake : -stake;
    w[i] = wi + transfer;
    w[j] = wj - transfer;
  }
  const relax = chi * beta * beta;
  if (relax > 0) {
    for (let k = 0; k < w.length; k += 1) w[k] = w[k] * (1 - relax) + relax * meanWealth;
  }
  return clipped;
}

// --------------------------------------------------------------------------- platform growth

/**
 * A platform market grown one user at a time (dividends.platform_growth): with probability α
 * the user founds a new platform, otherwise joins platform k with probability
 * s_k^γ / Σ_j s_j^γ. Sampling by a Fenwick tree over s^γ (O(log n) per user).
 */
export function createMarket(capacity) {
  const sizes = new Float64Array(capacity);
  const tree = new Float64Array(capacity + 1);
  sizes[0] = 1;
  const market = { sizes, tree, platforms: 1, users: 1, total: 0, leader: 1, gamma: null };
  return market;
}

function fenwickAdd(tree, index, delta) {
  for (let i = index + 1; i < tree.length; i += i & -i) tree[i] += delta;
}

function fenwickFind(tree, target) {
  let pos = 0;
  let step = 1;
  while (step * 2 < tree.length) step *= 2;
  for (; step > 0; step >>= 1) {
    const next = pos + step;
    if (next < tree.length && tree[next] <= target) {
      pos = next;
      target -= tree[next];
    }
  }
  return pos;
}

/** (Re)build the attachment weights s^γ (after a change of γ). */
export function setGamma(market, gamma) {
  market.tree.fill(0);
  market.total = 0;
  for (let k = 0; k < market.platforms; k += 1) {
    const weight = market.sizes[k] ** gamma;
    fenwickAdd(market.tree, k, weight);
    market.total += weight;
  }
  market.gamma = gamma;
  return market;
}

/** One arriving user. */
export function addUser(market, { gamma, entryProb }, rng) {
  if (market.gamma !== gamma) setGamma(market, gamma);
  if (rng.random() < entryProb) {
    const k = market.platforms;
    market.platforms += 1;
    market.sizes[k] = 1;
    fenwickAdd(market.tree, k, 1);
    market.total += 1;
  } else {
    let k = fenwickFind(market.tree, rng.random() * market.total);
    if (k > market.platforms - 1) k = market.platforms - 1;
    const old = market.sizes[k];
    market.sizes[k] = old + 1;
    const delta = (old + 1) ** gamma - old ** gamma;
    fenwickAdd(market.tree, k, delta);
    market.total += delta;
    if (old + 1 > market.leader) market.leader = old + 1;
  }
  market.users += 1;
  return market;
}

// --------------------------------------------------------------------------- sharing the dividend

export const SHARING_RULES = ["winner_keeps", "proportional", "flat", "tax_redistribute"];

/**
 * One period's network dividend and its split (dividends.share_dividend): platform k with s_k
 * of N users creates v_k = s_k (s_k/N)^(a−1); returns `{total, platform, perUser}`.
 */
export function shareDividend(users, rule, { taxRate = 0.5, exponent = 2 } = {}) {
  let n = 0;
  for (const s of users) n += s;
  const value = Float64Array.from(users, (s) => s * (s / n) ** (exponent - 1));
  let total = 0;
  for (const v of value) total += v;
  let platform;
  let toUsers;
  if (rule === "winner_keeps") [platform, toUsers] = [value, 0];
  else if (rule === "proportional") [platform, toUsers] = [Float64Array.from(users, (s) => (total * s) / n), 0];
  else if (rule === "flat") [platform, toUsers] = [new Float64Array(users.length), total];
  else if (rule === "tax_redistribute") [platform, toUsers] = [Float64Array.from(value, (v) => (1 - taxRate) * v), taxRate * total];
  else throw new RangeError(`rule must be one of ${SHARING_RULES.join(", ")}, got ${rule}`);
  return { total, platform, perUser: toUsers / n };
}

/**
 * One period of the dividend economy (dividends.dividend_economy): split the dividend; each
 * platform's pull is A_k = (s_k + p_k)^γ; each user reconsiders with probability `switchRate`
 * and picks platform k with probability A_k / Σ A (a platform with A_k = 0 is gone).
 * Mutates `economy` ({users, platformIncome, userIncome, dividends}).
 */
export function dividendPeriod(economy, { rule, gamma, taxRate = 0.5, switchRate = 0.1, exponent = 2 }, rng) {
  const { users } = economy;
  const split = shareDividend(users, rule, { taxRate, exponent });
  economy.dividends += split.total;
  economy.userIncome += split.perUser;
  economy.paidToUsers += split.perUser * economy.n;
  const m = users.length;
  const attract = new Float64Array(m);
  let total = 0;
  for (let k = 0; k < m; k += 1) {
    economy.platformIncome[k] += split.platform[k];
    const pull = users[k] + split.platform[k];
    attract[k] = pull > 0 ? pull ** gamma : 0;
    total += attract[k];
  }
  let movers = 0;
  for (let k = 0; k < m; k += 1) {
    let leaving = 0;
    for (let u = 0; u < users[k]; u += 1) if (rng.random() < switchRate) leaving += 1;
    users[k] -= leaving;
    movers += leaving;
  }
  for (let q = 0; q < movers; q += 1) {
    let target = rng.random() * total;
    let k = 0;
    while (k < m - 1 && (target >= attract[k] || attract[k] === 0)) {
      target -= attract[k];
      k += 1;
    }
    while (attract[k] === 0 && k > 0) k -= 1;
    users[k] += 1;
  }
  return economy;
}

/** A neutral market: n users spread as evenly as possible over m platforms. */
export function createEconomy(n, m) {
  const users = new Float64Array(m).fill(Math.floor(n / m));
  for (let k = 0; k < n % m; k += 1) users[k] += 1;
  return { n, users, platformIncome: new Float64Array(m), userIncome: 0, dividends: 0, paidToUsers: 0 };
}

// --------------------------------------------------------------------------- explorables

const wealth = {
  id: "dividends/wealth",
  title: "Exchange economies: fair trades, a yard sale, and redistribution",
  params: [
    {
      name: "rule",
      label: "Trading rule",
      options: [
        { value: "yard_sale", label: "yard sale (stake β × poorer's wealth)" },
        { value: "random", label: "random exchange (split the pair's wealth)" },
      ],
      value: "yard_sale",
      live: true,
    },
    { name: "beta", label: "Trade fraction β", min: 0.05, max: 0.5, step: 0.05, value: 0.3, live: true },
    { name: "chi", label: "Redistribution χ", min: 0, max: 0.1, step: 0.005, value: 0.04, live: true },
    { name: "zeta", label: "Wealth-attained advantage ζ", min: 0, max: 0.1, step: 0.005, value: 0.02, live: true },
    { name: "n", label: "Agents N (restarts)", min: 50, max: 2000, step: 50, value: 100 },
  ],
  speed: { label: "Rounds per frame", values: [0.2, 1, 2, 5, 20, 50], value: 5 },
  timeLabel: "rounds (N/2 trades each)",
  init: (p) => ({ w: new Float64Array(p.n).fill(1), order: Array.from({ length: p.n }, (_, i) => i) }),
  step(s, p, rng) {
    if (p.rule === "random") randomExchangeRound(s.w, rng, s.order);
    else yardSaleRound(s.w, p, 1, rng, s.order);
    return s;
  },
  panels: [
    {
      kind: "lorenz",
      title: "Lorenz curve of wealth",
      values: (s) => s.w,
      label: "Lorenz curve of wealth now: the share of all wealth held by the poorest people, against the diagonal of perfect equality.",
    },
    {
      kind: "series",
      title: "Inequality over time",
      series: [
        { key: "gini", label: "Gini coefficient", color: PALETTE[0] },
        { key: "richest", label: "richest agent's share", color: PALETTE[3] },
      ],
      references: [{ label: "Gini of the exponential law (1/2)", color: PALETTE[7], value: () => 0.5 }],
      y: [0, 1],
      window: 500,
      observe: (s) => ({ gini: gini(s.w), richest: largestShare(s.w) }),
      label: "Gini coefficient and the richest agent's share of all wealth over time.",
    },
  ],
  summary: (s, p, t) =>
    `Round ${t}: Gini ${gini(s.w).toFixed(3)}; the richest agent holds ${Math.round(100 * largestShare(s.w))} % of all wealth.`,
};

const growth = {
  id: "dividends/platform-growth",
  title: "Rich get richer: users join platforms in proportion to size^γ",
  params: [
    { name: "gamma", label: "Attachment exponent γ", min: 0, max: 2, step: 0.05, value: 1, live: true },
    { name: "entryProb", label: "Entry probability α", min: 0, max: 0.5, step: 0.01, value: 0.1, live: true },
    { name: "users", label: "Users (restarts)", min: 1000, max: 200000, step: 1000, value: 20000 },
  ],
  speed: { label: "Users per frame", values: [1, 5, 20, 100, 500, 2000], value: 20 },
  recordEvery: () => 20,
  time: (steps) => steps + 1,
  timeLabel: "users",
  init: (p) => ({ market: createMarket(p.users) }),
  step(s, p, rng) {
    addUser(s.market, p, rng);
    return s;
  },
  finished: (s, p) => (s.market.users >= p.users ? `all ${p.users} users have arrived` : null),
  panels: [
    {
      kind: "bars",
      title: "The 20 largest platforms",
      values: (s) => Array.from(s.market.sizes.subarray(0, s.market.platforms), (v) => v / s.market.users),
      sort: true,
      count: 20,
      y: [0, 1],
      xlabel: "platforms by size",
      ylabel: "share of users",
      label: "Bar chart of the shares of users of the twenty largest platforms.",
    },
    {
      kind: "series",
      title: "Leader's share",
      series: [{ key: "leader", label: "largest platform's share of users", color: PALETTE[0] }],
      y: [0, 1],
      window: 1000,
      observe: (s) => ({ leader: s.market.leader / s.market.users }),
      label: "Share of all users held by the largest platform, as users arrive.",
    },
  ],
  summary: (s) =>
    `${s.market.users} users on ${s.market.platforms} platforms; the largest holds ${Math.round((100 * s.market.leader) / s.market.users)} %.`,
};

const RULE_LABELS = {
  winner_keeps: "winner keeps its value",
  proportional: "pooled, shared by users' shares",
  flat: "paid out to users equally",
  tax_redistribute: "taxed at τ, paid to users",
};

const sharing = {
  id: "dividends/sharing",
  title: "Platforms reinvest their share of the network dividend",
  params: [
    { name: "rule", label: "Sharing rule", options: SHARING_RULES.map((r) => ({ value: r, label: RULE_LABELS[r] })), value: "winner_keeps", live: true },
    { name: "gamma", label: "Attachment exponent γ", min: 0.5, max: 1.5, step: 0.05, value: 1, live: true },
    { name: "taxRate", label: "Tax rate τ", min: 0, max: 1, step: 0.05, value: 0.5, live: true },
    { name: "switchRate", label: "Users reconsidering per period", min: 0.01, max: 0.5, step: 0.01, value: 0.1, live: true },
  ],
  speed: { label: "Periods per frame", values: [0.1, 0.25, 0.5, 1, 2, 5], value: 1 },
  timeLabel: "periods",
  init: () => createEconomy(10000, 20),
  step: (s, p, rng) => dividendPeriod(s, p, rng),
  panels: [
    {
      kind: "bars",
      title: "Users of each platform",
      values: (s) => Array.from(s.users, (u) => u / s.n),
      count: 20,
      y: [0, 1],
      colors: [PALETTE[0], PALETTE[9]],
      xlabel: "platform",
      ylabel: "share of users",
      label: "Bar chart of the share of users of each of the twenty platforms.",
    },
    {
      kind: "series",
      title: "Concentration and who is paid",
      series: [
        { key: "leader", label: "leader's share of users", color: PALETTE[0] },
        { key: "users", label: "users' share of the dividend so far", color: PALETTE[2] },
      ],
      y: [0, 1],
      window: 100,
      observe: (s) => ({ leader: Math.max(...s.users) / s.n, users: s.dividends > 0 ? s.paidToUsers / s.dividends : 0 }),
      label: "The largest platform's share of users, and the share of the dividend paid to users so far, over time.",
    },
  ],
  summary: (s, p, t) => {
    const alive = s.users.filter((u) => u > 0).length;
    const share = s.dividends > 0 ? s.paidToUsers / s.dividends : 0;
    return `Period ${t}: the largest platform has ${Math.round((100 * Math.max(...s.users)) / s.n)} % of users; ${alive} platforms have users; users received ${Math.round(100 * share)} % of the dividend.`;
  },
};

export const explorables = { wealth, "platform-growth": growth, sharing };
