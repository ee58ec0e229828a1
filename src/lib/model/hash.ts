/** Scratch space for the digits of a safe integer (at most 16). */
const DIGITS = new Uint8Array(16);

/**
 * A fast, deterministic 64-bit string hash (two independent 32-bit lanes, cyrb53-style mixing), fed piece
 * by piece: the digest of pieces equals that of their concatenation, which is never built. Not
 * cryptographic: ids only need to be stable and collision-poor (~1e-7 odds of any collision among a
 * million events).
 */
export class Hash64 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Starts again, as a new Hash64 (one hasher can serve many keys). */
  reset(): this {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    return this;
  }

  /** Takes up another hasher's state: what it was fed is this one's start. */
  copyFrom(other: Hash64): this {
    this.h1 = other.h1;
    this.h2 = other.h2;
    return this;
  }

  add(text: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** Adds a number as its decimal text (`String(n)`), without making the string for whole numbers. */
  addNumber(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) return this.add(String(n));
    // In two halves below 2^31 (instants in ms are not): `%` on a double is a library call, on a small integer an instruction.
    const high = Math.floor(n / 1e8);
    if (high === 0) return this.addDigits(n, 1);
    this.addDigits(high, 1);
    return this.addDigits(n - high * 1e8, 8);
  }

  /** The decimal digits of `n` (0 ≤ n < 2^31), zero-padded to `width`. */
  private addDigits(n: number, width: number): this {
    let len = 0;
    while (n > 0 || len < width) {
      DIGITS[len++] = n % 10;
      n = (n / 10) | 0;
    }
    let h1 = this.h1;
    let h2 = this.h2;
    while (len > 0) {
      const ch = 48 + DIGITS[--len];
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** Adds one UTF-16 code unit (a separator) without a string. */
  addCode(ch: number): this {
    this.h1 = Math.imul(this.h1 ^ ch, 2654435761);
    this.h2 = Math.imul(this.h2 ^ ch, 1597334677);
    return this;
  }

  /** The finished high lane (unsigned 32 bits). */
  high(): number {
    return (Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909)) >>> 0;
  }

  /** The finished low lane, given the high one. */
  low(high: number): number {
    return (Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(high ^ (high >>> 13), 3266489909)) >>> 0;
  }

  /** 16 hex digits. */
  digest(): string {
    const high = this.high();
    return hex64(high, this.low(high));
  }
}

const hexDigit = (n: number, shift: number) => HEX_CODES[(n >>> shift) & 15];
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Two 32-bit lanes as 16 hex digits, made as one flat string (cheaper than toString(16) + padStart). */
export function hex64(a: number, b: number): string {
  return String.fromCharCode(
    hexDigit(a, 28), hexDigit(a, 24), hexDigit(a, 20), hexDigit(a, 16), hexDigit(a, 12), hexDigit(a, 8), hexDigit(a, 4), hexDigit(a, 0),
    hexDigit(b, 28), hexDigit(b, 24), hexDigit(b, 20), hexDigit(b, 16), hexDigit(b, 12), hexDigit(b, 8), hexDigit(b, 4), hexDigit(b, 0)
  );
}

export function hash64(text: string): string {
  return new Hash64().add(text).digest();
}

/** Incremental 64-bit hash of a byte stream (two FNV-1a lanes), for recognising files seen before. */
export class ByteHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;

  update(bytes: Uint8Array): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < bytes.length; i++) {
      h1 = Math.imul(h1 ^ bytes[i], 16777619);
      h2 = Math.imul(h2 ^ bytes[i], 2246822519);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  digest(length: number): string {
    return `${(this.h1 >>> 0).toString(16).padStart(8, '0')}${(this.h2 >>> 0).toString(16).padStart(8, '0')}-${length}`;
  }
}
