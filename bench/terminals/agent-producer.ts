import path from 'node:path';
import { repoRoot } from '../lib/paths.js';
import { pollUntil, type FeedReport, type StreamProducer } from './producer.js';

/**
 * One test/fixtures/fake-pty-agent/agent.mjs per session (FAKE_PTY_RATE). Realistic (a Node process
 * per agent) but each costs ~1 % of a core, so on a small machine the agents compete with the
 * engine for the CPU. An agent's stream length is fixed when it starts, so every agent is told to
 * stream until `plannedEnd`, which leaves `startupAllowanceMs` after the last spawn for all to start.
 */
export class AgentProducer implements StreamProducer {
  readonly name = 'fake-pty-agent';
  readonly latestWindowEnd: number;
  private readonly command: string;

  constructor(
    private readonly rateBytesPerS: number,
    plannedEnd: number,
  ) {
    this.latestWindowEnd = plannedEnd;
    const agent = path.join(repoRoot(), 'test', 'fixtures', 'fake-pty-agent', 'agent.mjs');
    this.command = `'${process.execPath}' '${agent}'`;
  }

  session(_i: number): { command: string; env: Record<string, string> } {
    const seconds = ((this.latestWindowEnd - Date.now()) / 1000).toFixed(2);
    return { command: this.command, env: { FAKE_PTY_RATE: String(this.rateBytesPerS), FAKE_PTY_SECONDS: seconds, FAKE_PTY_WRITE_FILE: '' } };
  }

  async begin(deadline: number, allStreaming: () => boolean): Promise<void> {
    await pollUntil(allStreaming, deadline);
  }

  async end(): Promise<FeedReport> {
    return { bytes: null, maxBacklog: null };
  }

  async dispose(): Promise<void> {}
}
