import { describe, expect, it } from 'vitest';
import { WebglBudget, type WebglClient } from './webgl-budget.js';

class FakeClient implements WebglClient {
  webgl = false;
  lose: (() => void) | null = null;
  constructor(readonly name: string, private readonly available = true) {}
  enableWebgl(onLost: () => void): boolean {
    if (!this.available) return false;
    this.webgl = true;
    this.lose = onLost;
    return true;
  }
  disableWebgl(): void {
    this.webgl = false;
  }
}

describe('WebglBudget', () => {
  it('gives WebGL to at most `max` terminals, taking it from the least recently used', () => {
    const budget = new WebglBudget(2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => new FakeClient(n)) as [FakeClient, FakeClient, FakeClient];
    expect(budget.request(a)).toBe(true);
    expect(budget.request(b)).toBe(true);
    budget.request(a); // a used again: b is now the least recently used
    expect(budget.request(c)).toBe(true);
    expect([a.webgl, b.webgl, c.webgl]).toEqual([true, false, true]);
    expect(budget.count).toBe(2);
  });

  it('releases on request and when a context is lost, falling back to the DOM renderer', () => {
    const budget = new WebglBudget(4);
    const a = new FakeClient('a');
    const b = new FakeClient('b');
    budget.request(a);
    budget.request(b);
    budget.release(a);
    expect([a.webgl, budget.has(a)]).toEqual([false, false]);
    b.lose?.();
    expect([b.webgl, budget.count]).toEqual([false, 0]);
    expect(budget.request(b)).toBe(true); // a later mount may try again
  });

  it('stops trying once WebGL cannot be created', () => {
    const budget = new WebglBudget(4);
    expect(budget.request(new FakeClient('x', false))).toBe(false);
    const later = new FakeClient('y');
    expect(budget.request(later)).toBe(false);
    expect([later.webgl, budget.isUnavailable]).toEqual([false, true]);
  });

  it('treats a throwing renderer like an unavailable one', () => {
    const budget = new WebglBudget(4);
    const client: WebglClient = { enableWebgl: () => { throw new Error('WebGL2 not supported'); }, disableWebgl: () => {} };
    expect(budget.request(client)).toBe(false);
    expect(budget.isUnavailable).toBe(true);
  });
});
