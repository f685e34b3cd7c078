// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FirstRun } from './FirstRun.js';
import { fakeBridge } from './first-run-fakes.test-util.js';

afterEach(cleanup);

describe('FirstRun', () => {
  it('offers the three ways in, and lists recent workflows by repository', async () => {
    const t = fakeBridge({ recentWorkflows: vi.fn(async () => ['/src/api/WORKFLOW.md', '/src/web/WORKFLOW.md']) });
    render(<FirstRun bridge={t.bridge} />);
    expect(screen.getByTestId('first-run-open').textContent).toBe("Open a repository's WORKFLOW.md");
    expect(screen.getByTestId('first-run-template').textContent).toBe('Create one from a template');
    expect(screen.getByTestId('first-run-demo').textContent).toBe('Try the demo');
    const recent = await screen.findAllByTestId('first-run-recent');
    expect(recent.map((b) => b.textContent)).toEqual(['api/src/api/WORKFLOW.md', 'web/src/web/WORKFLOW.md']);
    fireEvent.click(recent[1]!);
    expect(t.bridge.openRecent).toHaveBeenCalledWith('/src/web/WORKFLOW.md');
  });

  it('says when there are no recent workflows', async () => {
    render(<FirstRun bridge={fakeBridge().bridge} />);
    expect(await screen.findByText('None yet.')).toBeTruthy();
  });

  it('calls the bridge for each button', async () => {
    const t = fakeBridge();
    render(<FirstRun bridge={t.bridge} />);
    fireEvent.click(screen.getByTestId('first-run-open'));
    await waitFor(() => expect(t.bridge.chooseWorkflow).toHaveBeenCalled());
    await waitFor(() => expect((screen.getByTestId('first-run-template') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('first-run-template'));
    await waitFor(() => expect(t.bridge.createFromTemplate).toHaveBeenCalled());
    await waitFor(() => expect((screen.getByTestId('first-run-demo') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('first-run-demo'));
    await waitFor(() => expect(t.bridge.startDemo).toHaveBeenCalled());
  });

  it('shows why an action was refused, but not a cancel', async () => {
    const createFromTemplate = vi.fn().mockResolvedValueOnce({ ok: false, error: '/tmp/x is not a git repository (no .git); run `git init` there first' }).mockResolvedValueOnce({ ok: false, error: 'cancelled' });
    const t = fakeBridge({ createFromTemplate });
    render(<FirstRun bridge={t.bridge} />);
    fireEvent.click(screen.getByTestId('first-run-template'));
    expect((await screen.findByTestId('first-run-error')).textContent).toContain('not a git repository');
    await waitFor(() => expect((screen.getByTestId('first-run-template') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('first-run-template'));
    await waitFor(() => expect(screen.queryByTestId('first-run-error')).toBeNull());
  });

  it('shows an action that throws (main refused it) and stays usable', async () => {
    const t = fakeBridge({ startDemo: vi.fn(async () => Promise.reject(new Error('refused: the sending frame is gone'))) });
    render(<FirstRun bridge={t.bridge} />);
    fireEvent.click(screen.getByTestId('first-run-demo'));
    expect((await screen.findByTestId('first-run-error')).textContent).toContain('refused');
    expect((screen.getByTestId('first-run-demo') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the engine starting, and disables the buttons meanwhile', () => {
    const t = fakeBridge();
    render(<FirstRun bridge={t.bridge} />);
    act(() => t.push({ state: 'starting', target: '/src/api/WORKFLOW.md' }));
    expect(screen.getByTestId('first-run-status').textContent).toContain('Starting the engine for /src/api/WORKFLOW.md…');
    expect((screen.getByTestId('first-run-open') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why the engine stopped with its stderr, and starts it again on request', async () => {
    const t = fakeBridge();
    render(<FirstRun bridge={t.bridge} />);
    act(() => t.push({ state: 'stopped', target: '/src/api/WORKFLOW.md', reason: 'the engine exited with code 1 before it was ready', stderrTail: 'baton: cannot start: bad YAML' }));
    const status = screen.getByTestId('first-run-status');
    expect(status.getAttribute('role')).toBe('alert');
    expect(status.textContent).toContain('Engine stopped: the engine exited with code 1 before it was ready');
    expect(screen.getByTestId('engine-stderr').textContent).toBe('baton: cannot start: bad YAML');
    expect((screen.getByTestId('first-run-open') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('first-run-restart'));
    await waitFor(() => expect(t.bridge.restartEngine).toHaveBeenCalled());
  });

  it('unsubscribes from engine status when unmounted', () => {
    const t = fakeBridge();
    const view = render(<FirstRun bridge={t.bridge} />);
    expect(t.listeners.size).toBe(1);
    view.unmount();
    expect(t.listeners.size).toBe(0);
  });
});
