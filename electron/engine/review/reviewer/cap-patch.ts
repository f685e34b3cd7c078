/**
 * ~200 KB of diff is ~50k tokens: room in any current model's context for the system prompt, the
 * guidance and the answer, and a cost per review a person will accept. Past it, whole files are
 * left out (and named) rather than every file cut short.
 */
export const PATCH_BUDGET_CHARS = 200_000;
/** A file larger than the whole budget is still worth reviewing in part if this much room is left. */
const MIN_PARTIAL_CHARS = 10_000;
/** The truncation note names at most this many left-out files. */
const MAX_NAMED_FILES = 50;

export interface CappedPatch {
  text: string;
  /** Files whose hunks were left out entirely. */
  omitted: string[];
  /** The one file cut short to use the remaining room, or null. */
  partial: string | null;
}

/** Fits a unified diff into `budget` characters at file boundaries, with a note of what was left out. */
export function capPatch(patch: string, budget = PATCH_BUDGET_CHARS): CappedPatch {
  if (patch.length <= budget) return { text: patch, omitted: [], partial: null };
  const kept: string[] = [];
  const omitted: string[] = [];
  let partial: string | null = null;
  let remaining = budget;
  for (const file of splitFiles(patch)) {
    if (file.text.length <= remaining) {
      kept.push(file.text);
      remaining -= file.text.length;
    } else if (partial === null && remaining >= MIN_PARTIAL_CHARS) {
      const cut = file.text.lastIndexOf('\n', remaining);
      const head = file.text.slice(0, cut > 0 ? cut + 1 : remaining);
      const moreLines = countLines(file.text.slice(head.length));
      kept.push(`${head}[diff truncated: ${moreLines} more lines of ${file.path}]\n`);
      partial = file.path;
      remaining = 0;
    } else {
      omitted.push(file.path);
    }
  }
  if (omitted.length > 0) kept.push(truncationNote(omitted));
  return { text: kept.join(''), omitted, partial };
}

export function truncationNote(files: readonly string[]): string {
  const named = files.slice(0, MAX_NAMED_FILES).join(', ');
  const rest = files.length > MAX_NAMED_FILES ? `, and ${files.length - MAX_NAMED_FILES} others` : '';
  return `[diff truncated: ${files.length} more ${files.length === 1 ? 'file' : 'files'}: ${named}${rest}]\n`;
}

interface FilePatch {
  path: string;
  text: string;
}

function splitFiles(patch: string): FilePatch[] {
  const starts = [...patch.matchAll(/^diff --git /gm)].map((m) => m.index);
  if (starts.length === 0) return [{ path: '(patch)', text: patch }];
  // Anything before the first file header stays with the first file.
  starts[0] = 0;
  return starts.map((start, i) => {
    const text = patch.slice(start, starts[i + 1] ?? patch.length);
    return { path: filePath(text), text };
  });
}

function filePath(text: string): string {
  const header = /^diff --git (.*)$/m.exec(text)?.[1] ?? '';
  const plain = / b\/(.+)$/.exec(header);
  return plain ? plain[1]! : header || '(unknown file)';
}

function countLines(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
