import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewerReport } from '../../../shared/api/review-schemas.js';
import { testConfig } from '../../../test/fixtures/service-config.js';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { err, ok, type Result } from '../lib/result.js';
import { Store } from '../store/store.js';
import { LocalTracker } from '../tracker/local/local-tracker.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { ReviewDecisions } from './review-decisions.js';
import type { LandingPort, LandingRef, ReviewerPort } from './review-ports.js';

/*
 * The decisions' failure paths with the real local tracker and store; the landing queue, reviewer
 * and workspaces are small stand-ins of the engine's own interfaces, set to fail on purpose.
 */

let dir: string;
let tracker: LocalTracker;
let store: Store;
let config: ServiceConfig;
let removed: Result<{ snapshotRef: string | null }>;
let enqueued: Result<LandingRef>;
let report: ReviewerReport | null;
let changes: number;
/** What the config guard says of the ticket's work (ok: it changes no trusted configuration). */
let confirmation: Result<void>;

const landing: LandingPort = {
  enqueue: () => Promise.resolve(enqueued),
  enqueueGuidance: () => Promise.resolve(err('unused', 'unused')),
  activeFor: () => null,
  list: () => Promise.reject(new Error('unused')),
  kick: () => undefined,
  listAudits: () => [],
  setAuditStatus: () => err('unused', 'unused'),
  getAudit: () => err('unused', 'unused'),
};
const reviewer: ReviewerPort = {
  configured: () => config.review.reviewer !== null,
  review: () => Promise.reject(new Error('unused')),
  report: () => report,
  hasOpenFindings: () => report?.findings.some((f) => f.status === 'open') ?? false,
  setFindingStatus: () => err('unused', 'unused'),
};
const workspaces = {
  remove: () => Promise.resolve(removed),
  ensure: () => Promise.resolve(err('unused', 'not needed here')),
};

function decisions(over: Partial<{ tracker: Tracker }> = {}): ReviewDecisions {
  return new ReviewDecisions({
    config: () => config,
    tracker: over.tracker ?? tracker,
    store,
    workspaces: workspaces as never,
    landing,
    reviewer,
    configGuard: { requireConfirmation: () => Promise.resolve(confirmation) },
    clock: systemClock,
    logger: silentLogger(),
    onChange: () => void changes++,
  });
}

async function inReview(title = 'Say hello'): Promise<string> {
  const created = await tracker.writer.createIssue({ title, state: 'Human Review' });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.identifier;
}

async function stateOf(identifier: string): Promise<string | undefined> {
  const got = await tracker.writer.getIssue(identifier);
  return got.ok ? got.value?.state : undefined;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'review-decisions-'));
  config = testConfig({ workspace: { root: path.join(dir, 'ws'), repo: path.join(dir, 'repo') }, tracker: { provider: { path: path.join(dir, 'tickets.db') } } });
  const settings = () => ({ states: config.tracker.states, active_states: config.tracker.active_states, terminal_states: config.tracker.terminal_states });
  const opened = LocalTracker.open({ path: path.join(dir, 'tickets.db'), prefix: 'BAT', settings, clock: systemClock });
  if (!opened.ok) throw new Error(opened.error.message);
  tracker = opened.value;
  const s = Store.open({ path: path.join(dir, 'state.db'), clock: systemClock, logger: silentLogger() });
  if (!s.ok) throw new Error(s.error.message);
  store = s.value;
  removed = ok({ snapshotRef: 'refs/baton/snapshots/BAT-1/1' });
  enqueued = ok({ id: 1, status: 'queued' });
  report = null;
  changes = 0;
  confirmation = ok(undefined);
});

