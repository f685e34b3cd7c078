import type { DiffFile } from '../../../../shared/api/review-schemas.js';
import { isLargeFile, parsedFor, rowCount, type ParsedFiles } from './diff-model.js';
import { RENDER_STEP_ROWS } from './hunk-slice.js';

/**
 * Rows rendered on first paint before the rest wait for the viewport: several screens, and a
 * typical small change whole, while the first paint stays around a couple of hundred ms.
 */
export const EAGER_ROWS = 1_000;

/** The leading files (in display order) whose rows fit in EAGER_ROWS; the first file always does. */
export function eagerPaths(files: readonly DiffFile[], parsed: ParsedFiles): Set<string> {
  const eager = new Set<string>();
  let rows = 0;
  for (const file of files) {
    const data = file.binary || file.patch_omitted || isLargeFile(file) ? null : parsedFor(parsed, file);
    rows += data === null ? 0 : Math.min(rowCount(data.hunks), RENDER_STEP_ROWS);
    if (rows > EAGER_ROWS && eager.size > 0) break;
    eager.add(file.path);
  }
  return eager;
}
