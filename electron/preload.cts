// The preload of Baton's window. CommonJS, because a sandboxed preload is loaded with a minimal
// `require` that knows 'electron' and little else: this file may import nothing of ours at run
// time (types only), so the channel names are spelled here and checked against shared/ by type.
// `import =` is how TypeScript writes a typed require() in a CommonJS file (verbatimModuleSyntax).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { BatonBridge, BridgeResult, EngineEndpoint, EngineStatus, BRIDGE_CHANNELS, BRIDGE_EVENTS } from '../shared/bridge/bridge-api.js';

const { contextBridge, ipcRenderer } = electron;

const CHANNELS = {
  notify: 'baton:notify',
  openPath: 'baton:open-path',
  chooseWorkflow: 'baton:choose-workflow',
  openExternal: 'baton:open-external',
  onEngineStatus: 'baton:engine-status',
  recentWorkflows: 'baton:recent-workflows',
  openRecent: 'baton:open-recent',
  createFromTemplate: 'baton:create-from-template',
  startDemo: 'baton:start-demo',
  restartEngine: 'baton:restart-engine',
} as const satisfies typeof BRIDGE_CHANNELS;

const EVENTS = {
  engineAddress: 'baton:engine-address',
  engineStatus: 'baton:engine-status-changed',
} as const satisfies typeof BRIDGE_EVENTS;

/**
 * The engine's URL, asked of main synchronously so it is a plain value before any page script
 * runs. Main answers only the engine's own page; the first-run page gets null. The token is not
 * part of it: main adds it to the page's requests to the engine (a header the page cannot read),
 * because a preload cannot put headers on the page's own fetch and WebSocket calls — it could only
 * proxy them across the context bridge, copying every response and terminal byte.
 */
function readEngineAddress(): EngineEndpoint | null {
  const value: unknown = ipcRenderer.sendSync(EVENTS.engineAddress);
  if (typeof value !== 'object' || value === null) return null;
  const { url } = value as Record<string, unknown>;
  return typeof url === 'string' ? Object.freeze({ url }) : null;
}

const statusListeners = new Set<(status: EngineStatus) => void>();
let latestStatus: EngineStatus | null = null;

// One listener for the page's lifetime; the page's callbacks never see the IPC event (whose
// `sender` is ipcRenderer itself).
ipcRenderer.on(EVENTS.engineStatus, (_event, status: EngineStatus) => {
  latestStatus = status;
  for (const listener of [...statusListeners]) listener(status);
});

function onEngineStatus(listener: (status: EngineStatus) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEngineStatus needs a function');
  statusListeners.add(listener);
  if (latestStatus) {
    listener(latestStatus);
  } else {
    ipcRenderer.invoke(CHANNELS.onEngineStatus).then(
      (status: EngineStatus) => {
        latestStatus ??= status;
        if (statusListeners.has(listener)) listener(latestStatus);
      },
      () => undefined,
    );
  }
  return () => {
    statusListeners.delete(listener);
  };
}

// Each action passes exactly its declared arguments: the page cannot smuggle extra ones to main.
const bridge: BatonBridge = {
  engine: readEngineAddress(),
  notify: (title, body) => ipcRenderer.invoke(CHANNELS.notify, title, body) as Promise<void>,
  openPath: (path) => ipcRenderer.invoke(CHANNELS.openPath, path) as Promise<BridgeResult>,
  chooseWorkflow: () => ipcRenderer.invoke(CHANNELS.chooseWorkflow) as Promise<string | null>,
  openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url) as Promise<BridgeResult>,
  onEngineStatus,
  recentWorkflows: () => ipcRenderer.invoke(CHANNELS.recentWorkflows) as Promise<string[]>,
  openRecent: (path) => ipcRenderer.invoke(CHANNELS.openRecent, path) as Promise<BridgeResult>,
  createFromTemplate: () => ipcRenderer.invoke(CHANNELS.createFromTemplate) as Promise<BridgeResult | null>,
  startDemo: () => ipcRenderer.invoke(CHANNELS.startDemo) as Promise<BridgeResult>,
  restartEngine: () => ipcRenderer.invoke(CHANNELS.restartEngine) as Promise<BridgeResult>,
};

contextBridge.exposeInMainWorld('baton', bridge);
