import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentWorkflows } from './recent-workflows.js';

describe('RecentWorkflows', () => {
  let dir: string;
  let file: string;
  const wf = (name: string) => path.join(dir, name, 'WORKFLOW.md');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'baton-recent-'));
    file = path.join(dir, 'userData', 'recent-workflows.json');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function touch(p: string): Promise<void> {
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, '');
  }

  it('keeps the newest first, without duplicates, across restarts', async () => {
    for (const name of ['a', 'b', 'c']) await touch(wf(name));
    const recents = new RecentWorkflows(file);
    await recents.add(wf('a'));
    await recents.add(wf('b'));
    await recents.add(wf('a'));
    await recents.add(wf('c'));
    expect(await new RecentWorkflows(file).list()).toEqual([wf('c'), wf('a'), wf('b')]);
  });

  it('caps the list at ten', async () => {
    const recents = new RecentWorkflows(file);
    for (let i = 0; i < 12; i++) {
      await touch(wf(`r${i}`));
      await recents.add(wf(`r${i}`));
    }
    const listed = await recents.list();
    expect(listed).toHaveLength(10);
    expect(listed[0]).toBe(wf('r11'));
    expect(await recents.has(wf('r0'))).toBe(false);
  });

  it('lists only files that still exist', async () => {
    await touch(wf('kept'));
    const recents = new RecentWorkflows(file);
    await recents.add(wf('gone'));
    await recents.add(wf('kept'));
    expect(await recents.list()).toEqual([wf('kept')]);
  });

  it('starts over from a damaged file, dropping entries that are not absolute paths', async () => {
    await touch(file);
    await writeFile(file, '{not json');
    expect(await new RecentWorkflows(file).list()).toEqual([]);
    await touch(wf('x'));
    await writeFile(file, JSON.stringify({ recent: ['relative/WORKFLOW.md', 7, wf('x')] }));
    expect(await new RecentWorkflows(file).list()).toEqual([wf('x')]);
    await new RecentWorkflows(file).add(wf('x'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, recent: [wf('x')] });
  });
});
