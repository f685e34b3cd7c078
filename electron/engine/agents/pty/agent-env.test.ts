import { describe, expect, it } from 'vitest';
import { buildAgentEnv } from './agent-env.js';

describe('buildAgentEnv', () => {
  it('drops every variable holding a secret value, whatever its name', () => {
    const env = buildAgentEnv({
      base: { LINEAR_API_KEY: 'lin_123', RENAMED: 'lin_123', PATH: '/bin', EMPTY: '', UNSET: undefined },
      secretValues: ['lin_123', ''],
      extra: {},
    });
    expect(env).toEqual({ PATH: '/bin', EMPTY: '', COLORTERM: 'truecolor' });
  });

  it("lets Baton's own variables win over the base environment", () => {
    const env = buildAgentEnv({
      base: { BATON_WORKSPACE: '/elsewhere', HOME: '/home/u' },
      secretValues: [],
      extra: { BATON_WORKSPACE: '/ws/BAT-1', BATON_PROMPT_FILE: '/state/p.md' },
    });
    expect(env).toMatchObject({ BATON_WORKSPACE: '/ws/BAT-1', BATON_PROMPT_FILE: '/state/p.md', HOME: '/home/u' });
  });
});
