import { hasNul, isSingleLineText, MAX_PRIORITY, MIN_PRIORITY, NUL_MESSAGE, PRIORITY_MESSAGE, SINGLE_LINE_MESSAGE } from '../../../../shared/domain/ticket-fields.js';
import type { IssuePatch, NewIssueInput } from '../tracker.js';
import { err, ok, type Result } from '../../lib/result.js';
import { defaultState, matchState, type LocalStateSettings } from './state-matcher.js';

export interface IssueFields {
  title: string;
  description: string | null;
  priority: number | null;
  labels: string[];
  state: string;
}

/**
 * Validates a create request. Input may come straight from JSON over the API, so every field is
 * checked at runtime, not trusted from its TypeScript type.
 */
export function validateNewIssue(input: NewIssueInput, settings: LocalStateSettings): Result<IssueFields> {
  if (input === null || typeof input !== 'object') return err('invalid_input', 'issue must be an object');
  const title = checkTitle(input.title);
  if (!title.ok) return title;
  const description = checkDescription(input.description);
  if (!description.ok) return description;
  const priority = checkPriority(input.priority);
  if (!priority.ok) return priority;
  const labels = checkLabels(input.labels);
  if (!labels.ok) return labels;
  const state = input.state === undefined ? defaultState(settings) : matchState(input.state, settings);
  if (!state.ok) return state;
  return ok({ title: title.value, description: description.value, priority: priority.value, labels: labels.value, state: state.value });
}

/** Validates a patch; only the keys present are returned. */
export function validatePatch(patch: IssuePatch, settings: LocalStateSettings): Result<Partial<IssueFields>> {
  if (patch === null || typeof patch !== 'object') return err('invalid_input', 'patch must be an object');
  const out: Partial<IssueFields> = {};
  const checks: [keyof IssueFields, () => Result<unknown>][] = [
    ['title', () => checkTitle(patch.title)],
    ['description', () => checkDescription(patch.description)],
    ['priority', () => checkPriority(patch.priority)],
    ['labels', () => checkLabels(patch.labels)],
    ['state', () => matchState(patch.state, settings)],
  ];
  for (const [key, check] of checks) {
    if (patch[key] === undefined) continue;
    const r = check();
    if (!r.ok) return r;
    (out as Record<string, unknown>)[key] = r.value;
  }
  return ok(out);
}

function checkTitle(title: unknown): Result<string> {
  if (typeof title !== 'string' || title.trim() === '') return err('invalid_input', 'title is required and must be a non-empty string');
  if (!isSingleLineText(title.trim())) return err('invalid_input', `title ${SINGLE_LINE_MESSAGE}`);
  return ok(title.trim());
}

function checkDescription(description: unknown): Result<string | null> {
  if (description === undefined || description === null) return ok(null);
  if (typeof description !== 'string') return err('invalid_input', 'description must be a string or null');
  if (hasNul(description)) return err('invalid_input', `description ${NUL_MESSAGE}`);
  return ok(description);
}

function checkPriority(priority: unknown): Result<number | null> {
  if (priority === undefined || priority === null) return ok(null);
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
    return err('invalid_input', PRIORITY_MESSAGE);
  }
  return ok(priority);
}

/** Labels are trimmed, lowercased, blank ones dropped and duplicates removed (SPEC §11.3). */
function checkLabels(labels: unknown): Result<string[]> {
  if (labels === undefined || labels === null) return ok([]);
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) {
    return err('invalid_input', 'labels must be an array of strings');
  }
  if (!(labels as string[]).every((l) => isSingleLineText(l.trim()))) return err('invalid_input', `every label ${SINGLE_LINE_MESSAGE}`);
  return ok([...new Set((labels as string[]).map((l) => l.trim().toLowerCase()).filter((l) => l !== ''))]);
}
