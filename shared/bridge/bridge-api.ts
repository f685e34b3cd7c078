/**
 * What Electron's preload exposes to the renderer as `window.baton`: the engine's URL (not its
 * token) and a few native actions, nothing else. The preload builds the object from BRIDGE_KEYS, main registers one
 * IPC handler per action key, and tests check both against this one list.
 */
export const BRIDGE_KEYS = [
  'engine',
  'notify',
  'openPath',
  'chooseWorkflow',
  'openExternal',
  'onEngineStatus',
  'recentWorkflows',
  'openRecent',
  'createFromTemplate',
  'startDemo',
  'restartEngine',
] as const;

export type BridgeKey = (typeof BRIDGE_KEYS)[number];

/** IPC channel of each native action (`engine` is a value, not a call). */
export const BRIDGE_CHANNELS = {
  notify: 'baton:notify',
  openPath: 'baton:open-path',
  chooseWorkflow: 'baton:choose-workflow',
  openExternal: 'baton:open-external',
  /** Answers the current EngineStatus; changes are pushed on BRIDGE_EVENTS.engineStatus. */
  onEngineStatus: 'baton:engine-status',
  recentWorkflows: 'baton:recent-workflows',
  openRecent: 'baton:open-recent',
  createFromTemplate: 'baton:create-from-template',
  startDemo: 'baton:start-demo',
  restartEngine: 'baton:restart-engine',
} as const satisfies Record<Exclude<BridgeKey, 'engine'>, string>;

/**
 * Channels that are not `invoke` handlers: the preload reads the engine's address synchronously
 * while the page loads (so `window.baton.engine` is a plain value), and main pushes status changes.
 */
export const BRIDGE_EVENTS = {
  engineAddress: 'baton:engine-address',
  engineStatus: 'baton:engine-status-changed',
} as const;

/** Where an engine is and its token: main's own knowledge, never handed to a page. */
export interface EngineAddress {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  token: string;
}

/**
 * What the page learns about the engine: its URL only. Main adds the token to the page's requests
 * to that origin itself (electron/app/engine-auth-header.ts), so no page script can read it.
 */
export interface EngineEndpoint {
  url: string;
}

/** Outcome of a native action the user may need to hear about. */
export interface BridgeResult {
  ok: boolean;
  error?: string;
}

/**
 * The engine as Electron main sees it. `target` names what it serves: a WORKFLOW.md path, `demo`,
 * or the URL of an engine Baton attached to.
 */
export type EngineStatus =
  | { state: 'idle' }
  | { state: 'starting'; target: string }
  | { state: 'running'; target: string; url: string }
  | { state: 'restarting'; target: string; restarts: number; maxRestarts: number; retryInMs: number; stderrTail: string }
  | { state: 'stopped'; target: string; reason: string; stderrTail: string };

export interface BatonBridge {
  engine: EngineEndpoint | null;
  notify(title: string, body: string): Promise<void>;
  /** Reveals a workspace folder or file in the OS file manager. */
  openPath(path: string): Promise<BridgeResult>;
  /** Asks for a WORKFLOW.md and opens it; null when the user cancels. */
  chooseWorkflow(): Promise<string | null>;
  /** Opens an https URL in the default browser (nothing else is allowed). */
  openExternal(url: string): Promise<BridgeResult>;
  /** Calls back with the current status, then with every change; returns the unsubscribe. */
  onEngineStatus(listener: (status: EngineStatus) => void): () => void;
  /** Recently opened WORKFLOW.md paths, newest first (missing files left out). */
  recentWorkflows(): Promise<string[]>;
  /** Opens one of recentWorkflows() (any other path is refused). */
  openRecent(path: string): Promise<BridgeResult>;
  /** Asks for a repository folder, adds the WORKFLOW.md template if absent, opens it; null on cancel. */
  createFromTemplate(): Promise<BridgeResult | null>;
  /** Starts `baton demo`: a throwaway repository with a demo agent. */
  startDemo(): Promise<BridgeResult>;
  /** Starts the engine again after it stopped (same workflow). */
  restartEngine(): Promise<BridgeResult>;
}
