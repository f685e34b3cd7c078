import { createHash } from 'node:crypto';

/**
 * Directory name (and branch suffix, `baton/<key>`) of an issue's workspace (SPEC §9.5 invariant 3).
 *
 * Only `[A-Za-z0-9._-]` survive; everything else becomes `_`. Sanitizing alone would map `a/b` and
 * `a_b` to one workspace, so whenever the identifier had to change, a 64-bit hash of the original is
 * appended (`-` + 16 hex chars of sha256) and two different identifiers never share a directory.
 *
 * Beyond the spec, the key must also be a valid git ref component because it names a branch, so a
 * leading `.` and runs of `..` are replaced as well, and names that git or the file system would
 * refuse or treat specially (`.`, `..`, empty, trailing `.` or `.lock`, very long) get the hash suffix.
 * Clean identifiers such as `BAT-12` stay exactly as they are.
 */

/** Hex chars of sha256 appended on change: 64 bits, what the spec asks as a minimum. */
const HASH_HEX_CHARS = 16;
/**
 * Longest sanitized prefix kept before the hash. File names stop at 255 bytes; 100 leaves room for
 * the suffix and keeps `refs/heads/baton/<key>` and paths readable.
 */
const MAX_PREFIX_CHARS = 100;

export function workspaceKey(identifier: string): string {
  let key = identifier
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/\.{2,}/g, (dots) => '_'.repeat(dots.length))
    .replace(/^\./, '_');
  let needsHash = key !== identifier || key === '' || key.endsWith('.') || key.endsWith('.lock');
  if (key.length > MAX_PREFIX_CHARS) {
    key = key.slice(0, MAX_PREFIX_CHARS);
    needsHash = true;
  }
  if (!needsHash) return key;
  // An empty identifier keeps a visible placeholder instead of a name that starts with `-`.
  return `${key === '' ? '_' : key}-${identifierHash(identifier)}`;
}

function identifierHash(identifier: string): string {
  return createHash('sha256').update(identifier, 'utf8').digest('hex').slice(0, HASH_HEX_CHARS);
}
