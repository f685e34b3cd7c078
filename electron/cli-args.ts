import type { LogFormat } from './engine/lib/pretty-log.js';

/** Parsed `baton` command line. `logFormat` undefined: pretty on a terminal, JSON otherwise. */
export type CliCommand =
  | { command: 'serve'; workflow: string | undefined; port: number | undefined; host: string | undefined; exitWithStdin: boolean; logFormat?: LogFormat }
  | { command: 'demo'; dir: string | undefined; port: number | undefined; exitWithStdin: boolean; logFormat?: LogFormat }
  | { command: 'help' }
  | { command: 'version' };

export type ParsedArgs = { ok: true; value: CliCommand } | { ok: false; message: string };

export const USAGE = `Usage:
  baton serve [path/to/WORKFLOW.md] [--port N] [--host H] [--log-format pretty|json]
      Run the engine headless and serve the API and UI. Defaults: ./WORKFLOW.md,
      port from server.port or a free one (--port 0), host 127.0.0.1.
  baton demo [--port N] [--dir D] [--log-format pretty|json]
      Create a throwaway git repository with a dozen tickets and a scripted demo
      agent (no model, no API key), then serve it like \`baton serve\`. Default dir:
      a new one under the system temp directory; an earlier demo's dir is reused.
  baton help
  baton version

  --exit-with-stdin  (serve, demo) also stop when standard input closes: a parent process
                     (the desktop app) holds it open, so the engine and its agents never
                     outlive it.
  --log-format F     (serve, demo) how log lines on stderr look: pretty (short lines; the
                     default when stderr is a terminal) or json (one JSON object per line;
                     the default otherwise). .baton/logs/engine.log is always JSON.`;

type Flag = '--port' | '--host' | '--dir' | '--log-format';

const FLAGS_BY_COMMAND: Record<'serve' | 'demo', readonly Flag[]> = {
  serve: ['--port', '--host', '--log-format'],
  demo: ['--port', '--dir', '--log-format'],
};

const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { ok: true, value: { command: 'help' } };
  if (command === 'version' || command === '--version') return { ok: true, value: { command: 'version' } };
  if (command !== 'serve' && command !== 'demo') return { ok: false, message: `unknown command '${command}'` };
  const allowed: readonly string[] = FLAGS_BY_COMMAND[command];
  const values: Partial<Record<Flag, string>> = {};
  let port: number | undefined;
  let workflow: string | undefined;
  let exitWithStdin = false;
  // Each argument is checked as it is read, so the first mistake on the line is the one reported.
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--exit-with-stdin' && inline === undefined) {
      exitWithStdin = true;
    } else if (allowed.includes(flag)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value` };
      if (flag === '--port') {
        const parsed = parsePort(value);
        if (!parsed.ok) return parsed;
        port = parsed.value;
      } else if (flag === '--log-format' && !LOG_FORMATS.includes(value as LogFormat)) {
        return { ok: false, message: `--log-format must be pretty or json, got '${value}'` };
      } else values[flag as Flag] = value;
    } else if (flag.startsWith('-')) {
      return { ok: false, message: `unknown option '${flag}'` };
    } else if (command === 'demo') {
      return { ok: false, message: `unexpected argument '${arg}' (use --dir to choose the demo directory)` };
    } else if (workflow === undefined) {
      workflow = arg;
    } else {
      return { ok: false, message: `unexpected argument '${arg}' (one workflow path at most)` };
    }
  }
  const logFormat = values['--log-format'] as LogFormat | undefined;
  const format = logFormat === undefined ? {} : { logFormat };
  if (command === 'demo') return { ok: true, value: { command: 'demo', dir: values['--dir'], port, exitWithStdin, ...format } };
  return { ok: true, value: { command: 'serve', workflow, port, host: values['--host'], exitWithStdin, ...format } };
}

function parsePort(value: string): { ok: true; value: number } | { ok: false; message: string } {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) return { ok: false, message: `--port must be an integer from 0 to 65535, got '${value}'` };
  return { ok: true, value: n };
}
