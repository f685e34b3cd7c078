/** What the round needs from whatever makes the sessions print. */
export interface StreamProducer {
  readonly name: string;
  /** `pty.command` and extra environment of session `i`. */
  session(i: number): { command: string; env: Record<string, string> };
  /**
   * After the last spawn: resolves once every session streams, or at `deadline` (epoch ms) with
   * some still silent (the round reports how many).
   */
  begin(deadline: number, allStreaming: () => boolean): Promise<void>;
  /** The latest the measured window may end (epoch ms): the agents' own streams stop there. */
  readonly latestWindowEnd: number;
  /** Ends the streams; the sessions then print STREAM_DONE and exit 0. */
  end(): Promise<FeedReport>;
  dispose(): Promise<void>;
}

export interface FeedReport {
  /** Bytes per session according to the producer itself, when it reports them. */
  bytes: number[] | null;
  /** Most bytes one stream had waiting because its pipe was full (the engine read too slowly). */
  maxBacklog: number | null;
}

export async function pollUntil(check: () => boolean, deadline: number, everyMs = 20): Promise<boolean> {
  while (!check()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return true;
}
