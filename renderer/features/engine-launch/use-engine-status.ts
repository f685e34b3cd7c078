import { useEffect, useState } from 'react';
import type { BatonBridge, EngineStatus } from '../../../shared/bridge/bridge-api.js';

/** The engine status main reports through the preload; null in a browser or before the first answer. */
export function useEngineStatus(bridge: Pick<BatonBridge, 'onEngineStatus'> | undefined): EngineStatus | null {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  useEffect(() => {
    if (!bridge) return undefined;
    return bridge.onEngineStatus(setStatus);
  }, [bridge]);
  return status;
}
