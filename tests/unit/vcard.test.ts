import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/import/types';
import { parseProperty, vcardImporter } from '../../src/lib/formats/vcard/read';
import type { Contact } from '../../src/lib/model/contact';
import { collect } from './helpers';

const FILE = 'contacts.vcf';
const crlf = (...lines: string[]) => lines.map((l) => l + '\r\n').join('');

async function readWithDetails(text: string | Uint8Array, chunk?: number) {
  const result = await collect(vcardImporter, text, { fileName: FILE }, chunk);
  return { ...result, contacts: result.items.flatMap((i) => (i.type === 'contact' ? [i.contact] : [])) };
}

/** Names and numbers only (the details have their own tests below). */
async function read(text: string | Uint8Array, chunk?: number) {
  const result = await readWithDetails(text, chunk);
  return { ...result, contacts: result.contacts.map(({ details: _details, ...c }) => c) };
}

const contact = (name: string, numbers: string[], record: string, identities: Contact['identities'] = []): Contact => ({
  name,
  numbers,
  identities,
  source: { format: 'vcard', file: FILE, record }
});

/** An Android-style 2.1 export, an Apple 3.0 card, WhatsApp and 4.0 cards, and the name fallbacks. */
const MIXED = crlf(
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E4=BC=9F;;;',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E4=BC=9F=20(=E5=85=AC=E5=8F=B8=',
  '=E5=90=8C=E4=BA=8B)',
  'TEL;CELL:+86 138 0013 8000',
  'TEL;HOME;VOICE:010-8888 6666',
  'TEL;CELL:+86 138 0013 8000',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'FN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Ren=E9 =',
  ' M=FCller',
  'TEL;WORK:+49 30 1234567',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Appleseed;Johnny;;;',
  'FN:Johnny Appleseed',
  'item1.TEL;type=CELL;type=VOICE;type=pref:+1 (202) 555-0123',
  'item1.X-ABLabel:_$!<Mobile>!$_',
  'item2.TEL;type=IPHONE;type=CELL:+1 202 555 0199',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:;WhatsApp Friend;;;',
  'FN:WhatsApp Friend',
  'item1.TEL;type=CELL;type=VOICE;waid=8613800138000:+86 138 0013 8000',
  'item1.X-ABLabel:Mobile',
  'TEL;waid=8613800138000:+8613800138000',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Smith\\, John\\; Jr.\\nsecond line',
  'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+1-202-555-0123;ext=5555',
  'TEL;VALUE=uri:TEL:+1-202-555-0124',
  'TEL;TYPE=work:',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Doe;Jane;Q.;Dr.;',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:张;三;;;',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:;;;;',
  'ORG:Acme\\, Inc.;Sales',
  'TEL:400 800 1234',
  'END:VCARD',
  'begin:vcard',
  'version:3.0',
  'fn:Lower Case',
  'tel;type=cell:+44 7700 900123',
  'end:vcard',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'TEL:+1 555 0100',
  'END:VCARD'
);

describe('vcard cards', () => {
  it('reads names and numbers from every version and TEL form', async () => {
    const { contacts, skips } = await read(MIXED);
    expect(skips).toEqual([]);
    expect(contacts).toEqual([
      contact('王伟 (公司同事)', ['+86 138 0013 8000', '010-8888 6666'], 'card 1 (line 1)'),
      contact('René Müller', ['+49 30 1234567'], 'card 2 (line 10)'),
      contact('Johnny Appleseed', ['+1 (202) 555-0123', '+1 202 555 0199'], 'card 3 (line 16)'),
      contact('WhatsApp Friend', ['+86 138 0013 8000', '+8613800138000'], 'card 4 (line 24)', [{ channel: 'whatsapp', handle: '+8613800138000' }]),
      contact('Smith, John; Jr.\nsecond line', ['+1-202-555-0123', '+1-202-555-0124'], 'card 5 (line 32)'),
      contact('Jane Doe', [], 'card 6 (line 39)'),
      contact('张三', [], 'card 7 (line 43)'),
      contact('Acme, Inc.', ['400 800 1234'], 'card 8 (line 47)'),
      contact('Lower Case', ['+44 7700 900123'], 'card 9 (line 53)'),
      contact('', ['+1 555 0100'], 'card 10 (line 58)')
    ]);
  });

  it('gives the same items whatever the chunking (1 byte per chunk vs the whole file)', async () => {
    const whole = await read(MIXED);
    expect(whole.items).toHaveLength(10);
    expect((await read(MIXED, 1)).items).toEqual(whole.items);
    expect((await read(MIXED, 3)).items).toEqual(whole.items);
  });

  it('unfolds CRLF, LF and lone-CR lines continued by a space or a tab', async () => {
    const text = 'BEGIN:VCARD\nVERSION:3.0\nFN:Long\r\n  Name\r\n\tHere\rTE\n L;TYPE=cell:+1 202\n  555 0123\nEND:VCARD\n';
    const { contacts } = await read(text);
    expect(contacts).toEqual([contact('Long NameHere', ['+1 202 555 0123'], 'card 1 (line 1)')]);
  });

  it('joins quoted-printable soft line breaks, with or without a folding space', async () => {
    const text = crlf(
      'BEGIN:VCARD',
      'VERSION:2.1',
      'FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E6=9D=8E=',
      '=E5=9B=9B=',
      ' =E4=BA=94',
      'NOTE;ENCODING=QUOTED-PRINTABLE:ends with a soft break=',
      'END:VCARD'
    );
    const { contacts, skips } = await read(text);
    expect(skips).toEqual([]);
    expect(contacts.map((c) => c.name)).toEqual(['李四五']);
  });

  it('passes over long folded binary values (a 2.1 PHOTO) and blank lines', async () => {
    const photo = Array.from({ length: 5000 }, () => ' /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDA=');
    const text = crlf('BEGIN:VCARD', 'VERSION:2.1', 'FN:Photo Person', 'PHOTO;ENCODING=BASE64;JPEG:', ...photo, '', 'TEL;CELL:+1 555 0102', 'END:VCARD');
    expect((await read(text)).contacts).toEqual([contact('Photo Person', ['+1 555 0102'], 'card 1 (line 1)')]);
  });

  it('decodes RFC 6868 caret escapes and quoted parameters, keeping colons and semicolons inside quotes', () => {
    expect(parseProperty('item3.TEL;X-NOTE="a;b:c ^\'q^\' ^^ ^n";waid=123:+1 555 0100')).toEqual({
      name: 'TEL',
      params: new Map([
        ['X-NOTE', 'a;b:c "q" ^ \n'],
        ['WAID', '123']
      ]),
      value: '+1 555 0100'
    });
    expect(parseProperty('TEL;CELL;QUOTED-PRINTABLE:+1')?.params).toEqual(
      new Map([
        ['TYPE', 'CELL'],
        ['ENCODING', 'QUOTED-PRINTABLE']
      ])
    );
    expect(parseProperty('X-CUSTOM:ignored')).toBeNull();
    expect(parseProperty('no colon here')).toBeNull();
  });
});

