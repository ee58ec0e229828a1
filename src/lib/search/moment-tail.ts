/** Marks a moment written whole (two words) because its difference from the one before does not fit. */
const ESCAPE = -0x80000000;
const WORD = 2 ** 32;
/** Moments kept as plain numbers before the rest are packed: most tokens of a real vocabulary stay below. */
const FEW = 32;

/**
 * Moments added to a token since its list was last read, in the order they came. A long import holds up
 * to SEARCH_MEMORY's budget of them (millions); as doubles in an array they took ~10 bytes each. Past the
 * first few, they are packed as 32-bit differences from the one before: a token's moments come nearly in
 * time order within a file, so nearly all differences fit (about 24 days); one that does not is written
 * whole. ~7 bytes a moment in all, against ~10 (bench/README.md, "Heap at 1M, round five").
 */
export class MomentTail {
  private few: number[] = [];
  private packed: Int32Array | null = null;
  private words = 0;
  private count = 0;
  private last = 0;

  get length(): number {
    return this.few.length + this.count;
  }

  push(moment: number): void {
    if (this.few.length < FEW) {
      this.few.push(moment);
      return;
    }
    const difference = moment - this.last;
    this.last = moment;
    this.count++;
    if (difference > ESCAPE && difference <= 0x7fffffff) this.put(difference);
    else {
      this.put(ESCAPE);
      this.put(Math.floor(moment / WORD));
      this.put(moment % WORD | 0);
    }
  }

  /** Every moment (in no particular order), leaving the tail empty. */
  take(): number[] {
    const out = this.few;
    let last = 0;
    for (let i = 0; i < this.words; ) {
      const word = this.packed![i++];
      if (word === ESCAPE) last = this.packed![i++] * WORD + (this.packed![i++] >>> 0);
      else last += word;
      out.push(last);
    }
    this.clear();
    return out;
  }

  clear(): void {
    this.few = [];
    this.packed = null;
    this.words = 0;
    this.count = 0;
    this.last = 0;
  }

  private put(word: number): void {
    if (!this.packed || this.words === this.packed.length) {
      const grown = new Int32Array(this.packed ? this.packed.length * 2 : 64);
      if (this.packed) grown.set(this.packed);
      this.packed = grown;
    }
    this.packed[this.words++] = word;
  }
}
