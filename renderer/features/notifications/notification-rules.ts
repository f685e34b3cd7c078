import { normalizeState } from '../../../shared/domain/issue.js';
import type { Route } from '../../lib/route.js';
import type { FleetState } from '../../stores/fleet-state.js';

/** Something a person away from the window should hear about. */
export interface FleetNotification {
  /** Stable identity: the same event seen in two pushes (or after a resync) has the same key. */
  key: string;
  kind: 'review' | 'failure' | 'request' | 'landing';
  title: string;
  body: string;
  /** Where a click on the notification leads. */
  target: Route;
}

/** Longest notification body (characters): OS notification centers cut long text anyway. */
const BODY_MAX = 180;

/**
 * What deserves a notification in the step from `prev` to `next`: a ticket that reached the
 * handoff (review) state, a run that failed (its ticket newly in retrying with an error), an
 * operator request that arrived, an approved ticket that did not land. Only changes count: nothing is reported before the first full
 * load has been seen in `prev`, so what was already true when the page loaded stays quiet.
 */
export function notificationsFor(prev: FleetState, next: FleetState): FleetNotification[] {
  if (!prev.loaded || !next.loaded) return [];
  return [...reviews(prev, next), ...failures(prev, next), ...requests(prev, next), ...landings(prev, next)];
}

/**
 * A ticket that left the landing queue's state for anything but a terminal state did not land (a
 * conflict, a failing check): the person who approved it wants to know before the agent is done.
 */
function landings(prev: FleetState, next: FleetState): FleetNotification[] {
  const merging = next.workflow?.config.review?.merging_state;
  if (!merging || prev.tickets === next.tickets) return [];
  const key = normalizeState(merging);
  const terminal = new Set((next.workflow?.config.tracker.terminal_states ?? []).map(normalizeState));
  const out: FleetNotification[] = [];
  for (const ticket of Object.values(next.tickets)) {
    const before = prev.tickets[ticket.identifier];
    if (!before || normalizeState(before.state) !== key) continue;
    const now = normalizeState(ticket.state);
    if (now === key || terminal.has(now)) continue;
    out.push({
      key: `landing:${ticket.identifier}:${ticket.updated_at ?? ''}`,
      kind: 'landing',
      title: `${ticket.identifier} did not land`,
      body: clip(`Back in ${ticket.state}: ${ticket.title}`),
      target: { view: 'landing' },
    });
  }
  return out;
}

function handoffOf(state: FleetState): string | null {
  const handoff = state.workflow?.config.agent.handoff_state;
  return handoff ? normalizeState(handoff) : null;
}

function reviews(prev: FleetState, next: FleetState): FleetNotification[] {
  const handoff = handoffOf(next);
  // A workflow that just arrived (or changed its handoff state) is not a ticket moving.
  if (!handoff || handoffOf(prev) !== handoff || prev.tickets === next.tickets) return [];
  const out: FleetNotification[] = [];
  for (const ticket of Object.values(next.tickets)) {
    if (normalizeState(ticket.state) !== handoff) continue;
    const before = prev.tickets[ticket.identifier];
    if (before && normalizeState(before.state) === handoff) continue;
    out.push({
      key: `review:${ticket.identifier}:${ticket.updated_at ?? ''}`,
      kind: 'review',
      title: `${ticket.identifier} is ready for review`,
      body: clip(ticket.title),
      // Straight to the inbox with the ticket selected: the diff and the decision are there.
      target: { view: 'review', identifier: ticket.identifier },
    });
  }
  return out;
}

function failures(prev: FleetState, next: FleetState): FleetNotification[] {
  if (prev.retries === next.retries) return [];
  const out: FleetNotification[] = [];
  for (const retry of Object.values(next.retries)) {
    if (!retry.error) continue; // a continuation after a clean turn, not a failure
    const before = prev.retries[retry.issue_identifier];
    if (before && before.attempt === retry.attempt && before.error) continue;
    out.push({
      key: `failure:${retry.issue_identifier}:${retry.attempt}`,
      kind: 'failure',
      title: `${retry.issue_identifier} failed (attempt ${retry.attempt})`,
      body: clip(retry.error),
      target: { view: 'ticket', identifier: retry.issue_identifier },
    });
  }
  return out;
}

function requests(prev: FleetState, next: FleetState): FleetNotification[] {
  if (prev.approvals === next.approvals) return [];
  const known = new Set(prev.approvals.map((a) => a.id));
  return next.approvals
    .filter((a) => !known.has(a.id))
    .map((a) => ({
      key: `request:${a.id}`,
      kind: 'request' as const,
      title: `${a.issue_identifier} ${a.kind === 'input' ? 'has a question' : 'asks for approval'}`,
      body: clip(a.summary),
      target: { view: 'queue' as const },
    }));
}

function clip(text: string): string {
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}
