import type OpenAI from 'openai';
import { capPatch, truncationNote } from './cap-patch.js';
import type { GuidanceDoc } from './read-guidance.js';

/** Ticket descriptions are pasted by people and can be whole logs; the reviewer needs the intent. */
export const DESCRIPTION_MAX_CHARS = 10_000;

/**
 * The bar is deliberately narrow: a person reads every finding, and a gate may hold the ticket on
 * it, so one false alarm costs more than one missed nit. The reply format is spelled out too, for
 * endpoints that ignore `response_format`.
 */
export const REVIEWER_SYSTEM_PROMPT = `You review a code change made by an autonomous coding agent before a person reads it.
Report ONLY P0 problems: changes that, if merged,
- break the build, the type check or the program's start-up (syntax errors, missing imports, calls to functions that do not exist, a broken config);
- lose or corrupt data (destructive migrations, deleting or overwriting user files or records, dropped writes, wrong data written);
- open a security hole (injection, leaked secrets or credentials, disabled authentication or authorization, unsafe deserialization, path traversal).

Do NOT report: style, formatting, naming, comments, documentation, missing or weak tests, refactoring ideas,
performance that is merely slower, minor or unlikely bugs, edge cases that need unusual input, or anything you are unsure about.
Most changes have no P0 problem: then answer with an empty list. Do not invent problems to have something to say.
Follow the repository's own guidance (below) where it says what must never happen.

Answer with JSON only, no prose, exactly in this shape:
{"findings":[{"severity":"P0","path":"src/file.ts","line":42,"title":"one line: what breaks","body":"why it breaks and how to fix it"}]}
"path" is the repository-relative file (null for the change as a whole); "line" is the line in the new file (null if none).`;

export interface PromptInput {
  identifier: string;
  title: string;
  description: string | null;
  guidance: readonly GuidanceDoc[];
  patch: string;
  /** Files changed but absent from `patch` (binary, or too large for the diff service). */
  omittedFiles?: readonly string[];
  /** Diff budget in characters (tests use a small one). */
  patchBudget?: number;
}

export function buildReviewerMessages(input: PromptInput): OpenAI.Chat.ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: REVIEWER_SYSTEM_PROMPT },
    { role: 'user', content: buildUserPrompt(input) },
  ];
}

export function buildUserPrompt(input: PromptInput): string {
  const description = input.description?.trim() ? capText(input.description.trim(), DESCRIPTION_MAX_CHARS) : '(no description)';
  const parts = [`# Ticket ${input.identifier}: ${input.title}`, '', description, ''];
  parts.push('# Repository guidance', '');
  if (input.guidance.length === 0) parts.push('(the repository has no agent guidance files)', '');
  for (const doc of input.guidance) {
    parts.push(`## ${doc.path}`, '', doc.text.trimEnd(), ...(doc.truncated ? ['[guidance truncated]'] : []), '');
  }
  const capped = capPatch(input.patch, input.patchBudget);
  parts.push('# Diff', '');
  parts.push(capped.text.trim() === '' ? '(the diff is empty)' : capped.text.trimEnd());
  if (input.omittedFiles && input.omittedFiles.length > 0) {
    parts.push('', `Not shown (binary or too large): ${truncationNote(input.omittedFiles).trim()}`);
  }
  return parts.join('\n');
}

function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[description truncated: ${text.length - max} more characters]`;
}
