/**
 * Records for the fleet, queue and notification unit tests: complete wire shapes with overridable
 * fields, so a test states only what it is about.
 */
import type { Approval, RetryEntry, StateSnapshot, WorkflowResponse } from '../../shared/api/schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import { issue } from './record-fixtures.test-util.js';

export function snapshot(overrides: Partial<StateSnapshot> = {}): StateSnapshot {
  return {
    generated_at: '2026-01-01T12:00:00.000Z',
    counts: { running: 0, retrying: 0, waiting: 0 },
    running: [],
    retrying: [],
    codex_totals: { input_tokens: 0, output_tokens: 0, total_tokens: 0, seconds_running: 0 },
    rate_limits: null,
    tokens_today: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    workflow_error: null,
    storage_error: null,
    ...overrides,
  };
}

export function ticket(n: number, overrides: Partial<Issue> = {}): Issue {
  return issue(n, { created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', ...overrides });
}

export function retry(identifier: string, attempt: number, error: string | null): RetryEntry {
  return { issue_id: `id-${identifier}`, issue_identifier: identifier, attempt, due_at: '2026-01-01T12:01:00.000Z', error };
}

export function approval(id: string, overrides: Partial<Approval> = {}): Approval {
  return {
    id,
    kind: 'approval',
    issue_id: 'id-1',
    issue_identifier: 'BAT-1',
    session_id: 'thr-1-turn-1',
    method: 'item/commandExecution/requestApproval',
    created_at: '2026-01-01T12:00:00.000Z',
    expires_at: '2026-01-01T12:10:00.000Z',
    summary: 'Run command: npm install (needs network access)',
    options: ['accept', 'acceptForSession', 'decline', 'cancel'],
    questions: [],
    params: { command: 'npm install', cwd: '/ws/BAT-1', reason: 'needs network access' },
    ...overrides,
  };
}

export function workflow(handoff: string | null = 'Human Review'): WorkflowResponse {
  return {
    path: '/repo/WORKFLOW.md',
    config: {
      tracker: { kind: 'local', api_key: null, active_states: ['Todo', 'In Progress'], terminal_states: ['Done'], states: [] },
      agent: { kind: 'codex', max_concurrent_agents: 10, handoff_state: handoff },
    },
    prompt_template: '',
    loaded_at: '2026-01-01T00:00:00.000Z',
    last_error: null,
    pending_change: null,
  };
}
