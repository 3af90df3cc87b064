/**
 * Counter-based random numbers: every draw is a pure function of (key, counter),
 * so a stream keyed by (seed, sampleId, variant) can be regenerated on its own,
 * in any order, in a worker or in Node, and gives the same numbers everywhere.
 */

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string (FNV-1a over UTF-16 code units, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines key parts (numbers or strings) into one 32-bit key. */
export function hashKey(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const v = typeof part === 'string' ? hashString(part) : fmix32(part >>> 0) ^ fmix32(Math.floor(part / 2 ** 32) >>> 0);
    h = fmix32((h ^ v) + 0x6a09e667 + (h << 6) + (h >>> 2));
  }
  return h >>> 0;
}

export class CounterRng {
  private counter = 0;
  readonly key: number;

  constructor(...keyParts: Array<number | string>) {
    this.key = hashKey(...keyParts);
  }

  /** Raw 32-bit output for the next counter value. */
  nextUint32(): number {
    const c = this.counter++;
    return fmix32(fmix32(this.key ^ Math.imul(c + 1, 0x9e3779b9)) + c);
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller). */
  normal(mean = 0, std = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** A new Fisher–Yates shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** An independent child stream, e.g. one per transform in a pipeline. */
  fork(...parts: Array<number | string>): CounterRng {
    return new CounterRng(this.key, ...parts);
  }
}
