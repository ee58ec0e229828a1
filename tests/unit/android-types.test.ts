import { describe, expect, it } from 'vitest';
import { callTypeToStatus, directionToSmsType, smsTypeToDirection, statusToCallType } from '../../src/lib/model/android-types';
import { CALL_STATUSES } from '../../src/lib/model/event';

describe('Android call types', () => {
  it('maps CallLog.Calls.TYPE to direction and status', () => {
    expect(callTypeToStatus(1, 30)).toEqual({ direction: 'in', status: 'answered' });
    expect(callTypeToStatus(2, 30)).toEqual({ direction: 'out', status: 'answered' });
    expect(callTypeToStatus(2, 0)).toEqual({ direction: 'out', status: 'unanswered' });
    expect(callTypeToStatus(3, 0)).toEqual({ direction: 'in', status: 'missed' });
    expect(callTypeToStatus(4, 12)).toEqual({ direction: 'in', status: 'voicemail' });
    expect(callTypeToStatus(5, 0)).toEqual({ direction: 'in', status: 'rejected' });
    expect(callTypeToStatus(6, 0)).toEqual({ direction: 'in', status: 'blocked' });
    expect(callTypeToStatus(7, 40)).toEqual({ direction: 'in', status: 'answered' });
  });

  it('returns null for types Android does not define', () => {
    for (const t of [0, 8, 100, -1, NaN]) expect(callTypeToStatus(t, 0)).toBeNull();
  });

  it('maps direction and status back to a type', () => {
    expect(statusToCallType('in', 'answered')).toBe(1);
    expect(statusToCallType('in', 'missed')).toBe(3);
    expect(statusToCallType('in', 'voicemail')).toBe(4);
    expect(statusToCallType('in', 'rejected')).toBe(5);
    expect(statusToCallType('in', 'blocked')).toBe(6);
    expect(statusToCallType('in', 'busy')).toBe(3);
    expect(statusToCallType('in', 'unanswered')).toBe(3);
    for (const status of CALL_STATUSES) expect(statusToCallType('out', status)).toBe(2);
  });

  it('round-trips every type except ANSWERED_EXTERNALLY, which reads back as INCOMING', () => {
    for (const type of [1, 2, 3, 4, 5, 6]) {
      const m = callTypeToStatus(type, 5)!;
      expect(statusToCallType(m.direction, m.status)).toBe(type);
    }
    const external = callTypeToStatus(7, 5)!;
    expect(statusToCallType(external.direction, external.status)).toBe(1);
  });
});

describe('Android SMS types', () => {
  it('maps Telephony.Sms.TYPE to direction and status', () => {
    expect(smsTypeToDirection(1)).toEqual({ direction: 'in', status: 'received' });
    expect(smsTypeToDirection(2)).toEqual({ direction: 'out', status: 'sent' });
    expect(smsTypeToDirection(3)).toEqual({ direction: 'out', status: 'draft' });
    expect(smsTypeToDirection(4)).toEqual({ direction: 'out', status: 'outbox' });
    expect(smsTypeToDirection(5)).toEqual({ direction: 'out', status: 'failed' });
    expect(smsTypeToDirection(6)).toEqual({ direction: 'out', status: 'queued' });
    for (const t of [0, 7, NaN]) expect(smsTypeToDirection(t)).toBeNull();
  });

  it('maps a direction back to INBOX or SENT', () => {
    expect(directionToSmsType('in')).toBe(1);
    expect(directionToSmsType('out')).toBe(2);
  });
});
