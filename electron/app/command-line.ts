import path from 'node:path';
import type { EngineAddress } from '../../shared/bridge/bridge-api.js';
import { err, ok, type Result } from '../engine/lib/result.js';
import { isLoopbackHost } from './engine-banner.js';
import { WORKFLOW_FILE } from './workflow-template.js';

/** What the app was asked to open on launch (or by a second launch). */
export type LaunchRequest =
  | { kind: 'none' }
  | { kind: 'workflow'; workflowPath: string }
  | { kind: 'demo' }
  | { kind: 'attach'; address: EngineAddress };

/**
 * Baton's own arguments: `[path/to/WORKFLOW.md | repo dir]`, `--demo`, or
 * `--attach <url> [--token <t>]`. Chromium's switches (`--foo`, `--foo=bar`) are skipped, as is
 * anything else unknown: Electron and the OS add arguments of their own.
 */
export function parseCommandLine(args: readonly string[], cwd: string): Result<LaunchRequest> {
  let workflow: string | null = null;
  let attach: string | null = null;
  let token: string | null = null;
  let demo = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--attach' || flag === '--token') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return err('bad-arguments', `${flag} needs a value`);
      if (flag === '--attach') attach = value;
      else token = value;
    } else if (flag === '--demo') {
      demo = true;
    } else if (!arg.startsWith('-') && workflow === null) {
      workflow = arg;
    }
  }
  if (attach !== null) return attachRequest(attach, token);
  if (token !== null) return err('bad-arguments', '--token goes with --attach <url>');
  if (demo) return ok({ kind: 'demo' });
  if (workflow === null) return ok({ kind: 'none' });
  const resolved = path.resolve(cwd, workflow);
  return ok({ kind: 'workflow', workflowPath: path.extname(resolved).toLowerCase() === '.md' ? resolved : path.join(resolved, WORKFLOW_FILE) });
}

/**
 * An engine to attach to. http is allowed only on loopback (an SSH tunnel, a `baton serve` in a
 * terminal): anywhere else the token would cross the network in clear text.
 */
function attachRequest(raw: string, tokenArg: string | null): Result<LaunchRequest> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err('bad-arguments', `--attach: not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err('bad-arguments', `--attach: unsupported scheme ${url.protocol}`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return err('bad-arguments', '--attach: plain http is only allowed to a loopback engine; use https');
  }
  // The URL `baton serve` prints carries the token, so it can be pasted as is.
  const token = tokenArg ?? url.searchParams.get('token');
  if (!token) return err('bad-arguments', '--attach needs --token <token> (printed by `baton serve`)');
  return ok({ kind: 'attach', address: { url: url.origin, token } });
}

/** Baton's arguments within process.argv: after the executable, and after the app path when run as `electron .`. */
export function appArguments(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1);
}
