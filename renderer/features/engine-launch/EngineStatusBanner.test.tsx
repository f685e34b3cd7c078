// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineStatusBanner } from './EngineStatusBanner.js';
import { engineStatusText } from './engine-status-text.js';
import { fakeBridge } from './first-run-fakes.test-util.js';

afterEach(cleanup);

describe('EngineStatusBanner', () => {
  it('renders nothing in a browser (no bridge) or while the engine runs', () => {
    render(<EngineStatusBanner bridge={undefined} />);
    expect(screen.queryByTestId('engine-status-banner')).toBeNull();
    const t = fakeBridge();
    render(<EngineStatusBanner bridge={t.bridge} />);
    act(() => t.push({ state: 'running', target: '/r/WORKFLOW.md', url: 'http://127.0.0.1:1' }));
    expect(screen.queryByTestId('engine-status-banner')).toBeNull();
  });

  it('says the engine is restarting, with the last stderr lines', () => {
    const t = fakeBridge();
    render(<EngineStatusBanner bridge={t.bridge} />);
    act(() => t.push({ state: 'restarting', target: '/r/WORKFLOW.md', restarts: 2, maxRestarts: 5, retryInMs: 1000, stderrTail: 'Segmentation fault' }));
    const banner = screen.getByTestId('engine-status-banner');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('Engine restarting (restart 2 of 5, in 1 s)');
    expect(screen.getByTestId('engine-stderr').textContent).toBe('Segmentation fault');
  });

  it('says the engine stopped, as an alert', () => {
    const t = fakeBridge();
    render(<EngineStatusBanner bridge={t.bridge} />);
    act(() => t.push({ state: 'stopped', target: 'demo', reason: 'it crashed 6 times within 2 minutes', stderrTail: '' }));
    const banner = screen.getByTestId('engine-status-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toBe('Engine stopped: it crashed 6 times within 2 minutes');
  });
});

describe('engineStatusText', () => {
  it('names the demo and rounds the retry up to seconds', () => {
    expect(engineStatusText({ state: 'starting', target: 'demo' })).toBe('Starting the engine for the demo…');
    expect(engineStatusText({ state: 'restarting', target: 'demo', restarts: 1, maxRestarts: 5, retryInMs: 500, stderrTail: '' })).toBe('Engine restarting (restart 1 of 5, in 1 s)');
    expect(engineStatusText({ state: 'idle' })).toBeNull();
    expect(engineStatusText(null)).toBeNull();
  });
});
