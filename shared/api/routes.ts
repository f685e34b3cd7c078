/**
 * What the engine's URLs share besides the routes themselves: the version prefix, the WebSocket's
 * path, the token's query parameter and the identifier alphabet. Every JSON route is declared once
 * in contract.ts (build its URL with `pathFor`).
 */
export const API_PREFIX = '/api/v1';

/** The WebSocket (docs/api.md): state pushes, traces and live terminals. */
export const WS_PATH = `${API_PREFIX}/ws`;

/** Issue identifiers and other ids the API accepts in a path: the spec's workspace-key alphabet (§4.2). */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Longest identifier or id accepted in a path; real tracker keys are far shorter. */
export const MAX_IDENTIFIER_LENGTH = 128;

/** True for a value that may stand in a path segment: the alphabet above, and never `.` or `..`. */
export function isValidIdentifier(value: string): boolean {
  return value.length <= MAX_IDENTIFIER_LENGTH && IDENTIFIER_PATTERN.test(value) && !/^\.+$/.test(value);
}

/**
 * Query parameter that carries the token on a WebSocket URL, and on the URL `baton serve` prints:
 * the page takes it from there into sessionStorage and sends it as `Authorization: Bearer`.
 */
export const TOKEN_QUERY_PARAM = 'token';
