import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServiceConfig } from './config.js';
import type { ServiceConfig } from './config-types.js';

const WORKFLOW = '/repo/app/WORKFLOW.md';
const ENV: NodeJS.ProcessEnv = { HOME: '/home/op' };

function build(config: Record<string, unknown>, env: NodeJS.ProcessEnv = ENV): ServiceConfig {
  const result = buildServiceConfig({ path: WORKFLOW, config, prompt_template: '' }, env);
  if (!result.ok) throw new Error(`expected a config, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function failure(config: Record<string, unknown>, env: NodeJS.ProcessEnv = ENV): { code: string; message: string } {
  const result = buildServiceConfig({ path: WORKFLOW, config, prompt_template: '' }, env);
  if (result.ok) throw new Error('expected invalid_config');
  return result.error;
}

describe('buildServiceConfig defaults', () => {
  it('fills every default for an empty front matter (local tracker)', () => {
    expect(build({})).toEqual({
      tracker: {
        kind: 'local',
        required_labels: [],
        active_states: ['Todo', 'In Progress', 'Rework'],
        terminal_states: ['Done', 'Cancelled'],
        states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'],
        provider: { path: '/repo/app/.baton/tickets.db', prefix: 'BAT' },
      },
      polling: { interval_ms: 30000 },
      workspace: { root: path.join(os.tmpdir(), 'symphony_workspaces'), repo: null, base_branch: null },
      hooks: { after_create: null, before_run: null, after_run: null, before_remove: null, timeout_ms: 60000 },
      agent: {
        kind: 'codex',
        max_concurrent_agents: 10,
        max_turns: 20,
        max_retry_backoff_ms: 300000,
        max_concurrent_agents_by_state: {},
        handoff_state: 'Human Review',
        working_state: 'In Progress',
        env: {},
      },
      codex: {
        command: 'codex app-server',
        approval_policy: 'never',
        thread_sandbox: 'workspace-write',
        turn_sandbox_policy: null,
        turn_timeout_ms: 3600000,
        read_timeout_ms: 5000,
        stall_timeout_ms: 300000,
        approval_timeout_ms: 900000,
      },
      pty: { command: null, cols: 120, rows: 32 },
      server: { port: null, host: '127.0.0.1' },
      review: {
        merging_state: 'Merging',
        rework_state: 'Rework',
        done_state: 'Done',
        land: 'merge',
        checks: null,
        checks_timeout_ms: 1_800_000,
        push: false,
        remote: 'origin',
        auto_land: false,
        sample_rate: 0,
        guidance_file: 'docs/agent-guidance.md',
        protected_paths: [],
        reviewer: null,
      },
      demo: false,
      warnings: [],
    } satisfies ServiceConfig);
  });

  it('treats sections and keys written without a value (YAML null) as unset', () => {
    const c = build({ tracker: null, agent: { max_turns: null, handoff_state: undefined }, codex: { command: null } });
    expect(c.tracker.kind).toBe('local');
    expect(c.agent.max_turns).toBe(20);
    expect(c.codex.command).toBe('codex app-server');
  });

  it('uses the spec defaults for a linear tracker, with states = active + terminal', () => {
    const c = build({ tracker: { kind: 'Linear', project_slug: 'proj' } }, { ...ENV, LINEAR_API_KEY: 'lin_123' });
    expect(c.tracker).toMatchObject({
      kind: 'linear',
      provider: { endpoint: 'https://api.linear.app/graphql', api_key: 'lin_123', project_slug: 'proj' },
      active_states: ['Todo', 'In Progress'],
      terminal_states: ['Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done'],
      states: ['Todo', 'In Progress', 'Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done'],
    });
    expect(c.agent.handoff_state).toBeNull();
  });

  it('accepts states as a comma-separated string and de-duplicates derived states case-insensitively', () => {
    const c = build({ tracker: { kind: 'linear', active_states: ' Todo, In Progress ,,', terminal_states: ['Done', 'todo'] } });
    expect(c.tracker.active_states).toEqual(['Todo', 'In Progress']);
    expect(c.tracker.states).toEqual(['Todo', 'In Progress', 'Done']);
  });

  it('applies string integers, and non-positive hook timeouts fall back to the default', () => {
    const c = build({ polling: { interval_ms: '5000' }, agent: { max_turns: ' 3 ' }, hooks: { timeout_ms: 0 }, codex: { stall_timeout_ms: '0' } });
    expect(c.polling.interval_ms).toBe(5000);
    expect(c.agent.max_turns).toBe(3);
    expect(c.hooks.timeout_ms).toBe(60000);
    expect(c.codex.stall_timeout_ms).toBe(0);
    expect(build({ hooks: { timeout_ms: -5 } }).hooks.timeout_ms).toBe(60000);
    expect(build({ hooks: { timeout_ms: '1500' } }).hooks.timeout_ms).toBe(1500);
  });

  it('ignores unknown top-level and nested keys', () => {
    const c = build({ future_feature: { x: 1 }, agent: { max_turns: 4, colour: 'blue' } });
    expect(c.agent.max_turns).toBe(4);
    expect(c).not.toHaveProperty('future_feature');
    expect(c.agent).not.toHaveProperty('colour');
  });
});

describe('buildServiceConfig secrets and paths', () => {
  it('reads tracker.provider.api_key literally or through $VAR; an empty variable means missing', () => {
    const key = (provider: Record<string, unknown>, env: NodeJS.ProcessEnv = ENV) => build({ tracker: { kind: 'linear', provider } }, env).tracker.provider.api_key;
    expect(key({ api_key: 'lit$eral' })).toBe('lit$eral');
    expect(key({ api_key: '$MY_KEY' }, { MY_KEY: 'k-1' })).toBe('k-1');
    expect(key({ api_key: '${MY_KEY}' }, { MY_KEY: 'k-2' })).toBe('k-2');
    expect(key({ api_key: '$MY_KEY' }, { MY_KEY: '' })).toBeNull();
    expect(key({ api_key: '$MY_KEY' }, {})).toBeNull();
    expect(key({}, {})).toBeNull();
    expect(key({}, { LINEAR_API_KEY: 'from-env' })).toBe('from-env');
  });

  it('reads the flat tracker.api_key, endpoint and project_slug as deprecated aliases; the provider spelling wins', () => {
    const flat = build({ tracker: { kind: 'linear', api_key: '$MY_KEY', endpoint: 'https://lin.example/graphql', project_slug: 'p1' } }, { MY_KEY: 'k-1' });
    expect(flat.tracker.provider).toEqual({ endpoint: 'https://lin.example/graphql', api_key: 'k-1', project_slug: 'p1' });
    expect(flat.warnings).toEqual([
      'tracker.endpoint is deprecated: write it as tracker.provider.endpoint (it is read the same way until then)',
      'tracker.api_key is deprecated: write it as tracker.provider.api_key (it is read the same way until then)',
      'tracker.project_slug is deprecated: write it as tracker.provider.project_slug (it is read the same way until then)',
    ]);
    const both = build({ tracker: { kind: 'linear', project_slug: 'old', provider: { project_slug: 'new' } } });
    expect(both.tracker.provider.project_slug).toBe('new');
    expect(both.warnings).toEqual(['tracker.project_slug is ignored: tracker.provider.project_slug is also set and wins; remove the old spelling']);
    expect(build({ tracker: { kind: 'linear', provider: { project_slug: 'p' } } }).warnings).toEqual([]);
  });

  it('keeps provider keys the adapter does not know, for every kind', () => {
    const linear = build({ tracker: { kind: 'linear', provider: { project_slug: 'p', assignee: 'me', team: { key: 'ENG' } } } });
    expect(linear.tracker.provider).toMatchObject({ project_slug: 'p', assignee: 'me', team: { key: 'ENG' } });
    const local = build({ tracker: { provider: { prefix: 'ab', colour: 'blue' } } });
    expect(local.tracker.provider).toEqual({ path: '/repo/app/.baton/tickets.db', prefix: 'AB', colour: 'blue' });
    const jira = build({ tracker: { kind: 'jira', provider: { site: 'x.atlassian.net', api_token: '$JIRA' } } });
    expect(jira.tracker.provider).toEqual({ site: 'x.atlassian.net', api_token: '$JIRA' });
  });

  it('names the key in the error when a provider value has the wrong type, in the spelling the file uses', () => {
    expect(failure({ tracker: { kind: 'linear', provider: { project_slug: ['a'] } } }).message).toBe(`${WORKFLOW}: tracker.provider.project_slug must be a string`);
    expect(failure({ tracker: { kind: 'linear', endpoint: 5 } }).message).toBe(`${WORKFLOW}: tracker.endpoint must be a string`);
    expect(failure({ tracker: { provider: 'x' } }).message).toBe(`${WORKFLOW}: tracker.provider must be a map`);
  });

  it('reads tracker.required_labels trimmed and lowercased, keeping a blank entry (it matches nothing)', () => {
    expect(build({}).tracker.required_labels).toEqual([]);
    expect(build({ tracker: { required_labels: [' Symphony ', 'BACKEND', 'backend'] } }).tracker.required_labels).toEqual(['symphony', 'backend']);
    expect(build({ tracker: { required_labels: 'agent' } }).tracker.required_labels).toEqual(['agent']);
    expect(build({ tracker: { required_labels: ['  '] } }).tracker.required_labels).toEqual(['']);
    expect(failure({ tracker: { required_labels: { a: 1 } } }).message).toBe(`${WORKFLOW}: tracker.required_labels must be a list of strings`);
  });

  it('expands $VAR in path values', () => {
    const env = { ...ENV, WS: '/data/ws', DB_DIR: '/var/baton' };
    const c = build({ workspace: { root: '$WS', repo: '${WS}/repo' }, tracker: { provider: { path: '$DB_DIR/t.db' } } }, env);
    expect(c.workspace.root).toBe('/data/ws');
    expect(c.workspace.repo).toBe('/data/ws/repo');
    expect(c.tracker.provider.path).toBe('/var/baton/t.db');
  });

  it('rejects a path that uses an unset or empty variable instead of dropping it', () => {
    const e = failure({ workspace: { root: '$UNSET_ROOT/ws', repo: '${EMPTY}' } }, { EMPTY: '' });
    expect(e.code).toBe('invalid_config');
    expect(e.message).toContain('workspace.root uses $UNSET_ROOT, which is not set');
    expect(e.message).toContain('workspace.repo uses $EMPTY');
    expect(failure({ tracker: { provider: { path: '$NOPE' } } }).message).toContain('tracker.provider.path uses $NOPE');
    expect(build({ workspace: { root: '  ' } }).workspace.root).toBe(path.join(os.tmpdir(), 'symphony_workspaces'));
  });

  it('expands ~ to the home directory', () => {
    const c = build({ workspace: { root: '~/workspaces', repo: '~' }, tracker: { provider: { path: '~/t.db' } } });
    expect(c.workspace.root).toBe('/home/op/workspaces');
    expect(c.workspace.repo).toBe('/home/op');
    expect(c.tracker.provider.path).toBe('/home/op/t.db');
  });

  it('resolves relative paths against the WORKFLOW.md directory and keeps a bare root name', () => {
    const c = build({ workspace: { root: '../ws', repo: '.' }, tracker: { provider: { path: 'db/t.db' } } });
    expect(c.workspace.root).toBe('/repo/ws');
    expect(c.workspace.repo).toBe('/repo/app');
    expect(c.tracker.provider.path).toBe('/repo/app/db/t.db');
    expect(build({ workspace: { root: 'workspaces' } }).workspace.root).toBe('workspaces');
    expect(build({ tracker: { provider: { path: 'tickets.db' } } }).tracker.provider.path).toBe('/repo/app/tickets.db');
  });

  it('keeps codex.command verbatim: no ~ or $VAR expansion of a shell command', () => {
    const command = '~/bin/codex --config model=$MODEL app-server';
    expect(build({ codex: { command } }, { ...ENV, MODEL: 'x' }).codex.command).toBe(command);
  });

  it('does not expand $VAR in non-path strings such as the endpoint or hooks', () => {
    const c = build({ tracker: { kind: 'linear', provider: { endpoint: 'https://x/$PATH' } }, hooks: { after_create: 'cd $HOME\n  ls\n' } });
    expect(c.tracker.provider.endpoint).toBe('https://x/$PATH');
    expect(c.hooks.after_create).toBe('cd $HOME\n  ls\n');
    expect(build({ hooks: { before_run: '   ' } }).hooks.before_run).toBeNull();
  });
});

describe('buildServiceConfig agent, codex, pty and server', () => {
  it('agent.env keeps values as written (resolved at launch) and refuses names that are not variable names', () => {
    expect(build({ agent: { env: { OPENAI_API_KEY: '$OPENAI_API_KEY', N: 3, B: true } } }).agent.env).toEqual({ OPENAI_API_KEY: '$OPENAI_API_KEY', N: '3', B: 'true' });
    expect(build({ agent: { env: null } }).agent.env).toEqual({});
    const bad = buildServiceConfig({ path: '/w/WORKFLOW.md', config: { agent: { env: { 'NOT-A-NAME': 'x' } } }, prompt_template: '' }, {});
    expect(bad.ok).toBe(false);
    const list = buildServiceConfig({ path: '/w/WORKFLOW.md', config: { agent: { env: ['A=1'] } }, prompt_template: '' }, {});
    expect(!list.ok && list.error.message).toContain('agent.env');
  });

  it('normalizes per-state limits and drops invalid entries', () => {
    const c = build({ agent: { max_concurrent_agents_by_state: { ' In Progress ': 2, TODO: '3', Rework: 0, Merging: -1, Done: 'x', Human: 1.5, Backlog: null } } });
    expect(c.agent.max_concurrent_agents_by_state).toEqual({ 'in progress': 2, todo: 3 });
  });

  it('defaults handoff_state by tracker kind, and an explicit null or empty string disables it', () => {
    expect(build({ agent: { handoff_state: 'Review ' } }).agent.handoff_state).toBe('Review');
    expect(build({ agent: { handoff_state: null } }).agent.handoff_state).toBeNull();
    expect(build({ agent: { handoff_state: '' } }).agent.handoff_state).toBeNull();
    expect(build({ tracker: { kind: 'linear' }, agent: { handoff_state: 'Human Review' } }).agent.handoff_state).toBe('Human Review');
  });

  it('accepts a map approval policy, a turn sandbox policy, pty settings and a server port', () => {
    const c = build({
      agent: { kind: 'PTY' },
      codex: { approval_policy: { granular: { rules: true } }, turn_sandbox_policy: { type: 'dangerFullAccess' } },
      pty: { command: 'claude', cols: '100', rows: 40 },
      server: { port: '0', host: '0.0.0.0' },
    });
    expect(c.agent.kind).toBe('pty');
    expect(c.codex.approval_policy).toEqual({ granular: { rules: true } });
    expect(c.codex.turn_sandbox_policy).toEqual({ type: 'dangerFullAccess' });
    expect(c.pty).toEqual({ command: 'claude', cols: 100, rows: 40 });
    expect(c.server).toEqual({ port: 0, host: '0.0.0.0' });
  });

  it('reads the top-level demo flag: true when written true, false when absent or null', () => {
    expect(build({ demo: true }).demo).toBe(true);
    expect(build({ demo: null }).demo).toBe(false);
    expect(build({}).demo).toBe(false);
  });

  it('stores the local prefix uppercase', () => {
    expect(build({ tracker: { provider: { prefix: 'ab1' } } }).tracker.provider.prefix).toBe('AB1');
  });
});

describe('buildServiceConfig errors', () => {
  it.each([
    [{ agent: { max_turns: 0 } }, 'agent.max_turns must be a positive integer'],
    [{ agent: { max_turns: 'many' } }, 'agent.max_turns must be a positive integer'],
    [{ polling: { interval_ms: 1.5 } }, 'polling.interval_ms must be a positive integer'],
    [{ codex: { stall_timeout_ms: 'soon' } }, 'codex.stall_timeout_ms must be an integer'],
    [{ agent: { kind: 'claude' } }, 'agent.kind must be one of codex, pty'],
    [{ agent: [] }, 'agent must be a map'],
    [{ hooks: 'echo hi' }, 'hooks must be a map'],
    [{ hooks: { after_create: ['a'] } }, 'hooks.after_create must be a string'],
    [{ tracker: { kind: 3 } }, 'tracker.kind must be a string'],
    [{ tracker: { active_states: { a: 1 } } }, 'tracker.active_states must be a list of strings or a comma-separated string'],
    [{ tracker: { provider: { prefix: '1AB' } } }, 'tracker.provider.prefix must be 1-10 letters or digits, starting with a letter'],
    [{ tracker: { provider: { prefix: 'ABCDEFGHIJK' } } }, 'tracker.provider.prefix must be 1-10 letters or digits'],
    [{ agent: { max_concurrent_agents_by_state: ['todo'] } }, 'agent.max_concurrent_agents_by_state must be a map'],
    [{ codex: { approval_policy: 5 } }, 'codex.approval_policy must be a string or a map'],
    [{ codex: { turn_sandbox_policy: 'open' } }, 'codex.turn_sandbox_policy must be a map or null'],
    [{ server: { port: -1 } }, 'server.port must be an integer >= 0'],
    [{ agent: { handoff_state: 7 } }, 'agent.handoff_state must be a string'],
    [{ demo: 'yes' }, 'demo must be true or false'],
    [{ review: { land: 'octopus' } }, 'review.land must be one of merge, rebase, squash'],
    [{ review: { sample_rate: 1.5 } }, 'review.sample_rate must be a number from 0 to 1'],
    [{ review: { sample_rate: 'half' } }, 'review.sample_rate must be a number from 0 to 1'],
    [{ review: { reviewer: { base_url: 'http://x' } } }, 'review.reviewer.model'],
    [{ review: { reviewer: 'gpt' } }, 'review.reviewer must be a map with at least `model`'],
  ])('rejects %j with invalid_config naming the key', (config, message) => {
    const e = failure(config);
    expect(e.code).toBe('invalid_config');
    expect(e.message).toContain(message);
    expect(e.message).toContain(WORKFLOW);
  });

  it('reports every bad key at once', () => {
    const e = failure({ agent: { max_turns: -1 }, server: { port: 'x' } });
    expect(e.message).toContain('agent.max_turns');
    expect(e.message).toContain('server.port');
  });
});

describe('buildServiceConfig review section', () => {
  it('resolves the reviewer key and endpoint from $VARs and keeps the rest as written', () => {
    const c = build(
      { review: { land: 'rebase', checks: 'npm test', sample_rate: '0.25', auto_land: true, reviewer: { model: ' gpt-5-mini ', base_url: '$REVIEW_URL', api_key: '$REVIEW_KEY', gate: true } } },
      { ...ENV, REVIEW_URL: 'http://127.0.0.1:9/v1', REVIEW_KEY: 'sk-test' },
    );
    expect(c.review).toMatchObject({ land: 'rebase', checks: 'npm test', sample_rate: 0.25, auto_land: true, merging_state: 'Merging', rework_state: 'Rework' });
    expect(c.review.reviewer).toEqual({ model: 'gpt-5-mini', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-test', gate: true, timeout_ms: 300000 });
  });

  it('has no reviewer unless one is configured, and treats blank strings as the defaults', () => {
    const c = build({ review: { reviewer: null, checks: '  ', merging_state: '', guidance_file: '' } });
    expect(c.review.reviewer).toBeNull();
    expect(c.review.checks).toBeNull();
    expect(c.review.merging_state).toBe('Merging');
    expect(c.review.guidance_file).toBe('docs/agent-guidance.md');
  });
});
