import { describe, expect, it } from 'vitest';
import { timelineCsvHeader, timelineCsvLine } from '../../src/lib/formats/timeline-csv/write';
import type { CommEvent } from '../../src/lib/model/event';

describe('timeline CSV for spreadsheets', () => {
  it('writes one readable row per event in the chosen time zone', () => {
    const e = {
      id: 'x', channel: 'whatsapp', kind: 'message', direction: 'in', handle: 'Xiao Yang', name: null, phone: '+8613800138000', conversation: null,
      start: Date.parse('2026-10-20T01:00:05Z'), body: '=HYPERLINK("http://evil")', attachments: [{ name: 'a.jpg', type: 'image' }], transport: null,
      source: { format: 'whatsapp-txt', file: 'c.txt', record: 'line 1' }
    } as CommEvent;
    expect(timelineCsvHeader()).toBe('\ufefftime,person,app,kind,direction,status,duration_sec,number,handle,text,attachments\r\n');
    expect(timelineCsvLine(e, 'Xiao Yang', 'Asia/Shanghai')).toBe(
      `2026-10-20 09:00:05,Xiao Yang,WhatsApp,message,in,,,+8613800138000,Xiao Yang,"'=HYPERLINK(""http://evil"")",a.jpg\r\n`
    );
  });
});
