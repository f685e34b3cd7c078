import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { ResilientLogSinks } from './log-sinks.js';
import { prettyLogStream, type LogFormat } from './pretty-log.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files.js';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where JSON log lines go; stderr by default so stdout stays free for the CLI's one-line banner. */
  destination?: NodeJS.WritableStream | number;
  /** Also append the JSON lines to this file (created owner-only, 0600, with its directory, 0700). */
  file?: string;
  /** How lines look at `destination` (the file is always JSON); default JSON. */
  format?: LogFormat;
  /** With the pretty format: color the level and the message. */
  color?: boolean;
}

/**
 * Structured logs (pino). Issue-related lines carry `issue_id` and `issue_identifier`, session lines
 * `session_id` (SPEC §13.1): use `logger.child({...})` to bind them once per run.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.BATON_LOG_LEVEL ?? 'info';
  const destination = options.destination ?? 2;
  const out = typeof destination === 'number' ? asStream(pino.destination({ fd: destination, sync: false })) : destination;
  const sinks: Array<{ name: string; stream: NodeJS.WritableStream }> = [
    { name: typeof destination === 'number' ? `fd ${destination}` : 'stream', stream: options.format === 'pretty' ? prettyLogStream(out, { color: options.color ?? false }) : out },
  ];
  if (options.file) {
    try {
      mkdirSync(path.dirname(options.file), { recursive: true, mode: PRIVATE_DIR_MODE });
      sinks.push({ name: options.file, stream: asStream(pino.destination({ dest: options.file, append: true, sync: false, mode: PRIVATE_FILE_MODE })) });
    } catch {
      // Without its directory the file sink is simply absent; stderr still carries every line.
    }
  }
  return pino({ level, base: { service: 'baton' }, timestamp: pino.stdTimeFunctions.isoTime }, new ResilientLogSinks(sinks));
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** SonicBoom writes like a stream but is not typed as one; the sinks only need write() and 'error'. */
function asStream(boom: ReturnType<typeof pino.destination>): NodeJS.WritableStream {
  return boom as unknown as NodeJS.WritableStream;
}
