import type { BatonError } from '../../lib/result.js';
import type { ProcessExit } from './app-server-process.js';

export interface ExitContext {
  command: string;
  /** Whether initialize + thread/start had succeeded: a later exit is never "not found". */
  handshaken: boolean;
  stderrTail: string[];
}

/**
 * Names why the app-server went away: `codex_not_found` when it never really started (spawn error,
 * or bash's 127 "command not found" / 126 "cannot execute" before the handshake), otherwise
 * `port_exit` with the exit code or signal and the last stderr lines.
 */
export function exitError(exit: ProcessExit, context: ExitContext): BatonError {
  const tail = context.stderrTail;
  const details = { exit_code: exit.code, signal: exit.signal, stderr_tail: tail };
  const last = tail.at(-1);
  const notFound =
    exit.spawn_error !== null ||
    (!context.handshaken && (exit.code === 127 || exit.code === 126 || tail.some((line) => /command not found/.test(line))));
  if (notFound) {
    return { code: 'codex_not_found', message: `could not start \`${context.command}\`: ${exit.spawn_error ?? last ?? `exit code ${exit.code}`}`, details };
  }
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  return { code: 'port_exit', message: `the codex app-server exited (${how})${last ? `: ${last}` : ''}`, details };
}
