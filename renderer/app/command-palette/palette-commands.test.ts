// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { paletteCommands } from './palette-commands.js';

afterEach(() => {
  window.location.hash = '';
});

describe('palette commands', () => {
  it('offers both views in the command palette', () => {
    const commands = paletteCommands({ api: { refresh: async () => ({ ok: true, value: { queued: true, coalesced: false, requested_at: '2026-01-01T00:00:00.000Z', operations: ['poll', 'reconcile'] } }) }, target: null, openMovePage: () => undefined });
    commands.find((c) => c.id === 'go-review')!.run();
    expect(window.location.hash).toBe('#/review');
    commands.find((c) => c.id === 'go-landing')!.run();
    expect(window.location.hash).toBe('#/landing');
  });
});
