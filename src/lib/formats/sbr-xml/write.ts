import { zipSync } from 'fflate';
import type { CsvRow } from '../crosstalk-csv/columns';
import type { CallStatus, Direction } from '../../model/event';
import { statusToCallType, directionToSmsType } from '../../model/android-types';

/**
 * SMS Backup & Restore XML (the format the widely used Android app restores), written from write-back rows:
 * `sms-<stamp>.xml` (<smses>/<sms>) and `calls-<stamp>.xml` (<calls>/<call>), attributes as the app writes
 * them. Only characters XML 1.0 can carry are written; text is escaped, newlines as &#10;.
 */

// XML 1.0 forbids most C0 controls even as references; lone surrogates cannot be encoded in UTF-8.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlAttr(value: string): string {
  return value
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function readableDate(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleString('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'medium' }).replace(/\u202f/g, ' ');
}

function attrs(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${k}="${xmlAttr(v)}"`).join(' ');
}

const PROLOG = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By Crosstalk (SMS Backup & Restore format)-->\n";

export function sbrSmsXml(rows: CsvRow[], timeZone: string, backupDate: number, backupSet: string): string {
  const messages = rows.filter((r) => r.kind !== 'call');
  const lines = messages.map((r) => {
    const date = Date.parse(r.start);
    return `  <sms ${attrs([
      ['protocol', '0'],
      ['address', r.number],
      ['date', String(date)],
      ['type', String(directionToSmsType(r.direction as Direction))],
      ['subject', 'null'],
      ['body', r.body],
      ['toa', 'null'],
      ['sc_toa', 'null'],
      ['service_center', 'null'],
      ['read', '1'],
      ['status', '-1'],
      ['locked', '0'],
      ['date_sent', '0'],
      ['sub_id', '-1'],
      ['readable_date', readableDate(date, timeZone)],
      ['contact_name', r.name || '(Unknown)']
    ])} />`;
  });
  return `${PROLOG}<smses ${attrs([['count', String(messages.length)], ['backup_set', backupSet], ['backup_date', String(backupDate)], ['type', 'full']])}>\n${lines.join('\n')}${lines.length ? '\n' : ''}</smses>\n`;
}

export function sbrCallsXml(rows: CsvRow[], timeZone: string, backupDate: number, backupSet: string): string {
  const calls = rows.filter((r) => r.kind === 'call');
  const lines = calls.map((r) => {
    const date = Date.parse(r.start);
    return `  <call ${attrs([
      ['number', r.number],
      ['duration', r.duration_sec || '0'],
      ['date', String(date)],
      ['type', String(statusToCallType(r.direction as Direction, r.status as CallStatus))],
      ['presentation', '1'],
      ['subscription_id', '-1'],
      ['post_dial_digits', ''],
      ['subscription_component_name', 'app.crosstalk.exporter/.WriteBack'],
      ['readable_date', readableDate(date, timeZone)],
      ['contact_name', r.name || '(Unknown)']
    ])} />`;
  });
  return `${PROLOG}<calls ${attrs([['count', String(calls.length)], ['backup_set', backupSet], ['backup_date', String(backupDate)], ['type', 'full']])}>\n${lines.join('\n')}${lines.length ? '\n' : ''}</calls>\n`;
}

/** Both files in one zip, named as the app names its own backups. */
export function sbrZip(rows: CsvRow[], timeZone: string, now = Date.now()): Uint8Array {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  const set = crypto.randomUUID();
  const enc = new TextEncoder();
  return zipSync({
    [`sms-${stamp}.xml`]: enc.encode(sbrSmsXml(rows, timeZone, now, set)),
    [`calls-${stamp}.xml`]: enc.encode(sbrCallsXml(rows, timeZone, now, set))
  });
}
