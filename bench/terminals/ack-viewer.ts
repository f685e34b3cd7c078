import type { TerminalSession } from '../../electron/engine/terminals/terminal-session.js';
import type { Subscription, TerminalBatch, TerminalClient, TerminalSnapshot } from '../../electron/engine/terminals/terminal-types.js';

/**
 * A terminal on screen, as the renderer would be: subscribed visible, acking each batch on the next
 * turn of the loop (the renderer acks from xterm's write callback, after parsing, not on receipt).
 * It counts what it got and how often flow control had to reset it.
 */
export class AckingViewer implements TerminalClient {
  batches = 0;
  chars = 0;
  resets = 0;
  private subscription: Subscription | null = null;

  attach(terminal: TerminalSession): void {
    this.subscription = terminal.subscribe(this, { visible: true });
  }

  send(batch: TerminalBatch): void {
    this.batches++;
    this.chars += batch.data.length;
    const chars = batch.data.length;
    setImmediate(() => this.subscription?.ack(chars));
  }

  onReset(_snapshot: TerminalSnapshot): void {
    this.resets++;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.subscription = null;
  }
}
