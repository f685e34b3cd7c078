import type { HunkData } from 'react-diff-view';

/**
 * Rows a file renders per step. A React table row with highlighted tokens costs roughly 0.1 ms to
 * render, so a step stays well under a frame budget of a few hundred ms even on a slow machine;
 * a 50,000-line file is read step by step instead of freezing the page for seconds.
 */
export const RENDER_STEP_ROWS = 1_000;

/**
 * The first `maxRows` rows of `hunks`. The hunk that crosses the limit is cut (its changes carry
 * their own line numbers, so a cut hunk still renders and highlights correctly).
 */
export function sliceHunks(hunks: readonly HunkData[], maxRows: number): HunkData[] {
  const out: HunkData[] = [];
  let left = maxRows;
  for (const hunk of hunks) {
    if (left <= 0) break;
    if (hunk.changes.length <= left) {
      out.push(hunk);
      left -= hunk.changes.length;
    } else {
      out.push({ ...hunk, changes: hunk.changes.slice(0, left) });
      left = 0;
    }
  }
  return out;
}
