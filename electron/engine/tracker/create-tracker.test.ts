import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/fixtures/service-config.js';
import { systemClock } from '../lib/clock.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { createTracker } from './create-tracker.js';

describe('createTracker', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-create-tracker-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the local tracker, reading states live from the current config', async () => {
    let current = testConfig({ tracker: { provider: { path: join(dir, 'tickets.db'), prefix: 'BAT' } } });
    const created = createTracker(current, { clock: systemClock, currentConfig: () => current });
    if (!created.ok) throw new Error(created.error.message);
    const tracker = created.value;
    expect(tracker.kind).toBe('local');
    const issue = await tracker.writer!.createIssue({ title: 'x', state: 'Backlog' });
    expect(issue).toMatchObject({ ok: true, value: { identifier: 'BAT-1', state: 'Backlog' } });
    expect(await tracker.fetchCandidateIssues()).toEqual({ ok: true, value: [] });
    current = testConfig({ tracker: { ...current.tracker, active_states: ['Backlog'] } });
    const candidates = await tracker.fetchCandidateIssues();
    expect(candidates.ok && candidates.value.map((i) => i.identifier)).toEqual(['BAT-1']);
    await tracker.dispose();
  });

  it.each(['linear', 'jira', ''])('answers unsupported_tracker_kind for %j', (kind) => {
    const config: ServiceConfig = testConfig({ tracker: { kind } });
    const created = createTracker(config, { clock: systemClock });
    expect(created).toMatchObject({ ok: false, error: { code: 'unsupported_tracker_kind' } });
    expect(!created.ok && created.error.message).toMatch(/local/);
  });

  it('answers tracker_unavailable when the tickets file cannot be opened', () => {
    const config = testConfig({ tracker: { provider: { path: dir, prefix: 'BAT' } } });
    expect(createTracker(config, { clock: systemClock })).toMatchObject({ ok: false, error: { code: 'tracker_unavailable' } });
  });
});
