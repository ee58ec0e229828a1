import { describe, expect, it } from 'vitest';
import { IdFilter } from '../../src/lib/db/store/id-filter';

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `ct1-${(from + i).toString(16).padStart(16, '0')}`);

describe('id filter', () => {
  it('holds every id added and takes few others for held', () => {
    const filter = new IdFilter(10_000);
    for (const id of ids(0, 10_000)) filter.add(id);
    expect(ids(0, 10_000).every((id) => filter.mightHold(id))).toBe(true);
    expect(ids(10_000, 110_000).filter((id) => filter.mightHold(id)).length).toBe(240);
    expect(filter.full).toBe(false);
    filter.add('one more');
    expect(filter.full).toBe(true);
    expect(filter.mightHold('one more')).toBe(true);
  });

  it('is built from batches of ids with room to grow', async () => {
    async function* batches() {
      yield ids(0, 3000);
      yield ids(3000, 5000);
    }
    const filter = await IdFilter.of(batches(), 2, 100);
    expect(filter.capacity).toBe(10_000);
    expect(ids(0, 5000).every((id) => filter.mightHold(id))).toBe(true);
    expect(ids(5000, 105_000).filter((id) => filter.mightHold(id)).length).toBeLessThan(400);
    for (const id of ids(5000, 10_000)) filter.add(id);
    expect(filter.full).toBe(false);
    expect((await IdFilter.of(batches(), 2, 50_000)).capacity).toBe(50_000);
  });
});
