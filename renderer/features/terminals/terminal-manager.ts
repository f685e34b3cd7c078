import type { ServerMessage } from '../../../shared/api/ws-messages.js';
import type { Timers } from './input-sender.js';
import type { OffsetLocation } from './offset-marks.js';
import { TerminalInstance, type TerminalStatus } from './terminal-instance.js';
import type { TerminalTransport } from './terminal-transport.js';
import type { FindDirection, ViewFactory } from './terminal-view.js';
import { WebglBudget } from './webgl-budget.js';

/**
 * Terminals kept alive at once, on screen or not. Going back to a terminal seen recently then
 * costs nothing (its buffer, scroll position and subscription are still there); past this the
 * least recently used off-screen one is disposed and rebuilt from the engine's copy if it is opened
 * again. At ~3.6 MB per terminal (VIEW_SCROLLBACK_LINES) this caps the renderer near 45 MB, and
 * bounds how many hidden subscriptions a window holds (orca#15412: 104 mounted terminals, 456 MB).
 */
export const MAX_TERMINAL_INSTANCES = 12;

/** How long a reveal waits for a just-opened terminal's screen (ms): a snapshot takes a round trip. */
export const REVEAL_WAIT_MS = 5_000;

export interface TerminalManagerOptions {
  transport: TerminalTransport;
  createView: ViewFactory;
  maxInstances?: number;
  webgl?: WebglBudget;
  timers?: Timers;
  /** For page visibility (a hidden tab takes no live output); default `document`. */
  doc?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'> | null;
}

export interface AttachOptions {
  /** Keystrokes go to the process (pty agents, shells); false for a read-only transcript. */
  interactive: boolean;
}

export interface TerminalHandle {
  /** Takes the terminal off screen (it stays alive in the pool, invisible to the engine). */
  detach(): void;
  /** Sizes it to its container and resizes the pty accordingly. */
  fit(): void;
  find(query: string, direction: FindDirection): boolean;
  clearFind(): void;
  reveal(offset: number): OffsetLocation;
  focus(): void;
}

/**
 * The pool of xterm instances, keyed by terminal id, living outside React: components only attach
 * a terminal's DOM host to their container and detach it on unmount. It speaks the terminal half
 * of the one LiveSocket: routes messages to instances, re-subscribes them all after a reconnect
 * (the engine restores each screen from its headless copy), tells the engine which terminals are
 * visible (page hidden or view unmounted means invisible), and hands WebGL to at most a few.
 */
export class TerminalManager {
  private readonly instances = new Map<string, TerminalInstance>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly webgl: WebglBudget;
  private readonly maxInstances: number;
  private readonly unlisten: Array<() => void> = [];
  private uses = 0;
  private readonly doc: TerminalManagerOptions['doc'];

  constructor(private readonly options: TerminalManagerOptions) {
    this.webgl = options.webgl ?? new WebglBudget();
    this.maxInstances = options.maxInstances ?? MAX_TERMINAL_INSTANCES;
    this.doc = options.doc === undefined ? (typeof document === 'undefined' ? null : document) : options.doc;
    const { transport } = options;
    this.unlisten.push(transport.onMessage((message) => this.route(message)));
    this.unlisten.push(
      transport.onStatus((status) => {
        for (const instance of this.instances.values()) {
          if (status === 'open') instance.subscribe();
          else instance.connectionLost();
        }
      }),
    );
    const doc = this.doc;
    if (doc) {
      const onVisibility = () => {
        for (const instance of this.instances.values()) instance.setPageVisible(!doc.hidden);
      };
      doc.addEventListener('visibilitychange', onVisibility);
      this.unlisten.push(() => doc.removeEventListener('visibilitychange', onVisibility));
    }
  }

