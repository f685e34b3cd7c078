// How the demo agent labels itself: every message and comment it writes starts with TAG, so
// nobody mistakes its canned work for a real agent's.
export const TAG = '[scripted demo agent]';

/** Baton's dynamic tool for the ticket the agent works on (comment, get_ticket, move). */
export const TRACKER_TOOL = 'baton_tracker';

/** The last non-blank line of command output (the test runner's summary). */
export function lastLine(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').at(-1) ?? '';
}
