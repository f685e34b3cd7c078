import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNELS } from '../shared/bridge/bridge-api.js';
import type * as ElectronMock from '../test/mocks/electron.js';
import type { FakeEngineChild } from '../test/mocks/fake-engine-child.js';
import { flushMicrotasks } from '../test/mocks/manual-clock.js';

const children = vi.hoisted(() => [] as FakeEngineChild[]);

vi.mock('electron', () => import('../test/mocks/electron.js'));
vi.mock('node:child_process', async () => {
  const { FakeEngineChild } = await import('../test/mocks/fake-engine-child.js');
  return {
    spawn: (command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) => {
      const child = new FakeEngineChild(command, args, options);
      children.push(child);
      return child;
    },
  };
});

const originalArgv = process.argv;
/** The mocked electron module main.ts sees (a fresh one per launch, after vi.resetModules). */
let electron: typeof ElectronMock;
let dir: string;
let workflowPath: string;
let signalListeners: Map<string, number>;

/** Loads main.ts as Electron would, with these arguments after the executable. */
async function launch(args: string[] = [], configure: (e: typeof ElectronMock) => void = () => undefined) {
  process.argv = ['/opt/Baton/baton', ...args];
  vi.resetModules();
  electron = (await import('electron')) as unknown as typeof ElectronMock;
  electron.resetElectronMock();
  electron.app.paths.userData = path.join(dir, 'userData');
  configure(electron);
  await import('./main.js');
  await flushMicrotasks();
  return electron;
}

beforeEach(async () => {
  children.length = 0;
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-main-'));
  workflowPath = path.join(dir, 'WORKFLOW.md');
  await writeFile(workflowPath, '---\n---\n');
  await mkdir(path.join(dir, 'userData'));
  signalListeners = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listenerCount(s)]));
});

afterEach(async () => {
  process.argv = originalArgv;
  // main.ts turns SIGINT/SIGTERM into a quit; do not leave that on the test runner.
  for (const [signal, count] of signalListeners) {
    const listeners = process.listeners(signal as NodeJS.Signals);
    for (const l of listeners.slice(count)) process.removeListener(signal, l);
  }
  await rm(dir, { recursive: true, force: true });
});

describe('main', () => {
  it('registers app:// as a privileged scheme before ready', async () => {
    const { protocol } = await launch();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('quits at once when another instance holds the lock, handing it its arguments', async () => {
    const { app, BrowserWindow, ipcMain } = await launch([workflowPath], (e) => (e.app.singleInstance = false));
    expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ args: [workflowPath], cwd: process.cwd() });
    expect(app.quitCalls).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(children).toHaveLength(0);
  });

  it('creates one hardened window and one handler per bridge channel', async () => {
    const { BrowserWindow, ipcMain, session } = await launch();
    expect(BrowserWindow.instances).toHaveLength(1);
    const prefs = BrowserWindow.instances[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/electron[/\\]preload\.cjs$/);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
    const ses = session.defaultSession;
    const granted = vi.fn();
    ses.permissionRequestHandler!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(ses.permissionCheckHandler!({}, 'notifications')).toBe(false);
    expect(BrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('app://baton/index.html');
  });

  it('starts the engine on the workflow given on the command line, with Electron as Node', async () => {
    const { app, BrowserWindow } = await launch([workflowPath]);
    await vi.waitFor(() => expect(children).toHaveLength(1));
    expect(children[0]!.command).toBe(process.execPath);
    expect(children[0]!.args.slice(1)).toEqual(['serve', workflowPath, '--host', '127.0.0.1', '--port', '0', '--exit-with-stdin']);
    expect(children[0]!.args[0]).toBe(path.join(app.appPath, 'bin', 'baton.js'));
    expect(children[0]!.options.env.ELECTRON_RUN_AS_NODE).toBe('1');
    children[0]!.printBanner(45000, 'tok');
    await vi.waitFor(() => expect(BrowserWindow.instances[0]!.loadURL).toHaveBeenLastCalledWith('http://127.0.0.1:45000/'));
  });

  it('shows an error and the first-run screen for bad arguments', async () => {
    const { dialog, BrowserWindow } = await launch(['--attach', 'http://10.0.0.1:80', '--token', 't']);
    expect(dialog.showErrorBox).toHaveBeenCalledWith('Baton', expect.stringContaining('loopback'));
    expect(children).toHaveLength(0);
    expect(BrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('app://baton/index.html');
  });

  it('a second launch focuses the window and opens its workflow', async () => {
    const { app, BrowserWindow } = await launch();
    const win = BrowserWindow.instances[0]!;
    win.minimized = true;
    const other = path.join(dir, 'other');
    await mkdir(other);
    await writeFile(path.join(other, 'WORKFLOW.md'), '---\n---\n');
    // Its argument was relative to its own working directory.
    app.emit('second-instance', {}, ['/opt/Baton/baton', 'other'], dir, { args: ['other'], cwd: dir });
    expect(win.focused).toBe(true);
    expect(win.minimized).toBe(false);
    expect(BrowserWindow.instances).toHaveLength(1);
    await vi.waitFor(() => expect(children).toHaveLength(1));
    expect(children[0]!.args[2]).toBe(path.join(other, 'WORKFLOW.md'));
  });

  it('stops the engine before quitting', async () => {
    const { app } = await launch([workflowPath]);
    await vi.waitFor(() => expect(children).toHaveLength(1));
    children[0]!.printBanner();
    await flushMicrotasks();
    app.quit();
    expect(app.exited).toBe(false);
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(children[0]!.signals).toEqual(['SIGTERM']);
  });

  it('quits when the last window closes, except on macOS', async () => {
    const { app } = await launch();
    app.emit('window-all-closed');
    const expected = process.platform === 'darwin' ? 0 : 1;
    expect(app.quitCalls).toBe(expected);
  });
});
