import type { TraceEvent, TraceKind } from '../../../shared/domain/trace.js';

/** Groups of trace kinds the timeline can show or hide together. */
export type TraceCategory = 'runs' | 'turns' | 'messages' | 'commands' | 'files' | 'tools' | 'tokens' | 'approvals' | 'errors' | 'hooks' | 'other';

export const TRACE_CATEGORIES: ReadonlyArray<{ id: TraceCategory; label: string }> = [
  { id: 'runs', label: 'Runs' },
  { id: 'turns', label: 'Turns' },
  { id: 'messages', label: 'Messages' },
  { id: 'commands', label: 'Commands' },
  { id: 'files', label: 'File changes' },
  { id: 'tools', label: 'Tool calls' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'errors', label: 'Errors' },
  { id: 'hooks', label: 'Hooks' },
  { id: 'other', label: 'Other' },
];

const CATEGORY: Record<TraceKind, TraceCategory> = {
  run_started: 'runs',
  run_ended: 'runs',
  workspace_ready: 'runs',
  workspace_removed: 'runs',
  session_started: 'runs',
  handoff: 'runs',
  state_change: 'runs',
  turn_started: 'turns',
  turn_completed: 'turns',
  turn_failed: 'errors',
  message: 'messages',
  reasoning: 'messages',
  plan: 'messages',
  command: 'commands',
  file_change: 'files',
  tool_call: 'tools',
  token_usage: 'tokens',
  rate_limits: 'tokens',
  approval: 'approvals',
  input_required: 'approvals',
  error: 'errors',
  stderr: 'errors',
  malformed: 'errors',
  hook: 'hooks',
  notification: 'other',
};

/** Short badge text per kind. */
const LABEL: Record<TraceKind, string> = {
  run_started: 'run',
  run_ended: 'run end',
  workspace_ready: 'workspace',
  workspace_removed: 'removed',
  session_started: 'session',
  handoff: 'handoff',
  state_change: 'state',
  turn_started: 'turn',
  turn_completed: 'turn done',
  turn_failed: 'turn failed',
  message: 'message',
  reasoning: 'reasoning',
  plan: 'plan',
  command: 'command',
  file_change: 'files',
  tool_call: 'tool',
  token_usage: 'tokens',
  rate_limits: 'limits',
  approval: 'approval',
  input_required: 'input',
  error: 'error',
  stderr: 'stderr',
  malformed: 'malformed',
  hook: 'hook',
  notification: 'note',
};

export function categoryOf(kind: TraceKind): TraceCategory {
  return CATEGORY[kind] ?? 'other';
}

export function labelOf(kind: TraceKind): string {
  return LABEL[kind] ?? kind;
}

/** A hook that failed carries an error code; a command that exited non-zero is a failure too. */
export function isFailure(event: TraceEvent): boolean {
  if (categoryOf(event.kind) === 'errors') return true;
  if (event.kind === 'command') return typeof event.data.exit_code === 'number' && event.data.exit_code !== 0;
  if (event.kind === 'hook') return typeof event.data.code === 'string';
  return false;
}

/** Where the event sits in its run's terminal, when the engine recorded it. */
export function terminalPosition(event: TraceEvent): { terminalId: string; offset: number } | null {
  const { terminal_id: terminalId, terminal_offset: offset } = event.data;
  return typeof terminalId === 'string' && typeof offset === 'number' ? { terminalId, offset } : null;
}
