// @vitest-environment happy-dom
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { firstRunBridge, mountFirstRun } from './first-run-boot.js';
import { fakeBridge } from './first-run-fakes.test-util.js';

afterEach(cleanup);

describe('first-run boot', () => {
  it('is the first-run page only in Electron without an engine', () => {
    const { bridge } = fakeBridge();
    expect(firstRunBridge({})).toBeNull();
    expect(firstRunBridge({ baton: bridge })).toBe(bridge);
    expect(firstRunBridge({ baton: { ...bridge, engine: { url: 'http://127.0.0.1:1' } } })).toBeNull();
  });

  it('mounts the first-run screen', async () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    let mounted: ReturnType<typeof mountFirstRun> | undefined;
    await act(async () => {
      mounted = mountFirstRun(root, fakeBridge().bridge);
    });
    expect(screen.getByTestId('first-run')).toBeTruthy();
    act(() => mounted!.unmount());
    root.remove();
  });
});
