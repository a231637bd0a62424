// A small seeded pseudo-random number generator for the explorables.
//
// sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, 128-bit state, passes
// PractRand and BigCrush), seeded from one 32-bit integer through splitmix32, so that every
// seed gives a well-mixed, independent-looking stream. The whole state is four uint32
// numbers: cheap to copy, so a run can be restarted exactly ("reset with the same seed").
//
// Models take the generator as an argument and use nothing else (never Math.random): the
// same seed gives the same run in the browser and in `node --test`.

const UINT32 = 2 ** 32;

function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Normalise a seed to an unsigned 32-bit integer (throws on anything else). */
export function checkSeed(seed) {
  const value = Number(seed);
  if (!Number.isInteger(value) || value < 0 || value >= UINT32) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  return value;
}

/**
 * A generator seeded with `seed` (an integer in [0, 2^32)).
 *
 * - `random()`: uniform on [0, 1) with 53 random bits;
 * - `float()`: uniform on [0, 1) with 32 random bits (faster; enough for coin flips);
 * - `int(n)`: uniform integer in [0, n), n <= 2^32 (unbiased, by rejection);
 * - `normal()`: standard normal (Box–Muller);
 * - `exponential()`: standard exponential;
 * - `shuffle(array)`: Fisher–Yates, in place;
 * - `fork()`: an independent generator derived from this one's next outputs.
 */
export function createRng(seed) {
  const mix = splitmix32(checkSeed(seed));
  // The state lives in a typed array: closure variables holding uint32 values above 2^30
  // would be boxed on every update (a heap allocation per random number).
  const s = new Uint32Array([mix(), mix(), mix(), mix()]);
  function next() {
    const t = (s[0] + s[1] + s[3]) >>> 0;
    s[3] += 1;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = s[2] + (s[2] << 3);
    s[2] = ((s[2] << 21) | (s[2] >>> 11)) + t;
    return t;
  }
  // Discard the first outputs, as recommended for sfc32.
  for (let i = 0; i < 12; i += 1) next();
  let spare = null;
  const rng = {
    seed: checkSeed(seed),
    uint32: next,
    float: () => next() / UINT32,
    random: () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992,
    int(n) {
      if (!(n >= 1 && n <= UINT32)) throw new RangeError(`int(n) needs 1 <= n <= 2^32, got ${n}`);
      // Rejection of the top partial block keeps every value equally likely.
      const limit = UINT32 - (UINT32 % n);
      let x = next();
      while (x >= limit) x = next();
      return x % n;
    },
    normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = rng.random();
      const v = rng.random();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    exponential() {
      let u = 0;
      while (u === 0) u = rng.random();
      return -Math.log(u);
    },
    shuffle(array) {
      for (let i = array.length - 1; i > 0; i -= 1) {
        const j = rng.int(i + 1);
        const tmp = array[i];
        array[i] = array[j];
        array[j] = tmp;
      }
      return array;
    },
    fork() {
      return createRng(next());
    },
  };
  return rng;
}

/** A fresh seed for the "new seed" button: from the browser's crypto source if there is one. */
export function freshSeed() {
  const cryptoObject = globalThis.crypto;
  if (cryptoObject && cryptoObject.getRandomValues) {
    const buffer = new Uint32Array(1);
    cryptoObject.getRandomValues(buffer);
    return buffer[0] % 1000000;
  }
  // Only when there is no crypto source at all (never in a current browser or Node).
  return Math.floor(Math.random() * 1000000);
}
