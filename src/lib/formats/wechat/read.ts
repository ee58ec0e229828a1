/**
 * WeChat chat CSV as the desktop exporters WeChatMsg / 留痕 / MemoTrace write it (one file per chat,
 * `<备注>_utf8.csv`, UTF-8 with BOM):
 *
 *     localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender
 *
 * `IsSender` (1/0) is the direction; `CreateTime` is Unix seconds (else `StrTime`, the PC's local time, is
 * read in options.timeZone). The author is `Sender` (a wxid) with `Remark`/`NickName` as the name; a chat
 * whose incoming rows come from two or more senders is a group named after the file. Types: 1 text, 3 image,
 * 34 voice, 43 video, 47 sticker, 42 contact card, 49 app messages (file, link, music, quote reply: their
 * `<title>`), 50 calls (`通话时长 MM:SS` answered; cancelled, declined, unanswered, busy otherwise; room_type 0
 * video), 10000/10002 system notices and recalls (tallied, not imported); other types are skipped.
 */
import { ImportError, type Importer, type ImportItem, type ImportOptions } from '../../import/types';
import { type CallOutcome, ChatEvents, type ChatContent, type ChatRecord, type ChatTally, clockSeconds, newTally, skipItem } from '../chat/draft';
import { csvRows } from '../chat/csv-rows';
import { CsvProblem, type CsvRecord } from '../csv-records';
import { ChatRoles, OwnerNames } from '../chat/owner';
import { LocalTimes } from '../chat/wall-clock';
import { epochInstant, type CheckedInstant } from '../../model/instant';

const COLUMNS = ['localId', 'TalkerId', 'Type', 'SubType', 'IsSender', 'CreateTime', 'Status', 'StrContent', 'StrTime', 'Remark', 'NickName', 'Sender'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['Type', 'IsSender', 'StrContent'];

const MEDIA: Record<string, string> = { '3': 'image', '34': 'audio', '43': 'video', '47': 'sticker', '42': 'text/vcard' };
const SYSTEM_TYPES = new Set(['10000', '10002']);
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const TITLE = /<title>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/title>/;
const URL = /<url>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/url>/;
const DURATION = /(?:通话时长|Duration)\s*((?:\d+:)?\d{1,2}:\d{2})/i;
const ROOM_TYPE = /<room_type>(\d+)<\/room_type>/;

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };
function unescapeXml(text: string): string {
  return text.replace(/&(?:lt|gt|quot|apos|amp);/g, (e) => ENTITIES[e]);
}

/** The chat's name from the exporter's file name (`张三_utf8.csv` → 张三). */
export function chatNameFromFileName(fileName: string): string | null {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '').replace(/_utf8$/i, '');
  return base.trim() || null;
}

function callStatus(text: string, out: boolean): CallOutcome {
  if (/忙|busy/i.test(text)) return 'busy';
  if (/拒绝|declined/i.test(text)) return out ? 'unanswered' : 'rejected';
  return 'not connected';
}

/** The content of a row of a known type, or a reason to skip it. */
function contentOf(type: string, subType: string, raw: string, out: boolean): ChatContent | string {
  if (type === '1') return { kind: 'message', body: raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw, attachments: [] };
  const media = MEDIA[type];
  if (media) return { kind: 'message', body: '', attachments: [{ name: '', type: media }] };
  if (type === '50') {
    const duration = DURATION.exec(raw);
    const video = ROOM_TYPE.exec(raw)?.[1] === '0' || /视频通话|video call/i.test(raw);
    if (duration) return { kind: 'call', status: 'answered', durationSec: clockSeconds(duration[1]), video };
    return { kind: 'call', status: callStatus(raw, out), durationSec: 0, video };
  }
  if (type === '49') {
    const title = unescapeXml(TITLE.exec(raw)?.[1] ?? '').trim();
    if (subType === '6') return { kind: 'message', body: '', attachments: [{ name: title, type: 'document' }] };
    const url = subType === '5' ? unescapeXml(URL.exec(raw)?.[1] ?? '').trim() : '';
    if (title || url) return { kind: 'message', body: [title, url].filter(Boolean).join('\n'), attachments: [] };
    return `app message (subtype ${subType || 'none'}) without a title`;
  }
  return `unsupported message type ${type || '(empty)'}`;
}

/** A row's cell in a column, trimmed; '' when the header has no such column or the row no such cell. */
function cellOf(fields: string[], column: number | undefined): string {
  return column === undefined ? '' : (fields[column] ?? '').trim();
}

