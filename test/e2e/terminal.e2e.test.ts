import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FAKE_AGENT_COMMAND } from '../fixtures/fake-pty-agent/helpers.js';
import { E2E } from './e2e-harness.js';
import { openPage, probedText } from './ticket-e2e-helpers.js';

/**
 * Interactive terminals in Chromium, with whatever renderer the browser offers (WebGL or the DOM
 * fallback): what a terminal shows is read through the page's parse probe, not the DOM.
 */
const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E | null = null;
afterEach(async () => {
  await e2e?.stop();
  e2e = null;
});
afterAll(async () => {
  await e2e?.stop();
});

describe('terminals in Chromium', () => {
  it('"Open shell here" starts a shell in the workspace that echoes what is typed', async () => {
    e2e = await E2E.start({ scenario: 'happy' });
    const harness = e2e;
    await e2e.api('POST', '/api/v1/tickets', { title: 'Needs a look' });
    // The run creates the workspace, then hands the ticket off.
    await expect.poll(async () => (await harness.api<{ state: string }>('GET', '/api/v1/tickets/BAT-1')).json.state, WAIT).toBe('Human Review');
    const { page, errors } = await openPage(e2e, '#/ticket/BAT-1', { probe: true });
    await page.getByTestId('open-shell').click();
    const pane = page.locator('.terminal-pane[data-testid^="terminal-shell-"]');
    await pane.waitFor(WAIT);
    await expect.poll(() => pane.getAttribute('data-phase'), WAIT).toBe('live');
    expect(await pane.locator('.terminal-status').textContent()).toContain('interactive');
    await pane.locator('.terminal-screen').click();
    await page.keyboard.type('echo "baton-$((40+2))"; pwd');
    await page.keyboard.press('Enter');
    await expect.poll(() => probedText(page), WAIT).toContain('baton-42');
    expect(await probedText(page)).toContain(`${e2e.dir}/workspaces/BAT-1`);

    // Closing the tab kills the shell and drops its terminal.
    await page.getByRole('button', { name: /^Close Shell/ }).click();
    await expect.poll(() => pane.count(), WAIT).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a pty agent takes keystrokes from its terminal', async () => {
    e2e = await E2E.start({
      frontMatter: ['agent:', '  kind: pty', 'pty:', `  command: ${JSON.stringify(FAKE_AGENT_COMMAND)}`].join('\n'),
      env: { FAKE_PTY_READ_LINE: '1' },
    });
    await e2e.api('POST', '/api/v1/tickets', { title: 'Ask me' });
    const { page, errors } = await openPage(e2e, '#/ticket/BAT-1', { probe: true });
    const pane = page.locator('.terminal-pane');
    await pane.waitFor(WAIT);
    await expect.poll(() => probedText(page), WAIT).toContain('WAITING_FOR_INPUT');
    expect(await pane.locator('.terminal-status').textContent()).toContain('interactive');
    await pane.locator('.terminal-screen').click();
    await page.keyboard.type('operator says hi');
    await page.keyboard.press('Enter');
    await expect.poll(() => probedText(page), WAIT).toContain('GOT_INPUT: operator says hi');
    expect(errors).toEqual([]);
    await page.close();
  });
});
