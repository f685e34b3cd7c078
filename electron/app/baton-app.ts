import { stat } from 'node:fs/promises';
import type { BridgeResult, EngineAddress, EngineStatus } from '../../shared/bridge/bridge-api.js';
import type { Disposable } from '../engine/lib/disposable.js';
import type { LaunchRequest } from './command-line.js';
import type { OwnOrigins } from './app-origin.js';
import { fetchWorkflowRoots, type FetchLike } from './engine-roots.js';
import type { EngineSupervisor } from './engine-supervisor.js';
import type { MainWindow } from './main-window.js';
import type { RecentWorkflows } from './recent-workflows.js';
import type { WorkflowDialogs } from './workflow-dialogs.js';

export interface BatonAppOptions {
  supervisor: EngineSupervisor;
  window: MainWindow;
  origins: OwnOrigins;
  recents: RecentWorkflows;
  dialogs: WorkflowDialogs;
  fetch: FetchLike;
}

/**
 * What the window shows and which engine it talks to: one supervised engine (a workflow or the
 * demo), or an engine started elsewhere that Baton attached to. Every status change updates the
 * trusted engine origin, the page, and the renderer's status line — in that order, so a page is
 * never loaded from an origin main does not trust.
 */
export class BatonApp implements Disposable {
  private attached: { address: EngineAddress; status: EngineStatus } | null = null;
  private address: EngineAddress | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: BatonAppOptions) {
    this.unsubscribe = o.supervisor.onStatus((status) => {
      if (!this.attached) this.apply(status);
    });
  }

  get status(): EngineStatus {
    return this.attached?.status ?? this.o.supervisor.status;
  }

  /** The address of the engine the window may talk to, while it runs. */
  get engine(): EngineAddress | null {
    return this.status.state === 'running' ? this.address : null;
  }

  /** Shows the window on whatever is current (first launch, or macOS re-activation). */
  show(): void {
    this.o.window.ensure();
    this.apply(this.status);
  }

  /** Brings the window forward (a second launch, a notification click). */
  focus(): void {
    this.show();
    this.o.window.focus();
  }

  /**
   * Opens what a launch, a second launch or the first-run screen asked for. Returns once the engine
   * is starting (its progress and failures arrive as status); stopping a running engine is confirmed.
   */
  async open(request: LaunchRequest): Promise<BridgeResult> {
    if (request.kind === 'none') return { ok: true };
    if (request.kind === 'workflow' && !(await isFile(request.workflowPath))) {
      return { ok: false, error: `no workflow file at ${request.workflowPath}` };
    }
    if (this.alreadyServing(request)) return { ok: true };
    const next = request.kind === 'workflow' ? request.workflowPath : request.kind === 'demo' ? 'the demo' : request.address.url;
    if (!(await this.confirmLeaving(next))) return { ok: false, error: 'cancelled' };
    if (request.kind === 'attach') return this.attach(request.address);
    this.attached = null;
    if (request.kind === 'workflow') {
      await this.o.recents.add(request.workflowPath);
      void this.o.supervisor.start({ kind: 'workflow', workflowPath: request.workflowPath });
    } else {
      void this.o.supervisor.start({ kind: 'demo' });
    }
    return { ok: true };
  }

  /** Starts the last engine again (after it stopped), or re-checks an attached one. */
  async restart(): Promise<BridgeResult> {
    if (this.attached) return this.attach(this.attached.address);
    const launch = this.o.supervisor.lastLaunch;
    if (!launch) return { ok: false, error: 'no workflow has been opened yet' };
    void this.o.supervisor.start(launch);
    return { ok: true };
  }

  /** Stops the supervised engine (an attached one is not ours to stop). */
  async dispose(): Promise<void> {
    this.unsubscribe();
    await this.o.supervisor.stop();
  }

  private async attach(address: EngineAddress): Promise<BridgeResult> {
    await this.o.supervisor.stop();
    this.attached = { address, status: { state: 'starting', target: address.url } };
    this.apply(this.attached.status);
    const probe = await fetchWorkflowRoots(this.o.fetch, address);
    if (this.attached?.address !== address) return { ok: false, error: 'cancelled' };
    this.attached.status = probe.ok
      ? { state: 'running', target: address.url, url: address.url }
      : { state: 'stopped', target: address.url, reason: `cannot attach: ${probe.error.message}`, stderrTail: '' };
    this.address = probe.ok ? address : null;
    this.apply(this.attached.status);
    return probe.ok ? { ok: true } : { ok: false, error: probe.error.message };
  }

  /** Opening what already runs (a second launch on the same repository) changes nothing. */
  private alreadyServing(request: LaunchRequest): boolean {
    if (this.attached) return request.kind === 'attach' && request.address.url === this.attached.address.url && this.attached.status.state === 'running';
    const current = this.o.supervisor.status;
    if (current.state === 'idle' || current.state === 'stopped') return false;
    return (request.kind === 'workflow' && current.target === request.workflowPath) || (request.kind === 'demo' && current.target === 'demo');
  }

  private async confirmLeaving(next: string): Promise<boolean> {
    if (this.attached) return true;
    const current = this.o.supervisor.status;
    if (current.state === 'idle' || current.state === 'stopped') return true;
    return this.o.dialogs.confirmSwitch(current.target === 'demo' ? 'the demo' : current.target, next);
  }

  private apply(status: EngineStatus): void {
    if (status.state === 'running' && !this.attached) this.address = this.o.supervisor.address;
    this.o.origins.setEngine(status.state === 'running' ? status.url : null);
    if (status.state === 'running') this.o.window.showEngine(status.url);
    else if (status.state === 'idle' || status.state === 'stopped') this.o.window.showFirstRun();
    this.o.window.push(status);
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
