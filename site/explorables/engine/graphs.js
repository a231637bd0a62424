// Networks for the explorables: builders and measures over plain typed arrays (no DOM).
//
// A network is in compressed sparse row form, `{n, indptr, indices}` (node a's neighbours are
// `indices[indptr[a] .. indptr[a + 1] - 1]`, each undirected tie stored at both ends), the
// layout of scipy's CSR adjacency in src/socmodels/networks.py. Builders draw from the PRNG
// they are given and follow the same probability laws as the Python builders.

/** Symmetric CSR network from undirected edge lists `u`, `v` (no duplicates, no loops). */
export function fromEdges(n, u, v) {
  const degree = new Int32Array(n);
  for (let e = 0; e < u.length; e += 1) {
    degree[u[e]] += 1;
    degree[v[e]] += 1;
  }
  const indptr = new Int32Array(n + 1);
  for (let a = 0; a < n; a += 1) indptr[a + 1] = indptr[a] + degree[a];
  const fill = indptr.slice(0, n);
  const indices = new Int32Array(indptr[n]);
  for (let e = 0; e < u.length; e += 1) {
    indices[fill[u[e]]++] = v[e];
    indices[fill[v[e]]++] = u[e];
  }
  // Sorted neighbour lists, as scipy's canonical CSR (so walks over them match).
  for (let a = 0; a < n; a += 1) {
    indices.subarray(indptr[a], indptr[a + 1]).sort();
  }
  return { n, indptr, indices };
}

/** Each undirected edge once, lower end first: `{u, v}`. */
export function edgeList(network) {
  const { n, indptr, indices } = network;
  const u = [];
  const v = [];
  for (let a = 0; a < n; a += 1) {
    for (let k = indptr[a]; k < indptr[a + 1]; k += 1) {
      if (indices[k] > a) {
        u.push(a);
        v.push(indices[k]);
      }
    }
  }
  return { u: Int32Array.from(u), v: Int32Array.from(v) };
}

/** Degrees of a CSR network. */
export function degrees(network) {
  const out = new Int32Array(network.n);
  for (let a = 0; a < network.n; a += 1) out[a] = network.indptr[a + 1] - network.indptr[a];
  return out;
}

/**
 * Pairs (i, j), i < j < n, each included independently with probability p, by geometric
 * skipping over the n(n−1)/2 pairs (Batagelj & Brandes 2005): the G(n, p) law of
 * socmodels.networks.erdos_renyi in time proportional to the number of edges. `offset` and
 * `other` let the same routine draw a block between two groups (see corePeriphery).
 */
function bernoulliPairs(n, p, rng, u, v, shift = 0) {
  if (p <= 0 || n < 2) return;
  if (p >= 1) {
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        u.push(i + shift);
        v.push(j + shift);
      }
    }
    return;
  }
  const logq = Math.log(1 - p);
  let i = 1;
  let j = -1;
  for (;;) {
    j += 1 + Math.floor(Math.log(1 - rng.random()) / logq);
    while (j >= i && i < n) {
      j -= i;
      i += 1;
    }
    if (i >= n) return;
    u.push(j + shift);
    v.push(i + shift);
  }
}

function bernoulliBlock(rows, cols, p, rng, u, v, rowShift, colShift) {
  if (p <= 0) return;
  const total = rows * cols;
  if (p >= 1) {
    for (let k = 0; k < total; k += 1) {
      u.push(rowShift + Math.floor(k / cols));
      v.push(colShift + (k % cols));
    }
    return;
  }
  const logq = Math.log(1 - p);
  let k = -1;
  for (;;) {
    k += 1 + Math.floor(Math.log(1 - rng.random()) / logq);
    if (k >= total) return;
    u.push(rowShift + Math.floor(k / cols));
    v.push(colShift + (k % cols));
  }
}

/** Erdős–Rényi G(n, p) with p = meanDegree / (n − 1). */
export function erdosRenyi(n, meanDegree, rng) {
  const u = [];
  const v = [];
  bernoulliPairs(n, n > 1 ? meanDegree / (n - 1) : 0, rng, u, v);
  return fromEdges(n, u, v);
}

/**
 * Core–periphery network (a two-block stochastic block model; networks.core_periphery):
 * nodes 0 … core−1 are the core; pairs are linked with probability pCore inside the core,
 * pCorePeriphery between core and periphery and pPeriphery inside the periphery.
 */
export function corePeriphery(n, core, { pCore = 1, pCorePeriphery = 0.5, pPeriphery = 0 }, rng) {
  const u = [];
  const v = [];
  bernoulliPairs(core, pCore, rng, u, v, 0);
  bernoulliPairs(n - core, pPeriphery, rng, u, v, core);
  bernoulliBlock(core, n - core, pCorePeriphery, rng, u, v, 0, core);
  return fromEdges(n, u, v);
}

