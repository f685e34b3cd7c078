import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, resetElectronMock, session } from '../../test/mocks/electron.js';
import { OwnOrigins } from './app-origin.js';
import { denyAllPermissions, enforceCsp, guardNavigation, secureWebPreferences } from './window-security.js';

describe('secureWebPreferences', () => {
  it('is exactly the hardened set, with the preload', () => {
    expect(secureWebPreferences('/app/dist/electron/preload.cjs')).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
  });
});

describe('guardNavigation', () => {
  function guarded() {
    const origins = new OwnOrigins();
    origins.setEngine('http://127.0.0.1:43121');
    const contents = new FakeWebContents();
    const openExternal = vi.fn();
    guardNavigation(contents as unknown as WebContents, { isOwnUrl: (u) => origins.has(u), openExternal });
    return { contents, openExternal, origins };
  }

  it('lets the page move within the app origin and the engine origin', () => {
    const { contents } = guarded();
    expect(contents.navigate('app://baton/index.html')).toBe(true);
    expect(contents.navigate('http://127.0.0.1:43121/#/queue')).toBe(true);
  });

  it('blocks navigation anywhere else, handing only the main frame’s link to the OS', () => {
    const { contents, openExternal } = guarded();
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('http://127.0.0.1:9999/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('app://other/index.html')).toBe(false);
    expect(contents.navigate('https://evil.example/frame', 'will-frame-navigate')).toBe(false);
    expect(contents.navigate('https://evil.example/redirected', 'will-redirect')).toBe(false);
    expect(openExternal.mock.calls.map((c) => c[0])).toEqual(['https://evil.example/', 'http://127.0.0.1:9999/', 'file:///etc/passwd', 'app://other/index.html']);
  });

  it('stops trusting an engine origin once it is replaced', () => {
    const { contents, origins } = guarded();
    origins.setEngine('http://127.0.0.1:50000');
    expect(contents.navigate('http://127.0.0.1:43121/')).toBe(false);
    expect(contents.navigate('http://127.0.0.1:50000/')).toBe(true);
  });

  it('denies every new window; a foreign link goes to the OS instead', () => {
    const { contents, openExternal } = guarded();
    expect(contents.open('https://github.com/openai/symphony')).toEqual({ action: 'deny' });
    expect(contents.open('http://127.0.0.1:43121/#/ticket/X-1')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/openai/symphony']]);
  });

  it('refuses to attach a webview', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('session policies', () => {
  beforeEach(() => resetElectronMock());
  const ses = () => session.defaultSession;

  it('denies every permission request and check', () => {
    denyAllPermissions(ses() as unknown as Session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      ses().permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(ses().permissionCheckHandler!({}, permission)).toBe(false);
    }
    expect(ses().devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });

  it('sets the CSP on the engine’s responses, replacing whatever the response carried', () => {
    enforceCsp(ses() as unknown as Session, (url) => (url.startsWith('http://127.0.0.1:43121/') ? "default-src 'self'" : null));
    const callback = vi.fn();
    ses().headersListener!(
      { url: 'http://127.0.0.1:43121/', responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] } });
    const other = vi.fn();
    ses().headersListener!({ url: 'https://example.com/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});
