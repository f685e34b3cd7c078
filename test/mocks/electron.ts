/**
 * A stand-in for the `electron` module, for testing main, the preload and electron/app in plain
 * Node: `vi.mock('electron', () => import('<path>/test/mocks/electron.js'))`. Objects keep what was
 * registered on them (IPC handlers, permission handlers, window-open handlers, …) so tests can
 * call them the way Electron would. resetElectronMock() clears everything between tests.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

export class FakeWebFrame {
  constructor(
    public url: string,
    public parent: FakeWebFrame | null = null,
  ) {}
}

export interface FakeNavigationEvent {
  url: string;
  preventDefault(): void;
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = new FakeWebFrame('');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn();
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  /** A renderer-initiated navigation; true when main let it happen. */
  navigate(url: string, event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    let prevented = false;
    const details: FakeNavigationEvent = { url, preventDefault: () => (prevented = true) };
    this.emit(event, details);
    return !prevented;
  }

  /** What `window.open(url)` would get from the handler. */
  open(url: string): { action: string } | undefined {
    return this.windowOpenHandler?.({ url });
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.mainFrame.url = url;
  });
  destroyed = false;
  minimized = false;
  visible = false;
  focused = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }

  static fromWebContents(contents: unknown): BrowserWindow | null {
    return BrowserWindow.instances.find((w) => w.webContents === contents) ?? null;
  }

  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** The event main's handlers receive: who sent it, from which frame. */
export function ipcEvent(sender: FakeWebContents, frame: FakeWebFrame | null = sender.mainFrame): { sender: FakeWebContents; senderFrame: FakeWebFrame | null; returnValue?: unknown } {
  return { sender, senderFrame: frame };
}

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    // Electron throws on a second handler for a channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** ipcRenderer.invoke as main sees it. */
  async invoke(channel: string, event: object, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel) as ((...a: unknown[]) => unknown) | undefined;
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  /** ipcRenderer.sendSync as main sees it. */
  sendSync(channel: string, event: object, ...args: unknown[]): unknown {
    const e = { ...event, returnValue: undefined as unknown };
    this.emit(channel, e, ...args);
    return e.returnValue;
  }

  reset(): void {
    this.handlers.clear();
    this.removeAllListeners();
  }
}

class FakeApp extends EventEmitter {
  singleInstance = true;
  quitCalls = 0;
  /** True once a quit went through (before-quit not prevented). */
  exited = false;
  paths: Record<string, string> = { userData: '/tmp/baton-test-userdata', temp: '/tmp' };
  appPath = '/opt/baton';
  readonly requestSingleInstanceLock = vi.fn((_data?: Record<string, unknown>) => this.singleInstance);
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly getPath = vi.fn((name: string) => this.paths[name] ?? `/tmp/${name}`);
  readonly getAppPath = vi.fn(() => this.appPath);

  quit(): void {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }

  reset(): void {
    this.removeAllListeners();
    this.singleInstance = true;
    this.quitCalls = 0;
    this.exited = false;
    this.requestSingleInstanceLock.mockClear();
  }
}

class FakeSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  headersListener: ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders?: Record<string, string | string[]> }) => void) => void) | null = null;
  beforeSendHeadersListener: ((details: { url: string; requestHeaders: Record<string, string> }, callback: (r: { requestHeaders?: Record<string, string>; cancel?: boolean }) => void) => void) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener;
    },
    onBeforeSendHeaders: (listener: NonNullable<FakeSession['beforeSendHeadersListener']>) => {
      this.beforeSendHeadersListener = listener;
    },
  };

  /** The request headers Electron would send for `url` after main's onBeforeSendHeaders listener. */
  sendHeaders(url: string, requestHeaders: Record<string, string> = {}): Record<string, string> {
    let sent: Record<string, string> = requestHeaders;
    this.beforeSendHeadersListener?.({ url, requestHeaders }, (r) => {
      sent = r.requestHeaders ?? requestHeaders;
    });
    return sent;
  }

  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }

  reset(): void {
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
    this.devicePermissionHandler = null;
    this.headersListener = null;
    this.beforeSendHeadersListener = null;
  }
}

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  readonly show = vi.fn();
  constructor(readonly options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
}

class FakeRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined);
  readonly sendSync = vi.fn((_channel: string, ..._args: unknown[]): unknown => null);

  reset(): void {
    this.removeAllListeners();
    this.invoke.mockReset().mockImplementation(async () => undefined);
    this.sendSync.mockReset().mockImplementation(() => null);
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeRenderer();
export const session = { defaultSession: new FakeSession() };
export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    contextBridge.exposed[key] = api;
  }),
};
export const shell = {
  openExternal: vi.fn(async (_url: string) => undefined),
  openPath: vi.fn(async (_path: string) => ''),
  showItemInFolder: vi.fn((_path: string) => undefined),
};
export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn((_title: string, _content: string) => undefined),
};
export const protocol = {
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged: vi.fn((_schemes: unknown[]) => undefined),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
    protocol.handlers.set(scheme, handler);
  }),
};

export function resetElectronMock(): void {
  app.reset();
  ipcMain.reset();
  ipcRenderer.reset();
  session.defaultSession.reset();
  BrowserWindow.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  contextBridge.exposed = {};
  contextBridge.exposeInMainWorld.mockClear();
  protocol.handlers.clear();
  protocol.registerSchemesAsPrivileged.mockClear();
  protocol.handle.mockClear();
  for (const fn of [shell.openExternal, shell.openPath, shell.showItemInFolder, dialog.showOpenDialog, dialog.showMessageBox, dialog.showErrorBox]) fn.mockClear();
  shell.openPath.mockImplementation(async () => '');
  dialog.showOpenDialog.mockImplementation(async () => ({ canceled: true, filePaths: [] }));
  dialog.showMessageBox.mockImplementation(async () => ({ response: 0, checkboxChecked: false }));
}

export default { app, BrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, Notification, protocol, session, shell };
