import { vi } from 'vitest';
import type { BatonBridge, BridgeResult, EngineStatus } from '../../../shared/bridge/bridge-api.js';

/** A stand-in for window.baton whose engine status the test pushes. */
export function fakeBridge(overrides: Partial<BatonBridge> = {}) {
  const listeners = new Set<(s: EngineStatus) => void>();
  let current: EngineStatus = { state: 'idle' };
  const ok: BridgeResult = { ok: true };
  const bridge: BatonBridge = {
    engine: null,
    notify: vi.fn(async () => undefined),
    openPath: vi.fn(async () => ok),
    chooseWorkflow: vi.fn(async () => null),
    openExternal: vi.fn(async () => ok),
    onEngineStatus: (listener) => {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    recentWorkflows: vi.fn(async () => []),
    openRecent: vi.fn(async () => ok),
    createFromTemplate: vi.fn(async () => null),
    startDemo: vi.fn(async () => ok),
    restartEngine: vi.fn(async () => ok),
    ...overrides,
  };
  return {
    bridge,
    listeners,
    push(status: EngineStatus) {
      current = status;
      for (const l of [...listeners]) l(status);
    },
  };
}
