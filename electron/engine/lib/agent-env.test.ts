import { describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../workflow/config-types.js';
import { agentEnvironment, trackerSecretVarNames } from './agent-env.js';

function configWithKey(apiKey: string | null): ServiceConfig {
  // Only tracker.api_key is read; the rest of the config is irrelevant to the environment.
  return { tracker: { api_key: apiKey } } as unknown as ServiceConfig;
}

describe('agentEnvironment', () => {
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
    const env = agentEnvironment(base, configWithKey('lin_secret'), ['MY_TRACKER_TOKEN']);
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', EMPTY: '' });
  });

  it('strips a named variable even when its value differs from the resolved key', () => {
    const env = agentEnvironment({ OTHER: 'stale', KEEP: '1' }, configWithKey('lin_secret'), ['OTHER']);
    expect(env).toEqual({ KEEP: '1' });
  });

  it('does not match empty values when no key is configured', () => {
    const env = agentEnvironment({ EMPTY: '', A: 'a' }, configWithKey(null));
    expect(env).toEqual({ EMPTY: '', A: 'a' });
    expect(agentEnvironment({ EMPTY: '' }, configWithKey(''))).toEqual({ EMPTY: '' });
  });

  it('adds extra variables but never lets them carry the key back in', () => {
    const env = agentEnvironment({ A: 'a' }, configWithKey('lin_secret'), [], {
      BATON_WORKSPACE: '/w',
      SNEAKY: 'lin_secret',
      LINEAR_API_KEY: 'x',
      A: 'override',
    });
    expect(env).toEqual({ A: 'override', BATON_WORKSPACE: '/w' });
  });

  it('does not modify the base environment', () => {
    const copy = { ...base };
    agentEnvironment(base, configWithKey('lin_secret'), ['MY_TRACKER_TOKEN']);
    expect(base).toEqual(copy);
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
