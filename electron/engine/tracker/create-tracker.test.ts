import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeLinearServer } from '../../../test/fixtures/fake-linear/server.js';
import { standardWorkspace } from '../../../test/fixtures/fake-linear/store.js';
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

  it('builds the Linear tracker from endpoint, key and project, reading states live', async () => {
    const fake = await FakeLinearServer.start({ store: standardWorkspace() });
    try {
      fake.store.addIssue({ title: 'a', state: 'Todo' });
      fake.store.addIssue({ title: 'b', state: 'Backlog' });
      const linear = { kind: 'linear', provider: { endpoint: fake.url, api_key: fake.apiKey, project_slug: 'baton-6f1c2a' }, active_states: ['Todo'] };
      let current = testConfig({ tracker: linear });
      const created = createTracker(current, { clock: systemClock, currentConfig: () => current });
      if (!created.ok) throw new Error(created.error.message);
      const tracker = created.value;
      expect(tracker.kind).toBe('linear');
      const first = await tracker.fetchCandidateIssues();
      expect(first.ok && first.value.map((i) => i.title)).toEqual(['a']);
      current = testConfig({ tracker: { ...linear, active_states: ['Backlog'] } });
      const second = await tracker.fetchCandidateIssues();
      expect(second.ok && second.value.map((i) => i.title)).toEqual(['b']);
      // A reload to another kind takes effect at restart: the running tracker keeps its endpoint and key.
      current = testConfig({ tracker: { kind: 'local' } });
      expect((await tracker.fetchCandidateIssues()).ok).toBe(true);
      expect(fake.requests.map((r) => r.authorization)).toEqual([fake.apiKey, fake.apiKey, fake.apiKey]);
      await tracker.dispose();
    } finally {
      await fake.close();
    }
  });

  it("a Linear session writer keeps the settings of its session's start; the shared writer follows reloads (SPEC §10.5)", async () => {
    const fake = await FakeLinearServer.start({ store: standardWorkspace() });
    try {
      fake.store.addIssue({ title: 'a', state: 'Todo' });
      const linear = { kind: 'linear', provider: { endpoint: fake.url, api_key: fake.apiKey, project_slug: 'baton-6f1c2a' }, active_states: ['Todo'] };
      let current = testConfig({ tracker: linear });
      const created = createTracker(current, { clock: systemClock, currentConfig: () => current });
      if (!created.ok) throw new Error(created.error.message);
      const tracker = created.value;
      const session = tracker.sessionWriter?.();
      if (!session) throw new Error('a linear tracker offers session writers');
      // A reload changes the key while the session runs.
      current = testConfig({ tracker: { ...linear, provider: { ...linear.provider, api_key: 'lin_api_rotated' } } });
      expect(await session.getIssue('ENG-1')).toMatchObject({ ok: true, value: { title: 'a' } });
      expect(await tracker.writer?.getIssue('ENG-1')).toMatchObject({ ok: false, error: { code: 'linear_api_status' } });
      expect(fake.requests.map((r) => r.authorization)).toEqual([fake.apiKey, 'lin_api_rotated']);
      await tracker.dispose();
    } finally {
      await fake.close();
    }
  });

  it.each([
    [{ api_key: null, project_slug: 'p' }, 'missing_tracker_api_key'],
    [{ api_key: 'k', project_slug: ' ' }, 'missing_tracker_project_slug'],
  ])('refuses a Linear tracker without credentials or project (%j)', (fields, code) => {
    const config = testConfig({ tracker: { kind: 'linear', provider: { endpoint: 'http://127.0.0.1:9/graphql', ...fields } } });
    expect(createTracker(config, { clock: systemClock })).toMatchObject({ ok: false, error: { code } });
  });

  it.each(['jira', ''])('answers unsupported_tracker_kind for %j', (kind) => {
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
