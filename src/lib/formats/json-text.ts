import { ImportError } from '../import/types';
import { JsonCutter, JsonSyntaxError, type JsonCutHandler } from '../util/json-cutter';

/** A rewrite of the text before it is read (Telegram's `\x` escapes), and the way back to the file's positions. */
export interface TextRewrite {
  fix(text: string): string;
  original(at: number): number;
}

const AS_WRITTEN: TextRewrite = { fix: (text) => text, original: (at) => at };

/**
 * Reads a JSON document's text through a cutter whose handler receives the values, pausing after each chunk
 * (the caller hands on what the handler made). A syntax error becomes an ImportError naming the file and the
 * character where it is.
 */
export async function* readJsonText(texts: AsyncIterable<string>, handler: JsonCutHandler, file: string, rewrite: TextRewrite = AS_WRITTEN): AsyncGenerator<void> {
  const cutter = new JsonCutter(handler);
  const failed = (err: unknown, atEnd: boolean) => {
    if (!(err instanceof JsonSyntaxError)) return err;
    const message = atEnd ? `the JSON ends early (truncated file?): ${err.message}` : `malformed JSON: ${err.message}`;
    return new ImportError(file, `character ${rewrite.original(err.at)}`, message);
  };
  for await (const text of texts) {
    try {
      cutter.write(rewrite.fix(text));
    } catch (err) {
      throw failed(err, false);
    }
    yield;
  }
  try {
    cutter.finish();
  } catch (err) {
    throw failed(err, true);
  }
}
