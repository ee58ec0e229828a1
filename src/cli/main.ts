/**
 * Crosstalk command line: the same import, association and export code as the app, on local files.
 *   npm run --silent cli -- <parse|people|suggest|writeback> [--region CC] [--tz ZONE] [--me NAME]... [--mapping FILE.json]... FILE...
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { associate } from '../lib/association/associate';
import { PartyTally } from '../lib/association/party-tally';
import { CSV_HEADER, csvRowLine } from '../lib/formats/crosstalk-csv/write';
import { writebackRows } from '../lib/writeback/rows';
import { phoneIdOfRow } from '../lib/writeback/fingerprint';
import { importFile, type KeyedEvent } from '../lib/import/pipeline';
import { ImportError } from '../lib/import/types';
import type { Contact, OwnerIdentity } from '../lib/model/contact';
import { isValidTimeZone } from '../lib/util/zoned-time';
import { checkMapping, type CsvMapping } from '../lib/formats/mapped-csv/mapping';
import { FieldProblem } from '../lib/boundary/fields';
import { suggest } from '../lib/suggest/engine';
import { evidenceSentence } from '../lib/suggest/evidence';
import { en } from '../lib/i18n/en';
import { isRegion } from '../lib/model/phone-number';
import { PrintedEvents } from './printed-events';

const USAGE = `usage: crosstalk <parse|people|suggest|writeback> [--region CC] [--tz IANA_ZONE] [--me NAME]... [--mapping FILE.json]... [--no-label] FILE...
  parse      NDJSON on stdout, one deduplicated event per line
  people     JSON array of people after dedupe and association
  suggest    JSON array, best first, of suggested matches for chat identities without a number
  writeback  Crosstalk CSV of the chat-app events of every person with a bound number
  --region   default region for national phone numbers (default US)
  --tz       time zone of exports that carry local times (default: this machine's)
  --me       the owner's own name or number in chat exports (repeatable)
  --mapping  a column mapping (JSON) for CSVs no importer knows, applied to files with its header (repeatable)
  --no-label writeback: do not prefix bodies with the app's name
  --passphrase-file  the passphrase of encrypted sync files: the file's first line
                     (or set CROSSTALK_PASSPHRASE; never on the command line, where other users see it)`;

class UsageError extends Error {}

/** Where loading puts each event read; `add` says whether it was new (the first with its id). */
interface EventStore {
  add(e: KeyedEvent): boolean;
}

/** Whole events, for the commands that associate them. */
class HeldEvents implements EventStore {
  readonly byId = new Map<string, KeyedEvent>();
  add(e: KeyedEvent): boolean {
    if (this.byId.has(e.id)) return false;
    this.byId.set(e.id, e);
    return true;
  }
}

interface Loaded<Events extends EventStore> {
  events: Events;
  contacts: Contact[];
  owners: OwnerIdentity[];
  /** Ids of what the phone dumps show is on the phone: their records, and our rows the exporter read back. */
  onPhone: Set<string> | null;
}

const PHONE_DUMPS: readonly string[] = ['sbr-xml', 'crosstalk-csv'];

async function load<Events extends EventStore>(
  files: string[],
  events: Events,
  options: { region: string; timeZone: string; me: string[]; passphrase?: string; mappings: CsvMapping[] },
  /** Only `writeback` needs to know what is on the phone. */
  trackOnPhone = false
): Promise<Loaded<Events>> {
  const loaded: Loaded<Events> = { events, contacts: [], owners: [], onPhone: trackOnPhone ? new Set() : null };
  for (const path of files) {
    try {
      await loadFile(path, loaded, options);
    } catch (err) {
      // Whatever went wrong (a read error, a parser bug), the message names the file.
      throw err instanceof ImportError ? err : new ImportError(basename(path), null, err instanceof Error ? err.message : String(err));
    }
  }
  return loaded;
}

async function loadFile(path: string, loaded: Loaded<EventStore>, options: { region: string; timeZone: string; me: string[] }): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new ImportError(basename(path), null, 'no such file');
  if (!info.isFile()) throw new ImportError(basename(path), null, 'not a file');
  let read = 0;
  let duplicates = 0;
  let skipped = 0;
  let contacts = 0;
  for await (const batch of importFile(basename(path), createReadStream(path, { highWaterMark: 1 << 20 }), options)) {
    const onPhone = loaded.onPhone;
    if (onPhone) for (const r of batch.sync) if (r.kind === 'on-phone') onPhone.add(r.id);
    for (const e of batch.events) {
      if (onPhone && PHONE_DUMPS.includes(batch.format) && e.channel === 'phone') onPhone.add(e.id);
      read++;
      if (!loaded.events.add(e)) duplicates++;
    }
    loaded.contacts.push(...batch.contacts);
    loaded.owners.push(...batch.owners);
    contacts += batch.contacts.length;
    for (const s of batch.skips) {
      skipped++;
      process.stderr.write(`skipped: ${s.file}, ${s.where}: ${s.reason}\n`);
    }
  }
  process.stderr.write(
    `${basename(path)}: ${read} events (${read - duplicates} new, ${duplicates} already present), ${contacts} contacts, ${skipped} skipped\n`
  );
}

