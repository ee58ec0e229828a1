import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vcardImporter } from '../../src/lib/importers/vcard';
import type { Contact } from '../../src/lib/model/contact';
import { collect } from '../unit/helpers';

const DIR = path.resolve(__dirname, '../../../shared/corpus/vcard');

function read(name: string) {
  return readFileSync(path.join(DIR, name));
}

async function load(name: string, chunk = 64 * 1024) {
  return collect(vcardImporter, read(name), { fileName: name }, chunk);
}

const contact = (file: string, name: string, numbers: string[]): Contact => ({
  name,
  numbers,
  identities: [],
  source: { format: 'vcard', file, record: 'card 1 (line 1)' }
});

/** Every corpus file (one card each), with the one contact it must give. */
const EXPECTED: Record<string, (file: string) => Contact> = {
  // Unknown X- property with caret-escaped and quoted params, an escaped comma and a grouped X-LABEL: no number.
  'msgvault__unknown-extensions.vcf': (f) => contact(f, 'Alice Example', []),
  // QP soft break `=` followed by a folded line: "Ren=C3=A9 =" + " Dupont".
  'msgvault__v21-quoted-printable.vcf': (f) => contact(f, 'René Dupont', ['+33612345678']),
  'msgvault__v3-apple-groups.vcf': (f) => contact(f, 'Alice Example', ['+12025550123']),
  // TEL;VALUE=uri:tel:+12025550123 among every RFC 6350 property (data: URIs, GEO, …).
  'msgvault__v4-registry-smoke.vcf': (f) => contact(f, 'Alice Example', ['+12025550123']),
  // FN;DERIVED=FALSE, N with SCRIPT/PHONETIC params: the name, no number.
  'msgvault__v4-rfc9554.vcf': (f) => contact(f, 'Alice Example', [])
};

describe('vCard corpus', () => {
  const files = readdirSync(DIR).sort();

  it('covers every file in the corpus', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of files) {
    describe(name, () => {
      it('is detected from its head', () => {
        expect(vcardImporter.detect(new TextDecoder().decode(read(name).subarray(0, 4096)), name)).toBe(true);
      });

      it('reads as expected', async () => {
        const { items } = await load(name);
        expect(items).toEqual([{ type: 'contact', contact: EXPECTED[name](name) }]);
      });

      it('reads the same with 1-byte chunks', async () => {
        expect((await load(name, 1)).items).toEqual((await load(name)).items);
      });
    });
  }
});
