import type { EngineStatus } from '../../../shared/bridge/bridge-api.js';

/** How the status line names what the engine serves. */
export function targetLabel(target: string): string {
  if (target === 'demo') return 'the demo';
  return target;
}

/** One line for the user, or null when there is nothing to say (idle, or running normally). */
export function engineStatusText(status: EngineStatus | null): string | null {
  if (!status) return null;
  switch (status.state) {
    case 'idle':
    case 'running':
      return null;
    case 'starting':
      return `Starting the engine for ${targetLabel(status.target)}…`;
    case 'restarting':
      return `Engine restarting (restart ${status.restarts} of ${status.maxRestarts}, in ${Math.ceil(status.retryInMs / 1000)} s)`;
    case 'stopped':
      return `Engine stopped: ${status.reason}`;
  }
}
