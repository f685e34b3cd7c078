import path from 'node:path';
import { z } from 'zod';
import { ok, type Result } from '../lib/result.js';
import { DEFAULTS, PREFIX_PATTERN } from './config-defaults.js';
import { optionalNullableString, stringOr, stringOrNull } from './config-fields.js';
import type { TrackerConfig } from './config-types.js';
import { expandPathValue, resolveSecret } from './path-values.js';

/**
 * `tracker.provider` (SPEC §5.3.1): settings owned by the selected adapter. Core config keeps the
 * whole map, unknown keys included, and only the adapter's documented keys are typed, defaulted and
 * resolved here (docs/tracker-local.md, docs/tracker-linear.md are the adapter profiles).
 */

/** The local tracker's documented provider keys, resolved. */
export interface LocalProviderSettings {
  /** Absolute path of the SQLite file (default `.baton/tickets.db` beside WORKFLOW.md). */
  path: string;
  /** Identifier prefix: `<prefix>-<n>`. */
  prefix: string;
}

/** The Linear adapter's documented provider keys, resolved. */
export interface LinearProviderSettings {
  endpoint: string;
  /** Resolved secret; null when missing (an empty `$VAR` counts as missing). */
  api_key: string | null;
  project_slug: string | null;
}

export const MISSING_LINEAR_KEY =
  'tracker.provider.api_key is missing: set it (a literal or $VAR), or set LINEAR_API_KEY in the environment';
export const MISSING_LINEAR_PROJECT = 'tracker.provider.project_slug is required for a linear tracker';

/** Provider keys whose values are secrets: redacted wherever the config is shown. */
export const PROVIDER_SECRET_KEYS: readonly string[] = ['api_key'];

/**
 * Linear keys that Symphony's older revisions wrote directly under `tracker`; still read as an
 * alias of `tracker.provider.<key>` (the provider spelling wins), with a deprecation notice.
 */
export const LINEAR_FLAT_ALIASES = ['endpoint', 'api_key', 'project_slug'] as const;

const localShape = z.looseObject({
  path: stringOrNull(),
  prefix: stringOr(DEFAULTS.localPrefix)
    .transform((p) => p.trim())
    .refine((p) => PREFIX_PATTERN.test(p), { error: 'must be 1-10 letters or digits, starting with a letter' })
    .transform((p) => p.toUpperCase()),
});

const linearShape = z.looseObject({
  endpoint: stringOrNull(),
  api_key: optionalNullableString(),
  project_slug: stringOrNull(),
});

/** One problem with a provider key, phrased like the rest of config errors: `<key> <message>`. */
export interface ProviderProblem {
  key: string;
  message: string;
}

export interface BuiltProvider {
  /** The effective `tracker.provider`: documented keys resolved, every other key as written. */
  provider: Record<string, unknown>;
  /** Deprecated spellings in use, as sentences for the log. */
  warnings: string[];
}

export interface ProviderContext {
  kind: string;
  /** `tracker` as written (flat aliases live there). */
  rawTracker: Record<string, unknown>;
  /** `tracker.provider` as written; `{}` when absent. */
  rawProvider: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** The WORKFLOW.md directory, for relative paths. */
  baseDir: string;
}

/** Types, defaults and resolves the selected adapter's keys; unknown kinds keep the map as written. */
export function buildProvider(ctx: ProviderContext): Result<BuiltProvider, ProviderProblem[]> {
  if (ctx.kind === 'local') return buildLocal(ctx);
  if (ctx.kind === 'linear') return buildLinear(ctx);
  return ok({ provider: { ...ctx.rawProvider }, warnings: [] });
}

function buildLocal(ctx: ProviderContext): Result<BuiltProvider, ProviderProblem[]> {
  const parsed = localShape.safeParse(ctx.rawProvider);
  if (!parsed.success) return problemsOf(parsed.error.issues);
  const { path: rawPath, prefix, ...rest } = parsed.data;
  let dbPath = path.join(ctx.baseDir, DEFAULTS.localDbPath);
  if (rawPath !== null) {
    const expanded = expandPathValue(rawPath, { baseDir: ctx.baseDir, env: ctx.env }, false);
    if (!expanded.ok) return { ok: false, error: [{ key: 'tracker.provider.path', message: expanded.error.message }] };
    dbPath = expanded.value ?? dbPath;
  }
  return ok({ provider: { ...rest, path: dbPath, prefix }, warnings: [] });
}

