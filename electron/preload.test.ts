import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, BRIDGE_KEYS, type BatonBridge, type EngineStatus } from '../shared/bridge/bridge-api.js';
import * as electron from '../test/mocks/electron.js';

const source = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cts'), 'utf8');
const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;

/**
 * Runs the preload the way a sandboxed renderer does: as CommonJS whose `require` knows only
 * 'electron' (here, the mock). Anything else it tried to load would throw.
 */
function runPreload(): { bridge: BatonBridge; required: string[] } {
  const required: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require '${name}'`);
  };
  const module = { exports: {} };
  vm.runInNewContext(compiled, { require: sandboxRequire, module, exports: module.exports, Object, Set, Promise, TypeError });
  return { bridge: electron.contextBridge.exposed.baton as BatonBridge, required };
}

describe('preload', () => {
  beforeEach(() => electron.resetElectronMock());

  it('requires nothing but electron', () => {
    expect(runPreload().required).toEqual(['electron']);
  });

  it('exposes exactly BRIDGE_KEYS as window.baton, and nothing else', () => {
    runPreload();
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(electron.contextBridge.exposed)).toEqual(['baton']);
    expect(Object.keys(electron.contextBridge.exposed.baton as object).sort()).toEqual([...BRIDGE_KEYS].sort());
  });

  // Issue 7: page scripts could read the token from window.baton.engine. Main no longer sends it,
  // and the preload would not pass one on if it did.
  it('reads the engine URL from main synchronously, as a plain frozen value without any token', () => {
    electron.ipcRenderer.sendSync.mockImplementation(() => ({ url: 'http://127.0.0.1:43121', token: 't0k', extra: 'dropped' }));
    const { bridge } = runPreload();
    expect(electron.ipcRenderer.sendSync).toHaveBeenCalledWith(BRIDGE_EVENTS.engineAddress);
    expect(bridge.engine).toEqual({ url: 'http://127.0.0.1:43121' });
    expect(Object.isFrozen(bridge.engine)).toBe(true);
    expect(JSON.stringify(electron.contextBridge.exposed)).not.toContain('t0k');
  });

  it('has no engine when main answers null or garbage (the first-run page)', () => {
    expect(runPreload().bridge.engine).toBeNull();
    electron.resetElectronMock();
    electron.ipcRenderer.sendSync.mockImplementation(() => ({ url: 5 }));
    expect(runPreload().bridge.engine).toBeNull();
  });

  it('invokes each action on its own channel with exactly its arguments', async () => {
    const { bridge } = runPreload();
    const call = async (invoke: () => Promise<unknown>) => {
      electron.ipcRenderer.invoke.mockClear();
      await invoke();
      return electron.ipcRenderer.invoke.mock.calls[0];
    };
    const extra = bridge as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    expect(await call(() => bridge.notify('T', 'B'))).toEqual([BRIDGE_CHANNELS.notify, 'T', 'B']);
    expect(await call(() => extra.openPath!('/w/BAT-1', 'smuggled'))).toEqual([BRIDGE_CHANNELS.openPath, '/w/BAT-1']);
    expect(await call(() => bridge.chooseWorkflow())).toEqual([BRIDGE_CHANNELS.chooseWorkflow]);
    expect(await call(() => bridge.openExternal('https://x.dev'))).toEqual([BRIDGE_CHANNELS.openExternal, 'https://x.dev']);
    expect(await call(() => bridge.recentWorkflows())).toEqual([BRIDGE_CHANNELS.recentWorkflows]);
    expect(await call(() => bridge.openRecent('/r/WORKFLOW.md'))).toEqual([BRIDGE_CHANNELS.openRecent, '/r/WORKFLOW.md']);
    expect(await call(() => bridge.createFromTemplate())).toEqual([BRIDGE_CHANNELS.createFromTemplate]);
    expect(await call(() => bridge.startDemo())).toEqual([BRIDGE_CHANNELS.startDemo]);
    expect(await call(() => bridge.restartEngine())).toEqual([BRIDGE_CHANNELS.restartEngine]);
  });

  it('delivers the current engine status, then pushed changes, until unsubscribed', async () => {
    const current: EngineStatus = { state: 'starting', target: '/r/WORKFLOW.md' };
    electron.ipcRenderer.invoke.mockImplementation(async (channel: string) => (channel === BRIDGE_CHANNELS.onEngineStatus ? current : undefined));
    const { bridge } = runPreload();
    const seen: EngineStatus[] = [];
    const unsubscribe = bridge.onEngineStatus((s) => seen.push(s));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([current]);
    const running: EngineStatus = { state: 'running', target: '/r/WORKFLOW.md', url: 'http://127.0.0.1:1' };
    // The listener gets the status only, never the IPC event (whose sender is ipcRenderer).
    electron.ipcRenderer.emit(BRIDGE_EVENTS.engineStatus, { sender: electron.ipcRenderer }, running);
    expect(seen).toEqual([current, running]);
    unsubscribe();
    electron.ipcRenderer.emit(BRIDGE_EVENTS.engineStatus, {}, { state: 'idle' });
    expect(seen).toHaveLength(2);
    // A late subscriber gets the latest pushed status at once.
    const late: EngineStatus[] = [];
    bridge.onEngineStatus((s) => late.push(s));
    expect(late).toEqual([{ state: 'idle' }]);
  });
});
