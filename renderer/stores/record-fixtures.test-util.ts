/**
 * Tickets, runs, retries and approvals for the renderer's unit tests: complete wire shapes with
 * overridable fields, so a test states only what it is about.
 */
import type { Approval, RetryEntry, RunningEntry, WorkflowResponse } from '../../shared/api/schemas.js';
import type { Issue } from '../../shared/domain/issue.js';

export const T0 = Date.UTC(2026, 0, 1, 12);
export const at = (ms: number) => new Date(T0 + ms).toISOString();

export function issue(n: number, overrides: Partial<Issue> = {}): Issue {
  return {
    id: `id-${n}`,
    identifier: `BAT-${n}`,
    title: `Ticket ${n}`,
    description: null,
    priority: null,
    state: 'Todo',
    branch_name: null,
    url: null,
    labels: [],
    native_ref: null,
    assignee_id: null,
    dispatchable: true,
    blocked_by: [],
    created_at: at(0),
    updated_at: at(0),
    ...overrides,
  };
}

export function running(identifier: string, overrides: Partial<RunningEntry> = {}): RunningEntry {
  return {
    issue_id: `id-${identifier}`,
    issue_identifier: identifier,
    state: 'In Progress',
    session_id: 'thr-1-turn-3',
    turn_count: 3,
    last_event: 'notification',
    last_message: 'Running the tests',
    started_at: at(-65_000),
    last_event_at: at(-1_000),
    tokens: { input_tokens: 9_000, output_tokens: 3_500, total_tokens: 12_500 },
    attempt: null,
    terminal_id: null,
    ...overrides,
  };
}

export function retrying(identifier: string, overrides: Partial<RetryEntry> = {}): RetryEntry {
  return { issue_id: `id-${identifier}`, issue_identifier: identifier, attempt: 2, due_at: at(30_000), error: 'turn failed: exit 1', ...overrides };
}

export function waitingOn(identifier: string, kind: Approval['kind'] = 'approval'): Approval {
  return {
    id: `req-${identifier}`,
    kind,
    issue_id: `id-${identifier}`,
    issue_identifier: identifier,
    session_id: null,
    method: kind === 'approval' ? 'item/commandExecution/requestApproval' : 'item/tool/requestUserInput',
    created_at: at(0),
    expires_at: at(600_000),
    summary: kind === 'approval' ? 'Run command: npm install' : 'Which branch?',
    options: kind === 'approval' ? ['accept', 'decline'] : [],
    questions: [],
    params: {},
  };
}

/** The local tracker's default board: Backlog is configured but neither active nor terminal. */
export function boardWorkflow(): WorkflowResponse {
  return {
    path: '/repo/WORKFLOW.md',
    config: {
      tracker: { kind: 'local', api_key: null, active_states: ['Todo', 'In Progress'], terminal_states: ['Done'], states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done'] },
      agent: { kind: 'codex', max_concurrent_agents: 10, handoff_state: 'Human Review' },
    },
    prompt_template: '',
    loaded_at: at(0),
    last_error: null,
    pending_change: null,
  };
}

export function byId<T extends { identifier: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((i) => [i.identifier, i]));
}
