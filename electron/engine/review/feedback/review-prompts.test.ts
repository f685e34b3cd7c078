import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig, testIssue } from '../../../../test/fixtures/service-config.js';
import { systemClock } from '../../lib/clock.js';
import { silentLogger } from '../../lib/logger.js';
import { Store } from '../../store/store.js';
import { GUIDANCE_MAX_CHARS } from './guidance-reader.js';
import { ReviewPrompts } from './review-prompts.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

let dir: string;
let repo: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'review-prompts-'));
  repo = path.join(dir, 'repo');
  await mkdir(path.join(repo, 'docs'), { recursive: true });
  await writeFile(path.join(repo, 'docs', 'agent-guidance.md'), 'Never edit generated files.\n');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  execFileSync('git', ['add', '-A'], { cwd: repo });
  execFileSync('git', ['commit', '-qm', 'guidance'], { cwd: repo, env: GIT_ENV });
  // Work in the checkout that has not landed is not guidance yet.
  await writeFile(path.join(repo, 'docs', 'agent-guidance.md'), 'UNLANDED EDIT\n');
  const s = Store.open({ path: path.join(dir, 'state.db'), clock: systemClock, logger: silentLogger() });
  if (!s.ok) throw new Error(s.error.message);
  store = s.value;
});

afterEach(async () => {
  store.dispose();
  await rm(dir, { recursive: true, force: true });
});

function prompts(base: string | null = 'main', repoPath: string | null = repo): ReviewPrompts {
  return new ReviewPrompts({ config: () => testConfig({ workspace: { repo: repoPath } }), store, baseBranch: () => Promise.resolve(base), logger: silentLogger() });
}

function feedback(at: string) {
  const saved = store.reviews.recordFeedback({
    issue_id: 'id-1',
    issue_identifier: 'BAT-1',
    source: 'review',
    decision: 'request_changes',
    summary: 'Rename the flag.',
    comments: [{ path: 'src/a.ts', line: 4, body: 'here' }],
    at,
    actor: 'reviewer',
  });
  if (!saved.ok) throw new Error(saved.error.message);
}

describe('ReviewPrompts', () => {
  it('gives the newest unanswered feedback as `review` and the landed guidance file as `guidance`', async () => {
    feedback('2026-11-21T10:00:00.000Z');
    const vars = await prompts().promptVariables(testIssue(1));
    expect(vars.guidance).toBe('Never edit generated files.\n');
    expect(vars.review).toMatchObject({ round: 1, attempt: 1, decision: 'request_changes', summary: 'Rename the flag.', comments: [{ path: 'src/a.ts', line: 4, body: 'here' }] });
    expect(vars.review?.text).toContain('`src/a.ts:4`: here');
  });

  it('drops feedback the agent already answered with a handoff, and has no guidance without a repository', async () => {
    feedback('2026-11-21T10:00:00.000Z');
    store.runs.startRun({ run_id: 'r1', issue_id: 'id-1', issue_identifier: 'BAT-1', attempt: 1, started_at: '2026-11-21T10:01:00.000Z', agent_kind: 'codex' });
    store.runs.endRun('r1', { status: 'handed_off', ended_at: '2026-11-21T10:05:00.000Z' });
    expect((await prompts().promptVariables(testIssue(1))).review).toBeNull();
    feedback('2026-11-21T10:06:00.000Z'); // a second round after that handoff is open again
    expect((await prompts().promptVariables(testIssue(1))).review?.round).toBe(2);
    expect((await prompts(null, null).promptVariables(testIssue(1))).guidance).toBe('');
  });

  it('reads no guidance from a base without the file, and cuts an oversized file with a note', async () => {
    expect((await prompts('no-such-branch').promptVariables(testIssue(1))).guidance).toBe('');
    await writeFile(path.join(repo, 'docs', 'agent-guidance.md'), 'x'.repeat(GUIDANCE_MAX_CHARS + 10));
    execFileSync('git', ['commit', '-qam', 'big'], { cwd: repo, env: GIT_ENV });
    const big = (await prompts().promptVariables(testIssue(1))).guidance;
    expect(big.length).toBeLessThan(GUIDANCE_MAX_CHARS + 100);
    expect(big).toMatch(/\[guidance truncated at \d+ characters\]$/);
  });
});
