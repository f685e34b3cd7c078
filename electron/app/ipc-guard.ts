import type { Disposable } from '../engine/lib/disposable.js';

/** What main needs to know about the frame that sent a message (Electron's WebFrameMain). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export interface IpcEventLike {
  readonly sender: unknown;
  readonly senderFrame: SenderFrame | null;
}

export interface SyncIpcEventLike extends IpcEventLike {
  returnValue: unknown;
}

/** The part of Electron's ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: SyncIpcEventLike, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: SyncIpcEventLike, ...args: unknown[]) => void): unknown;
}

export interface SenderPolicy {
  /** The frame's URL is one of ours (checked per message: the engine's origin changes on restart). */
  isOwnUrl(url: string): boolean;
  /** The sender is the webContents of a window main created. */
  isOwnContents(sender: unknown): boolean;
}

/**
 * Why a message must be refused, or null when it may be handled. Like VS Code's validatedIpcMain:
 * the frame must still exist, be the top-level frame (no iframe, however it got there), show one
 * of our origins, and belong to our own window.
 */
export function senderProblem(event: IpcEventLike, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'only the top-level frame may call main';
  if (!policy.isOwnUrl(frame.url)) return `the sender ${frame.url || '(no URL)'} is not one of the app's origins`;
  if (!policy.isOwnContents(event.sender)) return 'the sender is not a Baton window';
  return null;
}

export type InvokeHandler = (args: unknown[], event: IpcEventLike) => unknown;

/**
 * ipcMain with the sender checked on every message. Refused invokes reject (Electron passes only
 * the message across); refused sync messages answer null.
 */
export class ValidatedIpc implements Disposable {
  private readonly handled: string[] = [];
  private readonly listeners: Array<[string, (event: SyncIpcEventLike, ...args: unknown[]) => void]> = [];

  constructor(
    private readonly ipcMain: IpcMainLike,
    private readonly policy: SenderPolicy,
    private readonly onRefused: (channel: string, reason: string) => void = () => undefined,
  ) {}

  handle(channel: string, handler: InvokeHandler): void {
    this.ipcMain.handle(channel, (event, ...args) => {
      const problem = senderProblem(event, this.policy);
      if (problem) {
        this.onRefused(channel, problem);
        throw new Error(`refused: ${problem}`);
      }
      return handler(args, event);
    });
    this.handled.push(channel);
  }

  onSync(channel: string, handler: (args: unknown[], event: IpcEventLike) => unknown): void {
    const listener = (event: SyncIpcEventLike, ...args: unknown[]): void => {
      const problem = senderProblem(event, this.policy);
      if (problem) {
        this.onRefused(channel, problem);
        event.returnValue = null;
        return;
      }
      event.returnValue = handler(args, event);
    };
    this.ipcMain.on(channel, listener);
    this.listeners.push([channel, listener]);
  }

  dispose(): void {
    for (const channel of this.handled.splice(0)) this.ipcMain.removeHandler(channel);
    for (const [channel, listener] of this.listeners.splice(0)) this.ipcMain.removeListener(channel, listener);
  }
}
