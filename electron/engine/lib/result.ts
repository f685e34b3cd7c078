/**
 * Expected failures cross module boundaries as values, not exceptions: a stable machine `code`
 * (the spec's error classes where it names them) plus a message a person can act on.
 */
export interface BatonError {
  code: string;
  message: string;
  /** Extra machine-readable context (never secrets). */
  details?: Record<string, unknown>;
}

export type Result<T, E = BatonError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err(code: string, message: string, details?: Record<string, unknown>): { ok: false; error: BatonError } {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

export function failure(error: BatonError): { ok: false; error: BatonError } {
  return { ok: false, error };
}

/** Message of anything thrown, for turning unexpected exceptions into a BatonError. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}
