import { describe, expect, it } from 'vitest';
import { checkLiveConfig } from '../../src/lib/boundary/live-config';

const ok = { url: 'https://couch.example.org:6984/', db: 'crosstalk', username: 'family', password: 'pw', passphrase: 'eight chars' };

describe('live sync settings at the boundary', () => {
  it('keeps an http(s) origin with its path, without the trailing slash', () => {
    expect(checkLiveConfig(ok)).toEqual({ ...ok, url: 'https://couch.example.org:6984' });
    expect(checkLiveConfig({ ...ok, url: ' http://127.0.0.1:5984/couch/ ', db: 'a1_$()+-/b' })).toEqual({ ...ok, url: 'http://127.0.0.1:5984/couch', db: 'a1_$()+-/b' });
  });

  it('refuses each wrong field with the reason', () => {
    const problem = (patch: Record<string, unknown>) => {
      try {
        checkLiveConfig({ ...ok, ...patch });
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(problem({ url: 'javascript:alert(1)' })).toBe('the server address must start with https:// or http://');
    expect(problem({ url: 'couch.example.org' })).toBe('the server address is not a URL');
    expect(problem({ url: 'https://me:secret@couch.example.org' })).toBe('put the username and password in their own fields, not in the address');
    expect(problem({ url: 'https://couch.example.org/?x=1' })).toBe('the server address must not have a query or fragment');
    expect(problem({ db: 'Crosstalk' })).toBe('the database name must start with a–z and hold only a–z, 0–9 and _$()+-/');
    expect(problem({ db: '_users' })).toBe('the database name must start with a–z and hold only a–z, 0–9 and _$()+-/');
    expect(problem({ db: 'a'.repeat(239) })).toBe('db is longer than 238 characters');
    expect(problem({ passphrase: 'seven c' })).toBe('the passphrase must have at least 8 characters');
    expect(problem({ password: 42 })).toBe('password is not text');
    expect(problem({ username: undefined })).toBe('username is not text');
  });
});
