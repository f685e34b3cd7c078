import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { LinearClient } from '../../electron/engine/tracker/linear/linear-client.js';
import { ISSUES_BY_IDS_QUERY } from '../../electron/engine/tracker/linear/queries.js';
import { PROJECT_SLUG, startLinear, value, type LinearHarness } from '../fixtures/fake-linear/harness.js';

/** SPEC §17.3 against the fake Linear server: the reader's requests and normalization. */
describe('Linear tracker reads', () => {
  let h: LinearHarness;
  beforeEach(async () => {
    h = await startLinear();
  });
  afterEach(() => h.close());

  it('fetches candidates in the active states of the configured project, with the key as Authorization', async () => {
    const s = h.fake.store;
    s.addTeam('OPS', [['Todo', 'unstarted']]);
    s.addProject('other-9a9a9a', ['OPS']);
    s.addIssue({ title: 'todo', state: 'Todo' });
    s.addIssue({ title: 'backlog', state: 'Backlog' });
    s.addIssue({ title: 'doing', state: 'In Progress' });
    s.addIssue({ title: 'done', state: 'Done' });
    s.addIssue({ title: 'other project', team: 'OPS', project: 'other-9a9a9a', state: 'Todo' });
    s.addIssue({ title: 'no project', project: null, state: 'Todo' });

    const issues = value(await h.tracker.fetchCandidateIssues());

    expect(issues.map((i) => [i.identifier, i.title, i.state])).toEqual([
      ['ENG-1', 'todo', 'Todo'],
      ['ENG-3', 'doing', 'In Progress'],
    ]);
    expect(h.fake.requests).toHaveLength(1);
    const [req] = h.fake.requests;
    expect(req!.operationName).toBe('BatonLinearIssuesByStates');
    expect(req!.authorization).toBe(h.fake.apiKey);
    expect(req!.variables).toEqual({ projectSlug: PROJECT_SLUG, states: ['Todo', 'In Progress'], first: 50, after: null });
    expect(req!.query).toContain('project: { slugId: { eq: $projectSlug } }');
    expect(req!.query).toContain('state: { name: { in: $states } }');
  });

  it('reads active states and project slug from the live settings on every call', async () => {
    h.fake.store.addIssue({ title: 'backlog', state: 'Backlog' });
    expect(value(await h.tracker.fetchCandidateIssues())).toEqual([]);
    h.settings.active_states = ['Backlog'];
    expect(value(await h.tracker.fetchCandidateIssues()).map((i) => i.title)).toEqual(['backlog']);
    h.settings.project_slug = 'nope-000000';
    expect(value(await h.tracker.fetchCandidateIssues())).toEqual([]);
    expect(h.fake.requests.map((r) => r.variables.projectSlug)).toEqual([PROJECT_SLUG, PROJECT_SLUG, 'nope-000000']);
  });

  it('answers fetchIssuesByStates([]) with [] and makes no request', async () => {
    expect(await h.tracker.fetchIssuesByStates([])).toEqual({ ok: true, value: [] });
    expect(await h.tracker.fetchIssuesByStates(['  '])).toEqual({ ok: true, value: [] });
    h.settings.active_states = [];
    expect(await h.tracker.fetchCandidateIssues()).toEqual({ ok: true, value: [] });
    expect(await h.tracker.fetchIssueStatesByIds([])).toEqual({ ok: true, value: [] });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('fetches issues by the given (terminal) states', async () => {
    h.fake.store.addIssue({ title: 'done', state: 'Done' });
    h.fake.store.addIssue({ title: 'canceled', state: 'Canceled' });
    h.fake.store.addIssue({ title: 'todo', state: 'Todo' });
    const issues = value(await h.tracker.fetchIssuesByStates(['Done', 'Canceled', 'Done']));
    expect(issues.map((i) => i.title)).toEqual(['done', 'canceled']);
    expect(h.fake.requests[0]!.variables.states).toEqual(['Done', 'Canceled']);
  });

  it('follows pages and preserves order: 120 issues over 3 pages', async () => {
    for (let n = 1; n <= 120; n++) h.fake.store.addIssue({ title: `issue ${n}`, state: n % 2 ? 'Todo' : 'In Progress' });

    const issues = value(await h.tracker.fetchCandidateIssues());

    expect(issues.map((i) => i.title)).toEqual(Array.from({ length: 120 }, (_, k) => `issue ${k + 1}`));
    expect(h.fake.requests).toHaveLength(3);
    const afters = h.fake.requests.map((r) => r.variables.after);
    expect(afters[0]).toBeNull();
    expect(typeof afters[1]).toBe('string');
    expect(typeof afters[2]).toBe('string');
    expect(afters[1]).not.toBe(afters[2]);
    expect(h.fake.requests.every((r) => r.variables.first === 50)).toBe(true);
  });

  it('derives blocked_by from inverse relations of type blocks only', async () => {
    const s = h.fake.store;
    s.addIssue({ title: 'blocker', state: 'In Progress' }); // ENG-1
    s.addIssue({ title: 'blocked', state: 'Todo' }); // ENG-2
    s.addIssue({ title: 'related', state: 'Done' }); // ENG-3
    s.addIssue({ title: 'second blocker', state: 'Done' }); // ENG-4
    s.addRelation('ENG-1', 'ENG-2', 'blocks');
    s.addRelation('ENG-3', 'ENG-2', 'related');
    s.addRelation('ENG-4', 'ENG-2', 'blocks');
    s.addRelation('ENG-2', 'ENG-3', 'blocks'); // ENG-2 blocks ENG-3: not a blocker of ENG-2

    const issues = value(await h.tracker.fetchCandidateIssues());
    const blocked = issues.find((i) => i.identifier === 'ENG-2')!;

    expect(blocked.blocked_by).toEqual([
      { id: s.issue('ENG-1').id, identifier: 'ENG-1', state: 'In Progress' },
      { id: s.issue('ENG-4').id, identifier: 'ENG-4', state: 'Done' },
    ]);
    expect(issues.find((i) => i.identifier === 'ENG-1')!.blocked_by).toEqual([]);
    // The blocker rule is the adapter's now (SPEC §11.2): an open blocker makes a Todo issue undispatchable.
    expect(blocked.dispatchable).toBe(false);
    expect(issues.find((i) => i.identifier === 'ENG-1')!.dispatchable).toBe(true);
    const first = s.issue('ENG-1');
    first.stateId = s.stateOf(s.team('ENG'), 'Done').id;
    const refreshed = value(await h.tracker.fetchIssueStatesByIds([s.issue('ENG-2').id]));
    expect(refreshed[0]!.dispatchable).toBe(true);
  });

  it('normalizes every field: lowercase labels, integer priority, ISO times, branch and url', async () => {
    const s = h.fake.store;
    s.addLabel('Backend', 'ENG');
    s.addLabel('UI', null);
    const issue = s.addIssue({ title: 'full', description: 'body', state: 'Todo', priority: 2, labels: ['Backend', 'UI'] });
    s.addIssue({ title: 'none', state: 'Todo', priority: 0 });
    s.addIssue({ title: 'odd', state: 'Todo', priority: 2.5 });

    const [full, none, odd] = value(await h.tracker.fetchCandidateIssues());

    expect(full).toEqual({
      id: issue.id,
      identifier: 'ENG-1',
      title: 'full',
      description: 'body',
      priority: 2,
      state: 'Todo',
      branch_name: 'bot/eng-1',
      url: 'https://linear.app/fake/issue/ENG-1',
      native_ref: null,
      assignee_id: null,
      labels: ['backend', 'ui'],
      blocked_by: [],
      dispatchable: true,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
    });
    expect(none!.priority).toBeNull();
    expect(odd!.priority).toBeNull();
  });

  it('refreshes states by GraphQL id ([ID!]) and returns normalized issues, unknown ids absent', async () => {
    const a = h.fake.store.addIssue({ title: 'a', state: 'Todo' });
    const b = h.fake.store.addIssue({ title: 'b', state: 'Done' });
    h.fake.store.addIssue({ title: 'c', state: 'Todo' });

    const issues = value(await h.tracker.fetchIssueStatesByIds([b.id, a.id, 'missing-id', a.id]));

    expect(issues.map((i) => [i.id, i.identifier, i.state])).toEqual([
      [a.id, 'ENG-1', 'Todo'],
      [b.id, 'ENG-2', 'Done'],
    ]);
    const [req] = h.fake.requests;
    expect(req!.operationName).toBe('BatonLinearIssuesByIds');
    expect(req!.query).toMatch(/\$ids: \[ID!\]!/);
    expect(req!.query).toContain('issues(filter: { id: { in: $ids } }');
    expect(req!.variables).toEqual({ ids: [b.id, a.id, 'missing-id'], first: 50, after: null });
  });

  it('sends more than 50 ids in chunks of 50', async () => {
    const ids = Array.from({ length: 75 }, (_, n) => h.fake.store.addIssue({ title: `t${n}`, state: 'Todo' }).id);
    const issues = value(await h.tracker.fetchIssueStatesByIds(ids));
    expect(issues.map((i) => i.id)).toEqual(ids);
    expect(h.fake.requests.map((r) => (r.variables.ids as string[]).length)).toEqual([50, 25]);
  });

  it('the [ID!] typing is what the server checks: [String!] is rejected as Linear would', async () => {
    const wrong = { ...ISSUES_BY_IDS_QUERY, query: ISSUES_BY_IDS_QUERY.query.replace('$ids: [ID!]!', '$ids: [String!]!') };
    const client = new LinearClient({ clock: systemClock });
    const result = await client.request({ url: h.fake.url, apiKey: h.fake.apiKey }, wrong, { ids: ['x'], first: 50, after: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_api_status', details: { status: 400 } } });
    expect(!result.ok && result.error.message).toContain('used in position expecting type "[ID!]"');
  });
});
