/**
 * How far outside the scroll pane a file starts rendering (px): about a screen and a half, so a
 * file is usually ready by the time it scrolls in.
 */
const NEAR_MARGIN = '1200px 0px';

/**
 * One IntersectionObserver for every file section of a DiffView (thousands of sections would
 * otherwise mean thousands of observers recomputing on each scroll frame). Each watched element
 * is reported once, when it first comes near the pane's visible part, and is then forgotten.
 */
export class NearViewport {
  private observer: IntersectionObserver | null = null;
  private observedRoot: Element | null = null;
  private readonly callbacks = new Map<Element, () => void>();

  constructor(private readonly root: () => Element | null) {}

  /** Calls `onNear` once `element` nears the viewport (at once without IntersectionObserver). */
  watch(element: Element, onNear: () => void): () => void {
    if (typeof IntersectionObserver === 'undefined') {
      onNear();
      return () => {};
    }
    this.callbacks.set(element, onNear);
    this.ensureObserver().observe(element);
    return () => this.unwatch(element);
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.callbacks.clear();
  }

  private ensureObserver(): IntersectionObserver {
    const root = this.root();
    if (this.observer !== null && root === this.observedRoot) return this.observer;
    // The pane was replaced (the diff went empty and back): observe the new one.
    this.observer?.disconnect();
    this.observedRoot = root;
    const observer = new IntersectionObserver((entries) => this.report(entries), { root, rootMargin: NEAR_MARGIN });
    for (const element of this.callbacks.keys()) observer.observe(element);
    this.observer = observer;
    return observer;
  }

  private report(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const callback = this.callbacks.get(entry.target);
      if (callback === undefined) continue;
      this.unwatch(entry.target);
      callback();
    }
  }

  private unwatch(element: Element): void {
    this.callbacks.delete(element);
    this.observer?.unobserve(element);
  }
}
