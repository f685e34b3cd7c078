import { createRoot, type Root } from 'react-dom/client';
import type { BatonBridge } from '../../../shared/bridge/bridge-api.js';
import { FirstRun } from './FirstRun.js';

/**
 * The bridge when this page is Electron's first-run screen: the preload is there but main gave it
 * no engine. In a browser (no bridge) and on the engine's own page this is null.
 */
export function firstRunBridge(win: { baton?: BatonBridge }): BatonBridge | null {
  const bridge = win.baton;
  return bridge && bridge.engine === null ? bridge : null;
}

export function mountFirstRun(element: HTMLElement, bridge: BatonBridge): Root {
  const root = createRoot(element);
  root.render(<FirstRun bridge={bridge} />);
  return root;
}
