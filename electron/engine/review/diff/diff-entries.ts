import type { DiffFileStatus } from '../../../../shared/api/review-schemas.js';
import { err, ok, type Result } from '../../lib/result.js';

/** One changed file as git listed it, in git's order (the order of the patch's sections). */
export interface DiffEntry {
  path: string;
  oldPath: string | null;
  status: DiffFileStatus;
  additions: number;
  deletions: number;
  binary: boolean;
}

interface NameStatus {
  status: DiffFileStatus;
  path: string;
  oldPath: string | null;
}

interface NumStat {
  path: string;
  oldPath: string | null;
  additions: number;
  deletions: number;
  binary: boolean;
}

const STATUS_LETTERS: Record<string, DiffFileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type_changed',
};

/** `git diff --name-status -z`: `X\0path\0`, or `R087\0old\0new\0` for renames and copies. */
export function parseNameStatus(output: string): Result<NameStatus[]> {
  const fields = splitZ(output);
  const entries: NameStatus[] = [];
  for (let i = 0; i < fields.length; ) {
    const letter = (fields[i] ?? '').charAt(0);
    const paired = letter === 'R' || letter === 'C';
    const first = fields[i + 1];
    const second = paired ? fields[i + 2] : undefined;
    if (first === undefined || (paired && second === undefined)) return err('git_failed', `unexpected git diff --name-status output near "${fields[i]}"`);
    // Unmerged (U) or unknown (X) entries cannot occur between two trees; shown as modified if they do.
    const status = STATUS_LETTERS[letter] ?? 'modified';
    entries.push(paired ? { status, oldPath: first, path: second as string } : { status, oldPath: null, path: first });
    i += paired ? 3 : 2;
  }
  return ok(entries);
}

/** `git diff --numstat -z`: `add\tdel\tpath\0`, or `add\tdel\t\0old\0new\0`; binary files give `-`. */
export function parseNumstat(output: string): Result<NumStat[]> {
  const fields = splitZ(output);
  const entries: NumStat[] = [];
  for (let i = 0; i < fields.length; ) {
    const field = fields[i] ?? '';
    const match = /^(-|\d+)\t(-|\d+)\t/.exec(field);
    if (!match) return err('git_failed', `unexpected git diff --numstat output near "${field.slice(0, 200)}"`);
    const rest = field.slice(match[0].length);
    const binary = match[1] === '-' && match[2] === '-';
    const counts = { additions: binary ? 0 : Number(match[1]), deletions: binary ? 0 : Number(match[2]), binary };
    if (rest !== '') {
      entries.push({ ...counts, path: rest, oldPath: null });
      i += 1;
      continue;
    }
    const oldPath = fields[i + 1];
    const path = fields[i + 2];
    if (oldPath === undefined || path === undefined) return err('git_failed', 'unexpected git diff --numstat output: a rename without its paths');
    entries.push({ ...counts, path, oldPath });
    i += 3;
  }
  return ok(entries);
}

/** Joins the two listings (same diff options, so the same entries in the same order). */
export function joinEntries(numstat: string, nameStatus: string): Result<DiffEntry[]> {
  const counts = parseNumstat(numstat);
  if (!counts.ok) return counts;
  const names = parseNameStatus(nameStatus);
  if (!names.ok) return names;
  if (counts.value.length !== names.value.length) {
    return err('git_failed', `git listed ${counts.value.length} files with --numstat but ${names.value.length} with --name-status`);
  }
  const entries: DiffEntry[] = [];
  for (const [i, name] of names.value.entries()) {
    const count = counts.value[i] as NumStat;
    if (count.path !== name.path || count.oldPath !== name.oldPath) {
      return err('git_failed', `git listed files in different orders (${count.path} vs ${name.path})`);
    }
    entries.push({ path: name.path, oldPath: name.oldPath, status: name.status, additions: count.additions, deletions: count.deletions, binary: count.binary });
  }
  return ok(entries);
}

function splitZ(output: string): string[] {
  const fields = output.split('\0');
  // -z output ends with a NUL, leaving one empty string after it.
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}
