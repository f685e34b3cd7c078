import type { TimerHandle } from '../../lib/clock.js';
import type { BatonError, Result } from '../../lib/result.js';
import { asRecord, dig, str, type JsonObject } from '../../lib/json-shapes.js';

export interface TurnOutcome {
  /** `<thread_id>-<turn_id>` (SPEC §4.2). */
  session_id: string;
  thread_id: string;
  turn_id: string;
  /** 1-based count of turns started in this session. */
  turn_number: number;
  /** Text of the last finished agent message of the turn, if any. */
  last_message: string | null;
}

/** Bookkeeping of the one turn a session runs at a time; settles exactly once. */
export class ActiveTurn {
  turnId: string | null = null;
  lastMessage: string | null = null;
  /** Message of the last non-retrying `error` notification, for a failed turn without its own error. */
  lastError: string | null = null;
  timer: TimerHandle | null = null;
  readonly promise: Promise<Result<TurnOutcome>>;
  private settled = false;
  private resolveFn: (result: Result<TurnOutcome>) => void = () => undefined;

  constructor(readonly number: number) {
    this.promise = new Promise((resolve) => (this.resolveFn = resolve));
  }

  get finished(): boolean {
    return this.settled;
  }

  /** False when the turn had already settled (a late timeout, a second completion). */
  settle(result: Result<TurnOutcome>): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.resolveFn(result);
    return true;
  }
}

/**
 * What a turn-ending notification says: null for success, otherwise the error. v2 only has
 * `turn/completed` and its `turn.status` decides (Symphony's reference treated a failed status as
 * success); `turn/failed` and `turn/cancelled` are accepted from older builds. A missing status is
 * success, as with builds that predate the field.
 */
export function turnEndError(method: string, params: JsonObject, lastError: string | null): BatonError | null {
  const body = asRecord(params.turn) ?? {};
  const status = method === 'turn/failed' ? 'failed' : method === 'turn/cancelled' ? 'interrupted' : (str(body.status) ?? 'completed');
  if (status === 'completed') return null;
  if (status === 'interrupted') return { code: 'turn_cancelled', message: 'the turn was interrupted' };
  const message = str(dig(body, 'error', 'message')) ?? str(dig(params, 'error', 'message')) ?? lastError;
  return {
    code: 'turn_failed',
    message: status === 'failed' ? (message ?? 'the turn failed') : `the turn ended with unknown status ${status}`,
    details: { status, codex_error_info: dig(body, 'error', 'codexErrorInfo') ?? null },
  };
}