function associationOf(loaded: Loaded<HeldEvents>, settings: { region: string; me: string[] }) {
  const tally = new PartyTally();
  for (const e of loaded.events.byId.values()) tally.add(e, e.party);
  return { parties: tally.parties, association: associate({ parties: tally.parties.values(), contacts: loaded.contacts, owners: loaded.owners, edits: [], settings }) };
}

async function passphrase(file: string | undefined): Promise<string | undefined> {
  if (!file) return process.env.CROSSTALK_PASSPHRASE || undefined;
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read the passphrase file ${file}`);
  });
  return text.split(/\r?\n/)[0] || undefined;
}

/** A column-mapping file: the mapping as JSON (see docs/column-mapping.md), checked like one from the app. */
async function readMapping(path: string): Promise<CsvMapping> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) throw new UsageError(`--mapping: cannot read ${basename(path)}`);
  try {
    return checkMapping(JSON.parse(text));
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof FieldProblem) throw new UsageError(`--mapping ${basename(path)}: ${err.message}`);
    throw err;
  }
}

/** Only numbers in E.164 are shown (short codes and sender names keep raw keys inside). */
const e164 = (numbers: string[]) => numbers.filter((n) => n.startsWith('+'));

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      region: { type: 'string', default: process.env.CROSSTALK_REGION ?? 'US' },
      tz: { type: 'string', default: process.env.CROSSTALK_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone },
      me: { type: 'string', multiple: true, default: [] },
      mapping: { type: 'string', multiple: true, default: [] },
      'no-label': { type: 'boolean', default: false },
      'passphrase-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const [command, ...args] = positionals;
  // npm runs scripts from the package root; paths are meant relative to where the user typed the command.
  const files = args.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f));
  if (!command || !['parse', 'people', 'suggest', 'writeback'].includes(command)) throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  if (!files.length) throw new UsageError('no input files');
  if (!isRegion(values.region.toUpperCase())) throw new UsageError(`--region must be a supported two-letter country code such as CN or US, not "${values.region}"`);
  if (!isValidTimeZone(values.tz)) throw new UsageError(`--tz must be an IANA time zone such as Asia/Shanghai, not "${values.tz}"`);
  const region = values.region.toUpperCase();
  const mappings = await Promise.all(values.mapping.map((f) => readMapping(resolve(process.env.INIT_CWD ?? process.cwd(), f))));
  const settings = { region, timeZone: values.tz, me: values.me };
  const options = { ...settings, mappings, passphrase: await passphrase(values['passphrase-file']) };

  if (command === 'parse') {
    const printed = new PrintedEvents(region);
    try {
      await load(files, printed, options);
      printed.print((bytes) => process.stdout.write(bytes));
    } finally {
      printed.dispose();
    }
    return;
  }
  const loaded = await load(files, new HeldEvents(), options, command === 'writeback');
  const { association, parties } = associationOf(loaded, settings);
  if (command === 'suggest') {
    const ownerNames = [...values.me, ...loaded.owners.map((o) => o.name ?? '')];
    const suggestions = suggest({ people: association.people, parties, contacts: loaded.contacts, edits: [], region, ownerNames });
    const out = suggestions.map((s) => ({
      identity: s.identity,
      person: { name: s.person.name, numbers: e164(s.person.numbers) },
      score: s.score,
      strong: s.strong,
      evidence: s.evidence.map((e) => evidenceSentence(e, en))
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  if (command === 'people') {
    const people = association.people.map((p) => ({
      name: p.name,
      numbers: e164(p.numbers),
      handles: p.handles,
      counts: p.counts
    }));
    process.stdout.write(JSON.stringify(people, null, 2) + '\n');
    return;
  }
  // Left out: what the dumps given show is on the phone already (our id came back, or the phone's copy of a row).
  const all = writebackRows(loaded.events.byId.values(), association, { label: !values['no-label'] });
  const onPhone = loaded.onPhone!;
  const rows = all.filter((r) => !onPhone.has(r.crosstalk_id) && !onPhone.has(phoneIdOfRow(r)));
  process.stdout.write(CSV_HEADER);
  for (const r of rows) process.stdout.write(csvRowLine(r));
  process.stderr.write(`writeback: ${rows.length} rows${rows.length < all.length ? ` (${all.length - rows.length} already on the phone left out)` : ''}\n`);
}

const isArgsError = (err: unknown) => err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS');

main(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof UsageError || isArgsError(err);
  // One line: a message from a library may span several.
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
  process.stderr.write(`crosstalk: ${message}\n${usage ? USAGE + '\n' : ''}`);
  process.exitCode = usage ? 2 : 1;
});
