/** A terminal that can draw with WebGL (XtermView through its instance). */
export interface WebglClient {
  /** False when WebGL is unavailable here; the terminal then stays on the DOM renderer. */
  enableWebgl(onContextLost: () => void): boolean;
  disableWebgl(): void;
}

/**
 * Terminals drawn with WebGL at once. Chromium allows 16 live WebGL contexts per renderer process
 * and silently kills the oldest beyond that, which leaves a blank terminal (xterm.js#4379); 8 keeps
 * well clear of it, with room for anything else on the page, and more terminals than that are never
 * on screen at a readable size (performance-and-reliability.md §0, §1.5).
 */
export const MAX_WEBGL_TERMINALS = 8;

/**
 * Hands out WebGL to the terminals on screen, least recently used first to give it up. A terminal
 * whose context is lost falls back to the DOM renderer; if WebGL cannot be created at all, or only
 * in software (headless Chromium with --disable-gpu, a VM, a blocklisted GPU: the view refuses
 * it), nobody tries again.
 */
export class WebglBudget {
  /** Least recently used first. */
  private readonly active: WebglClient[] = [];
  private unavailable = false;

  constructor(private readonly max = MAX_WEBGL_TERMINALS) {}

  /** A terminal came on screen (or was used): true when it now draws with WebGL. */
  request(client: WebglClient): boolean {
    if (this.unavailable || this.max <= 0) return false;
    const index = this.active.indexOf(client);
    if (index >= 0) {
      this.active.splice(index, 1);
      this.active.push(client);
      return true;
    }
    while (this.active.length >= this.max) this.release(this.active[0]!);
    let enabled: boolean;
    try {
      enabled = client.enableWebgl(() => this.release(client));
    } catch {
      enabled = false;
    }
    if (!enabled) {
      this.unavailable = true;
      return false;
    }
    this.active.push(client);
    return true;
  }

  /** Off screen, disposed, or its context was lost: back to the DOM renderer. */
  release(client: WebglClient): void {
    const index = this.active.indexOf(client);
    if (index < 0) return;
    this.active.splice(index, 1);
    client.disableWebgl();
  }

  has(client: WebglClient): boolean {
    return this.active.includes(client);
  }

  get count(): number {
    return this.active.length;
  }

  get isUnavailable(): boolean {
    return this.unavailable;
  }
}
