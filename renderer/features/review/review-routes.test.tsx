// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRoute, replaceRoute, routeHref } from '../../lib/route.js';
import { paletteCommands } from '../../app/command-palette/palette-commands.js';
import { applyTickets, initialFleetState } from '../../stores/fleet-state.js';
import { ticket, workflow } from '../fleet/fleet-fixtures.test-util.js';
import { FleetHeader } from '../fleet/FleetHeader.js';
import { renderWithServices } from '../fleet/render-with-services.test-util.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('review routes', () => {
  it('parses and builds the inbox (with and without a selected ticket) and the landing queue', () => {
    expect(parseRoute('#/review')).toEqual({ view: 'review', identifier: null });
    expect(parseRoute('#/review/')).toEqual({ view: 'review', identifier: null });
    expect(parseRoute('#/review/BAT-12')).toEqual({ view: 'review', identifier: 'BAT-12' });
    expect(parseRoute('#/review/A%2FB')).toEqual({ view: 'review', identifier: 'A/B' });
    // A broken escape typed by hand keeps the page up.
    expect(parseRoute('#/review/%E0%A4%A')).toEqual({ view: 'review', identifier: '%E0%A4%A' });
    expect(parseRoute('#/landing')).toEqual({ view: 'landing' });
    expect(routeHref({ view: 'review', identifier: null })).toBe('#/review');
    expect(routeHref({ view: 'review', identifier: 'A/B' })).toBe('#/review/A%2FB');
    expect(routeHref({ view: 'landing' })).toBe('#/landing');
  });

  it('parses and builds an audit in the inbox, apart from any ticket identifier', () => {
    expect(parseRoute('#/review/audit/5')).toEqual({ view: 'review', identifier: null, audit: 5 });
    expect(routeHref({ view: 'review', identifier: null, audit: 5 })).toBe('#/review/audit/5');
    // A ticket called "audit" (or "audit/5", escaped) stays a ticket; a bad id is not an audit.
    expect(parseRoute('#/review/audit')).toEqual({ view: 'review', identifier: 'audit' });
    expect(parseRoute('#/review/audit%2F5')).toEqual({ view: 'review', identifier: 'audit/5' });
    expect(routeHref({ view: 'review', identifier: 'audit/5' })).toBe('#/review/audit%2F5');
    expect(parseRoute('#/review/audit/0')).toEqual({ view: 'review', identifier: 'audit' });
    expect(parseRoute('#/review/audit/x')).toEqual({ view: 'review', identifier: 'audit' });
  });

  it('replaces the URL of a moving selection without a history entry', () => {
    window.location.hash = '#/review';
    const before = window.history.length;
    replaceRoute({ view: 'review', identifier: 'BAT-3' });
    expect(window.location.hash).toBe('#/review/BAT-3');
    expect(window.history.length).toBe(before);
  });

  it('links the header to the inbox with its count, and to the landing queue', () => {
    const state = applyTickets({ ...initialFleetState, loaded: true, connection: 'open', workflow: workflow('Human Review') }, [ticket(1, { state: 'Human Review' }), ticket(2, { state: 'Human Review' }), ticket(3)], true);
    renderWithServices(<FleetHeader />, state);
    const review = screen.getByTestId('nav-review');
    expect(review.textContent).toBe('Review (2)');
    expect(review.getAttribute('href')).toBe('#/review');
    expect(review.className).toContain('attention');
    expect(screen.getByTestId('nav-landing').getAttribute('href')).toBe('#/landing');
    fireEvent.click(review);
  });

  it('offers both views in the command palette', () => {
    const commands = paletteCommands({ api: { refresh: async () => ({ ok: true, value: null }) }, target: null, openMovePage: () => undefined });
    commands.find((c) => c.id === 'go-review')!.run();
    expect(window.location.hash).toBe('#/review');
    commands.find((c) => c.id === 'go-landing')!.run();
    expect(window.location.hash).toBe('#/landing');
  });
});
