import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../../../shared/domain/issue.js';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import type { Result } from '../../lib/result.js';
import { LocalTracker, type LocalTrackerOptions } from './local-tracker.js';
import type { LocalStateSettings } from './state-matcher.js';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('LocalTracker', () => {
  let dir: string;
  let path: string;
  let settings: LocalStateSettings;
  let t = Date.UTC(2026, 0, 1);
  const clock: Clock = { ...systemClock, now: () => (t += 1000) };
  const trackers: LocalTracker[] = [];
  const open = (overrides: Partial<LocalTrackerOptions> = {}) => {
    const tracker = value(LocalTracker.open({ path, prefix: 'BAT', settings: () => settings, clock, ...overrides }));
    trackers.push(tracker);
    return tracker;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-tracker-'));
    path = join(dir, '.baton', 'tickets.db');
    settings = {
      states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done', 'Cancelled'],
      active_states: ['Todo', 'In Progress'],
      terminal_states: ['Done', 'Cancelled'],
    };
  });
  afterEach(() => {
    for (const tr of trackers.splice(0)) tr.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates issues in the first active state with monotonic identifiers', async () => {
    const tracker = open();
    const a = value(await tracker.createIssue({ title: 'First', labels: ['Bug'], priority: 1, description: 'why' }));
    const b = value(await tracker.createIssue({ title: 'Second' }));
    expect(a).toMatchObject({
      identifier: 'BAT-1', title: 'First', state: 'Todo', labels: ['bug'], priority: 1, description: 'why',
      blocked_by: [], branch_name: null, url: null,
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.created_at).toBe(a.updated_at);
    expect(Date.parse(a.created_at as string)).not.toBeNaN();
    expect(b.identifier).toBe('BAT-2');
    expect(value(await tracker.listIssues()).map((i) => i.identifier)).toEqual(['BAT-1', 'BAT-2']);
  });

  // Regression (issue 7): SQLite reads a text value back only up to its first NUL, so a title with
  // one was stored whole and read back cut. Such values are refused before they are written.
  it('refuses a title with a control character and a description with NUL, writing nothing', async () => {
    const tracker = open();
    await tracker.createIssue({ title: 'kept', description: 'as is' });
    expect(await tracker.createIssue({ title: 'cut\u0000here' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('control characters') } });
    expect(await tracker.updateIssue('BAT-1', { title: 'a\nb' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await tracker.updateIssue('BAT-1', { description: 'cut\u0000here' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('NUL') } });
    expect(value(await tracker.listIssues()).map((i) => [i.title, i.description])).toEqual([['kept', 'as is']]);
  });

  it('never reuses a number, even after a row is deleted by hand, and numbers per prefix', async () => {
    let tracker = open();
    await tracker.createIssue({ title: 'one' });
    await tracker.createIssue({ title: 'two' });
    tracker.dispose();
    const raw = new Database(path);
    raw.exec("DELETE FROM issues WHERE identifier = 'BAT-2'");
    raw.close();
    tracker = open();
    expect(value(await tracker.createIssue({ title: 'three' })).identifier).toBe('BAT-3');
    const other = open({ prefix: 'OPS' });
    expect(value(await other.createIssue({ title: 'ops' })).identifier).toBe('OPS-1');
    const lower = open({ prefix: 'bat' });
    expect(value(await lower.createIssue({ title: 'lower' })).identifier).toBe('bat-4');
  });

  it('finds issues by identifier case-insensitively and treats path-like identifiers as not found', async () => {
    const tracker = open();
    await tracker.createIssue({ title: 'x' });
    expect(value(await tracker.getIssue('bat-1'))?.identifier).toBe('BAT-1');
    for (const bad of ['../BAT-1', 'BAT-1/../../etc', '/etc/passwd', '', 'BAT-1\u0000']) {
      expect(await tracker.getIssue(bad)).toEqual({ ok: true, value: null });
      expect(await tracker.updateIssue(bad, { title: 'y' })).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
    }
  });

  it('updates fields, stores states in the configured spelling and rejects unknown states', async () => {
    const tracker = open();
    await tracker.createIssue({ title: 'x', priority: 3 });
    const moved = value(await tracker.updateIssue('bat-1', { state: 'human REVIEW', priority: null, labels: ['A', 'b'] }));
    expect(moved).toMatchObject({ state: 'Human Review', priority: null, labels: ['a', 'b'], title: 'x' });
    expect(moved.updated_at! > moved.created_at!).toBe(true);
    const bad = await tracker.updateIssue('BAT-1', { state: 'Shipped' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(!bad.ok && bad.error.message).toContain('Human Review');
    expect(await tracker.updateIssue('BAT-99', { state: 'Done' })).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
    expect(await tracker.createIssue({ title: 'y', state: 'Nope' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('serves the reader operations with case-insensitive state matching', async () => {
    const tracker = open();
    const todo = value(await tracker.createIssue({ title: 'todo' }));
    const progress = value(await tracker.createIssue({ title: 'wip', state: 'In Progress' }));
    const done = value(await tracker.createIssue({ title: 'done', state: 'Done' }));
    await tracker.createIssue({ title: 'backlog', state: 'Backlog' });
    expect(value(await tracker.fetchCandidateIssues()).map((i) => i.identifier)).toEqual([todo.identifier, progress.identifier]);
    expect(value(await tracker.fetchIssuesByStates([' done ', 'CANCELLED'])).map((i) => i.id)).toEqual([done.id]);
    expect(value(await tracker.fetchIssueStatesByIds([done.id, 'missing', todo.id])).map((i) => i.id)).toEqual([todo.id, done.id]);
    tracker.dispose();
    // Empty lists answer without touching the database, even a closed one.
    expect(await tracker.fetchIssuesByStates([])).toEqual({ ok: true, value: [] });
    expect(await tracker.fetchIssueStatesByIds([])).toEqual({ ok: true, value: [] });
  });

  it('follows live changes to the state settings', async () => {
    const tracker = open();
    await tracker.createIssue({ title: 'review', state: 'Human Review' });
    expect(value(await tracker.fetchCandidateIssues())).toHaveLength(0);
    settings = { ...settings, states: settings.states.map((s) => (s === 'Human Review' ? 'HUMAN REVIEW' : s)), active_states: ['Todo', 'human review'] };
    const candidates = value(await tracker.fetchCandidateIssues());
    expect(candidates.map((i) => i.state)).toEqual(['HUMAN REVIEW']);
  });

  it('fills blocked_by with the blockers\' current state and rejects bad blocker lists', async () => {
    const tracker = open();
    const a = value(await tracker.createIssue({ title: 'a' }));
    const b = value(await tracker.createIssue({ title: 'b' }));
    await tracker.createIssue({ title: 'c' });
    value(await tracker.setBlockers('BAT-3', ['bat-1', 'BAT-2', 'BAT-1']));
    await tracker.updateIssue('BAT-1', { state: 'Done' });
    const c = value(await tracker.getIssue('BAT-3'));
    expect(c?.blocked_by).toEqual([
      { id: a.id, identifier: 'BAT-1', state: 'Done' },
      { id: b.id, identifier: 'BAT-2', state: 'Todo' },
    ]);
    expect(await tracker.setBlockers('BAT-3', ['BAT-3'])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await tracker.setBlockers('BAT-3', ['BAT-9'])).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
    expect(await tracker.setBlockers('BAT-3', [5 as unknown as string])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    value(await tracker.setBlockers('BAT-3', []));
    expect(value(await tracker.getIssue('BAT-3'))?.blocked_by).toEqual([]);
  });

  it('sets dispatchable from the blocker rule: a Todo issue waits until every blocker is terminal', async () => {
    const tracker = open();
    await tracker.createIssue({ title: 'blocker' });
    await tracker.createIssue({ title: 'blocked' });
    value(await tracker.setBlockers('BAT-2', ['BAT-1']));
    const byId = async () => new Map(value(await tracker.fetchCandidateIssues()).map((i) => [i.identifier, i.dispatchable]));
    expect(await byId()).toEqual(new Map([['BAT-1', true], ['BAT-2', false]]));
    await tracker.updateIssue('BAT-1', { state: 'Done' });
    expect((await byId()).get('BAT-2')).toBe(true);
    await tracker.updateIssue('BAT-1', { state: 'Todo' });
    await tracker.updateIssue('BAT-2', { state: 'In Progress' });
    // Only Todo waits on blockers: work already started is not stopped by them.
    expect((await byId()).get('BAT-2')).toBe(true);
  });

  it('adds and lists comments', async () => {
    const tracker = open();
    await tracker.createIssue({ title: 'x' });
    const c1 = value(await tracker.addComment('bat-1', 'first', ' alice '));
    await tracker.addComment('BAT-1', 'second', 'bob');
    expect(c1).toMatchObject({ author: 'alice', body: 'first' });
    expect(value(await tracker.listComments('BAT-1')).map((c) => c.body)).toEqual(['first', 'second']);
    expect(await tracker.addComment('BAT-1', '  ', 'bob')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await tracker.addComment('BAT-1', 'x', '')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await tracker.addComment('BAT-7', 'x', 'bob')).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
    expect(await tracker.listComments('BAT-7')).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
  });

  it('tells listeners about every write, including issues whose blocker moved', async () => {
    const tracker = open();
    const seen: string[] = [];
    const off = tracker.onIssueChanged((i: Issue) => seen.push(`${i.identifier}:${i.state}:${i.blocked_by.map((b) => b.state).join(',')}`));
    tracker.onIssueChanged(() => {
      throw new Error('listener bug');
    });
    await tracker.createIssue({ title: 'a' });
    await tracker.createIssue({ title: 'b' });
    await tracker.setBlockers('BAT-2', ['BAT-1']);
    await tracker.updateIssue('BAT-1', { state: 'Done' });
    await tracker.addComment('BAT-2', 'hi', 'op');
    await tracker.updateIssue('BAT-2', { state: 'Bogus' });
    off.dispose();
    await tracker.updateIssue('BAT-2', { title: 'renamed' });
    expect(seen).toEqual(['BAT-1:Todo:', 'BAT-2:Todo:', 'BAT-2:Todo:Todo', 'BAT-1:Done:', 'BAT-2:Todo:Done', 'BAT-2:Todo:Done']);
  });

  // Regression (libsql BUSY wedge): after a write failed on a lock, later writes must still commit.
  it('turns SQLite failures into results and stays writable once a lock is released', async () => {
    const tracker = open({ busyTimeoutMs: 0 });
    await tracker.createIssue({ title: 'x' });
    const peer = new Database(path);
    peer.exec('BEGIN IMMEDIATE');
    const locked = await tracker.createIssue({ title: 'y' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'tracker_write_failed' } });
    expect(!locked.ok && locked.error.message).toMatch(/locked/);
    expect(await tracker.updateIssue('BAT-1', { title: 'z' })).toMatchObject({ ok: false, error: { code: 'tracker_write_failed' } });
    peer.exec('ROLLBACK');
    peer.close();
    expect(value(await tracker.createIssue({ title: 'y' })).identifier).toBe('BAT-2');
    tracker.dispose();
    expect(await tracker.listIssues()).toMatchObject({ ok: false, error: { code: 'tracker_unavailable' } });
    expect(await tracker.createIssue({ title: 'z' })).toMatchObject({ ok: false, error: { code: 'tracker_unavailable' } });
  });

  it('refuses a bad prefix, an unusable path and a newer schema', () => {
    expect(LocalTracker.open({ path, prefix: 'B-1', settings: () => settings, clock })).toMatchObject({ ok: false, error: { code: 'tracker_unavailable' } });
    expect(LocalTracker.open({ path: dir, prefix: 'BAT', settings: () => settings, clock })).toMatchObject({ ok: false, error: { code: 'tracker_unavailable' } });
    open().dispose();
    const raw = new Database(path);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    const newer = LocalTracker.open({ path, prefix: 'BAT', settings: () => settings, clock });
    expect(newer).toMatchObject({ ok: false, error: { code: 'tracker_unavailable' } });
    expect(!newer.ok && newer.error.message).toMatch(/schema version 99/);
  });
});
