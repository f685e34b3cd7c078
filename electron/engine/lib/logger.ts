import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where JSON log lines go; stderr by default so stdout stays free for the CLI's one-line banner. */
  destination?: NodeJS.WritableStream | number;
}

/**
 * Structured logs (pino). Issue-related lines carry `issue_id` and `issue_identifier`, session lines
 * `session_id` (SPEC §13.1): use `logger.child({...})` to bind them once per run.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.BATON_LOG_LEVEL ?? 'info';
  const destination = options.destination ?? 2;
  const stream = typeof destination === 'number' ? pino.destination({ fd: destination, sync: false }) : destination;
  return pino({ level, base: { service: 'baton' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
