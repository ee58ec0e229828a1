import { crosstalkCsvImporter } from '../formats/crosstalk-csv/read';
import { crosstalkSyncImporter } from '../formats/crosstalk-sync/read';
import { gvoiceImporter } from '../formats/gvoice/read';
import { instagramImporter, messengerImporter } from '../formats/messenger/read';
import { sbrXmlImporter } from '../formats/sbr-xml/read';
import { telegramImporter } from '../formats/telegram/read';
import { vcardImporter } from '../formats/vcard/read';
import { whatsappImporter } from '../formats/whatsapp/read';
import { qqImporter } from '../formats/qq/read';
import { wechatCsvImporter } from '../formats/wechat/read';
import { chatlabImporter } from '../formats/chatlab/read';
import { lineImporter } from '../formats/line/read';
import { kakaotalkCsvImporter, kakaotalkImporter } from '../formats/kakaotalk/read';
import { signalImporter } from '../formats/signal/read';
import { imessageImporter } from '../formats/imessage/read';
import type { BinaryImporter, Importer } from './types';
import type { SourceFormat } from '../model/event';

/** What each format is called in messages ("unknown format (expected …)"). */
const FORMAT_LABELS: Record<SourceFormat, string> = {
  'sbr-xml': 'SMS Backup & Restore XML',
  'crosstalk-csv': 'Crosstalk CSV',
  'whatsapp-txt': 'a WhatsApp chat .txt/.zip',
  'telegram-json': 'Telegram result.json',
  vcard: 'vCard .vcf',
  'crosstalk-sync': 'a Crosstalk sync file',
  'qq-txt': 'a QQ message-manager .txt',
  'wechat-csv': 'a WeChat CSV (WeChatMsg/MemoTrace)',
  'chatlab-json': 'ChatLab JSON/JSONL',
  'line-txt': 'a LINE chat .txt',
  'kakaotalk-txt': 'a KakaoTalk chat .txt',
  'kakaotalk-csv': 'a KakaoTalk Mac CSV',
  'gvoice-html': 'Google Voice Takeout HTML',
  'messenger-json': 'Facebook Messenger JSON',
  'instagram-json': 'Instagram messages JSON',
  signal: 'a Signal Desktop export (sigtop, signal-export)',
  'imessage-db': 'a Mac Messages chat.db',
  'mapped-csv': 'a CSV read by a column mapping'
};

/** The readable formats, for messages: every importer the registry holds. */
export function describeFormats(): string {
  const labels = [...BINARY_IMPORTERS, ...IMPORTERS].map((i) => FORMAT_LABELS[i.format]);
  return labels.slice(0, -1).join(', ') + ' or ' + labels[labels.length - 1];
}

/** Most specific first: WhatsApp's line pattern is the loosest test, so it goes last. */
export const IMPORTERS: readonly Importer[] = [
  crosstalkSyncImporter,
  sbrXmlImporter,
  telegramImporter,
  vcardImporter,
  crosstalkCsvImporter,
  qqImporter,
  wechatCsvImporter,
  chatlabImporter,
  lineImporter,
  kakaotalkImporter,
  kakaotalkCsvImporter,
  gvoiceImporter,
  instagramImporter,
  messengerImporter,
  signalImporter,
  whatsappImporter
];

/** Binary formats, tried on the raw first bytes before any text decoding. */
export const BINARY_IMPORTERS: readonly BinaryImporter[] = [imessageImporter];

export function detectBinaryImporter(head: Uint8Array, fileName: string): BinaryImporter | null {
  return BINARY_IMPORTERS.find((i) => i.detect(head, fileName)) ?? null;
}

/** Picks the importer from the file's first characters (content first; the name is only a hint). */
export function detectImporter(head: string, fileName: string): Importer | null {
  return IMPORTERS.find((i) => i.detect(head, fileName)) ?? null;
}
