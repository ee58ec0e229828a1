/** What the line-based chat readers (QQ, LINE, KakaoTalk) share: the read loop and multi-line bodies. */
import type { ImportItem } from '../../import/types';
import { decodeText, OVERLONG_LINE, splitLines } from '../../util/text-stream';

/** Reads a chat export line by line (numbers start at 1), collecting items in `items`. */
export interface LineReader {
  readonly items: ImportItem[];
  line(text: string, number: number): void;
  /** The file has ended: emit what is still held. */
  finish(): void;
}

/** Streams a text file through a LineReader, yielding its items per chunk of lines. */
export async function* readLines(chunks: AsyncIterable<Uint8Array>, reader: LineReader, file: string): AsyncGenerator<ImportItem[]> {
  let number = 0;
  for await (const lines of splitLines(decodeText(chunks))) {
    for (const line of lines) {
      if (line !== null) reader.line(line, ++number);
      else reader.items.push({ type: 'skip', skip: { file, where: `line ${++number}`, reason: OVERLONG_LINE } });
    }
    if (reader.items.length) yield reader.items.splice(0);
  }
  reader.finish();
  if (reader.items.length) yield reader.items.splice(0);
}

/**
 * A message's text over several lines: continuation lines joined with '\n', blank lines before the first
 * text line and after the last dropped.
 */
export class MessageText {
  private text: string;
  private blanks = 0;

  constructor(first: string) {
    this.text = first;
  }

  add(line: string): void {
    if (line.trim() === '') {
      this.blanks++;
      return;
    }
    this.text = this.text === '' ? line : this.text + '\n'.repeat(this.blanks + 1) + line;
    this.blanks = 0;
  }

  value(): string {
    return this.text;
  }
}
