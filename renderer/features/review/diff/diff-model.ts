import { parseDiff, type FileData, type HunkData } from 'react-diff-view';
import type { DiffFile } from '../../../../shared/api/review-schemas.js';

/*
 * Turns the wire diff (file list + one unified patch) into what the view renders: each listed file
 * with its parsed hunks, and the numbers the view uses to decide what to render eagerly.
 */

/**
 * Above this many changed lines (additions + deletions) a file starts collapsed. Rendering and
 * highlighting a few thousand rows takes long enough to stall the page, and files that big
 * (lockfiles, generated code, snapshots) are rarely read line by line.
 */
export const LARGE_FILE_CHANGED_LINES = 800;

export type ParsedFiles = Map<string, FileData>;

export type PatchParse = { ok: true; files: ParsedFiles } | { ok: false; error: string; files: ParsedFiles };

/** Parsed files keyed by their new path, and also by their old path (deletions, renames). */
export function parsePatch(patch: string): PatchParse {
  const files: ParsedFiles = new Map();
  if (patch.trim() === '') return { ok: true, files };
  let parsed: FileData[];
  try {
    parsed = parseDiff(patch);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), files };
  }
  for (const file of parsed) if (file.newPath !== '/dev/null') files.set(file.newPath, file);
  for (const file of parsed) if (file.oldPath !== '/dev/null' && !files.has(file.oldPath)) files.set(file.oldPath, file);
  return { ok: true, files };
}

export function parsedFor(files: ParsedFiles, file: DiffFile): FileData | null {
  return files.get(file.path) ?? (file.old_path === null ? undefined : files.get(file.old_path)) ?? null;
}

export function changedLines(file: DiffFile): number {
  return file.additions + file.deletions;
}

export function isLargeFile(file: DiffFile): boolean {
  return changedLines(file) > LARGE_FILE_CHANGED_LINES;
}

/** Table rows the hunks render (context, added and removed lines). */
export function rowCount(hunks: readonly HunkData[]): number {
  let rows = 0;
  for (const hunk of hunks) rows += hunk.changes.length;
  return rows;
}

export const STATUS_LETTERS: Record<DiffFile['status'], string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  type_changed: 'T',
};
