import { useCallback, useRef } from 'react';

/** Space left above a file scrolled to (px): its section's top margin in diff.css. */
const SCROLL_GAP_PX = 8;

/**
 * Scrolling the diff pane to a file's section. A request for a section that is not mounted yet
 * (the long list still rendering) waits and runs when the section registers.
 */
export function useFileScroll() {
  const pane = useRef<HTMLDivElement | null>(null);
  const sections = useRef(new Map<string, HTMLElement>());
  const pending = useRef<string | null>(null);

  const flush = useCallback(() => {
    const path = pending.current;
    const element = path === null ? undefined : sections.current.get(path);
    if (element === undefined || pane.current === null) return;
    // The pane is the sections' offsetParent (position: relative): offsetTop is the scroll offset.
    pane.current.scrollTop = Math.max(0, element.offsetTop - SCROLL_GAP_PX);
    pending.current = null;
  }, []);

  const register = useCallback(
    (path: string, element: HTMLElement | null) => {
      if (element === null) sections.current.delete(path);
      else sections.current.set(path, element);
      if (element !== null && path === pending.current) flush();
    },
    [flush],
  );

  const scrollTo = useCallback(
    (path: string) => {
      pending.current = path;
      flush();
    },
    [flush],
  );

  return { pane, register, scrollTo };
}