  attach(id: string, container: HTMLElement, options: AttachOptions): TerminalHandle {
    const created = !this.instances.has(id);
    const instance = this.ensure(id);
    const token = {};
    instance.mountToken = token;
    instance.lastUsed = ++this.uses;
    instance.setInteractive(options.interactive);
    instance.view.mount(container);
    instance.setMounted(true);
    // Subscribed once it is mounted, so the engine starts it as visible.
    if (created) instance.subscribe();
    this.webgl.request(instance);
    this.evict();
    const live = () => instance.mountToken === token && this.instances.get(id) === instance;
    return {
      detach: () => {
        if (!live()) return;
        instance.mountToken = null;
        this.webgl.release(instance);
        instance.view.unmount();
        instance.setMounted(false);
        this.evict();
      },
      fit: () => live() && instance.fit(),
      find: (query, direction) => live() && instance.find(query, direction),
      clearFind: () => live() && instance.view.clearFind(),
      reveal: (offset) => (live() ? instance.reveal(offset) : { kind: 'ahead' }),
      focus: () => live() && instance.view.focus(),
    };
  }

  /**
   * Scrolls a pooled terminal to a stream offset once its screen has arrived and been parsed (a
   * terminal just opened is still waiting for its snapshot); null when it is not in the pool.
   */
  async reveal(id: string, offset: number, waitMs = REVEAL_WAIT_MS): Promise<OffsetLocation | null> {
    const instance = this.instances.get(id);
    if (!instance) return null;
    if (instance.status.phase === 'connecting') {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          off();
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        const off = this.onStatus(id, () => instance.status.phase !== 'connecting' && done());
      });
    }
    await new Promise<void>((resolve) => instance.view.write('', resolve));
    return this.instances.get(id) === instance ? instance.reveal(offset) : null;
  }

  status(id: string): TerminalStatus | null {
    return this.instances.get(id)?.status ?? null;
  }

  /** Status changes of one terminal id (also when its instance is created or disposed). */
  onStatus(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  has(id: string): boolean {
    return this.instances.has(id);
  }

  get size(): number {
    return this.instances.size;
  }

  get webglCount(): number {
    return this.webgl.count;
  }

  dispose(): void {
    for (const off of this.unlisten.splice(0)) off();
    for (const id of [...this.instances.keys()]) this.drop(id);
  }

  private ensure(id: string): TerminalInstance {
    const existing = this.instances.get(id);
    if (existing) return existing;
    const { transport } = this.options;
    const instance = new TerminalInstance(id, this.options.createView(id), {
      send: (message) => transport.send(message),
      isOpen: () => transport.current === 'open',
      changed: () => this.notify(id),
      timers: this.options.timers,
    });
    this.instances.set(id, instance);
    if (this.doc?.hidden) instance.setPageVisible(false);
    this.notify(id);
    return instance;
  }

  /** Disposes least recently used off-screen terminals beyond the cap. */
  private evict(): void {
    while (this.instances.size > this.maxInstances) {
      let victim: TerminalInstance | null = null;
      for (const instance of this.instances.values()) {
        if (!instance.isMounted && (victim === null || instance.lastUsed < victim.lastUsed)) victim = instance;
      }
      if (victim === null) return;
      this.drop(victim.id);
    }
  }

  private drop(id: string): void {
    const instance = this.instances.get(id);
    if (!instance) return;
    this.instances.delete(id);
    this.webgl.release(instance);
    instance.dispose();
    this.notify(id);
  }

  private route(message: ServerMessage): void {
    if (message.type === 'error') {
      // A subscribe for a terminal the engine does not have: the only error naming a terminal id.
      if (message.request_type !== 'terminal.subscribe' || message.code !== 'terminal_not_found') return;
      for (const instance of this.instances.values()) {
        if (instance.status.phase === 'connecting' && message.message === `no terminal ${instance.id}`) instance.notFound();
      }
      return;
    }
    if (message.type === 'terminal.list' || !message.type.startsWith('terminal.')) return;
    const id = (message as { terminal_id?: string }).terminal_id;
    if (id !== undefined) this.instances.get(id)?.handle(message);
  }

  private notify(id: string): void {
    const set = this.listeners.get(id);
    if (set) for (const listener of [...set]) listener();
  }
}
