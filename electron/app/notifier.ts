import type { Notification, NotificationConstructorOptions } from 'electron';
import type { NotificationText } from './bridge-args.js';

export interface NotificationApi {
  new (options: NotificationConstructorOptions): Notification;
  isSupported(): boolean;
}

/** Notifications still on screen are referenced until closed; far more than a screen shows. */
const MAX_LIVE = 50;

/**
 * Desktop notifications. Each one is kept referenced until closed: a collected Notification loses
 * its click handler. A click brings the window forward.
 */
export class Notifier {
  private readonly live = new Set<Notification>();

  constructor(
    private readonly api: NotificationApi,
    private readonly onClick: () => void,
  ) {}

  show(text: NotificationText): boolean {
    if (!this.api.isSupported()) return false;
    const notification = new this.api({ title: text.title, body: text.body });
    this.live.add(notification);
    if (this.live.size > MAX_LIVE) this.live.delete(this.live.values().next().value!);
    notification.on('click', () => this.onClick());
    notification.on('close', () => this.live.delete(notification));
    notification.show();
    return true;
  }
}
