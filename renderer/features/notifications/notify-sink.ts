import { navigate } from '../../lib/route.js';
import type { FleetNotification } from './notification-rules.js';
import { notificationApi, notificationChannel, notificationsEnabled } from './notification-prefs.js';

export type NotificationSink = (notification: FleetNotification) => void;

/**
 * Delivers through Electron's native notifications (the preload's `notify`) or the browser's
 * Notification API, only while enabled. A click on a browser notification brings the window
 * forward on the ticket or the queue.
 */
export function createNotificationSink(win: Window = window, go: typeof navigate = navigate): NotificationSink {
  return (n) => {
    if (!notificationsEnabled(win)) return;
    const channel = notificationChannel(win);
    if (channel === 'electron') {
      void win.baton!.notify(n.title, n.body).catch(() => undefined);
      return;
    }
    const Api = channel === 'browser' ? notificationApi(win) : null;
    if (!Api) return;
    try {
      const shown = new Api(n.title, { body: n.body, tag: n.key });
      shown.onclick = () => {
        win.focus();
        go(n.target);
        shown.close();
      };
    } catch {
      // Some browsers only allow notifications from a service worker; nothing more can be done here.
    }
  };
}
