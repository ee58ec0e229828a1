/**
 * The benchmark's data sets: which files exist for which size, where they live (bench/data/, gitignored) and
 * how to (re)generate them. A file is regenerated only when missing or made by different parameters.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCsv } from './crosstalk-csv';
import { writeSbrXml } from './sbr-xml';
import { writeTelegram } from './telegram';
import { gvoiceFileName, writeGvoice } from './gvoice';
import { writeMessenger } from './messenger';
import { whatsappFileName, writeWhatsApp } from './whatsapp';
import { writeChatlab, writeImessage, writeKakao, writeLine, writeQq, writeSignal, writeWechat } from './chat-apps';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));
/** Bump when any writer's output changes. */
const GENERATOR_VERSION = 5;
export const SEED = 20261128;

export const FORMATS = [
  'sbr-xml',
  'whatsapp-android',
  'whatsapp-ios',
  'telegram-json',
  'crosstalk-csv',
  'gvoice-html',
  'messenger-json',
  'qq-txt',
  'line-txt',
  'kakaotalk-txt',
  'wechat-csv',
  'chatlab-json',
  'signal-txt',
  'imessage-db'
] as const;
export type DataFormat = (typeof FORMATS)[number];

export interface Dataset {
  /** e.g. 'sbr-xml@100k'. */
  id: string;
  format: DataFormat;
  label: string;
  /** Events requested (for the 1 GB XML: as many as fit). */
  count: number;
  /** On disk. */
  path: string;
  /** The name the importer is given (WhatsApp takes the chat's title from it). */
  importName: string;
  bytes: number;
  events: number;
}

export const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };

function diskName(format: DataFormat): string {
  const names: Record<DataFormat, string> = {
    'sbr-xml': 'sms.xml',
    'whatsapp-android': 'whatsapp-android.txt',
    'whatsapp-ios': 'whatsapp-ios.txt',
    'telegram-json': 'result.json',
    'crosstalk-csv': 'phone-dump.csv',
    'gvoice-html': 'gvoice-thread.html',
    'messenger-json': 'message_1.json',
    'qq-txt': 'qq.txt',
    'line-txt': 'line.txt',
    'kakaotalk-txt': 'kakaotalk.txt',
    'wechat-csv': 'wechat.csv',
    'chatlab-json': 'chatlab.json',
    'signal-txt': 'signal.txt',
    'imessage-db': 'chat.db'
  };
  return names[format];
}

function importName(format: DataFormat): string {
  switch (format) {
    case 'sbr-xml':
      return 'sms-20240601080000.xml';
    case 'whatsapp-android':
      return whatsappFileName('android', SEED);
    case 'whatsapp-ios':
      return whatsappFileName('ios', SEED);
    case 'telegram-json':
      return 'result.json';
    case 'crosstalk-csv':
      return 'crosstalk-phone-dump.csv';
    case 'gvoice-html':
      return gvoiceFileName(SEED);
    case 'messenger-json':
      return 'message_1.json';
    case 'qq-txt':
      return '周末爬山群.txt';
    case 'line-txt':
      return '[LINE] Chat with friend.txt';
    case 'kakaotalk-txt':
      return 'KakaoTalk_Chat.txt';
    case 'wechat-csv':
      return 'friend_utf8.csv';
    case 'chatlab-json':
      return 'chatlab.json';
    case 'signal-txt':
      return 'signal-conversation.txt';
    case 'imessage-db':
      return 'chat.db';
  }
}

type Written = { bytes: number; events: number };

interface Meta {
  version: number;
  params: unknown;
  bytes: number;
  events: number;
}

async function ensure(path: string, params: unknown, write: () => Written | Promise<Written>, log: (s: string) => void): Promise<Written> {
  const metaPath = path + '.meta.json';
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
    if (meta.version === GENERATOR_VERSION && JSON.stringify(meta.params) === JSON.stringify(params) && statSync(path).size === meta.bytes) {
      return { bytes: meta.bytes, events: meta.events };
    }
  }
  const t0 = performance.now();
  const r = await write();
  log(`generated ${path.slice(DATA_DIR.length)}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.events} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  writeFileSync(metaPath, JSON.stringify({ version: GENERATOR_VERSION, params, ...r } satisfies Meta));
  return r;
}

export async function ensureDataset(format: DataFormat, label: string, log: (s: string) => void = console.log): Promise<Dataset> {
  const count = SIZES[label];
  const path = join(DATA_DIR, label, diskName(format));
  const params = { format, count, seed: SEED };
  const r = await ensure(path, params, () => {
    switch (format) {
      case 'sbr-xml':
        return writeSbrXml(path, { count, seed: SEED });
      case 'whatsapp-android':
        return writeWhatsApp(path, { count, seed: SEED, variant: 'android' });
      case 'whatsapp-ios':
        return writeWhatsApp(path, { count, seed: SEED, variant: 'ios' });
      case 'telegram-json':
        return writeTelegram(path, { count, seed: SEED });
      case 'crosstalk-csv':
        return writeCsv(path, { count, seed: SEED });
      case 'gvoice-html':
        return writeGvoice(path, { count, seed: SEED });
      case 'messenger-json':
        return writeMessenger(path, { count, seed: SEED });
      case 'qq-txt':
        return writeQq(path, { count, seed: SEED });
      case 'line-txt':
        return writeLine(path, { count, seed: SEED });
      case 'kakaotalk-txt':
        return writeKakao(path, { count, seed: SEED });
      case 'wechat-csv':
        return writeWechat(path, { count, seed: SEED });
      case 'chatlab-json':
        return writeChatlab(path, { count, seed: SEED });
      case 'signal-txt':
        return writeSignal(path, { count, seed: SEED });
      case 'imessage-db':
        return writeImessage(path, { count, seed: SEED });
    }
  }, log);
  return { id: `${format}@${label}`, format, label, count, path, importName: importName(format), ...r };
}

/** The ~1 GB SMS Backup & Restore XML: MMS-heavy (12% MMS with 10–40 KB photos), streamed to disk. */
export async function ensureBigXml(gb: number, log: (s: string) => void = console.log): Promise<Dataset> {
  const label = `xml-${gb}gb`;
  const path = join(DATA_DIR, label, diskName('sbr-xml'));
  const targetBytes = Math.round(gb * 1e9);
  const params = { format: 'sbr-xml', targetBytes, seed: SEED, mmsShare: 0.12, imageBytes: [10_000, 40_000] };
  const r = await ensure(path, params, () => writeSbrXml(path, { count: 0, targetBytes, seed: SEED, mmsShare: 0.12, imageBytes: [10_000, 40_000] }), log);
  return { id: `sbr-xml@${label}`, format: 'sbr-xml', label, count: r.events, path, importName: 'sms-20240601080000.xml', ...r };
}
