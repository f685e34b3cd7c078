import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';

/**
 * The effective configuration WorkspaceManager reads, with git mode on and no hooks, so the
 * benchmark times git and the lock, not user scripts. Only `workspace` and `hooks` matter here;
 * the rest holds ordinary values so the object is complete.
 */
export function benchConfig(workspaceRoot: string, repo: string): ServiceConfig {
  return {
    tracker: {
      kind: 'local',
      endpoint: null,
      api_key: null,
      project_slug: null,
      active_states: ['Todo', 'In Progress'],
      terminal_states: ['Done', 'Cancelled'],
      states: ['Todo', 'In Progress', 'Human Review', 'Done', 'Cancelled'],
      provider: { path: `${workspaceRoot}/tickets.db`, prefix: 'BENCH' },
    },
    polling: { interval_ms: 30_000 },
    workspace: { root: workspaceRoot, repo, base_branch: 'main' },
    hooks: { after_create: null, before_run: null, after_run: null, before_remove: null, timeout_ms: 60_000 },
    agent: {
      kind: 'pty',
      max_concurrent_agents: 10,
      max_turns: 20,
      max_retry_backoff_ms: 300_000,
      max_concurrent_agents_by_state: {},
      handoff_state: 'Human Review',
      working_state: 'In Progress',
    },
    codex: {
      command: 'codex app-server',
      approval_policy: 'never',
      thread_sandbox: 'workspace-write',
      turn_sandbox_policy: null,
      turn_timeout_ms: 3_600_000,
      read_timeout_ms: 5_000,
      stall_timeout_ms: 300_000,
      approval_timeout_ms: 900_000,
    },
    pty: { command: null, cols: 120, rows: 32 },
    server: { port: null, host: '127.0.0.1' },
    review: {
      merging_state: 'Merging',
      rework_state: 'Rework',
      done_state: 'Done',
      land: 'merge',
      checks: null,
      checks_timeout_ms: 1_800_000,
      push: false,
      remote: 'origin',
      auto_land: false,
      sample_rate: 0,
      guidance_file: 'docs/agent-guidance.md',
      reviewer: null,
    },
    demo: false,
  };
}
