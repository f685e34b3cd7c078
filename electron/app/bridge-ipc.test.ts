import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, type EngineStatus } from '../../shared/bridge/bridge-api.js';
import * as electron from '../../test/mocks/electron.js';
import { fakeSpawner } from '../../test/mocks/fake-engine-child.js';
import { flushMicrotasks, ManualClock } from '../../test/mocks/manual-clock.js';
import type { LaunchRequest } from './command-line.js';
import { startBaton, type ElectronApi } from './run-baton.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { BrowserWindow, ipcMain, ipcEvent, shell, dialog, Notification } = electron;

let dir: string;
let repo: string;
let workflowPath: string;
let workspaces: string;

beforeEach(async () => {
  electron.resetElectronMock();
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-bridge-'));
  repo = path.join(dir, 'repo');
  workspaces = path.join(dir, 'workspaces');
  workflowPath = path.join(repo, 'WORKFLOW.md');
  await mkdir(path.join(repo, '.git'), { recursive: true });
  await mkdir(path.join(workspaces, 'BAT-1'), { recursive: true });
  await writeFile(workflowPath, '---\ntracker:\n  kind: local\n---\nDo it.\n');
  await writeFile(path.join(workspaces, 'BAT-1', 'out.log'), 'x');
  electron.app.paths.userData = path.join(dir, 'userData');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

function boot(launch: LaunchRequest = { kind: 'none' }) {
  const spawner = fakeSpawner();
  const clock = new ManualClock();
  const fetch = vi.fn(async (_url: string, _init: unknown) => ({ ok: true, status: 200, json: async (): Promise<unknown> => ({ path: workflowPath, config: { workspace: { root: workspaces } } }) }));
  const baton = startBaton(
    electron as unknown as ElectronApi,
    { appRoot: repoRoot, preloadPath: '/app/dist/electron/preload.cjs', execPath: '/opt/Baton/baton', env: {}, spawn: spawner.spawn, fetch, clock, log: () => undefined },
    launch,
  );
  const win = BrowserWindow.instances[0]!;
  const invoke = (channel: string, ...args: unknown[]) => ipcMain.invoke(channel, ipcEvent(win.webContents), ...args);
  /** Waits for engine number `count` to be spawned (opening involves real file checks). */
  const spawned = (count: number) => vi.waitFor(() => expect(spawner.children.length).toBe(count));
  /** Lets the newest engine print its banner; the window then shows it. */
  const engineUp = async (port = 40000) => {
    await vi.waitFor(() => expect(spawner.children.at(-1)?.exitCode).toBeNull());
    spawner.children.at(-1)!.printBanner(port, `tok-${port}`);
    await flushMicrotasks();
  };
  return { baton, spawner, clock, fetch, win, invoke, engineUp, spawned };
}

describe('bridge IPC', () => {
  it('registers one handler per BRIDGE_CHANNELS entry and no others, plus the address query', () => {
    boot();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
    expect(ipcMain.eventNames()).toEqual([BRIDGE_EVENTS.engineAddress]);
  });

  it('opens the first-run screen when no workflow was given', () => {
    const t = boot();
    expect(t.win.loadURL.mock.calls.map((c) => c[0])).toEqual(['app://baton/index.html']);
    expect(t.spawner.children).toHaveLength(0);
  });

  // Issue 7: page scripts could read the token from window.baton.engine; now only main has it.
  it('gives the engine URL, never its token, to the engine page only', async () => {
    const t = boot({ kind: 'workflow', workflowPath });
    expect(ipcMain.sendSync(BRIDGE_EVENTS.engineAddress, ipcEvent(t.win.webContents))).toBeNull();
    await t.engineUp(40000);
    expect(t.win.loadURL).toHaveBeenLastCalledWith('http://127.0.0.1:40000/');
    expect(ipcMain.sendSync(BRIDGE_EVENTS.engineAddress, ipcEvent(t.win.webContents))).toEqual({ url: 'http://127.0.0.1:40000' });
    t.win.webContents.mainFrame.url = 'app://baton/index.html';
    expect(ipcMain.sendSync(BRIDGE_EVENTS.engineAddress, ipcEvent(t.win.webContents))).toBeNull();
  });

  it('adds the token to the window\'s requests to the running engine only, WebSocket included', async () => {
    const t = boot({ kind: 'workflow', workflowPath });
    const headers = (url: string) => electron.session.defaultSession.sendHeaders(url, { Accept: '*/*' });
    expect(headers('http://127.0.0.1:40000/api/v1/state')).toEqual({ Accept: '*/*' });
    await t.engineUp(40000);
    expect(headers('http://127.0.0.1:40000/api/v1/state')).toEqual({ Accept: '*/*', Authorization: 'Bearer tok-40000' });
    expect(headers('ws://127.0.0.1:40000/api/v1/ws').Authorization).toBe('Bearer tok-40000');
    // Another local server, another scheme, another name for the host: nothing is added.
    for (const other of ['http://127.0.0.1:40001/', 'https://127.0.0.1:40000/', 'http://localhost:40000/', 'https://example.com/']) {
      expect(headers(other), other).toEqual({ Accept: '*/*' });
    }
    // Once the engine is gone its origin gets nothing (another program may bind the freed port).
    t.spawner.children[0]!.exit(1);
    await flushMicrotasks();
    expect(headers('http://127.0.0.1:40000/api/v1/state')).toEqual({ Accept: '*/*' });
  });

  it('pushes status changes and returns to the first-run screen when the engine stops for good', async () => {
    const t = boot({ kind: 'workflow', workflowPath });
    await t.engineUp();
    t.spawner.children[0]!.exit(1);
    await flushMicrotasks();
    const sent = t.win.webContents.send.mock.calls.filter((c) => c[0] === BRIDGE_EVENTS.engineStatus).map((c) => (c[1] as EngineStatus).state);
    expect(sent).toEqual(['idle', 'starting', 'running', 'restarting']);
    expect(t.win.webContents.send).toHaveBeenLastCalledWith(BRIDGE_EVENTS.engineStatus, expect.objectContaining({ state: 'restarting', restarts: 1 }));
    // The old engine's origin lost main's trust the moment the engine died: a page there can no longer call main.
    await expect(t.invoke(BRIDGE_CHANNELS.onEngineStatus)).rejects.toThrow(/refused/);
    // The restarted engine comes up on a new port: the window follows it.
    await t.clock.advance(500);
    await t.engineUp(40001);
    expect(t.win.loadURL).toHaveBeenLastCalledWith('http://127.0.0.1:40001/');
    for (let i = 1; i <= 5; i++) {
      t.spawner.children[i]!.stderr.write(`crash ${i}\n`);
      await flushMicrotasks();
      t.spawner.children[i]!.exit(1);
      await flushMicrotasks();
      if (i === 5) break;
      await t.clock.advance(10_000);
      await t.engineUp(40001 + i);
    }
    expect(t.win.loadURL).toHaveBeenLastCalledWith('app://baton/index.html');
    expect(t.win.webContents.send).toHaveBeenLastCalledWith(BRIDGE_EVENTS.engineStatus, expect.objectContaining({ state: 'stopped', stderrTail: 'crash 5' }));
    expect(await t.invoke(BRIDGE_CHANNELS.onEngineStatus)).toMatchObject({ state: 'stopped' });
  });

  describe('openPath', () => {
    it('opens a folder inside the workspace root, and only reveals a file', async () => {
      const t = boot({ kind: 'workflow', workflowPath });
      await t.engineUp();
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, path.join(workspaces, 'BAT-1'))).toEqual({ ok: true });
      expect(shell.openPath).toHaveBeenCalledWith(path.join(workspaces, 'BAT-1'));
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, path.join(workspaces, 'BAT-1', 'out.log'))).toEqual({ ok: true });
      expect(shell.showItemInFolder).toHaveBeenCalledWith(path.join(workspaces, 'BAT-1', 'out.log'));
      expect(shell.openPath).toHaveBeenCalledTimes(1);
      expect(t.fetch.mock.calls[0]![0]).toBe('http://127.0.0.1:40000/api/v1/workflow');
      expect(t.fetch.mock.calls[0]![1]).toMatchObject({ headers: { authorization: 'Bearer tok-40000' } });
    });

    it('refuses paths outside the workspace root and the workflow folder, and relative ones', async () => {
      const t = boot({ kind: 'workflow', workflowPath });
      await t.engineUp();
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, os.homedir())).toMatchObject({ ok: false, error: expect.stringContaining('outside') });
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, '/etc')).toMatchObject({ ok: false });
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, 'workspaces/BAT-1')).toMatchObject({ ok: false, error: expect.stringContaining('absolute') });
      expect(shell.openPath).not.toHaveBeenCalled();
      expect(shell.showItemInFolder).not.toHaveBeenCalled();
    });

    it('refuses when no engine runs', async () => {
      const t = boot();
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, workspaces)).toEqual({ ok: false, error: 'no engine is running' });
    });

    it('refuses when the engine cannot say its roots', async () => {
      const t = boot({ kind: 'workflow', workflowPath });
      await t.engineUp();
      t.fetch.mockImplementationOnce(async () => ({ ok: false, status: 401, json: async () => ({}) }));
      expect(await t.invoke(BRIDGE_CHANNELS.openPath, workspaces)).toMatchObject({ ok: false, error: expect.stringContaining('401') });
      expect(shell.openPath).not.toHaveBeenCalled();
    });
  });

  it('opens only https links outside', async () => {
    const t = boot();
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(await t.invoke(BRIDGE_CHANNELS.openExternal, url)).toMatchObject({ ok: false });
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(await t.invoke(BRIDGE_CHANNELS.openExternal, 'https://linear.app/t/BAT-1')).toEqual({ ok: true });
    expect(shell.openExternal).toHaveBeenCalledWith('https://linear.app/t/BAT-1');
  });

  it('shows a notification whose click brings the window forward', async () => {
    const t = boot();
    await t.invoke(BRIDGE_CHANNELS.notify, 'BAT-1 is ready for review', 'Fix the flaky test');
    const n = Notification.instances[0]!;
    expect(n.options).toEqual({ title: 'BAT-1 is ready for review', body: 'Fix the flaky test' });
    expect(n.show).toHaveBeenCalled();
    n.emit('click');
    expect(t.win.focused).toBe(true);
    await expect(t.invoke(BRIDGE_CHANNELS.notify, 42, 'x')).rejects.toThrow(/strings/);
  });

  it('refuses a call with extra arguments', async () => {
    const t = boot();
    await expect(t.invoke(BRIDGE_CHANNELS.startDemo, 'extra')).rejects.toThrow(/expected 0 argument/);
    expect(t.spawner.children).toHaveLength(0);
  });

  it('refuses a foreign sender on every channel', async () => {
    boot();
    const foreign = new electron.FakeWebContents();
    foreign.mainFrame.url = 'https://evil.example/';
    for (const channel of Object.values(BRIDGE_CHANNELS)) {
      await expect(ipcMain.invoke(channel, ipcEvent(foreign))).rejects.toThrow(/refused/);
    }
  });

  describe('workflows', () => {
    it('chooseWorkflow starts the engine on the chosen file and remembers it', async () => {
      const t = boot();
      dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: false, filePaths: [workflowPath] }));
      expect(await t.invoke(BRIDGE_CHANNELS.chooseWorkflow)).toBe(workflowPath);
      await t.spawned(1);
      expect(t.spawner.children[0]!.args).toEqual([path.join(repoRoot, 'bin', 'baton.js'), 'serve', workflowPath, '--host', '127.0.0.1', '--port', '0', '--exit-with-stdin']);
      expect(await t.invoke(BRIDGE_CHANNELS.recentWorkflows)).toEqual([workflowPath]);
      const stored = JSON.parse(await readFile(path.join(dir, 'userData', 'recent-workflows.json'), 'utf8'));
      expect(stored.recent).toEqual([workflowPath]);
    });

    it('chooseWorkflow answers null when the dialog is cancelled', async () => {
      const t = boot();
      expect(await t.invoke(BRIDGE_CHANNELS.chooseWorkflow)).toBeNull();
      expect(t.spawner.children).toHaveLength(0);
    });

    it('openRecent opens only a workflow from the recent list', async () => {
      const t = boot();
      expect(await t.invoke(BRIDGE_CHANNELS.openRecent, workflowPath)).toEqual({ ok: false, error: 'not one of the recent workflows' });
      expect(t.spawner.children).toHaveLength(0);
      dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: false, filePaths: [workflowPath] }));
      await t.invoke(BRIDGE_CHANNELS.chooseWorkflow);
      await t.engineUp();
      await t.baton.dispose();
      expect(await t.invoke(BRIDGE_CHANNELS.openRecent, workflowPath)).toEqual({ ok: true });
      await t.spawned(2);
    });

    it('asks before switching away from a running engine, and keeps it when cancelled', async () => {
      const t = boot({ kind: 'workflow', workflowPath });
      await t.engineUp();
      dialog.showMessageBox.mockImplementationOnce(async () => ({ response: 1, checkboxChecked: false }));
      expect(await t.invoke(BRIDGE_CHANNELS.startDemo)).toEqual({ ok: false, error: 'cancelled' });
      expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
      expect(t.spawner.children).toHaveLength(1);
      expect(t.spawner.children[0]!.signals).toEqual([]);
      expect(await t.invoke(BRIDGE_CHANNELS.startDemo)).toEqual({ ok: true });
      await t.spawned(2);
      expect(t.spawner.children[0]!.signals).toEqual(['SIGTERM']);
      expect(t.spawner.children[1]!.args.slice(1)).toEqual(['demo', '--port', '0', '--exit-with-stdin']);
    });

    it('opening the workflow that already runs changes nothing and asks nothing', async () => {
      const t = boot({ kind: 'workflow', workflowPath });
      await t.engineUp();
      expect(await t.baton.open({ kind: 'workflow', workflowPath })).toEqual({ ok: true });
      expect(dialog.showMessageBox).not.toHaveBeenCalled();
      expect(t.spawner.children).toHaveLength(1);
      expect(t.spawner.children[0]!.signals).toEqual([]);
    });

    it('createFromTemplate adds the template to a repository and opens it', async () => {
      const t = boot();
      dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: false, filePaths: [path.join(dir, 'fresh')] }));
      await mkdir(path.join(dir, 'fresh', '.git'), { recursive: true });
      expect(await t.invoke(BRIDGE_CHANNELS.createFromTemplate)).toEqual({ ok: true });
      const created = await readFile(path.join(dir, 'fresh', 'WORKFLOW.md'), 'utf8');
      expect(created).toBe(await readFile(path.join(repoRoot, 'resources', 'templates', 'WORKFLOW.md'), 'utf8'));
      await t.spawned(1);
      expect(t.spawner.children[0]!.args[2]).toBe(path.join(dir, 'fresh', 'WORKFLOW.md'));
    });

    it('createFromTemplate keeps an existing WORKFLOW.md and refuses a folder that is not a repository', async () => {
      const t = boot();
      dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: false, filePaths: [repo] }));
      expect(await t.invoke(BRIDGE_CHANNELS.createFromTemplate)).toEqual({ ok: true });
      expect(await readFile(workflowPath, 'utf8')).toContain('Do it.');
      await mkdir(path.join(dir, 'plain'));
      dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: false, filePaths: [path.join(dir, 'plain')] }));
      expect(await t.invoke(BRIDGE_CHANNELS.createFromTemplate)).toMatchObject({ ok: false, error: expect.stringContaining('not a git repository') });
      dialog.showOpenDialog.mockImplementationOnce(async () => ({ canceled: true, filePaths: [] }));
      expect(await t.invoke(BRIDGE_CHANNELS.createFromTemplate)).toBeNull();
    });

    it('restartEngine starts the last workflow again after it stopped', async () => {
      const t = boot({ kind: 'workflow', workflowPath });
      await t.spawned(1);
      t.spawner.children[0]!.exit(1);
      await flushMicrotasks();
      expect(await t.invoke(BRIDGE_CHANNELS.onEngineStatus)).toMatchObject({ state: 'stopped' });
      expect(await t.invoke(BRIDGE_CHANNELS.restartEngine)).toEqual({ ok: true });
      await t.spawned(2);
      expect(dialog.showMessageBox).not.toHaveBeenCalled();
    });
  });

  it('attaches to a running engine after checking it answers', async () => {
    const t = boot({ kind: 'attach', address: { url: 'http://127.0.0.1:7000', token: 'remote' } });
    await vi.waitFor(() => expect(t.win.loadURL).toHaveBeenLastCalledWith('http://127.0.0.1:7000/'));
    expect(t.spawner.children).toHaveLength(0);
    expect(ipcMain.sendSync(BRIDGE_EVENTS.engineAddress, ipcEvent(t.win.webContents))).toEqual({ url: 'http://127.0.0.1:7000' });
    expect(electron.session.defaultSession.sendHeaders('ws://127.0.0.1:7000/api/v1/ws').Authorization).toBe('Bearer remote');
    // Quitting leaves an engine Baton did not start alone.
    await t.baton.dispose();
  });

  it('says so when an engine to attach to does not answer', async () => {
    electron.resetElectronMock();
    const spawner = fakeSpawner();
    const fetch = vi.fn(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:7000');
    });
    startBaton(electron as unknown as ElectronApi, { appRoot: repoRoot, preloadPath: '/p.cjs', execPath: '/e', env: {}, spawn: spawner.spawn, fetch, clock: new ManualClock(), log: () => undefined }, { kind: 'attach', address: { url: 'http://127.0.0.1:7000', token: 'x' } });
    const win = BrowserWindow.instances[0]!;
    await vi.waitFor(async () => expect(await ipcMain.invoke(BRIDGE_CHANNELS.onEngineStatus, ipcEvent(win.webContents))).toMatchObject({ state: 'stopped', reason: expect.stringContaining('ECONNREFUSED') }));
    expect(win.loadURL).toHaveBeenLastCalledWith('app://baton/index.html');
  });
});
