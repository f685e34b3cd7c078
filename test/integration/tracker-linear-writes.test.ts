import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import { PROJECT_SLUG, startLinear, value, type LinearHarness } from '../fixtures/fake-linear/harness.js';

/** The Linear writer: state moves by workflow-state id, edits, comments, creation, listing. */
describe('Linear tracker writes', () => {
  let h: LinearHarness;
  let changed: Issue[];
  beforeEach(async () => {
    h = await startLinear();
    changed = [];
    h.tracker.onIssueChanged((issue) => changed.push(issue));
  });
  afterEach(() => h.close());

  const stateId = (name: string) => h.fake.store.stateOf(h.fake.store.team('ENG'), name).id;

  it('moves an issue by state name: looks up the team states, then issueUpdate with that stateId', async () => {
    const issue = h.fake.store.addIssue({ title: 'ship it', state: 'In Progress' });

    const moved = value(await h.tracker.writer.updateIssue('ENG-1', { state: 'human review' }));

    expect(moved).toMatchObject({ id: issue.id, identifier: 'ENG-1', state: 'Human Review' });
    expect(h.fake.store.stateName(issue)).toBe('Human Review');
    expect(h.fake.operations()).toEqual(['BatonLinearIssueWithTeam', 'BatonLinearIssueUpdate']);
    expect(h.fake.requests[0]!.variables).toEqual({ id: 'ENG-1' });
    expect(h.fake.requests[1]!.variables).toEqual({ id: issue.id, input: { stateId: stateId('Human Review') } });
    expect(changed).toEqual([moved]);
  });

  it('answers invalid_state with the team\'s states for a state Linear does not have', async () => {
    h.fake.store.addIssue({ state: 'Todo' });
    const result = await h.tracker.writer.updateIssue('ENG-1', { state: 'Shipped' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', details: { valid_states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done', 'Canceled'] } },
    });
    expect(h.fake.operations()).toEqual(['BatonLinearIssueWithTeam']);
    expect(changed).toEqual([]);
  });

  it('answers issue_not_found for an unknown identifier (Linear: "Entity not found: Issue")', async () => {
    expect(await h.tracker.writer.updateIssue('ENG-404', { state: 'Done' })).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
    expect(await h.tracker.writer.getIssue('ENG-404')).toEqual({ ok: true, value: null });
    expect(await h.tracker.writer.addComment('ENG-404', 'hi', 'op')).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
    expect(await h.tracker.writer.listComments('ENG-404')).toMatchObject({ ok: false, error: { code: 'issue_not_found' } });
  });

  it('edits title, description and priority (null priority is Linear\'s 0)', async () => {
    const issue = h.fake.store.addIssue({ title: 'old', state: 'Todo', priority: 3 });

    const edited = value(await h.tracker.writer.updateIssue('ENG-1', { title: ' new ', description: 'why', priority: 1 }));
    expect(edited).toMatchObject({ title: 'new', description: 'why', priority: 1 });
    expect(h.fake.requests[1]!.variables.input).toEqual({ title: 'new', description: 'why', priority: 1 });

    const cleared = value(await h.tracker.writer.updateIssue('ENG-1', { priority: null, description: null }));
    expect(cleared).toMatchObject({ priority: null, description: null });
    expect(issue.priority).toBe(0);
  });

  it('sets labels by name among team and workspace labels; unknown names are invalid_input', async () => {
    const s = h.fake.store;
    s.addTeam('OPS', [['Todo', 'unstarted']]);
    const bug = s.addLabel('Bug', 'ENG');
    const ux = s.addLabel('UX', null);
    s.addLabel('Pager', 'OPS');
    const issue = s.addIssue({ state: 'Todo' });

    const labelled = value(await h.tracker.writer.updateIssue('ENG-1', { labels: ['bug', 'UX'] }));
    expect(labelled.labels).toEqual(['bug', 'ux']);
    expect(issue.labelIds).toEqual([bug.id, ux.id]);
    expect(h.fake.requests.find((r) => r.operationName === 'BatonLinearTeamLabels')!.variables).toMatchObject({ teamId: s.team('ENG').id });

    const other = await h.tracker.writer.updateIssue('ENG-1', { labels: ['pager'] });
    expect(other).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { unknown_labels: ['pager'] } } });

    expect(value(await h.tracker.writer.updateIssue('ENG-1', { labels: [] })).labels).toEqual([]);
  });

  it('an empty patch returns the issue without a mutation', async () => {
    h.fake.store.addIssue({ title: 'same', state: 'Todo' });
    expect(value(await h.tracker.writer.updateIssue('ENG-1', {}))).toMatchObject({ title: 'same' });
    expect(h.fake.operations()).toEqual(['BatonLinearIssueWithTeam']);
    expect(changed).toEqual([]);
  });

  it('a mutation answered success: false is tracker_write_failed and changes nothing', async () => {
    const issue = h.fake.store.addIssue({ state: 'Todo' });
    h.fake.failNext({ kind: 'mutation-unsuccessful' }, { operation: 'BatonLinearIssueUpdate' });
    expect(await h.tracker.writer.updateIssue('ENG-1', { state: 'Done' })).toMatchObject({ ok: false, error: { code: 'tracker_write_failed' } });
    expect(h.fake.store.stateName(issue)).toBe('Todo');
    expect(changed).toEqual([]);
  });

  it('a mutation answered with GraphQL errors is tracker_write_failed; transport failures keep their code', async () => {
    h.fake.store.addIssue({ state: 'Todo' });
    h.fake.failNext({ kind: 'graphql-errors', messages: ['Issue is archived'] }, { operation: 'BatonLinearIssueUpdate' });
    const refused = await h.tracker.writer.updateIssue('ENG-1', { state: 'Done' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'tracker_write_failed', details: { cause: 'linear_graphql_errors' } } });
    expect(!refused.ok && refused.error.message).toContain('Issue is archived');

    h.fake.failNext({ kind: 'status', status: 502 }, { operation: 'BatonLinearIssueUpdate' });
    expect(await h.tracker.writer.updateIssue('ENG-1', { state: 'Done' })).toMatchObject({ ok: false, error: { code: 'linear_api_status' } });
  });

  it('gets an issue by identifier or by id', async () => {
    const issue = h.fake.store.addIssue({ title: 'find me', state: 'Todo' });
    expect(value(await h.tracker.writer.getIssue('ENG-1'))).toMatchObject({ id: issue.id, title: 'find me' });
    expect(value(await h.tracker.writer.getIssue(issue.id))).toMatchObject({ identifier: 'ENG-1' });
    expect(value(await h.tracker.writer.getIssue(''))).toBeNull();
    expect(h.fake.operations()).toEqual(['BatonLinearIssue', 'BatonLinearIssue']);
  });

  it('adds a comment on the issue id and lists comments oldest first across pages', async () => {
    const issue = h.fake.store.addIssue({ state: 'Todo' });
    for (let n = 1; n <= 55; n++) h.fake.store.addComment('ENG-1', `note ${n}`);

    const comment = value(await h.tracker.writer.addComment('ENG-1', 'PR opened', 'baton-agent'));

    expect(comment).toMatchObject({ issue_id: issue.id, body: 'PR opened', author: 'Baton Bot' });
    const create = h.fake.requests.find((r) => r.operationName === 'BatonLinearCommentCreate')!;
    expect(create.variables).toEqual({ input: { issueId: issue.id, body: 'PR opened' } });
    expect(changed.map((i) => i.identifier)).toEqual(['ENG-1']);

    h.fake.requests.length = 0;
    const comments = value(await h.tracker.writer.listComments('ENG-1'));
    expect(comments.map((c) => c.body)).toEqual([...Array.from({ length: 55 }, (_, k) => `note ${k + 1}`), 'PR opened']);
    expect(comments[0]).toMatchObject({ issue_id: issue.id, author: 'Ada' });
    expect(h.fake.operations()).toEqual(['BatonLinearIssueComments', 'BatonLinearIssueComments']);
  });

  it('refuses blank comments without a request', async () => {
    expect(await h.tracker.writer.addComment('ENG-1', '  ', 'op')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.tracker.writer.addComment('ENG-1', 'x', ' ')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('creates an issue in the project\'s team, with state and labels resolved to ids', async () => {
    const s = h.fake.store;
    const bug = s.addLabel('Bug', 'ENG');

    const created = value(await h.tracker.writer.createIssue({ title: 'New work', description: 'd', priority: 2, labels: ['BUG'], state: 'Todo' }));

    expect(created).toMatchObject({ identifier: 'ENG-1', title: 'New work', description: 'd', priority: 2, labels: ['bug'], state: 'Todo' });
    const stored = s.issue('ENG-1');
    expect(stored.projectId).toBe(s.project(PROJECT_SLUG).id);
    expect(h.fake.requests[0]!.variables).toEqual({ projectSlug: PROJECT_SLUG });
    expect(h.fake.requests.at(-1)!.variables).toEqual({
      input: { teamId: s.team('ENG').id, projectId: stored.projectId, title: 'New work', description: 'd', priority: 2, stateId: stateId('Todo'), labelIds: [bug.id] },
    });
    expect(changed).toEqual([created]);
  });

  it('creates in the team\'s default state when none is given, and refuses unknown projects', async () => {
    expect(value(await h.tracker.writer.createIssue({ title: 'x' })).state).toBe('Backlog');
    h.settings.project_slug = 'gone-000000';
    expect(await h.tracker.writer.createIssue({ title: 'y' })).toMatchObject({ ok: false, error: { code: 'linear_project_not_found' } });
    expect(await h.tracker.writer.createIssue({ title: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('lists every issue of the project in every state, across pages', async () => {
    const states = ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done', 'Canceled'];
    for (let n = 0; n < 70; n++) h.fake.store.addIssue({ title: `t${n}`, state: states[n % states.length] });
    h.fake.store.addIssue({ title: 'elsewhere', project: null });

    const issues = value(await h.tracker.writer.listIssues());

    expect(issues.map((i) => i.title)).toEqual(Array.from({ length: 70 }, (_, n) => `t${n}`));
    expect(h.fake.operations()).toEqual(['BatonLinearProjectIssues', 'BatonLinearProjectIssues']);
  });
});
