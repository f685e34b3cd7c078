import { normalizeState } from '../../../../shared/domain/issue.js';
import { err, ok, type Result } from '../../lib/result.js';

/** The live state settings of the workflow (read on every call: WORKFLOW.md reloads without restart). */
export interface LocalStateSettings {
  states: string[];
  active_states: string[];
  terminal_states: string[];
}

/** Every state the tracker accepts, in board order; falls back to active + terminal when `states` is empty. */
export function validStates(s: LocalStateSettings): string[] {
  const list = s.states.length > 0 ? s.states : [...s.active_states, ...s.terminal_states];
  const seen = new Set<string>();
  return list.filter((st) => {
    const key = normalizeState(st);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Matches a caller's state case-insensitively and returns the configured spelling, or `invalid_state`. */
export function matchState(input: unknown, s: LocalStateSettings): Result<string> {
  const valid = validStates(s);
  const key = typeof input === 'string' ? normalizeState(input) : '';
  const found = valid.find((st) => normalizeState(st) === key);
  if (found !== undefined) return ok(found);
  return err('invalid_state', `unknown state ${JSON.stringify(input)}; valid states: ${valid.join(', ') || '(none configured)'}`, {
    valid_states: valid,
  });
}

/** Where a new issue starts: the first active state (`Todo` by default), else the first state. */
export function defaultState(s: LocalStateSettings): Result<string> {
  const valid = validStates(s);
  for (const active of s.active_states) {
    const match = matchState(active, s);
    if (match.ok) return match;
  }
  const first = valid[0];
  return first !== undefined ? ok(first) : err('invalid_state', 'no tracker states are configured');
}

/** State keys that make an issue a dispatch candidate: active and not terminal. */
export function candidateStateKeys(s: LocalStateSettings): string[] {
  const terminal = new Set(s.terminal_states.map(normalizeState));
  return [...new Set(s.active_states.map(normalizeState))].filter((k) => k !== '' && !terminal.has(k));
}

/**
 * Shows stored states in the configured spelling when the workflow still knows them (an operator may
 * re-case a state in WORKFLOW.md); unknown states keep the spelling they were stored with.
 */
export function stateSpelling(s: LocalStateSettings): (stored: string) => string {
  const byKey = new Map(validStates(s).map((st) => [normalizeState(st), st]));
  return (stored) => byKey.get(normalizeState(stored)) ?? stored;
}
