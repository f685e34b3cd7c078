import { useState } from 'react';
import { enableNotifications, notificationChannel, setNotificationsEnabled, useNotificationsEnabled } from './notification-prefs.js';

/** The header's bell: turning it on in a browser is the one place Baton asks for permission. */
export function NotificationToggle() {
  const enabled = useNotificationsEnabled();
  const [denied, setDenied] = useState(false);
  const channel = notificationChannel();
  const unsupported = channel === 'none';
  const title = unsupported
    ? 'This browser cannot show notifications'
    : denied
      ? 'The browser blocked notifications for this page (allow them in its site settings)'
      : enabled
        ? 'Notifications on: reviews, failures and questions. Click to turn off.'
        : 'Notify me of reviews, failures and questions';
  const toggle = async () => {
    if (enabled) {
      setNotificationsEnabled(false);
      return;
    }
    setDenied((await enableNotifications()) === 'denied');
  };
  return (
    <button
      type="button"
      className={`notify-toggle${enabled ? ' on' : ''}${denied ? ' denied' : ''}`}
      aria-pressed={enabled}
      aria-label={title}
      title={title}
      disabled={unsupported}
      onClick={() => void toggle()}
      data-testid="notify-toggle"
    >
      <BellIcon off={!enabled} />
    </button>
  );
}

/** Drawn, not an emoji: headless and minimal systems have no emoji font. */
function BellIcon({ off }: { off: boolean }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11L4 11z" />
      <path d="M6.5 14a1.5 1.5 0 0 0 3 0" />
      {off && <path d="M2 2l12 12" />}
    </svg>
  );
}
