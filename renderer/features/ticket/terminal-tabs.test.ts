import { describe, expect, it } from 'vitest';
import type { RunRecord, TerminalInfo } from '../../../shared/api/schemas.js';
import { terminalTabs, type TabSources } from './terminal-tabs.js';

function term(id: string, kind: TerminalInfo['kind'], overrides: Partial<TerminalInfo> = {}): TerminalInfo {
  return { id, issue_id: 'id-1', issue_identifier: 'DEMO-2', kind, title: id, cols: 80, rows: 24, created_at: '2026-01-01T00:00:00.000Z', exited: true, exit_code: 0, signal: null, ...overrides };
}

function run(runId: string, attempt: number | null, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: runId, issue_id: 'id-1', issue_identifier: 'DEMO-2', attempt, started_at: '2026-01-01T00:00:00.000Z', ended_at: '2026-01-01T00:01:00.000Z',
    status: 'handed_off', error: null, workspace_path: '/ws', branch: 'baton/DEMO-2', session_id: null, agent_kind: 'codex', turn_count: 1,
    input_tokens: 0, output_tokens: 0, total_tokens: 0, ...overrides,
  };
}

const sources = (overrides: Partial<TabSources>): TabSources => ({ identifier: 'DEMO-2', terminals: [], opened: [], runs: [], running: null, workflowKind: 'codex', ...overrides });
const labels = (src: TabSources) => terminalTabs(src).map((t) => `${t.label}${t.exited ? ' (exited)' : ''}`);

describe('terminalTabs', () => {
  // Regression: one finished run showed two tabs, "Agent · first run (exited)" and "Agent (exited)":
  // the second was the review check's terminal, labelled as an agent's.
  it('gives one tab per run, named by its attempt, and calls a check terminal Checks', () => {
    const src = sources({ terminals: [term('run-a', 'agent'), term('check-DEMO-2-x', 'check')], runs: [run('run-a', null)] });
    expect(labels(src)).toEqual(['Agent · first run (exited)', 'Checks (exited)']);
    expect(terminalTabs(src).map((t) => [t.kind, t.interactive])).toEqual([['agent', false], ['check', false]]);
  });

  it('names each run by its attempt, finds a pty run by its session, and numbers several checks', () => {
    const src = sources({
      terminals: [term('run-a', 'agent'), term('sess-b', 'agent'), term('check-1', 'check'), term('check-2', 'check'), term('other', 'agent', { issue_identifier: 'DEMO-3' })],
      runs: [run('run-a', null), run('run-b', 1, { session_id: 'sess-b', agent_kind: 'pty' })],
    });
    expect(labels(src)).toEqual(['Agent · first run (exited)', 'Agent · attempt 1 (exited)', 'Checks 1 (exited)', 'Checks 2 (exited)']);
    expect(terminalTabs(src)[1]!.interactive).toBe(true);
  });

  it('names the running run by its attempt before the run list has it', () => {
    const src = sources({ terminals: [term('run-a', 'agent'), term('run-new', 'agent', { exited: false })], runs: [run('run-a', null)], running: { terminal_id: 'run-new', attempt: 2 } });
    expect(labels(src)).toEqual(['Agent · first run (exited)', 'Agent · attempt 2']);
  });

  it('keeps one tab for a run that owns two terminals: the newer', () => {
    const src = sources({ terminals: [term('run-a', 'agent'), term('sess-a', 'agent', { exited: false })], runs: [run('run-a', 1, { session_id: 'sess-a' })] });
    expect(terminalTabs(src).map((t) => [t.id, t.label])).toEqual([['sess-a', 'Agent · attempt 1']]);
  });

  it('lists shells last, including one just opened that the terminal list does not have yet', () => {
    const src = sources({ terminals: [term('shell-1', 'shell', { exited: false }), term('run-a', 'agent')], runs: [run('run-a', null)], opened: ['shell-1', 'shell-2'] });
    expect(labels(src)).toEqual(['Agent · first run (exited)', 'Shell 1', 'Shell 2']);
  });
});
