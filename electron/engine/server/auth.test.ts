import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerToken, originAllowed, TokenAuth } from './auth.js';

const req = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const url = (path: string) => new URL(path, 'http://127.0.0.1:4000');

describe('TokenAuth', () => {
  const auth = new TokenAuth('s3cret-token');

  it('matches only the exact token', () => {
    expect(auth.matches('s3cret-token')).toBe(true);
    for (const wrong of ['', 's3cret-toke', 's3cret-token ', 'S3CRET-TOKEN', 's3cret-tokenx']) expect(auth.matches(wrong), wrong).toBe(false);
  });

  it('finds the token in the bearer header, or (only when allowed) the query', () => {
    expect(auth.authenticate(req({ authorization: 'Bearer s3cret-token' }), url('/'))).toBe('bearer');
    expect(auth.authenticate(req({}), url('/?token=s3cret-token'))).toBeNull();
    expect(auth.authenticate(req({}), url('/?token=s3cret-token'), true)).toBe('query');
    expect(auth.authenticate(req({ authorization: 'Bearer nope' }), url('/?token=nope'), true)).toBeNull();
  });

  // Regression (issue 7, H1): browsers send 127.0.0.1's cookies to every local port, so a cookie
  // another local server received must not authenticate, not even one a former version set.
  it('never accepts the token as a cookie', () => {
    expect(auth.authenticate(req({ cookie: 'baton_token=s3cret-token' }), url('/'))).toBeNull();
    expect(auth.authenticate(req({ cookie: 'baton_token=s3cret-token' }), url('/'), true)).toBeNull();
  });

  it('refuses an empty token', () => {
    expect(() => new TokenAuth('')).toThrow();
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

  it('accepts no Origin, our own origin and configured extras only', () => {
    expect(originAllowed(req({ host: '127.0.0.1:4000' }), [])).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }), [])).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4001' }), [])).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'null' }), [])).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:4000', origin: 'http://localhost:5173' }), ['http://localhost:5173'])).toBe(true);
  });
});
