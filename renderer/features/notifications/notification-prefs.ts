import { useSyncExternalStore } from 'react';

/**
 * Whether Baton may notify, kept in localStorage so a reload keeps the choice. In Electron the
 * default is on (native notifications need no permission); in a browser it is off until the person
 * turns it on, which is also the only moment the browser's permission prompt may appear.
 */
const STORAGE_KEY = 'baton.notifications';
/** Fired on the window when the preference changes in this tab ('storage' covers other tabs). */
const CHANGE_EVENT = 'baton:notifications-changed';

export type NotificationChannel = 'electron' | 'browser' | 'none';

/** The browser's Notification constructor, absent in some browsers and embedded views. */
export function notificationApi(win: Window): typeof Notification | null {
  return (win as Window & { Notification?: typeof Notification }).Notification ?? null;
}

export function notificationChannel(win: Window = window): NotificationChannel {
  if (win.baton?.notify) return 'electron';
  if (notificationApi(win)) return 'browser';
  return 'none';
}

export function notificationsEnabled(win: Window = window): boolean {
  const channel = notificationChannel(win);
  if (channel === 'none') return false;
  let stored: string | null = null;
  try {
    stored = win.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy settings); fall back to the default.
  }
  if (stored === 'on' || stored === 'off') {
    return stored === 'on' && (channel === 'electron' || notificationApi(win)?.permission === 'granted');
  }
  return channel === 'electron';
}

export function setNotificationsEnabled(enabled: boolean, win: Window = window): void {
  try {
    win.localStorage.setItem(STORAGE_KEY, enabled ? 'on' : 'off');
  } catch {
    // Not persisted; the choice still holds until the next reload through the event below.
  }
  win.dispatchEvent(new Event(CHANGE_EVENT));
}

/**
 * Turns notifications on; in a browser asks for permission first (this must run from a click).
 * Returns the resulting state, or 'denied' when the browser refused.
 */
export async function enableNotifications(win: Window = window): Promise<'on' | 'denied'> {
  const api = notificationChannel(win) === 'browser' ? notificationApi(win) : null;
  if (api && api.permission !== 'granted') {
    const permission = await api.requestPermission();
    if (permission !== 'granted') return 'denied';
  }
  setNotificationsEnabled(true, win);
  return 'on';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

export function useNotificationsEnabled(): boolean {
  return useSyncExternalStore(subscribe, () => notificationsEnabled());
}
