import { describe, expect, it } from 'vitest';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { importFile } from '../../src/lib/import/pipeline';
import { ImportError } from '../../src/lib/import/types';

/**
 * Every file in the shared corpus, through the same entry point as the app and the CLI: it is either read
 * (with every skip explained) or refused with one clear ImportError that names the file — never a crash.
 */
const corpus = resolve(__dirname, '../../../shared/corpus');
const files = readdirSync(corpus)
  .filter((d) => statSync(join(corpus, d)).isDirectory() && d !== 'licenses')
  .flatMap((d) => readdirSync(join(corpus, d)).map((f) => join(corpus, d, f)));

/** Formats Crosstalk does not read (yet): these must be refused cleanly. */
const UNSUPPORTED = ['viber', 'other'];
/** Files in a folder of UNSUPPORTED ones that an importer reads. */
const READ_ANYWAY = ['chat-miner__instagram_test_export.json'];
const MALFORMED = ['sms-backup-restore-parser__malformed.xml', 'msgvault__corrupt_broken_message_1.json'];
/** A sample whose every date is in year 1883 (a test file): each record is skipped with its reason. */
const ALL_OUT_OF_RANGE = ['hikariyo_minimal_file.txt'];

describe('every corpus file', () => {
  it.each(files.map((f) => [f.slice(corpus.length + 1), f]))('%s', async (_name, path) => {
    const options = { region: 'US', timeZone: 'UTC', me: [] };
    const name = basename(path);
    let events = 0;
    let error: unknown = null;
    try {
      for await (const batch of importFile(name, createReadStream(path), options)) {
        events += batch.events.length;
        for (const s of batch.skips) expect(s.reason.length).toBeGreaterThan(3);
      }
    } catch (err) {
      error = err;
    }
    const unsupported = UNSUPPORTED.some((d) => path.includes(`/${d}/`)) && !READ_ANYWAY.includes(name);
    if (ALL_OUT_OF_RANGE.includes(name)) {
      expect([error, events]).toEqual([null, 0]);
    } else if (unsupported || MALFORMED.includes(name)) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message.startsWith(name)).toBe(true);
    } else {
      expect(error).toBeNull();
      if (!name.includes('empty') && !name.endsWith('.vcf')) expect(events).toBeGreaterThan(0);
    }
  });
});
