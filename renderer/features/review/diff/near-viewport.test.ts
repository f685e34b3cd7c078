// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NearViewport } from './near-viewport.js';

type Callback = (entries: Partial<IntersectionObserverEntry>[]) => void;
const made: { callback: Callback; root: unknown; observed: Set<Element>; disconnected: boolean }[] = [];

class FakeObserver {
  readonly record: (typeof made)[number];
  constructor(callback: Callback, options: IntersectionObserverInit) {
    this.record = { callback, root: options.root, observed: new Set(), disconnected: false };
    made.push(this.record);
  }
  observe(el: Element) {
    this.record.observed.add(el);
  }
  unobserve(el: Element) {
    this.record.observed.delete(el);
  }
  disconnect() {
    this.record.disconnected = true;
  }
}

const original = globalThis.IntersectionObserver;
afterEach(() => {
  globalThis.IntersectionObserver = original;
  made.length = 0;
});

describe('NearViewport', () => {
  it('shares one observer, reports each element once when it intersects, then forgets it', () => {
    globalThis.IntersectionObserver = FakeObserver as unknown as typeof IntersectionObserver;
    const root = document.createElement('div');
    const near = new NearViewport(() => root);
    const [a, b] = [document.createElement('section'), document.createElement('section')];
    const onA = vi.fn();
    const onB = vi.fn();
    near.watch(a, onA);
    const stopB = near.watch(b, onB);
    expect(made).toHaveLength(1);
    expect(made[0]!.root).toBe(root);
    made[0]!.callback([{ target: a, isIntersecting: false }]);
    expect(onA).not.toHaveBeenCalled();
    made[0]!.callback([{ target: a, isIntersecting: true }]);
    made[0]!.callback([{ target: a, isIntersecting: true }]);
    expect(onA).toHaveBeenCalledTimes(1);
    expect([...made[0]!.observed]).toEqual([b]);
    stopB();
    made[0]!.callback([{ target: b, isIntersecting: true }]);
    expect(onB).not.toHaveBeenCalled();
  });

  it('moves to a new root when the pane is replaced', () => {
    globalThis.IntersectionObserver = FakeObserver as unknown as typeof IntersectionObserver;
    let root = document.createElement('div');
    const near = new NearViewport(() => root);
    const a = document.createElement('section');
    near.watch(a, () => {});
    root = document.createElement('div');
    near.watch(document.createElement('section'), () => {});
    expect(made).toHaveLength(2);
    expect(made[0]!.disconnected).toBe(true);
    expect(made[1]!.root).toBe(root);
    expect(made[1]!.observed.has(a)).toBe(true);
  });

  it('without IntersectionObserver everything is near at once', () => {
    // @ts-expect-error: simulating a browser without the API
    delete globalThis.IntersectionObserver;
    const onNear = vi.fn();
    new NearViewport(() => null).watch(document.createElement('div'), onNear);
    expect(onNear).toHaveBeenCalledTimes(1);
  });
});
