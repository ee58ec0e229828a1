/** Deterministic randomness for the synthetic data sets: mulberry32 and small helpers on top of it. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Zipf-like pick: low indexes are much more frequent (a few close contacts get most messages). */
  skewed<T>(items: readonly T[], power = 2.2): T {
    return items[Math.min(items.length - 1, Math.floor(Math.pow(this.next(), power) * items.length))];
  }
  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + this.int(0, 9));
    return s;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = (this.next() * 4294967296) >>> 0;
      out[i] = v & 255;
      if (i + 1 < n) out[i + 1] = (v >>> 8) & 255;
      if (i + 2 < n) out[i + 2] = (v >>> 16) & 255;
      if (i + 3 < n) out[i + 3] = v >>> 24;
    }
    return out;
  }
}
