import { hash64 } from '../../model/hash';
import type { Contact, OwnerIdentity } from '../../model/contact';

/*
 * The stored ids of contacts and owner identities. A module of their own so that live sync (loaded with the
 * data worker) can use them without loading the importers (see backend.ts, `importing`).
 */

export function contactId(c: Contact): string {
  return hash64(JSON.stringify([c.name, c.numbers, c.identities]));
}

export function ownerId(o: OwnerIdentity): string {
  return hash64(JSON.stringify([o.name, o.phone, o.identity]));
}
