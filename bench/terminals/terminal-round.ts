import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PtyAgentSession, type PtyRunOutcome } from '../../electron/engine/agents/pty/pty-agent.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import type { Result } from '../../electron/engine/lib/result.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import { AckingViewer } from './ack-viewer.js';
import { LoadMeter, type LoadSample } from '../lib/load-meter.js';
import { SystemCpu } from '../lib/machine.js';
import { sleep, tempDir } from '../lib/paths.js';
import { AgentProducer } from './agent-producer.js';
import { FeederProducer } from './feeder-producer.js';
import type { StreamProducer } from './producer.js';
import { checkRawLog } from './stream-check.js';

/** Output (chars) after which a session counts as streaming: the banner is ~400, one 20 ms tick ~1 KB. */
const STREAMING_MARK_CHARS = 4096;
/** Extra time for the last agents to finish and exit after their stream ends, before they are stopped. */
const EXIT_GRACE_MS = 30_000;

export interface RoundOptions {
  sessions: number;
  /** Measured window once every session streams. */
  windowMs: number;
  /** Between two spawns: node-pty's spawn blocks ~2 ms, so sessions start one by one. */
  staggerMs: number;
  rateBytesPerS: number;
  /** Sessions with a visible, acking viewer (the terminals on screen). */
  visible: number;
  /** Time allowed after the last spawn for every session (bash -lc + its program) to start. */
  startupAllowanceMs: number;
  /**
   * Streaming before the window opens (0: the window opens as soon as every session streams). The
   * first ~1,000 lines of a session fill its screen copy's scrollback, which allocates every line;
   * after that lines are recycled. A warm-up leaves that one-off cost out of the window.
   */
  warmupMs?: number;
  producer: 'feeder' | 'agent';
}

export interface RoundResult {
  sessions: number;
  producer: string;
  window: LoadSample;
  /** Spawn and start-up phase, before the window. */
  startup: LoadSample;
  machineCpuPercent: number | null;
  mbPerS: number;
  notStreaming: number;
  failedRuns: string[];
  produced: number;
  lost: number;
  /** Sessions whose raw log differs from what left the batcher or the producer's count, or whose screen copy missed the end. */
  pathMismatches: number;
  /** Largest backlog (bytes) the producer saw on one stream: > 0 means the engine fell behind reading. */
  maxBacklog: number | null;
  viewerBatchesPerS: number;
  viewerResets: number;
}

/**
 * N sessions, each a PtyAgentSession (bash -lc in a real pty) writing into a TerminalSession of one
 * TerminalRegistry (headless xterm copy + 8 ms batching + raw log), as the engine runs them.
 */
