import type { SocketStatus } from '../../lib/live-socket.js';
import { RATE_LIMIT_TROUBLE_PERCENT } from './rate-limits.js';

/** What turns the header's glance from "healthy" to "look here". */
export type Trouble = 'disconnected' | 'workflow_error' | 'storage_error' | 'retrying' | 'rate_limit';

export interface HealthInput {
  connection: SocketStatus;
  /** Whether the first load finished: before it, "connecting" is not yet trouble. */
  loaded: boolean;
  retrying: number;
  rateLimitPercent: number;
  workflowError: boolean;
  /** The engine cannot write its own files (a full disk): history and raw logs are not being saved. */
  storageError?: boolean;
}

/** The troubles, most serious first; empty when the fleet is healthy. */
export function fleetTroubles(input: HealthInput): Trouble[] {
  const out: Trouble[] = [];
  if (input.loaded && input.connection !== 'open') out.push('disconnected');
  if (input.workflowError) out.push('workflow_error');
  if (input.storageError) out.push('storage_error');
  if (input.retrying > 0) out.push('retrying');
  if (input.rateLimitPercent > RATE_LIMIT_TROUBLE_PERCENT) out.push('rate_limit');
  return out;
}

export const TROUBLE_TEXT: Record<Trouble, string> = {
  disconnected: 'the engine connection is down',
  workflow_error: 'WORKFLOW.md failed to load',
  storage_error: 'the engine cannot write its files (disk full?)',
  retrying: 'runs are failing and being retried',
  rate_limit: `a rate limit is above ${RATE_LIMIT_TROUBLE_PERCENT}%`,
};
