/** Bits per id: with 4 probes, about 1 id in 400 not held is taken for held. */
const BITS_PER_ID = 16;
const PROBES = 4;

/**
 * A Bloom filter of ids: `mightHold` is true for every id added, and for few others. An import asks the id
 * directory only about the ids the filter might hold, instead of reading the whole directory at each batch
 * (its ids are spread evenly over it).
 */
export class IdFilter {
  private readonly bits: Uint32Array;
  private readonly size: number;
  private count = 0;

  /** Holds up to `capacity` ids at its error rate; past that, `full` (it still never misses an id). */
  constructor(readonly capacity: number) {
    this.size = Math.max(32, Math.ceil(capacity * BITS_PER_ID / 32) * 32);
    this.bits = new Uint32Array(this.size / 32);
  }

  /**
   * A filter of the ids of `batches`, with room for `room` times as many (at least `least`); while reading,
   * it keeps 8 bytes an id, not the ids.
   */
  static async of(batches: AsyncIterable<Iterable<string>>, room: number, least: number): Promise<IdFilter> {
    let pairs = new Uint32Array(2048);
    let n = 0;
    for await (const batch of batches) {
      for (const id of batch) {
        if (2 * n === pairs.length) {
          const wider = new Uint32Array(pairs.length * 2);
          wider.set(pairs);
          pairs = wider;
        }
        [pairs[2 * n], pairs[2 * n + 1]] = hashes(id);
        n++;
      }
    }
    const filter = new IdFilter(Math.max(least, room * n));
    for (let i = 0; i < n; i++) filter.addHashes(pairs[2 * i], pairs[2 * i + 1]);
    return filter;
  }

  get full(): boolean {
    return this.count > this.capacity;
  }

  add(id: string): void {
    const [a, b] = hashes(id);
    this.addHashes(a, b);
  }

  private addHashes(a: number, b: number): void {
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) % this.size;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
    this.count++;
  }

  mightHold(id: string): boolean {
    const [a, b] = hashes(id);
    for (let i = 0; i < PROBES; i++) {
      const bit = (a + i * b) % this.size;
      if (!(this.bits[bit >>> 5] & (1 << (bit & 31)))) return false;
    }
    return true;
  }
}

/** Two independent 32-bit hashes (FNV-1a with two offsets, the second odd so that probes differ). */
function hashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x2f8b5a3d;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [a >>> 0, ((b ^ (b >>> 15)) | 1) >>> 0];
}
