import { expect } from 'vitest';
import { vcardImporter } from '../../src/lib/formats/vcard/read';
import type { Contact } from '../../src/lib/model/contact';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect } from '../unit/helpers';

const { read } = corpusReader('vcard');

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

describeCorpus('vCard corpus', {
  importer: vcardImporter,
  folder: 'vcard',
  expected: Object.fromEntries(
    Object.entries(EXPECTED).map(([file, contact]) => [
      file,
      async () => expect((await load(file)).items).toEqual([{ type: 'contact', contact: contact(file) }])
    ])
  ),
  load
});
