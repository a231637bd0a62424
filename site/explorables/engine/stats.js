// Measures shared by the models, the panels and the docking tests (pure functions, no DOM).
// Each follows the definition in src/socmodels/measures.py, so the numbers a panel shows are
// the numbers the book's figures report.

/** Arithmetic mean (NaN for an empty list). */
export function mean(values) {
  let total = 0;
  for (let i = 0; i < values.length; i += 1) total += values[i];
  return total / values.length;
}

/** Mean and standard error of the mean of a list of numbers (sample standard deviation). */
export function meanAndError(values) {
  const n = values.length;
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < n; i += 1) squares += (values[i] - m) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean: m, se: n > 0 ? sd / Math.sqrt(n) : NaN, n };
}

/** Sorted copy (ascending) as a Float64Array. */
export function sortedCopy(values) {
  return Float64Array.from(values).sort();
}

/**
 * Gini coefficient, G = 2 Σ i x_(i) / (n Σ x) − (n + 1)/n with x sorted ascending
 * (socmodels.measures.gini); 0 if the total is 0.
 */
export function gini(values) {
  const x = sortedCopy(values);
  const n = x.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i += 1) {
    total += x[i];
    weighted += (i + 1) * x[i];
  }
  if (!(total > 0)) return 0;
  return Math.max((2 * weighted) / (n * total) - (n + 1) / n, 0);
}

/**
 * Lorenz curve: `{population, share}`, both of length n + 1 from 0 to 1
 * (socmodels.measures.lorenz_curve).
 */
export function lorenz(values) {
  const x = sortedCopy(values);
  const n = x.length;
  const population = new Float64Array(n + 1);
  const share = new Float64Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i += 1) total += x[i];
  let running = 0;
  for (let i = 0; i < n; i += 1) {
    running += x[i];
    population[i + 1] = (i + 1) / n;
    share[i + 1] = total > 0 ? running / total : (i + 1) / n;
  }
  return { population, share };
}

/** Share of the total held by the largest value. */
export function largestShare(values) {
  let total = 0;
  let largest = 0;
  for (let i = 0; i < values.length; i += 1) {
    total += values[i];
    if (values[i] > largest) largest = values[i];
  }
  return total > 0 ? largest / total : 0;
}

/** Counts of `values` in `bins` equal bins over [lo, hi] (values outside go to the end bins). */
export function histogram(values, lo, hi, bins, out = new Float64Array(bins)) {
  out.fill(0);
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i += 1) {
    let b = Math.floor((values[i] - lo) * scale);
    if (b < 0) b = 0;
    else if (b >= bins) b = bins - 1;
    out[b] += 1;
  }
  return out;
}

/**
 * Opinion clusters: sorted opinions split wherever consecutive values differ by more than
 * `gap`; returns the cluster sizes in increasing order of opinion
 * (socmodels.consensus.opinion_clusters).
 */
export function clusterSizes(values, gap = 1e-3) {
  const x = sortedCopy(values);
  const sizes = [];
  let start = 0;
  for (let i = 1; i <= x.length; i += 1) {
    if (i === x.length || x[i] - x[i - 1] > gap) {
      sizes.push(i - start);
      start = i;
    }
  }
  return sizes;
}

/** Clusters holding at least `minFraction` of the agents (bounded_confidence_sweep's rule). */
export function majorClusters(values, { gap = 1e-3, minFraction = 0.05 } = {}) {
  const n = values.length;
  return clusterSizes(values, gap).filter((size) => size / n >= minFraction).length;
}