/** side × side torus with von Neumann neighbours; node (row, col) is row * side + col. */
export function squareLattice(side) {
  const u = [];
  const v = [];
  for (let row = 0; row < side; row += 1) {
    for (let col = 0; col < side; col += 1) {
      const node = row * side + col;
      u.push(node, node);
      v.push(row * side + ((col + 1) % side), ((row + 1) % side) * side + col);
    }
  }
  return fromEdges(side * side, u, v);
}

/** Union–find with path halving over n nodes. */
export function unionFind(n) {
  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i += 1) parent[i] = i;
  let largest = n > 0 ? 1 : 0;
  function find(x) {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  return {
    find,
    union(a, b) {
      let ra = find(a);
      let rb = find(b);
      if (ra === rb) return false;
      if (size[ra] < size[rb]) [ra, rb] = [rb, ra];
      parent[rb] = ra;
      size[ra] += size[rb];
      if (size[ra] > largest) largest = size[ra];
      return true;
    },
    get largest() {
      return largest;
    },
    size: (x) => size[find(x)],
  };
}

/** Share of nodes in the largest connected component of a CSR network. */
export function giantFraction(network) {
  const uf = unionFind(network.n);
  const { n, indptr, indices } = network;
  for (let a = 0; a < n; a += 1) {
    for (let k = indptr[a]; k < indptr[a + 1]; k += 1) uf.union(a, indices[k]);
  }
  return n > 0 ? uf.largest / n : 0;
}

/**
 * A spring layout (Fruchterman–Reingold, with cooling) of a CSR network in the unit square,
 * computed once: `Float64Array` of x, y pairs. Deterministic given the PRNG.
 */
export function springLayout(network, rng, { iterations = 120 } = {}) {
  const { n, indptr, indices } = network;
  const pos = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i += 1) pos[i] = rng.random();
  const shift = new Float64Array(2 * n);
  const k = Math.sqrt(1 / Math.max(n, 1));
  let temperature = 0.1;
  for (let it = 0; it < iterations; it += 1) {
    relaxOnce(n, indptr, indices, pos, shift, k, temperature);
    temperature *= 0.97;
  }
  return normalise(pos);
}

/** One Fruchterman–Reingold iteration, in place (used by the relaxing network panel too). */
export function relaxOnce(n, indptr, indices, pos, shift, k, temperature) {
  shift.fill(0);
  const k2 = k * k;
  for (let i = 0; i < n; i += 1) {
    const xi = pos[2 * i];
    const yi = pos[2 * i + 1];
    for (let j = i + 1; j < n; j += 1) {
      const dx = xi - pos[2 * j];
      const dy = yi - pos[2 * j + 1];
      const d2 = dx * dx + dy * dy + 1e-9;
      const f = k2 / d2;
      shift[2 * i] += dx * f;
      shift[2 * i + 1] += dy * f;
      shift[2 * j] -= dx * f;
      shift[2 * j + 1] -= dy * f;
    }
    for (let q = indptr[i]; q < indptr[i + 1]; q += 1) {
      const j = indices[q];
      const dx = xi - pos[2 * j];
      const dy = yi - pos[2 * j + 1];
      const d = Math.sqrt(dx * dx + dy * dy) + 1e-9;
      const f = d / k;
      shift[2 * i] -= dx * f;
      shift[2 * i + 1] -= dy * f;
    }
  }
  for (let i = 0; i < n; i += 1) {
    // A pull to the centre keeps small components and isolated nodes near the rest.
    shift[2 * i] += (0.5 - pos[2 * i]) * 2;
    shift[2 * i + 1] += (0.5 - pos[2 * i + 1]) * 2;
    const dx = shift[2 * i];
    const dy = shift[2 * i + 1];
    const d = Math.sqrt(dx * dx + dy * dy) + 1e-12;
    const step = Math.min(d, temperature);
    pos[2 * i] += (dx / d) * step;
    pos[2 * i + 1] += (dy / d) * step;
  }
}

/**
 * Rescale x, y pairs into [0.03, 0.97]² keeping the aspect ratio (in place). The frame is set
 * by the 2nd and 98th percentiles, and the few nodes beyond are drawn at its edge, so that a
 * straggler does not shrink the rest of the picture.
 */
export function normalise(pos) {
  const n = pos.length / 2;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    xs[i] = pos[2 * i];
    ys[i] = pos[2 * i + 1];
  }
  xs.sort();
  ys.sort();
  const lo = Math.floor(0.02 * (n - 1));
  const hi = Math.ceil(0.98 * (n - 1));
  const [minX, maxX, minY, maxY] = [xs[lo], xs[hi], ys[lo], ys[hi]];
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const ox = (span - (maxX - minX)) / 2;
  const oy = (span - (maxY - minY)) / 2;
  const clamp = (v) => Math.min(Math.max(v, 0), 1);
  for (let i = 0; i < pos.length; i += 2) {
    pos[i] = 0.03 + 0.94 * clamp((pos[i] - minX + ox) / span);
    pos[i + 1] = 0.03 + 0.94 * clamp((pos[i + 1] - minY + oy) / span);
  }
  return pos;
}
