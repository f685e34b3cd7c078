import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../electron/engine/lib/logger.js';

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level, destination: stream });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}
