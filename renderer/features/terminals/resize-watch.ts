/**
 * How long a container must keep its size before the terminal is refitted (ms). Dragging a window
 * edge fires dozens of resizes a second; each refit resizes the pty, and the program then redraws
 * the whole screen (a TUI agent) or the shell reflows. 100 ms settles a drag into one or two resizes
 * and is below what a person notices after letting go.
 */
export const RESIZE_DEBOUNCE_MS = 100;

/** Calls `onSettled` once the element's size stopped changing; returns the stop function. */
export function watchSize(element: HTMLElement, onSettled: () => void, debounceMs = RESIZE_DEBOUNCE_MS): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const observer = new ResizeObserver(() => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onSettled();
    }, debounceMs);
  });
  observer.observe(element);
  return () => {
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
}
