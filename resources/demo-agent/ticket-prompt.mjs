// What the demo agent understands of a prompt: the ticket line the demo WORKFLOW.md renders
// ("You are working on ticket DEMO-3: Add a capitalize helper"), its State line, the attempt, and
// the files named in backticks. There is no model: anything else in the prompt is ignored.

const TICKET_LINE = /ticket\s+([A-Za-z][A-Za-z0-9]*-\d+):\s*(.+)/;
const CONTINUATION = /^Continue working on ([A-Za-z][A-Za-z0-9]*-\d+):\s*(.+?)(?: \(turn \d+ of \d+\))?\.?$/m;
const STATE_LINE = /^State:\s*(.+)$/m;
const ATTEMPT = /This is attempt (\d+)/;
const BACKTICKED = /`([^`\n]+)`/g;
/** A relative file path: no spaces, quotes or parentheses, so code like `slugify('x')` is not one. */
const FILE_PATH = /^\.?[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** Files a ticket may name that one turn edits; the seeded tickets name one each. */
const MAX_FILES = 3;

/**
 * @param {string} prompt
 * @param {NodeJS.ProcessEnv} env BATON_ISSUE_IDENTIFIER is the fallback identifier
 * @returns {{ identifier: string, title: string, state: string | null, attempt: number | null, files: string[], continuation: boolean }}
 */
export function readPrompt(prompt, env) {
  const continuation = CONTINUATION.exec(prompt);
  const ticket = continuation ?? TICKET_LINE.exec(prompt);
  const state = STATE_LINE.exec(prompt)?.[1]?.trim() ?? null;
  const attempt = ATTEMPT.exec(prompt);
  return {
    identifier: ticket?.[1] ?? env.BATON_ISSUE_IDENTIFIER ?? 'TICKET',
    title: (ticket?.[2] ?? 'the ticket').trim().replace(/\.$/, ''),
    state,
    attempt: attempt ? Number(attempt[1]) : null,
    files: continuation ? [] : namedFiles(prompt),
    continuation: continuation !== null,
  };
}

function namedFiles(prompt) {
  const files = [];
  for (const [, token] of prompt.matchAll(BACKTICKED)) {
    const name = token.trim();
    if (!FILE_PATH.test(name) || !looksLikeFile(name) || files.includes(name)) continue;
    files.push(name);
    if (files.length === MAX_FILES) break;
  }
  return files;
}

function looksLikeFile(name) {
  const segments = name.split('/');
  if (segments.some((s) => s === '' || s === '..' || s === '.git' || s === '.baton')) return false;
  const base = segments.at(-1);
  return base.startsWith('.') || /\.[A-Za-z0-9]+$/.test(base);
}
