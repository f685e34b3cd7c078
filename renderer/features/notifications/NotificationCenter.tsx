import { useEffect } from 'react';
import { fleetStore } from '../../stores/fleet-store.js';
import { Notifier } from './notifier.js';
import { createNotificationSink } from './notify-sink.js';

/** Mounted once in the app: turns store changes into OS notifications. Renders nothing. */
export function NotificationCenter() {
  useEffect(() => new Notifier(fleetStore(), createNotificationSink()).start(), []);
  return null;
}
