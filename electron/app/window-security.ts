import type { Session, WebContents, WebPreferences } from 'electron';

/**
 * The window's webPreferences: Electron's security checklist items 2–4, 6, 8–10 and 12, spelled out
 * even where they are today's defaults, so a default changing upstream cannot loosen them.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
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
  };
}

export interface NavigationPolicy {
  /** The URL is on one of the app's own origins (the first-run scheme or the current engine). */
  isOwnUrl(url: string): boolean;
  /** Hands a link to the OS browser; the callee validates it (https only). */
  openExternal(url: string): void;
}

/**
 * Navigation stays on our origins (checklist 13) and no page opens a window (14). A link elsewhere
 * is not followed inside the app: an https one goes to the default browser, anything else nowhere.
 */
export function guardNavigation(contents: WebContents, policy: NavigationPolicy): void {
  const guard = (event: { url: string; preventDefault(): void }, mainFrame: boolean): void => {
    if (policy.isOwnUrl(event.url)) return;
    event.preventDefault();
    if (mainFrame) policy.openExternal(event.url);
  };
  contents.on('will-navigate', (event) => guard(event, true));
  contents.on('will-frame-navigate', (event) => guard(event, false));
  contents.on('will-redirect', (event) => guard(event, false));
  contents.setWindowOpenHandler(({ url }) => {
    // Baton is one window: even our own origin opens no second one (it would need its own guards).
    if (!policy.isOwnUrl(url)) policy.openExternal(url);
    return { action: 'deny' };
  });
  // <webview> is off in webPreferences; refuse any attach attempt anyway.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** No web permission is ever granted: camera, notifications, clipboard-read, … (checklist 5). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Sets the Content-Security-Policy header on the engine's responses (checklist 7). The engine sends
 * the same policy itself; main sets it too so an engine build that forgot it cannot loosen it.
 */
export function enforceCsp(session: Session, cspFor: (url: string) => string | null): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const csp = cspFor(details.url);
    if (csp === null) return callback({});
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
