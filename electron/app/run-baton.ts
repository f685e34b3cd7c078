import type { App, BrowserWindow, BrowserWindowConstructorOptions, Dialog, IpcMain, Protocol, Session, Shell } from 'electron';
import path from 'node:path';
import { systemClock, type Clock } from '../engine/lib/clock.js';
import { contentSecurityPolicy } from '../engine/server/static-headers.js';
import { APP_SCHEME, OwnOrigins } from './app-origin.js';
import { createAppProtocolHandler } from './app-protocol.js';
import { BatonApp } from './baton-app.js';
import { openExternalSafely, registerBridge } from './bridge-ipc.js';
import { attachEngineToken } from './engine-auth-header.js';
import { parseCommandLine, type LaunchRequest } from './command-line.js';
import type { FetchLike } from './engine-roots.js';
import { EngineSupervisor, type SpawnEngine } from './engine-supervisor.js';
import { ValidatedIpc, type IpcMainLike } from './ipc-guard.js';
import { MainWindow } from './main-window.js';
import { Notifier, type NotificationApi } from './notifier.js';
import { RecentWorkflows } from './recent-workflows.js';
import { denyAllPermissions, enforceCsp } from './window-security.js';
import { WorkflowDialogs } from './workflow-dialogs.js';

/** The Electron modules main uses, passed in so tests can hand over fakes. */
export interface ElectronApi {
  app: App;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  dialog: Dialog;
  ipcMain: IpcMain;
  Notification: NotificationApi;
  protocol: Protocol;
  session: { defaultSession: Session };
  shell: Shell;
}

export interface BatonEnvironment {
  /** Where package.json lives (app.getAppPath()): bin/, dist/ and resources/ are under it. */
  appRoot: string;
  /** The compiled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  execPath: string;
  env: NodeJS.ProcessEnv;
  spawn: SpawnEngine;
  fetch: FetchLike;
  clock?: Clock;
  log?: (message: string) => void;
}

/**
 * Builds the app once Electron is ready: the engine supervisor, the window and its security
 * policies, the bridge's IPC handlers, and opens what the command line asked for.
 */
export function startBaton(electron: ElectronApi, env: BatonEnvironment, launch: LaunchRequest): BatonApp {
  const log = env.log ?? ((message: string) => console.warn(`[baton] ${message}`));
  const ses = electron.session.defaultSession;
  const origins = new OwnOrigins();
  denyAllPermissions(ses);
  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(env.appRoot, 'dist', 'renderer')));
  enforceCsp(ses, (url) => (origins.isEngine(url) ? contentSecurityPolicy(new URL(url).host) : null));

  const window = new MainWindow({
    createWindow: (options) => new electron.BrowserWindow(options),
    preloadPath: env.preloadPath,
    navigation: {
      isOwnUrl: (url) => origins.has(url),
      openExternal: (url) => void openExternalSafely(electron.shell, url),
    },
    log,
  });
  const supervisor = new EngineSupervisor({
    spawn: env.spawn,
    clock: env.clock ?? systemClock,
    env: env.env,
    paths: { execPath: env.execPath, cliPath: path.join(env.appRoot, 'bin', 'baton.js'), demoCwd: electron.app.getPath('temp') },
  });
  const recents = new RecentWorkflows(path.join(electron.app.getPath('userData'), 'recent-workflows.json'));
  const dialogs = new WorkflowDialogs(electron.dialog, () => window.window);
  const baton = new BatonApp({ supervisor, window, origins, recents, dialogs, fetch: env.fetch });
  // The page never holds the engine's token: main adds it to the page's requests to the engine.
  attachEngineToken(ses, () => baton.engine);
  const ipc = new ValidatedIpc(electron.ipcMain as unknown as IpcMainLike, {
    isOwnUrl: (url) => origins.has(url),
    isOwnContents: (sender) => window.owns(sender),
  }, (channel, reason) => log(`refused IPC on ${channel}: ${reason}`));
  registerBridge(ipc, {
    app: baton,
    origins,
    recents,
    dialogs,
    notifier: new Notifier(electron.Notification, () => window.focus()),
    shell: electron.shell,
    fetch: env.fetch,
    templatePath: path.join(env.appRoot, 'resources', 'templates', 'WORKFLOW.md'),
  });
  baton.show();
  void baton.open(launch);
  return baton;
}

/** The launch request of a second instance: its own arguments, resolved against its own cwd. */
export function secondInstanceRequest(additionalData: unknown, argv: readonly string[], cwd: string, defaultApp: boolean): LaunchRequest {
  const data = additionalData as { args?: unknown; cwd?: unknown } | null;
  const fromData = data && Array.isArray(data.args) && data.args.every((a) => typeof a === 'string') && typeof data.cwd === 'string';
  const parsed = fromData
    ? parseCommandLine(data.args as string[], data.cwd as string)
    : parseCommandLine(argv.slice(defaultApp ? 2 : 1), cwd);
  return parsed.ok ? parsed.value : { kind: 'none' };
}
