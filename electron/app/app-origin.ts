/**
 * The app's own origins. The first-run screen is served from `app://baton` (a privileged standard
 * scheme registered by main); the control room is served by the engine from its loopback origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'baton';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const FIRST_RUN_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null when it does not parse. WHATWG's `URL.origin` is the
 * string "null" for custom schemes, which would make every custom-scheme URL look alike.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.host === '') return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** The set of origins the window may show and that may talk to main; the engine's one changes per start. */
export class OwnOrigins {
  private engine: string | null = null;

  /** Trust this engine origin from now on (null: no engine). */
  setEngine(url: string | null): void {
    this.engine = url === null ? null : originOf(url);
  }

  get engineOrigin(): string | null {
    return this.engine;
  }

  has(url: string): boolean {
    const origin = originOf(url);
    return origin !== null && (origin === APP_ORIGIN || origin === this.engine);
  }

  isEngine(url: string): boolean {
    const origin = originOf(url);
    return origin !== null && origin === this.engine;
  }
}
