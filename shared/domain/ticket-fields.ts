/**
 * Rules for ticket fields shared by the API schema and every tracker adapter, so a value the API
 * accepts is one every tracker accepts too.
 */

/** Ticket priority, Linear's scale (which the local tracker uses too): 0 none, 1 urgent … 4 low. */
export const MIN_PRIORITY = 0;
export const MAX_PRIORITY = 4;
export const PRIORITY_MESSAGE = `priority must be an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY} (0 none, 1 urgent … 4 low) or null`;

/** C0 controls (NUL, tab, line breaks, escape, …), DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A title, a label or a state name is one line of visible text. A control character in one is
 * invisible on the board, breaks the line in a prompt or a commit message, and NUL cuts the value
 * short when SQLite reads it back.
 */
export function isSingleLineText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value);
}

export const SINGLE_LINE_MESSAGE = 'must be one line of text without control characters (tab, line break, NUL, escape, …)';

/** Multi-line text (a description) keeps tabs, line breaks and escapes, but not NUL: SQLite cuts the value there. */
export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

export const NUL_MESSAGE = 'must not contain NUL characters (U+0000)';
