import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import { csvInput } from './helpers';

describe('timeline tallies', () => {
  it('counts events per channel and per UTC month, of everyone and of one person, leaving out what has none', async () => {
    const b = await Backend.open(getRxStorageMemory(), 'tallies' + Math.random().toString(36).slice(2));
    await b.updateSettings({ region: 'CN' });
    await b.importFiles([
      csvInput('a.csv', [
        '1,phone,call,in,answered,+8613800138000,Xiao Yang,2026-10-20T01:00:05.000Z,65,0,,,,',
        '1,phone,sms,out,sent,+8613800138000,Xiao Yang,2026-10-31T23:30:00.000Z,,,hi,,,',
        '1,phone,sms,in,received,+8613800138000,Xiao Yang,2026-11-01T00:30:00.000Z,,,hi,,,',
        '1,whatsapp,sms,in,received,+8613900139000,Lin,2026-08-02T10:00:00.000Z,,,yo,,,'
      ])
    ]);
    expect(await b.tallies()).toEqual({
      channels: [
        { channel: 'phone', count: 3 },
        { channel: 'whatsapp', count: 1 }
      ],
      months: [
        { month: '2026-11', count: 1 },
        { month: '2026-10', count: 2 },
        { month: '2026-08', count: 1 }
      ]
    });
    const yang = (await b.people()).find((p) => p.name === 'Xiao Yang')!;
    expect(await b.tallies(yang.id)).toEqual({
      channels: [{ channel: 'phone', count: 3 }],
      months: [
        { month: '2026-11', count: 1 },
        { month: '2026-10', count: 2 }
      ]
    });
    expect(await b.tallies('no such person')).toEqual({ channels: [], months: [] });
    await b.close();
  });
});
