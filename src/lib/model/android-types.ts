/**
 * Android's CallLog.Calls.TYPE and Telephony.Sms.TYPE codes and their Crosstalk meaning
 * (docs/crosstalk-csv-v1.md, "Android mapping"). Shared by the SBR XML and Crosstalk CSV readers and writers.
 */
import type { MessageStatus } from '../formats/crosstalk-csv/columns';
import type { CallStatus, Direction } from './event';

export const CALL_TYPE = {
  INCOMING: 1,
  OUTGOING: 2,
  MISSED: 3,
  VOICEMAIL: 4,
  REJECTED: 5,
  BLOCKED: 6,
  ANSWERED_EXTERNALLY: 7
} as const;

export const SMS_TYPE = {
  INBOX: 1,
  SENT: 2,
  DRAFT: 3,
  OUTBOX: 4,
  FAILED: 5,
  QUEUED: 6
} as const;

export interface CallMeaning {
  direction: Direction;
  status: CallStatus;
}

export interface MessageMeaning {
  direction: Direction;
  status: MessageStatus;
}

const INCOMING_CALL_STATUS: Partial<Record<number, CallStatus>> = {
  [CALL_TYPE.INCOMING]: 'answered',
  [CALL_TYPE.MISSED]: 'missed',
  [CALL_TYPE.VOICEMAIL]: 'voicemail',
  [CALL_TYPE.REJECTED]: 'rejected',
  [CALL_TYPE.BLOCKED]: 'blocked',
  [CALL_TYPE.ANSWERED_EXTERNALLY]: 'answered'
};

/** Null for a type Android does not define. */
export function callTypeToStatus(type: number, durationSec: number): CallMeaning | null {
  if (type === CALL_TYPE.OUTGOING) return { direction: 'out', status: durationSec > 0 ? 'answered' : 'unanswered' };
  const status = INCOMING_CALL_STATUS[type];
  return status ? { direction: 'in', status } : null;
}

/** The call log has no outgoing-missed or incoming-busy codes: those fold into OUTGOING and MISSED. */
export function statusToCallType(direction: Direction, status: CallStatus): number {
  if (direction === 'out') return CALL_TYPE.OUTGOING;
  switch (status) {
    case 'answered':
      return CALL_TYPE.INCOMING;
    case 'voicemail':
      return CALL_TYPE.VOICEMAIL;
    case 'rejected':
      return CALL_TYPE.REJECTED;
    case 'blocked':
      return CALL_TYPE.BLOCKED;
    default:
      return CALL_TYPE.MISSED;
  }
}

const SMS_TYPE_MEANING: Partial<Record<number, MessageMeaning>> = {
  [SMS_TYPE.INBOX]: { direction: 'in', status: 'received' },
  [SMS_TYPE.SENT]: { direction: 'out', status: 'sent' },
  [SMS_TYPE.DRAFT]: { direction: 'out', status: 'draft' },
  [SMS_TYPE.OUTBOX]: { direction: 'out', status: 'outbox' },
  [SMS_TYPE.FAILED]: { direction: 'out', status: 'failed' },
  [SMS_TYPE.QUEUED]: { direction: 'out', status: 'queued' }
};

/**
 * Null for a type Android does not define. Also reads MMS `msg_box`, whose codes 1–5
 * (inbox, sent, drafts, outbox, failed) are the same.
 */
export function smsTypeToDirection(type: number): MessageMeaning | null {
  return SMS_TYPE_MEANING[type] ?? null;
}

export function directionToSmsType(direction: Direction): number {
  return direction === 'in' ? SMS_TYPE.INBOX : SMS_TYPE.SENT;
}
