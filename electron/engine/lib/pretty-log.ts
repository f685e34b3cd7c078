import { Writable } from 'node:stream';
import { prettyFactory } from 'pino-pretty';

/** How log lines look on stderr: JSON for machines (pipes, files, the desktop app), pretty for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * Keys a person at a terminal does not need on every line: process and host are the same on every
 * line, and the ticket's identifier already leads the message; ids stay in the JSON log file.
 */
const HIDDEN_KEYS = ['pid', 'hostname', 'service', 'issue_id', 'issue_identifier', 'run_id', 'workspace_key'];

/**
 * pino's JSON lines made short for a person reading `baton serve` in a terminal, with pino-pretty:
 * `[16:35:18] INFO: DEMO-3 workspace ready {"workspace_path":"…","created_now":true}`. One line per
 * entry (an error's stack is the exception). Writes to `out`; an error of `out` is this stream's error.
 */
export function prettyLogStream(out: NodeJS.WritableStream, options: { color: boolean }): Writable {
  const prettify = prettyFactory({
    colorize: options.color,
    translateTime: 'SYS:HH:MM:ss',
    ignore: HIDDEN_KEYS.join(','),
    singleLine: true,
    // Baton logs `error` as a one-line string (`code: message`): keep it on the line. Only a real
    // Error under `err` gets pino-pretty's own block with its stack.
    errorLikeObjectKeys: ['err'],
    messageFormat: (log, messageKey) => {
      const who = typeof log.issue_identifier === 'string' ? `${log.issue_identifier} ` : '';
      return `${who}${String(log[messageKey] ?? '')}`;
    },
  });
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      // pino hands over whole lines, one entry each.
      for (const line of String(chunk).split('\n')) if (line !== '') out.write(prettify(line));
      done();
    },
  });
  out.on('error', (e: Error) => stream.destroy(e));
  return stream;
}

/** Pretty when stderr is a terminal a person reads, JSON otherwise, unless asked. */
export function chooseLogFormat(asked: LogFormat | undefined, stderrIsTty: boolean): LogFormat {
  return asked ?? (stderrIsTty ? 'pretty' : 'json');
}

/** Colors follow the usual conventions: a terminal, no NO_COLOR, not TERM=dumb. */
export function colorWanted(stderrIsTty: boolean, env: NodeJS.ProcessEnv): boolean {
  return stderrIsTty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}
