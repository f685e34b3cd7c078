import { describe, expect, it } from 'vitest';
import { applyMessages, applySnapshot, applyTickets, initialFleetState, type FleetState } from '../../stores/fleet-state.js';
import { approval, retry, snapshot, ticket, workflow } from '../../stores/fleet-fixtures.test-util.js';
import { notificationsFor } from './notification-rules.js';

/** A loaded page: BAT-1 and BAT-2 in Todo, BAT-3 already in review, nothing failing or waiting. */
function loaded(): FleetState {
  let s: FleetState = { ...initialFleetState, loaded: true, workflow: workflow('Human Review') };
  s = applyTickets(s, [ticket(1), ticket(2), ticket(3, { state: 'Human Review' })], true);
  return applySnapshot(s, snapshot());
}

describe('what deserves a notification', () => {
  it('says nothing about what was already true when the page loaded', () => {
    const before: FleetState = { ...initialFleetState, workflow: workflow() };
    let after = applyMessages(loaded(), [{ type: 'approvals', approvals: [approval('a1')] }]);
    after = applySnapshot(after, snapshot({ retrying: [retry('BAT-2', 1, 'boom')] }));
    expect(notificationsFor(before, after)).toEqual([]);
    // The same changes after the load are news.
    expect(notificationsFor(loaded(), after).map((n) => n.key)).toEqual(['failure:BAT-2:1', 'request:a1']);
  });

  it('announces a ticket reaching the handoff state, once, and leads to the ticket', () => {
    const prev = loaded();
    const next = applyTickets(prev, [ticket(1, { state: 'human review', updated_at: '2026-01-01T12:00:00.000Z' })]);
    expect(notificationsFor(prev, next)).toEqual([
      { key: 'review:BAT-1:2026-01-01T12:00:00.000Z', kind: 'review', title: 'BAT-1 is ready for review', body: 'Ticket 1', target: { view: 'review', identifier: 'BAT-1' } },
    ]);
    // The same ticket pushed again while still in review is not news; neither is BAT-3.
    expect(notificationsFor(next, applyTickets(next, [ticket(1, { state: 'Human Review', title: 'Renamed' })]))).toEqual([]);
  });

  it('announces an approved ticket that left the landing queue for anything but Done', () => {
    const withQueue = (s: FleetState): FleetState => ({ ...s, workflow: { ...workflow('Human Review'), config: { ...workflow('Human Review').config, review: { merging_state: 'Merging' } } } });
    const prev = withQueue(applyTickets(loaded(), [ticket(1, { state: 'Merging' }), ticket(2, { state: 'Merging' })]));
    const next = applyTickets(prev, [ticket(1, { state: 'Rework', updated_at: '2026-01-01T13:00:00.000Z' }), ticket(2, { state: 'Done' })]);
    expect(notificationsFor(prev, next)).toEqual([
      { key: 'landing:BAT-1:2026-01-01T13:00:00.000Z', kind: 'landing', title: 'BAT-1 did not land', body: 'Back in Rework: Ticket 1', target: { view: 'landing' } },
    ]);
    // Without a landing queue in the workflow, leaving Merging is just a move.
    expect(notificationsFor(loaded(), applyTickets(loaded(), [ticket(3, { state: 'Rework' })])).filter((n) => n.kind === 'landing')).toEqual([]);
  });

  it('does not treat a workflow arriving (or its handoff state changing) as tickets moving', () => {
    const prev = { ...loaded(), workflow: null };
    expect(notificationsFor(prev, applyTickets(loaded(), [ticket(2, { state: 'Human Review' })]))).toEqual([]);
    const renamed = { ...loaded(), workflow: workflow('Review') };
    expect(notificationsFor(loaded(), applyTickets(renamed, [ticket(2, { state: 'Review' })]))).toEqual([]);
  });

  it('announces a run failure once per failed attempt, not a continuation and not every push', () => {
    const prev = loaded();
    const failed = applySnapshot(prev, snapshot({ retrying: [retry('BAT-2', 1, 'turn_failed: exit 1')] }));
    expect(notificationsFor(prev, failed)).toMatchObject([
      { key: 'failure:BAT-2:1', kind: 'failure', title: 'BAT-2 failed (attempt 1)', body: 'turn_failed: exit 1', target: { view: 'ticket', identifier: 'BAT-2' } },
    ]);
    const again = applySnapshot(failed, snapshot({ generated_at: '2026-01-01T12:00:05.000Z', retrying: [retry('BAT-2', 1, 'turn_failed: exit 1')] }));
    expect(notificationsFor(failed, again)).toEqual([]);
    const nextAttempt = applySnapshot(again, snapshot({ retrying: [retry('BAT-2', 2, 'stalled')] }));
    expect(notificationsFor(again, nextAttempt).map((n) => n.key)).toEqual(['failure:BAT-2:2']);
    const continuation = applySnapshot(prev, snapshot({ retrying: [retry('BAT-1', 1, null)] }));
    expect(notificationsFor(prev, continuation)).toEqual([]);
  });

  it('announces each new operator request, leading to the queue', () => {
    const prev = applyMessages(loaded(), [{ type: 'approvals', approvals: [approval('a1')] }]);
    const question = approval('a2', { kind: 'input', issue_identifier: 'BAT-2', summary: 'Branch: Which branch should I target?' });
    const next = applyMessages(prev, [{ type: 'approvals', approvals: [approval('a1'), question] }]);
    expect(notificationsFor(prev, next)).toEqual([
      { key: 'request:a2', kind: 'request', title: 'BAT-2 has a question', body: 'Branch: Which branch should I target?', target: { view: 'queue' } },
    ]);
    const answered = applyMessages(next, [{ type: 'approvals', approvals: [question] }]);
    expect(notificationsFor(next, answered)).toEqual([]);
  });

  it('clips long bodies', () => {
    const prev = loaded();
    const next = applyMessages(prev, [{ type: 'approvals', approvals: [approval('a1', { summary: 'x'.repeat(500) })] }]);
    const [n] = notificationsFor(prev, next);
    expect(n?.title).toBe('BAT-1 asks for approval');
    expect(n?.body).toHaveLength(180);
    expect(n?.body.endsWith('…')).toBe(true);
  });
});