export async function runRound(o: RoundOptions): Promise<RoundResult> {
  const tmp = await tempDir(`terminals-${o.sessions}`);
  const dirs = { ws: path.join(tmp.path, 'ws'), logs: path.join(tmp.path, 'sessions'), prompts: path.join(tmp.path, 'prompts') };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  const registry = new TerminalRegistry({ rawLogDir: dirs.logs, logger: silentLogger() });
  const agents: PtyAgentSession[] = [];
  const runs: Array<Promise<Result<PtyRunOutcome>>> = [];
  const viewers: AckingViewer[] = [];
  const t0 = Date.now();
  const streamingDeadline = t0 + o.sessions * o.staggerMs + o.startupAllowanceMs;
  let producer: StreamProducer | null = null;
  try {
    producer = o.producer === 'agent' ? new AgentProducer(o.rateBytesPerS, streamingDeadline + o.windowMs) : await FeederProducer.create(tmp.path, o.sessions, o.rateBytesPerS);
    const startup = new LoadMeter();
    startup.start();
    for (let i = 0; i < o.sessions; i++) {
      const workspace = path.join(dirs.ws, `s${i}`);
      await mkdir(workspace);
      const { command, env } = producer.session(i);
      const agent = new PtyAgentSession({
        config: { command, cols: 120, rows: 32 },
        terminals: registry,
        promptDir: dirs.prompts,
        env: { ...process.env, ...env },
        logger: silentLogger(),
        newSessionId: () => `bench-${o.sessions}-${i}`,
      });
      agents.push(agent);
      runs.push(agent.run({ workspacePath: workspace, prompt: 'bench', issue: { id: `id-${i}`, identifier: `BENCH-${i}`, title: 'bench' } }));
      attachViewers(agents, viewers, o.visible);
      await sleep(Math.max(0, t0 + (i + 1) * o.staggerMs - Date.now()));
    }
    const offsets = () => agents.map((a) => a.terminal?.offset ?? 0);
    await producer.begin(streamingDeadline, () => {
      attachViewers(agents, viewers, o.visible);
      return offsets().every((n) => n >= STREAMING_MARK_CHARS);
    });
    attachViewers(agents, viewers, o.visible);
    const notStreaming = offsets().filter((n) => n < STREAMING_MARK_CHARS).length;
    const startupSample = startup.stop();
    await sleep(o.warmupMs ?? 0);

    const meter = new LoadMeter();
    const machine = new SystemCpu();
    await machine.start();
    const before = offsets().reduce((a, b) => a + b, 0);
    const batchesBefore = viewers.reduce((a, v) => a + v.batches, 0);
    meter.start();
    await sleep(Math.max(0, Math.min(o.windowMs, producer.latestWindowEnd - Date.now())));
    const window = meter.stop();
    const machineCpuPercent = await machine.stop();
    const windowChars = offsets().reduce((a, b) => a + b, 0) - before;
    const viewerBatches = viewers.reduce((a, v) => a + v.batches, 0) - batchesBefore;

    const feed = await producer.end();
    // Fake agents end their streams on their own, up to a start-up delay after the planned end.
    const streamsEndIn = Number.isFinite(producer.latestWindowEnd) ? Math.max(0, producer.latestWindowEnd - Date.now()) + o.startupAllowanceMs : 0;
    const waitMs = streamsEndIn + o.sessions * o.staggerMs + EXIT_GRACE_MS;
    const outcomes = await settleOrStop(runs, agents, waitMs);
    const failedRuns = outcomes.flatMap((r, i) => (r.ok ? [] : [`BENCH-${i}: ${r.error.code}`]));
    const emitted = agents.map((a) => a.terminal?.offset ?? 0);
    // Two lines: a fake agent prints FAKE_AGENT_DONE after its STREAM_DONE.
    const lastLines = agents.map((a) => a.terminal?.lastLines(2) ?? []);
    const logPaths = agents.map((a) => a.terminal?.rawLogPath ?? null);
    for (const viewer of viewers) viewer.dispose();
    await registry.dispose(); // closes (flushes) every raw log
    let produced = 0;
    let lost = 0;
    let pathMismatches = 0;
    for (const [i, logPath] of logPaths.entries()) {
      const check = logPath ? await checkRawLog(logPath) : null;
      produced += check?.produced ?? 0;
      lost += check && check.produced !== null ? check.lost : 0;
      const reported = feed.bytes?.[i];
      const consistent = check !== null && check.produced !== null && check.logChars === emitted[i] && (reported === undefined || reported === check.produced);
      // The screen copy parsed to the very end. A stream may stop inside an escape sequence (`ESC [`),
      // whose final byte is then the next printable char (CSI S, scroll up): the screen shows
      // `TREAM_DONE`, which is the terminal doing its job, not a lost byte (the raw log has the `S`).
      const screenEnded = check?.produced != null && (lastLines[i] ?? []).some((l) => l.endsWith(`TREAM_DONE bytes=${check.produced}`));
      if (!consistent || !screenEnded) pathMismatches++;
    }
    return {
      sessions: o.sessions,
      producer: producer.name,
      window,
      startup: startupSample,
      machineCpuPercent,
      mbPerS: windowChars / 1e6 / (window.wallMs / 1000),
      notStreaming,
      failedRuns,
      produced,
      lost,
      pathMismatches,
      maxBacklog: feed.maxBacklog,
      viewerBatchesPerS: viewerBatches / (window.wallMs / 1000),
      viewerResets: viewers.reduce((a, v) => a + v.resets, 0),
    };
  } finally {
    await Promise.all(agents.map((a) => a.dispose()));
    await producer?.dispose();
    for (const viewer of viewers) viewer.dispose();
    await registry.dispose();
    await tmp.cleanup();
  }
}

function attachViewers(agents: PtyAgentSession[], viewers: AckingViewer[], visible: number): void {
  while (viewers.length < Math.min(visible, agents.length)) {
    const terminal = agents[viewers.length]?.terminal;
    if (!terminal) return;
    const viewer = new AckingViewer();
    viewer.attach(terminal);
    viewers.push(viewer);
  }
}

/** Waits for every run to end; past `timeoutMs` the remaining agents are stopped (and reported as failed). */
async function settleOrStop(runs: Array<Promise<Result<PtyRunOutcome>>>, agents: PtyAgentSession[], timeoutMs: number): Promise<Array<Result<PtyRunOutcome>>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
  });
  const all = Promise.all(runs);
  if ((await Promise.race([all, timeout])) === 'timeout') await Promise.all(agents.map((a) => a.stop()));
  clearTimeout(timer);
  return all;
}