function buildLinear(ctx: ProviderContext): Result<BuiltProvider, ProviderProblem[]> {
  const warnings: string[] = [];
  const merged: Record<string, unknown> = { ...ctx.rawProvider };
  for (const key of LINEAR_FLAT_ALIASES) {
    const flat = ctx.rawTracker[key];
    if (flat === undefined || flat === null) continue;
    const written = ctx.rawProvider[key];
    if (written === undefined || written === null) {
      merged[key] = flat;
      warnings.push(`tracker.${key} is deprecated: write it as tracker.provider.${key} (it is read the same way until then)`);
    } else {
      warnings.push(`tracker.${key} is ignored: tracker.provider.${key} is also set and wins; remove the old spelling`);
    }
  }
  const parsed = linearShape.safeParse(merged);
  if (!parsed.success) {
    // A bad value that came from the old spelling is reported under the key the operator wrote.
    return problemsOf(parsed.error.issues, (key) => (ctx.rawProvider[key] == null && ctx.rawTracker[key] != null ? `tracker.${key}` : `tracker.provider.${key}`));
  }
  const { endpoint, api_key, project_slug, ...rest } = parsed.data;
  // SPEC §6.1 adapter-owned fallback: an omitted key is read from LINEAR_API_KEY.
  const keySource = api_key === undefined ? DEFAULTS.linearApiKey : api_key;
  const settings: LinearProviderSettings = {
    endpoint: blankToNull(endpoint) ?? DEFAULTS.linearEndpoint,
    api_key: resolveSecret(keySource, ctx.env),
    project_slug: blankToNull(project_slug),
  };
  return ok({ provider: { ...rest, ...settings }, warnings });
}

/** The local tracker's settings from an effective config built for `kind: local`. */
export function localProviderOf(tracker: TrackerConfig): LocalProviderSettings {
  const p = tracker.provider;
  return {
    path: typeof p.path === 'string' ? p.path : '',
    prefix: typeof p.prefix === 'string' ? p.prefix : DEFAULTS.localPrefix,
  };
}

/** The Linear adapter's settings from an effective config built for `kind: linear`. */
export function linearProviderOf(tracker: TrackerConfig): LinearProviderSettings {
  const p = tracker.provider;
  return {
    endpoint: typeof p.endpoint === 'string' ? p.endpoint : DEFAULTS.linearEndpoint,
    api_key: typeof p.api_key === 'string' && p.api_key !== '' ? p.api_key : null,
    project_slug: typeof p.project_slug === 'string' && p.project_slug !== '' ? p.project_slug : null,
  };
}

function problemsOf(issues: z.core.$ZodIssue[], keyOf: (key: string) => string = (key) => `tracker.provider.${key}`): Result<never, ProviderProblem[]> {
  return { ok: false, error: issues.map((issue) => ({ key: keyOf(issue.path.map(String).join('.')), message: issue.message })) };
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The resolved tracker credentials of a config (never logged, never given to agents). */
export function trackerSecretValues(tracker: TrackerConfig): string[] {
  return PROVIDER_SECRET_KEYS.map((key) => tracker.provider[key]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** `tracker.provider` as it may be shown: secret keys, and keys named like secrets, redacted. */
export function redactedProvider(provider: Readonly<Record<string, unknown>>, redacted: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(provider).map(([key, value]) => [key, value !== null && value !== undefined && isSecretKey(key) ? redacted : value]),
  );
}

/** Unknown keys are kept for the adapter, so one named like a credential is treated as one. */
const SECRET_KEY_NAME = /(key|token|secret|password|credential)/i;

function isSecretKey(key: string): boolean {
  return PROVIDER_SECRET_KEYS.includes(key) || SECRET_KEY_NAME.test(key);
}
