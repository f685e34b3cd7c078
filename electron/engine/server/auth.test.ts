import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerToken, originAllowed, parseCookies, TokenAuth, withoutToken } from './auth.js';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const url = (path: string) => new URL(path, 'http://127.0.0.1:4000');

describe('TokenAuth', () => {
  const auth = new TokenAuth('s3cret-token');

  it('matches only the exact token', () => {
    expect(auth.matches('s3cret-token')).toBe(true);
    for (const wrong of ['', 's3cret-toke', 's3cret-token ', 'S3CRET-TOKEN', 's3cret-tokenx']) expect(auth.matches(wrong), wrong).toBe(false);
  });

  it('finds the token in the bearer header, the cookie, or (only when allowed) the query', () => {
    expect(auth.authenticate(req({ authorization: 'Bearer s3cret-token' }), url('/'))).toBe('bearer');
    expect(auth.authenticate(req({ cookie: 'a=b; baton_token=s3cret-token' }), url('/'))).toBe('cookie');
    expect(auth.authenticate(req({}), url('/?token=s3cret-token'))).toBeNull();
    expect(auth.authenticate(req({}), url('/?token=s3cret-token'), true)).toBe('query');
    expect(auth.authenticate(req({ authorization: 'Bearer nope', cookie: 'baton_token=nope' }), url('/?token=nope'), true)).toBeNull();
  });

  it('refuses an empty token', () => {
    expect(() => new TokenAuth('')).toThrow();
  });

  it('builds an HttpOnly, SameSite=Strict, root-path cookie', () => {
    expect(auth.cookie()).toBe('baton_token=s3cret-token; HttpOnly; SameSite=Strict; Path=/');
  });
});

describe('auth helpers', () => {
  it('parses bearer headers strictly', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('parses cookies, keeping the first of duplicate names and unquoting values', () => {
    const cookies = parseCookies('a=1; b="two"; a=3; broken; c=x=y');
    expect([...cookies]).toEqual([['a', '1'], ['b', 'two'], ['c', 'x=y']]);
  });

  it('accepts no Origin, our own origin and configured extras only', () => {
    expect(originAllowed(req({ host: '127.0.0.1:4000' }), [])).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }), [])).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4001' }), [])).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'null' }), [])).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'http://localhost:5173' }), ['http://localhost:5173'])).toBe(true);
  });

  it('strips only the token from a URL', () => {
    expect(withoutToken(url('/a/b?x=1&token=t&y=2#frag'))).toBe('/a/b?x=1&y=2');
    expect(withoutToken(url('/?token=t'))).toBe('/');
  });
});