class WeChatReader {
  readonly items: ImportItem[] = [];
  private columns: Partial<Record<Column, number>> | null = null;
  private record = 0;
  private readonly file: string;
  private readonly times: LocalTimes;
  private roles: ChatRoles<ChatRecord> | null = null;
  private readonly title: string | null;
  private readonly owner: OwnerNames;

  constructor(
    options: ImportOptions,
    private readonly tally: ChatTally
  ) {
    this.file = options.fileName;
    this.times = new LocalTimes(options.timeZone);
    this.title = chatNameFromFileName(options.fileName);
    this.owner = new OwnerNames(options.me);
  }

  row(fields: CsvRecord): void {
    if (fields instanceof CsvProblem) {
      if (!this.columns) throw new ImportError(this.file, 'line 1', `not a WeChat CSV header (${fields.reason})`);
      return this.skip(`record ${++this.record}`, fields.reason);
    }
    if (!this.columns) return this.header(fields);
    const where = `record ${++this.record}`;
    const cols = this.columns;
    const type = cellOf(fields, cols.Type);
    if (SYSTEM_TYPES.has(type)) {
      this.tally.systemLines++;
      return;
    }
    const isSender = cellOf(fields, cols.IsSender);
    if (isSender !== '0' && isSender !== '1') return this.skip(where, `IsSender must be 0 or 1, not ${JSON.stringify(isSender)}`);
    const out = isSender === '1';
    const start = this.startOf(cellOf(fields, cols.CreateTime), cellOf(fields, cols.StrTime));
    if (typeof start === 'string') return this.skip(where, start);
    const raw = cols.StrContent === undefined ? '' : (fields[cols.StrContent] ?? '');
    const content = contentOf(type, cellOf(fields, cols.SubType), raw, out);
    if (typeof content === 'string') return this.skip(where, content);
    const name = cellOf(fields, cols.Remark) || cellOf(fields, cols.NickName) || null;
    const talker = cellOf(fields, cols.TalkerId);
    const handle = cellOf(fields, cols.Sender) || name || talker;
    this.chat(talker).add({ where, start, author: { handle, name }, content, out });
  }

  finish(): void {
    if (!this.columns) throw new ImportError(this.file, null, 'empty file: no WeChat CSV header');
    this.roles?.finish();
  }

  private header(fields: string[]): void {
    const cols: Partial<Record<Column, number>> = {};
    fields.forEach((f, i) => {
      const name = f.trim().replace(/^\ufeff/, '') as Column;
      if ((COLUMNS as readonly string[]).includes(name)) cols[name] = i;
    });
    const missing = REQUIRED.filter((c) => cols[c] === undefined);
    if (cols.CreateTime === undefined && cols.StrTime === undefined) missing.push('CreateTime');
    if (missing.length) throw new ImportError(this.file, 'line 1', `not a WeChat CSV header (missing ${missing.join(', ')})`);
    this.columns = cols;
  }

  private startOf(createTime: string, strTime: string): CheckedInstant {
    if (/^\d+$/.test(createTime)) return epochInstant(Number(createTime), 's', 'CreateTime');
    const m = LOCAL_TIME.exec(strTime);
    if (!m) return `no time: CreateTime ${JSON.stringify(createTime)}, StrTime ${JSON.stringify(strTime)}`;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    return this.times.instant(y, mo, d, h, mi, s);
  }

  /** The chat's roles, made at its first row (the talker id names the thread in ids). */
  private chat(talker: string): ChatRoles<ChatRecord> {
    if (!this.roles) {
      const events = new ChatEvents('wechat', 'wechat-csv', this.file, talker || (this.title ?? ''));
      this.roles = new ChatRoles<ChatRecord>({ title: this.title, group: null }, this.owner, (r, p) => this.items.push(events.item(r, p)));
    }
    return this.roles;
  }

  private skip(where: string, reason: string): void {
    this.items.push(skipItem(this.file, where, reason));
  }
}

/** Parses a WeChat CSV export; `tally` counts system notices and recalls. */
export async function* parseWeChatCsv(chunks: AsyncIterable<Uint8Array>, options: ImportOptions, tally: ChatTally = newTally()): AsyncGenerator<ImportItem[]> {
  const reader = new WeChatReader(options, tally);
  for await (const rows of csvRows(chunks)) {
    for (const row of rows) reader.row(row);
    if (reader.items.length) yield reader.items.splice(0);
  }
  reader.finish();
  if (reader.items.length) yield reader.items.splice(0);
}

export const wechatCsvImporter: Importer = {
  format: 'wechat-csv',
  detect(head) {
    const names = head.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0].split(',').map((s) => s.trim());
    return ['StrContent', 'IsSender', 'TalkerId'].every((c) => names.includes(c));
  },
  parse: (chunks, options) => parseWeChatCsv(chunks, options)
};
