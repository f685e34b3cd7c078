import { toast } from 'sonner';

/** Toasts stay this long (ms): long enough to read an engine message, short enough not to pile up. */
export const ERROR_TOAST_MS = 8_000;

/** A refused move, as a toast: what failed, and the engine's reason. */
export function notifyMoveError(title: string, detail: string): void {
  toast.error(title, { description: detail, duration: ERROR_TOAST_MS });
}
