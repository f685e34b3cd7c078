import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import { gitFailure, type LandingGit } from './landing-git.js';

/** What a guidance landing appends, kept in the entry so the commit can be rebuilt on a newer base. */
export interface GuidancePayload {
  text: string;
  /** The ticket the text came from, if any. */
  source: string | null;
  finding_id: string | null;
  /** When it was promoted (ISO-8601): the heading's date. */
  at: string;
}

/** Longest title shown for a guidance entry; the full text is in the file. */
const TITLE_MAX_CHARS = 80;

export function guidanceTitle(g: GuidancePayload): string {
  const first = g.text.trim().split('\n')[0]!.trim();
  const short = first.length > TITLE_MAX_CHARS ? `${first.slice(0, TITLE_MAX_CHARS - 1)}…` : first;
  return `Guidance: ${short}`;
}

export function guidanceHeading(g: GuidancePayload): string {
  const day = g.at.slice(0, 10);
  if (g.source === null) return `## Added ${day}`;
  return `## From ${g.source}${g.finding_id ? `, finding ${g.finding_id}` : ''} (${day})`;
}

/** The file's new content: the existing text, then a blank line, the heading and the guidance. */
export function appendGuidance(existing: string | null, g: GuidancePayload): string {
  const section = `${guidanceHeading(g)}\n\n${g.text.trim()}\n`;
  if (existing === null || existing.trim() === '') return `# Agent guidance\n\n${section}`;
  return `${existing.replace(/\s*$/, '')}\n\n${section}`;
}

/** The guidance file inside `worktree`; refuses a configured path that escapes it. */
export function guidancePath(worktree: string, file: string): Result<string> {
  const resolved = path.resolve(worktree, file);
  const rel = path.relative(worktree, resolved);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    return err('invalid_guidance_file', `review.guidance_file ${JSON.stringify(file)} must be a file inside the repository`);
  }
  return ok(resolved);
}

/** Appends the guidance to the file in `worktree` (creating it and its directories) and commits it. */
export async function commitGuidance(git: LandingGit, worktree: string, file: string, g: GuidancePayload): Promise<Result<string>> {
  const target = guidancePath(worktree, file);
  if (!target.ok) return target;
  try {
    const existing = await readFile(target.value, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    await mkdir(path.dirname(target.value), { recursive: true });
    await writeFile(target.value, appendGuidance(existing, g));
  } catch (e) {
    return err('guidance_write_failed', `cannot write ${file} in ${worktree}: ${errorMessage(e)}`);
  }
  const rel = path.relative(worktree, target.value);
  const added = await git.run(['add', '--', rel], worktree);
  if (added.code !== 0) return err('guidance_write_failed', `git add ${rel} failed: ${gitFailure(added)}`);
  const subject = g.source ? `Agent guidance from ${g.source}${g.finding_id ? ` (finding ${g.finding_id})` : ''}` : 'Agent guidance';
  const identity = await git.identity(worktree);
  const commit = await git.run([...identity, 'commit', '--no-verify', '--quiet', '-m', subject, '--', rel], worktree);
  if (commit.code !== 0) return err('guidance_write_failed', `committing ${rel} failed: ${gitFailure(commit)}`);
  const head = await git.revParse(worktree, 'HEAD');
  return head === null ? err('guidance_write_failed', `HEAD of ${worktree} cannot be read`) : ok(head);
}
