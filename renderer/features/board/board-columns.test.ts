import { describe, expect, it } from 'vitest';
import type { WorkflowResponse } from '../../../shared/api/schemas.js';
import { boardColumns, isTerminalState } from './board-columns.js';

const LOCAL_STATES = ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'];

function workflow(tracker: Partial<WorkflowResponse['config']['tracker']> = {}, review?: { merging_state: string }): WorkflowResponse {
  return {
    path: '/repo/WORKFLOW.md',
    config: {
      tracker: { kind: 'local', api_key: null, active_states: ['Todo', 'In Progress', 'Rework'], terminal_states: ['Done', 'Cancelled'], states: LOCAL_STATES, ...tracker },
      agent: { kind: 'codex', max_concurrent_agents: 4, handoff_state: 'Human Review' },
      ...(review ? { review } : {}),
    },
    prompt_template: '',
    loaded_at: '2026-11-21T00:00:00.000Z',
    last_error: null,
    pending_change: null,
  };
}

describe('boardColumns', () => {
  // Regression: Backlog came after Cancelled, off the first screen at 1600 px, although
  // docs/workflow.md says tracker.states is the board order.
  it('follows tracker.states: the local default puts Backlog first', () => {
    expect(boardColumns(workflow({}, { merging_state: 'Merging' }), [])).toEqual(LOCAL_STATES);
  });

  it('follows a configured order, whatever it is', () => {
    const states = ['Todo', 'Icebox', 'In Progress', 'Human Review', 'Merging', 'Cancelled', 'Done', 'Backlog', 'Rework'];
    expect(boardColumns(workflow({ states }), [])).toEqual(states);
  });

  it('adds states the engine works with but the list lacks: working states before the first terminal one', () => {
    // Linear's default `states` are active + terminal: review and landing get columns before Closed.
    const linear = workflow({ kind: 'linear', active_states: ['Todo', 'In Progress'], terminal_states: ['Closed', 'Done'], states: ['Todo', 'In Progress', 'Closed', 'Done'] }, { merging_state: 'Merging' });
    expect(boardColumns(linear, [])).toEqual(['Todo', 'In Progress', 'Human Review', 'Merging', 'Closed', 'Done']);
    const noTerminal = workflow({ terminal_states: ['Done', 'Archived'], states: ['Todo', 'Done'] });
    expect(boardColumns(noTerminal, [])).toEqual(['Todo', 'In Progress', 'Rework', 'Human Review', 'Done', 'Archived']);
  });

  it('puts states seen only on tickets last, once each, keeping the configured spelling', () => {
    expect(boardColumns(workflow(), ['Blocked', 'todo', 'blocked'])).toEqual([...LOCAL_STATES, 'Blocked']);
    expect(boardColumns(null, ['Todo'])).toEqual(['Todo']);
  });
});

describe('isTerminalState', () => {
  it('matches the terminal states case-insensitively', () => {
    expect(isTerminalState(workflow(), 'cancelled')).toBe(true);
    expect(isTerminalState(workflow(), 'Backlog')).toBe(false);
    expect(isTerminalState(null, 'Done')).toBe(false);
  });
});
