import path from 'node:path';

/** What the supervised engine serves: a repository's WORKFLOW.md, or `baton demo`'s throwaway one. */
export type EngineLaunch = { kind: 'workflow'; workflowPath: string } | { kind: 'demo' };

export interface EngineCommandPaths {
  /** Electron's own binary, run as Node (ELECTRON_RUN_AS_NODE=1). */
  execPath: string;
  /** bin/baton.js of the app (dist/electron/cli.js only exports `main`). */
  cliPath: string;
  /** Working directory of `baton demo`, which makes its own repository elsewhere. */
  demoCwd: string;
}

export interface EngineCommand {
  command: string;
  args: string[];
  cwd: string;
  /** What the status line names: the workflow path, or `demo`. */
  target: string;
}

/**
 * The command line of the engine. `--host 127.0.0.1` overrides a WORKFLOW.md `server.host`: the
 * desktop app only ever talks to a loopback engine. `--port 0` takes a free port, so two Baton
 * windows or a `baton serve` in a terminal never collide. `--exit-with-stdin` ties the engine to
 * this process: the supervisor holds its stdin open, and if the app dies the engine stops its agents.
 */
export function engineCommand(launch: EngineLaunch, paths: EngineCommandPaths): EngineCommand {
  if (launch.kind === 'demo') {
    return { command: paths.execPath, args: [paths.cliPath, 'demo', '--port', '0', '--exit-with-stdin'], cwd: paths.demoCwd, target: 'demo' };
  }
  return {
    command: paths.execPath,
    args: [paths.cliPath, 'serve', launch.workflowPath, '--host', '127.0.0.1', '--port', '0', '--exit-with-stdin'],
    // A bare relative workspace.root resolves against the engine's cwd: make that the workflow's folder.
    cwd: path.dirname(launch.workflowPath),
    target: launch.workflowPath,
  };
}

/** The engine's environment: ours, plus the switch that makes Electron's binary behave as Node. */
export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, ELECTRON_RUN_AS_NODE: '1' };
}
