import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowResponse } from '../../shared/api/schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import { git } from '../integration/workspace-helpers.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';

/*
 * Issue 7 H2 in Chromium against `baton serve`: work that changes trusted configuration is marked
 * in the inbox and approved only through an explicit second step, from the keyboard; a WORKFLOW.md
 * change to a hook waits in the operator queue until someone applies it.
 */
const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  // src/hello.txt (what the happy agent writes) is declared trusted; Rework is parked.
  e2e = await E2E.start({
    scenario: 'happy',
    git: true,
    frontMatter: ['tracker:', '  active_states: [Todo, In Progress]', 'review:', '  protected_paths: [src/hello.txt]'].join('\n'),
  });
});
afterAll(async () => {
  await e2e?.stop();
});

async function state(identifier: string): Promise<string> {
  return (await e2e.api<Issue>('GET', `/api/v1/tickets/${identifier}`)).json.state;
}

describe('trusted configuration in the UI', () => {
  it('marks a configuration change in the inbox and approves it only after an explicit confirmation from the keyboard', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Say hello' });
    await expect.poll(() => state('BAT-1'), WAIT).toBe('Human Review');

    const page = await e2e.page('#/review/BAT-1');
    const row = page.getByTestId('review-row-BAT-1');
    await row.getByTestId('review-config').waitFor();
    const banner = page.getByTestId('config-banner');
    await banner.waitFor();
    expect(await banner.getByTestId('config-banner-files').textContent()).toContain('src/hello.txt — review.protected_paths: src/hello.txt');
    await page.getByTestId('diff-config-badge').first().waitFor({ timeout: 20_000 });

    // a asks; Esc backs out without deciding anything.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    const confirm = page.getByTestId('approve-config-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('src/hello.txt');
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await state('BAT-1')).toBe('Human Review');

    // a, then Enter: approved with the confirmation, and it lands.
    await page.keyboard.press('a');
    await confirm.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => state('BAT-1'), WAIT).toBe('Done');
    expect((await git(path.join(e2e.dir, 'repo'), 'log', '-1', '--format=%s')).trim()).toBe('Merge BAT-1: Say hello');
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('holds a WORKFLOW.md change to a hook in the operator queue until it is applied', async () => {
    const page = await e2e.page('#/');
    await page.getByTestId('fleet-header').waitFor();
    const file = path.join(e2e.dir, 'WORKFLOW.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/^---\n/, '---\nhooks:\n  before_run: echo applied\n'));

    // The header says a change waits; it leads to the queue, which shows the change as a diff.
    const waiting = page.getByTestId('workflow-pending');
    await waiting.waitFor({ timeout: 20_000 });
    await waiting.click();
    const card = page.getByTestId('workflow-change');
    await card.waitFor();
    const guarded = card.getByTestId('workflow-change-guarded');
    expect(await guarded.getByLabel('hooks.before_run after').textContent()).toBe('echo applied');
    expect(await guarded.getByLabel('hooks.before_run before').textContent()).toBe('(not set)');
    expect((await e2e.api<WorkflowResponse>('GET', '/api/v1/workflow')).json.config).not.toHaveProperty('hooks.before_run', 'echo applied');

    await card.getByTestId('workflow-change-apply').click();
    await card.waitFor({ state: 'detached' });
    await waiting.waitFor({ state: 'detached' });
    const after = (await e2e.api<WorkflowResponse & { config: { hooks: { before_run: string | null } } }>('GET', '/api/v1/workflow')).json;
    expect(after.pending_change).toBeNull();
    expect(after.config.hooks.before_run).toBe('echo applied');
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });
});
