// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatonBridge } from '../../shared/bridge/bridge-api.js';
import { needsToken, resolveConnection, TOKEN_STORAGE_KEY, webSocketUrl } from './connection.js';

beforeEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

describe('resolveConnection in a browser', () => {
  it('takes ?token= from the URL into sessionStorage and out of the address bar, keeping the rest', () => {
    window.history.replaceState({ keep: 1 }, '', '/?view=list&token=t0k#/ticket/BAT-1');
    const connection = resolveConnection();
    expect(connection).toEqual({ baseUrl: window.location.origin, token: 't0k' });
    expect(window.location.search).toBe('?view=list');
    expect(window.location.hash).toBe('#/ticket/BAT-1');
    expect(window.location.href).not.toContain('t0k');
    expect(window.history.state).toEqual({ keep: 1 });
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('t0k');
    expect(document.cookie).toBe('');
  });

  it('finds the token again after a reload of the tab', () => {
    window.history.replaceState(null, '', '/?token=t0k');
    resolveConnection();
    window.history.replaceState(null, '', '/#/board');
    expect(resolveConnection().token).toBe('t0k');
  });

  it('lets a new ?token= (an engine restarted with a new token) replace the stored one', () => {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, 'old');
    window.history.replaceState(null, '', '/?token=new');
    expect(resolveConnection().token).toBe('new');
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('has no token, and says so, when opened without one', () => {
    const connection = resolveConnection();
    expect(connection.token).toBeNull();
    expect(needsToken(connection)).toBe(true);
    window.history.replaceState(null, '', '/?token=');
    expect(resolveConnection().token).toBeNull();
    expect(window.location.search).toBe('');
  });

  it('keeps the token in page memory when storage refuses it', () => {
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } } as unknown as Storage;
    window.history.replaceState(null, '', '/?token=t0k');
    const win = { location: window.location, history: window.history, sessionStorage: refusing };
    expect(resolveConnection(win).token).toBe('t0k');
    expect(resolveConnection(win).token).toBeNull();
  });
});

describe('resolveConnection in Electron', () => {
  // Issue 7: main adds the header to the engine's requests, so the page never holds the token.
  it('uses the engine URL from the preload and holds no token', () => {
    const baton = { engine: { url: 'http://127.0.0.1:43121/' } } as unknown as BatonBridge;
    window.history.replaceState(null, '', '/?token=ignored');
    const win = { baton, location: window.location, history: window.history, sessionStorage: window.sessionStorage };
    const connection = resolveConnection(win);
    expect(connection).toEqual({ baseUrl: 'http://127.0.0.1:43121', token: null });
    expect(needsToken(connection, win)).toBe(false);
    expect(webSocketUrl(connection, '/api/v1/ws')).toBe('ws://127.0.0.1:43121/api/v1/ws');
  });
});

describe('webSocketUrl', () => {
  it('carries the token in the query of our own WebSocket URL', () => {
    expect(webSocketUrl({ baseUrl: 'http://127.0.0.1:4680', token: 'a b' }, '/api/v1/ws')).toBe('ws://127.0.0.1:4680/api/v1/ws?token=a+b');
    expect(webSocketUrl({ baseUrl: 'https://baton.test', token: null }, '/api/v1/ws')).toBe('wss://baton.test/api/v1/ws');
  });
});
