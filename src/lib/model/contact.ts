import type { Channel, Provenance } from './event';

/** A chat identity: a channel plus the handle the channel shows (user id or display name). */
export interface Identity {
  channel: Channel;
  handle: string;
}

/**
 * Something a file says about a person: a vCard entry (name + numbers), a Telegram contact
 * (name + number + user id). Contacts are what bind chat identities to phone numbers.
 */
export interface Contact {
  name: string;
  /** Raw phone numbers as written in the file. */
  numbers: string[];
  /** Chat identities the file ties to this contact (e.g. telegram:user123). */
  identities: Identity[];
  source: Provenance;
  /** The rest of what a vCard says about who this is (for suggested matches); absent for other sources. */
  details?: ContactDetails;
}

export interface ContactDetails {
  /** N's family and given names. */
  family: string;
  given: string;
  nicknames: string[];
  org: string;
  emails: string[];
  /** Chat and social usernames (IMPP, X-SOCIALPROFILE), without the scheme or profile address. */
  usernames: string[];
}

/** An identity of the device owner found in a file (Telegram personal_information, …). */
export interface OwnerIdentity {
  name: string | null;
  phone: string | null;
  identity: Identity | null;
}
