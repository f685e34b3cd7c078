import { normalizeState, type BlockerRef } from '../../../shared/domain/issue.js';

/**
 * Baton's blocker routing rule, owned by the adapters since SPEC §11.2 made blocker semantics
 * provider-specific (the scheduler only reads `dispatchable`): an issue in `Todo` waits while any
 * of its blockers is not in a terminal state; a blocker whose state is unknown counts as open.
 */
export function blockersAllowDispatch(state: string, blockedBy: readonly BlockerRef[], terminalStates: readonly string[]): boolean {
  if (normalizeState(state) !== 'todo') return true;
  const terminal = new Set(terminalStates.map(normalizeState));
  return blockedBy.every((b) => b.state !== null && terminal.has(normalizeState(b.state)));
}
