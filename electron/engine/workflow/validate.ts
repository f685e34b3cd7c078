import { normalizeState } from '../../../shared/domain/issue.js';
import { err, ok, type Result } from '../lib/result.js';
import type { ServiceConfig } from './config-types.js';
import { linearProviderOf, MISSING_LINEAR_KEY, MISSING_LINEAR_PROJECT } from './tracker-provider.js';

export const SUPPORTED_TRACKER_KINDS: readonly string[] = ['local', 'linear'];

/**
 * Dispatch preflight (SPEC §6.3): can this config poll a tracker and launch an agent? Run at
 * startup (failure stops startup) and before every dispatch (failure skips that dispatch only).
 * A config can load fine and still fail here, e.g. a Linear tracker whose `$LINEAR_API_KEY` is unset.
 */
export function validateDispatchConfig(c: ServiceConfig): Result<void> {
  const { tracker, agent } = c;
  if (!SUPPORTED_TRACKER_KINDS.includes(tracker.kind)) {
    return err('unsupported_tracker_kind', `tracker.kind '${tracker.kind}' is not supported (use one of: ${SUPPORTED_TRACKER_KINDS.join(', ')})`);
  }
  if (tracker.kind === 'linear') {
    const linear = linearProviderOf(tracker);
    if (!linear.api_key) return err('missing_tracker_api_key', MISSING_LINEAR_KEY);
    if (!linear.project_slug) return err('missing_tracker_project_slug', MISSING_LINEAR_PROJECT);
  }
  if (agent.kind === 'codex' && c.codex.command.trim() === '') {
    return err('missing_codex_command', 'codex.command is empty: agent.kind codex needs the command that starts the app-server');
  }
  if (agent.kind === 'pty' && (c.pty.command === null || c.pty.command.trim() === '')) {
    return err('missing_pty_command', 'pty.command is required when agent.kind is pty (e.g. `claude`)');
  }
  if (tracker.kind === 'local') return checkLocalStates(c);
  return ok(undefined);
}

/** The local tracker only accepts its own states, so every state the config names must be one of them. */
function checkLocalStates(c: ServiceConfig): Result<void> {
  const known = new Set(c.tracker.states.map(normalizeState));
  const named: Array<[string, string]> = [
    ...c.tracker.active_states.map((s): [string, string] => ['tracker.active_states', s]),
    ...c.tracker.terminal_states.map((s): [string, string] => ['tracker.terminal_states', s]),
  ];
  if (c.agent.handoff_state !== null) named.push(['agent.handoff_state', c.agent.handoff_state]);
  if (c.agent.working_state !== null) named.push(['agent.working_state', c.agent.working_state]);
  const unknown = named.filter(([, state]) => !known.has(normalizeState(state)));
  if (unknown.length === 0) return ok(undefined);
  const list = unknown.map(([key, state]) => `${key} '${state}'`).join(', ');
  return err('invalid_config', `${list}: not one of tracker.states (${c.tracker.states.join(', ')})`, {
    unknown_states: unknown.map(([key, state]) => ({ key, state })),
  });
}
