import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crosstalkCsvImporter } from '../../src/lib/formats/crosstalk-csv/read';
import { CSV_HEADER, csvRowLine, eventToCsvRow } from '../../src/lib/formats/crosstalk-csv/write';
import { IdAssigner } from '../../src/lib/model/ids';
import { collect } from './helpers';

/** The fixtures the Java exporter's tests read and write too: both sides must produce these exact bytes. */
const dir = resolve(__dirname, '../fixtures/interchange');
const read = (name: string) => readFileSync(resolve(dir, name), 'utf8');

describe('interchange contract (shared with android-exporter/core)', () => {
  it('the write-back set reads back into events that write the same bytes', async () => {
    const text = read('writeback-set.csv');
    const { events, ids, skips } = await collect(crosstalkCsvImporter, text, {}, 13);
    expect(skips).toEqual([]);
    expect(events.every((e) => e.channel !== 'phone')).toBe(true);
    const assign = new IdAssigner();
    const rewritten = CSV_HEADER + events.map((e, i) => csvRowLine(eventToCsvRow(assign.assign(e, ids[i])))).join('');
    expect(rewritten).toBe(text);
  });

  it('the phone dump reads every record but the draft', async () => {
    const text = read('phone-dump.csv');
    const { events, skips } = await collect(crosstalkCsvImporter, text, {}, 13);
    const records = text.split('\r\n').filter((l) => /^1,/.test(l)).length;
    expect(skips.map((s) => s.reason)).toEqual(['draft (never sent)']);
    expect(events.length).toBe(records - 1);
    expect(events.filter((e) => e.kind === 'call').map((e) => e.kind === 'call' && e.status).sort()).toEqual(
      expect.arrayContaining(['answered', 'missed', 'voicemail', 'rejected', 'blocked'])
    );
  });
});
