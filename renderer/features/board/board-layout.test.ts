import { describe, expect, it } from 'vitest';
import { emptyFilters, statusResolver, type BoardFilters } from './board-filters.js';
import { layoutBoard } from './board-layout.js';
import type { PendingMove } from './board-store.js';
import { boardWorkflow, byId, issue, retrying, running, waitingOn } from '../../stores/record-fixtures.test-util.js';

const tickets = byId([
  issue(1, { title: 'Fix login redirect', labels: ['bug'], priority: 3 }),
  issue(2, { title: 'Dashboard', description: 'The LOGIN page flickers', labels: ['ui'], priority: 1 }),
  issue(3, { title: 'Export CSV', state: 'Backlog', labels: ['bug'] }),
  issue(4, { title: 'Ship it', state: 'Human Review' }),
  issue(5, { title: 'No priority either', priority: 0 }),
]);
const statusOf = statusResolver({ runs: { 'BAT-1': running('BAT-1') }, retries: { 'BAT-3': retrying('BAT-3') }, approvals: [waitingOn('BAT-4')] });

function layout(filters: Partial<BoardFilters> = {}, pendingMoves: Record<string, PendingMove> = {}) {
  return layoutBoard({ workflow: boardWorkflow(), tickets, pendingMoves, filters: { ...emptyFilters, ...filters }, statusOf });
}
const ids = (l: ReturnType<typeof layout>) => Object.fromEntries(l.columns.map((c) => [c.state, c.ids]));

describe('layoutBoard', () => {
  it('puts every ticket in its state column, workflow order, by priority then tracker order', () => {
    const l = layout();
    expect(l.columns.map((c) => c.state)).toEqual(['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done']);
    expect(ids(l)).toEqual({ Todo: ['BAT-2', 'BAT-1', 'BAT-5'], 'In Progress': [], 'Human Review': ['BAT-4'], Done: [], Backlog: ['BAT-3'] });
    expect(l.columns.map((c) => c.total)).toEqual([1, 3, 0, 1, 0]);
    expect(l.columns.map((c) => c.terminal)).toEqual([false, false, false, false, true]);
    expect(l).toMatchObject({ shown: 5, total: 5, filtered: false });
  });

  it('shows a ticket with a pending move in the target column and counts it there', () => {
    const l = layout({}, { 'BAT-1': { from: 'Todo', to: 'Done', seq: 1 } });
    expect(ids(l).Todo).toEqual(['BAT-2', 'BAT-5']);
    expect(ids(l).Done).toEqual(['BAT-1']);
    expect(l.columns.find((c) => c.state === 'Done')?.total).toBe(1);
  });

  it('adds a column for a state only a ticket has (a move to a state the workflow lost)', () => {
    const l = layout({}, { 'BAT-4': { from: 'Human Review', to: 'Icebox', seq: 1 } });
    expect(l.columns.at(-1)).toEqual({ state: 'Icebox', ids: ['BAT-4'], total: 1, terminal: false });
  });

  it('text search matches identifier, title and description, case-insensitively, all words', () => {
    expect(ids(layout({ text: 'login' })).Todo).toEqual(['BAT-2', 'BAT-1']);
    expect(ids(layout({ text: 'LOGIN flickers' })).Todo).toEqual(['BAT-2']);
    expect(layout({ text: 'bat-3' }).shown).toBe(1);
    const l = layout({ text: 'nothing like this' });
    expect(l).toMatchObject({ shown: 0, total: 5, filtered: true });
    expect(l.columns.map((c) => c.total)).toEqual([1, 3, 0, 1, 0]);
  });

  it('filters by label and by status, and combines filters', () => {
    expect(layout({ label: 'bug' }).columns.flatMap((c) => c.ids)).toEqual(['BAT-3', 'BAT-1']);
    expect(layout({ statuses: ['running'] }).columns.flatMap((c) => c.ids)).toEqual(['BAT-1']);
    expect(layout({ statuses: ['retrying', 'waiting'] }).columns.flatMap((c) => c.ids)).toEqual(['BAT-3', 'BAT-4']);
    expect(layout({ statuses: ['idle'] }).columns.flatMap((c) => c.ids)).toEqual(['BAT-2', 'BAT-5']);
    expect(layout({ label: 'bug', statuses: ['idle'] }).shown).toBe(0);
    expect(layout({ label: 'bug', text: 'export' }).columns.flatMap((c) => c.ids)).toEqual(['BAT-3']);
  });
});

describe('statusResolver', () => {
  it('ranks waiting over running over retrying', () => {
    const of = statusResolver({ runs: { 'BAT-1': running('BAT-1') }, retries: { 'BAT-1': retrying('BAT-1') }, approvals: [waitingOn('BAT-1')] });
    expect(of('BAT-1')).toBe('waiting');
    expect(statusResolver({ runs: { 'BAT-1': running('BAT-1') }, retries: { 'BAT-1': retrying('BAT-1') }, approvals: [] })('BAT-1')).toBe('running');
    expect(of('BAT-9')).toBe('idle');
  });
});
