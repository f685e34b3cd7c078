/** Parsed `baton` command line. */
export type CliCommand =
  | { command: 'serve'; workflow: string | undefined; port: number | undefined; host: string | undefined }
  | { command: 'help' }
  | { command: 'version' };

export type ParsedArgs = { ok: true; value: CliCommand } | { ok: false; message: string };

export const USAGE = `Usage:
  baton serve [path/to/WORKFLOW.md] [--port N] [--host H]
      Run the engine headless and serve the API and UI. Defaults: ./WORKFLOW.md,
      port from server.port or a free one (--port 0), host 127.0.0.1.
  baton help
  baton version`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { ok: true, value: { command: 'help' } };
  if (command === 'version' || command === '--version') return { ok: true, value: { command: 'version' } };
  if (command !== 'serve') return { ok: false, message: `unknown command '${command}'` };
  let workflow: string | undefined;
  let port: number | undefined;
  let host: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--port' || flag === '--host') {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value` };
      if (flag === '--host') host = value;
      else {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n > 65_535) return { ok: false, message: `--port must be an integer from 0 to 65535, got '${value}'` };
        port = n;
      }
    } else if (flag.startsWith('-')) {
      return { ok: false, message: `unknown option '${flag}'` };
    } else if (workflow === undefined) {
      workflow = arg;
    } else {
      return { ok: false, message: `unexpected argument '${arg}' (one workflow path at most)` };
    }
  }
  return { ok: true, value: { command: 'serve', workflow, port, host } };
}
