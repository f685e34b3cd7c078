import { open, realpath } from 'node:fs/promises';
import path from 'node:path';

/** The agent guidance files every repository may have, read before the configured one. */
export const STANDARD_GUIDANCE_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;
/** Per file (characters): guidance is a few pages; a huge file must not crowd the diff out of the prompt. */
export const GUIDANCE_MAX_CHARS = 20_000;
/** Bytes read per file: enough for GUIDANCE_MAX_CHARS of any UTF-8 text, so a huge file is never read whole. */
const GUIDANCE_MAX_BYTES = GUIDANCE_MAX_CHARS * 4;

export interface GuidanceDoc {
  /** Repository-relative path. */
  path: string;
  text: string;
  /** The file was longer than GUIDANCE_MAX_CHARS. */
  truncated: boolean;
}

/**
 * Reads AGENTS.md, CLAUDE.md and the configured guidance file from the worktree. Missing or
 * unreadable files are skipped (most repositories have only some). A path that leaves the worktree —
 * `../`, absolute, or a symlink pointing out — is skipped too: the text goes to a model endpoint,
 * and a symlink to ~/.ssh must not.
 */
export async function readGuidance(worktree: string, guidanceFile: string): Promise<GuidanceDoc[]> {
  let root: string;
  try {
    root = await realpath(worktree);
  } catch {
    return [];
  }
  const wanted = [...STANDARD_GUIDANCE_FILES, guidanceFile]
    .map((p) => path.posix.normalize(p.replace(/\\/g, '/')))
    .filter((p, i, all) => all.indexOf(p) === i);
  const docs: GuidanceDoc[] = [];
  for (const rel of wanted) {
    const doc = await readInside(root, rel);
    if (doc) docs.push(doc);
  }
  return docs;
}

async function readInside(root: string, rel: string): Promise<GuidanceDoc | null> {
  if (rel === '' || path.isAbsolute(rel) || rel === '..' || rel.startsWith('../')) return null;
  let real: string;
  try {
    real = await realpath(path.join(root, rel));
  } catch {
    return null;
  }
  if (!real.startsWith(root + path.sep)) return null;
  let handle;
  try {
    handle = await open(real, 'r');
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return null;
    const buffer = Buffer.alloc(Math.min(stat.size, GUIDANCE_MAX_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const truncated = stat.size > bytesRead || text.length > GUIDANCE_MAX_CHARS;
    return { path: rel, text: text.slice(0, GUIDANCE_MAX_CHARS), truncated };
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
