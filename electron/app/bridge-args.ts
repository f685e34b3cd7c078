import path from 'node:path';
import { err, ok, type Result } from '../engine/lib/result.js';

/** Longest URL handed to the OS; browsers cope with more, but nothing Baton links to is this long. */
const MAX_URL_CHARS = 2_048;
/** Notification text is a glance, not a report: longer text is cut, not refused. */
export const MAX_NOTIFY_TITLE_CHARS = 120;
export const MAX_NOTIFY_BODY_CHARS = 400;
/** PATH_MAX on Linux; no workspace path is longer. */
const MAX_PATH_CHARS = 4_096;

/**
 * An https URL that is safe to give the OS. Terminal output and diffs are attacker-controlled
 * (a prompt-injected repository can print any link), so nothing but https opens: no http, file:,
 * javascript:, custom app schemes (which can launch local programs), nor credentials in the URL.
 */
export function checkExternalUrl(value: unknown): Result<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL_CHARS) {
    return err('invalid-url', 'expected a URL string');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return err('invalid-url', 'not a valid URL');
  }
  if (url.protocol !== 'https:') return err('url-not-https', `only https links open outside Baton, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') return err('url-has-credentials', 'links with credentials do not open');
  return ok(url.toString());
}

export interface NotificationText {
  title: string;
  body: string;
}

/** Two strings, control characters removed and length capped. */
export function checkNotification(title: unknown, body: unknown): Result<NotificationText> {
  if (typeof title !== 'string' || typeof body !== 'string') return err('invalid-notification', 'title and body must be strings');
  const cleanTitle = shorten(clean(title), MAX_NOTIFY_TITLE_CHARS);
  if (cleanTitle === '') return err('invalid-notification', 'a notification needs a title');
  return ok({ title: cleanTitle, body: shorten(clean(body), MAX_NOTIFY_BODY_CHARS) });
}

/** An absolute path string (whether it is allowed is path-guard's question). */
export function checkAbsolutePath(value: unknown): Result<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_CHARS || value.includes('\0')) {
    return err('invalid-path', 'expected a path string');
  }
  if (!path.isAbsolute(value)) return err('path-not-absolute', `not an absolute path: ${value}`);
  return ok(path.normalize(value));
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
