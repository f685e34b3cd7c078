import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatonProcess } from '../faults/baton-process.js';
import { FaultScene } from '../faults/fault-scene.js';
import { waitForFile } from '../faults/wait.js';
import { CHROMIUM_ARGS, chromiumPath } from './e2e-harness.js';

/** Generous: a landing retried every poll, git and login shells on a loaded 2-core machine. */
const WAIT = { timeout: 60_000, interval: 100 };

let scene: FaultScene | null = null;
let browser: Browser | null = null;
afterEach(async () => {
  await browser?.close().catch(() => undefined);
  browser = null;
  await scene?.dispose();
  scene = null;
});

async function open(engine: BatonProcess, hash: string): Promise<Page> {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(`${engine.url}/?token=${engine.token}${hash}`);
  return page;
}

/**
 * Two faults of docs/reliability.md as a person sees them in the real UI (the fault suite checks
 * the same through the API): a landing held by a stale git lock, and a full disk.
 */
describe('faults in the UI', () => {
  it('the landing view says which stale lock holds a landing, then shows it landed once the lock is gone', async () => {
    scene = await FaultScene.create({ agent: () => [{ write: { path: 'src/feature.txt', content: 'the feature\n' } }, { message: 'done' }] });
    const engine = await scene.launch();
    await engine.createTicket('Add the feature');
    await scene.until('BAT-1 in Human Review', async () => (await engine.ticket('BAT-1')).state === 'Human Review');
    const lock = path.join(scene.repo, '.git', 'refs', 'heads', 'main.lock');
    await writeFile(lock, '');
    expect((await engine.api('POST', '/api/v1/tickets/BAT-1/review', { decision: 'approve' })).status).toBe(200);

    const page = await open(engine, '#/landing');
    const entry = page.getByTestId('landing-1');
    await expect.poll(() => entry.getByTestId('landing-error').textContent().catch(() => ''), WAIT).toContain(lock);
    expect(await entry.getByTestId('landing-error').textContent()).toContain('remove it if no git is running');
    await rm(lock);
    await expect.poll(() => entry.getByTestId('landing-status').textContent().catch(() => ''), WAIT).toBe('landed');
    await entry.getByTestId('landed-commit').waitFor();
  });

  it.runIf(process.platform === 'linux')('the header says the engine is not saving while the disk is full, and stops saying it once there is room', async () => {
    scene = await FaultScene.create({
      agent: (file) => [
        ...Array.from({ length: 60 }, () => ({ hugeLine: { bytes: 60_000 } })),
        { mark: file('agent-flooded') },
        { waitForFile: file('room-again') },
        { message: 'done' },
      ],
    });
    const engine = await scene.launch({ fileSizeLimitKb: 2048 });
    await engine.createTicket('Written while the disk fills up');
    await waitForFile(scene.file('agent-flooded'));
    const page = await open(engine, '#/');
    await page.getByTestId('storage-error').waitFor(WAIT);
    expect(await page.getByTestId('fleet-header').getAttribute('data-trouble')).toContain('storage_error');
    expect(await engine.liftFileSizeLimit()).toBe(true);
    await writeFile(scene.file('room-again'), 'go\n');
    await page.getByTestId('storage-error').waitFor({ state: 'detached', timeout: WAIT.timeout });
  });
});
