import { z } from 'zod';

/**
 * Zod builders for front matter values. Each error message completes the sentence
 * "<key.path> ...", so a formatted issue reads `agent.max_turns must be a positive integer`.
 * YAML gives `null` for a key written without a value (`max_turns:`); every builder treats that as
 * "not set" so the default applies.
 */

const POSITIVE_INT = 'must be a positive integer';
const INT = 'must be an integer';
const NON_NEGATIVE_INT = 'must be an integer >= 0';
const STRING = 'must be a string';
const STRING_LIST = 'must be a list of strings or a comma-separated string';
const MAP = 'must be a map';
const BOOLEAN = 'must be true or false';

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;

/** `"30000"` → 30000 (the spec allows string integers); null → not set; anything else unchanged. */
function integerInput(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return Number(value);
  return value;
}

function nullToUndefined(value: unknown): unknown {
  return value === null ? undefined : value;
}

export function positiveInt(fallback: number) {
  return z.preprocess(integerInput, z.number({ error: POSITIVE_INT }).int({ error: POSITIVE_INT }).positive({ error: POSITIVE_INT }).default(fallback));
}

export function integer(fallback: number) {
  return z.preprocess(integerInput, z.number({ error: INT }).int({ error: INT }).default(fallback));
}

/** SPEC §5.3.4: a non-positive value is treated as unset, not as an error. */
export function positiveIntOrDefault(fallback: number) {
  return z.preprocess((v) => {
    const n = integerInput(v);
    return typeof n === 'number' && Number.isInteger(n) && n <= 0 ? undefined : n;
  }, z.number({ error: POSITIVE_INT }).int({ error: POSITIVE_INT }).default(fallback));
}

export function nonNegativeIntOrNull() {
  return z.preprocess(
    integerInput,
    z.number({ error: NON_NEGATIVE_INT }).int({ error: NON_NEGATIVE_INT }).min(0, { error: NON_NEGATIVE_INT }).nullable().default(null),
  );
}

export function stringOr(fallback: string) {
  return z.preprocess(nullToUndefined, z.string({ error: STRING }).default(fallback));
}

export function booleanOr(fallback: boolean) {
  return z.preprocess(nullToUndefined, z.boolean({ error: BOOLEAN }).default(fallback));
}

/** A share between 0 and 1 inclusive (`0.25`, or the string `"0.25"`). */
export function fraction(fallback: number) {
  const message = 'must be a number from 0 to 1';
  return z.preprocess(
    (v) => (v === null ? undefined : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
    z.number({ error: message }).min(0, { error: message }).max(1, { error: message }).default(fallback),
  );
}

export function stringOrNull() {
  return z.preprocess(nullToUndefined, z.string({ error: STRING }).nullable().default(null));
}

/** Absent stays `undefined` so the caller can tell "not written" from an explicit `null`. */
export function optionalNullableString() {
  return z.string({ error: STRING }).nullable().optional();
}

export function oneOf<const T extends string>(values: readonly [T, ...T[]], fallback: NoInfer<T>) {
  const message = `must be one of ${values.join(', ')}`;
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : nullToUndefined(v)),
    z.enum(values, { error: message }).default(fallback),
  );
}

/** A list, or `"Todo, In Progress"`; entries trimmed, blanks dropped. Unset → undefined. */
export function stateList() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',') : nullToUndefined(v)),
    z
      .array(z.union([z.string(), z.number()]), { error: STRING_LIST })
      .transform((items) => items.map((s) => String(s).trim()).filter((s) => s !== ''))
      .optional(),
  );
}

/**
 * SPEC §5.3.5: keys trim + lowercase; entries that are not positive integers are dropped rather
 * than failing the whole file, so one typo does not block every dispatch.
 */
export function stateLimitMap() {
  return z.preprocess(
    nullToUndefined,
    z
      .record(z.string(), z.unknown(), { error: `${MAP} of state name to positive integer` })
      .transform((raw) => {
        const limits: Record<string, number> = {};
        for (const [key, value] of Object.entries(raw)) {
          const n = integerInput(value);
          const name = key.trim().toLowerCase();
          if (name !== '' && typeof n === 'number' && Number.isInteger(n) && n > 0) limits[name] = n;
        }
        return limits;
      })
      .default({}),
  );
}

export function stringOrMap(fallback: string) {
  return z.preprocess(
    nullToUndefined,
    z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'must be a string or a map' }).default(fallback),
  );
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A map of environment variable name to value (`OPENAI_API_KEY: $OPENAI_API_KEY`). Scalars become
 * strings; names must be shell variable names. Values stay as written: `$NAME` is looked up when
 * the agent starts, so the config (and the API that shows it) never holds a resolved secret.
 */
export function envMap() {
  return z.preprocess(
    nullToUndefined,
    z
      .record(
        z.string().regex(ENV_NAME, { error: 'names must be environment variable names (letters, digits, _)' }),
        z.union([z.string(), z.number(), z.boolean()], { error: 'values must be strings' }).transform(String),
        { error: `${MAP} of variable name to value` },
      )
      .default({}),
  );
}

/** A list of strings (or one string); entries trimmed, blanks dropped; unset → []. */
export function stringList() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? [v] : nullToUndefined(v)),
    z
      .array(z.string({ error: 'must be a list of strings' }), { error: 'must be a list of strings' })
      .transform((items) => items.map((s) => s.trim()).filter((s) => s !== ''))
      .default([]),
  );
}

export function mapOrNull() {
  return z.preprocess(nullToUndefined, z.record(z.string(), z.unknown(), { error: `${MAP} or null` }).nullable().default(null));
}

/** A top-level or nested section: absent or `null` means all defaults; unknown keys are ignored. */
export function section<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((v) => (v === undefined || v === null ? {} : v), z.object(shape, { error: MAP }));
}

/** A map kept as written (keys the schema does not know included); unset or null → `{}`. */
export function mapOrEmpty() {
  return z.preprocess(nullToUndefined, z.record(z.string(), z.unknown(), { error: MAP }).default({}));
}

/**
 * SPEC §5.3.1 `tracker.required_labels`: a list (or one string), trimmed and lowercased for
 * case-insensitive matching. A blank entry is kept, not dropped: the spec says it matches no
 * issue, so a typo that empties a label stops dispatch instead of silently widening it.
 */
export function labelList() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? [v] : nullToUndefined(v)),
    z
      .array(z.union([z.string(), z.number()]), { error: 'must be a list of strings' })
      .transform((items) => [...new Set(items.map((s) => String(s).trim().toLowerCase()))])
      .default([]),
  );
}
