import { describe, expect, it } from 'vitest';
import { buildServiceConfig } from './config.js';
import type { ServiceConfig } from './config-types.js';
import { validateDispatchConfig } from './validate.js';

function config(front: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): ServiceConfig {
  const result = buildServiceConfig({ path: '/w/WORKFLOW.md', config: front, prompt_template: '' }, env);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function code(front: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string | null {
  const result = validateDispatchConfig(config(front, env));
  return result.ok ? null : result.error.code;
}

describe('validateDispatchConfig', () => {
  it('accepts the defaults (local tracker, codex agent)', () => {
    expect(validateDispatchConfig(config({}))).toEqual({ ok: true, value: undefined });
  });

  it('rejects an unsupported tracker kind', () => {
    const result = validateDispatchConfig(config({ tracker: { kind: 'jira' } }));
    expect(!result.ok && result.error).toMatchObject({ code: 'unsupported_tracker_kind' });
    expect(!result.ok && result.error.message).toContain("'jira'");
  });

  it('requires a linear api key after $VAR resolution, then a project slug', () => {
    expect(code({ tracker: { kind: 'linear', project_slug: 'p' } })).toBe('missing_tracker_api_key');
    expect(code({ tracker: { kind: 'linear', project_slug: 'p', api_key: '$K' } }, { K: '' })).toBe('missing_tracker_api_key');
    expect(code({ tracker: { kind: 'linear' } }, { LINEAR_API_KEY: 'x' })).toBe('missing_tracker_project_slug');
    expect(code({ tracker: { kind: 'linear', project_slug: 'p' } }, { LINEAR_API_KEY: 'x' })).toBeNull();
  });

  it('requires a non-empty codex command for codex agents and a pty command for pty agents', () => {
    expect(code({ codex: { command: '  ' } })).toBe('missing_codex_command');
    expect(code({ agent: { kind: 'pty' } })).toBe('missing_pty_command');
    expect(code({ agent: { kind: 'pty' }, pty: { command: 'claude' }, codex: { command: '' } })).toBeNull();
  });

  it('requires local active, terminal and handoff states to be known states', () => {
    expect(code({ tracker: { active_states: ['todo', 'IN PROGRESS'] } })).toBeNull();
    const result = validateDispatchConfig(config({ tracker: { active_states: ['Todo', 'Doing'], terminal_states: 'Done, Gone' } }));
    expect(!result.ok && result.error.code).toBe('invalid_config');
    expect(!result.ok && result.error.message).toContain("tracker.active_states 'Doing'");
    expect(!result.ok && result.error.message).toContain("tracker.terminal_states 'Gone'");
    expect(code({ agent: { handoff_state: 'Review' } })).toBe('invalid_config');
    expect(code({ tracker: { states: ['Todo', 'Done'], active_states: ['Todo'], terminal_states: ['Done'] }, agent: { handoff_state: null, working_state: null } })).toBeNull();
    expect(code({ agent: { working_state: 'Doing' } })).toBe('invalid_config');
  });

  it('does not check linear states against the derived list', () => {
    expect(code({ tracker: { kind: 'linear', project_slug: 'p', states: ['X'] }, agent: { handoff_state: 'Review' } }, { LINEAR_API_KEY: 'k' })).toBeNull();
  });
});
