import type { FleetStore } from '../../stores/fleet-store.js';
import { notificationsFor, type FleetNotification } from './notification-rules.js';
import type { NotificationSink } from './notify-sink.js';

/** How many delivered keys are remembered; far more than a session's worth of events. */
const MEMORY = 2_000;

/**
 * Watches the store and delivers each notification once: the rules compare consecutive states,
 * and the keys already delivered are remembered so a resync or a repeated push cannot repeat one.
 */
export class Notifier {
  private readonly delivered = new Set<string>();

  constructor(
    private readonly store: FleetStore,
    private readonly sink: NotificationSink,
  ) {}

  start(): () => void {
    return this.store.subscribe((next, prev) => {
      for (const n of notificationsFor(prev, next)) this.deliver(n);
    });
  }

  private deliver(n: FleetNotification): void {
    if (this.delivered.has(n.key)) return;
    this.delivered.add(n.key);
    if (this.delivered.size > MEMORY) this.delivered.delete(this.delivered.values().next().value!);
    this.sink(n);
  }
}
