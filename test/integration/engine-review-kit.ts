import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MergeQueueResponse, ReviewDecisionResponse, ReviewsResponse } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { EngineHarness, type EngineHarnessOptions } from './engine-harness.js';

/** Generous: each landing runs git, a pty check and tracker writes on a loaded 2-core machine. */
export const WAIT = { timeout: 30_000, interval: 50 };

/**
 * An engine with a git repository whose agent writes `src/hello.txt` (uncommitted) and hands off.
 * `parkRework` leaves Rework out of the active states, so reworked tickets stay parked there (no
 * new run) and a test can look at the worktree exactly as the decision left it.
 */
export async function startReviewEngine(options: EngineHarnessOptions & { review?: string; parkRework?: boolean } = {}): Promise<EngineHarness> {
  const lines = [
    ...(options.review ? ['review:', ...options.review.split('\n').filter(Boolean).map((l) => `  ${l}`)] : []),
    options.frontMatter ?? '',
  ];
  const tracker = options.parkRework ? 'active_states: [Todo, In Progress]' : options.tracker;
  return EngineHarness.start({ scenario: 'happy', ...options, tracker, frontMatter: lines.join('\n') });
}

/** Creates a ticket and waits until its run has handed it off to review (and the run has ended). */
export async function ticketInReview(h: EngineHarness, title: string): Promise<Issue> {
  const created = await h.api<Issue>('POST', '/api/v1/tickets', { title });
  if (created.status !== 201) throw new Error(`ticket not created: ${JSON.stringify(created.json)}`);
  const id = created.json.identifier;
  await waitForState(h, id, 'Human Review');
  await waitForRunsEnded(h, id, 1);
  return h.ticket(id);
}

export async function waitForState(h: EngineHarness, identifier: string, state: string): Promise<void> {
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const now = (await h.ticket(identifier)).state;
    if (now === state) return;
    if (Date.now() > deadline) throw new Error(`${identifier} stayed in ${now}, expected ${state}`);
    await new Promise((r) => setTimeout(r, WAIT.interval));
  }
}

export async function waitForRunsEnded(h: EngineHarness, identifier: string, n: number): Promise<void> {
  const deadline = Date.now() + WAIT.timeout;
  while ((await h.runsEnded(identifier)) < n) {
    if (Date.now() > deadline) throw new Error(`${identifier}: fewer than ${n} runs ended`);
    await new Promise((r) => setTimeout(r, WAIT.interval));
  }
}

export function decide(h: EngineHarness, identifier: string, body: unknown) {
  return h.api<ReviewDecisionResponse & { error?: { code: string; message: string } }>('POST', `/api/v1/tickets/${identifier}/review`, body);
}

export async function reviews(h: EngineHarness): Promise<ReviewsResponse> {
  return (await h.api<ReviewsResponse>('GET', '/api/v1/reviews')).json;
}

export async function mergeQueue(h: EngineHarness): Promise<MergeQueueResponse> {
  return (await h.api<MergeQueueResponse>('GET', '/api/v1/landing-queue')).json;
}

/** The agent messages of a ticket, oldest first (the fake agent echoes its prompt in them). */
export async function agentMessages(h: EngineHarness, identifier: string): Promise<string[]> {
  const events: TraceEvent[] = await h.events(identifier);
  return events.filter((e) => e.kind === 'message').map((e) => String(e.data.text ?? e.summary));
}

/** A fake-codex scenario file in the harness's temp dir: one turn writing `files`. */
export async function writeScenario(dir: string, name: string, files: Record<string, string>): Promise<string> {
  const file = path.join(dir, `${name}.json`);
  const steps = [...Object.entries(files).map(([p, content]) => ({ write: { path: p, content } })), { message: `Wrote ${Object.keys(files).join(', ')} for: {{prompt}}` }];
  await writeFile(file, JSON.stringify({ threadId: `thr_${name}`, turns: [steps] }));
  return file;
}
