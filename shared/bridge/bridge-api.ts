/**
 * What Electron's preload exposes to the renderer as `window.baton`: the engine's address and a few
 * native actions, nothing else. The preload builds the object from BRIDGE_KEYS, main registers one
 * IPC handler per action key, and tests check both against this one list.
 */
export const BRIDGE_KEYS = ['engine', 'notify', 'openPath', 'chooseWorkflow', 'openExternal'] as const;

export type BridgeKey = (typeof BRIDGE_KEYS)[number];

/** IPC channel of each native action (`engine` is a value, not a call). */
export const BRIDGE_CHANNELS = {
  notify: 'baton:notify',
  openPath: 'baton:open-path',
  chooseWorkflow: 'baton:choose-workflow',
  openExternal: 'baton:open-external',
} as const satisfies Record<Exclude<BridgeKey, 'engine'>, string>;

export interface EngineAddress {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  token: string;
}

export interface BatonBridge {
  engine: EngineAddress | null;
  notify(title: string, body: string): Promise<void>;
  /** Reveals a workspace folder or file in the OS file manager. */
  openPath(path: string): Promise<{ ok: boolean; error?: string }>;
  /** Asks for a WORKFLOW.md; null when the user cancels. */
  chooseWorkflow(): Promise<string | null>;
  /** Opens an https URL in the default browser (nothing else is allowed). */
  openExternal(url: string): Promise<{ ok: boolean; error?: string }>;
}
