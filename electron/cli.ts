import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseArgs } from './cli-args.js';
import { demoAgentScriptPath } from './demo/demo-workflow.js';
import { prepareDemo } from './demo/prepare-demo.js';
import { Engine } from './engine/engine.js';
import { createLogger, type Logger } from './engine/lib/logger.js';
import { chooseLogFormat, colorWanted, type LogFormat } from './engine/lib/pretty-log.js';
import { statePaths } from './engine/state-paths.js';
import { resolveWorkflowPath } from './engine/workflow/loader.js';

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<StopCause>;
  /** Watched with --exit-with-stdin (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** stderr is a terminal a person reads: logs default to pretty lines there. */
  stderrIsTty?: boolean;
  logger?: Logger;
  /** Run by the desktop app (--exit-with-stdin): stdout also carries the stop heartbeat. */
  supervised?: boolean;
}

export type StopCause = NodeJS.Signals | 'stdin-closed';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `baton` command. Returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(`baton: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  const cmd = parsed.value;
  if (cmd.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (cmd.command === 'version') {
    io.stdout(readVersion());
    return 0;
  }
  if (cmd.exitWithStdin) io = { ...io, supervised: true, stopSignal: Promise.race([io.stopSignal, stdinClosed(io.stdin ?? process.stdin)]) };
  if (cmd.command === 'demo') return demo(cmd.dir, cmd.port, cmd.logFormat, io);
  return serve(cmd.workflow, cmd.port, cmd.host, cmd.logFormat, io);
}

/** `baton demo`: a throwaway repository and board, then exactly what `baton serve` does with it. */
async function demo(dirArg: string | undefined, portArg: number | undefined, logFormat: LogFormat | undefined, io: CliIo): Promise<number> {
  const prepared = await prepareDemo({
    dir: dirArg === undefined ? null : path.resolve(io.cwd, dirArg),
    agentScript: demoAgentScriptPath(packageRoot),
    nodePath: process.execPath,
    env: io.env,
  });
  if (!prepared.ok) {
    io.stderr(`baton: cannot start the demo: ${prepared.error.message} (${prepared.error.code})`);
    return 1;
  }
  const { dir, created, seeded } = prepared.value;
  io.stderr(`Baton demo: ${created ? 'new' : 'reusing the'} demo repository at ${dir}${seeded > 0 ? ` with ${seeded} tickets` : ''} (scripted demo agent: no model, no API key)`);
  const code = await serve(prepared.value.workflowPath, portArg, undefined, logFormat, io);
  io.stderr(`Baton demo: the demo repository is left at ${dir} (see \`git log --all\` there); \`baton demo --dir ${dir}\` picks it up again.`);
  return code;
}

async function serve(workflowArg: string | undefined, portArg: number | undefined, hostArg: string | undefined, logFormat: LogFormat | undefined, io: CliIo): Promise<number> {
  const workflowPath = resolveWorkflowPath(workflowArg, io.cwd);
  if (!existsSync(workflowPath)) {
    io.stderr(`baton: workflow file not found: ${workflowPath}${workflowArg ? '' : ' (pass a path, or run where WORKFLOW.md is)'}`);
    return 1;
  }
  const tty = io.stderrIsTty ?? false;
  const logger =
    io.logger ?? createLogger({ file: path.join(statePaths(workflowPath).logs, 'engine.log'), format: chooseLogFormat(logFormat, tty), color: colorWanted(tty, io.env) });
  const rendererDir = path.join(packageRoot, 'dist', 'renderer');
  const created = await Engine.create({
    workflowPath,
    env: io.env,
    logger,
    staticDir: existsSync(path.join(rendererDir, 'index.html')) ? rendererDir : null,
  });
  if (!created.ok) {
    io.stderr(`baton: cannot start: ${created.error.message} (${created.error.code})`);
    return 1;
  }
  const engine = created.value;
  const config = engine.workflow.current().config;
  const started = await engine.start({ host: hostArg ?? config.server.host, port: portArg ?? config.server.port ?? 0 });
  if (!started.ok) {
    io.stderr(`baton: cannot start: ${started.error.message} (${started.error.code})`);
    await engine.dispose();
    return 1;
  }
  const url = new URL(started.value.url);
  url.pathname = '/';
  url.searchParams.set('token', started.value.token);
  io.stdout(`Baton listening on ${url.toString()}`);
  const signal = await io.stopSignal;
  logger.info({ signal }, 'shutting down');
  // Supervised (the desktop app): a heartbeat on stdout while agents are stopped. The app waits for
  // the clean exit as long as it hears it, and kills only an engine that went silent
  // (electron/app/engine-supervisor.ts). A person's terminal keeps its one banner line.
  const say = io.supervised ? io.stdout : () => undefined;
  say('Baton stopping');
  const heartbeat = io.supervised ? setInterval(() => say('Baton stopping (still working)'), STOP_HEARTBEAT_MS) : null;
  try {
    await engine.dispose();
  } finally {
    if (heartbeat) clearInterval(heartbeat);
  }
  say('Baton stopped');
  return 0;
}

/** How often a stopping engine says it is still at it; the desktop app's watchdog allows 10 s of silence. */
const STOP_HEARTBEAT_MS = 1_000;

/**
 * Resolves when the parent end of stdin goes away (EOF or close). The desktop app holds the pipe
 * open and never writes; if the app dies, the OS closes it and the engine stops its agents.
 */
function stdinClosed(stdin: NodeJS.ReadableStream): Promise<StopCause> {
  return new Promise((resolve) => {
    const done = () => resolve('stdin-closed');
    stdin.once('end', done);
    stdin.once('close', done);
    stdin.on('data', () => undefined);
    stdin.resume();
  });
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function processIo(): CliIo {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
    stderrIsTty: process.stderr.isTTY === true,
    stopSignal: new Promise<StopCause>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  };
}