describe('vcard malformed input', () => {
  it('skips broken cards with a diagnostic and keeps the others', async () => {
    const text = crlf(
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Unclosed',
      'BEGIN:VCARD',
      'FN:Kept',
      'TEL:+1 555 0101',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'NOTE:nothing useful',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Cut off'
    );
    const { contacts, skips } = await read(text);
    expect(contacts).toEqual([contact('Kept', ['+1 555 0101'], 'card 2 (line 4)')]);
    expect(skips).toEqual([
      { file: FILE, where: 'line 1', reason: 'END:VCARD without BEGIN:VCARD' },
      { file: FILE, where: 'card 1 (line 2)', reason: "BEGIN:VCARD on line 4 before this card's END:VCARD" },
      { file: FILE, where: 'card 3 (line 8)', reason: 'card with neither a name nor a phone number' },
      { file: FILE, where: 'card 4 (line 12)', reason: 'the file ends before END:VCARD (truncated file?)' }
    ]);
  });

  it('rejects a file with no card at all', async () => {
    await expect(read('hello\nworld\n')).rejects.toThrow(new ImportError(FILE, null, 'no BEGIN:VCARD found: not a vCard file'));
  });

  it('drops a UTF-8 BOM', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(crlf('BEGIN:VCARD', 'FN:Bom', 'END:VCARD'))]);
    expect((await read(bytes, 2)).contacts.map((c) => c.name)).toEqual(['Bom']);
  });
});

describe('vcard detect', () => {
  const detect = (head: string) => vcardImporter.detect(head, 'x.vcf');

  it('recognises BEGIN:VCARD at the start, after a BOM or whitespace, in any case', () => {
    expect(detect('BEGIN:VCARD\r\nVERSION:3.0')).toBe(true);
    expect(detect('\ufeff\r\n  begin:vcard\nversion:2.1')).toBe(true);
  });

  it('rejects other content', () => {
    expect(detect('{"name": "BEGIN:VCARD"}')).toBe(false);
    expect(detect('NOTE:x\r\nBEGIN:VCARD')).toBe(false);
    expect(detect('BEGIN:VCALENDAR')).toBe(false);
  });
});

describe('vcard details for suggested matches', () => {
  it('keeps N parts, every NICKNAME, ORG, EMAIL and IMPP / X-SOCIALPROFILE usernames', async () => {
    const { contacts } = await readWithDetails(
      crlf(
        'BEGIN:VCARD',
        'VERSION:3.0',
        'N:杨;帆;;;',
        'FN:杨帆',
        'NICKNAME:小杨,Fanfan\\, the elder',
        'ORG:Acme Ltd.;Sales',
        'item1.EMAIL;TYPE=INTERNET:Yang.Fan@Example.org',
        'EMAIL:mailto:fan@example.com',
        'IMPP;X-SERVICE-TYPE=Skype:skype:yang.fan88',
        'X-SOCIALPROFILE;TYPE=twitter:http\\://twitter.com/yangfan/',
        'X-SOCIALPROFILE;TYPE=instagram;X-USER=fan.yang:https://instagram.com/fan.yang',
        'TEL:+86 138 0013 8001',
        'END:VCARD'
      )
    );
    expect(contacts).toEqual([
      {
        ...contact('杨帆', ['+86 138 0013 8001'], 'card 1 (line 1)'),
        details: {
          family: '杨',
          given: '帆',
          nicknames: ['小杨', 'Fanfan, the elder'],
          org: 'Acme Ltd.',
          emails: ['yang.fan@example.org', 'fan@example.com'],
          usernames: ['yang.fan88', 'yangfan', 'fan.yang']
        }
      }
    ]);
  });
});