afterEach(async () => {
  store.dispose();
  await tracker.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('ReviewDecisions failure paths', () => {
  it('refuses every decision when the tracker cannot be written', async () => {
    const id = await inReview();
    const readOnly = Object.assign(Object.create(tracker) as Tracker, { writer: null, kind: 'linear' });
    const res = await decisions({ tracker: readOnly }).decide(id, { decision: 'approve' });
    expect(res).toMatchObject({ ok: false, error: { code: 'tracker_read_only' } });
    expect(await stateOf(id)).toBe('Human Review');
  });

  it('keeps request-changes feedback when the move to Rework fails, and says so', async () => {
    const id = await inReview();
    config = { ...config, review: { ...config.review, rework_state: 'Nowhere' } };
    const res = await decisions().decide(id, { decision: 'request_changes', summary: 'Rename it.' });
    expect(res.ok).toBe(false);
    expect(res.ok ? '' : res.error.message).toMatch(/feedback is saved \(round 1\)/);
    const saved = store.reviews.listFeedback(id);
    expect(saved.ok && saved.value.map((f) => f.summary)).toEqual(['Rename it.']);
    expect(await stateOf(id)).toBe('Human Review');
    expect(changes).toBe(0);
  });

  it('refuses a restart it cannot make safe: no repository, or a snapshot that failed', async () => {
    const id = await inReview();
    config = { ...config, workspace: { ...config.workspace, repo: null } };
    expect(await decisions().decide(id, { decision: 'restart' })).toMatchObject({ ok: false, error: { code: 'no_repository' } });
    config = testConfig({ ...config, workspace: { ...config.workspace, repo: path.join(dir, 'repo') } });
    removed = err('snapshot_failed', 'disk full; the workspace was not removed');
    expect(await decisions().decide(id, { decision: 'restart', summary: 'Start over' })).toMatchObject({ ok: false, error: { code: 'snapshot_failed' } });
    // Nothing moved and nothing was recorded: the attempt is still there to decide on.
    expect(await stateOf(id)).toBe('Human Review');
    const saved = store.reviews.listFeedback(id);
    expect(saved.ok && saved.value).toEqual([]);
  });

  it('approves to Done without a repository (nothing to land) and to Merging when the queue refuses for now', async () => {
    const plain = await inReview('Plain');
    config = { ...config, workspace: { ...config.workspace, repo: null } };
    expect(await decisions().decide(plain, { decision: 'approve' })).toMatchObject({ ok: true, value: { state: 'Done', landing_id: null } });

    config = testConfig({ ...config, workspace: { ...config.workspace, repo: path.join(dir, 'repo') } });
    const queued = await inReview('Queued later');
    enqueued = err('store_write_failed', 'database is locked');
    // The queue adopts Merging tickets it does not know on its next tick: nothing is lost.
    expect(await decisions().decide(queued, { decision: 'approve' })).toMatchObject({ ok: true, value: { state: 'Merging', landing_id: null } });
  });

  it('applies the reviewer gate: still reading, open findings, then dismissed', async () => {
    const id = await inReview();
    config = testConfig({ ...config, review: { reviewer: { model: 'm', base_url: null, api_key: null, gate: true, timeout_ms: 1000 } } });
    const finding = { id: 'f1', severity: 'P0' as const, path: 'a.ts', line: 1, title: 'Drops data', body: 'x', status: 'open' as const };
    report = { status: 'running', model: 'm', head: null, at: '', error: null, findings: [] };
    expect(await decisions().decide(id, { decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'reviewer_running' } });
    report = { ...report, status: 'done', findings: [finding] };
    expect(await decisions().decide(id, { decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'blocked_by_findings', message: expect.stringContaining('1 open P0 finding') } });
    // Request changes is never gated: the findings are exactly what the agent should fix.
    expect((await decisions().decide(id, { decision: 'request_changes', summary: 'Fix the P0.' })).ok).toBe(true);
  });

  it('refuses to approve work that changes trusted configuration without confirm_config, and approves it with (issue 7 H2)', async () => {
    const id = await inReview();
    confirmation = err('config_confirmation_required', `${id} changes trusted configuration (WORKFLOW.md — the workflow file)`);
    expect(await decisions().decide(id, { decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'config_confirmation_required' } });
    expect(await decisions().decide(id, { decision: 'approve', confirm_config: false })).toMatchObject({ ok: false, error: { code: 'config_confirmation_required' } });
    expect(await stateOf(id)).toBe('Human Review');
    expect(await decisions().decide(id, { decision: 'approve', confirm_config: true })).toMatchObject({ ok: true, value: { state: 'Merging' } });
    const actions = store.actions.listActions(10);
    expect(actions.ok && actions.value.find((a) => a.action === 'review.approve')?.payload).toMatchObject({ confirm_config: true });
  });
});
