/** Crosstalk CSV v1 (docs/crosstalk-csv-v1.md): the columns, in writer order, and the row shape. */
export const CSV_VERSION = '1';

export const CSV_COLUMNS = [
  'v',
  'channel',
  'kind',
  'direction',
  'status',
  'number',
  'name',
  'start',
  'duration_sec',
  'video',
  'body',
  'attachments',
  'crosstalk_id',
  'source_id'
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Record<CsvColumn, string>;

export const MESSAGE_STATUSES = ['received', 'sent', 'draft', 'outbox', 'failed', 'queued'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
