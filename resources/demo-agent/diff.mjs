// A unified diff of one edit. The demo agent's edits insert or append a block of lines, so a
// single hunk between the common prefix and the common suffix is exact, no diff algorithm needed.

/** Unchanged lines shown around a change, as git shows them. */
const CONTEXT_LINES = 3;

/**
 * @param {string} file path shown in the headers
 * @param {string | null} before null for a new file
 * @param {string} after
 */
export function unifiedDiff(file, before, after) {
  const a = before === null ? [] : splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const start = Math.max(0, prefix - CONTEXT_LINES);
  const tail = Math.min(suffix, CONTEXT_LINES);
  const lines = [
    ...a.slice(start, prefix).map((l) => ` ${l}`),
    ...a.slice(prefix, a.length - suffix).map((l) => `-${l}`),
    ...b.slice(prefix, b.length - suffix).map((l) => `+${l}`),
    ...a.slice(a.length - suffix, a.length - suffix + tail).map((l) => ` ${l}`),
  ];
  const oldCount = a.length - suffix + tail - start;
  const newCount = b.length - suffix + tail - start;
  const range = (from, count) => `${count === 0 ? from : from + 1},${count}`;
  return [
    `--- ${before === null ? '/dev/null' : `a/${file}`}`,
    `+++ b/${file}`,
    `@@ -${range(start, oldCount)} +${range(start, newCount)} @@`,
    ...lines,
    '',
  ].join('\n');
}

function splitLines(text) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
