// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../../shared/api/schemas.js';
import { applySnapshot, applyTickets, initialFleetState, type FleetState } from '../../stores/fleet-state.js';
import { approval, snapshot, ticket, workflow } from '../../stores/fleet-fixtures.test-util.js';
import { FleetHeader } from './FleetHeader.js';
import { renderWithServices } from '../../stores/render-with-services.test-util.js';

afterEach(cleanup);

function state(overrides: Parameters<typeof snapshot>[0] = {}): Partial<FleetState> {
  let s: FleetState = { ...initialFleetState, connection: 'open', loaded: true, workflow: workflow('Human Review') };
  s = applyTickets(s, [ticket(1, { state: 'Human Review' }), ticket(2, { state: 'human review' }), ticket(3)], true);
  s = applySnapshot(s, snapshot(overrides));
  return { ...s, approvals: [approval('a1'), approval('a2')] };
}

const healthyLimits = {
  primary: { usedPercent: 25, windowDurationMins: 300, resetsAt: Math.floor(Date.now() / 1000) + 3600 },
  secondary: { usedPercent: 10, windowDurationMins: 10080, resetsAt: Math.floor(Date.now() / 1000) + 86400 },
};

describe('FleetHeader', () => {
  it('shows the counts: running, retrying, in review (handoff state), waiting, tokens today', () => {
    renderWithServices(<FleetHeader />, state({ counts: { running: 3, retrying: 0, waiting: 2 }, tokens_today: { input_tokens: 0, output_tokens: 0, total_tokens: 1_234_567 } }));
    expect(screen.getByTestId('stat-running').textContent).toBe('3 running');
    expect(screen.getByTestId('stat-retrying').textContent).toBe('0 retrying');
    expect(screen.getByTestId('stat-review').textContent).toBe('2 in review');
    expect(screen.getByTestId('stat-tokens').textContent).toBe('1.2M tokens today');
    const waiting = screen.getByTestId('stat-waiting');
    expect(waiting.textContent).toBe('2 waiting');
    expect(waiting.getAttribute('href')).toBe('#/queue');
    expect(waiting.className).toContain('attention');
    expect(screen.getByTestId('fleet-header').getAttribute('data-trouble')).toBe('');
    expect(screen.getByTestId('health').className).not.toContain('trouble');
  });

  it('labels a demo workflow as running a scripted agent, and nothing else', () => {
    const base = state();
    renderWithServices(<FleetHeader />, base);
    expect(screen.queryByTestId('demo-badge')).toBeNull();
    cleanup();
    const demo = { ...base, workflow: { ...base.workflow!, config: { ...base.workflow!.config, demo: true } } };
    renderWithServices(<FleetHeader />, demo);
    expect(screen.getByTestId('demo-badge').textContent).toBe('Demo · scripted agent');
  });

  it('draws the rate-limit gauge with the window and reset time in its tooltip', () => {
    renderWithServices(<FleetHeader />, state({ rate_limits: healthyLimits }));
    const primary = screen.getByTestId('gauge-primary');
    expect(primary.getAttribute('data-percent')).toBe('25');
    expect(primary.getAttribute('aria-valuenow')).toBe('25');
    expect(primary.getAttribute('title')).toMatch(/^Primary \(5h window\): 25% used, resets in (59m|1h) \(/);
    expect(within(primary).getByText('5h')).toBeTruthy();
    expect(screen.getByTestId('gauge-secondary').getAttribute('title')).toMatch(/^Secondary \(7d window\): 10% used, resets in 1d/);
    expect(primary.className).not.toContain('trouble');
  });

  it('has no gauge before any rate-limit report', () => {
    renderWithServices(<FleetHeader />, state());
    expect(screen.queryByTestId('rate-gauge')).toBeNull();
  });

  it('colors trouble: retrying runs, a rate limit over 80 %, a workflow error, a lost connection', () => {
    const { store } = renderWithServices(
      <FleetHeader />,
      state({
        counts: { running: 1, retrying: 3, waiting: 0 },
        retrying: [
          { issue_id: 'i1', issue_identifier: 'BAT-1', attempt: 1, due_at: new Date().toISOString(), error: 'turn_failed: boom' },
          { issue_id: 'i2', issue_identifier: 'BAT-2', attempt: 2, due_at: new Date().toISOString(), error: 'port_exit: exit 1' },
          // A continuation (the re-check after a normal exit) has no error: not trouble, not counted.
          { issue_id: 'i3', issue_identifier: 'BAT-3', attempt: 1, due_at: new Date().toISOString(), error: null },
        ],
        rate_limits: { ...healthyLimits, secondary: { usedPercent: 85, windowDurationMins: 10080 } },
        workflow_error: { code: 'workflow_parse_error', message: 'bad YAML at line 3' },
      }),
    );
    expect(screen.getByTestId('stat-retrying').className).toContain('trouble');
    expect(screen.getByTestId('stat-retrying').textContent).toBe('2 retrying');
    expect(screen.getByTestId('gauge-secondary').className).toContain('trouble');
    expect(screen.getByTestId('gauge-primary').className).not.toContain('trouble');
    expect(screen.getByTestId('workflow-error').textContent).toBe('WORKFLOW.md: workflow_parse_error');
    expect(screen.getByTestId('fleet-header').getAttribute('data-trouble')).toBe('workflow_error retrying rate_limit');
    expect(screen.queryByTestId('connection-down')).toBeNull();
    act(() => store.setState({ connection: 'closed' }));
    expect(screen.getByTestId('connection-down').textContent).toBe('offline');
    expect(screen.getByTestId('fleet-header').getAttribute('data-trouble')).toBe('disconnected workflow_error retrying rate_limit');
    expect(screen.getByTestId('health').getAttribute('title')).toContain('the engine connection is down');
  });

  it('says when the engine cannot write its files (a full disk), with the reason on hover', () => {
    const message = 'the history store cannot save: trace events not written (12 queued, will retry): database or disk is full';
    renderWithServices(<FleetHeader />, state({ storage_error: { code: 'store_write_failed', message } }));
    expect(screen.getByTestId('storage-error').textContent).toBe('not saving: store_write_failed');
    expect(screen.getByTestId('storage-error').getAttribute('title')).toBe(message);
    expect(screen.getByTestId('fleet-header').getAttribute('data-trouble')).toBe('storage_error');
    expect(screen.getByTestId('health').getAttribute('title')).toContain('cannot write its files');
  });

  it('charts the engine history it fetches, then live pushes on top', async () => {
    const now = Date.now();
    const samples: MetricsSample[] = [
      { at: new Date(now - 30 * 60_000).toISOString(), running: 0, retrying: 0, waiting: 0, tokens_total: 0 },
      { at: new Date(now - 15 * 60_000).toISOString(), running: 2, retrying: 0, waiting: 0, tokens_total: 0 },
    ];
    const { calls, store } = renderWithServices(<FleetHeader />, state(), (c) => (c.path === '/api/v1/metrics' ? { status: 200, body: { samples } } : undefined));
    const running = await waitFor(() => {
      const path = screen.getByTestId('chart-running').getAttribute('d')!;
      // 160 px for the hour: 30 min ago is x=80, 15 min ago x=120 (a slow machine may shave 0.1 px).
      expect(path).toMatch(/^M(79\.\d|80),28 H(119\.\d|120) V0 H160$/);
      return path;
    });
    expect(running).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/v1/metrics')).toHaveLength(1);
    // A live push with tokens spent: the rate area appears and the caption shows it.
    act(() =>
      store.setState((s) =>
        applySnapshot(s, snapshot({ generated_at: new Date(now).toISOString(), counts: { running: 1, retrying: 0, waiting: 0 }, codex_totals: { input_tokens: 0, output_tokens: 0, total_tokens: 900, seconds_running: 0 } })),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('chart-rate').getAttribute('d')).toMatch(/ Z$/));
    expect(screen.getByTestId('fleet-chart').textContent).toContain('900 tok/min');
    expect(screen.getByTestId('chart-running').getAttribute('d')).toMatch(/V14 H160$/);
  });
});
