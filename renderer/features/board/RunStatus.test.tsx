// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { T0, byId, issue, retrying, running, waitingOn } from '../../stores/record-fixtures.test-util.js';
import type { FleetState } from '../../stores/fleet-state.js';
import { renderWithBoard } from './board-kit.test-util.js';
import { RunStatus } from './RunStatus.js';
import { Clocks, ClocksContext, SECOND_TICK_MS } from '../../lib/use-now.js';

let clock: Clocks;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(T0);
  clock = new Clocks();
});
afterEach(() => {
  cleanup();
  clock.dispose();
  vi.useRealTimers();
});

function show(state: Partial<FleetState>, identifier = 'BAT-1') {
  return renderWithBoard(
    <ClocksContext.Provider value={clock}>
      <RunStatus identifier={identifier} />
    </ClocksContext.Provider>,
    { tickets: byId([issue(1)]), ...state },
  );
}

describe('RunStatus', () => {
  it('running: turn count, last message, elapsed time ticking every second, tokens', () => {
    show({ runs: { 'BAT-1': running('BAT-1') } });
    const status = screen.getByTestId('status-BAT-1');
    expect(status.dataset.status).toBe('running');
    expect(status.textContent).toContain('running · turn 3 · 1m 05s · 13k tok');
    expect(status.textContent).toContain('Running the tests');
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.getByTestId('elapsed').textContent).toBe('1m 07s');
  });

  it('running without a message shows the last event name', () => {
    show({ runs: { 'BAT-1': running('BAT-1', { last_message: '', last_event: 'turn_completed' }) } });
    expect(screen.getByTestId('status-BAT-1').textContent).toContain('turn_completed');
  });

  it('retrying: attempt, a countdown to the next try, and the error', () => {
    show({ retries: { 'BAT-1': retrying('BAT-1') } });
    const status = screen.getByTestId('status-BAT-1');
    expect(status.dataset.status).toBe('retrying');
    expect(status.textContent).toContain('retrying · attempt 2 · next in 30s');
    expect(status.textContent).toContain('turn failed: exit 1');
    act(() => vi.advanceTimersByTime(31_000));
    expect(screen.getByTestId('countdown').textContent).toBe('due now');
  });

  it('waiting for approval or for input, over a running run', () => {
    show({ runs: { 'BAT-1': running('BAT-1') }, approvals: [waitingOn('BAT-1')] });
    expect(screen.getByTestId('status-BAT-1').dataset.status).toBe('waiting');
    expect(screen.getByTestId('status-BAT-1').textContent).toContain('waiting for approval · turn 3');
    expect(screen.getByTestId('status-BAT-1').textContent).toContain('Run command: npm install');
    cleanup();
    show({ approvals: [waitingOn('BAT-1', 'input')] });
    expect(screen.getByTestId('status-BAT-1').textContent).toContain('waiting for input');
  });

  it('a continuation (the re-check after a normal exit, no error) is not shown as retrying', () => {
    show({ retries: { 'BAT-1': retrying('BAT-1', { attempt: 1, error: null }) } });
    expect(screen.getByTestId('status-BAT-1').dataset.status).toBe('idle');
  });

  it('idle: no run, and no clock subscription', () => {
    show({});
    expect(screen.getByTestId('status-BAT-1').dataset.status).toBe('idle');
    expect(clock.ticker(SECOND_TICK_MS).running).toBe(false);
  });

  it('only live statuses hold the shared clock, and it stops when the run ends', () => {
    const h = show({ runs: { 'BAT-1': running('BAT-1') } });
    expect(clock.ticker(SECOND_TICK_MS).subscriberCount).toBe(1);
    act(() => h.fleet.setState({ runs: {} }));
    expect(clock.ticker(SECOND_TICK_MS).subscriberCount).toBe(0);
    expect(clock.ticker(SECOND_TICK_MS).running).toBe(false);
  });
});
