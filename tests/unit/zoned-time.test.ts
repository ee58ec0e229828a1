import { describe, expect, it } from 'vitest';
import { zonedToInstant } from '../../src/lib/util/zoned-time';

describe('zonedToInstant', () => {
  it('reads a wall time in a zone without DST', () => {
    expect(new Date(zonedToInstant(2026, 10, 20, 9, 0, 5, 'Asia/Shanghai')).toISOString()).toBe('2026-10-20T01:00:05.000Z');
  });
  it('takes the earlier instant in a fall-back overlap', () => {
    expect(new Date(zonedToInstant(2026, 10, 25, 2, 30, 0, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
  it('reads a skipped spring-forward time with the old offset', () => {
    expect(new Date(zonedToInstant(2026, 3, 29, 2, 30, 0, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
  it('handles UTC and summer time west of Greenwich', () => {
    expect(zonedToInstant(2026, 1, 1, 0, 0, 0, 'UTC')).toBe(Date.UTC(2026, 0, 1));
    expect(new Date(zonedToInstant(2026, 7, 1, 12, 0, 0, 'America/New_York')).toISOString()).toBe('2026-07-01T16:00:00.000Z');
  });
});
