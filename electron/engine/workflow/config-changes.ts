import type { EffectiveWorkflow, ServiceConfig } from './config-types.js';
import { guardedWhy } from './guarded-keys.js';
import { redactedConfig } from './redact.js';

/** One key that differs between two versions of the workflow, values as shown (secrets redacted). */
export interface ConfigChange {
  /** Dotted key (`hooks.before_run`), or `prompt_template` for the prompt. */
  key: string;
  /** The value as text (a script verbatim, anything else as JSON); null when the key is unset. */
  before: string | null;
  after: string | null;
  /** Why the change waits for a person (the key is guarded), or null. */
  guarded: string | null;
}

/** Every key whose value differs, in key order; guarded ones say why. */
export function configChanges(before: EffectiveWorkflow, after: EffectiveWorkflow): ConfigChange[] {
  const a = flatten(redactedConfig(before.config));
  const b = flatten(redactedConfig(after.config));
  // Compared on the real values: a changed secret is redacted on both sides but still a change.
  const realA = flatten(before.config);
  const realB = flatten(after.config);
  const keys = [...new Set([...realA.keys(), ...realB.keys()])].sort();
  const changes: ConfigChange[] = keys
    .filter((key) => (realA.get(key) ?? null) !== (realB.get(key) ?? null) && !emptyMapFilled(realA.get(key), realB.get(key)))
    .map((key) => ({ key, before: a.get(key) ?? null, after: b.get(key) ?? null, guarded: guardedWhy(key) }));
  if (before.definition.prompt_template !== after.definition.prompt_template) {
    changes.push({ key: 'prompt_template', before: before.definition.prompt_template, after: after.definition.prompt_template, guarded: null });
  }
  return changes;
}

/** True when applying `after` over `before` changes a guarded key. */
export function changesGuardedKeys(before: ServiceConfig, after: ServiceConfig): boolean {
  const a = flatten(before);
  const b = flatten(after);
  for (const key of new Set([...a.keys(), ...b.keys()])) if ((a.get(key) ?? null) !== (b.get(key) ?? null) && guardedWhy(key) !== null) return true;
  return false;
}

/** `{}` on one side and nothing on the other: a map that gained (or lost) keys, listed by those keys. */
function emptyMapFilled(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a === '{}' && b === undefined) || (a === undefined && b === '{}');
}

/** Leaves of a config as dotted keys; strings stay verbatim (scripts read as written), null is unset, the rest is JSON. */
function flatten(value: unknown, prefix = '', out = new Map<string, string | null>()): Map<string, string | null> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
    return out;
  }
  if (prefix !== '') out.set(prefix, value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));
  return out;
}
