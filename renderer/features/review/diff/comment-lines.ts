import { getChangeKey, isDelete, isInsert, type ChangeData, type HunkData } from 'react-diff-view';
import type { DraftComment } from './draft-comment.js';

/*
 * Comments carry one line number (LineComment.line) and no side, and the agent reads them against
 * the files as they are now, so they target NEW-side line numbers:
 * - a context or added line: its new line number;
 * - a removed line: the first new-side line after it in the hunk (the line that now sits where it
 *   was, often its replacement), else the new-side line before it; only when the hunk has no
 *   new-side line at all (a deleted file) its old line number.
 */

function newLineOf(change: ChangeData): number | null {
  if (isDelete(change)) return null;
  return isInsert(change) ? change.lineNumber : change.newLineNumber;
}

function oldLineOf(change: ChangeData): number {
  return isInsert(change) || isDelete(change) ? change.lineNumber : change.oldLineNumber;
}

/** The line a comment on each change of the hunk targets, by change key. */
export function commentLinesOf(hunks: readonly HunkData[]): Map<string, number> {
  const lines = new Map<string, number>();
  for (const hunk of hunks) {
    const next: (number | null)[] = new Array<number | null>(hunk.changes.length).fill(null);
    let after: number | null = null;
    for (let i = hunk.changes.length - 1; i >= 0; i--) {
      next[i] = after;
      after = newLineOf(hunk.changes[i]!) ?? after;
    }
    let before: number | null = null;
    hunk.changes.forEach((change, i) => {
      const own = newLineOf(change);
      lines.set(getChangeKey(change), own ?? next[i] ?? before ?? oldLineOf(change));
      before = own ?? before;
    });
  }
  return lines;
}

export interface CommentPlacement {
  /** Comments shown under a rendered line, by change key. */
  byChange: Map<string, DraftComment[]>;
  /** Comments whose line is not among the rendered rows (outside the hunks, or not rendered yet). */
  elsewhere: DraftComment[];
}

/**
 * Where each comment of the file shows: under the rendered row whose new line is the comment's
 * line; in a file with no new side (deleted), under the removed row with that old line.
 */
export function placeComments(hunks: readonly HunkData[], comments: readonly DraftComment[]): CommentPlacement {
  const byNewLine = new Map<number, string>();
  const byOldLine = new Map<number, string>();
  for (const hunk of hunks) {
    for (const change of hunk.changes) {
      const line = newLineOf(change);
      if (line !== null) byNewLine.set(line, getChangeKey(change));
      else byOldLine.set(oldLineOf(change), getChangeKey(change));
    }
  }
  const anchors = byNewLine.size > 0 ? byNewLine : byOldLine;
  const byChange = new Map<string, DraftComment[]>();
  const elsewhere: DraftComment[] = [];
  for (const comment of comments) {
    const key = anchors.get(comment.line);
    if (key === undefined) elsewhere.push(comment);
    else byChange.set(key, [...(byChange.get(key) ?? []), comment]);
  }
  return { byChange, elsewhere };
}
