import type { Session } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import * as electron from '../../test/mocks/electron.js';
import { attachEngineToken, sameEngineOrigin } from './engine-auth-header.js';

describe('sameEngineOrigin', () => {
  it('matches the engine origin over http and ws, nothing else', () => {
    const engine = 'http://127.0.0.1:4680';
    expect(sameEngineOrigin('http://127.0.0.1:4680/api/v1/state', engine)).toBe(true);
    expect(sameEngineOrigin('ws://127.0.0.1:4680/api/v1/ws?x=1', engine)).toBe(true);
    for (const other of ['http://127.0.0.1:4681/', 'wss://127.0.0.1:4680/', 'https://127.0.0.1:4680/', 'http://localhost:4680/', 'app://baton/index.html', 'not a url']) {
      expect(sameEngineOrigin(other, engine), other).toBe(false);
    }
    expect(sameEngineOrigin('wss://baton.test/api/v1/ws', 'https://baton.test')).toBe(true);
  });
});

describe('attachEngineToken', () => {
  beforeEach(() => electron.resetElectronMock());
  const ses = () => electron.session.defaultSession;

  it('replaces any Authorization the page set with the engine token, on the engine origin only', () => {
    let engine: { url: string; token: string } | null = { url: 'http://127.0.0.1:4680', token: 't0k' };
    attachEngineToken(ses() as unknown as Session, () => engine);
    expect(ses().sendHeaders('http://127.0.0.1:4680/api/v1/state', { authorization: 'Bearer forged', Accept: 'x' })).toEqual({ Accept: 'x', Authorization: 'Bearer t0k' });
    expect(ses().sendHeaders('http://127.0.0.1:9999/', { authorization: 'Bearer mine' })).toEqual({ authorization: 'Bearer mine' });
    engine = null;
    expect(ses().sendHeaders('http://127.0.0.1:4680/api/v1/state', {})).toEqual({});
  });
});
