import { access, mkdtemp, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../engine/lib/clock.js';
import { silentLogger, type Logger } from '../engine/lib/logger.js';
import { err, errorMessage, ok, type Result } from '../engine/lib/result.js';
import { createTracker } from '../engine/tracker/create-tracker.js';
import { buildServiceConfig } from '../engine/workflow/config.js';
import { loadWorkflowFile, WORKFLOW_FILE_NAME } from '../engine/workflow/loader.js';
import { execGit, type GitExec } from '../engine/lib/git/git-exec.js';
import { createDemoRepo, inspectDemoDir, repointDemoAgent } from './demo-repo.js';
import { demoAgentCommand, demoChecksCommand } from './demo-workflow.js';
import { seedDemoTickets } from './seed-tickets.js';

export interface DemoOptions {
  /** Absolute directory for the demo; null makes a new one under `tmpDir`. */
  dir: string | null;
  /** Absolute path of resources/demo-agent/demo-agent.mjs. */
  agentScript: string;
  /** The Node (or Electron-as-Node) binary that runs the agent: `process.execPath`. */
  nodePath: string;
  env: NodeJS.ProcessEnv;
  /** Parent of a new demo directory (default: the OS temp directory). */
  tmpDir?: string;
  git?: GitExec;
  clock?: Clock;
  logger?: Logger;
}

export interface PreparedDemo {
  /** The demo's git repository; it is left in place when Baton stops. */
  dir: string;
  workflowPath: string;
  /** False when `dir` held an earlier demo that is reused as it is. */
  created: boolean;
  /** Tickets created now: 0 when the board already had tickets. */
  seeded: number;
}

/**
 * `baton demo` before the engine starts: a repository with a small project and a WORKFLOW.md that
 * runs the scripted demo agent, and a seeded board. An earlier demo is reused without re-seeding.
 * Codes: `demo_agent_missing`, `demo_dir_in_use`, `demo_dir_unavailable`, `demo_setup_failed`,
 * plus the workflow and tracker codes of a demo WORKFLOW.md that no longer loads.
 */
export async function prepareDemo(options: DemoOptions): Promise<Result<PreparedDemo>> {
  const git = options.git ?? execGit;
  try {
    await access(options.agentScript);
  } catch {
    return err('demo_agent_missing', `the demo agent is missing: ${options.agentScript} (is this a complete Baton install?)`);
  }
  const dir = await demoDir(options);
  if (!dir.ok) return dir;
  const kind = await inspectDemoDir(dir.value, options.env);
  if (!kind.ok) return kind;
  const command = { agent: demoAgentCommand(options.nodePath, options.agentScript), checks: demoChecksCommand(options.nodePath) };
  const made = kind.value === 'new' ? await createDemoRepo(dir.value, command, git) : await repointDemoAgent(dir.value, command);
  if (!made.ok) return made;
  const workflowPath = path.join(dir.value, WORKFLOW_FILE_NAME);
  const seeded = await seedIfEmpty(workflowPath, options);
  if (!seeded.ok) return seeded;
  return ok({ dir: dir.value, workflowPath, created: kind.value === 'new', seeded: seeded.value });
}

async function demoDir(options: DemoOptions): Promise<Result<string>> {
  try {
    // realpath: on macOS the temp dir is a symlink, and worktree paths are compared resolved.
    if (options.dir !== null) return ok(await realpath(options.dir).catch(() => path.resolve(options.dir!)));
    return ok(await realpath(await mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'baton-demo-'))));
  } catch (e) {
    return err('demo_dir_unavailable', `cannot create a demo directory: ${errorMessage(e)}`);
  }
}

/** Seeds the board unless it already has tickets (an earlier demo, or a seed that completed). */
async function seedIfEmpty(workflowPath: string, options: DemoOptions): Promise<Result<number>> {
  const def = await loadWorkflowFile(workflowPath);
  if (!def.ok) return def;
  const config = buildServiceConfig(def.value, options.env);
  if (!config.ok) return config;
  const tracker = createTracker(config.value, { clock: options.clock ?? systemClock, logger: options.logger ?? silentLogger() });
  if (!tracker.ok) return tracker;
  try {
    const writer = tracker.value.writer;
    if (!writer) return err('demo_setup_failed', `the demo's tracker (${tracker.value.kind}) cannot be written to`);
    const existing = await writer.listIssues();
    if (!existing.ok) return existing;
    if (existing.value.length > 0) return ok(0);
    const created = await seedDemoTickets(writer);
    return created.ok ? ok(created.value.length) : created;
  } finally {
    await tracker.value.dispose();
  }
}
