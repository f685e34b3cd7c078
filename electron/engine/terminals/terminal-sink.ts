/**
 * Where a session's terminal bytes go. For a pty agent this is the pty's own output; for an
 * app-server agent it is the live, colored transcript the engine renders from protocol events.
 * Implemented by TerminalSession (headless screen copy + batching + raw log).
 */
export interface TerminalSink {
  write(data: string): void;
}
