import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, FakeWebFrame, ipcEvent, ipcMain, resetElectronMock } from '../../test/mocks/electron.js';
import { OwnOrigins } from './app-origin.js';
import { senderProblem, ValidatedIpc, type IpcMainLike } from './ipc-guard.js';

function setup() {
  const origins = new OwnOrigins();
  origins.setEngine('http://127.0.0.1:43121');
  const ours = new FakeWebContents();
  ours.mainFrame.url = 'http://127.0.0.1:43121/';
  const refused = vi.fn();
  const ipc = new ValidatedIpc(ipcMain as unknown as IpcMainLike, { isOwnUrl: (u) => origins.has(u), isOwnContents: (c) => c === ours }, refused);
  return { origins, ours, ipc, refused };
}

describe('senderProblem', () => {
  const policy = { isOwnUrl: (u: string) => u.startsWith('app://baton/'), isOwnContents: () => true };

  it('accepts the top-level frame of our origin', () => {
    expect(senderProblem({ sender: {}, senderFrame: new FakeWebFrame('app://baton/index.html') }, policy)).toBeNull();
  });

  it('refuses a foreign origin, a subframe, and a frame that is gone', () => {
    expect(senderProblem({ sender: {}, senderFrame: new FakeWebFrame('https://evil.example/') }, policy)).toMatch(/not one of the app's origins/);
    const top = new FakeWebFrame('app://baton/index.html');
    expect(senderProblem({ sender: {}, senderFrame: new FakeWebFrame('app://baton/index.html', top) }, policy)).toMatch(/top-level frame/);
    expect(senderProblem({ sender: {}, senderFrame: null }, policy)).toMatch(/gone/);
  });

  it('refuses contents that are not our window even on our origin', () => {
    expect(senderProblem({ sender: {}, senderFrame: new FakeWebFrame('app://baton/') }, { ...policy, isOwnContents: () => false })).toMatch(/not a Baton window/);
  });
});

describe('ValidatedIpc', () => {
  beforeEach(() => resetElectronMock());

  it('runs the handler for our own top-level frame', async () => {
    const t = setup();
    t.ipc.handle('baton:x', (args) => ['handled', ...args]);
    expect(await ipcMain.invoke('baton:x', ipcEvent(t.ours), 1, 2)).toEqual(['handled', 1, 2]);
  });

  it('rejects a foreign frame and a subframe without running the handler', async () => {
    const t = setup();
    const handler = vi.fn();
    t.ipc.handle('baton:x', handler);
    const foreign = new FakeWebContents();
    foreign.mainFrame.url = 'https://evil.example/';
    await expect(ipcMain.invoke('baton:x', ipcEvent(foreign))).rejects.toThrow(/refused/);
    await expect(ipcMain.invoke('baton:x', ipcEvent(t.ours, new FakeWebFrame('https://evil.example/')))).rejects.toThrow(/refused/);
    const iframe = new FakeWebFrame('http://127.0.0.1:43121/embedded', t.ours.mainFrame);
    await expect(ipcMain.invoke('baton:x', ipcEvent(t.ours, iframe))).rejects.toThrow(/top-level/);
    // The same origin in a window main did not create.
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'http://127.0.0.1:43121/';
    await expect(ipcMain.invoke('baton:x', ipcEvent(stranger))).rejects.toThrow(/not a Baton window/);
    expect(handler).not.toHaveBeenCalled();
    expect(t.refused).toHaveBeenCalledTimes(4);
  });

  it('refuses a previous engine origin after a restart moved it', async () => {
    const t = setup();
    t.ipc.handle('baton:x', () => 'ok');
    t.origins.setEngine('http://127.0.0.1:50000');
    await expect(ipcMain.invoke('baton:x', ipcEvent(t.ours))).rejects.toThrow(/refused/);
  });

  it('answers null to a refused synchronous message', () => {
    const t = setup();
    t.ipc.onSync('baton:sync', () => 'secret');
    expect(ipcMain.sendSync('baton:sync', ipcEvent(t.ours))).toBe('secret');
    const foreign = new FakeWebContents();
    foreign.mainFrame.url = 'https://evil.example/';
    expect(ipcMain.sendSync('baton:sync', ipcEvent(foreign))).toBeNull();
  });

  it('removes its handlers and listeners on dispose', () => {
    const t = setup();
    t.ipc.handle('baton:x', () => 1);
    t.ipc.onSync('baton:sync', () => 1);
    t.ipc.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listenerCount('baton:sync')).toBe(0);
  });
});
