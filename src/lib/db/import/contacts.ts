import { MAX_NAMES } from '../../boundary/sync-records';
import type { Contact, ContactDetails } from '../../model/contact';
import type { CrosstalkDatabase } from '../store/database';
import type { ContactDoc } from '../store/schema';

/**
 * A file's contacts as they are stored. A contact is keyed by its name, numbers and identities only, so a
 * record of it that says less (a sync file of an older copy, without vCard details) or something else (an
 * earlier vCard with another e-mail address) must not wipe what is stored: their details are combined.
 */
export async function contactsToStore(db: CrosstalkDatabase, contacts: Contact[], idOf: (c: Contact) => string): Promise<ContactDoc[]> {
  const byId = new Map<string, ContactDoc>();
  for (const c of contacts) {
    const id = idOf(c);
    byId.set(id, withDetails({ ...c, id }, byId.get(id)?.details));
  }
  for (const [id, stored] of await db.contacts.findByIds([...byId.keys()]).exec()) {
    byId.set(id, withDetails(byId.get(id)!, stored.toMutableJSON().details));
  }
  return [...byId.values()];
}

function withDetails(doc: ContactDoc, other: ContactDetails | undefined): ContactDoc {
  const details = combined(other, doc.details);
  return details ? { ...doc, details } : doc;
}

/** Both records' details; where each names one thing (family, given, org), that of the record imported last if it has one. */
function combined(older: ContactDetails | undefined, newer: ContactDetails | undefined): ContactDetails | undefined {
  if (!older || !newer) return newer ?? older;
  const union = (a: string[], b: string[]) => [...new Set([...b, ...a])].slice(0, MAX_NAMES);
  return {
    family: newer.family || older.family,
    given: newer.given || older.given,
    nicknames: union(older.nicknames, newer.nicknames),
    org: newer.org || older.org,
    emails: union(older.emails, newer.emails),
    usernames: union(older.usernames, newer.usernames)
  };
}
