/**
 * The bytes of a file cannot be decoded (damaged compression, a decompression bomb, an unsupported text
 * encoding). The pipeline turns it into an ImportError naming the file.
 */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** fflate reports damaged data as an Error with a numeric `code`. */
export function isFlateError(err: unknown): err is Error {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number';
}
