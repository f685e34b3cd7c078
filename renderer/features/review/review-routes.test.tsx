// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyTickets, initialFleetState } from '../../stores/fleet-state.js';
import { ticket, workflow } from '../../stores/fleet-fixtures.test-util.js';
import { FleetHeader } from '../fleet/FleetHeader.js';
import { renderWithServices } from '../../stores/render-with-services.test-util.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('review routes', () => {
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
});
