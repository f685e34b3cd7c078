import { describe, expect, it } from 'vitest';
import type { WorkflowResponse } from '../../shared/api/schemas.js';
import { boardColumns } from './board-columns.js';

function workflow(review?: { merging_state: string }): WorkflowResponse {
  return {
    path: '/repo/WORKFLOW.md',
    config: {
      tracker: { kind: 'local', api_key: null, active_states: ['Todo', 'In Progress', 'Rework'], terminal_states: ['Done', 'Cancelled'], states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'] },
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
  it('orders active, review, landing, terminal, then the other states and states seen only on tickets', () => {
    expect(boardColumns(workflow({ merging_state: 'Merging' }), ['Blocked', 'todo'])).toEqual([
      'Todo',
      'In Progress',
      'Rework',
      'Human Review',
      'Merging',
      'Done',
      'Cancelled',
      'Backlog',
      'Blocked',
    ]);
  });

  it('keeps configured order for an engine that sends no review section', () => {
    expect(boardColumns(workflow(), [])).toEqual(['Todo', 'In Progress', 'Rework', 'Human Review', 'Done', 'Cancelled', 'Backlog', 'Merging']);
    expect(boardColumns(null, ['Todo'])).toEqual(['Todo']);
  });
});
