import type { TerminalInfo as WireTerminalInfo } from '../../../shared/api/schemas.js';

/**
 * The shapes a terminal viewer deals with. Offsets count UTF-16 code units ("chars", the unit
 * xterm.js and VS Code's flow control count in) of the session's output stream since it started.
 */

/** Live output for one subscriber. */
export interface TerminalBatch {
  data: string;
  /**
   * Stream offset at the END of this batch: after applying it the viewer has everything up to
   * `offset`. For an ordinary batch `offset - data.length` is where it starts, so a viewer can drop
   * duplicates and notice gaps.
   */
  offset: number;
  /**
   * Set only for clients without `onReset`: the batch is a full-reset sequence plus a snapshot,
   * replacing whatever the viewer showed. Do not ack it (snapshots are outside flow control).
   */
  reset?: true;
}

/** A serialized screen: writing `data` into a fresh terminal of `cols`×`rows` restores it. */
export interface TerminalSnapshot {
  data: string;
  cols: number;
  rows: number;
  /** Stream offset the snapshot reflects; the next batch ends after it (`offset - length === seq`). */
  seq: number;
}

export interface TerminalClient {
  send(batch: TerminalBatch): void;
  /**
   * Replace the screen with this snapshot (after a flow-control pause or becoming visible).
   * Without it the snapshot arrives through `send` as a `reset` batch.
   */
  onReset?(snapshot: TerminalSnapshot): void;
  /** The pty was resized (by any viewer); live batches from here on assume the new size. */
  onResize?(cols: number, rows: number): void;
}

export interface SubscribeOptions {
  /** Only visible subscribers get live data; hidden ones re-snapshot when they become visible. */
  visible: boolean;
}

export interface Subscription {
  /** The screen as of subscribing; live batches continue from `snapshot.seq`. */
  readonly snapshot: TerminalSnapshot;
  /**
   * Report chars of `send`-delivered batches the viewer has processed (ideally from xterm's write
   * callback, i.e. after parsing, not on receipt).
   */
  ack(chars: number): void;
  setVisible(visible: boolean): void;
  dispose(): void;
}

/** What lists and pickers show about a terminal: served by the API as it is (one type, from the API's schema). */
export type TerminalInfo = WireTerminalInfo;

export type TerminalKind = TerminalInfo['kind'];
