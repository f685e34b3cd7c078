import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUIDANCE_MAX_CHARS, readGuidance } from './read-guidance.js';

describe('readGuidance', () => {
  let dir: string;
  let worktree: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-guidance-'));
    worktree = join(dir, 'wt');
    mkdirSync(join(worktree, 'docs'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads AGENTS.md, CLAUDE.md and the configured file, in that order', async () => {
    writeFileSync(join(worktree, 'docs/agent-guidance.md'), 'promoted rule');
    writeFileSync(join(worktree, 'CLAUDE.md'), 'claude rules');
    writeFileSync(join(worktree, 'AGENTS.md'), 'agent rules');
    expect(await readGuidance(worktree, 'docs/agent-guidance.md')).toEqual([
      { path: 'AGENTS.md', text: 'agent rules', truncated: false },
      { path: 'CLAUDE.md', text: 'claude rules', truncated: false },
      { path: 'docs/agent-guidance.md', text: 'promoted rule', truncated: false },
    ]);
  });

  it('skips missing files and reads a configured file that is one of the standard ones once', async () => {
    writeFileSync(join(worktree, 'AGENTS.md'), 'agent rules');
    expect(await readGuidance(worktree, './AGENTS.md')).toEqual([{ path: 'AGENTS.md', text: 'agent rules', truncated: false }]);
    expect(await readGuidance(join(dir, 'missing-worktree'), 'AGENTS.md')).toEqual([]);
  });

  it('caps a long file and marks it truncated', async () => {
    writeFileSync(join(worktree, 'AGENTS.md'), 'a'.repeat(GUIDANCE_MAX_CHARS * 10));
    const [doc] = await readGuidance(worktree, 'docs/none.md');
    expect(doc!.text.length).toBe(GUIDANCE_MAX_CHARS);
    expect(doc!.truncated).toBe(true);
  });

  it('never reads outside the worktree: ../, absolute paths, symlinks out, directories', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'private key');
    symlinkSync(join(dir, 'secret.txt'), join(worktree, 'CLAUDE.md'));
    mkdirSync(join(worktree, 'AGENTS.md'));
    expect(await readGuidance(worktree, '../secret.txt')).toEqual([]);
    expect(await readGuidance(worktree, join(dir, 'secret.txt'))).toEqual([]);
    expect(await readGuidance(worktree, 'docs/../../secret.txt')).toEqual([]);
  });

  it('follows a symlink that stays inside the worktree', async () => {
    writeFileSync(join(worktree, 'docs/rules.md'), 'inside');
    symlinkSync('docs/rules.md', join(worktree, 'AGENTS.md'));
    expect(await readGuidance(worktree, 'docs/none.md')).toEqual([{ path: 'AGENTS.md', text: 'inside', truncated: false }]);
  });
});
