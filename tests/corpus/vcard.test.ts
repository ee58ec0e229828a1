import { expect } from 'vitest';
import { vcardImporter } from '../../src/lib/formats/vcard/read';
import type { Contact, ContactDetails } from '../../src/lib/model/contact';
import { corpusReader, describeCorpus } from './corpus-suite';
import { collect } from '../unit/helpers';

const { read } = corpusReader('vcard');

async function load(name: string, chunk = 64 * 1024) {
  return collect(vcardImporter, read(name), { fileName: name }, chunk);
}

const NO_DETAILS: ContactDetails = { family: '', given: '', nicknames: [], org: '', emails: [], usernames: [] };

const contact = (file: string, name: string, numbers: string[], details: Partial<ContactDetails> = {}): Contact => ({
  name,
  numbers,
  identities: [],
  source: { format: 'vcard', file, record: 'card 1 (line 1)' },
  details: { ...NO_DETAILS, ...details }
});

/** Every corpus file (one card each), with the one contact it must give. */
const EXPECTED: Record<string, (file: string) => Contact> = {
  // Unknown X- property with caret-escaped and quoted params, an escaped comma and a grouped X-LABEL: no number.
  'msgvault__unknown-extensions.vcf': (f) => contact(f, 'Alice Example', []),
  // QP soft break `=` followed by a folded line: "Ren=C3=A9 =" + " Dupont".
  'msgvault__v21-quoted-printable.vcf': (f) => contact(f, 'René Dupont', ['+33612345678']),
  'msgvault__v3-apple-groups.vcf': (f) => contact(f, 'Alice Example', ['+12025550123'], { emails: ['alice@example.com'] }),
  // TEL;VALUE=uri:tel:+12025550123 among every RFC 6350 property (data: URIs, GEO, …).
  // NICKNAME, ORG, EMAIL and IMPP (xmpp:) kept for suggested matches.
  'msgvault__v4-registry-smoke.vcf': (f) =>
    contact(f, 'Alice Example', ['+12025550123'], {
      family: 'Example',
      given: 'Alice',
      nicknames: ['Al'],
      org: 'Example Org',
      emails: ['alice@example.com'],
      usernames: ['alice@example.com']
    }),
  // FN;DERIVED=FALSE, N with SCRIPT/PHONETIC params: the name, no number.
  'msgvault__v4-rfc9554.vcf': (f) => contact(f, 'Alice Example', [], { family: 'Example', given: 'Alice' })
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
