import { hasNul, isSingleLineText, MAX_PRIORITY, MIN_PRIORITY, NUL_MESSAGE, PRIORITY_MESSAGE, SINGLE_LINE_MESSAGE } from '../../../../shared/domain/ticket-fields.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { IssuePatch, NewIssueInput } from '../tracker.js';

/** A validated write; `priority` is Linear's integer (the domain's null becomes 0, "no priority"). */
export interface LinearIssueFields {
  title?: string;
  description?: string | null;
  priority?: number;
  /** Trimmed, lowercased, de-duplicated names; matched to the team's labels case-insensitively. */
  labels?: string[];
  state?: string;
}

export function validateNewIssue(input: NewIssueInput): Result<LinearIssueFields & { title: string }> {
  if (!input || typeof input !== 'object') return err('invalid_input', 'an issue needs at least a title');
  const fields = validatePatch(input);
  if (!fields.ok) return fields;
  if (fields.value.title === undefined) return err('invalid_input', 'title must be a non-empty string');
  return ok({ ...fields.value, title: fields.value.title });
}

export function validatePatch(patch: IssuePatch): Result<LinearIssueFields> {
  if (!patch || typeof patch !== 'object') return err('invalid_input', 'the change must be an object');
  const out: LinearIssueFields = {};
  if (patch.title !== undefined) {
    if (typeof patch.title !== 'string' || patch.title.trim() === '') return err('invalid_input', 'title must be a non-empty string');
    if (!isSingleLineText(patch.title.trim())) return err('invalid_input', `title ${SINGLE_LINE_MESSAGE}`);
    out.title = patch.title.trim();
  }
  if (patch.description !== undefined) {
    if (patch.description !== null && typeof patch.description !== 'string') return err('invalid_input', 'description must be a string or null');
    if (patch.description !== null && hasNul(patch.description)) return err('invalid_input', `description ${NUL_MESSAGE}`);
    out.description = patch.description;
  }
  if (patch.priority !== undefined) {
    const p = patch.priority;
    if (p !== null && (typeof p !== 'number' || !Number.isInteger(p) || p < MIN_PRIORITY || p > MAX_PRIORITY)) {
      return err('invalid_input', PRIORITY_MESSAGE);
    }
    out.priority = p ?? 0;
  }
  if (patch.labels !== undefined) {
    if (!Array.isArray(patch.labels) || !patch.labels.every((l) => typeof l === 'string')) {
      return err('invalid_input', 'labels must be an array of strings');
    }
    if (!patch.labels.every((l) => isSingleLineText(l.trim()))) return err('invalid_input', `every label ${SINGLE_LINE_MESSAGE}`);
    out.labels = [...new Set(patch.labels.map((l) => l.trim().toLowerCase()).filter((l) => l !== ''))];
  }
  if (patch.state !== undefined) {
    if (typeof patch.state !== 'string' || patch.state.trim() === '') return err('invalid_input', 'state must be a non-empty string');
    if (!isSingleLineText(patch.state.trim())) return err('invalid_input', `state ${SINGLE_LINE_MESSAGE}`);
    out.state = patch.state.trim();
  }
  return ok(out);
}
