import { crosstalkCsvImporter } from './crosstalk-csv';
import { crosstalkSyncImporter } from './crosstalk-sync';
import { sbrXmlImporter } from './sbr-xml';
import { telegramImporter } from './telegram';
import { vcardImporter } from './vcard';
import { whatsappImporter } from './whatsapp';
import type { Importer } from './types';

/** Most specific first: WhatsApp's line pattern is the loosest test, so it goes last. */
export const IMPORTERS: readonly Importer[] = [
  crosstalkSyncImporter,
  sbrXmlImporter,
  telegramImporter,
  vcardImporter,
  crosstalkCsvImporter,
  whatsappImporter
];

/** Picks the importer from the file's first characters (content first; the name is only a hint). */
export function detectImporter(head: string, fileName: string): Importer | null {
  return IMPORTERS.find((i) => i.detect(head, fileName)) ?? null;
}
