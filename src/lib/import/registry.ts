import { crosstalkCsvImporter } from '../formats/crosstalk-csv/read';
import { crosstalkSyncImporter } from '../formats/crosstalk-sync/read';
import { sbrXmlImporter } from '../formats/sbr-xml/read';
import { telegramImporter } from '../formats/telegram/read';
import { vcardImporter } from '../formats/vcard/read';
import { whatsappImporter } from '../formats/whatsapp/read';
import { signalImporter } from '../formats/signal/read';
import { imessageImporter } from '../formats/imessage/read';
import type { BinaryImporter, Importer } from './types';

/** Most specific first: WhatsApp's line pattern is the loosest test, so it goes last. */
export const IMPORTERS: readonly Importer[] = [
  crosstalkSyncImporter,
  sbrXmlImporter,
  telegramImporter,
  vcardImporter,
  crosstalkCsvImporter,
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
