import { MIN_PASSPHRASE } from '../formats/crosstalk-sync/encrypted';
import { FieldProblem, object, text, SHORT } from './fields';

/** What the user enters to sync live through their own CouchDB (docs/sync.md, "Live sync"). */
export interface LiveConfig {
  /** The server, as an origin plus an optional path prefix, without a trailing slash: `https://couch.example:6984`. */
  url: string;
  /** The database on that server. */
  db: string;
  /** Empty: no credentials are sent. */
  username: string;
  password: string;
  passphrase: string;
}

/** CouchDB's rule for database names. */
const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;
const MAX_DB_NAME = 238;

/** The server URL as the worker will use it; refused unless plain http(s) with no credentials, query or fragment. */
export function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new FieldProblem('the server address is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FieldProblem('the server address must start with https:// or http://');
  if (url.username || url.password) throw new FieldProblem('put the username and password in their own fields, not in the address');
  if (url.search || url.hash) throw new FieldProblem('the server address must not have a query or fragment');
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

/** Checks the live sync form (from the UI, so untrusted) field by field. */
export function checkLiveConfig(value: unknown): LiveConfig {
  const o = object(value, 'live sync settings');
  const url = serverUrl(text(o, 'url', 2_000));
  const db = text(o, 'db', MAX_DB_NAME);
  if (!DB_NAME.test(db)) throw new FieldProblem('the database name must start with a–z and hold only a–z, 0–9 and _$()+-/');
  const username = text(o, 'username', SHORT);
  const password = text(o, 'password', SHORT);
  const passphrase = text(o, 'passphrase', SHORT);
  if ([...passphrase].length < MIN_PASSPHRASE) throw new FieldProblem(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  return { url, db, username, password, passphrase };
}
