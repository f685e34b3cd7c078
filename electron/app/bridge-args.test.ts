import { describe, expect, it } from 'vitest';
import { checkAbsolutePath, checkExternalUrl, checkNotification, MAX_NOTIFY_BODY_CHARS, MAX_NOTIFY_TITLE_CHARS } from './bridge-args.js';

describe('checkExternalUrl', () => {
  it('accepts https', () => {
    expect(checkExternalUrl('https://github.com/openai/symphony/pull/1')).toEqual({ ok: true, value: 'https://github.com/openai/symphony/pull/1' });
  });

  it.each([
    ['http://example.com/', 'url-not-https'],
    ['file:///etc/passwd', 'url-not-https'],
    ['javascript:alert(1)', 'url-not-https'],
    ['vscode://file/etc/passwd', 'url-not-https'],
    ['smb://host/share', 'url-not-https'],
    ['data:text/html,<script>1</script>', 'url-not-https'],
    ['https://user:pw@example.com/', 'url-has-credentials'],
    ['not a url', 'invalid-url'],
    ['', 'invalid-url'],
    [`https://example.com/${'a'.repeat(3000)}`, 'invalid-url'],
  ])('refuses %s', (value, code) => {
    const result = checkExternalUrl(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('refuses anything but a string', () => {
    for (const value of [undefined, null, 42, { href: 'https://x' }, ['https://x']]) expect(checkExternalUrl(value).ok).toBe(false);
  });
});

describe('checkNotification', () => {
  it('keeps short text and strips control characters', () => {
    expect(checkNotification('Ticket\u0007 BAT-1 ready', 'Review\u001b[31m it\nplease')).toEqual({ ok: true, value: { title: 'Ticket BAT-1 ready', body: 'Review[31m it\nplease' } });
  });

  it('cuts long text to its limits', () => {
    const result = checkNotification('t'.repeat(500), 'b'.repeat(5000));
    expect(result.ok && result.value.title.length).toBe(MAX_NOTIFY_TITLE_CHARS);
    expect(result.ok && result.value.body.length).toBe(MAX_NOTIFY_BODY_CHARS);
    expect(result.ok && result.value.title.endsWith('…')).toBe(true);
  });

  it('refuses non-strings and an empty title', () => {
    expect(checkNotification(1, 'x').ok).toBe(false);
    expect(checkNotification('x', { toString: () => 'y' }).ok).toBe(false);
    expect(checkNotification('  ', 'x').ok).toBe(false);
  });
});

describe('checkAbsolutePath', () => {
  it('accepts an absolute path, normalized', () => {
    expect(checkAbsolutePath('/work/ws/BAT-1/../BAT-2')).toEqual({ ok: true, value: '/work/ws/BAT-2' });
  });

  it('refuses relative paths, NUL bytes and non-strings', () => {
    expect(checkAbsolutePath('ws/BAT-1').ok).toBe(false);
    expect(checkAbsolutePath('/work/\0x').ok).toBe(false);
    expect(checkAbsolutePath(undefined).ok).toBe(false);
    expect(checkAbsolutePath('').ok).toBe(false);
  });
});
