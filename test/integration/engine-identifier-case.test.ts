import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDiff } from '../../shared/api/review-schemas.js';
import type { EngineHarness } from './engine-harness.js';
import { decide, startReviewEngine, ticketInReview } from './engine-review-kit.js';

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

// Regression (issue 7): `GET /api/v1/tickets/sec-2/diff` answered 404 while `SEC-2/diff` worked:
// the diff route looked for a worktree named after the identifier as typed, while the tracker
// matches identifiers case-insensitively. Every route now resolves the identifier one way.
describe('ticket identifiers in routes, any case', () => {
  it('answers every ticket route for a lowercase identifier as for the tracker spelling', async () => {
    h = await startReviewEngine();
    const issue = await ticketInReview(h, 'Say hello');
    const lower = issue.identifier.toLowerCase();
    expect(lower).not.toBe(issue.identifier);

    for (const suffix of ['', '/events', '/runs', '/diff']) {
      const exact = await h.api('GET', `/api/v1/tickets/${issue.identifier}${suffix}`);
      const other = await h.api('GET', `/api/v1/tickets/${lower}${suffix}`);
      expect(exact.status, suffix).toBe(200);
      expect(other, suffix).toEqual(exact);
    }
    const diff = await h.api<TicketDiff>('GET', `/api/v1/tickets/${lower}/diff?path=src/hello.txt`);
    expect(diff.json).toMatchObject({ identifier: issue.identifier, head_ref: `baton/${issue.identifier}` });
    const detail = await h.api<{ issue_identifier: string }>('GET', `/api/v1/${lower}`);
    expect(detail.json.issue_identifier).toBe(issue.identifier);

    const shell = await h.api<{ terminal_id: string }>('POST', `/api/v1/tickets/${lower}/shell`, {});
    expect(shell.status).toBe(201);
    expect((await h.api('DELETE', `/api/v1/tickets/${lower}/shell/${shell.json.terminal_id}`)).status).toBe(200);

    // A ticket that never ran is known to the tracker only.
    const parked = await h.api<{ identifier: string }>('POST', '/api/v1/tickets', { title: 'Later', state: 'Backlog' });
    const parkedLower = parked.json.identifier.toLowerCase();
    expect((await h.api<{ identifier: string }>('GET', `/api/v1/tickets/${parkedLower}`)).json.identifier).toBe(parked.json.identifier);
    expect((await h.api('PATCH', `/api/v1/tickets/${parkedLower}`, { title: 'Later still' })).status).toBe(200);

    const approved = await decide(h, lower, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ identifier: issue.identifier, decision: 'approve' });
  });
});
