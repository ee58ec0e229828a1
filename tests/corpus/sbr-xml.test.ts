import { expect } from 'vitest';
import { sbrXmlImporter } from '../../src/lib/formats/sbr-xml/read';
import { ImportError } from '../../src/lib/import/types';
import type { DraftEvent } from '../../src/lib/model/event';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect, iso } from '../unit/helpers';

const { read } = corpusReader('sbr-xml');

async function load(name: string, chunk?: number) {
  return collect(sbrXmlImporter, read(name), { fileName: name }, chunk ?? 64 * 1024);
}

function bodies(events: DraftEvent[]): string[] {
  return events.map((e) => (e.kind === 'message' ? e.body : ''));
}

const source = (file: string, line: number) => ({ format: 'sbr-xml', file, record: `line ${line}` });

/** Every corpus file, with what it must give. */
const EXPECTED: Record<string, (name: string) => Promise<void>> = {
  async 'sms-backup-reader-2__corrupt_attachments.xml'(name) {
    const { events, skips } = await load(name);
    expect(skips).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'message',
        channel: 'phone',
        direction: 'in',
        handle: '+15550000004',
        name: 'Contact D',
        phone: '+15550000004',
        conversation: null,
        thread: null,
        start: Date.parse('2024-07-16T20:29:28.000Z'),
        body: 'MMS with corrupted base64 image data',
        attachments: [{ name: 'corrupt_image.png', type: 'image/png' }],
        transport: 'mms',
        source: source(name, 5)
      },
      expect.objectContaining({
        body: 'MMS with unsupported attachment type',
        attachments: [{ name: 'corrupt.file', type: 'application/x-corrupt' }],
        source: source(name, 16)
      })
    ]);
  },

  async 'sms-backup-reader-2__empty.xml'(name) {
    expect((await load(name)).items).toEqual([]);
  },

  async 'sms-backup-reader-2__sample_mms.xml'(name) {
    const { events, skips } = await load(name);
    expect(skips).toEqual([]);
    expect(events.map((e) => e.kind === 'message' && [e.direction, e.handle, e.name, iso(e.start), e.body, e.attachments, e.source.record])).toEqual([
      ['in', '+15550000003', 'Contact C', '2024-07-16T20:29:24.000Z', 'Here is an image attachment', [{ name: 'image.png', type: 'image/png' }], 'line 5'],
      ['in', '+15550000003', 'Contact C', '2024-07-16T20:29:25.000Z', 'Here is a video attachment', [{ name: 'video.mp4', type: 'video/mp4' }], 'line 16'],
      ['in', '+15550000003', 'Contact C', '2024-07-16T20:29:26.000Z', 'Here is an audio attachment', [{ name: 'audio.mp3', type: 'audio/mp3' }], 'line 27'],
      ['in', '+15550000003', 'Contact C', '2024-07-16T20:29:27.000Z', 'Here is a PDF attachment', [{ name: 'document.pdf', type: 'application/pdf' }], 'line 38']
    ]);
  },

  // The published file is cut off inside its last <mms> (no </smses>).
  async 'sms-backup-reader-2__sms_and_mms.xml'(name) {
    const { events, skips } = await load(name);
    const sms = events.filter((e) => e.kind === 'message' && e.transport === 'sms');
    const mms = events.filter((e) => e.kind === 'message' && e.transport === 'mms');
    expect(sms).toHaveLength(41);
    expect(sms.filter((e) => e.direction === 'in')).toHaveLength(21);
    expect(mms).toHaveLength(8);
    expect(skips).toEqual([{ file: name, where: 'line 133', reason: 'unfinished <mms>: the file ends before its end tag (truncated file)' }]);
    expect(sms[9]).toMatchObject({ direction: 'out', handle: '+15550000004', name: 'Contact C', body: 'Body text 10\nBody text 11\nBody text 12', source: source(name, 13) });
    expect(iso(sms[9].start)).toBe('2017-12-02T18:10:21.991Z');
    expect(mms.map((e) => [e.direction, e.handle, e.phone, e.name, e.conversation, e.source.record])).toEqual([
      ['in', '+15550000006', '+15550000006', 'Contact D', null, 'line 45'],
      ['out', '+15550000006', '+15550000006', 'Contact D', null, 'line 55'],
      ['in', '+15550000009', '+15550000009', null, 'group_8@rcs.google.com', 'line 65'],
      ['out', 'group_8@rcs.google.com', null, null, 'group_8@rcs.google.com', 'line 77'],
      ['in', '+15550000010', '+15550000010', null, 'group_8@rcs.google.com', 'line 89'],
      ['in', '+15550000006', '+15550000006', 'Contact D', null, 'line 101'],
      ['in', '+15550000011', '+15550000011', null, null, 'line 111'],
      ['in', '+15550000011', '+15550000011', null, null, 'line 122']
    ]);
    expect(bodies(mms)).toEqual([
      'Body text 45',
      'Body text 46',
      'Body text 47',
      'Body text 48',
      'Body text 49',
      'Body text 50\nBody text 51\nBody text 52\nBody text 53',
      'Body text 54',
      'Body text 55'
    ]);
    expect(mms[6]).toMatchObject({ attachments: [{ name: 'image_8.png', type: 'image/png' }] });
    expect(iso(mms[0].start)).toBe('2024-07-14T22:53:13.000Z');
  },

  async 'sms-backup-reader-2__sms_small.xml'(name) {
    const { events, skips } = await load(name);
    expect(skips).toEqual([]);
    expect(events).toHaveLength(12);
    expect(bodies(events)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10\nBody text 11\nBody text 12', '13', '14'].map((n) => `Body text ${n}`));
    expect(events.map((e) => e.direction).join(' ')).toBe('in in in in out in out in in out in out');
    expect(events[0]).toEqual({
      kind: 'message',
      channel: 'phone',
      direction: 'in',
      handle: '+15550000001',
      name: 'Contact A',
      phone: '+15550000001',
      conversation: null,
      thread: null,
      start: Date.parse('2017-12-02T14:49:27.463Z'),
      body: 'Body text 1',
      attachments: [],
      transport: 'sms',
      source: source(name, 4)
    });
  },

  async 'sms-backup-restore-parser__edge_cases.xml'(name) {
    const { events, skips } = await load(name);
    expect(skips).toEqual([]);
    expect(events.map((e) => e.kind === 'message' && [e.transport, e.direction, e.handle, e.name, iso(e.start), e.body, e.attachments.length])).toEqual([
      ['sms', 'in', '+15551112222', null, '2021-01-01T00:00:00.000Z', 'Minimal fields, no optionals.', 0],
      ['sms', 'out', '+15553334444', 'Charlie Unicode', '2021-01-01T01:00:00.000Z', 'Hello 🌍 — this has «special» chars & symbols < > " \'', 0],
      ['sms', 'in', '+15555556666', 'Dana Empty', '2021-01-01T02:00:00.000Z', '', 0],
      ['mms', 'in', '+15557778888', 'Eve NoParts', '2021-01-01T03:00:00.000Z', '', 0]
    ]);
  },

  async 'sms-backup-restore-parser__malformed.xml'(name) {
    const error = await load(name).then(
      () => null,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ file: name, where: 'line 4', message: `${name}, line 4: malformed XML: disallowed character in attribute name.` });
  },

  async 'sms-backup-restore-parser__minimal_calls.xml'(name) {
    const { events, skips } = await load(name);
    expect(skips).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'call',
        channel: 'phone',
        direction: 'in',
        status: 'answered',
        handle: '+15551234567',
        name: 'Alice Smith',
        phone: '+15551234567',
        conversation: null,
        thread: null,
        start: Date.parse('2021-01-03T00:00:00.000Z'),
        durationSec: 125,
        video: false,
        source: source(name, 3)
      }
    ]);
  },

  // The MMS's `from` addr (137) is not its `address`, so contact_name (SBR's lookup of address) is not used.
  async 'sms-backup-restore-parser__mixed.xml'(name) {
    const { events, skips } = await load(name);
    expect(events.map((e) => e.kind === 'message' && [e.transport, e.direction, e.handle, e.name, iso(e.start), e.body, e.source.record])).toEqual([
      ['sms', 'in', '+15551234567', 'Alice Smith', '2021-01-01T00:00:00.000Z', 'Hey, how are you?', 'line 3'],
      ['mms', 'in', '+15559876543', null, '2021-01-01T01:00:00.000Z', 'This is a text-only MMS from Alice.', 'line 4'],
      ['sms', 'out', '+15551234567', 'Alice Smith', '2021-01-01T02:00:00.000Z', "I'm good, thanks!", 'line 13']
    ]);
    expect(skips).toEqual([{ file: name, where: 'line 14', reason: 'draft' }]);
  }
};

describeCorpus('SMS Backup & Restore corpus', {
  importer: sbrXmlImporter,
  folder: 'sbr-xml',
  expected: EXPECTED,
  load: (name, chunk) => load(name, chunk),
  unreadable: (name) => name.includes('malformed')
});
