import { describe, expect, it } from 'vitest';
import { childEnvironment, childEnvSecrets, resolvePassedEnv, secretVarNamesOf, trackerSecretVarNames, type SecretKeys } from './child-env.js';

function configWithKey(apiKey: string | null, reviewerKey: string | null = null): SecretKeys {
  return { tracker: { provider: { api_key: apiKey } }, review: { reviewer: reviewerKey === null ? null : { api_key: reviewerKey } } };
}

/** The one builder, called the way every spawner calls it. */
function envFor(
  base: NodeJS.ProcessEnv,
  config: SecretKeys,
  varNames: string[] = [],
  extra?: Record<string, string>,
  passed?: Record<string, string>,
  values: string[] = [],
): Record<string, string> {
  return childEnvironment(base, childEnvSecrets(config, varNames, values), { extra, passed });
}

describe('childEnvironment', () => {
  const base: NodeJS.ProcessEnv = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    LINEAR_API_KEY: 'lin_default',
    BATON_API_TOKEN: 'engine-token',
    ELECTRON_RUN_AS_NODE: '1',
    MY_TRACKER_TOKEN: 'lin_secret',
    COPY_OF_KEY: 'lin_secret',
    EMPTY: '',
    UNSET: undefined,
  };

  it('strips LINEAR_API_KEY, BATON_API_TOKEN, ELECTRON_RUN_AS_NODE, named secret variables and copies of the key', () => {
    const env = envFor(base, configWithKey('lin_secret'), ['MY_TRACKER_TOKEN']);
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', EMPTY: '' });
  });

  it('strips a named variable even when its value differs from the resolved key', () => {
    const env = envFor({ OTHER: 'stale', KEEP: '1' }, configWithKey('lin_secret'), ['OTHER']);
    expect(env).toEqual({ KEEP: '1' });
  });

  it('does not match empty values when no key is configured', () => {
    const env = envFor({ EMPTY: '', A: 'a' }, configWithKey(null));
    expect(env).toEqual({ EMPTY: '', A: 'a' });
    expect(envFor({ EMPTY: '' }, configWithKey(''))).toEqual({ EMPTY: '' });
  });

  it('adds extra variables but never lets them carry the key back in', () => {
    const env = envFor({ A: 'a' }, configWithKey('lin_secret'), [], {
      BATON_WORKSPACE: '/w',
      SNEAKY: 'lin_secret',
      LINEAR_API_KEY: 'x',
      A: 'override',
    });
    expect(env).toEqual({ A: 'override', BATON_WORKSPACE: '/w' });
  });

  it('does not modify the base environment', () => {
    const copy = { ...base };
    envFor(base, configWithKey('lin_secret'), ['MY_TRACKER_TOKEN']);
    expect(base).toEqual(copy);
  });
});

describe('secret values other than the keys (the API token)', () => {
  it('drops every variable holding one, whatever its name, and agent.env cannot pass it', () => {
    const base = { TOKEN_COPY: 'api-token', PATH: '/bin', UNSET: undefined };
    const passed = { SNEAKY: 'api-token', FINE: 'x' };
    expect(envFor(base, configWithKey(null), [], { BATON_X: 'api-token' }, passed, ['api-token', ''])).toEqual({ PATH: '/bin', FINE: 'x' });
  });

  it("lets Baton's own variables win over the base environment", () => {
    expect(envFor({ BATON_WORKSPACE: '/elsewhere', HOME: '/h' }, configWithKey(null), [], { BATON_WORKSPACE: '/ws/BAT-1' })).toEqual({ BATON_WORKSPACE: '/ws/BAT-1', HOME: '/h' });
  });
});

describe('the reviewer key (M3: it reached agents, hooks and shells although docs/workflow.md said it never did)', () => {
  const base: NodeJS.ProcessEnv = { PATH: '/usr/bin', OPENAI_API_KEY: 'sk-review', COPY: 'sk-review', OTHER: 'x' };

  it('is stripped by name and by value, like the tracker key', () => {
    expect(envFor(base, configWithKey(null, 'sk-review'), ['OPENAI_API_KEY'])).toEqual({ PATH: '/usr/bin', OTHER: 'x' });
  });

  it('reaches the agent only when agent.env passes it explicitly', () => {
    const passed = resolvePassedEnv({ OPENAI_API_KEY: '$OPENAI_API_KEY' }, base);
    const env = envFor(base, configWithKey(null, 'sk-review'), ['OPENAI_API_KEY'], {}, passed);
    expect(env).toEqual({ PATH: '/usr/bin', OTHER: 'x', OPENAI_API_KEY: 'sk-review' });
  });

  it('agent.env can never pass the tracker key or an always-stripped name', () => {
    const passed = resolvePassedEnv({ SNEAKY: '$LINEAR_API_KEY', LINEAR_API_KEY: 'x', BATON_API_TOKEN: 't', FINE: 'literal' }, { LINEAR_API_KEY: 'lin_secret' });
    expect(envFor({}, configWithKey('lin_secret'), [], {}, passed)).toEqual({ FINE: 'literal' });
  });
});

describe('resolvePassedEnv', () => {
  it('reads whole-value $NAME and ${NAME}, keeps literals, and leaves out unset or empty variables', () => {
    expect(resolvePassedEnv({ A: '$SET', B: '${SET}', C: 'plain $SET text', D: '$UNSET', E: '$EMPTY' }, { SET: 'v', EMPTY: '' })).toEqual({
      A: 'v',
      B: 'v',
      C: 'plain $SET text',
    });
  });
});

describe('secretVarNamesOf', () => {
  it('names the variables of tracker.provider.api_key, its flat alias and review.reviewer.api_key', () => {
    expect(secretVarNamesOf({ tracker: { api_key: '$LIN' }, review: { reviewer: { model: 'm', api_key: '${OPENAI_API_KEY}' } } })).toEqual(['LIN', 'OPENAI_API_KEY']);
    expect(secretVarNamesOf({ tracker: { provider: { api_key: '$LIN_NEW' }, api_key: '$LIN_OLD' } })).toEqual(['LIN_NEW', 'LIN_OLD']);
    expect(secretVarNamesOf({ review: null, tracker: 'odd' })).toEqual([]);
  });
});

describe('trackerSecretVarNames', () => {
  it('reads $VAR and ${VAR} references', () => {
    expect(trackerSecretVarNames('$LINEAR_TOKEN')).toEqual(['LINEAR_TOKEN']);
    expect(trackerSecretVarNames(' ${MY_KEY} ')).toEqual(['MY_KEY']);
  });

  it('returns nothing for literals, malformed references and non-strings', () => {
    expect(trackerSecretVarNames('lin_api_123')).toEqual([]);
    expect(trackerSecretVarNames('$1BAD')).toEqual([]);
    expect(trackerSecretVarNames('${UNCLOSED')).toEqual([]);
    expect(trackerSecretVarNames(undefined)).toEqual([]);
    expect(trackerSecretVarNames(42)).toEqual([]);
  });
});
