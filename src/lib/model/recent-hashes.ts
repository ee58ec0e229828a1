/**
 * How often each 64-bit hash (two 32-bit lanes) was seen among the last `window` added: an open-addressing
 * table in typed arrays, emptied when `window` hashes are in it. A Map keyed by the hash as a number cost
 * ~1 µs a lookup (its keys are heap numbers) and was the largest part of giving an event its id.
 */
export class RecentHashes {
  private highs = new Uint32Array(1024);
  private lows = new Uint32Array(1024);
  /** 0: an empty slot. */
  private counts = new Uint32Array(1024);
  private size = 0;

  constructor(private readonly window: number) {}

  /** How many times this hash was seen before (within the window); counts this time. */
  bump(high: number, low: number): number {
    let slot = this.slot(high, low);
    const n = this.counts[slot];
    if (this.size >= this.window) {
      this.counts.fill(0);
      this.size = 0;
      slot = this.slot(high, low);
    }
    if (this.counts[slot] === 0) {
      this.highs[slot] = high;
      this.lows[slot] = low;
      this.size++;
    }
    this.counts[slot] = n + 1;
    if (this.size * 2 > this.counts.length) this.grow();
    return n;
  }

  /** The slot holding the hash, or the empty one where it goes. */
  private slot(high: number, low: number): number {
    const mask = this.counts.length - 1;
    let i = low & mask;
    while (this.counts[i] !== 0 && (this.highs[i] !== high || this.lows[i] !== low)) i = (i + 1) & mask;
    return i;
  }

  /** Doubles the table, which is kept at most half full. */
  private grow(): void {
    const { highs, lows, counts } = this;
    const size = counts.length * 2;
    this.highs = new Uint32Array(size);
    this.lows = new Uint32Array(size);
    this.counts = new Uint32Array(size);
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      const slot = this.slot(highs[i], lows[i]);
      this.highs[slot] = highs[i];
      this.lows[slot] = lows[i];
      this.counts[slot] = counts[i];
    }
  }
}
