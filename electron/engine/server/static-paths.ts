import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Mapping a URL path to a file of a built bundle, shared by the engine's static server and the
 * desktop app's `app://` scheme: one place decides what may be served.
 */

/** The decoded path without its leading slash, or null when it could name something outside. */
export function safeRelative(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  // Refuses `..`, `.` and dotfiles alike: a build has no reason to serve any of them.
  if (segments.some((s) => s.startsWith('.'))) return null;
  return segments.join('/');
}

/** The real path of a regular file under `root` (a real path itself), or null; symlinks out are refused. */
export async function fileUnder(root: string, relative: string): Promise<string | null> {
  try {
    const real = await realpath(path.join(root, relative));
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}
