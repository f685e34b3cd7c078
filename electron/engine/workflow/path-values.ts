import path from 'node:path';
import os from 'node:os';
import { err, ok, type Result } from '../lib/result.js';

/** Where relative paths resolve and how `~` / `$VAR` are looked up. */
export interface PathContext {
  /** Directory of WORKFLOW.md: relative paths resolve against it, not the process cwd. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

const ENV_REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const WHOLE_ENV_REFERENCE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/**
 * `$NAME` / `${NAME}` anywhere in a path value. An unset or empty variable is an error rather than
 * an empty string: `$DATA/ws` with DATA unset must not quietly become `/ws`.
 */
export function expandEnvReferences(value: string, env: NodeJS.ProcessEnv): Result<string> {
  const missing: string[] = [];
  const expanded = value.replace(ENV_REFERENCE, (_m, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const resolved = env[name] ?? '';
    if (resolved === '') missing.push(name);
    return resolved;
  });
  if (missing.length > 0) {
    return err('unset_env_var', `uses ${missing.map((n) => `$${n}`).join(', ')}, which is not set in the environment`, { missing });
  }
  return ok(expanded);
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME && env.HOME !== '' ? env.HOME : os.homedir();
}

function expandTilde(value: string, env: NodeJS.ProcessEnv): string {
  if (value === '~') return homeDir(env);
  if (value.startsWith('~/') || value.startsWith(`~${path.sep}`)) return path.join(homeDir(env), value.slice(2));
  return value;
}

function hasSeparator(value: string): boolean {
  return value.includes('/') || value.includes(path.sep);
}

/**
 * Expands a path-valued setting (SPEC §6.1): `$VAR`, then `~`. A blank value means "not set" (null).
 *
 * `keepBareNames` follows the spec's rule for `workspace.root`: a value without any path separator
 * is kept verbatim (a relative root); anything else becomes absolute against the WORKFLOW.md dir.
 */
export function expandPathValue(raw: string, ctx: PathContext, keepBareNames: boolean): Result<string | null> {
  const withVars = expandEnvReferences(raw.trim(), ctx.env);
  if (!withVars.ok) return withVars;
  const expanded = expandTilde(withVars.value, ctx.env).trim();
  if (expanded === '') return ok(null);
  if (path.isAbsolute(expanded)) return ok(path.normalize(expanded));
  if (keepBareNames && !hasSeparator(expanded)) return ok(expanded);
  return ok(path.resolve(ctx.baseDir, expanded));
}

/**
 * A secret given literally or as a whole-value `$VAR` (SPEC §5.3.1). Only an exact `$NAME` is an
 * indirection, so a literal token that happens to contain `$` is kept as written. Empty → null,
 * which dispatch validation reports as a missing key.
 */
export function resolveSecret(raw: string | null, env: NodeJS.ProcessEnv): string | null {
  if (raw === null) return null;
  const trimmed = raw.trim();
  const match = WHOLE_ENV_REFERENCE.exec(trimmed);
  const value = match ? (env[match[1] ?? match[2] ?? ''] ?? '') : trimmed;
  return value.trim() === '' ? null : value.trim();
}
