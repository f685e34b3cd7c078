import type { Issue } from '../../shared/domain/issue.js';
import { ok, type Result } from '../engine/lib/result.js';
import type { TrackerWriter } from '../engine/tracker/tracker.js';
import { DEMO_TICKETS, type DemoTicket } from './demo-tickets.js';

/**
 * Creates the demo board through the tracker's writer (the same validation the API applies) and
 * then the blocker relations. Tickets are created in list order, so identifiers follow it.
 */
export async function seedDemoTickets(writer: TrackerWriter, tickets: readonly DemoTicket[] = DEMO_TICKETS): Promise<Result<Issue[]>> {
  const created: Issue[] = [];
  for (const t of tickets) {
    const issue = await writer.createIssue({ title: t.title, description: t.description, priority: t.priority, labels: t.labels, state: t.state });
    if (!issue.ok) return issue;
    created.push(issue.value);
  }
  for (const [i, t] of tickets.entries()) {
    if (!t.blocked_by?.length || !writer.setBlockers) continue;
    const blockers = t.blocked_by.flatMap((b) => (created[b] ? [created[b].identifier] : []));
    const updated = await writer.setBlockers(created[i]!.identifier, blockers);
    if (!updated.ok) return updated;
    created[i] = updated.value;
  }
  return ok(created);
}
