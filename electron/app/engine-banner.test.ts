import { describe, expect, it } from 'vitest';
import { LineSplitter, TailBuffer, parseBanner } from './engine-banner.js';

describe('parseBanner', () => {
  it('reads the origin and the token', () => {
    expect(parseBanner('Baton listening on http://127.0.0.1:43121/?token=abc-_DEF')).toEqual({ url: 'http://127.0.0.1:43121', token: 'abc-_DEF' });
    expect(parseBanner('Baton listening on http://[::1]:5/?token=t')).toEqual({ url: 'http://[::1]:5', token: 't' });
  });

  it('refuses other lines, other hosts, other schemes and a missing token', () => {
    expect(parseBanner('Starting…')).toBeNull();
    expect(parseBanner('Baton listening on http://192.168.1.2:80/?token=t')).toBeNull();
    expect(parseBanner('Baton listening on https://127.0.0.1:80/?token=t')).toBeNull();
    expect(parseBanner('Baton listening on http://127.0.0.1:80/')).toBeNull();
    expect(parseBanner('Baton listening on not a url')).toBeNull();
    expect(parseBanner('xx Baton listening on http://127.0.0.1:80/?token=t')).toBeNull();
  });
});

describe('LineSplitter', () => {
  it('joins chunks into lines and cuts a runaway line', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l), 10);
    s.push('ab');
    s.push('c\r\nde\nf');
    expect(lines).toEqual(['abc', 'de']);
    s.push('0123456789abc');
    expect(lines).toEqual(['abc', 'de', 'f0123456789abc'.slice(0, 10)]);
  });
});

describe('TailBuffer', () => {
  it('keeps the last lines, including an unterminated one', () => {
    const t = new TailBuffer(2, 1000);
    t.push('one\ntwo\nthree\nfour');
    expect(t.text()).toBe('two\nthree\nfour');
    t.clear();
    expect(t.text()).toBe('');
  });

  it('bounds the characters', () => {
    const t = new TailBuffer(20, 10);
    t.push('aaaaaaaa\nbbbbbbbb\n');
    expect(t.text()).toBe('bbbbbbbb');
  });
});
