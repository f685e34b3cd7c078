import type { Shell } from 'electron';
import { BRIDGE_CHANNELS, BRIDGE_EVENTS, type BridgeResult } from '../../shared/bridge/bridge-api.js';
import { errorMessage } from '../engine/lib/result.js';
import type { OwnOrigins } from './app-origin.js';
import type { BatonApp } from './baton-app.js';
import { checkAbsolutePath, checkExternalUrl, checkNotification } from './bridge-args.js';
import { fetchWorkflowRoots, type FetchLike } from './engine-roots.js';
import type { InvokeHandler, ValidatedIpc } from './ipc-guard.js';
import type { Notifier } from './notifier.js';
import { resolveInsideRoots } from './path-guard.js';
import type { RecentWorkflows } from './recent-workflows.js';
import type { WorkflowDialogs } from './workflow-dialogs.js';
import { workflowFromTemplate } from './workflow-template.js';

export type ShellLike = Pick<Shell, 'openExternal' | 'openPath' | 'showItemInFolder'>;

export interface BridgeServices {
  app: BatonApp;
  origins: OwnOrigins;
  recents: RecentWorkflows;
  dialogs: WorkflowDialogs;
  notifier: Notifier;
  shell: ShellLike;
  fetch: FetchLike;
  /** resources/templates/WORKFLOW.md of the app. */
  templatePath: string;
}

/**
 * One handler per BRIDGE_CHANNELS entry (and the preload's synchronous address query), every one
 * behind the sender check of ValidatedIpc and with its arguments checked here: the renderer shows
 * agent output, so main treats whatever it sends as untrusted.
 */
export function registerBridge(ipc: ValidatedIpc, s: BridgeServices): void {
  // Only the engine's own page learns where the engine is, and never its token (main attaches that
  // to the page's requests: engine-auth-header.ts); the first-run page gets null.
  ipc.onSync(BRIDGE_EVENTS.engineAddress, (_args, event) => {
    const engine = s.app.engine;
    return engine && event.senderFrame && s.origins.isEngine(event.senderFrame.url) ? { url: engine.url } : null;
  });
  const handlers: Record<keyof typeof BRIDGE_CHANNELS, InvokeHandler> = {
    notify: (args) => {
      arity(args, 2);
      const text = checkNotification(args[0], args[1]);
      if (!text.ok) throw new Error(text.error.message);
      s.notifier.show(text.value);
    },
    openPath: (args) => {
      arity(args, 1);
      return openPath(s, args[0]);
    },
    chooseWorkflow: async (args) => {
      arity(args, 0);
      const chosen = await s.dialogs.chooseWorkflowFile();
      if (chosen === null) return null;
      return (await s.app.open({ kind: 'workflow', workflowPath: chosen })).ok ? chosen : null;
    },
    openExternal: (args) => {
      arity(args, 1);
      return openExternalSafely(s.shell, args[0]);
    },
    onEngineStatus: (args) => {
      arity(args, 0);
      return s.app.status;
    },
    recentWorkflows: (args) => {
      arity(args, 0);
      return s.recents.list();
    },
    openRecent: async (args) => {
      arity(args, 1);
      const candidate = args[0];
      if (typeof candidate !== 'string' || !(await s.recents.has(candidate))) return fail('not one of the recent workflows');
      return s.app.open({ kind: 'workflow', workflowPath: candidate });
    },
    createFromTemplate: async (args) => {
      arity(args, 0);
      const dir = await s.dialogs.chooseRepositoryFolder();
      if (dir === null) return null;
      const created = await workflowFromTemplate(dir, s.templatePath);
      if (!created.ok) return fail(created.error.message);
      return s.app.open({ kind: 'workflow', workflowPath: created.value });
    },
    startDemo: (args) => {
      arity(args, 0);
      return s.app.open({ kind: 'demo' });
    },
    restartEngine: (args) => {
      arity(args, 0);
      return s.app.restart();
    },
  };
  for (const key of Object.keys(BRIDGE_CHANNELS) as Array<keyof typeof BRIDGE_CHANNELS>) {
    ipc.handle(BRIDGE_CHANNELS[key], handlers[key]);
  }
}

/** Opens an https link in the default browser; anything else is refused (see checkExternalUrl). */
export async function openExternalSafely(shell: ShellLike, value: unknown): Promise<BridgeResult> {
  const url = checkExternalUrl(value);
  if (!url.ok) return fail(url.error.message);
  try {
    await shell.openExternal(url.value);
    return { ok: true };
  } catch (e) {
    return fail(`could not open the link: ${errorMessage(e)}`);
  }
}

/**
 * Reveals a path inside the workflow's folder or the workspace root. A folder opens in the file
 * manager; a file is only shown in its folder, never opened: a worktree's files are written by an
 * agent, and opening one could run it.
 */
async function openPath(s: BridgeServices, value: unknown): Promise<BridgeResult> {
  const candidate = checkAbsolutePath(value);
  if (!candidate.ok) return fail(candidate.error.message);
  const address = s.app.engine;
  if (!address) return fail('no engine is running');
  const roots = await fetchWorkflowRoots(s.fetch, address);
  if (!roots.ok) return fail(roots.error.message);
  const allowed = await resolveInsideRoots(candidate.value, roots.value.roots);
  if (!allowed.ok) return fail(allowed.error.message);
  if (!allowed.value.isDirectory) {
    s.shell.showItemInFolder(allowed.value.path);
    return { ok: true };
  }
  const problem = await s.shell.openPath(allowed.value.path);
  return problem === '' ? { ok: true } : fail(problem);
}

function arity(args: unknown[], expected: number): void {
  if (args.length !== expected) throw new Error(`expected ${expected} argument(s), got ${args.length}`);
}

function fail(error: string): BridgeResult {
  return { ok: false, error };
}
