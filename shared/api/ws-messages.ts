import { z } from 'zod';
import type { Issue } from '../domain/issue.js';
import type { TraceEvent } from '../domain/trace.js';
import { isValidIdentifier } from './routes.js';
import type { Approval, StateSnapshot, TerminalInfo, WorkflowResponse } from './schemas.js';

/**
 * Messages on `GET /api/v1/ws`. Every message is one JSON text frame with a `type` discriminator.
 * Terminal `offset`s count UTF-16 code units of the session's output since it started, and always
 * give the stream position after applying the message (snapshot or batch), so a viewer can spot
 * duplicates and gaps.
 * Server → client messages are trusted and typed only; client → server messages are validated
 * with the zod schema below and answered with an `error` message when invalid (the socket stays open).
 */

/** Bumped on an incompatible change to any message below; sent in `hello`. */
export const WS_PROTOCOL_VERSION = 1;

/** Minimum time between two `state` pushes (ms): 10 updates/s is smooth for a board and status bar
 *  while 100 busy agents (each changing state many times a second) cost one snapshot per 100 ms. */
export const STATE_PUSH_INTERVAL_MS = 100;

// ---------------------------------------------------------------- server → client

export type ServerMessage =
  | { type: 'hello'; version: number; server_time: string }
  | { type: 'state'; state: StateSnapshot }
  | { type: 'ticket'; ticket: Issue }
  | { type: 'trace'; event: TraceEvent }
  | { type: 'approvals'; approvals: Approval[] }
  | { type: 'workflow'; workflow: WorkflowResponse }
  /** The review inbox, the audit queue or the landing queue changed: refetch what you display. */
  | { type: 'reviews' }
  | { type: 'terminal.list'; terminals: TerminalInfo[] }
  /** The screen as it is now. Sent on subscribe and whenever the engine restarts the stream (after
   *  a flow-control pause, or on becoming visible): replace the screen with it. */
  | { type: 'terminal.snapshot'; terminal_id: string; data: string; cols: number; rows: number; offset: number }
  /** Live output. Ack its length (`terminal.ack`) once rendered, from xterm's write callback. */
  | { type: 'terminal.data'; terminal_id: string; data: string; offset: number }
  /** The pty was resized (by any viewer); output from here on assumes the new size. */
  | { type: 'terminal.resized'; terminal_id: string; cols: number; rows: number }
  /** The terminal's process ended (or the terminal was removed); the subscription is over. */
  | { type: 'terminal.exit'; terminal_id: string; exit_code: number | null; signal: number | null }
  /** Pushes were dropped while this socket was too slow: refetch over HTTP what you display. */
  | { type: 'resync'; reason: string }
  | { type: 'error'; code: string; message: string; request_type: string | null };

export type ServerMessageType = ServerMessage['type'];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

// ---------------------------------------------------------------- client → server

/** Longest `terminal.input` payload (chars): a large paste. Bigger pastes are split by the client,
 *  since a pty fed one huge write can garble it (vscode#38137). */
export const MAX_TERMINAL_INPUT_CHARS = 262_144;
/** Terminal geometry bounds: beyond 1,000 columns or rows no screen is real. */
export const MAX_TERMINAL_DIMENSION = 1_000;

const terminalId = z.string().min(1).max(128);
const dimension = z.int().min(1).max(MAX_TERMINAL_DIMENSION);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('terminal.subscribe'), terminal_id: terminalId, visible: z.boolean() }),
  z.strictObject({ type: z.literal('terminal.unsubscribe'), terminal_id: terminalId }),
  z.strictObject({ type: z.literal('terminal.visible'), terminal_id: terminalId, visible: z.boolean() }),
  z.strictObject({
    type: z.literal('terminal.input'),
    terminal_id: terminalId,
    data: z.string().min(1).max(MAX_TERMINAL_INPUT_CHARS),
  }),
  z.strictObject({ type: z.literal('terminal.resize'), terminal_id: terminalId, cols: dimension, rows: dimension }),
  z.strictObject({ type: z.literal('terminal.ack'), terminal_id: terminalId, chars: z.int().min(0).max(1e9) }),
  /** Start receiving `trace` messages: for one issue, or for all when `issue_identifier` is absent/null.
   *  A second subscribe replaces the first. */
  z.strictObject({
    type: z.literal('trace.subscribe'),
    issue_identifier: z.string().refine(isValidIdentifier, 'not a valid issue identifier').nullable().optional(),
  }),
  z.strictObject({ type: z.literal('trace.unsubscribe') }),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
export type ClientMessageOf<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;
