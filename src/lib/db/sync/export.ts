import type { BindingEdit } from '../../association/binding';
import type { SyncLine } from '../../formats/crosstalk-sync/read';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { CommEvent } from '../../model/event';
import type { SyncHeader } from '../../formats/crosstalk-sync/records';
import { gzipStream } from '../../util/gzip-stream';
import type { CrosstalkDatabase } from '../store/database';
import type { EventDoc, SettingsDoc } from '../store/schema';

const PAGE = 5000;

function eventRecord(doc: EventDoc): CommEvent & { onPhone: boolean } {
  const { startInv: _i, importId: _m, seq: _s, party: _p, ...event } = doc;
  return event as CommEvent & { onPhone: boolean };
}

async function* syncLines(db: CrosstalkDatabase, settings: SettingsDoc): AsyncGenerator<string> {
  const header: SyncHeader = { format: 'crosstalk-sync', version: 1, device: settings.deviceId, exportedAt: new Date().toISOString() };
  yield JSON.stringify(header) + '\n';
  const line = (l: SyncLine) => JSON.stringify(l) + '\n';
  yield line({ settings: { region: settings.region, me: settings.me, clock: settings.assocClock, device: settings.assocDevice } });
  for (const csvPreset of settings.csvPresets) yield line({ csvPreset });
  for (const c of await db.contacts.find().exec()) {
    const { id: _id, ...contact } = c.toJSON();
    yield line({ contact: contact as Contact });
  }
  for (const o of await db.owners.find().exec()) {
    const { id: _id, ...owner } = o.toJSON();
    yield line({ owner: owner as OwnerIdentity });
  }
  for (const e of await db.edits.find().exec()) {
    const { id: _id, ...edit } = e.toJSON();
    yield line({ edit: edit as BindingEdit });
  }
  for (const w of await db.writebacks.find().exec()) yield line({ writeback: w.toJSON() });
  // Events page by page in timeline order, so a million events never sit in memory at once.
  let after = -1;
  let afterId = '';
  for (;;) {
    const docs = await db.events
      .find({ selector: { startInv: { $gte: Math.max(after, 0) } }, sort: [{ startInv: 'asc' }, { id: 'asc' }], limit: PAGE + 50 })
      .exec();
    const page = docs.map((d) => d.toJSON() as EventDoc).filter((e) => e.startInv > after || (e.startInv === after && e.id > afterId));
    if (!page.length) break;
    let chunk = '';
    for (const e of page.slice(0, PAGE)) chunk += line({ event: eventRecord(e) });
    yield chunk;
    const last = page[Math.min(page.length, PAGE) - 1];
    after = last.startInv;
    afterId = last.id;
  }
}

/** The whole local database as one gzip-compressed NDJSON sync file. */
export async function* syncFileChunks(db: CrosstalkDatabase, settings: SettingsDoc): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  async function* bytes() {
    for await (const text of syncLines(db, settings)) yield encoder.encode(text);
  }
  yield* gzipStream(bytes());
}
