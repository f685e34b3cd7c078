/**
 * Tolerant readers for protocol payloads. The app-server's field sets drift between builds
 * (SPEC §10: "exact JSON field names may vary"), so nothing here throws on a missing or odd field.
 */
export type JsonObject = Record<string, unknown>;

export function asRecord(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads `obj.a.b.c` without caring which level is missing. */
export function dig(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[key];
  }
  return current;
}

/** First of several spellings of one field (camelCase v2, snake_case legacy, …) that is present. */
export function pick(record: JsonObject, ...keys: string[]): unknown {
  for (const key of keys) {
    if (record[key] !== undefined && record[key] !== null) return record[key];
  }
  return undefined;
}
