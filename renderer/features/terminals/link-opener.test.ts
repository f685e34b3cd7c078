import { describe, expect, it } from 'vitest';
import { openTerminalLink } from './link-opener.js';

function browser() {
  const opened: unknown[][] = [];
  return { opened, win: { open: (...args: unknown[]) => (opened.push(args), null) } as unknown as Pick<Window, 'open'> };
}

describe('openTerminalLink', () => {
  it('in Electron opens only https, through openExternal', () => {
    const external: string[] = [];
    const { opened, win } = browser();
    const electron = { ...win, baton: { openExternal: async (u: string) => (external.push(u), { ok: true }) } };
    expect(openTerminalLink('https://example.com/a?b=1', electron)).toBe('opened');
    expect(openTerminalLink('http://example.com', electron)).toBe('refused');
    expect(openTerminalLink('file:///etc/passwd', electron)).toBe('refused');
    expect(external).toEqual(['https://example.com/a?b=1']);
    expect(opened).toEqual([]);
  });

  it('in a browser opens http(s) in a new tab without an opener', () => {
    const { opened, win } = browser();
    expect(openTerminalLink('http://localhost:3000/', win)).toBe('opened');
    expect(openTerminalLink('javascript:alert(1)', win)).toBe('refused');
    expect(openTerminalLink('not a url', win)).toBe('refused');
    expect(opened).toEqual([['http://localhost:3000/', '_blank', 'noopener,noreferrer']]);
  });
});
